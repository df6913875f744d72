// Apache httpd's parts of the socket rules (sni-duplicate-name, sni-no-default, sni-default-cert-mismatch,
// listen-ssl-missing), over the name-based vhost groups of model/sockets.ts. httpd (checked with
// `apache2 -t -D DUMP_VHOSTS`) lists the vhosts of an address:port in load order; the first is the
// default, and a request's name goes to the first vhost whose ServerName or ServerAlias (wildcards
// included) matches it: an earlier `ServerAlias *.example.com` shadows a later `ServerName a.example.com`.

import type { DialectCheck } from '../rule';
import { mergeByOrder, sockets, socketLabel, type Socket, type VirtualHost } from '../../model/sockets';
import { certName, certificateNames, checkableServerName, serverCertificates, uncoveredParts } from '../certificateSites';
import { certServer } from './sites';

function apacheSockets(ws: Parameters<typeof sockets>[0]): Socket[] {
  return sockets(ws).filter((s) => s.dialect === 'apache');
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
 * `hosts` (a socket's vhosts in load order) mapped by `make`; in a focused lint the left-out vhosts'
 * values are made once per run of keystrokes and kept in `cache` (keyed by the socket's left-out list).
 */
function mapHosts<T>(s: Socket, hosts: readonly VirtualHost[], cache: WeakMap<readonly VirtualHost[], Map<VirtualHost, T>>, make: (h: VirtualHost) => T): T[] {
  if (!s.leftOut) return hosts.map(make);
  let made = cache.get(s.leftOut);
  if (!made) cache.set(s.leftOut, (made = new Map()));
  const out: T[] = [];
  for (const h of hosts) {
    if (h.apache) {
      out.push(make(h));
      continue;
    }
    let v = made.get(h);
    if (v === undefined) made.set(h, (v = make(h)));
    out.push(v);
  }
  return out;
}

/** httpd's ap_strcasecmp_match: `*` any run of characters (dots included), `?` one, case-insensitive. */
function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name.toLowerCase());
}

const isGlob = (n: string) => /[*?]/.test(n);

/**
 * Every name `later` matches is matched by the wildcard `earlier` first: a plain name it matches, or a
 * wildcard whose fixed part it matches as it stands (`*.example.com` covers `*.shop.example.com`).
 */
function shadows(earlier: string, later: string): boolean {
  if (!isGlob(earlier)) return false;
  if (!isGlob(later)) return globMatches(earlier, later);
  return /^\*[^*?]*$/.test(earlier) && !later.includes('?') && globMatches(earlier, later);
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
const sameAddressNotes = new WeakMap<readonly VirtualHost[], Map<VirtualHost, ReturnType<typeof sameAddressNote>>>();

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
        related: mapHosts(s, hosts.slice(1), sameAddressNotes, sameAddressNote),
        rootFile: rootFile(s),
      });
    }
  },
};

/** Per left-out list: for a few sets of certificate names (by JSON), each left-out vhost's uncovered names. */
const leftOutUncovered = new WeakMap<readonly VirtualHost[], { key: string; names: Map<VirtualHost, string[]> }[]>();

function uncoveredCache(leftOut: readonly VirtualHost[], key: string): Map<VirtualHost, string[]> {
  let known = leftOutUncovered.get(leftOut);
  if (!known) leftOutUncovered.set(leftOut, (known = []));
  let entry = known.find((k) => k.key === key);
  if (!entry) {
    if (known.length >= 8) known.shift();
    known.push((entry = { key, names: new Map() }));
  }
  return entry.names;
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
      // In first-seen order; the set answers "already listed" without a scan.
      const uncoveredSet = new Set<string>();
      const ownNames = own.map((c) => certificateNames(c.leaf));
      const uncoveredOf = (h: VirtualHost): string[] => {
        const out: string[] = [];
        if (h.declaresTls) for (const n of h.names) if (checkableServerName(n.name) && ownNames.every((names) => uncoveredParts(n.name, names).length > 0)) out.push(n.name.toLowerCase());
        return out;
      };
      // Whether a name is covered depends on the name and the certificates' names alone: in a focused
      // lint, the left-out vhosts' answers are kept per run of keystrokes and per set of names.
      const cache = s.leftOut ? uncoveredCache(s.leftOut, JSON.stringify(ownNames)) : undefined;
      for (const h of hosts.slice(1)) {
        let names: string[];
        if (!cache || h.apache) names = uncoveredOf(h);
        else {
          const known = cache.get(h);
          if (known) names = known;
          else cache.set(h, (names = uncoveredOf(h)));
        }
        for (const n of names) uncoveredSet.add(n);
      }
      const uncovered = [...uncoveredSet];
      if (!uncovered.length) continue;
      const shown = uncovered.slice(0, 4).join(', ') + (uncovered.length > 4 ? ` and ${uncovered.length - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)} (first loaded), and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${uncovered.length > 1 ? 'those names' : 'that name'} without SNI get a name mismatch; "SSLStrictSNIVHostCheck on" refuses them instead`,
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
