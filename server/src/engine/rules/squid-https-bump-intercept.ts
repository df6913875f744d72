import type { Rule } from './rule';
import { squid, squidRootFile } from '../model/squid/policy';
import { fix, insertAfter } from './helpers';
import type { Arg } from '../syntax/tree';

const INTERCEPT = new Set(['intercept', 'transparent', 'tproxy']);

export const squidHttpsBumpIntercept: Rule = {
  meta: {
    id: 'squid-https-bump-intercept',
    defaultSeverity: 'error',
    dialects: ['squid'],
    description: 'An https_port with ssl-bump but no intercept/tproxy, or the reverse: Squid refuses to start.',
    docs: {
      what: 'Reports an `https_port` that has `ssl-bump` without `intercept` (or `tproxy`), and one that has `intercept`/`tproxy` without `ssl-bump`. On `https_port` the two only work together: bumping a connection that arrives as TLS needs the original destination from the interception, and an intercepted TLS connection can only be handled by bumping (or splicing) it.',
      why: 'Squid stops with "FATAL: ssl-bump on https_port requires tproxy/intercept which is missing." (or "tproxy/intercept on https_port requires ssl-bump which is missing."): the proxy does not start. Explicit proxies bump CONNECT requests on an `http_port … ssl-bump` instead.',
      example: 'https_port 3129 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem',
      useInstead: 'https_port 3129 intercept ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem',
      fix: 'Adds the missing `intercept` or `ssl-bump` flag after the port address. A suggestion: intercepting needs the firewall to redirect traffic to the port; for an explicit proxy, move `ssl-bump` to an `http_port` instead.',
      references: ['Squid src/cache_cf.cc (parsePortCfg)', 'Squid src/cf.data.pre: https_port'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (port.kind !== 'https_port') continue;
        let hijack: Arg | undefined;
        for (let i = 1; i < port.directive.args.length && !hijack; i++) if (INTERCEPT.has(port.directive.args[i].text)) hijack = port.directive.args[i];
        if (port.bump === !!hijack) continue;
        const at = port.address?.range ?? port.directive.nameRange;
        ctx.report({
          file: port.directive.file,
          range: port.bumpOption?.arg.range ?? hijack?.range ?? at,
          message: port.bump
            ? `${port.label}: ssl-bump on https_port needs intercept or tproxy: Squid stops ("FATAL: ssl-bump on https_port requires tproxy/intercept which is missing."); an explicit proxy bumps on http_port instead`
            : `${port.label}: ${hijack!.text} on https_port needs ssl-bump: Squid stops ("FATAL: tproxy/intercept on https_port requires ssl-bump which is missing.")`,
          fixes: fix(port.bump ? 'Add intercept after the address' : 'Add ssl-bump after the address', 'suggestion', [insertAfter(port.directive.file, at, port.bump ? ' intercept' : ' ssl-bump')]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
