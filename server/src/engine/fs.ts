// The engine's only window on files. The language server backs it with open buffers over disk, the CLI
// with disk (or stdin), tests with in-memory maps; in an untrusted workspace the server's implementation
// refuses paths outside the workspace folders.

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  /** Modification time, when the file system knows it (disk): lets derived facts be kept across lints. */
  mtimeMs?: number;
}

export interface FileSystem {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** Raw bytes (certificates, keys); undefined when unreadable. */
  readBytes?(path: string): Uint8Array | undefined;
  stat(path: string): FileStat | undefined;
  /** Names (not paths) of a directory's entries; undefined when not a readable directory. */
  listDir(path: string): string[] | undefined;
  /** Canonical path (symlinks resolved) for cycle detection; defaults to the path itself. */
  realPath?(path: string): string;
}

/** An in-memory file system: paths are absolute POSIX paths. */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, string>();
  constructor(files: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(p, t);
  }
  set(path: string, text: string): void {
    this.files.set(path, text);
  }
  delete(path: string): void {
    this.files.delete(path);
  }
  readFile(path: string): string | undefined {
    return this.files.get(path);
  }
  readBytes(path: string): Uint8Array | undefined {
    const t = this.files.get(path);
    return t === undefined ? undefined : Buffer.from(t, 'utf8');
  }
  stat(path: string): FileStat | undefined {
    const t = this.files.get(path);
    if (t !== undefined) return { isFile: true, isDirectory: false, size: t.length };
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return { isFile: false, isDirectory: true, size: 0 };
    return undefined;
  }
  listDir(path: string): string[] | undefined {
    const prefix = path.endsWith('/') ? path : path + '/';
    const names = new Set<string>();
    for (const k of this.files.keys()) {
      if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    }
    return names.size ? [...names].sort() : undefined;
  }
}

/** Overlay: open editor buffers over another file system. */
export class OverlayFileSystem implements FileSystem {
  constructor(private readonly base: FileSystem, private readonly overlay: Map<string, string>) {}
  readFile(path: string): string | undefined {
    return this.overlay.get(path) ?? this.base.readFile(path);
  }
  readBytes(path: string): Uint8Array | undefined {
    const t = this.overlay.get(path);
    if (t !== undefined) return Buffer.from(t, 'utf8');
    return this.base.readBytes?.(path);
  }
  stat(path: string): FileStat | undefined {
    const t = this.overlay.get(path);
    if (t !== undefined) return { isFile: true, isDirectory: false, size: t.length };
    return this.base.stat(path);
  }
  listDir(path: string): string[] | undefined {
    const names = new Set(this.base.listDir(path) ?? []);
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const k of this.overlay.keys()) {
      if (k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) names.add(k.slice(prefix.length));
    }
    return names.size ? [...names].sort() : this.base.listDir(path);
  }
  realPath(path: string): string {
    return this.overlay.has(path) ? path : this.base.realPath?.(path) ?? path;
  }
}
