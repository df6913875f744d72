// How a probe report reads: plain text for the CLI, Markdown for the editor. Same facts, same order:
// versions, suites, chain, problems, then where the live endpoint differs from the configuration.

import type { ProbeReport, ServedCertificate } from './probe';

const LABEL: Record<string, string> = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

export interface ProbeComparison {
  /** What was compared ("server example.test at nginx.conf:12"). */
  subject: string;
  differences: string[];
}

function target(r: ProbeReport): string {
  const host = r.host.includes(':') ? `[${r.host}]` : r.host;
  return `${host}:${r.port} (${r.servername ? `SNI ${r.servername}` : 'no SNI'})`;
}

function certLine(c: ServedCertificate, i: number, now: Date): string {
  const days = Math.floor((c.notAfter.getTime() - now.getTime()) / 86_400_000);
  const until = `${c.notAfter.toISOString().slice(0, 10)}${days < 0 ? ', expired' : ` (${days} days)`}`;
  return `${i + 1}. ${c.subject} — issued by ${c.issuer}; valid until ${until}${c.names.length ? `; names ${c.names.join(', ')}` : ''}; SHA-256 ${c.sha256}`;
}

function sections(r: ProbeReport, cmp: ProbeComparison | undefined, now: Date): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  out.push({
    title: 'Protocol versions',
    lines: r.versions.map((v) => `${LABEL[v.version]}: ${v.ok ? `yes (${v.cipher})` : `no — ${v.error ?? 'handshake failed'}`}`),
  });
  const suites: string[] = [];
  for (const v of ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'] as const) {
    const list = v === 'TLSv1.3' ? r.tls13Suites : r.suites[v];
    if (list.length) suites.push(`${LABEL[v]}: ${list.join(' ')}`);
  }
  if (r.serverOrder !== undefined) suites.push(r.serverOrder ? 'The server picks by its own order (listed in that order).' : 'The client\'s order decides.');
  out.push({ title: 'Accepted suites', lines: suites.length ? suites : ['none'] });
  out.push({ title: r.chain.length && !r.chainInWireOrder ? 'Certificate chain served (TLS 1.3 only: listed leaf first, then by issuer)' : 'Certificate chain served', lines: r.chain.length ? r.chain.map((c, i) => certLine(c, i, now)) : ['none'] });
  for (const a of ['RSA', 'ECDSA'] as const) {
    const c = r.chainByAuth[a];
    if (c?.[0] && r.chain[0] && c[0].sha256 !== r.chain[0].sha256) out[out.length - 1].lines.push(`TLS 1.2 clients using ${a} suites get: ${c[0].subject} (SHA-256 ${c[0].sha256})`);
  }
  out.push({ title: 'Problems', lines: r.problems.length ? r.problems : ['none found'] });
  if (cmp) out.push({ title: `Compared with the configuration (${cmp.subject})`, lines: cmp.differences.length ? cmp.differences : ['the endpoint behaves as the configuration says'] });
  return out;
}

export function formatProbeText(r: ProbeReport, cmp?: ProbeComparison, now = new Date()): string {
  const lines = [`Probe of ${target(r)}`];
  for (const s of sections(r, cmp, now)) {
    lines.push('', `${s.title}:`);
    for (const l of s.lines) lines.push(`  ${l}`);
  }
  return lines.join('\n') + '\n';
}

function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function formatProbeMarkdown(r: ProbeReport, cmp?: ProbeComparison, now = new Date()): string {
  const lines = [`# tlslint probe of ${md(target(r))}`];
  for (const s of sections(r, cmp, now)) {
    lines.push('', `## ${md(s.title)}`, '');
    for (const l of s.lines) lines.push(`- ${md(l)}`);
  }
  return lines.join('\n') + '\n';
}

/** The report as JSON-ready data (dates as ISO strings, no PEM unless asked). */
export function probeJson(r: ProbeReport, cmp?: ProbeComparison, withPem = false): unknown {
  const cert = (c: ServedCertificate) => ({ ...c, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString(), pem: withPem ? c.pem : undefined });
  return {
    ...r,
    chain: r.chain.map(cert),
    chainByAuth: { RSA: r.chainByAuth.RSA?.map(cert), ECDSA: r.chainByAuth.ECDSA?.map(cert) },
    comparison: cmp,
  };
}
