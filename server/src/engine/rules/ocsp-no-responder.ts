import type { Rule } from './rule';
import { fix, replaceArgs } from './helpers';
import { certName, rootFileOf, serverCertificates } from './certificateSites';
import { effectiveItem, type NginxServer } from '../model/nginxPolicy';

export const ocspNoResponder: Rule = {
  meta: {
    id: 'ocsp-no-responder',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'OCSP stapling on, but the certificate names no OCSP responder: stapling is silently ignored.',
    docs: {
      what: 'Reports `ssl_stapling on` in a TLS server whose certificate has no OCSP responder URL in its Authority Information Access extension, unless `ssl_stapling_responder` names one or `ssl_stapling_file` supplies the response.',
      why: 'nginx only warns at startup (`"ssl_stapling" ignored, no OCSP responder URL in the certificate`) and then staples nothing. Let\'s Encrypt stopped putting OCSP URLs in its certificates in 2025, so configurations that enabled stapling years ago now do nothing while looking hardened.',
      example: 'ssl_stapling on;\nssl_certificate /etc/nginx/tls/fullchain.pem;   # no OCSP URL',
      useInstead: 'ssl_stapling off;',
      fix: 'Turns stapling off. A suggestion: keep it on if you plan to add `ssl_stapling_responder` or switch to a certificate with an OCSP URL.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const sc of serverCertificates(ctx)) {
      if ((sc.server.dialect && sc.server.dialect !== 'nginx') || sc.server.role === 'client') continue;
      const s = sc.server as NginxServer;
      const item = s.stapling.item;
      if (!s.tls || !s.stapling.value || !item || s.rejectHandshake.value) continue;
      if (effectiveItem(s.ctx, 'ssl_stapling_responder') || effectiveItem(s.ctx, 'ssl_stapling_file')) continue;
      if (sc.leaf.ocspUrls.length) continue;
      const d = item.directive;
      const arg = d.args[0];
      if (!arg) continue;
      const key = `${d.file}:${d.range.start.line}|${sc.site.directive.file}:${sc.site.arg.range.start.line}:${sc.site.arg.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report({
        file: d.file,
        range: arg.range,
        message: `ssl_stapling is on, but the certificate "${certName(sc.leaf)}" (${sc.site.arg.text}) names no OCSP responder: nginx ignores stapling for it ("no OCSP responder URL in the certificate")`,
        related: [{ file: sc.site.directive.file, range: sc.site.arg.range, message: 'certificate without an OCSP URL' }],
        fixes: fix('Turn OCSP stapling off', 'suggestion', [replaceArgs(d, 'off')]),
        rootFile: rootFileOf(s.root),
      });
    }
  },
};
