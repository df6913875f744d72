import type { Rule } from '../rule';
import { fix } from '../helpers';
import { apacheDirectiveItems } from './sites';
import { argTexts } from '../../model/apache/support';

export const tlsCompression: Rule = {
  meta: {
    id: 'tls-compression',
    defaultSeverity: 'error',
    dialects: ['apache'],
    description: 'Apache `SSLCompression on`: TLS-level compression (CRIME).',
    docs: {
      what: 'Reports `SSLCompression on`. mod_ssl\'s default is off (since 2.4.3).',
      why: 'Compressing before encrypting leaks secrets through the length of records: the CRIME attack recovers session cookies. TLS 1.3 removed compression; OpenSSL builds without zlib (Debian\'s) make httpd refuse the directive ("This version of OpenSSL does not have any compression methods available").',
      example: 'SSLCompression on',
      useInstead: 'SSLCompression off',
      fix: 'Sets `SSLCompression off`. Safe.',
      references: ['CVE-2012-4929 (CRIME)', 'httpd mod_ssl: SSLCompression'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const it of apacheDirectiveItems(ctx.workspace, ['sslcompression'])) {
      const d = it.directive;
      if ((argTexts(d, it.ctx.root)[0] ?? '').toLowerCase() !== 'on' || !d.args[0]) continue;
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: 'SSLCompression on: TLS compression leaks secrets such as cookies through record lengths (CRIME); OpenSSL builds without zlib make httpd refuse to start',
        fixes: fix('Set SSLCompression off', 'safe', [{ file: d.file, range: d.args[0].range, newText: 'off' }]),
        rootFile: it.ctx.root.fragment ? undefined : it.ctx.root.file,
      });
    }
  },
};
