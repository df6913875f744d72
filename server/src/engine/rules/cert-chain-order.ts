import type { Rule } from './rule';
import { atCertificate } from './certificateSites';
import { groupsToCheck, perCertificateFile } from './certificateGroups';

const ORDER_CODES = new Set(['leaf-not-first', 'not-issued-by-next', 'bad-signature-by-next']);

export const certChainOrder: Rule = {
  meta: {
    id: 'cert-chain-order',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The certificate file does not start with the leaf, or a certificate is not signed by the one after it.',
    docs: {
      what: 'Reads each `ssl_certificate` file as the chain nginx sends: the leaf first, then each certificate followed by its issuer. Reports a file that starts with an intermediate, and any certificate the next one did not sign (checked by signature, not only by name).',
      why: 'nginx sends the file as it is. When it does not start with the leaf, the key does not match the first certificate and nginx refuses to start; when the intermediates are out of order or belong to another chain, strict clients fail the handshake ("unable to verify the first certificate") while browsers that repair chains hide the problem.',
      example: 'ssl_certificate /etc/nginx/tls/intermediate-then-leaf.pem;',
      useInstead: 'ssl_certificate /etc/nginx/tls/fullchain.pem;   # leaf, then intermediate',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const outOfOrder = perCertificateFile((sc) => {
      let problems = sc.chain.findings.filter((f) => ORDER_CODES.has(f.code));
      // When the leaf is not first, that is the finding; the same certificate's next-issuer complaint repeats it.
      const first = problems.find((p) => p.code === 'leaf-not-first');
      if (first) problems = problems.filter((p) => p === first || p.index !== first.index);
      return problems.length ? problems.map((p) => `certificate #${p.index + 1}: ${p.message}`).join('; ') : undefined;
    });
    for (const group of groupsToCheck(ctx, outOfOrder)) {
      const sc = group[0];
      const problems = outOfOrder(sc);
      if (!problems) continue;
      ctx.report({
        ...atCertificate(group),
        message: `${sc.site.arg.text}: the chain is out of order: ${problems}`,
      });
    }
  },
};
