// Disk access of the CLI outside the engine: checking that inputs can be read, deciding whether a file
// may be fixed, and writing fixed files atomically with their bytes otherwise as they were.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_CONFIG_BYTES } from '../host/nodeFs';
import { InputError } from '../host/discover';

/** Throw an InputError unless `file` is a regular file tlslint can read. */
export function checkReadable(file: string, shown: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${shown}: no such file or directory` : `${shown}: cannot access (${code ?? String(e)})`);
  }
  if (!st.isFile()) throw new InputError(`${shown}: not a regular file`);
  if (st.size > MAX_CONFIG_BYTES) throw new InputError(`${shown}: larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB; not a configuration file`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new InputError(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Why a file on disk cannot be fixed, or undefined when it can: it must be a regular file whose bytes
 * are UTF-8 (a BOM is kept), so that writing the fixed text changes nothing but the fixes.
 */
export function whyNotFixable(file: string, needWrite: boolean): string | undefined {
  let raw: Buffer;
  try {
    if (!fs.statSync(file).isFile()) return 'not a regular file';
    raw = fs.readFileSync(file);
  } catch (e) {
    return `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  if (!Buffer.from(raw.toString('utf8'), 'utf8').equals(raw)) return 'not valid UTF-8';
  if (needWrite) {
    try {
      const real = fs.realpathSync(file);
      fs.accessSync(real, fs.constants.W_OK);
      fs.accessSync(path.dirname(real), fs.constants.W_OK);
    } catch {
      return 'not writable (the file and its folder must be)';
    }
  }
  return undefined;
}

/**
 * Replace a file's content atomically: write a temp file in the same folder (same mode, owner when
 * permitted), flush it, rename it over the real file (a symlink keeps pointing at it). Refuses when the
 * file changed since `expected` was read.
 */
export function writeFileAtomic(file: string, text: string, expected: string): void {
  const target = fs.realpathSync(file);
  const current = fs.readFileSync(target);
  if (!current.equals(Buffer.from(expected, 'utf8'))) throw new Error('changed on disk while tlslint was fixing it');
  const st = fs.statSync(target);
  // node:crypto loaded here, not at start-up: only --fix writes files.
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tlslint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
    fs.writeSync(fd, Buffer.from(text, 'utf8'));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(tmp, st.mode & 0o7777);
    try {
      if (process.getuid?.() === 0) fs.chownSync(tmp, st.uid, st.gid);
    } catch {
      // keep the new owner: the content matters more
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
