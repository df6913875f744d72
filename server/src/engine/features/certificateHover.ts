// Hover on the file argument of a certificate-like nginx directive: what the file holds. Certificates:
// subject, names, issuer chain, validity with days left, key, signature, SHA-256 fingerprint, and the
// problems seen. Keys: type and size only — never any key material. DH parameters: prime size.

import type { Position } from '../types';
import { rangeContains } from '../types';
import type { Workspace } from '../model/workspace';
import { guessNginxPrefix } from '../model/workspace';
import { NGINX_FILE_KINDS, checkKeyFile, loadCertificates, loadDhParams, resolveConfigPath, type FileKind, type PathResolution } from '../model/configFiles';
import type { Arg, Directive } from '../syntax/tree';
import { checkChain, validityAt, type CertificateInfo } from '../tls/x509/certificate';
import { nodeAt } from './nodeAt';
import type { HoverResult } from './hover';

const MAX_CERTS = 6;
const MAX_NAMES = 12;

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function keyText(c: CertificateInfo): string {
  const k = c.publicKey;
  if (k.type === 'ec') return `EC ${k.curveNist ?? k.curve ?? ''} (${k.bits ?? '?'} bits)`.replace('  ', ' ');
  return `${k.type.toUpperCase()}${k.bits ? ` ${k.bits} bits` : ''}`;
}

function certificateLines(c: CertificateInfo, index: number, now: Date): string[] {
  const v = validityAt(c, now);
  const when =
    v.status === 'expired' ? `**expired** ${-v.daysLeft} days ago` : v.status === 'not-yet-valid' ? '**not valid yet**' : `${v.daysLeft} days left`;
  const names = [...c.subjectAltNames.dns, ...c.subjectAltNames.ip];
  const shown = names.slice(0, MAX_NAMES).map((n) => `\`${n}\``).join(', ') + (names.length > MAX_NAMES ? `, … (${names.length} in all)` : '');
  return [
    `**${index === 0 ? 'Certificate' : `Chain certificate ${index}`}**: ${c.subject.text || '(empty subject)'}`,
    '',
    `- Names: ${shown || '(no subjectAltName)'}`,
    `- Issuer: ${c.issuer.text}${c.selfSigned ? ' (self-signed)' : ''}`,
    `- Valid: ${day(c.notBefore)} – ${day(c.notAfter)}, ${when}`,
    `- Key: ${keyText(c)}; signature: ${c.signatureAlgorithm.name}${c.signatureAlgorithm.weak ? ' (**weak**)' : ''}`,
    `- OCSP responder: ${c.ocspUrls[0] ?? 'none'}`,
    `- SHA-256: \`${c.fingerprintSha256}\``,
    '',
  ];
}

export function certificateHover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const parsed = ws.parsed(file);
  if (!parsed || parsed.dialect !== 'nginx') return undefined;
  const node = nodeAt(parsed, pos);
  const d = node?.directive;
  const kind = d ? NGINX_FILE_KINDS.get(d.lname) : undefined;
  const arg = d?.args[0];
  if (!d || !kind || !arg || !rangeContains(arg.range, pos)) return undefined;
  const roots = ws.rootsOf(file);
  const prefix = roots[0]?.prefix ?? guessNginxPrefix(ws.fs, file);
  return fileArgumentHover(ws, d, arg, kind, prefix);
}

/**
 * What the file of one file argument holds, resolved against `prefix` (any dialect; `arg.text` is the
 * path as the server reads it). `variableNote` explains a path with a variable in the dialect's terms.
 */
export function fileArgumentHover(
  ws: Workspace,
  d: Directive,
  arg: Arg,
  kind: FileKind,
  prefix: string,
  variableNote = 'The path holds a variable: nginx picks the file per handshake (by SNI), so tlslint cannot read it ahead of time.',
): HoverResult {
  const r = resolveConfigPath(ws, arg.text, prefix);
  const lines = describeConfigFile(ws, r, kind, variableNote);
  return { markdown: `\`${d.name}\` → \`${arg.text}\`\n\n` + lines.join('\n'), range: arg.range };
}

/**
 * What a resolved certificate, key, CA or DH file holds, as hover lines (shared by the dialects;
 * `variableNote` explains a path that holds a variable or macro).
 */
export function describeConfigFile(ws: Workspace, r: PathResolution, kind: FileKind, variableNote: string): string[] {
  const lines: string[] = [];
  if (r.kind === 'variable') lines.push(variableNote);
  else if (r.kind === 'engine') lines.push('An OpenSSL engine or store key, not a file.');
  else if (r.kind === 'file' && kind === 'key') {
    const k = checkKeyFile(ws, r.path);
    if (k.status === 'ok') lines.push(`Private key: ${k.value.encrypted ? 'encrypted (not opened)' : `${k.value.type.toUpperCase()}${k.value.bits ? `, ${k.value.bits} bits` : ''}`}`);
    else lines.push(k.status === 'missing' ? `Not found: \`${r.path}\`` : k.status === 'directory' ? 'A directory, not a key file.' : `Not a readable private key.`);
  } else if (r.kind === 'file' && kind === 'dhparam') {
    const dh = loadDhParams(ws, r.path);
    lines.push(dh.status === 'ok' ? `DH parameters: ${dh.value.primeBits}-bit prime` : dh.status === 'missing' ? `Not found: \`${r.path}\`` : 'Not readable DH parameters.');
  } else {
    const loaded = r.kind === 'file' ? loadCertificates(ws, r.path) : undefined;
    if (r.kind === 'file' && loaded?.status !== 'ok') {
      lines.push(loaded?.status === 'missing' ? `Not found: \`${r.path}\`${r.path !== r.serverPath ? ` (the server reads \`${r.serverPath}\`)` : ''}` : loaded?.status === 'directory' ? 'A directory, not a certificate file.' : 'Holds no readable certificate.');
    } else if (loaded?.status === 'ok') {
      const certs = loaded.value.certificates;
      certs.slice(0, MAX_CERTS).forEach((c, i) => lines.push(...certificateLines(c, i, ws.now)));
      if (certs.length > MAX_CERTS) lines.push(`… and ${certs.length - MAX_CERTS} more certificates`, '');
      if (kind === 'certificate') {
        const chain = checkChain(certs, [], { now: ws.now });
        const trust =
          chain.trust === 'trusted' ? `reaches a trusted root (${chain.anchor?.subject ?? ''})` : chain.trust === 'incomplete' ? `stops before a trusted root: missing issuer ${chain.missingIssuer ?? ''}` : chain.trust === 'untrusted-root' ? 'ends at a root nobody trusts' : 'empty';
        lines.push(`**Chain**: ${chain.inOrder ? 'in order' : '**out of order**'}, ${trust} (Node's root store; your extra CAs are applied by the rules)`);
      }
    } else if (r.kind === 'data') lines.push('Inline PEM (`data:`).');
  }
  return lines;
}
