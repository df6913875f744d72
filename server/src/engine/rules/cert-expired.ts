import type { Rule } from './rule';
import { validityAt } from '../tls/x509/certificate';
import { certName, day, atCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

export const certExpired: Rule = {
  meta: {
    id: 'cert-expired',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The leaf or a chain certificate is past its notAfter date.',
    docs: {
      what: 'Reads each `ssl_certificate` file and reports it when its first certificate (the leaf) or any other certificate in the file has expired.',
      why: 'Clients reject an expired certificate ("certificate has expired"): every handshake fails with an error page users cannot bypass under HSTS. An expired intermediate breaks the chain the same way.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # notAfter 2024-03-01',
      useInstead: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # renewed',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const now = ctx.workspace.now;
    const expiredParts = perCertificateFile((sc) => {
      const expired = sc.bundle.certificates
        .map((c, i) => ({ c, i, v: validityAt(c, now) }))
        .filter((x) => x.v.status === 'expired');
      return expired.map(({ c, i, v }) => `${i === 0 ? 'the leaf' : `certificate #${i + 1}`} "${certName(c)}" expired on ${day(c.notAfter)} (${-v.daysLeft} days ago)`);
    });
    for (const group of groupsToCheck(ctx, (sc) => expiredParts(sc).length)) {
      const sc = group[0];
      const parts = expiredParts(sc);
      if (!parts.length) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: ${parts.join('; ')}: clients reject the certificate and every handshake fails`,
      });
    }
  },
};
