// A file system that answers each stat, directory listing and real-path question once: one lint of a
// hosting tree asks about the same certificate paths and include directories thousands of times.
// It lives for one lint (one Workspace), so it never serves an answer older than that lint.

import type { FileStat, FileSystem } from './fs';

export class MemoizedFileSystem implements FileSystem {
  private readonly stats = new Map<string, FileStat | undefined>();
  private readonly dirs = new Map<string, string[] | undefined>();
  private readonly reals = new Map<string, string>();
  readonly readBytes?: (path: string) => Uint8Array | undefined;
  readonly realPath?: (path: string) => string;

  constructor(private readonly base: FileSystem) {
    if (base.readBytes) this.readBytes = (p) => base.readBytes!(p);
    if (base.realPath) {
      this.realPath = (p) => {
        let r = this.reals.get(p);
        if (r === undefined) {
          r = base.realPath!(p);
          this.reals.set(p, r);
        }
        return r;
      };
    }
  }

  readFile(path: string): string | undefined {
    return this.base.readFile(path);
  }

  stat(path: string): FileStat | undefined {
    if (this.stats.has(path)) return this.stats.get(path);
    const st = this.base.stat(path);
    this.stats.set(path, st);
    return st;
  }

  listDir(path: string): string[] | undefined {
    if (this.dirs.has(path)) return this.dirs.get(path)?.slice();
    const names = this.base.listDir(path);
    this.dirs.set(path, names);
    return names?.slice();
  }
}
