// Editor features for Apache httpd files.

import type { DialectFeatures } from '../dialectFeatures';

export const apacheFeatures: DialectFeatures = {};
