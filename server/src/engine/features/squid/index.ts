// Editor features for Squid files.

import type { DialectFeatures } from '../dialectFeatures';

export const squidFeatures: DialectFeatures = {};
