import type { Rule } from './rule';
import { sockets, socketLabel, type VirtualHost } from '../model/sockets';
import type { CertificateInfo } from '../tls/x509/certificate';
import { certName, certificateNames, checkableServerName, serverCertificates, uncoveredParts } from './certificateSites';

/**
 * Whether a certificate covers a server name, remembered per certificate: the default host's
 * certificate is compared with every name on its socket, thousands on a hosting socket, and the
 * language server does it again on every keystroke (certificates are cached between lints).
 */
const coverage = new WeakMap<CertificateInfo, Map<string, boolean>>();

function covers(leaf: CertificateInfo, name: string): boolean {
  let known = coverage.get(leaf);
  if (!known) coverage.set(leaf, (known = new Map()));
  let ok = known.get(name);
  if (ok === undefined) {
    ok = uncoveredParts(name, certificateNames(leaf)).length === 0;
    known.set(name, ok);
  }
  return ok;
}

interface NameUse {
  name: string;
  lower: string;
  host: VirtualHost;
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
      out.push({ name: n.name, lower, host: h });
    }
  }
  return out;
}

/**
 * Left-out host lists of focused lints are the same array for a run of keystrokes: their names that
 * none of the given certificates covers are listed once per set of certificates.
 */
const leftOutUses = new WeakMap<readonly VirtualHost[], { leaves: CertificateInfo[]; uncovered: UncoveredNames }[]>();

interface UncoveredNames {
  list: NameUse[];
  byLower: Map<string, NameUse>;
}

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

function firstOthers(hosts: readonly VirtualHost[], d: VirtualHost, n: number): VirtualHost[] {
  const out: VirtualHost[] = [];
  for (const h of hosts) {
    if (out.length >= n) break;
    if (h.block !== d.block) out.push(h);
  }
  return out;
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
    const certs = serverCertificates(ctx);
    for (const s of sockets(ctx.workspace)) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http') continue;
      const d = s.default;
      if (!d.nginx || d.nginx.rejectHandshake.value || !s.hosts.some((h) => h.block !== d.block)) continue;
      const own = certs.filter((c) => c.server === d.nginx);
      if (!own.length) continue;
      // First use of every name on the other hosts, in load order, that no certificate of the default
      // covers. In a focused lint the left-out hosts' names are listed once per run of keystrokes, and
      // their uncovered ones merged in by load order (whether a name is covered depends on it alone).
      const isUncovered = (u: NameUse) => own.every((c) => !covers(c.leaf, u.name));
      let uncovered = nameUses((s.leftOut ? s.linted : s.hosts).filter((h) => h.block !== d.block)).filter(isUncovered);
      let count = uncovered.length;
      if (s.leftOut) {
        // A name used by both keeps its first use only; the two lists are in load order: merge the front.
        const other = leftOutUncovered(s.leftOut, own.map((c) => c.leaf));
        const shadowed = new Set<NameUse>();
        uncovered = uncovered.filter((u) => {
          const o = other.byLower.get(u.lower);
          if (!o) return true;
          if (o.host.order < u.host.order) return false;
          shadowed.add(o);
          return true;
        });
        count = uncovered.length + other.list.length - shadowed.size;
        const front: NameUse[] = [];
        for (let i = 0, j = 0; front.length < 4 && (i < uncovered.length || j < other.list.length); ) {
          if (j < other.list.length && shadowed.has(other.list[j])) j++;
          else if (j < other.list.length && (i >= uncovered.length || other.list[j].host.order < uncovered[i].host.order)) front.push(other.list[j++]);
          else front.push(uncovered[i++]);
        }
        uncovered = front;
      }
      if (!count) continue;
      const shown = uncovered.slice(0, 4).map((u) => u.name).join(', ') + (count > 4 ? ` and ${count - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)}${s.defaultIsExplicit ? '' : ' (first loaded)'}, and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${count > 1 ? 'those names' : 'that name'} without SNI get a name mismatch${d.names.every((n) => !checkableServerName(n.name)) ? '; for a catch-all, "ssl_reject_handshake on" makes unknown names fail at once' : ''}`,
        related: firstOthers(s.hosts, d, 8).map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same socket` })),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
