// Which nginx context a block opens, and what context the top level of a file that may be an included
// fragment is in. Shared by the workspace model and the editor features.

import type { Directive } from '../syntax/tree';
import { NGINX_DATA_BLOCKS } from '../syntax/nginx';
import type { NginxContext } from '../docs/nginxContexts';

/** An nginx context, plus: data blocks (map, types…), foreign or unknown blocks, and unknowable fragment tops. */
export type ContextKind = NginxContext | 'data' | 'opaque' | 'unknown';

const MAIN_ONLY = new Set(['user', 'worker_processes', 'pid', 'load_module', 'events', 'http', 'stream', 'mail', 'worker_rlimit_nofile', 'daemon', 'master_process']);

/** The context at the top level of a file no entry point includes, guessed from what it holds. */
export function inferTopLevelContext(list: Directive[]): NginxContext | undefined {
  const names = new Set(list.map((d) => d.lname));
  for (const n of names) if (MAIN_ONLY.has(n)) return 'main';
  if (list.some((d) => d.lname === 'server' && d.block) || names.has('upstream') || names.has('map') || names.has('log_format')) return 'http';
  if (names.has('location') || names.has('listen') || names.has('server_name')) return 'server';
  return undefined;
}

/**
 * The context a block opens, given the context it sits in: `'data'` for key/value blocks (`map`,
 * `types`…), `'opaque'` for foreign code, unknown blocks and anything inside data or foreign blocks.
 */
export function childContext(d: Directive, parent: ContextKind | undefined): NginxContext | 'data' | 'opaque' {
  if (parent === 'data' || parent === 'opaque') return 'opaque';
  if (NGINX_DATA_BLOCKS.has(d.lname)) return 'data';
  switch (d.lname) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'stream':
      return 'stream';
    case 'mail':
      return 'mail';
    case 'server':
      return parent === 'stream' ? 'stream-server' : parent === 'mail' ? 'mail-server' : 'server';
    case 'location':
      return 'location';
    case 'if':
      return parent === 'server' ? 'if-server' : 'if-location';
    case 'upstream':
      return parent === 'stream' ? 'stream-upstream' : 'upstream';
    case 'limit_except':
      return 'limit_except';
    default:
      return 'opaque';
  }
}
