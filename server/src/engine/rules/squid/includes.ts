// Squid's part of include-unresolved: unlike nginx and Apache, Squid stops when a glob pattern matches
// nothing ("FATAL: Unable to find configuration file: /etc/squid/conf.d/*.conf"), so an empty glob is
// reported too (literal paths are reported by the workspace model for every dialect).

import type { DialectCheck } from '../rule';
import { hasGlob, hasVariable } from '../../model/paths';
import { squid, squidRootFile } from '../../model/squid/policy';

export const squidIncludeUnresolved: DialectCheck = {
  ruleId: 'include-unresolved',
  dialect: 'squid',
  example: 'include /etc/squid/conf.d/*.conf   # the directory holds no .conf file',
  useInstead: 'include /etc/squid/conf.d/*.conf   # with at least one file, e.g. conf.d/local.conf',
  check(ctx) {
    const seen = new Set<string>();
    for (const policy of squid(ctx.workspace)) {
      if (policy.root.fragment) continue;
      for (const item of policy.items) {
        const d = item.directive;
        const arg = d.args[0];
        if (d.lname !== 'include' || !arg || !hasGlob(arg.text) || hasVariable(arg.text)) continue;
        if ((ctx.workspace.includeTargets.get(d) ?? []).length) continue;
        const key = `${d.file}:${d.range.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          file: d.file,
          range: arg.range,
          message: `include pattern ${arg.text} matches no file: Squid stops ("FATAL: Unable to find configuration file"), globs included; add a tlslint.pathMappings entry if the server's paths differ from the workspace's`,
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
