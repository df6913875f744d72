import type { Rule } from './rule';
import { numbering } from './helpers';
import type { CertificateInfo } from '../tls/x509/certificate';
import { certName, checkableServerName, rootFileOf, serverCertificates, uncoveredIn } from './certificateSites';
import { matcherOf, namesOf } from './certificateGroups';

export const certHostnameMismatch: Rule = {
  meta: {
    id: 'cert-hostname-mismatch',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'A server_name the leaf certificate\'s SANs do not cover (wildcards per RFC 6125).',
    docs: {
      what: 'For each TLS server, checks every `server_name` against the subject alternative names of each certificate it serves (the common name only when the certificate has no SAN). A certificate wildcard matches exactly one whole left-most label (`*.example.com` covers `a.example.com`, not `a.b.example.com` nor `example.com`). An nginx wildcard name `*.example.com` needs the certificate wildcard `*.example.com`; `.example.com` needs both `example.com` and `*.example.com`. Regular-expression names (`~…`), `_`, empty names, names with variables and trailing wildcards (`www.example.*`) are skipped.',
      why: 'Clients compare the name they connected to with the certificate: a name it does not cover fails every handshake ("certificate is not valid for this name", "hostname mismatch").',
      example: 'server_name example.com www.example.com;\nssl_certificate /etc/nginx/tls/www.example.com.crt;   # SAN: www.example.com',
      useInstead: 'server_name example.com www.example.com;\nssl_certificate /etc/nginx/tls/example.com.crt;   # SAN: example.com, www.example.com',
      references: ['RFC 6125 §6.4', 'RFC 9110 §4.3.4'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<string>();
    const fileId = numbering();
    // What a message says a certificate is valid for, once per certificate (servers share a few files).
    const validFor = new Map<CertificateInfo, string>();
    const coveredText = (leaf: CertificateInfo) => {
      let text = validFor.get(leaf);
      if (text === undefined) {
        const names = namesOf(leaf);
        const covered = [...names.dns, ...names.ip];
        text = covered.length ? covered.join(', ') : 'no DNS name';
        validFor.set(leaf, text);
      }
      return text;
    };
    const list = serverCertificates(ctx);
    for (let i = 0; i < list.length; i++) {
      const sc = list[i];
      const s = sc.server;
      if (!s.tls || s.rejectHandshake.value || s.kind === 'mail-server') continue;
      const matcher = matcherOf(sc.leaf);
      const names = s.names;
      for (let j = 0; j < names.length; j++) {
        const n = names[j];
        if (!checkableServerName(n.name)) continue;
        const missing = uncoveredIn(matcher, n.name);
        if (!missing.length) continue;
        const key = `${fileId(sc.site.directive.file)}:${sc.site.arg.range.start.line}:${sc.site.arg.range.start.character}|${fileId(n.item.directive.file)}:${n.range.start.line}:${n.range.start.character}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const what = missing.length === 1 && missing[0] === n.name.toLowerCase() ? `server name ${n.name}` : `server name ${n.name} (${missing.join(' and ')})`;
        ctx.report({
          file: sc.site.directive.file,
          range: sc.site.arg.range,
          message: `${sc.site.arg.text}: the certificate "${certName(sc.leaf)}" does not cover ${what}; it is valid for ${coveredText(sc.leaf)}: clients reaching the server by that name fail the handshake`,
          related: [{ file: n.item.directive.file, range: n.range, message: `${n.item.directive.name} ${n.name}` }],
          rootFile: rootFileOf(s.root),
        });
      }
    }
  },
};
