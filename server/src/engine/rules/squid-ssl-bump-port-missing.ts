import type { Rule } from './rule';
import { squid, squidRootFile } from '../model/squid/policy';

export const squidSslBumpPortMissing: Rule = {
  meta: {
    id: 'squid-ssl-bump-port-missing',
    defaultSeverity: 'warning',
    dialects: ['squid'],
    description: '`ssl_bump` rules, but no http_port or https_port has the ssl-bump flag: the rules never run.',
    docs: {
      what: 'Reports the first `ssl_bump` rule of a configuration in which no `http_port` or `https_port` carries the `ssl-bump` flag.',
      why: 'Squid consults `ssl_bump` only for connections that arrive on a port with `ssl-bump`. Without one, every CONNECT is tunnelled untouched: the peek, splice and bump decisions written in the rules (and any filtering that depends on them) never happen, and Squid gives no warning.',
      example: 'http_port 3128\nacl step1 at_step SslBump1\nssl_bump peek step1\nssl_bump bump all',
      useInstead: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem\nacl step1 at_step SslBump1\nssl_bump peek step1\nssl_bump bump all',
      references: ['Squid src/cf.data.pre: ssl_bump ("provided that port was configured with an ssl-bump flag")'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      // (Every port line counts, those of files a focused lint left out too.)
      if (policy.root.fragment || !policy.bumpRules.length || policy.listens.some((p) => p.bump)) continue;
      const first = policy.bumpRules[0].item.directive;
      const ports = policy.listens.map((p) => p.label);
      ctx.report({
        file: first.file,
        range: first.nameRange,
        message: `ssl_bump rules are configured, but no port has the ssl-bump flag${ports.length ? ` (${ports.join(', ')})` : ''}: Squid never evaluates them and tunnels every CONNECT`,
        rootFile: squidRootFile(policy.root),
      });
    }
  },
};
