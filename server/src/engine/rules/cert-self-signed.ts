import type { Rule } from './rule';
import { certName, checkableServerName, isPrivateName, atCertificate } from './certificateSites';
import { groupsToCheck, namesOf } from './certificateGroups';

export const certSelfSigned: Rule = {
  meta: {
    id: 'cert-self-signed',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The leaf certificate is self-signed (info for localhost and private names).',
    docs: {
      what: 'Reports an `ssl_certificate` whose first certificate is self-signed (issuer = subject, signed by its own key), unless it is listed in `tlslint.extraTrustedCertificates` (pinned on purpose). The finding is information only when every name it serves is private: `localhost`, reserved names such as `*.test`, `*.local`, `*.internal`, `*.lan`, `*.home.arpa`, and private, loopback or link-local IP addresses (the server names, or the certificate\'s own names when the server has none).',
      why: 'No client trusts a self-signed certificate unless it was installed by hand: browsers show an interstitial, and API clients fail with "self-signed certificate". Fine for development, a mistake on a public name.',
      example: 'server_name www.example.com;\nssl_certificate /etc/nginx/tls/selfsigned.crt;',
      useInstead: 'server_name www.example.com;\nssl_certificate /etc/nginx/tls/fullchain.pem;   # issued by a public CA',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    for (const group of groupsToCheck(ctx, (sc) => sc.leaf.selfSigned && sc.chain.trust !== 'trusted')) {
      const sc = group[0];
      // A Squid ssl-bump CA is self-signed on purpose (squid-bump-cert-not-ca judges it instead).
      if (group.every((g) => g.server.kind === 'ssl-bump')) continue;
      if (!sc.leaf.selfSigned || sc.chain.trust === 'trusted') continue;
      // A client certificate for an upstream is judged by the upstream's own trust store.
      if (group.every((g) => g.server.role === 'client')) continue;
      const serverNames = group.flatMap((g) => g.server.names.map((n) => n.name).filter(checkableServerName));
      const own = namesOf(sc.leaf);
      const names = serverNames.length ? serverNames : [...own.dns, ...own.ip];
      const isPrivate = names.length > 0 && names.every(isPrivateName);
      ctx.report({
        ...atCertificate(group),
        message: isPrivate
          ? `${sc.site.arg.text}: the certificate "${certName(sc.leaf)}" is self-signed; clients trust it only if installed by hand (acceptable for the private names ${names.join(', ')})`
          : `${sc.site.arg.text}: the certificate "${certName(sc.leaf)}" is self-signed: no client trusts it unless installed by hand, so browsers warn and API clients fail${names.length ? ` for ${names.join(', ')}` : ''}`,
        ...(isPrivate ? { severity: 'info' as const } : {}),
      });
    }
  },
};
