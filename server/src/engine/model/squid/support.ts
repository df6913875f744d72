// The Squid dialect for the workspace model. Squid has no blocks: every directive sits at the top level
// ("main"), included files' directives where the `include` line is. `include` takes glob patterns; a
// pattern that matches nothing stops Squid ("Unable to find configuration file"), globs included.
// Relative paths resolve against the directory of the root configuration file (Squid itself resolves
// them against its working directory, which service managers set to /, so absolute paths are the norm).

import * as path from 'node:path';
import type { DialectSupport } from '../dialectSupport';
import type { ParsedFile } from '../../syntax/tree';
import { parseSquid } from '../../syntax/squid';
import { hasVariable } from '../paths';

export const squidSupport: DialectSupport = {
  dialect: 'squid',
  serverName: 'Squid',
  parse: parseSquid,
  isRoot: isSquidRoot,
  isNamedRoot: isNamedSquidRoot,
  rootPrefix: (_fs, file) => path.posix.dirname(file),
  topContext: () => 'main',
  childContext: () => 'main',
  include(d) {
    if (d.lname !== 'include' || !d.args.length) return undefined;
    const arg = d.args[0];
    if (hasVariable(arg.text)) return undefined;
    return { arg, pattern: arg.text, optional: false };
  },
  includeFailure: 'Squid stops with "FATAL: Unable to find configuration file"',
};

function isNamedSquidRoot(file: string): boolean {
  return path.posix.basename(file) === 'squid.conf';
}

/** A Squid entry point: named squid.conf, or a file that declares its own listening ports. */
export function isSquidRoot(file: string, parsed: ParsedFile): boolean {
  if (isNamedSquidRoot(file)) return true;
  return parsed.directives.some((d) => d.lname === 'http_port' || d.lname === 'https_port');
}
