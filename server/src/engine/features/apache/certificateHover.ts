// Hover on the file argument of a mod_ssl directive (SSLCertificateFile, SSLCertificateKeyFile,
// SSLCertificateChainFile, SSLCACertificateFile, SSLProxyCACertificateFile, SSLProxyMachineCertificate*,
// SSLOpenSSLConfCmd DHParameters): what the file holds, resolved as httpd resolves it (ServerRoot of the
// root that includes the file, `${VAR}` expanded, tlslint.pathMappings). Shares its rendering with nginx.

import type { Position } from '../../types';
import { rangeContains } from '../../types';
import type { Workspace } from '../../model/workspace';
import { guessApacheServerRoot } from '../../model/apache/support';
import { apacheFileArgOf } from '../../model/apache/files';
import { fileArgumentHover } from '../certificateHover';
import { nodeAt } from '../nodeAt';
import type { HoverResult } from '../hover';

export function apacheCertificateHover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const parsed = ws.parsed(file);
  if (!parsed || parsed.dialect !== 'apache') return undefined;
  const d = nodeAt(parsed, pos)?.directive;
  if (!d) return undefined;
  // The directive as the first root that reaches it sees it (ServerRoot, Defines); a file no root
  // reaches is resolved against the ServerRoot guessed from its location.
  const item = ws.itemsOf.get(d)?.[0];
  const f = apacheFileArgOf(d, item?.ctx.root);
  if (!f || !rangeContains(f.arg.range, pos)) return undefined;
  const prefix = item?.ctx.root.prefix ?? guessApacheServerRoot(ws.fs, file);
  return fileArgumentHover(ws, d, f.arg, f.kind, prefix, 'The path holds a `${VAR}` with no known value (Define or environment): tlslint cannot read the file.');
}
