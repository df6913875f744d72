// The nginx dialect for the workspace model.

import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { DialectSupport } from './dialectSupport';
import type { ParsedFile } from '../syntax/tree';
import { parseNginx } from '../syntax/nginx';
import { isKnownNginxDirective } from '../docs/nginxDirectives';
import { childContext, inferTopLevelContext, type ContextKind } from './nginxContext';
import { hasVariable } from './paths';

export const nginxSupport: DialectSupport = {
  dialect: 'nginx',
  serverName: 'nginx',
  parse: (file, text) => parseNginx(file, text, { isKnownDirective: isKnownNginxDirective }),
  isRoot: isNginxRoot,
  isNamedRoot: isNamedNginxRoot,
  rootPrefix: (fs, file, _parsed, fragment) => (fragment ? guessNginxPrefix(fs, file) : path.posix.dirname(file)),
  topContext: (parsed, fragment) => (fragment ? inferTopLevelContext(parsed.directives) ?? 'unknown' : 'main'),
  childContext: (d, parent) => childContext(d, parent.kind as ContextKind),
  include(d, ctx) {
    if (d.lname !== 'include' || ctx.kind === 'data' || ctx.kind === 'opaque' || !d.args.length) return undefined;
    const arg = d.args[0];
    if (hasVariable(arg.text)) return undefined;
    return { arg, pattern: arg.text, optional: false };
  },
  includeFailure: 'nginx fails to start with "open() failed"',
};

/** An nginx entry point: named nginx.conf, or holding top-level events/http/stream/mail blocks. */
export function isNginxRoot(file: string, parsed: ParsedFile): boolean {
  if (isNamedNginxRoot(file)) return true;
  return parsed.directives.some((d) => d.block && (d.lname === 'http' || d.lname === 'events' || d.lname === 'stream' || d.lname === 'mail'));
}

function isNamedNginxRoot(file: string): boolean {
  return path.posix.basename(file) === 'nginx.conf';
}

/** For a fragment: the nearest ancestor directory holding nginx.conf, else the file's directory. */
export function guessNginxPrefix(fs: FileSystem, file: string): string {
  let dir = path.posix.dirname(file);
  for (let i = 0; i < 6; i++) {
    if (fs.stat(path.posix.join(dir, 'nginx.conf'))?.isFile) return dir;
    const up = path.posix.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.posix.dirname(file);
}
