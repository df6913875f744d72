// Ground truth for Squid https_port: every corpus config runs in the real Squid (squid-openssl; 127.0.0.1,
// free high ports, private pid file and logs) and must handshake exactly as the engine predicts. Skips with
// a message where squid or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { squidAdapter } from './adapters/squid';
import { defineOracleSuite } from './suite';

defineOracleSuite(squidAdapter, { minimum: 8 });
