// Benchmarks (not tests). `npm run bench` builds, then for nginx, Apache and Squid:
//   - generates trees of 1,000 and 10,000 TLS virtual hosts (bench/generate.mjs) with real certificates;
//   - CLI: wall time and peak RSS of `tlslint --ca <ca> --format json <tree>` (a fresh process per run,
//     certificates included; median of several runs);
//   - LSP: the real server over stdio with the 10k tree as its workspace folder: time from didOpen of the
//     ~2,000-line site file to its first publishDiagnostics, then 50 edits (a protocol token toggled in a
//     different virtual host each time), each timed from didChange to the publishDiagnostics of that
//     version (median and p95). The debounce is set to 0 so the figure is the server's work, not its timer;
//   - cipher-string expansion throughput and an in-memory lint of generated nginx trees (engine only).
// It prints the tables, the budgets of issue 10 with pass/fail, and writes bench/results/latest.json.
//
//   node bench/run.mjs [--quick] [--dialects nginx,apache,squid] [--runs N] [--lsp-only] [--inherit-env]
//
// The CLI runs in a neutral environment: variables that make Node itself work before tlslint's first
// line (STARTUP_VARS) are removed unless --inherit-env is given. Node 20 reads NODE_EXTRA_CA_CERTS at
// start-up and builds its whole root store then, ~40 ms per process where it is set; this is a property
// of the shell, not of tlslint, so the budgets are judged without it. Each tree also gets one run with
// the inherited environment (wallMsInheritedEnv), and the calibration times `node -e 0` both ways.
//
// Figures depend on the machine and on what else runs on it: the JSON records the load average.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { generateTree } from './generate.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = (p) => join(root, 'server', 'out', p);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const DIALECTS = opt('--dialects', 'nginx,apache,squid').split(',');
const RUNS = Number(opt('--runs', quick ? 1 : 3));
const SIZES = quick ? [1000] : [1000, 10000];
const EDITS = quick ? 10 : 50;
const LSP_ONLY = args.includes('--lsp-only');
const INHERIT_ENV = args.includes('--inherit-env');

/** Read by Node before any JavaScript runs; each adds start-up work to every process. */
const STARTUP_VARS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'NODE_V8_COVERAGE'];
const removedVars = INHERIT_ENV ? [] : STARTUP_VARS.filter((v) => process.env[v] !== undefined);
const neutralEnv = { ...process.env };
for (const v of removedVars) delete neutralEnv[v];

const { expandCipherString } = require(out('engine/tls/ciphers/expand.js'));
const { Engine } = require(out('engine/engine.js'));
const { MemoryFileSystem } = require(out('engine/fs.js'));
const { normalizeSettings } = require(out('engine/settings.js'));
const { supportFor } = require(out('engine/model/dialects.js'));

const LANGUAGE = { nginx: 'nginx', apache: 'apacheconf', squid: 'squid' };
/** Per dialect: a line of the edited file to toggle, and its replacement (changes the findings). */
const TOGGLE = {
  nginx: ['ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_protocols TLSv1 TLSv1.2 TLSv1.3;'],
  apache: ['SSLProtocol -all +TLSv1.2 +TLSv1.3', 'SSLProtocol -all +TLSv1 +TLSv1.2 +TLSv1.3'],
  squid: ['tls-min-version=1.2 tls-options', 'tls-min-version=1.0 tls-options'],
};

const BUDGETS = {
  cli10k: 1000, // ms, full lint of the 10k tree
  rss10k: 400, // MB
  cli1k: 250, // ms
  keystroke: 50, // ms, median didChange -> publishDiagnostics
};

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map((x) => +x.toFixed(2)) },
  command: `node bench/run.mjs ${args.join(' ')}`.trim(),
  environment: { removedForCli: removedVars.map((v) => `${v}=${process.env[v]}`) },
  trees: [],
  cli: [],
  lsp: [],
  ciphers: [],
  engine: [],
  budgets: [],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => Math.round(x * 10) / 10;

/** Whether the dialect's parser is still the placeholder (every file parses to an empty tree). */
function parserPending(tree) {
  const text = readFileSync(tree.root, 'utf8');
  return supportFor(tree.dialect).parse(tree.root, text).directives.length === 0;
}

// ---- CLI ----

function cliRun(tree, env = neutralEnv) {
  const rssFile = join(os.tmpdir(), `tlslint-bench-rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', join(root, 'bench', 'rss.cjs'), join(root, 'bin', 'tlslint.js'), '--ca', tree.caFile, '--format', 'json', tree.dir], {
    env: { ...env, TLSLINT_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1024 * 1024 * 1024,
  });
  // Bytes, turned into text after the clock stops: decoding the 11 MB report of the 10k nginx tree is
  // this harness's work (7-8 ms here), not the CLI's.
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`tlslint exited ${r.status}: ${r.stderr.toString()}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  const reports = JSON.parse(r.stdout.toString('utf8'));
  const findings = reports.reduce((n, f) => n + f.findings.length, 0);
  return { ms, cpuMs: usage.cpuUs / 1000, rssMb: usage.maxRSS / 1024, files: reports.length, findings };
}

/**
 * What this machine charges before tlslint does anything: a bare `node` start, and the CLI's own start
 * (`tlslint --version`: node, the bundle and its code cache). Medians of a few fresh processes; read
 * the CLI budgets against these.
 */
function calibrate() {
  const time = (argv, env = neutralEnv) => {
    const runs = [];
    for (let i = 0; i < 7; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return round(median(runs));
  };
  const c = { nodeStartMs: time(['-e', '0']), cliVersionMs: time([join(root, 'bin', 'tlslint.js'), '--version']) };
  if (removedVars.length) c.nodeStartInheritedEnvMs = time(['-e', '0'], process.env);
  return c;
}

// ---- LSP ----

async function lspRun(tree) {
  const { TestClient } = require(join(root, 'out', 'test', 'lsp', 'client.js'));
  const client = await TestClient.start({ folders: [tree.dir], delayMs: 0 });
  client.settings = { extraTrustedCertificates: [tree.caFile] };
  try {
    let text = readFileSync(tree.editFile, 'utf8');
    const lines = text.split('\n').length - 1;
    const t0 = performance.now();
    const uri = client.open(tree.editFile, text, LANGUAGE[tree.dialect]);
    const first = await client.diagnostics(uri, (p) => p.version === 1, 600_000);
    const openMs = performance.now() - t0;
    const [from, to] = TOGGLE[tree.dialect];
    const times = [];
    let diagnostics = first.diagnostics.length;
    for (let i = 0; i < EDITS; i++) {
      // Enable TLS 1.0 in one more virtual host of the file (a different one each time): the findings change.
      const positions = [];
      for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + 1)) positions.push(at);
      const at = positions.length ? positions[(i * 7) % positions.length] : -1;
      if (at >= 0) text = text.slice(0, at) + to + text.slice(at + from.length);
      else text = text + `\n# edit ${i}\n`;
      const t = performance.now();
      const version = client.change(uri, text);
      const p = await client.next(uri, (x) => x.version === version, 120_000);
      times.push(performance.now() - t);
      diagnostics = p.diagnostics.length;
    }
    let peakRssMb;
    try {
      const status = readFileSync(`/proc/${client.proc.pid}/status`, 'utf8');
      peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
    } catch {
      peakRssMb = undefined;
    }
    return { lines, openMs, times, diagnostics, peakRssMb };
  } finally {
    await client.stop();
  }
}

// ---- engine-only sections (kept from the first benchmark) ----

function timeIt(fn, minMs = 1000) {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  return { runs: n, ms: elapsed, perSecond: (n / elapsed) * 1000 };
}

const STRINGS = {
  'nginx default (HIGH:!aNULL:!MD5)': 'HIGH:!aNULL:!MD5',
  'Mozilla intermediate 6.0': 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  'tutorial (EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH)': 'EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH',
  'ALL:COMPLEMENTOFALL:@STRENGTH': 'ALL:COMPLEMENTOFALL:@STRENGTH',
};

function engineSections() {
  for (const [label, str] of Object.entries(STRINGS)) {
    const t = timeIt(() => expandCipherString(str), quick ? 200 : 1000);
    results.ciphers.push({ string: label, expansionsPerSecond: Math.round(t.perSecond), suites: expandCipherString(str).ciphers.length });
  }
  for (const n of [100, 1000]) {
    const files = { '/b/nginx.conf': 'events {}\nhttp {\n  ssl_protocols TLSv1.2 TLSv1.3;\n  include sites/*.conf;\n}\n' };
    for (let i = 0; i < n; i++) {
      files[`/b/sites/s${String(i).padStart(5, '0')}.conf`] =
        `server {\n  listen 443 ssl;\n  server_name s${i}.example.com;\n  ssl_certificate tls/a.crt;\n  ssl_certificate_key tls/a.key;\n  add_header Strict-Transport-Security "max-age=63072000" always;\n  location / { proxy_pass https://up${i}.example.com; }\n}\n`;
    }
    const fs = new MemoryFileSystem(files);
    const all = Object.keys(files);
    const settings = normalizeSettings({});
    const engine = new Engine();
    const cold = timeIt(() => new Engine().lint({ fs, files: all, workspaceFiles: all, settings }), 0);
    engine.lint({ fs, files: all, workspaceFiles: all, settings });
    const warm = timeIt(() => engine.lint({ fs, files: all, workspaceFiles: all, settings }), quick ? 300 : 2000);
    const lines = Object.values(files).reduce((a, t) => a + t.split('\n').length, 0);
    results.engine.push({ vhosts: n, lines, coldMs: Math.round(cold.ms), warmMeanMs: Math.round(warm.ms / warm.runs) });
  }
}

// ---- main ----

const budget = (what, dialect, measured, limit, unit, pending, cpuMs, inheritedEnvMs) => {
  const row = { dialect, what, measured: round(measured), budget: limit, unit, verdict: pending ? 'pending parser' : measured <= limit ? 'within' : 'OVER' };
  // The process's CPU time next to a wall-time figure: what a busy machine adds shows as the difference.
  if (cpuMs !== undefined) row.cpuMs = round(cpuMs);
  if (inheritedEnvMs !== undefined) row.inheritedEnvMs = inheritedEnvMs;
  results.budgets.push(row);
};

if (!LSP_ONLY) results.machine.calibration = calibrate();
for (const dialect of DIALECTS) {
  for (const n of SIZES) {
    const tree = generateTree(dialect, n);
    const pending = parserPending(tree);
    results.trees.push({ dialect, vhosts: n, files: tree.files, lines: tree.lines, pending });
    if (LSP_ONLY && n !== SIZES[SIZES.length - 1]) continue;
    const runs = [];
    if (!LSP_ONLY) cliRun(tree); // warm the disk cache
    for (let i = 0; i < (LSP_ONLY ? 0 : RUNS); i++) runs.push(cliRun(tree));
    if (!runs.length) {
      // --lsp-only: no CLI runs, so no CLI rows or budgets.
    } else {
    const ms = median(runs.map((r) => r.ms));
    const rss = median(runs.map((r) => r.rssMb));
    const cpu = median(runs.map((r) => r.cpuMs));
    const row = { dialect, vhosts: n, lines: tree.lines, files: tree.files, wallMs: round(ms), cpuMs: round(cpu), wallMsRuns: runs.map((r) => round(r.ms)), peakRssMb: round(rss), findings: runs[0].findings, parser: pending ? 'pending' : 'ready' };
    if (removedVars.length) row.wallMsInheritedEnv = round(cliRun(tree, process.env).ms);
    results.cli.push(row);
    if (n === 10000) {
      budget('CLI full lint, 10k vhosts (wall)', dialect, ms, BUDGETS.cli10k, 'ms', pending, cpu, row.wallMsInheritedEnv);
      budget('CLI full lint, 10k vhosts (peak RSS)', dialect, rss, BUDGETS.rss10k, 'MB', pending);
    } else if (n === 1000) budget('CLI full lint, 1k vhosts (wall)', dialect, ms, BUDGETS.cli1k, 'ms', pending, cpu, row.wallMsInheritedEnv);
    }
    if (n === SIZES[SIZES.length - 1]) {
      const l = await lspRun(tree);
      const med = median(l.times);
      results.lsp.push({
        dialect,
        workspaceVhosts: n,
        editedFileLines: l.lines,
        firstDiagnosticsMs: round(l.openMs),
        edits: l.times.length,
        keystrokeMedianMs: round(med),
        keystrokeP95Ms: round(percentile(l.times, 95)),
        keystrokeMaxMs: round(Math.max(...l.times)),
        diagnosticsAfterLastEdit: l.diagnostics,
        serverPeakRssMb: l.peakRssMb === undefined ? undefined : round(l.peakRssMb),
        parser: pending ? 'pending' : 'ready',
      });
      budget(`LSP didChange → publishDiagnostics, median (${n >= 10000 ? '10k' : '1k'} workspace)`, dialect, med, BUDGETS.keystroke, 'ms', pending);
    }
  }
}
if (!LSP_ONLY) engineSections();
results.loadAverageAfter = os.loadavg().map((x) => +x.toFixed(2));

console.log(`tlslint benchmarks — ${results.date}, ${results.machine.cpus} × ${results.machine.cpu}, node ${results.machine.node}, load average ${results.machine.loadAverage.join(' ')} (after: ${results.loadAverageAfter.join(' ')})`);
if (results.machine.calibration) {
  const c = results.machine.calibration;
  console.log(`start-up on this machine: node -e 0 ${c.nodeStartMs} ms, tlslint --version ${c.cliVersionMs} ms (medians of 7)`);
  if (c.nodeStartInheritedEnvMs !== undefined) console.log(`  with this shell's ${removedVars.join(', ')}: node -e 0 ${c.nodeStartInheritedEnvMs} ms`);
}
if (removedVars.length) {
  console.log(`CLI runs without ${removedVars.join(', ')} (Node's start-up work, not tlslint's; --inherit-env keeps them); wallMsInheritedEnv is one run with them`);
}
console.log('\ngenerated trees');
console.table(results.trees);
console.log('CLI: tlslint --ca <tree>/tls/ca.pem --format json <tree>  (fresh process, certificates included; median of runs; cpuMs = user + system time of the process, all threads)');
console.table(results.cli.map(({ wallMsRuns, ...r }) => ({ ...r, runs: wallMsRuns.join(' / ') })));
console.log('LSP: real server over stdio, workspace = the largest tree, edits of the ~2,000-line first site file (debounce 0)');
console.table(results.lsp);
console.log('budgets (issue 10)');
console.table(results.budgets);
console.log('cipher-string expansion (OpenSSL 3.0 rules, security level 2)');
console.table(results.ciphers);
console.log('engine only: in-memory lint of small generated nginx trees');
console.table(results.engine);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log('written: bench/results/latest.json');
