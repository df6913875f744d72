import type { Rule } from './rule';
import { squid, squidRootFile } from '../model/squid/policy';
import { deleteDirective, fix } from './helpers';
import { SQUID_OBSOLETE_DIRECTIVES, SQUID_OBSOLETE_SINCE_6 } from '../docs/squidDirectiveNames';
import { SQUID_REMOVED_TLS_DIRECTIVES } from '../docs/squidDocs';
import type { Fix } from '../types';
import { versionAtLeast } from '../settings';

/**
 * Whether a name cf.data.pre lists as obsolete is obsolete for the target: the sslproxy_* family since
 * Squid 4, a few names since 6, the rest of the list (taken from Squid 5.7 and 6.x) from 5.0 on.
 */
function obsoleteFor(name: string, target: string, removedTls: boolean): boolean {
  if (SQUID_REMOVED_TLS_DIRECTIVES[name]) return removedTls;
  if (SQUID_OBSOLETE_SINCE_6.has(name)) return versionAtLeast(target, '6.0');
  return versionAtLeast(target, '5.0');
}

export const squidDirectiveRemoved: Rule = {
  meta: {
    id: 'squid-directive-removed',
    defaultSeverity: 'error',
    dialects: ['squid'],
    description: 'A Squid directive that was removed (sslproxy_cipher, sslproxy_flags…): Squid ignores it.',
    docs: {
      what: 'Reports directives the target Squid (`tlslint.targets.squid`) lists as obsolete: the `sslproxy_*` family that `tls_outgoing_options` replaced (`sslproxy_cipher`, `sslproxy_options`, `sslproxy_version`, `sslproxy_flags`, `sslproxy_cafile`, `sslproxy_capath`, `sslproxy_client_certificate`, `sslproxy_client_key`) (obsolete since Squid 4), and the other names Squid 5 and 6 mark obsolete (`announce_*` and `request_entities` only from Squid 6). The message names the replacement Squid itself suggests.',
      why: 'Squid prints "ERROR: Directive \'…\' is obsolete." and then ignores the line: the setting it was meant to make (a cipher list, a CA file, a verification flag) silently does not apply, so outgoing TLS runs on defaults nobody chose. tlslint keeps this apart from `ssl-directive-deprecated`, which is for settings that still work.',
      example: 'sslproxy_cipher HIGH:!aNULL:!MD5\nsslproxy_cafile /etc/ssl/certs/ca-certificates.crt',
      useInstead: 'tls_outgoing_options cipher=HIGH:!aNULL:!MD5 cafile=/etc/ssl/certs/ca-certificates.crt',
      fix: 'Rewrites the line as `tls_outgoing_options <option>=<value>` (a suggestion: the setting starts to apply), or removes it (safe: Squid ignores it anyway). `sslproxy_version` has no one-to-one replacement and is only removed.',
      references: ['Squid src/cf.data.pre (TYPE: obsolete entries)', 'Squid 4 release notes: sslproxy_* replaced by tls_outgoing_options'],
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    // Before Squid 4 the sslproxy_* directives were the way to configure outgoing TLS.
    const removedTls = versionAtLeast(ctx.settings.targets.squid, '4.0');
    const seen = new Set<string>();
    for (const policy of squid(ctx.workspace)) {
      for (const item of policy.items) {
        const d = item.directive;
        if (!SQUID_OBSOLETE_DIRECTIVES.has(d.lname) || !obsoleteFor(d.lname, ctx.settings.targets.squid, removedTls)) continue;
        const key = `${d.file}:${d.range.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const replacement = SQUID_REMOVED_TLS_DIRECTIVES[d.lname];
        const fixes: Fix[] = [];
        const value = d.args.map((a) => a.raw).join(' ');
        if (replacement?.option && d.args.length === 1) {
          fixes.push(...fix(`Rewrite as "tls_outgoing_options ${replacement.option}=${value}"`, 'suggestion', [{ file: d.file, range: d.range, newText: `tls_outgoing_options ${replacement.option}=${value}` }]));
        }
        fixes.push(...fix(`Remove ${d.name} (Squid ignores it)`, 'safe', [deleteDirective(ctx.workspace, d)]));
        ctx.report({
          file: d.file,
          range: d.nameRange,
          message: `${d.name} was removed from Squid${replacement ? ` (${replacement.since})` : ''}: Squid reports "ERROR: Directive '${d.name}' is obsolete." and ignores the line${replacement ? `; ${replacement.instead}` : ''}`,
          fixes,
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
