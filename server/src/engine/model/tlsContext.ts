// The dialect-neutral part of a handshake prediction: given the OpenSSL context a server ends up in
// (enabled versions, cipher string, TLS 1.3 suites, certificates, DH), which versions complete a
// handshake and which suites each can settle on. nginx (negotiation.ts) composes its contexts itself;
// Apache (apache/negotiation.ts) and Squid (squid/negotiation.ts) describe theirs and call this. Pure.

import type { Workspace } from './workspace';
import type { Valued } from './nginxPolicy';
import { expandForProtocols } from './nginxPolicy';
import { loadCertificates } from './configFiles';
import { effectiveProtocolRange, expandCiphersuites, serverProtocolVersions } from '../tls/ciphers/expand';
import type { CipherSuite, Protocol } from '../tls/ciphers/table';
import { legacyVersionsNeedLevel0 } from '../tls/protocols';
import type { AuthType, LegacyVersion, PredictedCertificate, TlsVersion, VersionVerdict } from './negotiation';

const VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** Protocol versions in order, for comparing a suite's version range with a version. */
export const RANK: Record<Protocol, number> = { SSLv3: 0, TLSv1: 1, 'TLSv1.1': 2, 'TLSv1.2': 3, 'TLSv1.3': 4 };

/** One OpenSSL context as a server configures it. */
export interface ContextSpec {
  /** Enabled versions (SSLv2 dropped). */
  protocols: Protocol[];
  protocolsOrigin: string;
  /** TLS <= 1.2 cipher string. */
  ciphers: string;
  ciphersOrigin: string;
  /** TLS 1.3 Ciphersuites value (undefined: OpenSSL's default). */
  tls13?: string;
  tls13Origin: string;
  certificates: PredictedCertificate[];
  /** DHE suites are usable (DH parameters set, or automatic ones). */
  dh: boolean;
}

export interface ContextOutcome {
  versions: VersionVerdict[];
  suites: Record<LegacyVersion, string[]>;
  tls13Suites: string[];
  securityLevel: number;
}

/** A certificate file as the server loads it: every certificate in it, in file order, is sent. */
export function certificateFromFile(ws: Workspace, file: string, origin: Valued<string>): PredictedCertificate {
  const p: PredictedCertificate = { certificate: origin, file, chain: [], names: [] };
  const loaded = loadCertificates(ws, file);
  const certs = loaded.status === 'ok' ? loaded.value.certificates : [];
  p.chain = certs.map((c) => c.fingerprintSha256);
  const leaf = certs[0];
  if (leaf) {
    const t = leaf.publicKey.type;
    p.auth = t === 'rsa' || t === 'rsa-pss' ? 'RSA' : t === 'ec' ? 'ECDSA' : undefined;
    p.subject = leaf.subject.text;
    p.notAfter = leaf.notAfter;
    p.names = leaf.subjectAltNames.dns.length ? [...leaf.subjectAltNames.dns] : leaf.subject.commonName ? [leaf.subject.commonName] : [];
  }
  return p;
}

/** Which certificate key a TLS <= 1.2 suite authenticates with. */
export function authOf(s: CipherSuite): AuthType | 'none' | 'other' {
  if (s.au === 'aRSA') return 'RSA';
  if (s.au === 'aECDSA') return 'ECDSA';
  if (s.au === 'aNULL') return 'none';
  return 'other';
}

/**
 * OpenSSL's check before the ClientHello is read (tls_setup_handshake), on the context the connection
 * starts in: the highest version it allows must have a configured suite, else every handshake fails.
 */
export function refusedBeforeHello(ctx: ContextSpec, level: number): string | undefined {
  const max = effectiveProtocolRange(ctx.protocols, level)?.max;
  // No version at all (e.g. MinProtocol above MaxProtocol): "no protocols available", a protocol_version alert.
  if (!max) return `no protocol version is enabled (${ctx.protocolsOrigin}): OpenSSL refuses every handshake`;
  const configured = expandForProtocols(ctx.ciphers, ctx.protocols, level).configured;
  const ok = configured.some((s) => RANK[s.minProtocol] <= RANK[max] && RANK[max] <= RANK[s.maxProtocol]) || (max === 'TLSv1.3' && expandCiphersuites(ctx.tls13).ciphers.length > 0);
  if (ok) return undefined;
  return `no suite is configured for ${max}, the highest version enabled (${max === 'TLSv1.3' ? ctx.tls13Origin : ctx.ciphersOrigin}): OpenSSL refuses every handshake`;
}

/**
 * The handshake outcome in `ctx`, where `versionCtx` decides the version (its enabled versions and the
 * security level of its cipher string) and `startCtx` is the context the connection starts in (OpenSSL's
 * pre-hello check). All three are the same object for a server with one context per socket.
 */
export function predictContext(openssl: string, baseLevel: number, ctx: ContextSpec, versionCtx: ContextSpec = ctx, startCtx: ContextSpec = ctx): ContextOutcome {
  const versionLevel = expandForProtocols(versionCtx.ciphers, versionCtx.protocols, baseLevel).securityLevel;
  const accepted = serverProtocolVersions(versionCtx.protocols, versionLevel);
  const startLevel = expandForProtocols(startCtx.ciphers, startCtx.protocols, baseLevel).securityLevel;
  const refused = refusedBeforeHello(startCtx, startLevel);
  const expansion = expandForProtocols(ctx.ciphers, versionCtx.protocols, baseLevel);
  const level = expansion.securityLevel;
  const auths = new Set(ctx.certificates.map((c) => c.auth).filter((x): x is AuthType => x !== undefined));
  const tls13 = expandCiphersuites(ctx.tls13).ciphers.map((s) => s.name);
  const suites: Record<LegacyVersion, string[]> = { TLSv1: [], 'TLSv1.1': [], 'TLSv1.2': [] };
  const versions: VersionVerdict[] = [];
  for (const v of VERSIONS) {
    const no = (reason: string) => versions.push({ version: v, handshakes: false, reason });
    if (!accepted.includes(v)) {
      no(versionCtx.protocols.includes(v) ? `security level ${versionLevel} forbids the version` : `not enabled (${versionCtx.protocolsOrigin})`);
      continue;
    }
    if (refused) {
      no(refused);
      continue;
    }
    if (!auths.size) {
      no('no readable RSA or ECDSA certificate');
      continue;
    }
    if (v === 'TLSv1.3') {
      if (tls13.length) versions.push({ version: v, handshakes: true });
      else no(`no TLS 1.3 suite configured (${ctx.tls13Origin})`);
      continue;
    }
    if (v !== 'TLSv1.2' && level >= 1 && legacyVersionsNeedLevel0(openssl)) {
      no(`security level ${level} refuses the SHA-1/MD5 signatures ${v === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1'} needs (OpenSSL ≥ 3.0; only @SECLEVEL=0 allows them)`);
      continue;
    }
    const list = expansion.ciphers.filter((s) => {
      if (RANK[s.minProtocol] > RANK[v] || RANK[s.maxProtocol] < RANK[v]) return false;
      const au = authOf(s);
      if (au === 'other') return false;
      if (au !== 'none' && !auths.has(au)) return false;
      if (s.kx === 'kDHE' && !ctx.dh) return false;
      return true;
    });
    suites[v] = list.map((s) => s.name);
    if (list.length) versions.push({ version: v, handshakes: true });
    else no(`no suite of the cipher list fits this version and the certificates (${ctx.ciphersOrigin})`);
  }
  const ok13 = versions.find((x) => x.version === 'TLSv1.3')!.handshakes;
  return { versions, suites, tls13Suites: ok13 ? tls13 : [], securityLevel: level };
}

/** The certificate of `auth` a context serves (a later one of the same key type replaces an earlier one); TLS 1.3: ECDSA first. */
export function servedOf(certificates: PredictedCertificate[], auth?: AuthType): PredictedCertificate | undefined {
  const of = (a: AuthType) => certificates.filter((c) => c.auth === a).pop();
  return auth ? of(auth) : (of('ECDSA') ?? of('RSA'));
}

export const PROTOCOL_RANK = RANK;
export { VERSIONS as CONTEXT_VERSIONS };
