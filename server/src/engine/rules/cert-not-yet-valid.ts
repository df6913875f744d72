import type { Rule } from './rule';
import { validityAt } from '../tls/x509/certificate';
import { certName, atCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

export const certNotYetValid: Rule = {
  meta: {
    id: 'cert-not-yet-valid',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A certificate whose notBefore date is in the future.',
    docs: {
      what: 'Reads each `ssl_certificate` file and reports it when the leaf or any other certificate in it is not valid yet (its notBefore date lies in the future).',
      why: 'Clients reject the certificate ("certificate is not yet valid") until that date. Usually the clock of the machine that issued it, or of the one linting, is wrong, or a certificate was issued for a future rollover and deployed too early.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # notBefore next month',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const now = ctx.workspace.now;
    const earlyParts = perCertificateFile((sc) => {
      const early = sc.bundle.certificates.map((c, i) => ({ c, i })).filter(({ c }) => validityAt(c, now).status === 'not-yet-valid');
      return early.map(({ c, i }) => `${i === 0 ? 'the leaf' : `certificate #${i + 1}`} "${certName(c)}" is not valid before ${c.notBefore.toISOString().replace('.000Z', 'Z')}`);
    });
    for (const group of groupsToCheck(ctx, (sc) => earlyParts(sc).length)) {
      const sc = group[0];
      const parts = earlyParts(sc);
      if (!parts.length) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: ${parts.join('; ')}: clients reject it until then (check the clock of the issuing machine)`,
      });
    }
  },
};
