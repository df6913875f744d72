#!/usr/bin/env node
// Run an extension test suite inside a real VS Code extension host, using the VS Code that ships in
// code-server's npm package: its server runs the extension host, a headless chromium runs the workbench.
// It takes the command line that @vscode/test-electron gives a VS Code executable, so runTests() can use
// it as `vscodeExecutablePath` (see code-server-vscode, the launcher), and exits with the suite's status.
//
//   node test/vscode/run.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<index.js> [folder]
//       [--extensions-dir=<dir>]   (other flags of desktop VS Code, --user-data-dir too, are ignored)
//
// Environment: TLSLINT_VSCODE_TIMEOUT (seconds, default 240) bounds the whole run; TLSLINT_VSCODE_VERBOSE=1
// also prints the workbench's own console; TLSLINT_VSCODE_RESULTS is where logs go (default test-results/vscode).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { exitIfEditorMissing, launchChromium, startServer, workbenchUrl } from './codeServer.mjs';
import { ROOT } from './paths.mjs';

function parseArgs(argv) {
  const opts = { folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      opts.folder ??= a;
      continue;
    }
    const [, name, inline] = m;
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'extensions-dir'].includes(name);
    if (!takesValue) continue;
    opts[name] = inline ?? argv[++i];
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
// The web workbench starts the extension tests only for an extension under development.
if (!opts.extensionTestsPath || !opts.extensionDevelopmentPath) {
  console.error('usage: run.mjs --extensionDevelopmentPath=<dir> --extensionTestsPath=<suite index.js> [folder]');
  process.exit(2);
}
exitIfEditorMissing();

const timeoutMs = Number(process.env.TLSLINT_VSCODE_TIMEOUT ?? 240) * 1000;
const verbose = process.env.TLSLINT_VSCODE_VERBOSE === '1';
const resultsDir = path.resolve(process.env.TLSLINT_VSCODE_RESULTS ?? path.join(ROOT, 'test-results', 'vscode'));
fs.mkdirSync(resultsDir, { recursive: true });
// Per-run state lives in a short temporary path (the server's IPC socket paths must stay under 108
// bytes), so a --user-data-dir given by runTests is not used.
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-vsc-'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let server;
let browser;
let exitCode = 1;
let sawSummary = false;
try {
  server = await startServer({
    runDir,
    extensionsDir: opts['extensions-dir'] ? path.resolve(opts['extensions-dir']) : undefined,
  });
  console.error(`[run] VS Code server up on ${server.origin} after ${elapsed()}`);
  browser = await launchChromium(runDir);
  const page = await browser.newPage();
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (/^\d+ passed, \d+ failed/m.test(text)) sawSummary = true;
    (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
  });
  page.on('pageerror', (e) => verbose && console.error(`[workbench] ${e.message}`));
  if (verbose) page.on('console', (m) => console.error(`[workbench:${m.type()}] ${m.text()}`));
  const url = workbenchUrl(server.origin, {
    folder: opts.folder,
    extensionDevelopmentPath: opts.extensionDevelopmentPath,
    extensionTestsPath: opts.extensionTestsPath,
  });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    await page.screenshot({ path: path.join(resultsDir, 'timeout.png') }).catch(() => {});
    console.error(`[run] the suite did not finish within ${timeoutMs / 1000} s (screenshot: ${path.join(resultsDir, 'timeout.png')})`);
    exitCode = 1;
  } else {
    exitCode = result === 0 ? 0 : 1;
  }
} catch (e) {
  console.error(`[run] ${e instanceof Error ? e.message : e}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (server) fs.copyFileSync(server.logFile, path.join(resultsDir, 'server.log'));
  fs.rmSync(runDir, { recursive: true, force: true });
}
// The suite prints its own summary; a run that never got that far still needs a line CI can read.
if (!sawSummary) console.log('0 passed, 1 failed');
console.error(`[run] finished in ${elapsed()} with exit code ${exitCode}`);
process.exit(exitCode);
