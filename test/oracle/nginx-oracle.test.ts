// Ground truth for nginx: every corpus config runs in the real nginx (127.0.0.1, free high ports,
// private prefix) and must handshake exactly as the engine predicts. Skips with a message where nginx
// or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOracleOrSkip } from '../helpers/oracle';
import { corpus, formatDifferences, runCase } from './harness';
import { nginxAdapter } from './adapters/nginx';
import { randomCases } from './randomCases';

const cases = corpus(nginxAdapter.corpusDir);
const only = process.env.TLSLINT_ORACLE_CASE;

test('the nginx corpus has at least 30 configs', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} configs in ${nginxAdapter.corpusDir}`);
});

test('nginx: handshakes agree with the engine', { concurrency: 2, timeout: 300_000 }, async (t) => {
  if (!requireOracleOrSkip(t, 'nginx')) return;
  if (!requireOracleOrSkip(t, 'openssl')) return;
  const runs: Promise<void>[] = [];
  for (const c of cases) {
    if (only && !c.name.includes(only)) continue;
    runs.push(t.test(c.name, { timeout: 60_000 }, async (st) => {
      const r = await runCase(nginxAdapter, c);
      if (process.env.TLSLINT_ORACLE_VERBOSE) for (const line of r.summary) st.diagnostic(line);
      assert.ok(r.probes > 0 || r.startFailed);
      if (r.differences.length) assert.fail(formatDifferences(r, c.about));
    }));
  }
  await Promise.all(runs);
});

// Seeded random cases on top of the corpus (TLSLINT_ORACLE_RANDOM=<count>, TLSLINT_ORACLE_SEED=<seed>):
// configurations no one thought of, judged the same way (a config nginx refuses must be one the engine
// says it refuses).
const randomCount = Number(process.env.TLSLINT_ORACLE_RANDOM ?? 0);
test(`nginx: ${randomCount} random configurations agree with the engine`, { concurrency: 2, timeout: 600_000, skip: randomCount > 0 ? false : 'set TLSLINT_ORACLE_RANDOM=<count> to run' }, async (t) => {
  if (!requireOracleOrSkip(t, 'nginx')) return;
  const seed = Number(process.env.TLSLINT_ORACLE_SEED ?? 1);
  await Promise.all(
    randomCases(randomCount, seed).map((c) =>
      t.test(c.name, { timeout: 60_000 }, async (st) => {
        const r = await runCase(nginxAdapter, c);
        if (process.env.TLSLINT_ORACLE_VERBOSE) for (const line of r.summary) st.diagnostic(line);
        if (r.differences.length) assert.fail(formatDifferences(r, c.about) + '\n' + c.body);
      }),
    ),
  );
});
