import type { Rule } from './rule';
import { reportStructuralProblems } from './helpers';

export const includeCycle: Rule = {
  meta: {
    id: 'include-cycle',
    defaultSeverity: 'error',
    dialects: ['nginx', 'apache', 'squid'],
    description: 'A file includes itself, directly or through other files.',
    docs: {
      what: 'Reports an include that leads back to a file already being included on the same path, for example `sites-enabled/*.conf` matching the file that holds the include.',
      why: 'The server expands includes recursively: a cycle makes it fail to start ("too many open files" or an include depth error). tlslint stops expanding at the cycle and lints the rest.',
      example: '# conf.d/all.conf\ninclude conf.d/*.conf;',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    reportStructuralProblems(ctx, 'include-cycle');
  },
};
