import type { Rule } from './rule';
import { certName, atCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

export const certWeakSignature: Rule = {
  meta: {
    id: 'cert-weak-signature',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A leaf or intermediate signed with MD5 or SHA-1.',
    docs: {
      what: 'Reports an `ssl_certificate` file in which the leaf or an intermediate is signed with MD5 or SHA-1 (MD2 and MD4 too). Self-signed roots are exempt: clients do not check their signature, they trust them by identity.',
      why: 'Collisions are practical for MD5 and SHA-1 (SHAttered, 2017), so such signatures can be forged. Browsers reject them, and OpenSSL 3 at its default security level refuses them ("ca md too weak").',
      example: 'ssl_certificate /etc/nginx/tls/sha1-signed.crt;',
      useInstead: 'ssl_certificate /etc/nginx/tls/sha256-signed.crt;',
      references: ['CA/Browser Forum Baseline Requirements §7.1.3', 'https://shattered.io'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const weakSignatures = perCertificateFile((sc) =>
      sc.chain.findings
        .filter((f) => f.code === 'weak-signature')
        .map((f) => {
          const c = sc.bundle.certificates[f.index];
          return `${f.index === sc.chain.leafIndex ? 'the certificate' : `certificate #${f.index + 1}`} "${certName(c)}" is signed with ${c.signatureAlgorithm.name}`;
        }),
    );
    for (const group of groupsToCheck(ctx, (sc) => weakSignatures(sc).length)) {
      const sc = group[0];
      const parts = weakSignatures(sc);
      if (!parts.length) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: ${parts.join('; ')}: such signatures can be forged, and clients reject them`,
      });
    }
  },
};
