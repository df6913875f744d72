// Path resolution as the servers do it (relative to a prefix), through the user's path mappings, with
// glob(3)-style patterns for includes. All paths are POSIX-style absolute strings.

import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { PathMapping } from '../settings';
import { globMatcher } from './globMatch';

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

export function hasVariable(p: string): boolean {
  return /\$(\{?[A-Za-z_])/.test(p);
}

/** Translate one glob segment (`*.conf`, `site-?`, `[a-c]*`) into a RegExp; `*` never matches a leading dot. */
export function globSegmentToRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const leadingDotGuard = seg.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp('^' + leadingDotGuard + re + '$');
}

/**
 * Expand an absolute glob pattern against the file system; results sorted as glob(3) sorts them.
 * `knownFile`: paths the caller knows to be files (no stat needed).
 */
export function expandGlob(fs: FileSystem, pattern: string, knownFile?: (p: string) => boolean): string[] {
  const parts = pattern.split('/');
  let current: string[] = [parts[0] === '' ? '/' : parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i];
    if (seg === '') continue;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasGlob(seg)) {
        next.push(path.posix.join(dir, seg));
        continue;
      }
      const names = fs.listDir(dir);
      if (!names) continue;
      const matches = globMatcher(seg);
      for (const n of names) if (matches(n)) next.push(path.posix.join(dir, n));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.filter((p) => knownFile?.(p) || fs.stat(p)?.isFile).sort();
}

/** Apply the first matching mapping (longest `from` first). */
export function applyPathMappings(p: string, mappings: PathMapping[], baseDir?: string): string {
  const sorted = [...mappings].sort((a, b) => b.from.length - a.from.length);
  for (const m of sorted) {
    const from = m.from.replace(/\/+$/, '');
    if (p === from || p.startsWith(from + '/')) {
      const to = path.posix.isAbsolute(m.to) ? m.to : path.posix.resolve(baseDir ?? '/', m.to);
      return to.replace(/\/+$/, '') + p.slice(from.length);
    }
  }
  return p;
}

/** Prefixes packaged servers use; an absolute path under one of them is tried under the root's own prefix too. */
const WELL_KNOWN_NGINX_PREFIXES = ['/etc/nginx', '/usr/local/nginx/conf', '/usr/local/etc/nginx', '/opt/homebrew/etc/nginx'];

export interface ResolvedPath {
  /** The path to read (after mappings). */
  path: string;
  /** How the server would see it (before mappings). */
  serverPath: string;
}

/**
 * Resolve a path argument of a directive: relative paths against `prefix`, then path mappings, then —
 * when the mapped path does not exist and the config was copied out of a well-known prefix into the
 * workspace — the same tail under the root's prefix.
 */
export function resolveServerPath(fs: FileSystem, arg: string, prefix: string, mappings: PathMapping[], baseDir?: string): ResolvedPath {
  const serverPath = path.posix.isAbsolute(arg) ? path.posix.normalize(arg) : path.posix.join(prefix, arg);
  let mapped = applyPathMappings(serverPath, mappings, baseDir);
  if (mapped === serverPath && !hasGlob(serverPath) && !fs.stat(serverPath)) {
    for (const known of WELL_KNOWN_NGINX_PREFIXES) {
      if (prefix !== known && serverPath.startsWith(known + '/')) {
        const candidate = path.posix.join(prefix, serverPath.slice(known.length + 1));
        if (fs.stat(candidate)) {
          mapped = candidate;
          break;
        }
      }
    }
  } else if (mapped === serverPath && hasGlob(serverPath)) {
    for (const known of WELL_KNOWN_NGINX_PREFIXES) {
      if (prefix !== known && serverPath.startsWith(known + '/') && !fs.stat(known)) {
        mapped = path.posix.join(prefix, serverPath.slice(known.length + 1));
        break;
      }
    }
  }
  return { path: mapped, serverPath };
}
