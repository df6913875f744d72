// `npm run fuzz`: the long fuzzing campaign (test/fuzz/fuzz.ts), seeded and reproducible.
//   node out/test/fuzz/main.js [--cases N] [--seed S] [--max-nesting N] [--max-line N] [--out DIR]
// Prints the seed and the counts; writes each failing input to DIR (default fuzz-failures/) with the
// problems found; exits 1 when a case fails. Also times lints of scaled inputs (a case repeated 2 and 8 times)
// and reports those whose time grows more than 4 × 8 = 32-fold (generous: timing is noisy, so this is
// only done here, never in `npm test`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { runFuzz, type FuzzFailure } from './fuzz';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
function argText(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const seed = arg('--seed', Math.floor(Date.now() % 2147483647));
const cases = arg('--cases', 100000);
const outDir = path.resolve(argText('--out', 'fuzz-failures'));
const timing = { checked: 0, slow: [] as { file: string; small: number; big: number; smallMs: number; bigMs: number }[] };
const timer = new Engine();
const settings = normalizeSettings({});

function lintMs(file: string, text: string, dialect: 'nginx' | 'apache' | 'squid'): number {
  const fsys = new MemoryFileSystem({ [file]: text });
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    timer.forget(file);
    const t = process.hrtime.bigint();
    timer.lint({ fs: fsys, files: [file], settings, dialect });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

let shown = 0;
const onFailure = (f: FuzzFailure): void => {
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `seed${seed}-case${f.caseIndex}`);
  fs.writeFileSync(`${base}.input`, f.text);
  fs.writeFileSync(`${base}.problems.txt`, `${f.file} (${f.dialect})\n${f.problems.join('\n')}\n`);
  if (shown++ < 20) console.error(`case ${f.caseIndex} (${f.file}, ${f.dialect}): ${f.problems.slice(0, 3).join(' | ')}`);
};

console.log(`tlslint fuzz: seed ${seed}, ${cases} cases`);
const started = Date.now();
const report = runFuzz({
  seed,
  cases,
  limits: { maxNesting: arg('--max-nesting', 10000), maxLine: arg('--max-line', 200000) },
  scaleEvery: 200,
  onFailure,
  onCase(i, r) {
    if ((i + 1) % 10000 === 0) console.log(`${i + 1} cases, ${r.failures} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  },
  onScaled(small, big, factor) {
    const smallMs = lintMs(small.file, small.text, small.dialect);
    const bigMs = lintMs(big.file, big.text, big.dialect);
    timing.checked++;
    // Below 25 ms the clock says more about the machine than about the algorithm.
    if (bigMs > 25 && bigMs > factor * 8 * Math.max(smallMs, 1)) timing.slow.push({ file: small.file, small: small.text.length, big: big.text.length, smallMs, bigMs });
  },
});
const seconds = (Date.now() - started) / 1000;
console.log(JSON.stringify({ ...report, seconds, timedScaledChecks: timing.checked, slowScaled: timing.slow.length }, null, 2));
for (const s of timing.slow.slice(0, 10)) console.error(`time grows faster than the input: ${s.file}: ${s.small} → ${s.big} chars, ${s.smallMs.toFixed(1)} → ${s.bigMs.toFixed(1)} ms`);
console.log(`${report.cases} cases, ${report.failures} failed, ${timing.slow.length} slow scaled inputs (seed ${seed}, ${seconds.toFixed(0)} s)`);
process.exit(report.failures || timing.slow.length ? 1 : 0);
