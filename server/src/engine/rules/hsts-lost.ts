import type { Rule } from './rule';
import { fix, insertLinesAfter, nginx, rawDirective, where } from './helpers';
import { effectiveItems, hstsOf, itemsIn, namesHsts, type NginxServer } from '../model/nginxPolicy';
import type { BlockContext } from '../model/workspace';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';

/** Blocks whose add_header lines replace the ones inherited from outside. */
const INNER_BLOCKS: ReadonlySet<string> = new Set(['server', 'location', 'if-server', 'if-location', 'limit_except']);

export const hstsLost: Rule = {
  meta: {
    id: 'hsts-lost',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'An `add_header` in an inner block drops the HSTS header inherited from outside.',
    docs: {
      what: 'Reports a `server`, `location` or `if` block of a TLS server that has its own `add_header` lines but no Strict-Transport-Security, while an enclosing block sets HSTS.',
      why: 'nginx inherits `add_header` from the enclosing level only when the inner level has none at all. One `add_header X-Frame-Options …` in a location silently removes HSTS (and every other inherited header) from its responses.',
      example: 'server {\n    add_header Strict-Transport-Security "max-age=63072000" always;\n    location /app {\n        add_header X-Frame-Options DENY;\n    }\n}',
      useInstead: 'server {\n    add_header Strict-Transport-Security "max-age=63072000" always;\n    location /app {\n        add_header Strict-Transport-Security "max-age=63072000" always;\n        add_header X-Frame-Options DENY;\n    }\n}',
      fix: 'Repeats the inherited HSTS line in the inner block. Safe: it restores the header the outer block meant to send.',
      references: ['nginx documentation: ngx_http_headers_module, add_header (inheritance between levels)'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    // Any http server counts, TLS or not yet: one that sets HSTS means it to be sent (a missing `ssl`
    // is listen-ssl-missing's business).
    // Built when a block first needs it: most blocks have no add_header of their own.
    let servers: Map<BlockContext, NginxServer> | undefined;
    const serverOf = (c: BlockContext) => {
      if (!servers) {
        servers = new Map();
        for (const s of nginx(ctx.workspace).servers) if (s.kind === 'server') servers.set(s.ctx, s);
      }
      let server: NginxServer | undefined;
      for (let x: BlockContext | undefined = c; x; x = x.parent) {
        server = servers.get(x);
        if (server || x.kind === 'server') break;
      }
      return server;
    };
    // A block loses HSTS only through an add_header of its own that is not HSTS: most trees have none.
    const roots = nginxDirectiveWalk(ctx.workspace).addHeaders.every(namesHsts) ? [] : ctx.workspace.roots;
    for (const root of roots) {
      if (root.dialect !== 'nginx') continue;
      for (const c of root.contexts) {
        if (!c.parent || !INNER_BLOCKS.has(c.kind)) continue;
        const own = itemsIn(c, 'add_header');
        if (!own.length || hstsOf(own)) continue;
        if (!serverOf(c)) continue;
        const outer = hstsOf(effectiveItems(c.parent, 'add_header'));
        if (!outer) continue;
        const first = own[0].directive;
        ctx.report({
          file: first.file,
          range: first.nameRange,
          message: `this "add_header" stops inheritance: the Strict-Transport-Security header set at ${where(root, first.file, outer.item.directive)} is not sent from this ${c.kind.startsWith('if') ? 'if block' : c.kind}`,
          related: [{ file: outer.item.directive.file, range: outer.item.directive.range, message: 'HSTS set here' }],
          fixes: fix('Repeat the HSTS header in this block', 'safe', [insertLinesAfter(ctx.workspace, own[own.length - 1].directive, [rawDirective(ctx.workspace, outer.item.directive)])]),
          rootFile: root.fragment ? undefined : root.file,
        });
      }
    }
  },
};
