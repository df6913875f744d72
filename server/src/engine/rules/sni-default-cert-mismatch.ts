import type { Rule } from './rule';
import { socketsOf, socketLabel, type Socket, type VirtualHost } from '../model/sockets';
import type { CertificateInfo } from '../tls/x509/certificate';
import { firstTwin } from './socketTwins';
import { certName, checkableServerName, coveredBy, type ServerCertificate } from './certificateSites';
import { certificatesByServer, matcherOf } from './certificateGroups';

/**
 * Names of the socket's other hosts (not the default's block, not refusing handshakes) that none of the
 * default's certificates covers: the first four, and how many.
 */
function uncoveredNames(s: Socket, own: ServerCertificate[]): { shown: string[]; count: number } {
  // nameUses and the coverage filter in one pass, keeping only the first four names and the count: a
  // hosting tree's socket has thousands of hosts, and their names are all this is asked for.
  const d = s.default;
  const matchers = own.map((c) => matcherOf(c.leaf));
  const shown: string[] = [];
  let count = 0;
  const seen = new Set<string>();
  const hosts = s.hosts;
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i];
    if (h.block === d.block || h.nginx?.rejectHandshake.value) continue;
    const names = h.names;
    for (let j = 0; j < names.length; j++) {
      const name = names[j].name;
      if (!checkableServerName(name)) continue;
      const lower = name.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      let covered = false;
      for (let k = 0; k < matchers.length && !covered; k++) covered = coveredBy(matchers[k], name);
      if (covered) continue;
      if (count < 4) shown.push(name);
      count++;
    }
  }
  return { shown, count };
}

/**
 * Whether a certificate covers a server name: two or three set look-ups (matcherOf), cheaper than a
 * table of earlier answers would be, so nothing is remembered per name, also in the language server,
 * where the default host's certificate is compared with thousands of left-out hosts' names on every
 * keystroke.
 */
function covers(leaf: CertificateInfo, name: string): boolean {
  return coveredBy(matcherOf(leaf), name);
}

interface NameUse {
  name: string;
  lower: string;
  order: number;
}

/** The checkable names of hosts that do not reject handshakes, first use of each (case-insensitive), in order. */
function nameUses(hosts: readonly VirtualHost[]): NameUse[] {
  const out: NameUse[] = [];
  const seen = new Set<string>();
  for (const h of hosts) {
    if (h.nginx?.rejectHandshake.value) continue;
    for (const n of h.names) {
      if (!checkableServerName(n.name)) continue;
      const lower = n.name.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push({ name: n.name, lower, order: h.order });
    }
  }
  return out;
}

interface UncoveredNames {
  list: NameUse[];
  byLower: Map<string, NameUse>;
}

/**
 * Left-out host lists of focused lints are the same array for a run of keystrokes: their names that
 * none of the given certificates covers are listed once per set of certificates.
 */
const leftOutUses = new WeakMap<readonly VirtualHost[], { leaves: CertificateInfo[]; uncovered: UncoveredNames }[]>();

function leftOutUncovered(hosts: readonly VirtualHost[], leaves: CertificateInfo[]): UncoveredNames {
  let known = leftOutUses.get(hosts);
  if (!known) leftOutUses.set(hosts, (known = []));
  const same = known.find((k) => k.leaves.length === leaves.length && k.leaves.every((l, i) => l === leaves[i]));
  if (same) return same.uncovered;
  const list = nameUses(hosts).filter((u) => leaves.every((leaf) => !covers(leaf, u.name)));
  const uncovered = { list, byLower: new Map(list.map((u) => [u.lower, u])) };
  if (known.length >= 8) known.shift();
  known.push({ leaves, uncovered });
  return uncovered;
}

/**
 * uncoveredNames for a focused lint: the linted hosts' names, and the left-out hosts' (listed once per
 * run of keystrokes); a name counts once, at its first use in load order, and whether it is covered
 * depends on the name alone, so the two lists merge at the front.
 */
function focusedUncoveredNames(s: Socket & { leftOut: readonly VirtualHost[] }, own: ServerCertificate[]): { shown: string[]; count: number } {
  const d = s.default;
  const leaves = own.map((c) => c.leaf);
  const other = leftOutUncovered(s.leftOut, leaves);
  const shadowed = new Set<NameUse>();
  const mine = nameUses(s.linted.filter((h) => h.block !== d.block))
    .filter((u) => leaves.every((leaf) => !covers(leaf, u.name)))
    .filter((u) => {
      const o = other.byLower.get(u.lower);
      if (!o) return true;
      if (o.order < u.order) return false;
      shadowed.add(o);
      return true;
    });
  const count = mine.length + other.list.length - shadowed.size;
  const shown: string[] = [];
  for (let i = 0, j = 0; shown.length < 4 && (i < mine.length || j < other.list.length); ) {
    if (j < other.list.length && shadowed.has(other.list[j])) j++;
    else if (j < other.list.length && (i >= mine.length || other.list[j].order < mine[i].order)) shown.push(other.list[j++].name);
    else shown.push(mine[i++].name);
  }
  return { shown, count };
}

export const sniDefaultCertMismatch: Rule = {
  meta: {
    id: 'sni-default-cert-mismatch',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'The default virtual host\'s certificate does not cover names of the other hosts on its socket: clients that reach them without SNI get a mismatched certificate.',
    docs: {
      what: 'On every socket with several TLS virtual hosts, takes the default host (the one marked `default_server`, else the first loaded) and checks whether its certificates cover the names of the other hosts on the socket. Those names are served correctly only to clients that send SNI; everything else (clients without SNI, health checks by IP, some old libraries and embedded devices) gets the default host\'s certificate. Apache httpd: the default is the first vhost loaded for the address:port; with `SSLStrictSNIVHostCheck on` in that vhost clients without SNI are refused instead, so nothing is reported then. Squid has no SNI virtual hosts (an address:port belongs to one http_port/https_port), so the rule does not apply to it.',
      why: 'A catch-all host with a self-signed or unrelated certificate is a common setup, and it is fine when every client sends SNI. When some do not, they fail with a name mismatch on names that look correctly configured. A default certificate that covers the names (or `ssl_reject_handshake on` in a catch-all, so that unknown names fail fast and visibly) removes the surprise.',
      example: 'server { listen 443 ssl default_server; server_name _; ssl_certificate snakeoil.crt; ... }\nserver { listen 443 ssl; server_name shop.example.com; ssl_certificate shop.crt; ... }',
      useInstead: 'server { listen 443 ssl default_server; ssl_reject_handshake on; }\nserver { listen 443 ssl; server_name shop.example.com; ssl_certificate shop.crt; ... }',
      references: ['RFC 6066 §3', 'nginx: ssl_reject_handshake (1.19.4)'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const byServer = certificatesByServer(ctx);
    // The names the default's certificates miss depend on the hosts alone: a dual-stack twin socket
    // has the same ones.
    const known = new Map<Socket, { shown: string[]; count: number }>();
    for (const s of socketsOf(ctx.workspace, 'nginx')) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http') continue;
      const d = s.default;
      if (!d.nginx || d.nginx.rejectHandshake.value) continue;
      const own = byServer.get(d.nginx);
      if (!own?.length) continue;
      const twin = firstTwin(ctx.workspace, s);
      let uncovered = known.get(twin);
      if (!uncovered) {
        uncovered = s.leftOut ? focusedUncoveredNames({ ...s, leftOut: s.leftOut }, own) : uncoveredNames(s, own);
        known.set(twin, uncovered);
      }
      const uncoveredCount = uncovered.count;
      if (!uncoveredCount) continue;
      const others: typeof s.hosts = [];
      for (const h of s.hosts) {
        if (h.block === d.block) continue;
        others.push(h);
        if (others.length === 8) break;
      }
      const shown = uncovered.shown.join(', ') + (uncoveredCount > 4 ? ` and ${uncoveredCount - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)}${s.defaultIsExplicit ? '' : ' (first loaded)'}, and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${uncoveredCount > 1 ? 'those names' : 'that name'} without SNI get a name mismatch${d.names.every((n) => !checkableServerName(n.name)) ? '; for a catch-all, "ssl_reject_handshake on" makes unknown names fail at once' : ''}`,
        related: others.map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same socket` })),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
