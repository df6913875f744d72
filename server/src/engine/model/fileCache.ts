// What a certificate, key or DH file yields, kept across lints while the file's modification time and
// size stay the same: the language server lints on every keystroke, and a hosting tree points thousands
// of servers at a handful of files. Only files the file system reports a modification time for (disk)
// are kept; open buffers are read afresh. For keys only the verdict is kept (type, size, whether it
// matches), never key material.

import type { FileSystem } from '../fs';

interface Entry {
  mtimeMs: number;
  size: number;
  value: unknown;
}

const MAX_ENTRIES = 4096;
const store = new Map<string, Entry>();

/** `compute()`, or what it returned for the same file version before. `kind` separates what is derived. */
export function reuseForFileVersion<T>(fs: FileSystem, path: string, kind: string, compute: () => T): T {
  const st = fs.stat(path);
  if (!st?.isFile || st.mtimeMs === undefined) return compute();
  const key = `${kind}\u0000${path}`;
  const hit = store.get(key);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.value as T;
  const value = compute();
  if (store.size >= MAX_ENTRIES) store.clear();
  store.set(key, { mtimeMs: st.mtimeMs, size: st.size, value });
  return value;
}

/** Forget everything (tests; a server told that files changed may call it too). */
export function clearFileVersionCache(): void {
  store.clear();
}
