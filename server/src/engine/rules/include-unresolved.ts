import type { Rule } from './rule';
import { reportStructuralProblems } from './helpers';

export const includeUnresolved: Rule = {
  meta: {
    id: 'include-unresolved',
    defaultSeverity: 'warning',
    dialects: ['nginx', 'apache', 'squid'],
    description: 'An include names a file that does not exist.',
    docs: {
      what: 'Reports `include` (nginx, Squid) and `Include` (Apache) directives whose path names no existing file, after path mappings. Glob patterns that match nothing are accepted (nginx and Apache `IncludeOptional` accept them too), except in Squid, which stops on them.',
      why: 'nginx and Apache refuse to start when a literal include target is missing. In a repository the cause is often a server path (`/etc/nginx/...`) that lives elsewhere in the workspace: set `tlslint.pathMappings` so tlslint can follow it and lint the included TLS settings.',
      example: 'include /etc/nginx/snippets/tls.conf;   # the repository keeps it in deploy/nginx/snippets',
      useInstead: '// .vscode/settings.json\n"tlslint.pathMappings": { "/etc/nginx": "${workspaceFolder}/deploy/nginx" }',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    reportStructuralProblems(ctx, 'include-unresolved');
  },
};
