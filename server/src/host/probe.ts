// The live probe: TLS handshakes against one endpoint, to see what it really accepts and serves.
// Network code lives here, in the host layer; the engine stays I/O-free and only predicts.
//
// Every connection is a bare TLS handshake: it is closed as soon as the handshake ends (or fails), no
// application data is written, nothing is followed anywhere, and each attempt is bounded by a timeout.
// The client runs at OpenSSL security level 0 so that it can complete every handshake the server
// allows (TLS 1.0, SHA-1); certificates are not verified (they are reported instead).

import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { TLS12_SUITES, TLS13_SUITES } from '../engine/tls/ciphers/table';
import { certificatesOnWire, tappedConnection } from './probeWire';

export type ProbeVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const PROBE_VERSIONS: readonly ProbeVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
export type LegacyProbeVersion = Exclude<ProbeVersion, 'TLSv1.3'>;

export const DEFAULT_PROBE_TIMEOUT_MS = 5000;

export interface Endpoint {
  host: string;
  port: number;
  /** SNI name to send; null or undefined: none (Node never sends an IP address as SNI). */
  servername?: string | null;
}

export interface HandshakeOptions extends Endpoint {
  minVersion?: ProbeVersion;
  maxVersion?: ProbeVersion;
  /** OpenSSL cipher string for TLS <= 1.2 (`@SECLEVEL=0` is appended). */
  ciphers?: string;
  /** TLS 1.3 suites, colon-separated (default: every TLS 1.3 suite, CCM ones included; '' for none). */
  tls13Suites?: string;
  timeoutMs?: number;
}

/** A certificate as the server sent it (public facts only). */
export interface ServedCertificate {
  /** `AA:BB:…` SHA-256 of the DER. */
  sha256: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** DNS names from the SAN extension (or the CN when there is none). */
  names: string[];
  /** The PEM of the certificate (public data: lets callers inspect it further). */
  pem: string;
}

export interface HandshakeResult {
  ok: boolean;
  /** Why it failed (OpenSSL's reason, "timed out", "connection refused"…). */
  error?: string;
  version?: ProbeVersion;
  /** OpenSSL name of the negotiated suite (TLS 1.3: the IANA name). */
  cipher?: string;
  /**
   * The chain: in the order sent where the handshake was TLS <= 1.2 (`chainInWireOrder`), else as Node
   * re-links it (leaf first, then each certificate's issuer among those sent).
   */
  chain?: ServedCertificate[];
  chainInWireOrder?: boolean;
}

function servedOf(x: X509Certificate): ServedCertificate {
  const names: string[] = [];
  for (const part of (x.subjectAltName ?? '').split(/,\s*/)) if (part.startsWith('DNS:')) names.push(part.slice(4));
  if (!names.length) {
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject);
    if (cn) names.push(cn[1]);
  }
  return {
    sha256: x.fingerprint256,
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    names,
    pem: x.toString(),
  };
}

function chainOf(socket: tls.TLSSocket): ServedCertificate[] {
  const out: ServedCertificate[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(servedOf(new X509Certificate(c.raw)));
    c = c.issuerCertificate;
  }
  return out;
}

/** One TLS handshake; resolves (never rejects) with what was negotiated, then closes the connection. */
export function handshake(o: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    let done = false;
    // The client offers everything it has, so that only the server's limits decide.
    const ciphers = [o.ciphers ?? 'ALL:COMPLEMENTOFALL', o.tls13Suites ?? candidateTls13Suites().join(':')].filter(Boolean).join(':');
    const options: tls.ConnectionOptions = {
      host: o.host,
      port: o.port,
      rejectUnauthorized: false,
      minVersion: o.minVersion ?? 'TLSv1',
      maxVersion: o.maxVersion ?? 'TLSv1.3',
      ciphers: `${ciphers}:@SECLEVEL=0`,
    };
    if (o.servername) options.servername = o.servername;
    // Below TLS 1.3 the Certificate message is in the clear: keep a copy to read the order it was sent in.
    const tap = options.maxVersion !== 'TLSv1.3' ? tappedConnection(o.host, o.port) : undefined;
    if (tap) {
      options.socket = tap.stream;
      tap.stream.on('error', () => undefined); // reported through the TLS socket
    }
    let socket: tls.TLSSocket;
    const finish = (r: HandshakeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS} ms` }), o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    try {
      socket = tls.connect(options, () => {
        const cipher = socket.getCipher();
        const wire = tap ? certificatesOnWire(tap.received()) : undefined;
        const chain = wire?.length ? wire.map((der) => servedOf(new X509Certificate(der))) : chainOf(socket);
        finish({ ok: true, version: socket.getProtocol() as ProbeVersion, cipher: cipher?.name, chain, chainInWireOrder: !!wire?.length });
      });
    } catch (e) {
      finish({ ok: false, error: (e as Error).message });
      return;
    }
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: shortError(e) }));
    socket.on('close', () => finish({ ok: false, error: 'connection closed during the handshake' }));
  });
}

function shortError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  const m = /routines:[^:]*:([^:]+):/.exec(e.message);
  return m ? m[1] : e.message.split('\n')[0];
}

/** TLS <= 1.2 suites a client can offer for `version` (everything this OpenSSL table has but PSK/SRP). */
export function candidateSuites(version: LegacyProbeVersion): string[] {
  const rank = { SSLv3: 0, TLSv1: 1, 'TLSv1.1': 2, 'TLSv1.2': 3, 'TLSv1.3': 4 } as const;
  return TLS12_SUITES.filter((s) => s.available && !s.psk && !s.srp && rank[s.minProtocol] <= rank[version] && rank[s.maxProtocol] >= rank[version]).map((s) => s.name);
}

export function candidateTls13Suites(): string[] {
  return TLS13_SUITES.filter((s) => s.available).map((s) => s.name);
}

/** Run tasks with at most `limit` at a time. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return out;
}

export interface SuiteEnumeration {
  /** Suites the server accepted, in the order it picked them while the client offered `offered`. */
  picked: string[];
  /** The order the client offered its candidates in. */
  offered: string[];
}

/**
 * Which of `offered` the server accepts at `version`: offer them all, note the one it picks, drop it,
 * repeat until the handshake fails. With server preference the picks come out in the server's order,
 * otherwise in the client's.
 */
export async function enumerateSuites(ep: Endpoint, version: ProbeVersion, offered: string[], timeoutMs?: number): Promise<SuiteEnumeration> {
  const left = [...offered];
  const picked: string[] = [];
  while (left.length) {
    const r = version === 'TLSv1.3'
      ? await handshake({ ...ep, minVersion: version, maxVersion: version, ciphers: 'ALL', tls13Suites: left.join(':'), timeoutMs })
      : await handshake({ ...ep, minVersion: version, maxVersion: version, ciphers: left.join(':'), tls13Suites: '', timeoutMs });
    if (!r.ok || !r.cipher) break;
    const i = left.indexOf(r.cipher);
    if (i < 0) break; // the server chose something not offered: stop rather than loop
    picked.push(r.cipher);
    left.splice(i, 1);
  }
  return { picked, offered };
}

/** Is the order of `picked` the server's? undefined when fewer than two suites tell nothing. */
export function serverOrderFrom(e: SuiteEnumeration): boolean | undefined {
  if (e.picked.length < 2) return undefined;
  const clientOrder = e.offered.filter((s) => e.picked.includes(s));
  return clientOrder.some((s, i) => s !== e.picked[i]);
}

export interface ProbeOptions extends Endpoint {
  timeoutMs?: number;
  /** Parallel handshakes (default 4). */
  concurrency?: number;
  /** The time certificates are judged at (default now). */
  now?: Date;
}

export interface VersionResult {
  version: ProbeVersion;
  ok: boolean;
  /** The suite negotiated when the client offers everything. */
  cipher?: string;
  error?: string;
}

export interface ProbeReport {
  host: string;
  port: number;
  servername: string | null;
  versions: VersionResult[];
  /** Accepted TLS <= 1.2 suites per version (server order where the server imposes one). */
  suites: Record<LegacyProbeVersion, string[]>;
  tls13Suites: string[];
  /**
   * Whether the server picks by its own preference (per version where it could be told apart; the
   * first such verdict is in `serverOrder`).
   */
  serverOrder?: boolean;
  serverOrderByVersion: Partial<Record<ProbeVersion, boolean>>;
  /** The chain a default client gets (highest version). */
  chain: ServedCertificate[];
  /** `chain` is in the order the server sent it (read from a TLS <= 1.2 handshake), not re-linked by Node. */
  chainInWireOrder: boolean;
  /** Chains served to clients that can only use RSA or only ECDSA suites with TLS 1.2 (where they handshake). */
  chainByAuth: { RSA?: ServedCertificate[]; ECDSA?: ServedCertificate[] };
  problems: string[];
}

/**
 * The full probe: every version, the accepted suites of each (with the server's order), the chain for
 * the given SNI name, and what is wrong with that chain.
 */
export async function probeEndpoint(o: ProbeOptions): Promise<ProbeReport> {
  const ep: Endpoint = { host: o.host, port: o.port, servername: o.servername ?? null };
  const limit = o.concurrency ?? 4;
  const t = o.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const versions = await pool(
    PROBE_VERSIONS.map((v) => async (): Promise<VersionResult> => {
      const r = await handshake({ ...ep, minVersion: v, maxVersion: v, timeoutMs: t });
      return { version: v, ok: r.ok, cipher: r.cipher, error: r.error };
    }),
    limit,
  );
  const suites: Record<LegacyProbeVersion, string[]> = { TLSv1: [], 'TLSv1.1': [], 'TLSv1.2': [] };
  const serverOrderByVersion: Partial<Record<ProbeVersion, boolean>> = {};
  let tls13Suites: string[] = [];
  const jobs: (() => Promise<void>)[] = [];
  for (const v of PROBE_VERSIONS) {
    if (!versions.find((x) => x.version === v)?.ok) continue;
    jobs.push(async () => {
      const offered = v === 'TLSv1.3' ? candidateTls13Suites() : candidateSuites(v);
      const e = await enumerateSuites(ep, v, offered, t);
      let order = serverOrderFrom(e);
      // Picks in the client's order may be a coincidence: offer them reversed once. A server with its
      // own order still takes its first; one following the client takes the client's new first.
      if (order === false) {
        const reversed = [...e.picked].reverse();
        const r = v === 'TLSv1.3'
          ? await handshake({ ...ep, minVersion: v, maxVersion: v, ciphers: 'ALL', tls13Suites: reversed.join(':'), timeoutMs: t })
          : await handshake({ ...ep, minVersion: v, maxVersion: v, ciphers: reversed.join(':'), tls13Suites: '', timeoutMs: t });
        if (r.ok) order = r.cipher === e.picked[0];
      }
      if (order !== undefined) serverOrderByVersion[v] = order;
      if (v === 'TLSv1.3') tls13Suites = e.picked;
      else suites[v] = e.picked;
    });
  }
  const best = [...PROBE_VERSIONS].reverse().find((v) => versions.find((x) => x.version === v)?.ok);
  let chain: ServedCertificate[] = [];
  let chainInWireOrder = false;
  const chainByAuth: ProbeReport['chainByAuth'] = {};
  if (best) {
    jobs.push(async () => {
      const r = await handshake({ ...ep, minVersion: best, maxVersion: best, timeoutMs: t });
      chain = r.chain ?? [];
      chainInWireOrder = r.chainInWireOrder === true;
    });
  }
  if (versions.find((x) => x.version === 'TLSv1.2')?.ok) {
    for (const auth of ['RSA', 'ECDSA'] as const) {
      jobs.push(async () => {
        const r = await handshake({ ...ep, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: auth === 'RSA' ? 'aRSA' : 'aECDSA', tls13Suites: '', timeoutMs: t });
        if (r.ok && r.chain) chainByAuth[auth] = r.chain;
      });
    }
  }
  await pool(jobs, limit);
  // A TLS 1.3 chain comes re-linked by Node; a TLS 1.2 handshake that got the same leaf shows the order sent.
  if (!chainInWireOrder && chain[0]) {
    const same = [chainByAuth.ECDSA, chainByAuth.RSA].find((c) => c?.[0]?.sha256 === chain[0].sha256);
    if (same) {
      chain = same;
      chainInWireOrder = true;
    }
  }
  const order = PROBE_VERSIONS.map((v) => serverOrderByVersion[v]).find((x) => x !== undefined);
  const report: ProbeReport = {
    host: o.host,
    port: o.port,
    servername: ep.servername ?? null,
    versions,
    suites,
    tls13Suites,
    serverOrder: order,
    serverOrderByVersion,
    chain,
    chainInWireOrder,
    chainByAuth,
    problems: [],
  };
  report.problems = chainProblems(chain, ep.servername ?? o.host, o.now ?? new Date());
  if (!versions.some((v) => v.ok)) report.problems.unshift(`no handshake succeeded (${versions.map((v) => `${v.version}: ${v.error ?? 'failed'}`).join('; ')})`);
  return report;
}

/** RFC 6125 matching of one DNS name against a certificate name (a wildcard covers one left-most label). */
export function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (p === n) return true;
  if (!p.startsWith('*.')) return false;
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot) === p.slice(1);
}

/**
 * What is wrong with a served chain: expiry, order (each certificate issued by the next), the name.
 * The order is only meaningful for a chain read off the wire (TLS <= 1.2); Node re-links the others.
 */
export function chainProblems(chain: ServedCertificate[], name: string, now: Date): string[] {
  const out: string[] = [];
  if (!chain.length) return out;
  chain.forEach((c, i) => {
    const who = i === 0 ? 'the leaf certificate' : `chain certificate ${i + 1} (${c.subject})`;
    if (c.notAfter.getTime() < now.getTime()) out.push(`${who} expired on ${c.notAfter.toISOString().slice(0, 10)}`);
    else if (c.notBefore.getTime() > now.getTime()) out.push(`${who} is not valid before ${c.notBefore.toISOString().slice(0, 10)}`);
  });
  for (let i = 0; i + 1 < chain.length; i++) {
    if (chain[i].issuer !== chain[i + 1].subject) out.push(`certificate ${i + 1} (${chain[i].subject}) is followed by ${chain[i + 1].subject}, not by its issuer (${chain[i].issuer}): the chain is out of order or has a stray certificate`);
  }
  const isIp = /^[\d.]+$|:/.test(name);
  if (!isIp && !chain[0].names.some((p) => nameMatches(p, name))) out.push(`the leaf certificate does not cover ${name} (it names ${chain[0].names.join(', ') || 'nothing'})`);
  return out;
}
