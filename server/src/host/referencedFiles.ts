// Watches the files a configuration refers to outside the workspace folders (certificates under
// /etc/ssl, an include from /etc/nginx), which the editor's own file watchers do not cover: when one
// changes on disk (a certificate renewed by certbot, say), the language server lints again. Bounded: at
// most `limit` files are watched, the rest only on the next lint.

import * as fs from 'node:fs';

export class ReferencedFileWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();

  constructor(
    private readonly onChange: (file: string) => void,
    private readonly limit = 256,
  ) {}

  /** Watch exactly `files` (existing watches of files no longer referenced are closed). */
  update(files: Iterable<string>): void {
    const wanted = new Set<string>();
    for (const f of files) {
      if (wanted.size >= this.limit) break;
      wanted.add(f);
    }
    for (const [f, w] of this.watchers) {
      if (!wanted.has(f)) {
        w.close();
        this.watchers.delete(f);
      }
    }
    for (const f of wanted) {
      if (this.watchers.has(f)) continue;
      try {
        const w = fs.watch(f, { persistent: false }, () => {
          // A renewal often replaces the file (rename): watch the new one after the next lint.
          w.close();
          this.watchers.delete(f);
          this.onChange(f);
        });
        w.on('error', () => {
          w.close();
          this.watchers.delete(f);
        });
        this.watchers.set(f, w);
      } catch {
        // Missing or unreadable now: the next lint reports it and tries again.
      }
    }
  }

  get size(): number {
    return this.watchers.size;
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
