import type { Rule } from './rule';
import type { Directive } from '../syntax/tree';
import { certName, fileFailure, keyFactsOf, rootFileOf, serverCertificates, serverRelated } from './certificateSites';

export const certKeyMismatch: Rule = {
  meta: {
    id: 'cert-key-mismatch',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The private key does not belong to the certificate.',
    docs: {
      what: 'Compares the public half of each `ssl_certificate_key` with the first certificate of the `ssl_certificate` it is paired with (nginx pairs them in order). Encrypted keys are not decrypted and not compared. No key material is shown or kept: only the verdict.',
      why: 'nginx refuses to start ("SSL_CTX_use_PrivateKey(…) failed … key values mismatch"). Typical causes: a renewed certificate deployed with the old key, the RSA and ECDSA pairs crossed, or a chain file that does not start with the leaf.',
      example: 'ssl_certificate     /etc/nginx/tls/example.com.crt;\nssl_certificate_key /etc/nginx/tls/old.example.com.key;',
      useInstead: 'ssl_certificate     /etc/nginx/tls/example.com.crt;\nssl_certificate_key /etc/nginx/tls/example.com.key;',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const done = new Set<Directive>();
    const list = serverCertificates(ctx);
    for (let i = 0; i < list.length; i++) {
      const sc = list[i];
      const key = sc.keySite;
      if (!key || key.resolution.kind !== 'file' || done.has(key.directive)) continue;
      const certPath = sc.site.resolution.kind === 'file' ? sc.site.resolution.path : undefined;
      const facts = keyFactsOf(ws, key.resolution.path, certPath, sc.bundle);
      if (facts.status !== 'ok' || facts.value.matches !== false) continue;
      done.add(key.directive);
      // Does the key belong to another certificate of the file (a chain not starting with the leaf)?
      let hint = '';
      for (let i = 1; i < sc.bundle.certificates.length; i++) {
        const other = keyFactsOf(ws, key.resolution.path, `${certPath ?? sc.site.arg.text}#${i}`, { ...sc.bundle, certificates: [sc.bundle.certificates[i]] });
        if (other.status === 'ok' && other.value.matches) {
          hint = `; it belongs to certificate #${i + 1} ("${certName(sc.bundle.certificates[i])}") of that file, which must come first`;
          break;
        }
      }
      ctx.report({
        file: key.directive.file,
        range: key.arg.range,
        message: `${key.arg.text}: this ${facts.value.type.toUpperCase()} key does not belong to the first certificate "${certName(sc.bundle.certificates[0])}" in ${sc.site.arg.text}${hint}: ${fileFailure(key, 'nginx refuses to start ("key values mismatch")')}`,
        related: [{ file: sc.site.directive.file, range: sc.site.arg.range, message: 'certificate it is paired with' }, serverRelated(sc.server)],
        rootFile: rootFileOf(sc.server.root),
      });
    }
  },
};
