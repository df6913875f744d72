// The Squid dialect for the workspace model. Placeholder until the dialect lands: files parse to an empty
// tree, no file is an entry point, nothing is included.

import * as path from 'node:path';
import type { DialectSupport } from '../dialectSupport';

export const squidSupport: DialectSupport = {
  dialect: 'squid',
  serverName: "Squid",
  parse: (file, text) => ({ file, dialect: 'squid', text, directives: [], comments: [], problems: [] }),
  isRoot: () => false,
  rootPrefix: (_fs, file) => path.posix.dirname(file),
  topContext: () => 'main',
  childContext: () => 'section',
  include: () => undefined,
  includeFailure: 'Squid fails to start',
};
