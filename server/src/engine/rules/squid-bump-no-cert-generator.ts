import type { Rule } from './rule';
import { squid, squidRootFile } from '../model/squid/policy';
import { fix } from './helpers';
import { replaceValue } from './squid/edits';

/** ssl_bump actions that make Squid show clients a certificate of its own. */
export const BUMPING_ACTIONS = new Set(['bump', 'server-first', 'client-first']);

export const squidBumpNoCertGenerator: Rule = {
  meta: {
    id: 'squid-bump-no-cert-generator',
    defaultSeverity: 'warning',
    dialects: ['squid'],
    description: 'An ssl-bump port that bumps with generate-host-certificates=off: every site gets the same static certificate.',
    docs: {
      what: 'Reports `generate-host-certificates=off` on an `ssl-bump` port when the `ssl_bump` rules bump connections (`bump`, or the old `server-first` / `client-first`). Generation is on by default on ssl-bump ports, and the certificate helper (`sslcrtd_program`) has a built-in default in Squid builds with it (Debian\'s `squid-openssl`), so only the explicit `off` is reported.',
      why: 'Without generated certificates Squid presents the port\'s own `tls-cert=` to every client, whatever site it asked for: browsers reject it as a name mismatch on every bumped site.',
      example: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem generate-host-certificates=off\nssl_bump bump all',
      useInstead: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem generate-host-certificates=on\nssl_bump bump all',
      fix: 'Sets `generate-host-certificates=on`. Safe: it only changes which certificate bumped clients see.',
      references: ['Squid src/cf.data.pre: http_port generate-host-certificates, sslcrtd_program'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      if (!policy.bumpRules.some((r) => BUMPING_ACTIONS.has(r.action))) continue;
      for (const port of policy.ports) {
        if (!port.bump || port.generateHostCertificates.value) continue;
        const o = port.generateHostCertificates.from[0];
        if (!o) continue;
        ctx.report({
          file: port.directive.file,
          range: o.value?.range ?? o.arg.range,
          message: `${port.label}: generate-host-certificates=off while ssl_bump bumps connections: Squid shows every client the port's own certificate, which names none of the sites they visit`,
          fixes: fix('Set generate-host-certificates=on', 'safe', [replaceValue(o, 'on')]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
