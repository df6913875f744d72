import type { Rule } from './rule';
import { sockets, socketLabel, type VirtualHost } from '../model/sockets';
import type { Range } from '../types';

/** The keys nginx files a server name under: `.example.com` is both `example.com` and `*.example.com`. */
function nameKeys(name: string): string[] {
  const n = name.toLowerCase();
  if (n.startsWith('~')) return [name];
  if (n.startsWith('.')) return [n.slice(1), `*${n}`];
  return [n];
}

interface Claim {
  key: string;
  name: string;
  host: VirtualHost;
  file: string;
  range: Range;
}

/** The names hosts claim, in load order; a server with two listens on the same socket claims its names once. */
function claims(hosts: readonly VirtualHost[]): Claim[] {
  const out: Claim[] = [];
  const seenServers = new Set<unknown>();
  for (const h of hosts) {
    const id = h.nginx ?? h.block;
    if (seenServers.has(id)) continue;
    seenServers.add(id);
    for (const n of h.names) for (const key of nameKeys(n.name)) out.push({ key, name: n.name, host: h, file: n.file, range: n.range });
  }
  return out;
}

/** Per left-out host list (focused lints): the first claim of every key, made once for a run of keystrokes. */
const firstLeftOut = new WeakMap<readonly VirtualHost[], Map<string, Claim>>();

function firstClaims(hosts: readonly VirtualHost[]): Map<string, Claim> {
  let first = firstLeftOut.get(hosts);
  if (!first) {
    first = new Map();
    for (const c of claims(hosts)) if (!first.has(c.key)) first.set(c.key, c);
    firstLeftOut.set(hosts, first);
  }
  return first;
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
    for (const s of sockets(ctx.workspace)) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http' || s.hosts.length < 2) continue;
      // A focused lint reports only on the hosts it lints: the left-out ones matter as earlier claimants.
      const leftOut = s.leftOut ? firstClaims(s.leftOut) : undefined;
      const first = new Map<string, Claim>();
      for (const c of claims(s.leftOut ? s.linted : s.hosts)) {
        const own = first.get(c.key);
        const other = leftOut?.get(c.key);
        const earlier = other && other.host.order < (own ?? c).host.order ? other : own;
        if (!own) first.set(c.key, c);
        if (!earlier) continue;
        if (earlier.host.block === c.host.block) continue;
        const regex = c.key.startsWith('~');
        const shown = c.key === c.name.toLowerCase() ? `"${c.name}"` : `"${c.name}" (as ${c.key === '' ? 'the empty name' : `"${c.key}"`})`;
        ctx.report({
          file: c.file,
          range: c.range,
          message: regex
            ? `the regular expression ${shown} is already tried by ${earlier.host.label} on ${socketLabel(s)}: requests it matches never reach this server`
            : `server name ${shown} is already claimed by ${earlier.host.label} on ${socketLabel(s)}: nginx ignores it here ("conflicting server name"), so clients asking for it get the other server's certificate and content`,
          related: [{ file: earlier.file, range: earlier.range, message: `first claimed by ${earlier.host.label}` }],
          rootFile: s.root.fragment ? undefined : s.root.file,
        });
      }
    }
  },
};
