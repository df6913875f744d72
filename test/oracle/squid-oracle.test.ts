// Ground truth for Squid https_port: every corpus config runs in the real Squid (squid-openssl; 127.0.0.1,
// free high ports, private pid file and logs) and must handshake exactly as the engine predicts. Skips with
// a message where squid or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { test } from 'node:test';
import { requireOracleOrSkip } from '../helpers/oracle';
import { squidAdapter } from './adapters/squid';
import { randomSquidCases } from './randomCases';
import { defineOracleSuite, runCasesAsSubtests } from './suite';

defineOracleSuite(squidAdapter, { minimum: 8 });

// Seeded random ports on top of the corpus (TLSLINT_ORACLE_RANDOM=<count>, TLSLINT_ORACLE_SEED=<seed>).
const randomCount = Number(process.env.TLSLINT_ORACLE_RANDOM ?? 0);
test(`squid: ${randomCount} random configurations agree with the engine`, { concurrency: 2, timeout: 600_000, skip: randomCount > 0 ? false : 'set TLSLINT_ORACLE_RANDOM=<count> to run' }, async (t) => {
  if (!requireOracleOrSkip(t, squidAdapter.oracle)) return;
  await runCasesAsSubtests(t, squidAdapter, randomSquidCases(randomCount, Number(process.env.TLSLINT_ORACLE_SEED ?? 1)));
});
