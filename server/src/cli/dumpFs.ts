// The file system an `nginx -T` dump is linted through: the dumped files under the paths nginx read
// them from, so includes resolve between them and findings name the server's own files. Inside the
// main file's directory only the dump counts (a local /etc/nginx must not leak into a dump taken
// elsewhere); other paths (certificates, keys, a guideline file) are read from disk as usual.

import * as path from 'node:path';
import { MemoryFileSystem, type FileStat, type FileSystem } from '../engine/fs';

export class DumpFileSystem implements FileSystem {
  private readonly memory: MemoryFileSystem;
  private readonly configDir: string;

  constructor(files: { path: string; text: string }[], private readonly disk: FileSystem) {
    this.memory = new MemoryFileSystem(Object.fromEntries(files.map((f) => [f.path, f.text])));
    this.configDir = files.length ? path.posix.dirname(files[0].path) : '/nonexistent';
  }

  private dumpOnly(p: string): boolean {
    return p === this.configDir || p.startsWith(this.configDir.endsWith('/') ? this.configDir : this.configDir + '/');
  }

  readFile(p: string): string | undefined {
    return this.memory.readFile(p) ?? (this.dumpOnly(p) ? undefined : this.disk.readFile(p));
  }

  readBytes(p: string): Uint8Array | undefined {
    return this.memory.readBytes(p) ?? (this.dumpOnly(p) ? undefined : this.disk.readBytes?.(p));
  }

  stat(p: string): FileStat | undefined {
    return this.memory.stat(p) ?? (this.dumpOnly(p) ? undefined : this.disk.stat(p));
  }

  listDir(p: string): string[] | undefined {
    return this.memory.listDir(p) ?? (this.dumpOnly(p) ? undefined : this.disk.listDir(p));
  }

  realPath(p: string): string {
    if (this.memory.readFile(p) !== undefined || this.dumpOnly(p)) return p;
    return this.disk.realPath?.(p) ?? p;
  }
}
