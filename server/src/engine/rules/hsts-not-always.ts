import type { Rule } from './rule';
import { fix, insertAfter } from './helpers';
import { hasAlways, hstsHeaders } from './hstsHeaders';

export const hstsNotAlways: Rule = {
  meta: {
    id: 'hsts-not-always',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: '`add_header Strict-Transport-Security …` without `always`.',
    docs: {
      what: 'Reports an nginx HSTS header added without the `always` parameter.',
      why: 'Without `always`, nginx adds the header only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses. A first visit that ends in an error page (404, 500) then teaches the browser nothing.',
      example: 'add_header Strict-Transport-Security "max-age=63072000";',
      useInstead: 'add_header Strict-Transport-Security "max-age=63072000" always;',
      fix: 'Appends `always`. Safe.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const headers = hstsHeaders(ctx.workspace);
    if (!headers.anyWithoutAlways) return;
    for (const d of headers.directives) {
      if (hasAlways(d)) continue;
      const last = d.args[d.args.length - 1];
      ctx.report({
        file: d.file,
        range: d.nameRange,
        message: 'Strict-Transport-Security is added without "always": error responses (4xx, 5xx) go out without it',
        fixes: fix('Add "always"', 'safe', [insertAfter(d.file, last.range, ' always')]),
      });
    }
  },
};
