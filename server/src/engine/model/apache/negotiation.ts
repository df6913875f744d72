// What a TLS client sees from Apache httpd on one address:port with a given SNI name: the engine's
// prediction the ground-truth tests (test/oracle) hold against the real httpd. Pure.
//
// httpd 2.4 (mod_ssl, ssl_engine_kernel.c; checked against Debian's 2.4 with OpenSSL 3.0):
//   - the connection starts in the context of the address's default vhost: the first <VirtualHost> whose
//     address matches the IP and port exactly, else the first `*:port`, else `_default_:port` one, else
//     the main server (SSLEngine on in the server config);
//   - with OpenSSL ≥ 1.1.1 mod_ssl picks the SNI vhost in the ClientHello callback, before the version
//     and the suite are chosen: among the vhosts of that same address, the first whose ServerName or
//     ServerAlias (wildcards allowed) matches the name, case-insensitively; none: the default vhost;
//   - set_sni_ctx then switches to that vhost's SSL_CTX (certificates, cipher lists, TLS 1.3 suites), ORs
//     its options into the connection's (SSL_set_options only adds: SSLHonorCipherOrder on in the default
//     vhost stays on), and takes its protocol range only when SSLProtocol is set for it (in the vhost or
//     the server config): otherwise the default vhost's range stays;
//   - without SSLOpenSSLConfCmd DHParameters mod_ssl lets OpenSSL pick DH parameters (DHE works).

import type { Workspace } from '../workspace';
import { originText } from '../nginxPolicy';
import type { Protocol } from '../../tls/ciphers/table';
import { predictContext, certificateFromFile, type ContextOutcome, type ContextSpec } from '../tlsContext';
import { apachePolicies, modSslCipherString, type ApacheVhost } from './policy';
import type { PredictedCertificate } from '../negotiation';
import { argTexts } from './support';

export interface ApacheHandshake extends ContextOutcome {
  vhost: ApacheVhost;
  defaultVhost: ApacheVhost;
  selectedBy: string;
  serverOrder: boolean;
  serverOrderOrigin: string;
  certificates: PredictedCertificate[];
  protocolsOrigin: string;
  ciphersOrigin: string;
  tls13Origin: string;
}

const cache = new WeakMap<Workspace, ApacheVhost[]>();
function vhostsOf(ws: Workspace): ApacheVhost[] {
  let v = cache.get(ws);
  if (!v) cache.set(ws, (v = apachePolicies(ws).vhosts.filter((x) => x.tls)));
  return v;
}

function normalHost(h: string): string {
  const l = h.toLowerCase();
  return l === 'localhost' ? '127.0.0.1' : l;
}

/** The TLS vhosts of host:port in configuration order (IP-specific ones win over `*` / `_default_`). */
export function apacheVhostsFor(ws: Workspace, host: string, port: number): ApacheVhost[] {
  const all = vhostsOf(ws).filter((v) => v.kind === 'virtualhost');
  const h = normalHost(host);
  const exact = all.filter((v) => v.addresses.some((a) => a.port === port && normalHost(a.host) === h));
  if (exact.length) return exact;
  const wild = all.filter((v) => v.addresses.some((a) => (a.port === port || a.port === null) && a.host === '*'));
  if (wild.length) return wild;
  const dflt = all.filter((v) => v.addresses.some((a) => (a.port === port || a.port === null) && a.host.toLowerCase() === '_default_'));
  if (dflt.length) return dflt;
  // No vhost for the address: the main server answers (when SSLEngine is on there and httpd listens on it).
  const main = vhostsOf(ws).find((v) => v.kind === 'main');
  const listening = apachePolicies(ws).listens.some((l) => l.port === port && (l.host === '*' || normalHost(l.host) === h || l.host === '0.0.0.0'));
  return main && listening ? [main] : [];
}

/** The longest name a client can ask for: a DNS name is at most 253 characters (255 octets on the wire). */
const MAX_NAME = 255;

/**
 * httpd's ap_strcasecmp_match for ServerAlias wildcards: `*` matches any run of characters (dots
 * included), `?` exactly one, case-insensitively. Matched by walking both strings, going back to the
 * last `*` on a mismatch (at most pattern × name steps), not through a RegExp: a pattern made into one
 * can exceed V8's size limit ("Regular expression too large", which a fuzzed 100 kB ServerAlias hit) or
 * backtrack for a very long time. Names longer than any a client can send match nothing.
 */
export function apacheNameMatches(pattern: string, name: string): boolean {
  if (name.length > MAX_NAME) return false;
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < s.length) {
    const c = p.charCodeAt(i);
    if (i < p.length && c !== STAR && (c === QUESTION || c === s.charCodeAt(j))) {
      i++;
      j++;
    } else if (c === STAR) {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (p.charCodeAt(i) === STAR) i++;
  return i === p.length;
}

const STAR = 42;
const QUESTION = 63;

/** mod_ssl's ssl_find_vhost: the first vhost whose ServerName or ServerAlias matches. */
export function apacheVhostForName(vhosts: ApacheVhost[], name: string): { vhost: ApacheVhost; how: string } | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  for (const v of vhosts) {
    for (const x of v.names) {
      const isAlias = x.item.directive.lname === 'serveralias';
      if (x.name.toLowerCase() === n || (isAlias && /[*?]/.test(x.name) && apacheNameMatches(x.name, n))) return { vhost: v, how: `${isAlias ? 'ServerAlias' : 'ServerName'} ${x.name}` };
    }
  }
  return undefined;
}

/**
 * The TLS ≤ 1.2 string OpenSSL ends with. When SSLOpenSSLConfCmd CipherString replaces SSLCipherSuite, the
 * security level an `@SECLEVEL=` of SSLCipherSuite set stays unless the CipherString sets its own (OpenSSL
 * parses both, in that order; seen with httpd 2.4).
 */
export function effectiveCipherString(v: ApacheVhost): string {
  const text = modSslCipherString(v.ciphers);
  if (!v.cipherSuite || v.ciphers.item === v.cipherSuite.item || /@SECLEVEL=/i.test(text)) return text;
  const level = /@SECLEVEL=(\d+)(?!.*@SECLEVEL=)/i.exec(v.cipherSuite.value)?.[1];
  return level !== undefined ? `@SECLEVEL=${level}:${text}` : text;
}

function contextOf(ws: Workspace, v: ApacheVhost): ContextSpec {
  const certificates = v.certificates.map((c) => {
    const file = argTexts(c.certificate.directive, c.certificate.ctx.root)[0] ?? '';
    return certificateFromFile(ws, file, { value: file, item: c.certificate });
  });
  return {
    protocols: v.protocols.value.filter((p): p is Protocol => p !== 'SSLv2'),
    protocolsOrigin: v.protocols.items ? v.protocols.items.map((it) => `${it.directive.file}:${it.directive.range.start.line + 1}`).join(', ') : originText(v.protocols),
    ciphers: effectiveCipherString(v),
    ciphersOrigin: originText(v.ciphers),
    tls13: v.tls13Ciphers?.value,
    tls13Origin: v.tls13Ciphers ? originText(v.tls13Ciphers) : 'OpenSSL default',
    certificates,
    dh: true,
  };
}

/** The handshake a client gets from httpd on host:port sending `serverName` (null: no SNI); undefined when no TLS vhost listens there. */
export function predictApacheHandshake(ws: Workspace, host: string, port: number, serverName: string | null): ApacheHandshake | undefined {
  const vhosts = apacheVhostsFor(ws, host, port);
  if (!vhosts.length) return undefined;
  const dflt = vhosts[0];
  const chosen = serverName !== null ? apacheVhostForName(vhosts, serverName) : undefined;
  const vhost = chosen?.vhost ?? dflt;
  const start = contextOf(ws, dflt);
  const ctx = contextOf(ws, vhost);
  // The selected vhost's range applies only when SSLProtocol is set for it (protocol_set; SSLOpenSSLConfCmd
  // MinProtocol/MaxProtocol alone does not count).
  const versionCtx: ContextSpec = vhost.protocols.item ? ctx : { ...ctx, protocols: start.protocols, protocolsOrigin: `${start.protocolsOrigin} (default vhost; none set for the selected one)` };
  const outcome = predictContext(ws.settings.targets.openssl, ws.settings.securityLevel, ctx, versionCtx, start);
  const serverOrder = vhost.honorOrder.value || dflt.honorOrder.value;
  return {
    ...outcome,
    vhost,
    defaultVhost: dflt,
    selectedBy: chosen ? chosen.how : `default vhost (first for ${host}:${port})`,
    serverOrder,
    serverOrderOrigin: vhost.honorOrder.value || !dflt.honorOrder.value ? originText(vhost.honorOrder) : `${originText(dflt.honorOrder)} (default vhost's option stays on)`,
    certificates: ctx.certificates,
    protocolsOrigin: versionCtx.protocolsOrigin,
    ciphersOrigin: ctx.ciphersOrigin,
    tls13Origin: ctx.tls13Origin,
  };
}
