// Squid's part of proxy-verify-no-ca: outgoing TLS that verifies server certificates but trusts no CA
// at all. Squid trusts the system CA store for servers by default (default-ca on); turning that off
// (`default-ca=off`, `tls-default-ca=off`, the deprecated flags=NO_DEFAULT_CA) without a cafile= or
// capath= leaves nothing to verify against, so every TLS connection to a server fails.

import type { DialectCheck } from '../rule';
import { squid, squidRootFile } from '../../model/squid/policy';
import { fix } from '../helpers';
import { SYSTEM_CA_BUNDLE } from '../proxy-verify-off';
import { appendArg } from './edits';

export const squidProxyVerifyNoCa: DialectCheck = {
  ruleId: 'proxy-verify-no-ca',
  dialect: 'squid',
  example: 'tls_outgoing_options min-version=1.2 default-ca=off',
  useInstead: 'tls_outgoing_options min-version=1.2 default-ca=off cafile=/etc/squid/tls/internal-ca.pem',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      for (const o of policy.outgoing) {
        if (!o.verify.value || o.cafiles.length || o.options.some((x) => x.key === 'capath')) continue;
        const off =
          o.options.filter((x) => x.key === 'default-ca' || x.key === 'no-default-ca').pop() ??
          (o.flags.some((f) => !f.cleared && f.name === 'NO_DEFAULT_CA') ? o.flagsOption : undefined);
        if (!off) continue;
        const isOff = off.key === 'no-default-ca' || off.key === 'flags' || (off.value?.text ?? 'on').toLowerCase() === 'off';
        if (!isOff) continue;
        const caName = o.kind === 'cache_peer' ? 'tls-cafile' : 'cafile';
        ctx.report({
          file: off.item.directive.file,
          range: off.arg.range,
          message: `${o.label}: ${off.arg.text} drops the system CAs and no ${caName}= names others, while server certificates are verified: every TLS connection to a server fails verification`,
          fixes: fix(`Add ${caName}=${SYSTEM_CA_BUNDLE}`, 'suggestion', [appendArg(off.item.directive, `${caName}=${SYSTEM_CA_BUNDLE}`)]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
