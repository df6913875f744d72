// Ground truth for nginx: every corpus config runs in the real nginx (127.0.0.1, free high ports,
// private prefix) and must handshake exactly as the engine predicts. Skips with a message where nginx
// or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { test } from 'node:test';
import { requireOracleOrSkip } from '../helpers/oracle';
import { nginxAdapter } from './adapters/nginx';
import { randomCases } from './randomCases';
import { defineOracleSuite, runCasesAsSubtests } from './suite';

defineOracleSuite(nginxAdapter, { minimum: 30 });

// Seeded random cases on top of the corpus (TLSLINT_ORACLE_RANDOM=<count>, TLSLINT_ORACLE_SEED=<seed>):
// configurations no one thought of, judged the same way (a config nginx refuses must be one the engine
// says it refuses).
const randomCount = Number(process.env.TLSLINT_ORACLE_RANDOM ?? 0);
test(`nginx: ${randomCount} random configurations agree with the engine`, { concurrency: 2, timeout: 600_000, skip: randomCount > 0 ? false : 'set TLSLINT_ORACLE_RANDOM=<count> to run' }, async (t) => {
  if (!requireOracleOrSkip(t, 'nginx')) return;
  await runCasesAsSubtests(t, nginxAdapter, randomCases(randomCount, Number(process.env.TLSLINT_ORACLE_SEED ?? 1)));
});
