// The tests that need a real VS Code (the one inside code-server's npm package) and chromium:
// the extension-host suite, the click-through test and the packaged .vsix. `npm test` runs them after
// the node:test suites. Where the editor is not installed they are skipped with the reason, unless
// TLSLINT_REQUIRE_ORACLES=1 (CI), which makes that a failure. Closing line: "N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { editorMissing } from '../test/vscode/codeServer.mjs';
import { ROOT } from '../test/vscode/paths.mjs';

const STEPS = [
  { name: 'extension host (test/vscode)', script: 'test/vscode/runTests.mjs' },
  { name: 'click-through (test/e2e)', script: 'test/e2e/clickthrough.mjs' },
  { name: 'packaged .vsix (test/vscode/vsix.mjs)', script: 'test/vscode/vsix.mjs' },
];
const STEP_TIMEOUT_MS = 600_000;
const required = process.env.TLSLINT_REQUIRE_ORACLES === '1';

function finish(passed, failed, skipped) {
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed ? 1 : 0);
}

const missing = editorMissing();
if (missing) {
  if (required) {
    console.error(`editor tests: FAILED, the editor cannot start (TLSLINT_REQUIRE_ORACLES=1): ${missing}`);
    finish(0, STEPS.length, 0);
  }
  console.log(`editor tests: skipped, the editor cannot start: ${missing}`);
  finish(0, 0, STEPS.length);
}

// Steps run in their own process groups, out of reach of a Ctrl+C at the terminal: pass it on.
let current;
process.once('exit', () => {
  try {
    if (current) process.kill(-current.pid, 'SIGTERM');
  } catch {
    // already gone
  }
});

/** Run one step with its output passed through; resolves with its exit code and its last summary line. */
function runStep(script) {
  return new Promise((resolve) => {
    // Its own process group, so a timeout reaches the runners it starts (they stop their editors on TERM).
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let summary;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const l of lines) if (/^(?:\w+: )?\d+ passed, \d+ failed/.test(l)) summary = l;
    });
    const timer = setTimeout(() => {
      console.error(`step timed out after ${STEP_TIMEOUT_MS / 1000} s`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }, STEP_TIMEOUT_MS);
    current = child;
    child.on('close', (code, signal) => {
      current = undefined;
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), summary });
    });
  });
}

// The closing line adds up the tests the steps report; a step that fails without saying how counts once.
let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of STEPS) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  const { code, summary } = await runStep(step.script);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 3) {
    // The step found the editor missing after all (a partial install).
    if (required) failed++;
    else skipped++;
    console.log(`◀ ${step.name}: editor missing (${seconds} s)`);
    continue;
  }
  const [, p = '0', f = '0', s = '0'] = /(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(summary ?? '') ?? [];
  passed += Number(p);
  skipped += Number(s);
  failed += code === 0 ? Number(f) : Math.max(1, Number(f));
  console.log(`◀ ${step.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}${summary ? `: ${summary}` : ''} (${seconds} s)`);
}
finish(passed, failed, skipped);
