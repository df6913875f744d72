import type { Rule } from './rule';
import { fix, insertLinesAfter, nginxQuote } from './helpers';
import type { Directive } from '../syntax/tree';
import { serversWhere } from './nginxCandidates';

/** Servers with a certificate directive in effect that has no key. */
const withKeylessCertificate = serversWhere((s) => s.kind !== 'mail-server' && s.certificates.some((pair) => !pair.key && pair.certificate.item !== undefined));

export const certKeyMissing: Rule = {
  meta: {
    id: 'cert-key-missing',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A certificate with no private key in effect.',
    docs: {
      what: 'Reports an `ssl_certificate` without a matching `ssl_certificate_key` (nginx pairs them in order), in the servers that use it.',
      why: 'nginx refuses the configuration ("no ssl_certificate_key is defined for certificate"). nginx needs the key directive even when the key sits in the same PEM file as the certificate: then both directives name that file.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.crt;',
      useInstead: 'ssl_certificate     /etc/nginx/tls/example.com.crt;\nssl_certificate_key /etc/nginx/tls/example.com.key;',
      fix: 'Inserts `ssl_certificate_key` after the certificate, naming the certificate\'s path with a `.key` extension. A suggestion: check the path (point it at the certificate file itself when the key is stored there).',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const done = new Set<Directive>();
    for (const s of withKeylessCertificate(ctx.workspace)) {
      for (const pair of s.certificates) {
        if (pair.key || !pair.certificate.item) continue;
        const d = pair.certificate.item.directive;
        if (done.has(d)) continue;
        done.add(d);
        const certPath = pair.certificate.value;
        // The key's path is a guess from the certificate's name: this rule never opens either file.
        const keyPath = certPath.replace(/\.(crt|pem|cer|cert)$/i, '') + '.key';
        ctx.report({
          file: d.file,
          range: d.args[0]?.range ?? d.nameRange,
          message: `certificate ${certPath} has no ssl_certificate_key: nginx refuses the configuration ("no ssl_certificate_key is defined for certificate")`,
          fixes: fix(`Insert "ssl_certificate_key ${keyPath}"`, 'suggestion', [insertLinesAfter(ctx.workspace, d, [`ssl_certificate_key ${nginxQuote(keyPath)};`])]),
          rootFile: s.root.fragment ? undefined : s.root.file,
        });
      }
    }
  },
};
