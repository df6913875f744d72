// Ground truth for the engine's handshake predictions: start a real server on a corpus config, probe it
// with real TLS handshakes (server/src/host/probe.ts), and compare what it does with what the engine
// predicted from the same config. One adapter per dialect knows how to write, start and stop its server
// and how to ask the engine for a prediction; everything else (corpus format, ports, probing, the diff)
// is shared. See README.md.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { probeEndpoint, pool, type ProbeReport } from '../../server/src/host/probe';
import { compareProbe, type Prediction } from '../../server/src/host/probeCompare';
import { copyScenarioFiles } from '../helpers/certFactory';

export type Dialect = 'nginx' | 'apache' | 'squid';
export type { Prediction };
export { compareProbe as compare };

export interface RunningServer {
  /** Everything the server wrote to its error log (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface ServerAdapter {
  dialect: Dialect;
  /** Oracle name for requireOracleOrSkip (test/helpers/oracle.ts). */
  oracle: string;
  /** Directory of this dialect's corpus files. */
  corpusDir: string;
  /** Write the case into `prefix` (its body with placeholders filled); returns the root config file. */
  write(prefix: string, body: string): string;
  /** Start the server on the root config; resolves when every port accepts connections. */
  start(prefix: string, rootFile: string, ports: number[]): Promise<RunningServer>;
  /** The engine's prediction for a client connecting to host:port with `sni` (null: none). */
  predict(rootFile: string, host: string, port: number, sni: string | null): Prediction | string;
  /** Why the engine expects the server to refuse to start on this configuration (undefined: it starts). */
  predictStartFailure?(rootFile: string): string | undefined;
}

/** The server exited before listening (its log in the message). */
export class StartError extends Error {
  constructor(message: string, readonly root: string) {
    super(message);
  }
}

export interface ProbeSpec {
  /** Index into the case's ports. */
  port: number;
  /** SNI names to try; null: none. */
  names: (string | null)[];
}

export interface OracleCase {
  name: string;
  about: string;
  body: string;
  ports: number;
  probes: ProbeSpec[];
}

/**
 * Parse a corpus file. Header comments:
 *   # about: what the case is for
 *   # probe: <port index> <sni>...     (`-` = no SNI), one line per socket
 * Placeholders in the body: {{port0}}…{{port9}}, {{certs}} (the test certificates), {{prefix}},
 * {{data:<file>}} (a certificate or key file inline, as nginx's "data:…").
 */
export function parseCase(file: string): OracleCase {
  const text = fs.readFileSync(file, 'utf8');
  const about = /^#\s*about:\s*(.*)$/m.exec(text)?.[1] ?? '';
  const probes: ProbeSpec[] = [];
  for (const m of text.matchAll(/^#\s*probe:\s*(\d+)\s+(.*)$/gm)) {
    probes.push({ port: Number(m[1]), names: m[2].trim().split(/\s+/).map((n) => (n === '-' ? null : n)) });
  }
  let ports = 0;
  for (const m of text.matchAll(/\{\{port(\d)\}\}/g)) ports = Math.max(ports, Number(m[1]) + 1);
  if (!probes.length) throw new Error(`${file}: no "# probe:" line`);
  return { name: path.basename(file).replace(/\.[^.]+$/, ''), about, body: text, ports, probes };
}

export function corpus(dir: string): OracleCase[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.conf')).sort().map((f) => parseCase(path.join(dir, f)));
}

/** `n` distinct free TCP ports on 127.0.0.1 (bound, then released, so the server can take them). */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      await new Promise<void>((res, rej) => {
        s.once('error', rej);
        s.listen(0, '127.0.0.1', () => res());
      });
      ports.push((s.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((res) => s.close(() => res()))));
  }
}

/** Fill `{{name}}` placeholders; `{{data:file}}` becomes the file of the certs directory inline, as `"data:<PEM>"`. */
export function fill(body: string, vars: Record<string, string>): string {
  return body.replace(/\{\{(\w+)(?::([\w.-]+))?\}\}/g, (m, k: string, file: string | undefined) => {
    if (k === 'data' && file && vars.certs) return `"data:${fs.readFileSync(path.join(vars.certs, file), 'utf8')}"`;
    return vars[k] ?? m;
  });
}

/**
 * A private prefix holding the test certificates in certs/: certFactory's files, plus
 * chain-misordered.pem (the chain-ok leaf, then the root, then the intermediate).
 */
export function makePrefix(dialect: Dialect, name: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-oracle-${dialect}-${name}-`)));
  const certs = path.join(dir, 'certs');
  copyScenarioFiles(certs);
  const read = (f: string) => fs.readFileSync(path.join(certs, f), 'utf8');
  fs.writeFileSync(path.join(certs, 'chain-misordered.pem'), read('leaf-only.pem') + read('root.crt') + read('int.crt'));
  return dir;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Process groups started here and not yet stopped: killed if the test process exits first. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Start `file args…` in its own process group and wait until every port accepts TCP connections (and
 * `ready(log)` holds, when given).
 * The returned stop() kills the whole group (SIGTERM or `stopSignal`, then SIGKILL) and waits for the exit.
 */
export async function startProcess(file: string, args: string[], opts: { ports: number[]; logFile: string; timeoutMs?: number; cwd?: string; ready?: (log: string) => boolean; stopSignal?: NodeJS.Signals }): Promise<RunningServer> {
  // A port another process took since freePorts() released it would make the wait below succeed against
  // that process: report it as in use (startCase retries with new ports).
  const taken = (await Promise.all(opts.ports.map(canConnect))).map((busy, i) => (busy ? opts.ports[i] : 0)).filter(Boolean);
  if (taken.length) throw new Error(`port ${taken.join(', ')} already in use before ${path.basename(file)} started`);
  const child: ChildProcess = spawn(file, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) running.add(child.pid);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((res) => {
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      if (child.pid !== undefined) running.delete(child.pid);
      res();
    });
    child.once('error', (e) => {
      exited = e.message;
      res();
    });
  });
  const log = () => {
    let text = output;
    try {
      text += fs.readFileSync(opts.logFile, 'utf8');
    } catch {
      /* not written yet */
    }
    return text;
  };
  const stop = async () => {
    if (exited !== undefined || child.pid === undefined) return;
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        /* already gone */
      }
    };
    kill(opts.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`${path.basename(file)} exited (${exited}) before listening:\n${log()}`);
      const ready = await Promise.all(opts.ports.map(canConnect));
      // A listening port is not enough where the server binds before it checks the rest (httpd binds,
      // then mod_ssl may still refuse the configuration and exit): `ready` reads its log too.
      if (ready.every(Boolean) && (!opts.ready || opts.ready(log()))) break;
      if (Date.now() > deadline) throw new Error(`${path.basename(file)} did not listen on ${opts.ports.join(', ')} in time:\n${log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { log, stop };
}

export interface CaseResult {
  name: string;
  /** "127.0.0.1:port sni=x" -> differences */
  differences: { where: string; lines: string[] }[];
  probes: number;
  /** One line per probe: what the server did (for TLSLINT_ORACLE_VERBOSE). */
  summary: string[];
  /** The server refused to start, as the engine predicted. */
  startFailed?: boolean;
}

/**
 * Write a case body into `prefix` on fresh free ports and start the server. A port can be taken between
 * freePorts() and the server's bind: then it retries with new ones (twice).
 */
export async function startCase(adapter: ServerAdapter, prefix: string, body: string, portCount: number): Promise<{ ports: number[]; root: string; server: RunningServer }> {
  for (let attempt = 0; ; attempt++) {
    const ports = await freePorts(portCount);
    const vars: Record<string, string> = { certs: path.join(prefix, 'certs'), prefix };
    ports.forEach((p, i) => (vars[`port${i}`] = String(p)));
    const root = adapter.write(prefix, fill(body, vars));
    try {
      return { ports, root, server: await adapter.start(prefix, root, ports) };
    } catch (e) {
      if (attempt < 2 && /in use/i.test(String(e))) continue;
      throw /exited .* before listening/.test(String(e)) ? new StartError(String((e as Error).message ?? e), root) : e;
    }
  }
}

/** Run one corpus case end to end: write, start, predict, probe, compare; the server is always stopped. */
export async function runCase(adapter: ServerAdapter, c: OracleCase, options: { timeoutMs?: number } = {}): Promise<CaseResult> {
  const prefix = makePrefix(adapter.dialect, c.name);
  let server: RunningServer | undefined;
  try {
    let started: Awaited<ReturnType<typeof startCase>>;
    try {
      started = await startCase(adapter, prefix, c.body, c.ports);
    } catch (e) {
      if (!(e instanceof StartError)) throw e;
      const predicted = adapter.predictStartFailure?.(e.root);
      const log = e.message.split('\n').slice(1).join(' ').trim();
      if (predicted) return { name: c.name, differences: [], probes: 0, summary: [`refused to start, as predicted (${predicted}): ${log}`], startFailed: true };
      return { name: c.name, differences: [{ where: 'start', lines: [`the server refused to start, the engine expected it to: ${log}`] }], probes: 0, summary: [], startFailed: true };
    }
    server = started.server;
    const { ports, root } = started;
    const expectedFailure = adapter.predictStartFailure?.(root);
    if (expectedFailure) return { name: c.name, differences: [{ where: 'start', lines: [`the engine predicts the server cannot start (${expectedFailure}), but it started`] }], probes: 0, summary: [] };
    const jobs: (() => Promise<{ where: string; lines: string[]; summary: string }>)[] = [];
    for (const spec of c.probes) {
      for (const sni of spec.names) {
        jobs.push(async () => {
          const port = ports[spec.port];
          const where = `127.0.0.1:{{port${spec.port}}} SNI ${sni ?? '(none)'}`;
          const predicted = adapter.predict(root, '127.0.0.1', port, sni);
          if (typeof predicted === 'string') return { where, lines: [`engine: ${predicted}`], summary: `${where}: ${predicted}` };
          const report = await probeEndpoint({ host: '127.0.0.1', port, servername: sni, timeoutMs: options.timeoutMs ?? 4000, concurrency: 3 });
          return { where, lines: compareProbe(predicted, report), summary: `${where}: ${summarize(report)}` };
        });
      }
    }
    const results = await pool(jobs, 2);
    return { name: c.name, differences: results.filter((x) => x.lines.length), probes: jobs.length, summary: results.map((x) => x.summary) };
  } finally {
    await server?.stop();
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

function listText(xs: string[]): string {
  return xs.length ? xs.join(' ') : '(none)';
}

/** One line of what a probe saw. */
export function summarize(r: ProbeReport): string {
  const v = r.versions.filter((x) => x.ok).map((x) => x.version);
  const parts = [`versions ${listText(v)}`];
  for (const k of ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const) if (r.suites[k].length) parts.push(`${k} ${r.suites[k].length} suites (${r.suites[k].slice(0, 3).join(' ')}${r.suites[k].length > 3 ? ' …' : ''})`);
  if (r.tls13Suites.length) parts.push(`TLSv1.3 ${r.tls13Suites.join(' ')}`);
  if (r.serverOrder !== undefined) parts.push(`server order ${r.serverOrder ? 'on' : 'off'}`);
  if (r.chain[0]) parts.push(`leaf ${r.chain[0].subject}`);
  for (const a of ['RSA', 'ECDSA'] as const) if (r.chainByAuth[a]) parts.push(`${a}: ${r.chainByAuth[a]![0].subject}`);
  return parts.join('; ');
}

export function formatDifferences(r: CaseResult, about: string): string {
  const lines = [`${r.name} (${about}): the engine's prediction differs from the real server`];
  for (const d of r.differences) {
    lines.push(`  ${d.where}`);
    for (const l of d.lines) lines.push(`    ${l}`);
  }
  return lines.join('\n');
}
