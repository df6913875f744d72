import type { Rule } from './rule';
import { fix, insertLinesAfter, nginx, replaceArgs } from './helpers';
import { explicitProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { DEPRECATED_PROTOCOLS, INSECURE_PROTOCOLS, protocolLabel, type ProtocolName } from '../tls/protocols';
import type { Directive } from '../syntax/tree';

const UPSTREAM_SET = 'TLSv1.2 TLSv1.3';

function isOld(p: ProtocolName): boolean {
  return DEPRECATED_PROTOCOLS.has(p) || INSECURE_PROTOCOLS.has(p);
}

export const proxyProtocolDeprecated: Rule = {
  meta: {
    id: 'proxy-protocol-deprecated',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'Upstream TLS allows SSLv3, TLS 1.0 or TLS 1.1.',
    docs: {
      what: 'Reports upstream protocol sets that include SSL 3.0, TLS 1.0 or TLS 1.1, explicitly (`proxy_ssl_protocols`, `SSLProxyProtocol`, Squid `min-version=`) or by default (nginx before 1.27.3 enables TLS 1.0 and 1.1 for upstreams).',
      why: 'A network attacker can try to push the connection to the upstream down to a deprecated version (RFC 8996). Upstreams you control all speak TLS 1.2 or later.',
      example: 'proxy_pass https://backend;\nproxy_ssl_protocols TLSv1 TLSv1.1 TLSv1.2;',
      useInstead: 'proxy_pass https://backend;\nproxy_ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Sets `TLSv1.2 TLSv1.3`. A suggestion: a legacy upstream may need the old versions.',
      references: ['RFC 8996'],
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    const explicit = protocolSummary(ctx.workspace).sets.upstream.some((set) => set.some(isOld)) ? explicitProtocols(ctx.workspace) : [];
    for (const site of explicit) {
      if (site.side !== 'upstream') continue;
      const old = site.tokens.filter((t) => isOld(t.protocol));
      for (const t of old) {
        ctx.report({
          file: site.directive.file,
          range: t.range,
          message: `upstream TLS allows ${protocolLabel(t.protocol)} (${site.directive.name}): deprecated versions can be forced on the connection to the upstream`,
          fixes: fix(`Set ${site.directive.name} ${UPSTREAM_SET}`, 'suggestion', [replaceArgs(site.directive, UPSTREAM_SET)]),
        });
      }
    }
    const seen = new Set<Directive>();
    const upstreams = nginx(ctx.workspace).upstreams;
    for (let i = 0; i < upstreams.length; i++) {
      const u = upstreams[i];
      if (u.protocols.item) continue;
      const old = u.protocols.value.filter((p) => isOld(p as ProtocolName));
      const d = u.item.directive;
      if (!old.length || seen.has(d)) continue;
      seen.add(d);
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: `no ${u.prefix}protocols is set, so the ${u.protocols.defaultNote} applies to upstream "${u.host}" (${u.protocols.value.join(' ')}; target nginx ${ctx.settings.targets.nginx}), including ${old.map((p) => protocolLabel(p as ProtocolName)).join(' and ')}`,
        fixes: fix(`Add "${u.prefix}protocols ${UPSTREAM_SET};"`, 'suggestion', [insertLinesAfter(ctx.workspace, d, [`${u.prefix}protocols ${UPSTREAM_SET};`])]),
      });
    }
  },
};
