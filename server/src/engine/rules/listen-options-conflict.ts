import type { Rule } from './rule';
import { socketsOf, socketLabel, type VirtualHost } from '../model/sockets';

/** listen parameters that configure the socket itself: nginx accepts them on one listen per address:port. */
const SOCKET_OPTIONS = ['backlog=', 'rcvbuf=', 'sndbuf=', 'accept_filter=', 'deferred', 'bind', 'ipv6only=', 'reuseport', 'so_keepalive=', 'fastopen=', 'setfib='];

// The same list split for lookups: flags as they are, `name=` options by the text up to the first `=`.
const SOCKET_FLAGS = new Set(SOCKET_OPTIONS.filter((o) => !o.endsWith('=')));
const SOCKET_VALUED = new Set(SOCKET_OPTIONS.filter((o) => o.endsWith('=')));

/** Does a host's listen directive set socket options (any parameter after the address)? */
function setsOptions(h: VirtualHost): boolean {
  const args = h.listen.directive.args;
  for (let i = 1; i < args.length; i++) {
    const a = args[i].text.toLowerCase();
    if (SOCKET_FLAGS.has(a)) return true;
    const eq = a.indexOf('=');
    if (eq >= 0 && SOCKET_VALUED.has(a.slice(0, eq + 1))) return true;
  }
  return false;
}

/** Per left-out host list (the same array for a run of keystrokes): the first host that sets socket options. */
const leftOutFirst = new WeakMap<readonly VirtualHost[], { host?: VirtualHost }>();

function firstSettingOptions(hosts: readonly VirtualHost[]): VirtualHost | undefined {
  let known = leftOutFirst.get(hosts);
  if (!known) leftOutFirst.set(hosts, (known = { host: hosts.find(setsOptions) }));
  return known.host;
}

export const listenOptionsConflict: Rule = {
  meta: {
    id: 'listen-options-conflict',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'Listen declarations of one address:port that do not work together: two nginx default servers, socket options given twice, two stream/mail servers on one socket, two Squid ports on overlapping addresses, Apache IP-based vhosts hiding the *:port ones.',
    docs: {
      what: 'Groups the listen directives of every root by socket across all files and reports what nginx rejects when it reads them together: `default_server` on two servers of one address:port ("a duplicate default server"), socket-level parameters (`backlog=`, `reuseport`, `ipv6only=`, `so_keepalive=`, `fastopen=`, `deferred`, `bind`, buffer sizes…) on more than one listen of an address:port ("duplicate listen options"), and two stream or mail servers on the same address:port ("duplicate … address and port pair"). Squid: reports an http_port/https_port that listens on an address an earlier port line (in any included file) already listens on: the same address and port, a port without address (Squid listens on `[::]`, IPv4 and IPv6) next to any address of that port, or `0.0.0.0:P` next to an IPv4 address of P. `squid -k parse` accepts that; at start-up the later listen fails with "Address already in use" in cache.log and Squid runs without it. Apache httpd: reports an IP-based vhost group (`<VirtualHost 192.0.2.10:443>`) next to a `*:443` one whose vhosts it lacks: httpd (checked with a real start) considers only the vhosts of the IP\'s group for connections to that IP, so the `*:443` names are not served there and the IP group\'s first vhost answers them (reported as a warning: httpd accepts the configuration).',
      why: 'Each file is valid on its own, so the mistake shows only when a new site is enabled next to the others: then `nginx -t` fails and a reload is refused, or a restart takes every site down.',
      example: '# a.conf\nserver { listen 443 ssl default_server; ... }\n# b.conf\nserver { listen 443 ssl default_server; ... }',
      useInstead: '# a.conf\nserver { listen 443 ssl default_server; ... }\n# b.conf\nserver { listen 443 ssl; ... }',
      references: ['nginx: ngx_http_add_addresses() and ngx_stream_add_addresses()'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    for (const s of socketsOf(ctx.workspace, 'nginx')) {
      if (s.dialect !== 'nginx' || s.hosts.length < 2) continue;
      const rootFile = s.root.fragment ? undefined : s.root.file;
      const where = socketLabel(s);
      // Every host but the first of each kind gets a finding; in a focused lint only the linted hosts
      // can (the left-out ones only decide which is first).
      if (s.protocol === 'stream' || s.protocol === 'mail' || s.protocol === 'stream/quic') {
        const first = s.hosts[0];
        for (const h of s.linted) {
          if (h === first) continue;
          ctx.report({
            file: h.listen.directive.file,
            range: h.listen.range,
            message: `another ${s.protocol} server already listens on ${where}: nginx refuses the configuration ("duplicate address and port pair"); ${s.protocol} servers cannot share a socket`,
            related: [{ file: first.listen.directive.file, range: first.listen.range, message: `${first.label} listens here first` }],
            rootFile,
          });
        }
        continue;
      }
      const firstDefault = s.hosts.find((h) => h.explicitDefault);
      for (const h of s.linted) {
        if (!h.explicitDefault || h === firstDefault) continue;
        const arg = h.listen.directive.args.find((a) => /^default(_server)?$/i.test(a.text));
        ctx.report({
          file: h.listen.directive.file,
          range: arg?.range ?? h.listen.range,
          message: `${firstDefault!.label} is already the default_server for ${where}: nginx refuses the configuration ("a duplicate default server")`,
          related: [{ file: firstDefault!.listen.directive.file, range: firstDefault!.listen.range, message: `${firstDefault!.label} is marked default first` }],
          rootFile,
        });
      }
      // The linted hosts before the first that sets options set none: the loop starts there, and a
      // socket where no linted host sets options (nearly all) is read once.
      const at = s.linted.findIndex(setsOptions);
      if (at < 0) continue;
      const lintedFirst = s.linted[at];
      const leftOutFirst = s.leftOut && firstSettingOptions(s.leftOut);
      const firstWithOptions = leftOutFirst && leftOutFirst.order < lintedFirst.order ? leftOutFirst : lintedFirst;
      for (let i = at; i < s.linted.length; i++) {
        const h = s.linted[i];
        if (h === firstWithOptions || (i > at && !setsOptions(h))) continue;
        ctx.report({
          file: h.listen.directive.file,
          range: h.listen.range,
          message: `socket options for ${where} are already set by ${firstWithOptions!.label}: nginx refuses the configuration ("duplicate listen options"); set backlog, reuseport, ipv6only and the like on one listen only`,
          related: [{ file: firstWithOptions!.listen.directive.file, range: firstWithOptions!.listen.range, message: 'options set here first' }],
          rootFile,
        });
      }
    }
  },
};
