import type { Rule } from './rule';
import { describeResolution, fileFailure, rootFileOf, type FileSite } from './certificateSites';
import { fileSitesToCheck, perSiteFile } from './certificateGroups';

export const certFileNotFound: Rule = {
  meta: {
    id: 'cert-file-not-found',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'A certificate, key, CA or DH parameter file that does not exist (after path mappings).',
    docs: {
      what: 'Reports `ssl_certificate`, `ssl_certificate_key`, `ssl_trusted_certificate`, `ssl_client_certificate`, `ssl_dhparam` and the `proxy_ssl_*` / `grpc_ssl_*` / `uwsgi_ssl_*` certificate, key and CA paths that name no file. Relative paths resolve against the nginx prefix (the configuration directory), then through `tlslint.pathMappings`. Paths with variables (`$ssl_server_name`), inline `data:` values and `engine:`/`store:` keys are not files and are skipped.',
      why: 'nginx refuses to start when it cannot open one of these files ("cannot load certificate … No such file or directory"). In a repository the file may live elsewhere than on the server: map the server path to the workspace path with `tlslint.pathMappings` so tlslint can find and check it.',
      example: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # no such file',
      useInstead: 'ssl_certificate /etc/nginx/tls/example.com.crt;   # with "tlslint.pathMappings": { "/etc/nginx": "deploy/nginx" } and deploy/nginx/tls/example.com.crt in the repository',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const missing = perSiteFile((site: FileSite) => site.resolution.kind === 'file' && !ctx.workspace.fs.stat(site.resolution.path));
    for (const site of fileSitesToCheck(ctx.workspace, missing)) {
      const r = site.resolution;
      if (r.kind !== 'file' || !missing(site)) continue;
      ctx.report({
        file: site.directive.file,
        range: site.arg.range,
        message: `${site.directive.name}: no file ${describeResolution(r)}; ${fileFailure(site, 'nginx refuses to start when it cannot open it')} (map server paths to the workspace with tlslint.pathMappings)`,
        rootFile: rootFileOf(site.root),
      });
    }
  },
};
