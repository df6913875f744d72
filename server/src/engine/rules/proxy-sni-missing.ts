import type { Rule } from './rule';
import { fix, insertLinesAfter, isIpLiteral, replaceArgs } from './helpers';
import type { Directive } from '../syntax/tree';
import { upstreamsWhere } from './nginxCandidates';

/** Upstreams reached by name without SNI. */
const withoutSni = upstreamsWhere((u) => !u.serverName.value && !isIpLiteral(u.host) && !u.host.includes('$'));

export const proxySniMissing: Rule = {
  meta: {
    id: 'proxy-sni-missing',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'Upstream TLS by name without SNI (`proxy_ssl_server_name` off, the default).',
    docs: {
      what: 'Reports `proxy_pass https://name` (also `grpc_pass grpcs://`, `uwsgi_pass suwsgi://` and stream `proxy_ssl on`) where the matching `*_ssl_server_name` is off, which is nginx\'s default. Upstreams given as IP addresses are not reported.',
      why: 'Without SNI the upstream cannot tell which site is wanted. CDNs, load balancers and any host with several certificates then answer with a default certificate or abort the handshake ("tlsv1 alert internal error", "handshake failure"), and with verification on, the name check fails.',
      example: 'location / {\n    proxy_pass https://api.example.com;\n}',
      useInstead: 'location / {\n    proxy_pass https://api.example.com;\n    proxy_ssl_server_name on;\n}',
      fix: 'Adds `proxy_ssl_server_name on;` (or the grpc/uwsgi equivalent) next to the upstream. A suggestion: the upstream may start to present a different certificate.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<Directive>();
    for (const u of withoutSni(ctx.workspace)) {
      const d = u.item.directive;
      if (seen.has(d)) continue;
      seen.add(d);
      const name = u.prefix + 'server_name';
      const explicit = u.serverName.item;
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: `TLS to upstream "${u.host}" is made without SNI (${name} is ${explicit ? 'off' : 'off by default'}): upstreams that host several names may present the wrong certificate or refuse the handshake`,
        related: explicit ? [{ file: explicit.directive.file, range: explicit.directive.range, message: `${name} off` }] : undefined,
        fixes: explicit && explicit.ctx === u.ctx
          ? fix(`Set ${name} on`, 'suggestion', [replaceArgs(explicit.directive, 'on')])
          : fix(`Add "${name} on;"`, 'suggestion', [insertLinesAfter(ctx.workspace, d, [`${name} on;`])]),
      });
    }
  },
};
