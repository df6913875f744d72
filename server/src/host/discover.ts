// Which files a command line means: files as given, directories searched recursively for configuration
// files by name. Symlinked directories are followed once (by real path), so a link back up the tree
// cannot loop; node_modules and dot-directories are skipped.

import * as fs from 'node:fs';
import * as path from 'node:path';

export class InputError extends Error {}

const SERVER_FILE_NAMES = new Set(['nginx.conf', 'apache2.conf', 'httpd.conf', '.htaccess', 'squid.conf']);
/** Directories whose every file is a configuration file (Debian's nginx and Apache layouts). */
const SITE_DIRS = new Set(['sites-available', 'sites-enabled']);

/** Whether a file found in a directory walk is a configuration file, by its name and folder. */
export function isConfigFileName(file: string): boolean {
  const base = path.basename(file);
  if (SERVER_FILE_NAMES.has(base)) return true;
  if (base.endsWith('.conf') || base.endsWith('.nginx')) return !base.startsWith('.');
  return SITE_DIRS.has(path.basename(path.dirname(file))) && !base.startsWith('.') && !base.endsWith('~') && !base.endsWith('.swp');
}

function skipDirectory(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * Absolute paths of the files to lint, in a stable order (each argument in turn; a directory's files
 * sorted). Throws InputError for a path that does not exist or cannot be read.
 */
export function discoverFiles(args: string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`${arg}: no such file or directory`);
      throw new InputError(`${arg}: cannot access (${code ?? String(e)})`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      walk(abs, arg, found, new Set([realPath(abs)]));
      found.sort();
      for (const f of found) add(f);
    } else if (st.isFile()) {
      add(abs);
    } else {
      throw new InputError(`${arg}: not a regular file or directory`);
    }
  }
  return out;
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function walk(dir: string, shown: string, out: string[], visited: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    throw new InputError(`${shown}: cannot read directory (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    const shownChild = path.join(shown, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const st = fs.statSync(p);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue; // a dangling link is not a configuration file
      }
    }
    if (isDir) {
      if (skipDirectory(entry.name)) continue;
      const real = realPath(p);
      if (visited.has(real)) continue;
      visited.add(real);
      walk(p, shownChild, out, visited);
    } else if (isFile && isConfigFileName(p)) {
      out.push(p);
    }
  }
}
