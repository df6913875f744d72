import type { Rule } from './rule';
import { where } from './helpers';
import type { ContextKind } from '../model/workspace';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';

const CONTEXT_LABEL: Partial<Record<ContextKind, string>> = {
  main: 'the main (top-level) context',
  'if-server': '"if" inside "server"',
  'if-location': '"if" inside "location"',
  'stream-server': '"server" inside "stream"',
  'stream-upstream': '"upstream" inside "stream"',
  'mail-server': '"server" inside "mail"',
};

export const directiveContext: Rule = {
  meta: {
    id: 'directive-context',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A TLS directive placed where the server rejects it (`ssl_protocols` inside `location`).',
    docs: {
      what: 'Reports TLS-related directives (and the blocks that hold them) in a context the server does not accept, taking includes into account: a snippet is judged where it is included.',
      why: 'nginx refuses the configuration ("directive is not allowed here"). Handshake parameters such as protocols and certificates are chosen per server before any location is known, so they cannot be set per location.',
      example: 'location /api {\n    ssl_protocols TLSv1.3;\n}',
      useInstead: 'server {\n    ssl_protocols TLSv1.2 TLSv1.3;\n    location /api { }\n}',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    // Known TLS-related and structural directives in a context that does not allow them.
    for (const { item, root, ctx: c } of nginxDirectiveWalk(ctx.workspace).misplaced) {
      const d = item.directive;
      const label = CONTEXT_LABEL[c.kind as ContextKind] ?? `"${c.kind}"`;
      const via = item.includedVia.length ? ` (included from ${where(root, d.file, item.includedVia[0])})` : '';
      ctx.report({
        file: d.file,
        range: d.nameRange,
        message: `"${d.name}" is not allowed in ${label}${via}: nginx refuses the configuration ("directive is not allowed here")`,
        rootFile: root.fragment ? undefined : root.file,
        related: item.includedVia.length ? [{ file: item.includedVia[0].file, range: item.includedVia[0].range, message: 'included here' }] : undefined,
      });
    }
  },
};
