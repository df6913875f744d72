// The disk-backed FileSystem for the CLI and the language server. With `allowedRoots` set (an
// untrusted VS Code workspace) it refuses every path outside those folders, so includes and
// certificate paths cannot make tlslint read elsewhere.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileStat, FileSystem } from '../engine/fs';

/** Files larger than this are not read as configuration (a diagnostic says so). */
export const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export class NodeFileSystem implements FileSystem {
  constructor(private readonly allowedRoots?: string[]) {}

  private allowed(p: string): boolean {
    if (!this.allowedRoots) return true;
    const abs = path.resolve(p);
    return this.allowedRoots.some((r) => {
      const root = path.resolve(r);
      return abs === root || abs.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    });
  }

  readFile(p: string): string | undefined {
    const bytes = this.readBytes(p);
    if (!bytes) return undefined;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  readBytes(p: string): Uint8Array | undefined {
    if (!this.allowed(p)) return undefined;
    try {
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return undefined;
      return fs.readFileSync(p);
    } catch {
      return undefined;
    }
  }

  stat(p: string): FileStat | undefined {
    if (!this.allowed(p)) return undefined;
    try {
      const st = fs.statSync(p);
      return { isFile: st.isFile(), isDirectory: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  }

  listDir(p: string): string[] | undefined {
    if (!this.allowed(p)) return undefined;
    try {
      return fs.readdirSync(p).sort();
    } catch {
      return undefined;
    }
  }

  realPath(p: string): string {
    if (!this.allowed(p)) return p;
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  }
}
