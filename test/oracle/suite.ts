// The node:test suite every dialect's oracle test file declares: its corpus is large enough, and each
// case, run in the real server, agrees with the engine. A dialect's test file is then
//
//   defineOracleSuite(apacheAdapter, { minimum: 10 });
//
// Cases run two at a time; TLSLINT_ORACLE_CASE=<part of a name> runs matching ones only and
// TLSLINT_ORACLE_VERBOSE=1 prints what each probe saw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireOracleOrSkip } from '../helpers/oracle';
import { corpus, formatDifferences, runCase, type OracleCase, type ServerAdapter } from './harness';

/** Run cases as subtests of `t`: the server of each is started, probed, compared and stopped. */
export async function runCasesAsSubtests(t: import('node:test').TestContext, adapter: ServerAdapter, cases: OracleCase[]): Promise<void> {
  const only = process.env.TLSLINT_ORACLE_CASE;
  await Promise.all(
    cases
      .filter((c) => !only || c.name.includes(only))
      .map((c) =>
        t.test(c.name, { timeout: 60_000 }, async (st) => {
          const r = await runCase(adapter, c);
          if (process.env.TLSLINT_ORACLE_VERBOSE) for (const line of r.summary) st.diagnostic(line);
          assert.ok(r.probes > 0 || r.startFailed);
          if (r.differences.length) assert.fail(formatDifferences(r, c.about) + (c.name.startsWith('random-') ? '\n' + c.body : ''));
        }),
      ),
  );
}

export function defineOracleSuite(adapter: ServerAdapter, options: { minimum: number }): void {
  const cases = corpus(adapter.corpusDir);
  test(`the ${adapter.dialect} corpus has at least ${options.minimum} configs`, () => {
    assert.ok(cases.length >= options.minimum, `only ${cases.length} configs in ${adapter.corpusDir}`);
  });
  test(`${adapter.dialect}: handshakes agree with the engine`, { concurrency: 2, timeout: 300_000 }, async (t) => {
    if (!requireOracleOrSkip(t, adapter.oracle)) return;
    if (!requireOracleOrSkip(t, 'openssl')) return;
    await runCasesAsSubtests(t, adapter, cases);
  });
}
