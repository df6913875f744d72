import type { Rule } from './rule';
import { fix, nearest } from './helpers';
import { nginxDirectiveNames } from '../docs/nginxDirectives';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';
import { isTlsRelatedNginx } from './tlsDirectives';
import type { Directive } from '../syntax/tree';

let tlsNames: string[] | undefined;

function tlsCandidates(): string[] {
  tlsNames ??= nginxDirectiveNames().filter(isTlsRelatedNginx);
  return tlsNames;
}

export const directiveTypo: Rule = {
  meta: {
    id: 'directive-typo',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'An unknown directive that is a near miss of a TLS directive (`ssl_protocol`).',
    docs: {
      what: 'Reports a directive name the server does not know when it is within two edits (insertions, deletions, substitutions or swaps) of a TLS-related directive, and names the directive that was probably meant.',
      why: 'nginx refuses a configuration with an unknown directive ("unknown directive"), so a typo blocks the next reload. Where a server ignores unknown names, the intended TLS setting silently never applies.',
      example: 'ssl_protocol TLSv1.2 TLSv1.3;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Renames the directive to the suggested one. A suggestion, not applied by `--fix`: the guess may be wrong, and the renamed directive starts to take effect.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<Directive>();
    // Items of unknown names in nginx roots, outside data and foreign blocks.
    for (const item of nginxDirectiveWalk(ctx.workspace).unknown) {
      const d = item.directive;
      if (seen.has(d)) continue;
      seen.add(d);
      if (!d.name || !/^[a-z_][a-z0-9_]*$/i.test(d.name)) continue;
      const guess = nearest(d.lname, tlsCandidates(), 2);
      if (!guess) continue;
      ctx.report({
        file: d.file,
        range: d.nameRange,
        message: `unknown directive "${d.name}": did you mean "${guess}"? nginx refuses the configuration ("unknown directive")`,
        fixes: fix(`Rename to ${guess}`, 'suggestion', [{ file: d.file, range: d.nameRange, newText: guess }]),
      });
    }
  },
};
