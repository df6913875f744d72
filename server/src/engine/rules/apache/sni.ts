// Apache httpd's parts of the socket rules (sni-duplicate-name, sni-no-default, sni-default-cert-mismatch,
// listen-ssl-missing), over the name-based vhost groups of model/sockets.ts. httpd (checked with
// `apache2 -t -D DUMP_VHOSTS`) lists the vhosts of an address:port in load order; the first is the
// default, and a request's name goes to the first vhost whose ServerName or ServerAlias (wildcards
// included) matches it: an earlier `ServerAlias *.example.com` shadows a later `ServerName a.example.com`.

import type { DialectCheck } from '../rule';
import { mergeByOrder, socketsOf, socketLabel, type Socket, type VirtualHost } from '../../model/sockets';
import { certName, certificateNames, checkableServerName, coveredBy, serverCertificates } from '../certificateSites';
import { matcherOf } from '../certificateGroups';
import { certServer } from './sites';
import { apacheNameMatches } from '../../model/apache/negotiation';

function apacheSockets(ws: Parameters<typeof socketsOf>[0]): Socket[] {
  return socketsOf(ws, 'apache');
}

function rootFile(s: Socket): string | undefined {
  return s.root.fragment ? undefined : s.root.file;
}

const distinctHosts = new WeakMap<Socket, VirtualHost[]>();
const distinctLeftOut = new WeakMap<readonly VirtualHost[], VirtualHost[]>();

/** A vhost listing one address twice is on the socket once: its first entry. */
function distinct(list: readonly VirtualHost[]): VirtualHost[] {
  const seen = new Set<unknown>();
  return list.filter((h) => !seen.has(h.block) && seen.add(h.block));
}

/**
 * Distinct vhosts of a socket, in load order; once per socket. In a focused lint the left-out ones are
 * made distinct once per run of keystrokes (their blocks are in other files than the linted ones, so the
 * two lists merge).
 */
function vhostsOf(s: Socket): VirtualHost[] {
  let list = distinctHosts.get(s);
  if (!list) {
    list = s.leftOut ? mergeByOrder(distinct(s.linted), leftOutVhosts(s.leftOut)) : distinct(s.hosts);
    distinctHosts.set(s, list);
  }
  return list;
}

function leftOutVhosts(leftOut: readonly VirtualHost[]): VirtualHost[] {
  let list = distinctLeftOut.get(leftOut);
  if (!list) distinctLeftOut.set(leftOut, (list = distinct(leftOut)));
  return list;
}

/** The linted vhosts of a socket (all in a full lint): the only ones a finding can be reported on. */
function lintedVhosts(s: Socket): VirtualHost[] {
  return s.leftOut ? distinct(s.linted) : vhostsOf(s);
}

/**
 * A socket's vhosts (vhostsOf) from the `from`-th on, mapped by `make`; in a focused lint the left-out
 * vhosts' values are made once per run of keystrokes and kept in `cache` (by the socket's left-out list).
 */
function mapVhosts<T>(s: Socket, from: number, cache: WeakMap<readonly VirtualHost[], T[]>, make: (h: VirtualHost) => T): T[] {
  const hosts = vhostsOf(s);
  if (!s.leftOut) return hosts.slice(from).map(make);
  const lo = leftOutVhosts(s.leftOut);
  let made = cache.get(s.leftOut);
  if (!made) cache.set(s.leftOut, (made = []));
  const out: T[] = [];
  // `hosts` merges the linted vhosts with `lo` in load order: walk both.
  for (let i = 0, j = 0; i < hosts.length; i++) {
    const h = hosts[i];
    const left = j < lo.length && h === lo[j];
    if (i >= from) out.push(left ? (made[j] ??= make(h)) : make(h));
    if (left) j++;
  }
  return out;
}

const isGlob = (n: string) => /[*?]/.test(n);

/**
 * Every name `later` matches is matched by the wildcard `earlier` first: a plain name it matches, or a
 * wildcard whose fixed part it matches as it stands (`*.example.com` covers `*.shop.example.com`).
 */
function shadows(earlier: string, later: string): boolean {
  if (!isGlob(earlier)) return false;
  if (!isGlob(later)) return apacheNameMatches(earlier, later);
  return /^\*[^*?]*$/.test(earlier) && !later.includes('?') && apacheNameMatches(earlier, later);
}

const duplicateName: DialectCheck = {
  ruleId: 'sni-duplicate-name',
  dialect: 'apache',
  example: '# sites-enabled/a.conf\n<VirtualHost *:443>\n    ServerName www.example.com\n    SSLEngine on\n    ...\n</VirtualHost>\n# sites-enabled/b.conf\n<VirtualHost *:443>\n    ServerName b.example.com\n    ServerAlias www.example.com\n    SSLEngine on\n    ...\n</VirtualHost>',
  useInstead: '# each name in one <VirtualHost> per address:port\n<VirtualHost *:443>\n    ServerName www.example.com\n    ...\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName b.example.com\n    ...\n</VirtualHost>',
  check(ctx) {
    for (const s of apacheSockets(ctx.workspace)) {
      if (!s.tls) continue;
      const hosts = vhostsOf(s);
      if (hosts.length < 2) continue;
      // In a focused lint only the linted vhosts can get a finding; the left-out ones' names are indexed
      // once per run of keystrokes, and one of them counts when it comes before the vhost in load order.
      const other = s.leftOut ? leftOutNames(s.leftOut) : undefined;
      const earlier = new EarlierNames();
      for (const h of other ? lintedVhosts(s) : hosts) {
        for (const n of h.names) {
          const own = earlier.firstMatch(n.name);
          const o = other?.firstMatch(n.name);
          const prev = o && o.host.order < h.order && (!own || o.host.order < own.host.order) ? o : own;
          if (prev) {
            const exact = prev.name.toLowerCase() === n.name.toLowerCase();
            ctx.report({
              file: n.file,
              range: n.range,
              message: exact
                ? `"${n.name}" is already a name of ${prev.host.label}, loaded earlier on ${socketLabel(s)}: httpd gives requests for it to the first vhost that names it, so this one never serves it`
                : `"${n.name}" is matched first by the wildcard alias "${prev.name}" of ${prev.host.label}, loaded earlier on ${socketLabel(s)}: httpd tries the vhosts in load order, so requests for it never reach this one`,
              related: [{ file: prev.file, range: prev.range, message: `${exact ? 'first named' : 'matched first'} by ${prev.host.label}` }],
              rootFile: rootFile(s),
            });
          }
        }
        for (const n of h.names) earlier.add({ host: h, name: n.name, file: n.file, range: n.range });
      }
    }
  },
};

interface EarlierName {
  host: VirtualHost;
  name: string;
  file: string;
  range: VirtualHost['names'][number]['range'];
}

const leftOutIndex = new WeakMap<readonly VirtualHost[], EarlierNames>();

/** The names of a socket's left-out vhosts, indexed in load order (once per run of keystrokes). */
function leftOutNames(leftOut: readonly VirtualHost[]): EarlierNames {
  let index = leftOutIndex.get(leftOut);
  if (!index) {
    index = new EarlierNames();
    for (const h of leftOutVhosts(leftOut)) for (const n of h.names) index.add({ host: h, name: n.name, file: n.file, range: n.range });
    leftOutIndex.set(leftOut, index);
  }
  return index;
}

/**
 * The names of the vhosts loaded so far on one socket, indexed so that the first one a new name repeats
 * or is shadowed by is found without a scan: exact names by their lower-case form, `*suffix` wildcards by
 * their suffix (looked up with every suffix of the new name), other wildcards (rare) in a list.
 */
class EarlierNames {
  private count = 0;
  private readonly exact = new Map<string, { at: number; e: EarlierName }>();
  private readonly starSuffix = new Map<string, { at: number; e: EarlierName }>();
  private readonly otherGlobs: { at: number; e: EarlierName }[] = [];

  add(e: EarlierName): void {
    const entry = { at: this.count++, e };
    const lower = e.name.toLowerCase();
    if (!this.exact.has(lower)) this.exact.set(lower, entry);
    if (!isGlob(e.name)) return;
    if (/^\*[^*?]*$/.test(e.name)) {
      const suffix = lower.slice(1);
      if (!this.starSuffix.has(suffix)) this.starSuffix.set(suffix, entry);
    } else this.otherGlobs.push(entry);
  }

  /** The earliest name that `name` repeats (case-insensitively) or that shadows it (see `shadows`). */
  firstMatch(name: string): EarlierName | undefined {
    const lower = name.toLowerCase();
    let best = this.exact.get(lower);
    const consider = (c: { at: number; e: EarlierName } | undefined) => {
      if (c && (!best || c.at < best.at)) best = c;
    };
    // A later wildcard with `?` is shadowed by nothing; one with `*` only by a `*fixed` wildcard.
    if (this.starSuffix.size && !(isGlob(name) && name.includes('?'))) {
      for (let i = 0; i <= lower.length; i++) consider(this.starSuffix.get(lower.slice(i)));
    }
    if (!isGlob(name)) {
      for (const c of this.otherGlobs) {
        if (best && best.at < c.at) break;
        if (shadows(c.e.name, name)) consider(c);
      }
    }
    return best?.e;
  }
}

/** The default is made explicit by a catch-all that is loaded first on purpose: `_default_`, or a `000-…` file (Debian's 000-default.conf). */
function explicitlyFirst(h: VirtualHost): boolean {
  return h.apacheAddress?.host === '_default_' || /^000[-_.]/.test(h.block.file.split('/').pop() ?? '');
}

const sameAddressNote = (h: VirtualHost) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same address:port` });
const sameAddressNotes = new WeakMap<readonly VirtualHost[], ReturnType<typeof sameAddressNote>[]>();

const noDefault: DialectCheck = {
  ruleId: 'sni-no-default',
  dialect: 'apache',
  example: '# sites-enabled/shop.conf\n<VirtualHost *:443>\n    ServerName shop.example.com\n    SSLEngine on\n</VirtualHost>\n# sites-enabled/www.conf\n<VirtualHost *:443>\n    ServerName www.example.com\n    SSLEngine on\n</VirtualHost>',
  useInstead: '# sites-enabled/000-default-ssl.conf: loaded first, so the default on purpose\n<VirtualHost _default_:443>\n    SSLEngine on\n    SSLCertificateFile ...\n</VirtualHost>\n# sites-enabled/shop.conf, sites-enabled/www.conf as before',
  check(ctx) {
    for (const s of apacheSockets(ctx.workspace)) {
      if (!s.tls) continue;
      const hosts = vhostsOf(s);
      if (hosts.length < 2) continue;
      const d = hosts[0];
      // A left-out default's finding is in a file a focused lint does not report on.
      if (explicitlyFirst(d) || (s.leftOut && !d.apache)) continue;
      const marked = hosts.find((h) => h.apacheAddress?.host === '_default_');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: marked
          ? `${hosts.length} vhosts share ${socketLabel(s)} and ${d.label}, the first httpd loads, is their default: ${marked.label} is not, although it says _default_ (httpd treats _default_ like *); load it first (e.g. in 000-default-ssl.conf)`
          : `${hosts.length} vhosts share ${socketLabel(s)} and none is made the default on purpose: ${d.label}, the first httpd loads, answers clients without SNI or with names no vhost claims; put the intended default first (e.g. a _default_ vhost in 000-default-ssl.conf)`,
        related: mapVhosts(s, 1, sameAddressNotes, sameAddressNote),
        rootFile: rootFile(s),
      });
    }
  },
};

/** The names a default's certificates miss (lower case, each once): how many, and the first four in load order. */
interface Uncovered {
  count: number;
  first: string[];
}

/** Full lint: the names of the vhosts after the default, in first-seen order. */
function fullUncovered(hosts: readonly VirtualHost[], uncoveredOf: (h: VirtualHost) => string[]): Uncovered {
  const seen = new Set<string>();
  for (let i = 1; i < hosts.length; i++) for (const n of uncoveredOf(hosts[i])) seen.add(n);
  const all = [...seen];
  return { count: all.length, first: all.slice(0, 4) };
}

interface NameUse {
  lower: string;
  /** Load order of the first vhost using it. */
  order: number;
}

/** Each uncovered name once, at its first use, in load order. */
function firstUses(hosts: readonly VirtualHost[], uncoveredOf: (h: VirtualHost) => string[]): { list: NameUse[]; byLower: Map<string, NameUse> } {
  const byLower = new Map<string, NameUse>();
  const list: NameUse[] = [];
  for (const h of hosts) {
    for (const lower of uncoveredOf(h)) {
      if (byLower.has(lower)) continue;
      const use = { lower, order: h.order };
      byLower.set(lower, use);
      list.push(use);
    }
  }
  return { list, byLower };
}

/** Per left-out list: for a few sets of certificate names (by JSON), the left-out vhosts' uncovered names. */
const leftOutUses = new WeakMap<readonly VirtualHost[], { key: string; uses: ReturnType<typeof firstUses> }[]>();

/**
 * The uncovered names of a focused lint: the linted vhosts' (after the default, which is linted) and the
 * left-out ones' (listed once per run of keystrokes and set of certificate names). Whether a name is
 * covered depends on the name alone, so the two lists merge: a name both use counts once, at its first use.
 */
function focusedUncovered(s: Socket, leftOut: readonly VirtualHost[], key: string, uncoveredOf: (h: VirtualHost) => string[]): Uncovered {
  let known = leftOutUses.get(leftOut);
  if (!known) leftOutUses.set(leftOut, (known = []));
  let entry = known.find((k) => k.key === key);
  if (!entry) {
    if (known.length >= 8) known.shift();
    known.push((entry = { key, uses: firstUses(leftOutVhosts(leftOut), uncoveredOf) }));
  }
  const other = entry.uses;
  const mine = firstUses(lintedVhosts(s).slice(1), uncoveredOf);
  let shared = 0;
  for (const u of mine.list) if (other.byLower.has(u.lower)) shared++;
  const first: string[] = [];
  // The later use of a name both lists have is skipped: its earlier one was (or will be) taken.
  for (let i = 0, j = 0; first.length < 4 && (i < mine.list.length || j < other.list.length); ) {
    const a = mine.list[i];
    const b = other.list[j];
    if (b && (!a || b.order < a.order)) {
      j++;
      if ((mine.byLower.get(b.lower)?.order ?? Infinity) > b.order) first.push(b.lower);
    } else {
      i++;
      if ((other.byLower.get(a.lower)?.order ?? Infinity) > a.order) first.push(a.lower);
    }
  }
  return { count: mine.list.length + other.list.length - shared, first };
}

const defaultCertMismatch: DialectCheck = {
  ruleId: 'sni-default-cert-mismatch',
  dialect: 'apache',
  example: '<VirtualHost _default_:443>\n    SSLEngine on\n    SSLCertificateFile /etc/ssl/certs/ssl-cert-snakeoil.pem\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName shop.example.com\n    SSLEngine on\n    SSLCertificateFile shop.crt\n</VirtualHost>',
  useInstead: 'SSLStrictSNIVHostCheck on\n<VirtualHost _default_:443>\n    ...',
  check(ctx) {
    const certs = serverCertificates(ctx);
    for (const s of apacheSockets(ctx.workspace)) {
      if (!s.tls) continue;
      const hosts = vhostsOf(s);
      const d = hosts[0];
      if (hosts.length < 2 || !d.apache?.tls || d.apache.strictSni.value) continue;
      const server = certServer(d.apache);
      const own = certs.filter((c) => c.server === server);
      if (!own.length) continue;
      const ownNames = own.map((c) => certificateNames(c.leaf));
      const matchers = own.map((c) => matcherOf(c.leaf));
      const uncoveredOf = (h: VirtualHost): string[] => {
        const out: string[] = [];
        if (h.declaresTls) for (const n of h.names) if (checkableServerName(n.name) && matchers.every((m) => !coveredBy(m, n.name))) out.push(n.name.toLowerCase());
        return out;
      };
      const uncovered = s.leftOut ? focusedUncovered(s, s.leftOut, JSON.stringify(ownNames), uncoveredOf) : fullUncovered(hosts, uncoveredOf);
      if (!uncovered.count) continue;
      const shown = uncovered.first.join(', ') + (uncovered.count > 4 ? ` and ${uncovered.count - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)} (first loaded), and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${uncovered.count > 1 ? 'those names' : 'that name'} without SNI get a name mismatch; "SSLStrictSNIVHostCheck on" refuses them instead`,
        related: hosts.slice(1).slice(0, 8).map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same address:port` })),
        rootFile: rootFile(s),
      });
    }
  },
};

const sslMissing: DialectCheck = {
  ruleId: 'listen-ssl-missing',
  dialect: 'apache',
  example: '<VirtualHost *:8443>\n    ServerName a.example.com\n    SSLEngine on\n    ...\n</VirtualHost>\n<VirtualHost *:8443>\n    ServerName b.example.com\n</VirtualHost>',
  useInstead: '<VirtualHost *:8443>\n    ServerName b.example.com\n    SSLEngine on\n    ...\n</VirtualHost>',
  check(ctx) {
    for (const s of apacheSockets(ctx.workspace)) {
      if (!s.tls) continue;
      const hosts = vhostsOf(s);
      const tlsHost = hosts.find((h) => h.declaresTls);
      if (!tlsHost) continue;
      for (const h of lintedVhosts(s)) {
        // vhost-ssl-engine-missing reports vhosts on 443 and on `Listen … https` ports.
        if (h.declaresTls || !h.apache || h.apache.tlsPort) continue;
        ctx.report({
          file: h.listen.directive.file,
          range: h.listen.range,
          message: `${h.label} has no SSLEngine on, but ${tlsHost.label} serves TLS on ${socketLabel(s)}: mod_ssl decides TLS or plain HTTP per connection from the address's first vhost (${hosts[0].label}), so ${hosts[0].declaresTls ? 'this vhost is reached over TLS without any TLS settings of its own' : 'the TLS vhost answers its clients in plain HTTP'}; give every vhost of an address:port the same SSLEngine`,
          related: [{ file: tlsHost.listen.directive.file, range: tlsHost.listen.range, message: `${tlsHost.label} has SSLEngine on` }],
          rootFile: rootFile(s),
        });
      }
    }
  },
};

/**
 * An IP-based group next to a `*:port` one: httpd (checked with a real start) considers only the vhosts of
 * the IP's group for connections to that IP, so the names of the `*:port` vhosts are not served there.
 */
const addressForms: DialectCheck = {
  ruleId: 'listen-options-conflict',
  dialect: 'apache',
  example: '<VirtualHost 192.0.2.10:443>\n    ServerName a.example.com\n    ...\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName b.example.com\n    ...\n</VirtualHost>',
  useInstead: '<VirtualHost *:443>\n    ServerName a.example.com\n    ...\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName b.example.com\n    ...\n</VirtualHost>',
  check(ctx) {
    const all = apacheSockets(ctx.workspace);
    for (const s of all) {
      if (s.host === '*') continue;
      const wild = all.find((w) => w.root === s.root && w.host === '*' && w.port === s.port);
      if (!wild) continue;
      const here = new Set(vhostsOf(s).flatMap((h) => h.names.map((n) => n.name.toLowerCase())));
      const blocksHere = new Set(s.hosts.map((x) => x.block));
      const lost = vhostsOf(wild).filter((h) => !blocksHere.has(h.block) && h.names.some((n) => !here.has(n.name.toLowerCase())));
      if (!lost.length) continue;
      const names = [...new Set(lost.flatMap((h) => h.names.map((n) => n.name)).filter((n) => !here.has(n.toLowerCase())))];
      const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '');
      const first = vhostsOf(s)[0];
      ctx.report({
        file: first.listen.directive.file,
        range: first.listen.range,
        severity: 'warning',
        message: `${first.label} makes ${socketLabel(s)} a group of its own: httpd answers connections to ${s.host} only with the vhosts of that address, so ${shown} (on ${socketLabel(wild)}) ${names.length > 1 ? 'are' : 'is'} not served there and ${first.label} answers instead; use the same address form (*:${s.port}) for every vhost of the port, or list both addresses`,
        related: lost.slice(0, 8).map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} is not reachable on ${s.host}` })),
        rootFile: rootFile(s),
      });
    }
  },
};

export const APACHE_SNI_CHECKS: readonly DialectCheck[] = [duplicateName, noDefault, defaultCertMismatch, sslMissing, addressForms];
