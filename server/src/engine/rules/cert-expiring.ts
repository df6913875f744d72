import type { Rule } from './rule';
import { validityAt } from '../tls/x509/certificate';
import { certName, day, atCertificate, type ServerCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

export const certExpiring: Rule = {
  meta: {
    id: 'cert-expiring',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The leaf certificate expires within the configured window (tlslint.certificateExpiryDays, default 30).',
    docs: {
      what: 'Reads each `ssl_certificate` file and reports it when its leaf certificate is still valid but expires within `tlslint.certificateExpiryDays` days (default 30). The message gives the expiry date and the days left.',
      why: 'An expired certificate fails every handshake. Automated renewal (ACME) renews 30 days before expiry, so a certificate this close to its end usually means renewal is failing or was never set up.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # expires in 5 days',
      useInstead: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # renewed',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const now = ctx.workspace.now;
    const window = ctx.settings.certificateExpiryDays;
    const leafValidity = perCertificateFile((sc) => validityAt(sc.leaf, now));
    const expiring = (sc: ServerCertificate) => {
      const v = leafValidity(sc);
      return v.status === 'valid' && v.daysLeft < window;
    };
    for (const group of groupsToCheck(ctx, expiring)) {
      const sc = group[0];
      const v = leafValidity(sc);
      if (v.status !== 'valid' || v.daysLeft >= window) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: the certificate "${certName(sc.leaf)}" expires on ${day(sc.leaf.notAfter)}, in ${v.daysLeft} ${v.daysLeft === 1 ? 'day' : 'days'} (warning window: ${window} days); renew it before clients start rejecting it`,
      });
    }
  },
};
