import type { Rule } from './rule';
import { certificatesOf, dhParamsOf, fileFailure, keyFactsOf, rootFileOf, type FileSite } from './certificateSites';
import { fileSitesToCheck, perSiteFile } from './certificateGroups';

const EXPECTED = {
  certificate: 'a PEM certificate (or DER)',
  ca: 'PEM CA certificates',
  key: 'a private key',
  dhparam: 'PEM DH parameters',
};

export const certUnreadable: Rule = {
  meta: {
    id: 'cert-unreadable',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A certificate, key, CA or DH parameter file that exists but does not hold what the directive needs.',
    docs: {
      what: 'Reports a file named by a certificate, key, CA or `ssl_dhparam` directive that exists but does not parse as the expected kind: no PEM `CERTIFICATE` block (nor DER certificate), no private key, no `DH PARAMETERS`, or a directory. Encrypted keys are not reported (nginx reads them with `ssl_password_file`); they are only not compared with their certificate.',
      why: 'nginx refuses to start ("cannot load certificate", "cannot load certificate key", "PEM_read_bio_DHparams() failed"). The usual causes: the key and certificate paths swapped, a file saved in the wrong format, or a truncated copy.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.key;',
      useInstead: 'ssl_certificate /etc/nginx/tls/example.com.crt;',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const ws = ctx.workspace;
    const problemOf = perSiteFile((site: FileSite): string | undefined => {
      const r = site.resolution;
      if (site.kind === 'certificate' || site.kind === 'ca') {
        const loaded = certificatesOf(ws, r);
        if (loaded?.status === 'unreadable') return loaded.error;
        if (loaded?.status === 'directory') return 'is a directory';
      } else if (r.kind === 'file') {
        const loaded = site.kind === 'key' ? keyFactsOf(ws, r.path, undefined, undefined) : dhParamsOf(ws, r.path);
        if (loaded.status === 'unreadable') return loaded.error;
        if (loaded.status === 'directory') return 'is a directory';
      }
      return undefined;
    });
    for (const site of fileSitesToCheck(ws, problemOf)) {
      const r = site.resolution;
      const problem = problemOf(site);
      if (!problem) continue;
      const where = r.kind === 'file' ? r.path : 'the inline data';
      ctx.report({
        file: site.directive.file,
        range: site.arg.range,
        message: `${site.directive.name}: ${where} ${/^(is|holds|has) /.test(problem) ? problem : `cannot be read: ${problem}`}; ${fileFailure(site, `nginx expects ${EXPECTED[site.kind]} and refuses to start`)}`,
        rootFile: rootFileOf(site.root),
      });
    }
  },
};
