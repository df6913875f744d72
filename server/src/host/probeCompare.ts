// A live probe against what the engine predicts for the same socket and SNI name: used by the
// ground-truth tests (test/oracle), by `tlslint probe --compare` and by the editor's probe command.
// Pure: the report comes in, readable lines come out.

import type { ProbeReport, ServedCertificate } from './probe';
import { suiteByName } from '../engine/tls/ciphers/table';
import type { Workspace } from '../engine/model/workspace';
import { originText } from '../engine/model/nginxPolicy';
import { handshakeVersions, predictHandshake, servedCertificate, type LegacyVersion, type SocketPrediction, type TlsVersion } from '../engine/model/negotiation';
import { servedOf } from '../engine/model/tlsContext';
import { predictApacheHandshake, type ApacheHandshake } from '../engine/model/apache/negotiation';
import { vhostLabel } from '../engine/model/apache/policy';
import { predictSquidHandshake, type SquidHandshake } from '../engine/model/squid/negotiation';

/** What the engine says a client will see (dialect-neutral), with where each value comes from. */
export interface Prediction {
  versions: TlsVersion[];
  suites: Record<LegacyVersion, string[]>;
  tls13Suites: string[];
  /** Server preference for TLS <= 1.2 suites. */
  serverOrder: boolean;
  /** Server preference for TLS 1.3 suites (may come from another server block under SNI). */
  tls13ServerOrder: boolean;
  /** Chain (SHA-256 fingerprints, file order) for a TLS 1.3 client / RSA-only / ECDSA-only TLS 1.2 client. */
  chains: { tls13?: string[]; RSA?: string[]; ECDSA?: string[] };
  /** Origins per fact, for the diff ("versions" → "nginx.conf:12"). */
  origins: Record<string, string>;
}

function setDiff(a: string[], b: string[]): { onlyA: string[]; onlyB: string[] } {
  return { onlyA: a.filter((x) => !b.includes(x)), onlyB: b.filter((x) => !a.includes(x)) };
}

function listText(xs: string[]): string {
  return xs.length ? xs.join(' ') : '(none)';
}

function chainDiff(what: string, predicted: string[] | undefined, served: ServedCertificate[] | undefined, origin: string, wireOrder: boolean): string | undefined {
  const got = served?.map((c) => c.sha256) ?? [];
  const want = predicted ?? [];
  if (!want.length && !got.length) return undefined;
  if (!want.length) return `${what}: engine predicts no handshake, server sent ${served![0].subject}`;
  if (!got.length) return `${what}: engine predicts the chain of ${origin}, the handshake failed`;
  // Read off the wire, the chain must be the file's, in order; re-linked by Node (TLS 1.3), the leaf
  // must match and the rest as a set.
  const rest = setDiff(want.slice(1), got.slice(1));
  if (want[0] !== got[0] || rest.onlyA.length || rest.onlyB.length || (wireOrder && want.join() !== got.join())) {
    return `${what}: engine predicts ${origin} (leaf ${want[0].slice(0, 23)}…, ${want.length} certificates), server sent leaf ${served![0].subject} ${got[0].slice(0, 23)}… (${got.length} certificates)`;
  }
  return undefined;
}

function suitesOfAuth(names: string[], au: 'aRSA' | 'aECDSA'): boolean {
  return names.some((n) => suiteByName(n)?.au === au);
}

/** Differences between prediction and observation, one readable line each (empty: they agree). */
export function compareProbe(p: Prediction, r: ProbeReport): string[] {
  const out: string[] = [];
  const o = (k: string) => (p.origins[k] ? ` [engine: ${p.origins[k]}]` : '');
  const observed = r.versions.filter((v) => v.ok).map((v) => v.version);
  const vd = setDiff(p.versions, observed);
  if (vd.onlyA.length || vd.onlyB.length) {
    const why = r.versions.filter((v) => vd.onlyA.includes(v.version)).map((v) => `${v.version}: ${v.error}`);
    out.push(`versions: engine ${listText(p.versions)} | server ${listText(observed)}${why.length ? ` (server refused ${why.join('; ')})` : ''}${o('versions')}`);
  }
  for (const v of ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const) {
    if (!p.versions.includes(v) || !observed.includes(v)) continue;
    const d = setDiff(p.suites[v], r.suites[v]);
    if (d.onlyA.length || d.onlyB.length) out.push(`${v} suites: only engine: ${listText(d.onlyA)}; only server: ${listText(d.onlyB)}${o('ciphers')}`);
    else if (p.serverOrder && p.suites[v].join(':') !== r.suites[v].join(':')) {
      out.push(`${v} server order: engine ${listText(p.suites[v])} | server ${listText(r.suites[v])}${o('ciphers')}`);
    }
  }
  if (p.versions.includes('TLSv1.3') && observed.includes('TLSv1.3')) {
    const d = setDiff(p.tls13Suites, r.tls13Suites);
    if (d.onlyA.length || d.onlyB.length) out.push(`TLSv1.3 suites: only engine: ${listText(d.onlyA)}; only server: ${listText(d.onlyB)}${o('tls13')}`);
    else if (p.tls13ServerOrder && p.tls13Suites.join(':') !== r.tls13Suites.join(':')) out.push(`TLSv1.3 server order: engine ${listText(p.tls13Suites)} | server ${listText(r.tls13Suites)}${o('tls13')}`);
  }
  for (const [v, order] of Object.entries(r.serverOrderByVersion)) {
    const want = v === 'TLSv1.3' ? p.tls13ServerOrder : p.serverOrder;
    if (order !== want) out.push(`${v} server preference: engine ${want ? 'on' : 'off'} | server ${order ? 'on' : 'off'}${o(v === 'TLSv1.3' ? 'tls13ServerOrder' : 'serverOrder')}`);
  }
  // Chains: TLS 1.3 (a usual client) and TLS 1.2 with only RSA / only ECDSA suites.
  const best = observed[observed.length - 1];
  if (best === 'TLSv1.3' && p.versions.includes('TLSv1.3')) {
    const d = chainDiff('chain (TLS 1.3)', p.chains.tls13, r.chain, p.origins.certificate ?? '', r.chainInWireOrder);
    if (d) out.push(d);
  }
  if (p.versions.includes('TLSv1.2') && observed.includes('TLSv1.2')) {
    for (const auth of ['RSA', 'ECDSA'] as const) {
      const want = suitesOfAuth(p.suites['TLSv1.2'], auth === 'RSA' ? 'aRSA' : 'aECDSA') ? p.chains[auth] : undefined;
      const d = chainDiff(`chain (TLS 1.2, ${auth} suites)`, want, r.chainByAuth[auth], p.origins[`certificate.${auth}`] ?? '', true);
      if (d) out.push(d);
    }
  }
  return out;
}

/** The engine's prediction for an nginx socket, in the shape the comparison takes. */
export function nginxPrediction(ws: Workspace, socket: SocketPrediction, sni: string | null): Prediction {
  const h = predictHandshake(ws, socket, sni);
  const tls13 = servedCertificate(h);
  const rsa = servedCertificate(h, 'RSA');
  const ecdsa = servedCertificate(h, 'ECDSA');
  return {
    versions: handshakeVersions(h),
    suites: h.suites,
    tls13Suites: h.tls13Suites,
    serverOrder: h.serverOrder,
    tls13ServerOrder: h.tls13ServerOrder,
    chains: { tls13: tls13?.chain, RSA: rsa?.chain, ECDSA: ecdsa?.chain },
    origins: {
      versions: `${h.protocolsOrigin}; ${h.versions.filter((v) => !v.handshakes).map((v) => `${v.version}: ${v.reason}`).join('; ')}; server ${h.selectedBy}`,
      ciphers: `${h.ciphersOrigin}, level ${h.securityLevel}, server ${h.selectedBy}`,
      tls13: h.tls13Origin,
      serverOrder: h.serverOrderOrigin,
      tls13ServerOrder: h.tls13ServerOrderOrigin,
      certificate: tls13 ? originText(tls13.certificate) : '',
      'certificate.RSA': rsa ? originText(rsa.certificate) : '',
      'certificate.ECDSA': ecdsa ? originText(ecdsa.certificate) : '',
    },
  };
}

/** The comparison shape of an Apache or Squid prediction (one context, the same order for TLS 1.3). */
function contextPrediction(h: ApacheHandshake | SquidHandshake, selected: string, tls13Origin: string): Prediction {
  const tls13 = servedOf(h.certificates);
  const rsa = servedOf(h.certificates, 'RSA');
  const ecdsa = servedOf(h.certificates, 'ECDSA');
  const certOrigin = (c: typeof tls13) => (c ? originText(c.certificate) : '');
  return {
    versions: h.versions.filter((v) => v.handshakes).map((v) => v.version),
    suites: h.suites,
    tls13Suites: h.tls13Suites,
    serverOrder: h.serverOrder,
    tls13ServerOrder: h.serverOrder,
    chains: { tls13: tls13?.chain, RSA: rsa?.chain, ECDSA: ecdsa?.chain },
    origins: {
      versions: `${h.protocolsOrigin}; ${h.versions.filter((v) => !v.handshakes).map((v) => `${v.version}: ${v.reason}`).join('; ')}${selected}`,
      ciphers: `${h.ciphersOrigin}, level ${h.securityLevel}${selected}`,
      tls13: tls13Origin,
      serverOrder: h.serverOrderOrigin,
      tls13ServerOrder: h.serverOrderOrigin,
      certificate: certOrigin(tls13),
      'certificate.RSA': certOrigin(rsa),
      'certificate.ECDSA': certOrigin(ecdsa),
    },
  };
}

/** The engine's prediction for httpd on host:port with `sni`, or why there is none. */
export function apachePrediction(ws: Workspace, host: string, port: number, sni: string | null): Prediction | string {
  const h = predictApacheHandshake(ws, host, port, sni);
  if (!h) return `no TLS virtual host for ${host}:${port}`;
  return contextPrediction(h, `; vhost ${vhostLabel(h.vhost)} by ${h.selectedBy}`, h.tls13Origin);
}

/** The engine's prediction for a Squid https_port on host:port (SNI changes nothing). */
export function squidPrediction(ws: Workspace, host: string, port: number): Prediction | string {
  const h = predictSquidHandshake(ws, host, port);
  if (!h) return `no https_port for ${host}:${port}`;
  return contextPrediction(h, `; ${h.port.label}`, "OpenSSL's default (Squid 5 sets no TLS 1.3 suites)");
}
