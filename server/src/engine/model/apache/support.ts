// The Apache dialect for the workspace model. Placeholder until the dialect lands: files parse to an empty
// tree, no file is an entry point, nothing is included.

import * as path from 'node:path';
import type { DialectSupport } from '../dialectSupport';
import { parseApache } from '../../syntax/apache';

export const apacheSupport: DialectSupport = {
  dialect: 'apache',
  serverName: "Apache httpd",
  parse: (file, text) => parseApache(file, text),
  isRoot: () => false,
  rootPrefix: (_fs, file) => path.posix.dirname(file),
  topContext: () => 'main',
  childContext: () => 'section',
  include: () => undefined,
  includeFailure: 'Apache fails to start',
};
