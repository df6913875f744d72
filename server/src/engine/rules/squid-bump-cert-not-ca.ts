import type { Rule } from './rule';
import { atCertificate, certName } from './certificateSites';
import { groupsToCheck } from './certificateGroups';
import { squid } from '../model/squid/policy';

export const squidBumpCertNotCa: Rule = {
  meta: {
    id: 'squid-bump-cert-not-ca',
    defaultSeverity: 'error',
    dialects: ['squid'],
    description: 'The tls-cert= of an ssl-bump port that generates certificates is not a CA certificate.',
    docs: {
      what: 'Reads the first `tls-cert=` of each `ssl-bump` port that generates host certificates (the default) and reports it when the certificate is not a CA (no basicConstraints `CA:TRUE`). For such ports tlslint does not report `cert-self-signed` or `cert-hostname-mismatch`: a self-signed CA that names no site is what bumping needs.',
      why: 'Squid signs the certificates it shows bumped clients with this certificate\'s key. A certificate that is not a CA cannot sign others: clients reject every generated certificate ("issuer is not a CA"), so every bumped site fails.',
      example: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/www.example.com.pem   # a server certificate',
      useInstead: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem   # basicConstraints=critical,CA:TRUE',
      references: ['Squid src/cf.data.pre: http_port tls-cert= ("the first tls-cert= option must be a CA certificate capable of signing")'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const generating = new Set(squid(ctx.workspace).flatMap((p) => p.ports.filter((x) => x.bump && x.generateHostCertificates.value).map((x) => x.directive)));
    if (!generating.size) return;
    for (const group of groupsToCheck(ctx, (sc) => sc.bundle.certificates[0] && !sc.bundle.certificates[0].isCA)) {
      const sc = group[0];
      if (sc.server.dialect !== 'squid' || !generating.has(sc.server.directive)) continue;
      const leaf = sc.bundle.certificates[0];
      if (!leaf || leaf.isCA) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: "${certName(leaf)}" is not a CA certificate (no basicConstraints CA:TRUE), but Squid signs the certificates of bumped sites with it: clients reject every one of them`,
      });
    }
  },
};
