import type { Rule } from './rule';
import { socketsOf, socketLabel, type Socket, type VirtualHost } from '../model/sockets';
import { firstTwin } from './socketTwins';
import type { Range } from '../types';

interface Claim {
  key: string;
  name: string;
  /** The claiming host's position in the socket's hosts (a twin socket's host there is the same server). */
  host: number;
  file: string;
  range: Range;
}

type HostName = VirtualHost['names'][number];

/** Each claim of a name some earlier host of the socket already made, with that earlier claim. */
function conflicts(s: Socket): { claim: Claim; earlier: Claim }[] {
  const out: { claim: Claim; earlier: Claim }[] = [];
  // The first claim of each key, as an index into `hosts` and `names`: a hosting socket has tens of
  // thousands of names and hardly any conflict, so no claim is built unless it conflicts.
  const first = new Map<string, number>();
  const hosts: number[] = [];
  const names: HostName[] = [];
  const claim = (key: string, h: number, n: HostName) => {
    const i = first.get(key);
    if (i === undefined) {
      first.set(key, hosts.length);
      hosts.push(h);
      names.push(n);
    } else if (s.hosts[hosts[i]].block !== s.hosts[h].block) {
      const e = names[i];
      out.push({ claim: { key, name: n.name, host: h, file: n.file, range: n.range }, earlier: { key, name: e.name, host: hosts[i], file: e.file, range: e.range } });
    }
  };
  const seenServers = new Set<unknown>();
  for (let at = 0; at < s.hosts.length; at++) {
    const h = s.hosts[at];
    // A server with two listens on the same socket claims its names once.
    const id = h.nginx ?? h.block;
    if (seenServers.has(id)) continue;
    seenServers.add(id);
    const hostNames = h.names;
    for (let j = 0; j < hostNames.length; j++) {
      const n = hostNames[j];
      // The keys nginx files a name under: `.example.com` is both `example.com` and `*.example.com`;
      // a regular expression is kept as written.
      const lower = n.name.toLowerCase();
      if (lower.startsWith('~')) claim(n.name, at, n);
      else if (lower.startsWith('.')) {
        claim(lower.slice(1), at, n);
        claim(`*${lower}`, at, n);
      } else claim(lower, at, n);
    }
  }
  return out;
}

/** The keys nginx files a name under: `.example.com` is both `example.com` and `*.example.com`; a regular expression is kept as written. */
function keysOf(name: string): string[] {
  const lower = name.toLowerCase();
  if (lower.startsWith('~')) return [name];
  if (lower.startsWith('.')) return [lower.slice(1), `*${lower}`];
  return [lower];
}

interface HostClaim {
  host: VirtualHost;
  name: HostName;
}

/** Per left-out host list (focused lints: the same array for a run of keystrokes): the first claim of every key. */
const leftOutFirst = new WeakMap<readonly VirtualHost[], Map<string, HostClaim>>();

function leftOutFirstClaims(hosts: readonly VirtualHost[]): Map<string, HostClaim> {
  let first = leftOutFirst.get(hosts);
  if (first) return first;
  first = new Map();
  const seenServers = new Set<unknown>();
  for (const h of hosts) {
    const id = h.nginx ?? h.block;
    if (seenServers.has(id)) continue;
    seenServers.add(id);
    for (const n of h.names) for (const key of keysOf(n.name)) if (!first.has(key)) first.set(key, { host: h, name: n });
  }
  leftOutFirst.set(hosts, first);
  return first;
}

/**
 * conflicts() for a focused lint: only the linted hosts' claims can get a finding (the others are in
 * files the lint does not report on); the left-out hosts matter as earlier claimants, by load order.
 */
function focusedConflicts(s: Socket & { leftOut: readonly VirtualHost[] }): { claim: Claim; earlier: Claim }[] {
  const out: { claim: Claim; earlier: Claim }[] = [];
  const other = leftOutFirstClaims(s.leftOut);
  const first = new Map<string, HostClaim>();
  const seenServers = new Set<unknown>();
  const toClaim = (key: string, c: HostClaim): Claim => ({ key, name: c.name.name, host: s.hosts.indexOf(c.host), file: c.name.file, range: c.name.range });
  for (const h of s.linted) {
    const id = h.nginx ?? h.block;
    if (seenServers.has(id)) continue;
    seenServers.add(id);
    for (const n of h.names) {
      for (const key of keysOf(n.name)) {
        const own = first.get(key);
        const o = other.get(key);
        const earlier = o && o.host.order < (own ?? { host: h }).host.order ? o : own;
        if (!own) first.set(key, { host: h, name: n });
        if (earlier && earlier.host.block !== h.block) out.push({ claim: toClaim(key, { host: h, name: n }), earlier: toClaim(key, earlier) });
      }
    }
  }
  return out;
}

export const sniDuplicateName: Rule = {
  meta: {
    id: 'sni-duplicate-name',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The same server name on the same address:port in two TLS virtual hosts: one of them is ignored.',
    docs: {
      what: 'Groups the TLS virtual hosts of every root by the socket they listen on (`443`, `*:443` and `0.0.0.0:443` are one socket, `[::]:443` and `127.0.0.1:443` are others), across all included files, and reports a server name that a later host on the socket repeats. Exact names, wildcards (`*.example.com`), the leading-dot form (`.example.com` stands for `example.com` and `*.example.com`), `_` and explicit empty names are compared the way nginx files them; identical regular expressions are reported too, although nginx stays silent about those. Apache httpd: the vhosts of an address:port (`*:443` and `_default_:443` are one group, `192.0.2.1:443` another, `*:*` a third, as `apache2 -S` lists them) are tried in load order, and the first whose ServerName or ServerAlias matches gets the request; so a name repeated in a later vhost is reported, and so is a name that an earlier wildcard ServerAlias (`*.example.com`) already matches. Squid has no SNI virtual hosts (an address:port belongs to one http_port/https_port), so the rule does not apply to it.',
      why: 'nginx keeps the first host that claims a name and ignores the name in the later one ("conflicting server name … ignored", only a warning at startup). Clients asking for that name get the first host\'s certificate and content, which is often not the one just edited in another file.',
      example: '# sites-enabled/a.conf\nserver { listen 443 ssl; server_name www.example.com; ssl_certificate a.crt; ... }\n# sites-enabled/b.conf\nserver { listen 443 ssl; server_name www.example.com; ssl_certificate b.crt; ... }',
      useInstead: '# keep each name in one server block per address:port\nserver { listen 443 ssl; server_name www.example.com; ... }\nserver { listen 443 ssl; server_name api.example.com; ... }',
      references: ['nginx: How nginx processes a request (server names)', 'nginx: ngx_http_server_names() "conflicting server name"'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    // The conflicts depend on the hosts alone: a dual-stack twin socket has the same ones.
    const known = new Map<Socket, ReturnType<typeof conflicts>>();
    for (const s of socketsOf(ctx.workspace, 'nginx')) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http' || s.hosts.length < 2) continue;
      const twin = firstTwin(ctx.workspace, s);
      let found = known.get(twin);
      if (!found) {
        found = s.leftOut ? focusedConflicts({ ...s, leftOut: s.leftOut }) : conflicts(s);
        known.set(twin, found);
      }
      for (const { claim: c, earlier } of found) {
        const by = s.hosts[earlier.host].label;
        const regex = c.key.startsWith('~');
        const shown = c.key === c.name.toLowerCase() ? `"${c.name}"` : `"${c.name}" (as ${c.key === '' ? 'the empty name' : `"${c.key}"`})`;
        ctx.report({
          file: c.file,
          range: c.range,
          message: regex
            ? `the regular expression ${shown} is already tried by ${by} on ${socketLabel(s)}: requests it matches never reach this server`
            : `server name ${shown} is already claimed by ${by} on ${socketLabel(s)}: nginx ignores it here ("conflicting server name"), so clients asking for it get the other server's certificate and content`,
          related: [{ file: earlier.file, range: earlier.range, message: `first claimed by ${by}` }],
          rootFile: s.root.fragment ? undefined : s.root.file,
        });
      }
    }
  },
};
