import type { Rule } from './rule';
import { socketsOf, socketLabel, type Socket, type VirtualHost } from '../model/sockets';
import { firstTwin } from './socketTwins';
import { fix, insertAfter } from './helpers';

export const sniNoDefault: Rule = {
  meta: {
    id: 'sni-no-default',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'Several TLS virtual hosts on one address:port and none marked default: the first in load order answers clients without SNI or with unknown names.',
    docs: {
      what: 'For every socket served by more than one TLS virtual host across the files of a root, checks that one of them is marked the default (`listen … default_server`). When none is, it names the host that becomes the default: the first one nginx loads, which depends on include order and file names. Apache httpd has no marker: the first vhost loaded for an address:port is its default (`_default_` does not change that; httpd treats it like `*`). The rule names that vhost unless the choice is visibly deliberate: a `_default_` vhost loaded first, or a vhost in a `000-…` file (Debian\'s `000-default.conf` convention, loaded first by `IncludeOptional sites-enabled/*.conf`). A `_default_` vhost that is not loaded first is called out. No quick fix for Apache: moving a vhost between files is the user\'s decision. Squid has no SNI virtual hosts (an address:port belongs to one http_port/https_port), so the rule does not apply to it.',
      why: 'Clients that send no SNI, or a name no host claims (a bare IP, an old name, a scanner), get the default host\'s certificate. When that host is whichever file sorts first, renaming or adding a file silently changes which certificate those clients see.',
      example: 'server { listen 443 ssl; server_name a.example.com; ... }\nserver { listen 443 ssl; server_name b.example.com; ... }',
      useInstead: 'server { listen 443 ssl default_server; server_name a.example.com; ... }\nserver { listen 443 ssl; server_name b.example.com; ... }',
      fix: 'nginx: marks the host that is already the default (`default_server`). Safe: nothing changes for clients, the choice only becomes explicit. Apache httpd: none (the default is a matter of load order).',
      references: ['nginx: listen default_server', 'RFC 6066 §3 (server_name extension)'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    // How many server blocks share a socket depends on its hosts alone (dual-stack twins share it).
    const blockCounts = new Map<Socket, number>();
    for (const s of socketsOf(ctx.workspace, 'nginx')) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http' || s.defaultIsExplicit || s.hosts.length < 2) continue;
      const d = s.default;
      // In a focused lint a left-out default gets its finding in the full lint only.
      if (s.leftOut && !s.linted.includes(d)) continue;
      const twin = firstTwin(ctx.workspace, s);
      let blocks = blockCounts.get(twin);
      if (blocks === undefined) {
        blocks = distinctBlocks(s);
        blockCounts.set(twin, blocks);
      }
      if (blocks < 2) continue;
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${blocks} TLS servers share ${socketLabel(s)} and none is marked default_server: ${d.label}, the first nginx loads, answers clients without SNI or with names no server claims; mark the intended one`,
        // A few of the others (a hosting socket has thousands): the message gives the count.
        related: firstOthers(s, 8).map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same socket` })),
        fixes: fix(`Mark ${d.label} as default_server`, 'safe', [insertAfter(d.listen.directive.file, lastArgRange(d.listen.directive), ' default_server')]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};

/** The servers on a socket (a server with two listens on it counts once); left-out ones counted once per run of keystrokes. */
function distinctBlocks(s: Socket): number {
  const linted = new Set(s.linted.map((h) => h.block)).size;
  if (!s.leftOut) return linted;
  let n = leftOutBlocks.get(s.leftOut);
  if (n === undefined) leftOutBlocks.set(s.leftOut, (n = new Set(s.leftOut.map((h) => h.block)).size));
  return linted + n;
}

const leftOutBlocks = new WeakMap<readonly VirtualHost[], number>();

/** The first `max` hosts of a socket outside the default's block. */
function firstOthers(s: Socket, max: number): VirtualHost[] {
  const out: VirtualHost[] = [];
  for (const h of s.hosts) {
    if (out.length === max) break;
    if (h.block !== s.default.block) out.push(h);
  }
  return out;
}

function lastArgRange(d: import('../syntax/tree').Directive) {
  return d.args[d.args.length - 1].range;
}
