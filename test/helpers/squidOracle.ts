// The real `squid -k parse` as a test oracle.
//
// Facts (Squid 5.7, Debian squid-openssl), checked by hand before writing this:
// - `squid -k parse -f <file>` reads the configuration, loads every port's certificate and key, and exits;
//   it needs no cache directory, no running instance and no pid file (it writes none), and returns in a
//   fraction of a second. It prints "Processing: <line>" for each directive and FATAL / ERROR /
//   WARNING lines on stderr.
// - FATAL (exit status 1): `https_port` without cert= ("https_port requires a cert= parameter"), a
//   certificate or key that cannot be loaded or does not match ("No valid signing certificate
//   configured"), an include pattern that matches nothing (globs too), bad values ("Bungled …").
// - Non-zero exit without FATAL: unknown directives ("unrecognized: '…'"; the status counts them).
// - Exit 0 with ERROR/WARNING lines: obsolete directives ("ERROR: Directive 'sslproxy_cafile' is
//   obsolete."), unknown options= flags ("ERROR: Unknown TLS option"), an invalid tls-min-version=
//   ("WARNING: Unknown TLS minimum version"), DONT_VERIFY_PEER ("SECURITY WARNING"), a missing tls-dh=
//   or CA file (warnings only).
//
// Fixtures name their files as a real server would (/etc/squid/…). So that Squid finds them, it runs in
// a private mount namespace (`unshare --mount`, root; `--map-root-user` otherwise) in which the fixture's
// directory is bind-mounted over /etc/squid; nothing outside the namespace changes. A hard timeout
// kills it.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBinary, registerOracleProbe, runCommand } from './oracle';

export interface SquidResult {
  /** squid -k parse exited 0. */
  ok: boolean;
  status: number | null;
  /** FATAL lines, without the timestamp. */
  fatal: string[];
  /** ERROR lines (Squid goes on), without the timestamp. */
  errors: string[];
  /** WARNING lines, without the timestamp. */
  warnings: string[];
  /** "unrecognized: '…'" lines. */
  unrecognized: string[];
  /** The first FATAL (or unrecognized) message, for assertions. */
  message?: string;
  output: string;
  timedOut?: boolean;
}

type Mode = { kind: 'root' | 'user'; squid: string } | { kind: 'unavailable'; reason: string };
let modeCache: Mode | undefined;

const SQUID_DIR = '/etc/squid';

function commandFor(mode: 'root' | 'user', script: string, args: string[]): [string, string[]] {
  const unshare = findBinary('unshare') ?? 'unshare';
  const flags = mode === 'root' ? ['--mount', '--propagation', 'private'] : ['--map-root-user', '--mount', '--propagation', 'private'];
  return [unshare, [...flags, 'sh', '-c', script, ...args]];
}

function runMode(): Mode {
  if (modeCache) return modeCache;
  const squid = process.env.TLSLINT_SQUID_BINARY || findBinary('squid');
  if (!squid) return (modeCache = { kind: 'unavailable', reason: 'squid not installed (Debian: apt-get install squid-openssl)' });
  if (!fs.existsSync(SQUID_DIR)) return (modeCache = { kind: 'unavailable', reason: `${SQUID_DIR} does not exist, so fixtures cannot be mounted there` });
  if (!findBinary('unshare')) return (modeCache = { kind: 'unavailable', reason: 'unshare not installed' });
  const kind = process.getuid?.() === 0 ? 'root' : 'user';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-squid-probe-'));
  try {
    const [file, args] = commandFor(kind, `mount --bind "$0" ${SQUID_DIR} && echo tlslint-ok`, [tmp]);
    const probe = runCommand(file, args, { timeoutMs: 10_000 });
    if (probe.status === 0 && probe.stdout.includes('tlslint-ok')) return (modeCache = { kind, squid });
    return (modeCache = { kind: 'unavailable', reason: `cannot bind-mount over ${SQUID_DIR} in a private mount namespace: ${probe.stderr.trim() || probe.error}` });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function squidOracleUnavailableReason(): string | undefined {
  const m = runMode();
  return m.kind === 'unavailable' ? m.reason : undefined;
}

registerOracleProbe('squid', squidOracleUnavailableReason);

const TIMESTAMP = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?\|\s*/;

/** Read squid's output into its verdict. */
export function parseSquidOutput(output: string, status: number | null): Omit<SquidResult, 'output'> {
  const lines = output.split('\n').map((l) => l.replace(TIMESTAMP, '').trim()).filter(Boolean);
  const fatal = lines.filter((l) => /^FATAL:/.test(l)).map((l) => l.replace(/^FATAL:\s*/, ''));
  const errors = lines.filter((l) => /^ERROR:/.test(l)).map((l) => l.replace(/^ERROR:\s*/, ''));
  const warnings = lines.filter((l) => /WARNING/.test(l));
  const unrecognized = lines.filter((l) => /unrecognized: '/.test(l)).map((l) => l.replace(/^.*?unrecognized: /, 'unrecognized: '));
  const firstFatal = fatal.find((f) => !/^Bungled /.test(f)) ?? fatal[0];
  return { ok: status === 0, status, fatal, errors, warnings, unrecognized, message: firstFatal ?? unrecognized[0] };
}

/**
 * Run `squid -k parse` on a directory holding squid.conf (and the files it names), mounted as
 * /etc/squid. Paths in messages are left as Squid prints them (/etc/squid/…).
 */
export function squidCheckTree(dir: string, mainFile = 'squid.conf', timeoutMs = 20_000): SquidResult {
  const mode = runMode();
  if (mode.kind === 'unavailable') throw new Error(`squid oracle unavailable: ${mode.reason}`);
  const script = `mount --bind "$0" ${SQUID_DIR} && cd ${SQUID_DIR} && exec "$1" -k parse -f "${SQUID_DIR}/$2"`;
  const [file, args] = commandFor(mode.kind, script, [dir, mode.squid, mainFile]);
  const run = runCommand(file, args, { timeoutMs });
  const output = run.stderr + run.stdout;
  if (run.timedOut) return { ok: false, status: null, fatal: [], errors: [], warnings: [], unrecognized: [], message: `squid -k parse timed out after ${timeoutMs} ms`, output, timedOut: true };
  return { ...parseSquidOutput(output, run.status), output };
}

/** Run `squid -k parse` on files written into a private temp directory (mounted as /etc/squid). */
export function squidCheckFiles(files: Record<string, string>, prepare?: (dir: string) => void): SquidResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-squid-conf-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      const p = path.join(dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    prepare?.(dir);
    return squidCheckTree(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
