// Oracles are real programs (nginx, openssl, apachectl, squid) that tests compare the engine against.
// They are optional on a developer machine and required in CI:
//   - oracle present                     -> the test runs;
//   - oracle missing                     -> the test is skipped, saying how to require it;
//   - oracle missing, TLSLINT_REQUIRE_ORACLES=1 -> the test fails with the reason.
//
//   test('agrees with nginx -t', (t) => {
//     const nginx = oracleOrSkip(t, 'nginx');
//     if (!nginx) return;           // skipped (t.skip was called)
//     …
//   });
//
// An oracle is more than a binary on PATH when a probe is registered for it: nginxOracle registers one
// that also checks nginx can be run without touching the system.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export const REQUIRE_ORACLES_ENV = 'TLSLINT_REQUIRE_ORACLES';

/** Whether the environment asks for oracles to be present (CI). */
export function oraclesRequired(): boolean {
  const v = process.env[REQUIRE_ORACLES_ENV];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

// Daemons live in sbin directories, which a non-root PATH often lacks.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];
const binaryCache = new Map<string, string | undefined>();

/** Absolute path of an executable (searched on PATH, then the usual sbin/bin directories), or undefined. */
export function findBinary(name: string): string | undefined {
  if (binaryCache.has(name)) return binaryCache.get(name);
  let found: string | undefined;
  if (name.includes('/')) {
    found = isExecutable(name) ? path.resolve(name) : undefined;
  } else {
    const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
    found = dirs.map((d) => path.join(d, name)).find(isExecutable);
  }
  binaryCache.set(name, found);
  return found;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether an executable is available. */
export function hasBinary(name: string): boolean {
  return findBinary(name) !== undefined;
}

/**
 * A probe says why an oracle cannot be used here (undefined when it can). Registered by oracle
 * helpers that need more than a binary (e.g. nginx also needs a way to run without side effects).
 */
export type OracleProbe = () => string | undefined;
const probes = new Map<string, OracleProbe>();

export function registerOracleProbe(name: string, probe: OracleProbe): void {
  probes.set(name, probe);
}

/** Why the oracle `name` (binary `binary`) cannot be used, or undefined when it can. */
export function oracleUnavailableReason(name: string, binary = name): string | undefined {
  const probe = probes.get(name);
  if (probe) return probe();
  return hasBinary(binary) ? undefined : `${binary} not installed`;
}

export class OracleMissingError extends Error {}

function missingMessage(name: string, reason: string): string {
  return `oracle ${name} is required (${REQUIRE_ORACLES_ENV}=1) but unavailable: ${reason}`;
}

function skipMessage(reason: string): string {
  return `${reason}; skipped (set ${REQUIRE_ORACLES_ENV}=1 to require it)`;
}

/**
 * Whether the oracle is available, for code without a TestContext. When it is missing and oracles are
 * required, throws (so the calling test fails with the reason); otherwise returns false.
 */
export function requireOracle(name: string, binary = name): boolean {
  const reason = oracleUnavailableReason(name, binary);
  if (reason === undefined) return true;
  if (oraclesRequired()) throw new OracleMissingError(missingMessage(name, reason));
  return false;
}

export interface OracleOptions {
  /** Binary to look for when no probe is registered for `name` (default: `name`). */
  binary?: string;
  /**
   * true (default): when the oracle is missing, mark the test skipped with `t.skip(…)`; the caller
   * must then return. false: leave the test running (it checks what it can without the oracle) and
   * only note the reason with `t.diagnostic`.
   */
  skipTest?: boolean;
}

/**
 * For a node:test test: the oracle's binary path when available. When it is missing: with
 * TLSLINT_REQUIRE_ORACLES=1 throws (the test fails); otherwise skips the test (see `skipTest`) and
 * returns undefined.
 */
export function oracleOrSkip(t: TestContext, name: string, options: OracleOptions = {}): string | undefined {
  const binary = options.binary ?? name;
  const reason = oracleUnavailableReason(name, binary);
  if (reason === undefined) return findBinary(binary) ?? binary;
  if (oraclesRequired()) throw new OracleMissingError(missingMessage(name, reason));
  if (options.skipTest === false) t.diagnostic(skipMessage(reason));
  else t.skip(skipMessage(reason));
  return undefined;
}

/** `oracleOrSkip` as a boolean. */
export function requireOracleOrSkip(t: TestContext, name: string, options: OracleOptions = {}): boolean {
  return oracleOrSkip(t, name, options) !== undefined;
}

/** Run a command synchronously with a hard timeout; never throws for a failing command. */
export function runCommand(
  file: string,
  args: string[],
  options: { timeoutMs?: number; cwd?: string; input?: string } = {},
): { status: number | null; stdout: string; stderr: string; timedOut: boolean; error?: string } {
  const res = spawnSync(file, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const err = res.error as NodeJS.ErrnoException | undefined;
  return {
    status: res.status,
    stdout: res.stdout ?? '',
    stderr: res.stderr ?? '',
    timedOut: err?.code === 'ETIMEDOUT' || (res.signal === 'SIGKILL' && res.status === null),
    error: err ? String(err.message) : undefined,
  };
}
