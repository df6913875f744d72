import type { Rule } from '../rule';
import { fix } from '../helpers';
import { apacheDirectiveItems } from './sites';
import { argTexts } from '../../model/apache/support';

export const insecureRenegotiation: Rule = {
  meta: {
    id: 'insecure-renegotiation',
    defaultSeverity: 'error',
    dialects: ['apache'],
    description: 'Apache `SSLInsecureRenegotiation on`: renegotiation with clients lacking RFC 5746.',
    docs: {
      what: 'Reports `SSLInsecureRenegotiation on` (default off).',
      why: 'Legacy renegotiation lets a man in the middle splice his own request in front of the victim\'s authenticated session (CVE-2009-3555). Every maintained client supports the secure renegotiation extension of RFC 5746, so the option only re-opens the hole.',
      example: 'SSLInsecureRenegotiation on',
      useInstead: 'SSLInsecureRenegotiation off',
      fix: 'Sets `SSLInsecureRenegotiation off`. Safe.',
      references: ['RFC 5746', 'CVE-2009-3555', 'httpd mod_ssl: SSLInsecureRenegotiation'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const it of apacheDirectiveItems(ctx.workspace, ['sslinsecurerenegotiation'])) {
      const d = it.directive;
      if ((argTexts(d, it.ctx.root)[0] ?? '').toLowerCase() !== 'on' || !d.args[0]) continue;
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: 'SSLInsecureRenegotiation on: clients without RFC 5746 may renegotiate, which lets an attacker prefix requests to an authenticated session (CVE-2009-3555)',
        fixes: fix('Set SSLInsecureRenegotiation off', 'safe', [{ file: d.file, range: d.args[0].range, newText: 'off' }]),
        rootFile: it.ctx.root.fragment ? undefined : it.ctx.root.file,
      });
    }
  },
};
