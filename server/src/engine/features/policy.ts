// The effective TLS policy of a server block as one record: listens, names, protocols, ordered suites,
// TLS 1.3 suites, certificates per name, and every value with the file:line it comes from or the default
// that applies, plus an estimated SSL Labs grade cap. The "Show effective TLS policy" command, the CLI's
// `tlslint policy`, the hover on `server {` and the code lens all render this record.

import type { Dialect, Range } from '../types';
import type { Workspace } from '../model/workspace';
import type { Settings } from '../settings';
import { type NginxServer, type Valued } from '../model/nginxPolicy';
import { nginxPolicies } from '../model/nginxPolicy';
import { sockets, socketLabel } from '../model/sockets';
import { loadProfile } from '../tls/profiles';
import type { RuleContext } from '../rules/rule';
import { certificateNames, serverCertificates, uncoveredParts, checkableServerName, type ServerCertificate } from '../rules/certificateSites';
import type { CipherSuite } from '../tls/ciphers/table';

/** Where a value comes from: a directive (file, 0-based range) or a default. */
export type Origin = { file: string; range: Range } | { default: string };

export interface Sourced<T> {
  value: T;
  origin: Origin;
}

export interface SuiteRecord {
  name: string;
  iana?: string;
  protocols: string;
  kx: string;
  au: string;
  enc: string;
  mac: string;
  forwardSecrecy: boolean;
}

export interface CertificateRecord {
  path: Sourced<string>;
  key?: Sourced<string>;
  subject: string;
  issuer: string;
  names: string[];
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  key_: string;
  signature: string;
  sha256: string;
  chain: string;
  /** The server's names this certificate does not cover. */
  uncoveredNames: string[];
}

export type Grade = 'A' | 'B' | 'C' | 'F';

export interface GradeEstimate {
  /** The best grade the configuration allows (A means no cap found). */
  cap: Grade;
  /** SSL Labs' special grades: T (trust: expired, untrusted, SHA-1), M (name mismatch). */
  flags: ('T' | 'M')[];
  reasons: { grade: Grade | 'T' | 'M'; reason: string }[];
  note: string;
}

export interface PolicyRecord {
  dialect: Dialect;
  kind: string;
  label: string;
  file: string;
  /** The block's range (server { … }). */
  range: Range;
  rootFile: string;
  tls: boolean;
  listens: { address: string; socket: string; tls: boolean; default: boolean; origin: Origin }[];
  names: Sourced<string>[];
  protocols: Sourced<string[]>;
  cipherString: Sourced<string>;
  suites: SuiteRecord[];
  serverOrder: Sourced<boolean>;
  tls13Suites: Sourced<string[]>;
  groups: Sourced<string>;
  certificates: CertificateRecord[];
  sessionTickets: Sourced<boolean>;
  stapling: Sourced<boolean>;
  hsts: Sourced<string> | null;
  grade: GradeEstimate;
}

function origin<T>(v: Valued<T>): Origin {
  const item = v.item ?? v.items?.[0];
  if (item) return { file: item.directive.file, range: item.directive.range };
  return { default: v.defaultNote ?? 'default' };
}

function sourced<T>(v: Valued<T>): Sourced<T> {
  return { value: v.value, origin: origin(v) };
}

function suiteRecord(s: CipherSuite): SuiteRecord {
  return {
    name: s.name,
    iana: s.ianaName,
    protocols: s.minProtocol === s.maxProtocol ? s.minProtocol : `${s.minProtocol}–${s.maxProtocol}`,
    kx: s.kx,
    au: s.au,
    enc: s.enc,
    mac: s.mac,
    forwardSecrecy: s.forwardSecrecy,
  };
}

const DAY = 86_400_000;

function certificateRecord(sc: ServerCertificate, server: NginxServer, now: Date): CertificateRecord {
  const leaf = sc.leaf;
  const names = certificateNames(leaf);
  const keyItem = server.certificates.find((p) => p.certificate.item?.directive === sc.site.directive)?.key;
  const chain = sc.chain;
  const chainText = chain.trust === 'trusted' ? `trusted (${chain.path.length} in file${chain.anchor ? `, anchored at ${chain.anchor.subject}` : ''})` : chain.trust;
  return {
    path: { value: sc.site.arg.text, origin: { file: sc.site.directive.file, range: sc.site.directive.range } },
    key: keyItem ? sourced(keyItem) : undefined,
    subject: leaf.subject.text,
    issuer: leaf.issuer.text,
    names: [...names.dns, ...names.ip],
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    daysLeft: Math.floor((leaf.notAfter.getTime() - now.getTime()) / DAY),
    key_: `${leaf.publicKey.type.toUpperCase()}${leaf.publicKey.bits ? ` ${leaf.publicKey.bits}` : ''}${leaf.publicKey.curveNist ? ` (${leaf.publicKey.curveNist})` : ''}`,
    signature: leaf.signatureAlgorithm.name,
    sha256: leaf.fingerprintSha256,
    chain: chainText + (chain.inOrder ? '' : ', out of order'),
    uncoveredNames: server.names.map((n) => n.name).filter(checkableServerName).filter((n) => uncoveredParts(n, names).length > 0),
  };
}

const RANK: Record<Grade, number> = { A: 0, B: 1, C: 2, F: 3 };

/** SSL Labs' published caps, as far as a configuration shows them (no live test: an estimate). */
export function estimateGrade(p: Pick<PolicyRecord, 'protocols' | 'suites' | 'certificates'>, now: Date): GradeEstimate {
  const reasons: GradeEstimate['reasons'] = [];
  const protocols = new Set(p.protocols.value);
  if (protocols.has('SSLv2')) reasons.push({ grade: 'F', reason: 'SSLv2 is enabled' });
  if (protocols.has('SSLv3')) reasons.push({ grade: 'C', reason: 'SSLv3 is enabled (POODLE)' });
  if (protocols.has('TLSv1') || protocols.has('TLSv1.1')) reasons.push({ grade: 'B', reason: 'TLS 1.0 or 1.1 is enabled' });
  const suites = p.suites;
  if (suites.some((s) => /EXP/.test(s.name))) reasons.push({ grade: 'F', reason: 'export-grade suites are offered' });
  if (suites.some((s) => s.enc === 'NULL' || s.au === 'aNULL')) reasons.push({ grade: 'F', reason: 'unauthenticated or unencrypted suites are offered' });
  if (suites.some((s) => s.enc === 'RC4')) reasons.push({ grade: protocols.has('TLSv1.1') || protocols.has('TLSv1.2') || protocols.has('TLSv1.3') ? 'C' : 'B', reason: 'RC4 suites are offered' });
  if (suites.some((s) => s.enc === '3DES' || s.enc === 'DES' || s.enc === 'IDEA')) reasons.push({ grade: 'C', reason: '64-bit block ciphers (3DES) are offered (SWEET32)' });
  const tls12 = suites.filter((s) => !s.protocols.startsWith('TLSv1.3'));
  if (tls12.length && !tls12.some((s) => s.forwardSecrecy) && !protocols.has('TLSv1.3')) reasons.push({ grade: 'B', reason: 'no suite has forward secrecy' });
  const flags = new Set<'T' | 'M'>();
  for (const c of p.certificates) {
    if (c.daysLeft < 0) {
      flags.add('T');
      reasons.push({ grade: 'T', reason: `certificate ${c.subject} expired on ${c.notAfter.slice(0, 10)}` });
    }
    if (new Date(c.notBefore) > now) {
      flags.add('T');
      reasons.push({ grade: 'T', reason: `certificate ${c.subject} is not valid before ${c.notBefore.slice(0, 10)}` });
    }
    if (!c.chain.startsWith('trusted')) {
      flags.add('T');
      reasons.push({ grade: 'T', reason: `certificate ${c.subject}: chain ${c.chain}` });
    }
    if (/sha1|md5/i.test(c.signature)) {
      flags.add('T');
      reasons.push({ grade: 'T', reason: `certificate ${c.subject} is signed with ${c.signature}` });
    }
    if (c.uncoveredNames.length) {
      flags.add('M');
      reasons.push({ grade: 'M', reason: `certificate ${c.subject} does not cover ${c.uncoveredNames.join(', ')}` });
    }
  }
  let cap: Grade = 'A';
  for (const r of reasons) if (r.grade !== 'T' && r.grade !== 'M' && RANK[r.grade] > RANK[cap]) cap = r.grade;
  return {
    cap,
    flags: [...flags],
    reasons,
    note: 'Static estimate from the configuration and the certificate files, after SSL Labs\' published caps; the real grade also depends on the server build, the key exchange groups and what a live test observes.',
  };
}

function ruleContext(ws: Workspace, settings: Settings): RuleContext {
  const { profile } = loadProfile(settings, (p) => ws.fs.readFile(p));
  return { workspace: ws, settings, profile, report: () => undefined };
}

/** Policy records of the nginx servers written in `file` (or reached through it), in document order. */
export function policiesOf(ws: Workspace, file: string): PolicyRecord[] {
  const ctx = ruleContext(ws, ws.settings);
  const certs = serverCertificates(ctx);
  const socks = sockets(ws);
  const out: PolicyRecord[] = [];
  const seen = new Set<unknown>();
  for (const s of nginxPolicies(ws).servers) {
    if (s.directive.file !== file || seen.has(s.directive)) continue;
    seen.add(s.directive);
    out.push(nginxRecord(ws, s, certs, socks));
  }
  return out;
}

/** The record of the server block containing `line` in `file`, if any (innermost). */
export function policyAt(ws: Workspace, file: string, line: number): PolicyRecord | undefined {
  const all = policiesOf(ws, file).filter((p) => p.range.start.line <= line && line <= p.range.end.line);
  return all.sort((a, b) => b.range.start.line - a.range.start.line)[0];
}

function nginxRecord(ws: Workspace, s: NginxServer, certs: ServerCertificate[], socks: ReturnType<typeof sockets>): PolicyRecord {
  const label = s.names.find((n) => n.name && n.name !== '_')?.name;
  const listens = s.listens.map((l) => {
    const sock = socks.find((x) => x.hosts.some((h) => h.nginxListen === l));
    return {
      address: l.address,
      socket: sock ? `${sock.protocol} ${socketLabel(sock)}` : l.address,
      tls: sock?.tls ?? l.ssl,
      default: sock ? sock.default.nginxListen === l : l.defaultServer,
      origin: { file: l.item.directive.file, range: l.item.directive.range } as Origin,
    };
  });
  const suites = s.tls ? s.suites.ciphers.filter((c) => !c.tls13).map(suiteRecord) : [];
  const tls13 = s.protocols.value.includes('TLSv1.3') ? s.tls13Suites.ciphers.map((c) => c.name) : [];
  const certificates = certs.filter((c) => c.server === s).map((c) => certificateRecord(c, s, ws.now));
  const record: Omit<PolicyRecord, 'grade'> = {
    dialect: 'nginx',
    kind: s.kind,
    label: label ? `server ${label}` : `server (${s.directive.file.split('/').pop()}:${s.directive.range.start.line + 1})`,
    file: s.directive.file,
    range: s.directive.range,
    rootFile: s.root.file,
    tls: s.tls,
    listens,
    names: s.names.map((n) => ({ value: n.name, origin: { file: n.item.directive.file, range: n.range } })),
    protocols: sourced(s.protocols),
    cipherString: sourced(s.ciphers),
    suites,
    serverOrder: sourced(s.preferServerCiphers),
    tls13Suites: s.tls13Ciphers ? { value: tls13, origin: origin(s.tls13Ciphers) } : { value: tls13, origin: { default: `OpenSSL ${ws.settings.targets.openssl} default` } },
    groups: sourced(s.ecdhCurve),
    certificates,
    sessionTickets: sourced(s.sessionTickets),
    stapling: sourced(s.stapling),
    hsts: s.hsts ? { value: s.hsts.value, origin: { file: s.hsts.item.directive.file, range: s.hsts.item.directive.range } } : null,
  };
  return { ...record, grade: estimateGrade(record, ws.now) };
}

function where(o: Origin, link: (file: string, line: number) => string): string {
  return 'default' in o ? `_${o.default}_` : link(o.file, o.range.start.line);
}

/** Markdown for the policy view and hovers; `link` renders a clickable file:line. */
export function renderPolicyMarkdown(records: PolicyRecord[], link: (file: string, line: number) => string, options: { compact?: boolean } = {}): string {
  const out: string[] = [];
  for (const p of records) {
    const grade = `${p.grade.cap}${p.grade.flags.length ? ` (${p.grade.flags.join(', ')})` : ''}`;
    if (options.compact) {
      out.push(`**${p.label}** — ${p.tls ? `TLS · ${p.protocols.value.join(' ') || 'no protocol'} · ${p.suites.length} suites${p.tls13Suites.value.length ? ` + ${p.tls13Suites.value.length} TLS 1.3` : ''}` : 'no TLS'} · estimated grade cap **${grade}**`);
      for (const c of p.certificates) out.push(`- ${c.subject}: ${c.daysLeft >= 0 ? `${c.daysLeft} days left` : `expired ${-c.daysLeft} days ago`} (${c.key_})`);
      continue;
    }
    out.push(`## ${p.label}`, '');
    out.push(`Defined at ${link(p.file, p.range.start.line)}${p.rootFile !== p.file ? `, loaded from ${link(p.rootFile, 0)}` : ''}.`, '');
    out.push('| Setting | Value | From |', '|---|---|---|');
    for (const l of p.listens) out.push(`| listen | \`${l.address}\` → ${l.socket}${l.tls ? ' (TLS)' : ''}${l.default ? ', default' : ''} | ${where(l.origin, link)} |`);
    for (const n of p.names) out.push(`| server name | \`${n.value}\` | ${where(n.origin, link)} |`);
    if (p.tls) {
      out.push(`| protocols | ${p.protocols.value.join(' ') || '(none)'} | ${where(p.protocols.origin, link)} |`);
      out.push(`| cipher string | \`${p.cipherString.value}\` → ${p.suites.length} suites | ${where(p.cipherString.origin, link)} |`);
      out.push(`| server order | ${p.serverOrder.value ? 'on' : 'off'} | ${where(p.serverOrder.origin, link)} |`);
      out.push(`| TLS 1.3 suites | ${p.tls13Suites.value.join(' ') || '(TLS 1.3 off)'} | ${where(p.tls13Suites.origin, link)} |`);
      out.push(`| groups | ${p.groups.value} | ${where(p.groups.origin, link)} |`);
      out.push(`| session tickets | ${p.sessionTickets.value ? 'on' : 'off'} | ${where(p.sessionTickets.origin, link)} |`);
      out.push(`| OCSP stapling | ${p.stapling.value ? 'on' : 'off'} | ${where(p.stapling.origin, link)} |`);
      out.push(`| HSTS | ${p.hsts ? `\`${p.hsts.value}\`` : '(none)'} | ${p.hsts ? where(p.hsts.origin, link) : ''} |`);
    }
    out.push('');
    if (p.tls) {
      out.push(`**Estimated SSL Labs grade cap: ${grade}** — ${p.grade.note}`, '');
      for (const r of p.grade.reasons) out.push(`- ${r.grade}: ${r.reason}`);
      if (!p.grade.reasons.length) out.push('- no cap found');
      out.push('');
      if (p.certificates.length) {
        out.push('### Certificates', '');
        for (const c of p.certificates) {
          out.push(`- \`${c.path.value}\` (${where(c.path.origin, link)}): **${c.subject}**, issued by ${c.issuer}; ${c.key_}, ${c.signature}`);
          out.push(`  - valid ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)} (${c.daysLeft >= 0 ? `${c.daysLeft} days left` : `expired ${-c.daysLeft} days ago`}); chain: ${c.chain}`);
          out.push(`  - names: ${c.names.join(', ') || '(none)'}${c.uncoveredNames.length ? `; **does not cover** ${c.uncoveredNames.join(', ')}` : ''}`);
          out.push(`  - SHA-256 ${c.sha256}`);
        }
        out.push('');
      }
      if (p.suites.length) {
        out.push('### TLS 1.2-and-lower suites, in order', '', '| # | Suite | Protocols | Kx | Au | Enc | MAC |', '|---|---|---|---|---|---|---|');
        p.suites.forEach((s, i) => out.push(`| ${i + 1} | ${s.name}${s.forwardSecrecy ? '' : ' ⚠ no FS'} | ${s.protocols} | ${s.kx} | ${s.au} | ${s.enc} | ${s.mac} |`));
        out.push('');
      }
    }
  }
  return out.join('\n');
}
