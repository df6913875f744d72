// Ground truth for Apache httpd: every corpus config runs in the real httpd (127.0.0.1, free high ports,
// private ServerRoot) and must handshake exactly as the engine predicts. Skips with a message where
// apache2 or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { test } from 'node:test';
import { requireOracleOrSkip } from '../helpers/oracle';
import { apacheAdapter } from './adapters/apache';
import { randomApacheCases } from './randomCases';
import { defineOracleSuite, runCasesAsSubtests } from './suite';

defineOracleSuite(apacheAdapter, { minimum: 15 });

// Seeded random vhosts on top of the corpus (TLSLINT_ORACLE_RANDOM=<count>, TLSLINT_ORACLE_SEED=<seed>),
// judged the same way; a configuration httpd refuses must be one the engine says it refuses.
const randomCount = Number(process.env.TLSLINT_ORACLE_RANDOM ?? 0);
test(`apache: ${randomCount} random configurations agree with the engine`, { concurrency: 2, timeout: 600_000, skip: randomCount > 0 ? false : 'set TLSLINT_ORACLE_RANDOM=<count> to run' }, async (t) => {
  if (!requireOracleOrSkip(t, 'apache2')) return;
  await runCasesAsSubtests(t, apacheAdapter, randomApacheCases(randomCount, Number(process.env.TLSLINT_ORACLE_SEED ?? 1)));
});
