import type { Rule } from './rule';
import { atCertificate } from './certificateSites';
import { groupsToCheck } from './certificateGroups';

export const certChainIncomplete: Rule = {
  meta: {
    id: 'cert-chain-incomplete',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The chain stops before a trusted root: an intermediate is missing.',
    docs: {
      what: 'Follows the chain in each `ssl_certificate` file from the leaf through the certificates after it, and reports it when the last one is issued by a certificate that is neither in the file nor trusted. Trusted means Node\'s bundled root store plus `tlslint.extraTrustedCertificates` (CLI `--ca`; relative paths resolve against the workspace folder or the settings file). A self-signed leaf is `cert-self-signed`\'s business, and a chain that ends at a root included in the file is complete: tlslint does not guess whether clients trust a private root.',
      why: 'Servers must send the intermediates. Browsers often repair a missing intermediate (cached or fetched via AIA), so the site seems fine, while curl, mobile apps, API clients and other servers fail with "unable to get local issuer certificate".',
      example: 'ssl_certificate /etc/nginx/tls/cert.pem;   # leaf only',
      useInstead: 'ssl_certificate /etc/nginx/tls/fullchain.pem;   # leaf + intermediate',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    for (const group of groupsToCheck(ctx, (sc) => sc.chain.trust === 'incomplete' && sc.chain.end)) {
      const sc = group[0];
      const chain = sc.chain;
      if (chain.trust !== 'incomplete' || !chain.end) continue;
      // A client certificate for an upstream is judged by the upstream's own trust store.
      if (group.every((g) => g.server.role === 'client')) continue;
      const url = chain.missingIssuerUrl ? ` (its issuer can be downloaded from ${chain.missingIssuerUrl})` : '';
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: the chain stops at "${chain.end.subject}", whose issuer "${chain.missingIssuer ?? chain.end.issuer}" is neither in the file nor trusted${url}: clients that lack it fail to verify the chain; append the issuing intermediate after it (for a private CA, add its root to tlslint.extraTrustedCertificates)`,
      });
    }
  },
};
