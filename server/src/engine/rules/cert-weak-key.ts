import type { Rule } from './rule';
import type { CertificateInfo } from '../tls/x509/certificate';
import { certName, atCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

/** Why a certificate's key is too weak, or undefined. */
export function weakKeyReason(c: CertificateInfo): string | undefined {
  const k = c.publicKey;
  if ((k.type === 'rsa' || k.type === 'rsa-pss' || k.type === 'dsa') && k.bits !== undefined && k.bits < 2048) return `${k.type === 'dsa' ? 'DSA' : 'RSA'} ${k.bits}-bit key (at least 2048 needed)`;
  if (k.type === 'ec' && k.bits !== undefined && k.bits < 256) return `EC ${k.curveNist ?? k.curve ?? ''} ${k.bits}-bit key (at least 256 needed)`.replace('  ', ' ');
  return undefined;
}

export const certWeakKey: Rule = {
  meta: {
    id: 'cert-weak-key',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'RSA or DSA keys under 2048 bits, EC keys under 256 bits.',
    docs: {
      what: 'Reports an `ssl_certificate` whose leaf, or an intermediate sent with it, has an RSA or DSA key under 2048 bits or an EC key under 256 bits.',
      why: 'Keys this small can be broken or are close to it (RSA-768 was factored in 2009); CAs have not issued them since 2013, and OpenSSL 3 at its default security level refuses them ("ee key too small"), so nginx may not even start.',
      example: 'ssl_certificate /etc/nginx/tls/rsa1024.crt;',
      useInstead: 'ssl_certificate /etc/nginx/tls/ecdsa-p256.crt;',
      references: ['NIST SP 800-57 Part 1', 'CA/Browser Forum Baseline Requirements §6.1.5'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const weakKeys = perCertificateFile((sc) => {
      const weak = sc.chain.path
        .map((i) => ({ i, c: sc.bundle.certificates[i] }))
        .filter(({ i, c }) => c !== undefined && (i === sc.chain.leafIndex || !c.selfSigned))
        .map(({ i, c }) => ({ i, c, why: weakKeyReason(c) }))
        .filter((x) => x.why);
      return weak.length ? weak.map(({ i, c, why }) => `${i === sc.chain.leafIndex ? 'the certificate' : `the intermediate #${i + 1}`} "${certName(c)}" has a weak ${why}`).join('; ') : undefined;
    });
    for (const group of groupsToCheck(ctx, weakKeys)) {
      const sc = group[0];
      const weak = weakKeys(sc);
      if (!weak) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: ${weak}: it can be broken, and OpenSSL 3 rejects it at its default security level`,
      });
    }
  },
};
