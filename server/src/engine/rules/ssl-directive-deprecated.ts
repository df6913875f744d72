import type { Rule } from './rule';
import { deleteDirective, insertAfter, nginx, nginxDirectives } from './helpers';
import { versionAtLeast } from '../settings';
import type { Fix, TextEdit } from '../types';
import type { Directive } from '../syntax/tree';
import type { NginxServer } from '../model/nginxPolicy';

export const sslDirectiveDeprecated: Rule = {
  meta: {
    id: 'ssl-directive-deprecated',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'nginx `ssl on;` (removed in 1.25.1); Apache `SSLCertificateChainFile` (deprecated since 2.4.8).',
    docs: {
      what: 'Reports nginx\'s `ssl` directive. It was deprecated in 1.15.0 in favour of the `ssl` parameter of `listen` and removed in 1.25.1.',
      why: 'From nginx 1.25.1 on, `ssl on;` is an unknown directive and the configuration is refused, so an upgrade of nginx breaks the site. Before that, `ssl on` turned TLS on for every listen of the server, which made a plain-HTTP listen in the same server impossible.',
      example: 'server {\n    listen 443;\n    ssl on;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n}',
      fix: 'For `ssl on`: removes it and adds `ssl` to each listen of the servers it applied to. For `ssl off`: removes it. Safe: the set of TLS sockets stays the same.',
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    const target = ctx.settings.targets.nginx;
    const removed = versionAtLeast(target, '1.25.1');
    // The servers each `ssl on` is in effect for, indexed when the first one needs them (a filter per
    // directive is quadratic in a tree with one per server).
    let bySslOn: Map<Directive, NginxServer[]> | undefined;
    const serversOf = (d: Directive) => {
      if (!bySslOn) {
        bySslOn = new Map();
        for (const s of nginx(ctx.workspace).servers) {
          const on = s.sslOn?.directive;
          if (!on) continue;
          const list = bySslOn.get(on);
          if (list) list.push(s);
          else bySslOn.set(on, [s]);
        }
      }
      return bySslOn.get(d) ?? [];
    };
    for (const d of nginxDirectives(ctx.workspace, ['ssl'])) {
      const on = (d.args[0]?.text ?? '').toLowerCase() === 'on';
      const fixes: Fix[] = [];
      const edits: TextEdit[] = [deleteDirective(ctx.workspace, d)];
      let fixable = true;
      if (on) {
        const affected = serversOf(d);
        const listens = new Set<Directive>();
        for (const s of affected) {
          if (s.listens.length === 0) fixable = false;
          for (const l of s.listens) if (!l.ssl && !listens.has(l.item.directive)) {
            listens.add(l.item.directive);
            edits.push(insertAfter(l.item.directive.file, l.addressRange, ' ssl'));
          }
        }
      }
      if (fixable) fixes.push({ title: on ? 'Replace "ssl on" with "ssl" on each listen' : 'Remove "ssl off"', safety: 'safe', edits });
      ctx.report({
        file: d.file,
        range: d.range,
        severity: removed ? 'error' : undefined,
        message: removed
          ? `"ssl ${d.args[0]?.text ?? ''}" was removed in nginx 1.25.1: target nginx ${target} refuses the configuration ("unknown directive"); use "listen … ssl"`
          : `"ssl ${d.args[0]?.text ?? ''}" is deprecated since nginx 1.15.0 and removed in 1.25.1; use "listen … ssl"`,
        fixes,
      });
    }
  },
};
