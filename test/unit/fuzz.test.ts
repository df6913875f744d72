// 10,000 seeded mutation cases over every fixture file (all dialects) through the whole engine; the
// invariants are described in test/fuzz/fuzz.ts. The long campaign is `npm run fuzz`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus, MUTATION_NAMES, runFuzz, checkEdits, rangeInside, type FuzzFailure } from '../fuzz/fuzz';
import { TextIndex } from '../../server/src/engine/syntax/text';

const SEED = 20261123;

test('fuzz: 10,000 mutated fixtures, no exception, ranges inside, fixes local, work linear', () => {
  const corpus = loadCorpus();
  const failures: FuzzFailure[] = [];
  const report = runFuzz({
    seed: SEED,
    cases: 10000,
    // Small cases keep the run short; `npm run fuzz` goes to 10k-deep nesting and 200k-character lines.
    limits: { maxNesting: 300, maxLine: 5000 },
    scaleEvery: 100,
    corpus,
    onFailure: (f) => failures.push(f),
  });
  const shown = failures.slice(0, 5).map((f) => `case ${f.caseIndex} ${f.file}: ${f.problems.slice(0, 3).join(' | ')}\n--- input (first 300 chars) ---\n${JSON.stringify(f.text.slice(0, 300))}`);
  assert.equal(report.failures, 0, `seed ${SEED}: ${report.failures} failing cases\n${shown.join('\n')}`);
  assert.equal(report.cases, 10000);
  // Every mutation ran, every dialect of the corpus was fuzzed, and the cases did exercise the rules.
  for (const m of MUTATION_NAMES) assert.ok((report.mutations[m] ?? 0) > 100, `mutation ${m} ran ${report.mutations[m] ?? 0} times`);
  for (const d of new Set(corpus.map((c) => c.dialect))) assert.ok((report.byDialect[d] ?? 0) > 0, `no case of dialect ${d}`);
  assert.ok(report.findings > 10000, `findings: ${report.findings}`);
  assert.ok(report.fixesChecked > 1000, `fixes checked: ${report.fixesChecked}`);
  assert.ok(report.scaledChecks >= 100);
});

test('fuzz invariants catch what they claim to', () => {
  const idx = new TextIndex('ab\ncd');
  assert.ok(rangeInside(idx, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }));
  assert.ok(!rangeInside(idx, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }), 'past the end of a line');
  assert.ok(!rangeInside(idx, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }), 'past the last line');
  assert.ok(!rangeInside(idx, { start: { line: 1, character: 1 }, end: { line: 0, character: 1 } }), 'reversed');
  const e = (sl: number, sc: number, el: number, ec: number, newText: string) => ({ file: 'f', range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, newText });
  assert.equal(checkEdits('ab\ncd', [e(0, 0, 0, 1, 'X'), e(1, 1, 1, 2, 'Y')]), undefined);
  assert.match(checkEdits('ab\ncd', [e(0, 0, 0, 2, 'X'), e(0, 1, 1, 0, 'Y')]) ?? '', /overlapping/);
  assert.match(checkEdits('ab\ncd', [e(0, 0, 0, 9, 'X')]) ?? '', /outside/);
});

test('the fuzz corpus is every configuration fixture, each with a detected dialect', () => {
  const corpus = loadCorpus();
  assert.ok(corpus.length >= 100, `corpus: ${corpus.length} files`);
  assert.ok(corpus.some((c) => c.rel.startsWith('parser/')) && corpus.some((c) => c.rel.startsWith('rules/')));
  assert.ok(!corpus.some((c) => c.rel.endsWith('.json')));
  for (const c of corpus) assert.ok(['nginx', 'apache', 'squid'].includes(c.dialect));
});
