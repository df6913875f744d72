// What a TLS client will see when it connects to one listening socket of an nginx configuration:
// which protocol versions complete a handshake, which TLS <= 1.2 suites are accepted per version, the
// server's preference order, the TLS 1.3 suites, and which certificate chain is served for each SNI
// name. This is the engine's prediction the ground-truth tests (test/oracle) hold against real servers,
// and what `tlslint probe` compares a live endpoint with. Pure: files are read through the workspace.
//
// How nginx splits the work between the socket's default server and the server SNI selects depends on
// its version. Up to 1.29.1 it selects in OpenSSL's servername callback (checked here with real
// handshakes against Debian's nginx 1.22):
//   - the protocol version is chosen before that callback runs, so `ssl_protocols` (and the security
//     level's version floor) come from the default server of the address:port;
//   - so is a TLS 1.3 suite: OpenSSL picks it before it parses the extensions, so the TLS 1.3 suites and
//     the server preference TLS 1.3 uses are the default server's too;
//   - after the callback, SSL_set_SSL_CTX switches to the selected server's context: its certificates,
//     TLS <= 1.2 cipher list, security level, and (nginx copies the options) `ssl_prefer_server_ciphers`.
// From 1.29.2 (with OpenSSL >= 1.1.1) nginx selects in the ClientHello callback, before any of that, so
// everything follows SNI except `ssl_conf_command Min/MaxProtocol` (not part of what it copies) and
// OpenSSL's pre-handshake check (before the ClientHello). That branch follows nginx's source (commit
// 0373fe5d "SNI: using the ClientHello callback"); the oracle here cannot run it.
// OpenSSL 3.0 rates the MD5+SHA-1 and SHA-1 signatures that TLS 1.0 and 1.1 handshakes need below 80
// bits, so at security level 1 or higher no TLS 1.0/1.1 handshake completes (the server sends
// internal_error), whatever `ssl_protocols` says: only `@SECLEVEL=0` in the cipher string revives them.

import type { Workspace } from './workspace';
import { rangeContains, type Position } from '../types';
import { nginxPolicies, enabledProtocols, expandForProtocols, originText, type NginxServer, type ListenInfo, type Valued } from './nginxPolicy';
import { loadCertificates, loadDhParams, resolveConfigPath } from './configFiles';
import { effectiveProtocolRange, serverProtocolVersions } from '../tls/ciphers/expand';
import type { CipherSuite, Protocol } from '../tls/ciphers/table';
import { legacyVersionsNeedLevel0 } from '../tls/protocols';
import { versionAtLeast } from '../settings';
import { authOf, RANK } from './tlsContext';
import { readCertificates, type CertificateInfo } from '../tls/x509/certificate';

/** The versions a handshake can be tried with (SSLv2/SSLv3 are not built into current OpenSSL). */
export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
export type LegacyVersion = Exclude<TlsVersion, 'TLSv1.3'>;
export const LEGACY_VERSIONS: readonly LegacyVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

/** The key type a certificate authenticates with, as cipher suites name it. */
export type AuthType = 'RSA' | 'ECDSA';

export interface PredictedCertificate {
  /** The ssl_certificate value and where it is set. */
  certificate: Valued<string>;
  /** The file as the workspace resolves it (undefined for variables, inline data: and engine keys). */
  file?: string;
  /** undefined when the file could not be read. */
  auth?: AuthType;
  /** SHA-256 fingerprints (`AA:BB:…`) of the certificates in the file, in file order: what nginx sends. */
  chain: string[];
  /** Subject of the first certificate (for messages). */
  subject?: string;
  notAfter?: Date;
  /** DNS names of the first certificate (SANs, or the CN when there are none). */
  names: string[];
}

export interface VersionVerdict {
  version: TlsVersion;
  handshakes: boolean;
  /** Why not, when it does not. */
  reason?: string;
}

export interface HandshakePrediction {
  /** The SNI name the client sends; null for none. */
  serverName: string | null;
  /** The server whose context the handshake ends in. */
  server: NginxServer;
  /** How that server was chosen ("exact name", "default server: first on 127.0.0.1:443", …). */
  selectedBy: string;
  /** The socket's default server (protocol versions come from it before nginx 1.29.2). */
  defaultServer: NginxServer;
  versions: VersionVerdict[];
  /** Where the version set comes from. */
  protocolsOrigin: string;
  /** TLS <= 1.2 suites (OpenSSL names) a handshake of each version can settle on, in the server's list order. */
  suites: Record<LegacyVersion, string[]>;
  ciphersOrigin: string;
  /** TLS 1.3 suites (IANA names), in the server's order; empty when TLS 1.3 does not handshake. */
  tls13Suites: string[];
  tls13Origin: string;
  /** The server picks the TLS <= 1.2 suite by its own order (`ssl_prefer_server_ciphers on`). */
  serverOrder: boolean;
  serverOrderOrigin: string;
  /** The same for TLS 1.3, where the default server's setting applies (the suite is chosen before SNI). */
  tls13ServerOrder: boolean;
  tls13ServerOrderOrigin: string;
  /** Security level the selected server's OpenSSL context runs at. */
  securityLevel: number;
  certificates: PredictedCertificate[];
  /** `ssl_reject_handshake on` in the selected server. */
  rejected: boolean;
}

export interface SocketPrediction {
  /** `127.0.0.1:8443`, `*:443`, `[::1]:443`. */
  address: string;
  host: string;
  port: number;
  /** The http servers on this socket, in configuration order. */
  servers: NginxServer[];
  defaultServer: NginxServer;
  defaultReason: string;
  /** Every server_name of the socket's servers (as written). */
  names: string[];
}

const WILDCARD_HOSTS = new Set(['*', '0.0.0.0']);

const policyCache = new WeakMap<Workspace, NginxServer[]>();

/** The workspace's nginx servers, computed once per workspace so that every lookup here shares objects. */
function serversOf(ws: Workspace): NginxServer[] {
  let s = policyCache.get(ws);
  if (!s) policyCache.set(ws, (s = nginxPolicies(ws).servers));
  return s;
}

function normalHost(host: string): string {
  const h = host.toLowerCase();
  if (h === 'localhost') return '127.0.0.1';
  if (h === '[::]') return '*6';
  return h;
}

function listenKey(l: ListenInfo): string | undefined {
  if (l.port === null || l.host.startsWith('unix:')) return undefined;
  const h = normalHost(l.host);
  return `${WILDCARD_HOSTS.has(h) ? '*' : h}:${l.port}`;
}

/** Every TLS socket (address:port with an `ssl` listen) of the workspace's nginx http servers. */
export function nginxTlsSockets(ws: Workspace): SocketPrediction[] {
  const byKey = new Map<string, { host: string; port: number; servers: NginxServer[]; listens: ListenInfo[] }>();
  for (const server of serversOf(ws)) {
    if (server.kind !== 'server') continue;
    for (const l of server.listens) {
      const key = listenKey(l);
      if (!key || l.port === null) continue;
      let s = byKey.get(key);
      if (!s) byKey.set(key, (s = { host: key.slice(0, key.lastIndexOf(':')), port: l.port, servers: [], listens: [] }));
      if (!s.servers.includes(server)) s.servers.push(server);
      s.listens.push(l);
    }
  }
  const out: SocketPrediction[] = [];
  for (const [address, s] of byKey) {
    // nginx ORs the `ssl` parameter over every listen of one address:port.
    if (!s.listens.some((l) => l.ssl) && !s.servers.some((x) => x.sslOn)) continue;
    const marked = s.listens.find((l) => l.defaultServer);
    const defaultServer = marked ? s.servers.find((x) => x.listens.includes(marked))! : s.servers[0];
    const defaultReason = marked ? `default_server (${originText({ value: 0, item: marked.item })})` : `first server on ${address} (${originText({ value: 0, item: s.servers[0].listens[0]?.item })})`;
    out.push({
      address,
      host: s.host,
      port: s.port,
      servers: s.servers,
      defaultServer,
      defaultReason,
      names: s.servers.flatMap((x) => x.names.map((n) => n.name)),
    });
  }
  return out;
}

/**
 * The socket a client connecting to host:port reaches: a listen on that exact address wins over a
 * wildcard one (nginx then ignores the wildcard servers for this address).
 */
export function socketFor(ws: Workspace, host: string, port: number): SocketPrediction | undefined {
  const sockets = nginxTlsSockets(ws).filter((s) => s.port === port);
  const h = normalHost(host);
  return sockets.find((s) => s.host === h) ?? sockets.find((s) => s.host === '*');
}

/** nginx's virtual-server lookup for a name: exact, then `*.`/`.` prefix wildcards (longest), then `.*` suffix wildcards, then regexes in order. */
export function serverForName(socket: SocketPrediction, name: string): { server: NginxServer; how: string } | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  for (const s of socket.servers) for (const x of s.names) if (x.name.toLowerCase() === n) return { server: s, how: `server_name ${x.name}` };
  let best: { server: NginxServer; how: string; len: number } | undefined;
  for (const s of socket.servers) {
    for (const x of s.names) {
      const w = x.name.toLowerCase();
      let suffix: string | undefined;
      if (w.startsWith('*.')) suffix = w.slice(1);
      else if (w.startsWith('.')) suffix = w;
      if (!suffix) continue;
      const hit = n.endsWith(suffix) || (w.startsWith('.') && n === w.slice(1));
      if (hit && (!best || suffix.length > best.len)) best = { server: s, how: `server_name ${x.name}`, len: suffix.length };
    }
  }
  if (best) return best;
  for (const s of socket.servers) {
    for (const x of s.names) {
      const w = x.name.toLowerCase();
      if (w.endsWith('.*') && n.startsWith(w.slice(0, -1))) return { server: s, how: `server_name ${x.name}` };
    }
  }
  for (const s of socket.servers) {
    for (const x of s.names) {
      if (!x.name.startsWith('~')) continue;
      let re: RegExp;
      try {
        re = new RegExp(x.name.slice(1).replace(/\(\?<?P<(\w+)>/g, '(?<$1>'), 'i');
      } catch {
        continue;
      }
      if (re.test(n)) return { server: s, how: `server_name ${x.name}` };
    }
  }
  return undefined;
}


function certificatesOf(ws: Workspace, server: NginxServer): PredictedCertificate[] {
  const out: PredictedCertificate[] = [];
  for (const pair of server.certificates) {
    const p: PredictedCertificate = { certificate: pair.certificate, chain: [], names: [] };
    const res = resolveConfigPath(ws, pair.certificate.value, server.root.prefix);
    let certs: CertificateInfo[] = [];
    if (res.kind === 'file') {
      p.file = res.path;
      const loaded = loadCertificates(ws, res.path);
      if (loaded.status === 'ok') certs = loaded.value.certificates;
    } else if (res.kind === 'data') {
      // Inline PEM (`ssl_certificate "data:…"`).
      certs = readCertificates(res.content).certificates;
    }
    p.chain = certs.map((c) => c.fingerprintSha256);
    const leaf = certs[0];
    if (leaf) {
      const t = leaf.publicKey.type;
      p.auth = t === 'rsa' || t === 'rsa-pss' ? 'RSA' : t === 'ec' ? 'ECDSA' : undefined;
      p.subject = leaf.subject.text;
      p.notAfter = leaf.notAfter;
      p.names = leaf.subjectAltNames.dns.length ? [...leaf.subjectAltNames.dns] : leaf.subject.commonName ? [leaf.subject.commonName] : [];
    }
    out.push(p);
  }
  return out;
}

function hasDhParams(ws: Workspace, server: NginxServer): boolean {
  if (!server.dhparam) return false;
  const res = resolveConfigPath(ws, server.dhparam.value, server.root.prefix);
  return res.kind === 'file' && loadDhParams(ws, res.path).status === 'ok';
}

/**
 * The handshake a client gets from `socket` when it sends `serverName` (null: no SNI), per version.
 */
export function predictHandshake(ws: Workspace, socket: SocketPrediction, serverName: string | null): HandshakePrediction {
  const dflt = socket.defaultServer;
  const chosen = serverName !== null ? serverForName(socket, serverName) : undefined;
  const server = chosen?.server ?? dflt;
  const selectedBy = chosen ? chosen.how : `default server: ${socket.defaultReason}`;
  const opensslVersion = ws.settings.targets.openssl;
  const baseLevel = ws.settings.securityLevel;

  // Does nginx switch to the SNI server before OpenSSL picks the version and the TLS 1.3 suite?
  const early = versionAtLeast(ws.settings.targets.nginx, '1.29.2') && versionAtLeast(opensslVersion, '1.1.1');
  const versionServer = early ? server : dflt;

  // Versions: ssl_protocols of the server in charge when the version is chosen; the bounds of
  // ssl_conf_command Min/MaxProtocol stay the default server's (SSL_set_SSL_CTX does not copy them).
  const enabled = enabledProtocols({ protocols: versionServer.protocols, protocolBounds: dflt.protocolBounds }).filter((p): p is Protocol => p !== 'SSLv2');
  const versionExpansion = expandForProtocols(versionServer.ciphers.value, enabled, baseLevel);
  // A server takes each enabled version on its own (no contiguity, unlike a client).
  const accepted = serverProtocolVersions(enabled, versionExpansion.securityLevel);
  // OpenSSL's check before the ClientHello is read: always the default server's context.
  const dfltEnabled = enabledProtocols(dflt).filter((p): p is Protocol => p !== 'SSLv2');
  const defaultExpansion = expandForProtocols(dflt.ciphers.value, dfltEnabled, baseLevel);
  const tls13Server = early ? server : dflt;

  // Suites, certificates and order: the selected server's context.
  const expansion = expandForProtocols(server.ciphers.value, enabled, baseLevel);
  const level = expansion.securityLevel;
  const certificates = certificatesOf(ws, server);
  const auths = new Set(certificates.map((c) => c.auth).filter((x): x is AuthType => x !== undefined));
  const dh = hasDhParams(ws, server);
  const rejected = server.rejectHandshake.value;
  const refusedAll = highestVersionWithoutSuites(dflt, dfltEnabled, defaultExpansion.configured, defaultExpansion.securityLevel);

  const suites: Record<LegacyVersion, string[]> = { TLSv1: [], 'TLSv1.1': [], 'TLSv1.2': [] };
  const versions: VersionVerdict[] = [];
  for (const v of TLS_VERSIONS) {
    if (!accepted.includes(v)) {
      const bound = versionServer.protocols.value.includes(v) && !enabled.includes(v) ? [dflt.protocolBounds.min, dflt.protocolBounds.max].find((b) => b) : undefined;
      const reason = enabled.includes(v)
        ? `security level ${versionExpansion.securityLevel} forbids the version`
        : bound
          ? `outside ssl_conf_command Min/MaxProtocol (${originText(bound)})`
          : `not in ssl_protocols (${originText(versionServer.protocols)})`;
      versions.push({ version: v, handshakes: false, reason });
      continue;
    }
    if (refusedAll) {
      versions.push({ version: v, handshakes: false, reason: refusedAll });
      continue;
    }
    if (rejected) {
      versions.push({ version: v, handshakes: false, reason: `ssl_reject_handshake on (${originText(server.rejectHandshake)})` });
      continue;
    }
    if (!auths.size) {
      versions.push({ version: v, handshakes: false, reason: 'no readable RSA or ECDSA certificate' });
      continue;
    }
    if (v === 'TLSv1.3') {
      const ok = tls13Server.tls13Suites.ciphers.length > 0;
      versions.push({ version: v, handshakes: ok, reason: ok ? undefined : 'no TLS 1.3 suite configured' });
      continue;
    }
    if (v !== 'TLSv1.2' && level >= 1 && legacyVersionsNeedLevel0(opensslVersion)) {
      versions.push({ version: v, handshakes: false, reason: `security level ${level} refuses the SHA-1/MD5 signatures ${v === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1'} needs (OpenSSL ≥ 3.0; only @SECLEVEL=0 allows them)` });
      continue;
    }
    const list = expansion.ciphers.filter((s) => {
      if (RANK[s.minProtocol] > RANK[v] || RANK[s.maxProtocol] < RANK[v]) return false;
      const au = authOf(s);
      if (au === 'other') return false;
      if (au !== 'none' && !auths.has(au)) return false;
      // Without ssl_dhparam nginx sets no DH parameters, and OpenSSL then cannot do DHE.
      if (s.kx === 'kDHE' && !dh) return false;
      return true;
    });
    suites[v] = list.map((s) => s.name);
    versions.push({ version: v, handshakes: list.length > 0, reason: list.length ? undefined : 'no suite of the cipher list fits this version and the certificates' });
  }
  const tls13 = versions.find((x) => x.version === 'TLSv1.3')!;
  return {
    serverName,
    server,
    selectedBy,
    defaultServer: dflt,
    versions,
    protocolsOrigin: [versionServer.protocols, dflt.protocolBounds.min, dflt.protocolBounds.max].filter((x): x is Valued<string[]> | Valued<string> => x !== undefined).map(originText).join(', '),
    suites,
    ciphersOrigin: originText(server.ciphers),
    tls13Suites: tls13.handshakes ? tls13Server.tls13Suites.ciphers.map((s) => s.name) : [],
    tls13Origin: tls13Server.tls13Ciphers ? originText(tls13Server.tls13Ciphers) : 'OpenSSL default',
    serverOrder: server.preferServerCiphers.value,
    serverOrderOrigin: originText(server.preferServerCiphers),
    tls13ServerOrder: tls13Server.preferServerCiphers.value,
    tls13ServerOrderOrigin: originText(tls13Server.preferServerCiphers),
    securityLevel: level,
    certificates,
    rejected,
  };
}

/**
 * OpenSSL's server sanity check before any handshake (tls_setup_handshake): the highest version the
 * default server's context allows (the client-style contiguous range, security level included) must have
 * a suite in its configured list, TLS 1.3 suites included; otherwise every handshake fails with
 * handshake_failure, whatever the client offers. Returns why, or undefined when the check passes.
 */
function highestVersionWithoutSuites(dflt: NginxServer, enabled: Protocol[], configured: readonly CipherSuite[], level: number): string | undefined {
  const max = effectiveProtocolRange(enabled, level)?.max;
  if (!max) return undefined;
  const ok =
    configured.some((s) => RANK[s.minProtocol] <= RANK[max] && RANK[max] <= RANK[s.maxProtocol]) ||
    (max === 'TLSv1.3' && dflt.tls13Suites.ciphers.length > 0);
  if (ok) return undefined;
  const where = max === 'TLSv1.3' ? (dflt.tls13Ciphers ? originText(dflt.tls13Ciphers) : 'OpenSSL default') : originText(dflt.ciphers);
  return `no suite is configured for ${max}, the highest version enabled (${where}): OpenSSL refuses every handshake`;
}

/** Why a server (as a socket's default) refuses every handshake before reading the client's hello, if it does. */
export function refusesEveryHandshake(server: NginxServer): { reason: string; version: Protocol } | undefined {
  const enabled = enabledProtocols(server).filter((p): p is Protocol => p !== 'SSLv2');
  const reason = highestVersionWithoutSuites(server, enabled, server.suites.configured, server.suites.securityLevel);
  const version = effectiveProtocolRange(enabled, server.suites.securityLevel)?.max;
  return reason && version ? { reason, version } : undefined;
}

/** The versions that complete a handshake. */
export function handshakeVersions(p: HandshakePrediction): TlsVersion[] {
  return p.versions.filter((v) => v.handshakes).map((v) => v.version);
}

/**
 * The certificate a client gets when it can only use `auth` (TLS <= 1.2 suites of that type), or, with
 * `auth` undefined, for TLS 1.3 with a usual client (ECDSA first in its signature algorithms).
 */
export function servedCertificate(p: HandshakePrediction, auth?: AuthType): PredictedCertificate | undefined {
  // A later certificate of the same key type replaces an earlier one in OpenSSL's context.
  const of = (a: AuthType) => p.certificates.filter((c) => c.auth === a).pop();
  if (auth) return of(auth);
  return of('ECDSA') ?? of('RSA');
}

/** The nginx http server whose block holds `position` in `file` (the first root that has it). */
export function serverAt(ws: Workspace, file: string, position: Position): NginxServer | undefined {
  return serversOf(ws).find((s) => s.kind === 'server' && s.directive.file === file && rangeContains(s.directive.range, position));
}

/** A concrete name a client could send as SNI (no wildcard, regex, `_` or empty name). */
function concreteName(name: string): boolean {
  return name !== '' && name !== '_' && name !== '""' && !name.includes('*') && !name.startsWith('~') && !name.startsWith('.') && !name.includes('$');
}

export interface ProbeTarget {
  host: string;
  port: number;
  /** SNI to send (the server's first concrete name); null when it has none. */
  serverName: string | null;
  socket: SocketPrediction;
}

/**
 * Where to probe a server from: for each TLS socket it listens on, the address (a wildcard listen is
 * reached by the server's name, else localhost) and its first concrete name as SNI.
 */
export function probeTargets(ws: Workspace, server: NginxServer): ProbeTarget[] {
  const name = server.names.map((n) => n.name).find(concreteName) ?? null;
  return nginxTlsSockets(ws)
    .filter((s) => s.servers.includes(server))
    .map((socket) => ({
      host: socket.host === '*' || socket.host === '*6' ? (name ?? 'localhost') : socket.host.replace(/^\[|\]$/g, ''),
      port: socket.port,
      serverName: name,
      socket,
    }));
}
