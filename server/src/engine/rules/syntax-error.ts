import type { Rule } from './rule';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    defaultSeverity: 'error',
    dialects: ['nginx', 'apache', 'squid'],
    description: 'The configuration does not parse: the server refuses to start.',
    docs: {
      what: 'Reports unbalanced braces or sections, a missing `;` (nginx), unterminated quotes, and stray `}` or closing section tags. The parser recovers after each error and lints the rest of the file.',
      why: 'A configuration the server cannot parse stops a reload or a start: every site on the server goes down, not only the broken one.',
      example: 'server {\n    listen 443 ssl\n    server_name example.com;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    server_name example.com;\n}',
      references: ['nginx: src/core/ngx_conf_file.c (the tokenizer tlslint follows)'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    for (const parsed of ctx.workspace.files.values()) {
      // Hazards parse, but not as the author meant (nginx would not report them): a warning, not an error.
      for (const p of parsed.problems) ctx.report({ file: parsed.file, range: p.range, message: p.message, severity: p.hazard ? 'warning' : undefined });
    }
  },
};
