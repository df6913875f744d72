import type { Rule } from './rule';
import { fix, replaceArgs, numbering } from './helpers';
import { certName, rootFileOf, serverCertificates } from './certificateSites';
import { effectiveItem, type NginxServer } from '../model/nginxPolicy';
import type { Directive } from '../syntax/tree';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';

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
    const fileId = numbering();
    // An http-level ssl_stapling shared by thousands of servers gets the same message for every server
    // whose certificate names the same file the same way: the engine keeps only the first such finding,
    // so only the first is built. The message depends on the certificate's name and the argument.
    const reported = new Map<Directive, Map<string, Set<string>>>();
    // Most trees set neither: then no server has them in effect, and nothing needs looking up.
    const walk = nginxDirectiveWalk(ctx.workspace);
    const mayOverride = walk.has('ssl_stapling_responder') || walk.has('ssl_stapling_file');
    for (const sc of serverCertificates(ctx)) {
      if ((sc.server.dialect && sc.server.dialect !== 'nginx') || sc.server.role === 'client') continue;
      const s = sc.server as NginxServer;
      const item = s.stapling.item;
      if (!s.tls || !s.stapling.value || !item || s.rejectHandshake.value || sc.leaf.ocspUrls.length) continue;
      if (mayOverride && (effectiveItem(s.ctx, 'ssl_stapling_responder') || effectiveItem(s.ctx, 'ssl_stapling_file'))) continue;
      const d = item.directive;
      const arg = d.args[0];
      if (!arg) continue;
      const key = `${fileId(d.file)}:${d.range.start.line}|${fileId(sc.site.directive.file)}:${sc.site.arg.range.start.line}:${sc.site.arg.range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const name = certName(sc.leaf);
      let byName = reported.get(d);
      if (!byName) {
        byName = new Map();
        reported.set(d, byName);
      }
      let args = byName.get(name);
      if (!args) {
        args = new Set();
        byName.set(name, args);
      }
      if (args.has(sc.site.arg.text)) continue;
      args.add(sc.site.arg.text);
      ctx.report({
        file: d.file,
        range: arg.range,
        message: `ssl_stapling is on, but the certificate "${name}" (${sc.site.arg.text}) names no OCSP responder: nginx ignores stapling for it ("no OCSP responder URL in the certificate")`,
        related: [{ file: sc.site.directive.file, range: sc.site.arg.range, message: 'certificate without an OCSP URL' }],
        fixes: fix('Turn OCSP stapling off', 'suggestion', [replaceArgs(d, 'off')]),
        rootFile: rootFileOf(s.root),
      });
    }
  },
};
