import type { Rule } from './rule';
import { deleteDirective, fix, where } from './helpers';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';

export const directiveDuplicate: Rule = {
  meta: {
    id: 'directive-duplicate',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The same non-repeatable directive twice in one block.',
    docs: {
      what: 'Reports the second occurrence of a directive that may appear only once per block (`ssl_ciphers`, `ssl_prefer_server_ciphers`, `ssl_session_tickets`…), including occurrences that come from included files. Directives nginx accumulates are not reported: several `ssl_protocols` in one block add up, and `ssl_certificate` may be repeated for RSA and ECDSA certificates.',
      why: 'nginx refuses the configuration ("directive is duplicate"). Where another server would keep the last value, which one was meant is unclear either way.',
      example: 'ssl_ciphers HIGH:!aNULL:!MD5;\nssl_ciphers ECDHE+AESGCM;',
      useInstead: 'ssl_ciphers ECDHE+AESGCM;',
      fix: 'Removes the later directive. A suggestion: the later value may have been the intended one.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    // Non-repeatable directives set again in one block, each with the first one.
    for (const { item, first, root } of nginxDirectiveWalk(ctx.workspace).duplicates) {
      const d = item.directive;
      ctx.report({
        file: d.file,
        range: d.nameRange,
        message: `"${d.name}" is already set in this block at ${where(root, d.file, first.directive)}: nginx refuses the configuration ("directive is duplicate")`,
        related: [{ file: first.directive.file, range: first.directive.range, message: 'first set here' }],
        fixes: fix(`Remove this duplicate ${d.name}`, 'suggestion', [deleteDirective(ctx.workspace, d)]),
        rootFile: root.fragment ? undefined : root.file,
      });
    }
  },
};
