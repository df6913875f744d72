// What a TLS client sees from a Squid `https_port` (one OpenSSL context per port, no SNI selection):
// the engine's prediction the ground-truth tests (test/oracle) hold against the real Squid. Pure.
//
// Squid 5 with OpenSSL (src/security/ServerOptions.cc, PeerOptions.cc; checked against Debian's
// squid-openssl 5.7 with OpenSSL 3.0):
//   - one certificate (the first tls-cert=; the file's certificates are the chain sent), whatever SNI says;
//   - versions: OpenSSL's range narrowed by tls-min-version= and options=NO_TLSv1… (each version on its
//     own, as a server takes them);
//   - cipher= is the TLS <= 1.2 list (none: OpenSSL's DEFAULT); TLS 1.3 suites are OpenSSL's default
//     (Squid 5 has no setting for them);
//   - server order only with options=CIPHER_SERVER_PREFERENCE (SSL_OP_CIPHER_SERVER_PREFERENCE, TLS 1.3 too);
//   - the chain sent is built from the certificate file the way Security::KeyData::loadX509ChainFromFile
//     does: after the leaf, a certificate is kept only when it issued the one kept before it (others are
//     skipped: leaf, root, intermediate sends leaf, intermediate); a self-signed leaf is not chained, and
//     then goes out twice (leaf, leaf) — both seen on the wire with Squid 5.7;
//   - no DHE suite: without tls-dh= Squid sets no DH parameters, and Squid 5.7 on OpenSSL 3.0 offers none
//     with `tls-dh=<file>` either (classic `openssl dhparam` and ffdhe2048 files alike, no warning logged;
//     seen with real handshakes). Squid 6 is assumed to load the file (not checked here).

import type { Workspace } from '../workspace';
import { versionAtLeast } from '../../settings';
import type { Protocol } from '../../tls/ciphers/table';
import { predictContext, certificateFromFile, type ContextOutcome, type ContextSpec } from '../tlsContext';
import type { PredictedCertificate } from '../negotiation';
import { loadCertificates } from '../configFiles';
import type { CertificateInfo } from '../../tls/x509/certificate';
import { flagInEffect, squid, type SquidOption, type SquidPort } from './policy';

export interface SquidHandshake extends ContextOutcome {
  port: SquidPort;
  serverOrder: boolean;
  serverOrderOrigin: string;
  certificates: PredictedCertificate[];
  protocolsOrigin: string;
  ciphersOrigin: string;
}

function where(o: SquidOption): string {
  return `${o.item.directive.file}:${o.item.directive.range.start.line + 1} ${o.written}`;
}

/** The https_port (or ssl-bump-free TLS port) listening on host:port. */
export function squidPortFor(ws: Workspace, host: string, port: number): SquidPort | undefined {
  const ports = squid(ws).flatMap((p) => p.ports).filter((p) => p.kind === 'https_port' && p.port === port);
  const h = host.toLowerCase();
  return ports.find((p) => (p.host ?? '').toLowerCase() === h) ?? ports.find((p) => !p.host || p.host === '0.0.0.0' || p.host === '[::]');
}

function issued(ca: CertificateInfo, cert: CertificateInfo): boolean {
  if (ca.subject.text !== cert.issuer.text) return false;
  return !cert.authorityKeyId || !ca.subjectKeyId || cert.authorityKeyId === ca.subjectKeyId;
}

/** The chain Squid sends for a certificate file (see above). */
export function squidChain(ws: Workspace, c: PredictedCertificate): PredictedCertificate {
  if (!c.file) return c;
  const loaded = loadCertificates(ws, c.file);
  if (loaded.status !== 'ok' || !loaded.value.certificates.length) return c;
  const [leaf, ...rest] = loaded.value.certificates;
  if (issued(leaf, leaf)) return { ...c, chain: [leaf.fingerprintSha256, leaf.fingerprintSha256] };
  const chain = [leaf];
  for (const x of rest) if (issued(x, chain[chain.length - 1])) chain.push(x);
  return { ...c, chain: chain.map((x) => x.fingerprintSha256) };
}

export function predictSquidHandshake(ws: Workspace, host: string, portNumber: number): SquidHandshake | undefined {
  const port = squidPortFor(ws, host, portNumber);
  if (!port) return undefined;
  const cert = port.certificates.find((c) => !c.ignored);
  const certificates = cert?.cert.value ? [squidChain(ws, certificateFromFile(ws, cert.cert.value.text, { value: cert.cert.value.text, item: cert.cert.item }))] : [];
  const prefer = port.optionFlags.filter((f) => f.name === 'CIPHER_SERVER_PREFERENCE').pop();
  const dhFile = port.dh?.file !== undefined && versionAtLeast(ws.settings.targets.squid, '6');
  const ctx: ContextSpec = {
    protocols: port.protocols.value.filter((p): p is Protocol => p !== 'SSLv2'),
    protocolsOrigin: port.protocols.from.length ? port.protocols.from.map(where).join(', ') : (port.protocols.defaultNote ?? 'default'),
    ciphers: port.ciphers.value,
    ciphersOrigin: port.ciphers.from.length ? port.ciphers.from.map(where).join(', ') : (port.ciphers.defaultNote ?? 'default'),
    tls13Origin: "OpenSSL's default (Squid 5 sets no TLS 1.3 suites)",
    certificates,
    dh: dhFile,
  };
  const outcome = predictContext(ws.settings.targets.openssl, ws.settings.securityLevel, ctx);
  return {
    ...outcome,
    port,
    serverOrder: flagInEffect(port.optionFlags, 'CIPHER_SERVER_PREFERENCE'),
    serverOrderOrigin: prefer ? where(prefer.option) : 'off: options= has no CIPHER_SERVER_PREFERENCE',
    certificates,
    protocolsOrigin: ctx.protocolsOrigin,
    ciphersOrigin: ctx.ciphersOrigin,
  };
}
