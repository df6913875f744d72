// tlslint's own package.json (version, home page), found by walking up from this module: the CLI runs
// from server/out, server/dist or, in tests, out/server/src.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  version: string;
  informationUri: string;
}

const DEFAULT_HOME = 'https://github.com/tlslint/tlslint';
let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; ) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'tlslint' && pkg.version) return (cached = { version: pkg.version, informationUri: pkg.homepage ?? DEFAULT_HOME });
    } catch {
      // no package.json here: keep looking
    }
    const up = path.dirname(dir);
    if (up === dir) return (cached = { version: '0.0.0', informationUri: DEFAULT_HOME });
    dir = up;
  }
}
