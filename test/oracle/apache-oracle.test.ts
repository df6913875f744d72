// Ground truth for Apache httpd: every corpus config runs in the real httpd (127.0.0.1, free high ports,
// private ServerRoot) and must handshake exactly as the engine predicts. Skips with a message where
// apache2 or openssl is missing, unless TLSLINT_REQUIRE_ORACLES=1 (CI).

import { apacheAdapter } from './adapters/apache';
import { defineOracleSuite } from './suite';

defineOracleSuite(apacheAdapter, { minimum: 15 });
