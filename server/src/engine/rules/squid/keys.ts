// Whether a certificate file also holds a private key: Squid reads the key from the tls-cert= file when
// no tls-key= follows it. Only the PEM block labels are looked at here; key material stays unread (the
// key-match check reads it once, through certificateSites, to compare it with the certificate).

import type { Workspace } from '../../model/workspace';
import type { FileSite } from '../certificateSites';

/** true / false for a readable file; undefined when the path is not checkable (missing, macro, directory). */
export function keyInCertificateFile(ws: Workspace, site: FileSite): boolean | undefined {
  const r = site.resolution;
  if (r.kind !== 'file') return undefined;
  const st = ws.fs.stat(r.path);
  if (!st?.isFile) return undefined;
  const text = ws.fs.readFile(r.path);
  if (text === undefined) return undefined;
  return /-----BEGIN (?:[A-Z0-9]+ )?(?:ENCRYPTED )?PRIVATE KEY-----/.test(text);
}

export function hasKeyBlock(ws: Workspace, site: FileSite): boolean {
  return keyInCertificateFile(ws, site) === true;
}
