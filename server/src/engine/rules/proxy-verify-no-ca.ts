import type { Rule } from './rule';
import { fix, insertLinesAfter } from './helpers';
import { SYSTEM_CA_BUNDLE } from './proxy-verify-off';
import type { Directive } from '../syntax/tree';
import { upstreamsWhere } from './nginxCandidates';

/** Upstreams verified (explicitly) with no trusted CA in effect. */
const verifiedWithoutCa = upstreamsWhere((u) => u.verify.value && !u.trusted && u.verify.item !== undefined);

export const proxyVerifyNoCa: Rule = {
  meta: {
    id: 'proxy-verify-no-ca',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'Upstream verification on with no trusted CA set.',
    docs: {
      what: 'Reports `proxy_ssl_verify on` (and the grpc/uwsgi/stream equivalents) where no `proxy_ssl_trusted_certificate` is in effect.',
      why: 'nginx refuses the configuration ("no proxy_ssl_trusted_certificate for proxy_ssl_verify"): nginx does not use the system trust store for upstreams on its own.',
      example: 'proxy_ssl_verify on;',
      useInstead: 'proxy_ssl_verify on;\nproxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;',
      fix: 'Inserts the CA directive naming the system CA bundle. A suggestion: private upstreams need their own CA file.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<Directive>();
    for (const u of verifiedWithoutCa(ctx.workspace)) {
      const d = u.verify.item!.directive;
      if (seen.has(d)) continue;
      seen.add(d);
      const caName = u.prefix + 'trusted_certificate';
      ctx.report({
        file: d.file,
        range: d.args[0]?.range ?? d.range,
        message: `"${d.name} on" has no ${caName} in effect: nginx refuses the configuration ("no ${caName} for ${d.name}")`,
        related: [{ file: u.item.directive.file, range: u.item.directive.range, message: `upstream ${u.host}` }],
        fixes: fix(`Insert "${caName} ${SYSTEM_CA_BUNDLE}"`, 'suggestion', [insertLinesAfter(ctx.workspace, d, [`${caName} ${SYSTEM_CA_BUNDLE};`])]),
      });
    }
  },
};
