// Running the built CLI (`node bin/tlslint.js`) as a child process against temporary directories, and
// capturing real `nginx -T` output without touching the system.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBinary, runCommand } from '../helpers/oracle';
import { nginxOracleMode } from '../helpers/nginxOracle';

export const ROOT = path.resolve(__dirname, '../../..');
export const BIN = path.join(ROOT, 'bin', 'tlslint.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/tlslint.js args…` in `cwd`, with `input` on stdin. NO_COLOR and FORCE_COLOR are cleared. */
export function runCli(args: string[], options: { cwd: string; input?: string | Buffer; env?: Record<string, string>; asUser?: number }): CliRun {
  if (!fs.existsSync(path.join(ROOT, 'server', 'out', 'cli.js')) && !fs.existsSync(path.join(ROOT, 'server', 'dist', 'cli.js'))) {
    throw new Error('server/out/cli.js is missing: build first (npx tsc -b)');
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') env[k] = v;
  // As another user (a root test checking permissions): through setpriv.
  const [file, argv] =
    options.asUser === undefined
      ? [process.execPath, [BIN, ...args]]
      : [findBinary('setpriv') ?? 'setpriv', [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', process.execPath, BIN, ...args]];
  const res = spawnSync(file, argv, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...env, ...options.env },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A fresh temporary directory holding `files` (relative path -> text or bytes); removed by `cleanup`. */
export function tempTree(files: Record<string, string | Buffer> = {}): { dir: string; cleanup(): void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-cli-')));
  writeTree(dir, files);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** 1-based "line:col" of the first occurrence of `needle` in `text` (after `after`, when given). */
export function lineCol(text: string, needle: string, after = ''): string {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (at < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, at);
  const line = before.split(/\r\n|\n/).length;
  const col = at - (Math.max(before.lastIndexOf('\n'), -1) + 1) + 1;
  return `${line}:${col}`;
}

// ---------------------------------------------------------------------------------------------
// nginx -T, run as the nginx oracle runs nginx -t: in private mount and network namespaces where the
// directories nginx writes to are fresh tmpfs mounts (see test/helpers/nginxOracle.ts for why).

const NAMESPACE_DIRS = ['/run', '/var/log/nginx', '/var/lib/nginx', '/var/cache/nginx'];
const MOUNT_SCRIPT = `for d in ${NAMESPACE_DIRS.join(' ')}; do if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o mode=1777 tlslint "$d" || exit 97; fi; done; mkdir -p /run/lock`;

/** Run `nginx -T args…`; stdout and stderr kept apart. */
export function nginxDump(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const mode = nginxOracleMode();
  const nginx = process.env.TLSLINT_NGINX_BINARY || findBinary('nginx');
  if (mode === 'unavailable' || !nginx) throw new Error('nginx -T unavailable');
  const unshare = findBinary('unshare') ?? 'unshare';
  const argv = ['-T', ...args];
  let file: string;
  let fileArgs: string[];
  if (mode === 'namespace') {
    file = unshare;
    fileArgs = ['--mount', '--net', '--propagation', 'private', 'sh', '-c', `${MOUNT_SCRIPT}; exec "$0" "$@"`, nginx, ...argv];
  } else if (mode === 'user-namespace') {
    const inner = `exec "${unshare}" --user --map-user=${process.getuid?.() ?? 65534} --map-group=${process.getgid?.() ?? 65534} "$0" "$@"`;
    file = unshare;
    fileArgs = ['--map-root-user', '--mount', '--net', 'sh', '-c', `${MOUNT_SCRIPT}; ${inner}`, nginx, ...argv];
  } else {
    file = nginx;
    fileArgs = argv;
  }
  const run = runCommand(file, fileArgs, { timeoutMs: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `nginx -T` of the configuration `dir/main` (-p dir/, pid and error log in a temp dir). */
export function nginxDumpTree(dir: string, main = 'nginx.conf'): { status: number | null; stdout: string; stderr: string } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-nginx-T-'));
  try {
    return nginxDump(['-p', dir + '/', '-c', path.join(dir, main), '-g', `pid ${scratch}/nginx.pid; error_log ${scratch}/error.log;`]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
