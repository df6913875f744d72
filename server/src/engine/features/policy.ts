// The effective TLS policy of a server block as one record: listens, names, protocols, ordered suites,
// TLS 1.3 suites, certificates per name, and every value with the file:line it comes from or the default
// that applies, plus an estimated SSL Labs grade cap. The "Show effective TLS policy" command, the CLI's
// `tlslint policy`, the hover on `server {` and the code lens all render this record.
//
// Records per dialect: nginx server blocks; Apache httpd <VirtualHost>s (and the main server when it has
// SSLEngine on itself), after mod_ssl's merge with the server config (model/apache/policy.ts); Squid
// http_port/https_port lines (the TLS Squid offers clients) and tls_outgoing_options / TLS cache_peer
// lines (the TLS Squid speaks to servers: kind `tls_outgoing_options`/`cache_peer`, no grade reasons
// about certificates since those are client certificates).

import type { Dialect, Range } from '../types';
import type { Workspace } from '../model/workspace';
import type { Settings } from '../settings';
import { type NginxServer, type Valued } from '../model/nginxPolicy';
import { expandForProtocols, nginxPolicies } from '../model/nginxPolicy';
import { apacheCached, vhostLabel, type ApacheVhost } from '../model/apache/policy';
import { argTexts } from '../model/apache/support';
import { squid, type Derived, type SquidOutgoing, type SquidPort } from '../model/squid/policy';
import { expandCiphersuites } from '../tls/ciphers/expand';
import { sockets, socketLabel } from '../model/sockets';
import { loadProfile } from '../tls/profiles';
import type { RuleContext } from '../rules/rule';
import { certificateNames, serverCertificates, coveredBy, checkableServerName, type ServerCertificate } from '../rules/certificateSites';
import { matcherOf } from '../rules/certificateGroups';
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
  /** The record is of a TLS client side (Squid's tls_outgoing_options, cache_peer): no code lens; the grade is only indicative. */
  client?: boolean;
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
  const keyItem = server.certificates.find((p) => p.certificate.item?.directive === sc.site.directive)?.key;
  return certificateRecordOf(sc, server.names.map((n) => n.name), keyItem ? sourced(keyItem) : undefined, now);
}

function certificateRecordOf(sc: ServerCertificate, serverNames: string[], key: Sourced<string> | undefined, now: Date): CertificateRecord {
  const leaf = sc.leaf;
  const names = certificateNames(leaf);
  const matcher = matcherOf(leaf);
  const chain = sc.chain;
  const chainText = chain.trust === 'trusted' ? `trusted (${chain.path.length} in file${chain.anchor ? `, anchored at ${chain.anchor.subject}` : ''})` : chain.trust;
  return {
    path: { value: sc.site.arg.text, origin: { file: sc.site.directive.file, range: sc.site.directive.range } },
    key,
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
    uncoveredNames: serverNames.filter(checkableServerName).filter((n) => !coveredBy(matcher, n)),
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

/**
 * Policy records of the servers written in `file`, in document order: nginx server blocks, Apache
 * VirtualHosts (and the main server), Squid ports and outgoing TLS lines.
 */
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
  // A file several roots reach: the record as the first root reads it (as for nginx).
  for (const v of apacheCached(ws).vhosts) {
    if (v.directive.file !== file || seen.has(v.directive)) continue;
    seen.add(v.directive);
    out.push(apacheRecord(ws, v, certs, socks));
  }
  for (const p of squid(ws)) {
    for (const port of p.ports) {
      if (port.directive.file !== file || seen.has(port.directive)) continue;
      seen.add(port.directive);
      out.push(squidPortRecord(ws, port, certs, socks));
    }
    for (const o of p.outgoing) {
      const d = o.items[0]?.directive;
      if (!d || d.file !== file || seen.has(d)) continue;
      seen.add(d);
      out.push(squidOutgoingRecord(ws, o));
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
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

function defaultTls13(ws: Workspace, protocols: string[], v: Valued<string> | undefined, note: string): Sourced<string[]> {
  const names = protocols.includes('TLSv1.3') ? expandCiphersuites(v?.value).ciphers.map((c) => c.name) : [];
  return v ? { value: names, origin: origin(v) } : { value: names, origin: { default: `${note} (OpenSSL ${ws.settings.targets.openssl} default)` } };
}

function apacheRecord(ws: Workspace, v: ApacheVhost, certs: ServerCertificate[], socks: ReturnType<typeof sockets>): PolicyRecord {
  const listens = v.addresses.map((a) => {
    const sock = socks.find((x) => x.hosts.some((h) => h.apacheAddress === a));
    return {
      address: a.text,
      socket: sock ? `${sock.protocol} ${socketLabel(sock)}` : a.text,
      tls: sock?.tls ?? v.tls,
      default: sock ? sock.default.block === v.directive : false,
      origin: { file: v.directive.file, range: a.arg.range } as Origin,
    };
  });
  const protocols = v.protocols.value;
  const suites = v.tls ? expandForProtocols(v.ciphers.value, protocols, ws.settings.securityLevel).ciphers.filter((c) => !c.tls13).map(suiteRecord) : [];
  // The certificate rules' server for this vhost (rules/apache/sites.ts), found by its directive.
  const certificates = certs
    .filter((c) => c.server.dialect === 'apache' && c.server.directive === v.directive && c.server.root === v.root)
    .map((c) => {
      const pair = v.certificates.find((x) => x.certificate.directive === c.site.directive);
      const key: Sourced<string> | undefined = pair?.key && pair.keyArg ? { value: pair.keyArg.text, origin: { file: pair.key.directive.file, range: pair.key.directive.range } } : undefined;
      return certificateRecordOf(c, v.names.map((n) => n.name), key, ws.now);
    });
  const groupsText = v.groups ? argTexts(v.groups.directive, v.groups.ctx.root)[1] ?? '' : '';
  const hsts = [...v.hsts].reverse().find((h) => h.action !== 'unset');
  const record: Omit<PolicyRecord, 'grade'> = {
    dialect: 'apache',
    kind: v.kind,
    label: vhostLabel(v),
    file: v.directive.file,
    range: v.directive.range,
    rootFile: v.root.file,
    tls: v.tls,
    listens,
    names: v.names.map((n) => ({ value: n.name, origin: { file: n.item.directive.file, range: n.range } })),
    protocols: sourced(v.protocols),
    cipherString: sourced(v.ciphers),
    suites,
    serverOrder: sourced(v.honorOrder),
    tls13Suites: defaultTls13(ws, protocols, v.tls13Ciphers, 'no SSLCipherSuite TLSv1.3'),
    groups: v.groups ? { value: groupsText, origin: { file: v.groups.directive.file, range: v.groups.directive.range } } : { value: 'OpenSSL default', origin: { default: 'no SSLOpenSSLConfCmd Curves/Groups (OpenSSL default groups)' } },
    certificates,
    sessionTickets: sourced(v.sessionTickets),
    stapling: sourced(v.stapling),
    hsts: hsts ? { value: hsts.value, origin: { file: hsts.item.directive.file, range: hsts.item.directive.range } } : null,
  };
  return { ...record, grade: estimateGrade(record, ws.now) };
}

function derived<T>(d: Derived<T>): Sourced<T> {
  const o = d.from[0];
  return { value: d.value, origin: o ? { file: o.item.directive.file, range: o.arg.range } : { default: d.defaultNote ?? 'Squid default' } };
}

function squidCommon(ws: Workspace, t: SquidPort | SquidOutgoing, side: 'server' | 'client') {
  // A copy: the model's protocol lists are shared between its records.
  const protocols = [...t.protocols.value];
  const flag = t.optionFlags.find((f) => !f.cleared && f.name.toUpperCase() === 'CIPHER_SERVER_PREFERENCE');
  return {
    protocols: { ...derived(t.protocols), value: protocols },
    cipherString: derived(t.ciphers),
    suites: expandForProtocols(t.ciphers.value, protocols, ws.settings.securityLevel, side).ciphers.filter((c) => !c.tls13).map(suiteRecord),
    serverOrder: flag ? { value: true, origin: { file: flag.option.item.directive.file, range: flag.range } as Origin } : { value: false, origin: { default: 'no CIPHER_SERVER_PREFERENCE in options= (OpenSSL: the client\'s order)' } as Origin },
    // Squid has no option for the TLS 1.3 suites: OpenSSL's default list applies.
    tls13Suites: defaultTls13(ws, protocols, undefined, 'Squid has no TLS 1.3 suite option'),
    sessionTickets: derived(t.sessionTickets),
    stapling: { value: false, origin: { default: 'Squid does not staple OCSP responses' } as Origin },
  };
}

function squidPortRecord(ws: Workspace, port: SquidPort, certs: ServerCertificate[], socks: ReturnType<typeof sockets>): PolicyRecord {
  const sock = socks.find((x) => x.hosts.some((h) => h.squid === port));
  const own = certs.filter((c) => c.server.dialect === 'squid' && c.server.directive === port.directive);
  const names = own[0]?.server.names ?? [];
  const record: Omit<PolicyRecord, 'grade'> = {
    dialect: 'squid',
    kind: port.kind,
    label: port.label,
    file: port.directive.file,
    range: port.directive.range,
    rootFile: port.root.file,
    tls: port.tls,
    listens: port.address
      ? [{ address: port.address.text, socket: sock ? `${sock.protocol} ${socketLabel(sock)}` : port.address.text, tls: port.tls, default: true, origin: { file: port.directive.file, range: port.address.range } }]
      : [],
    // accel ports: defaultsite= (the name the certificate rules check).
    names: names.map((n) => ({ value: n.name, origin: { file: n.item.directive.file, range: n.range } })),
    ...squidCommon(ws, port, 'server'),
    groups: port.dh?.curve ? { value: port.dh.curve.text, origin: { file: port.directive.file, range: port.dh.curve.range } } : { value: 'OpenSSL default', origin: { default: 'no tls-dh=curve: (OpenSSL default groups)' } },
    certificates: own.map((c) => {
      const pair = port.certificates.find((x) => x.cert.value === c.site.arg || x.cert.arg === c.site.arg);
      const key: Sourced<string> | undefined = pair?.key?.value ? { value: pair.key.value.text, origin: { file: pair.key.item.directive.file, range: pair.key.value.range } } : undefined;
      return certificateRecordOf(c, names.map((n) => n.name), key, ws.now);
    }),
    hsts: null,
  };
  return { ...record, grade: estimateGrade(record, ws.now) };
}

function squidOutgoingRecord(ws: Workspace, o: SquidOutgoing): PolicyRecord {
  const first = o.items[0].directive;
  const record: Omit<PolicyRecord, 'grade'> = {
    dialect: 'squid',
    kind: o.kind,
    label: `${o.label} (Squid as a TLS client)`,
    file: first.file,
    range: first.range,
    rootFile: o.root.file,
    tls: true,
    listens: [],
    names: o.host ? [{ value: o.host, origin: { file: first.file, range: first.args[0]?.range ?? first.range } }] : [],
    ...squidCommon(ws, o, 'client'),
    groups: { value: 'OpenSSL default', origin: { default: 'OpenSSL default groups' } },
    // Client certificates are not what a server's grade is about.
    certificates: [],
    hsts: null,
    client: true,
  };
  const grade = estimateGrade(record, ws.now);
  return { ...record, grade: { ...grade, note: `Squid as a TLS client: what this side offers to servers, judged by the same caps. ${grade.note}` } };
}

/**
 * The compact policy summary of the server whose head or end is on `line` (`<VirtualHost …>` and
 * `</VirtualHost>`, a Squid port line), put above `base` (the directive's own hover); undefined when no record starts there.
 */
export function withPolicySummary(ws: Workspace, file: string, line: number, base: { markdown: string; range: Range } | undefined, range: Range, kinds?: string[]): { markdown: string; range: Range } | undefined {
  const record = policyAt(ws, file, line);
  if (!record || (record.range.start.line !== line && record.range.end.line !== line) || (kinds && !kinds.includes(record.kind))) return undefined;
  const summary = renderPolicyMarkdown([record], (f, l) => `${f.split('/').pop()}:${l + 1}`, { compact: true });
  return { markdown: base ? `${summary}\n\n---\n\n${base.markdown}` : summary, range: base?.range ?? range };
}

/**
 * Apache `Listen` hover: the vhost groups on the port this Listen directive opens (every group of the port
 * for `Listen 443`, the matching address for `Listen 192.0.2.1:443`), each with its vhosts in load order,
 * the default first, and the compact policy of each TLS vhost. Undefined when no vhost uses the port.
 */
export function apacheListenSummary(ws: Workspace, listen: import('../syntax/tree').Directive): string | undefined {
  const entry = apacheCached(ws).listens.find((l) => l.item.directive === listen);
  if (!entry || entry.port === null) return undefined;
  const host = entry.host === '*' || entry.host === '0.0.0.0' ? undefined : entry.host.toLowerCase();
  const groups = sockets(ws).filter((s) => s.dialect === 'apache' && s.root === entry.item.ctx.root && s.port === entry.port && (!host || s.host === host || s.host === '*'));
  if (!groups.length) return undefined;
  const link = (f: string, l: number) => `${f.split('/').pop()}:${l + 1}`;
  const out: string[] = [`**Listen ${listen.args.map((a) => a.text).join(' ')}** — ${entry.protocol}${entry.explicitProtocol ? '' : ' (default for this port)'}; virtual hosts on port ${entry.port}, in the order httpd tries them:`, ''];
  for (const s of groups) {
    const seen = new Set<unknown>();
    const hosts = s.hosts.filter((h) => !seen.has(h.block) && seen.add(h.block));
    out.push(`- \`${socketLabel(s)}\`${s.tls ? ' (TLS)' : ''}: ${hosts.map((h, i) => `${h.label} (${link(h.block.file, h.block.range.start.line)})${i === 0 ? ' — default' : ''}`).join('; ')}`);
  }
  const records: PolicyRecord[] = [];
  for (const s of groups) {
    for (const h of s.hosts) {
      if (!h.declaresTls || records.some((r) => r.file === h.block.file && r.range.start.line === h.block.range.start.line)) continue;
      const r = policiesOf(ws, h.block.file).find((x) => x.range.start.line === h.block.range.start.line && x.dialect === 'apache');
      if (r) records.push(r);
    }
  }
  if (records.length) out.push('', renderPolicyMarkdown(records.slice(0, 6), link, { compact: true }));
  if (records.length > 6) out.push(`- … and ${records.length - 6} more TLS vhosts`);
  return out.join('\n');
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
