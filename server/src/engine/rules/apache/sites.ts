// Apache httpd's cipher strings, suite lists, group lists, file arguments and certificate uses, in the shapes
// the shared cipher and certificate rules read (see ../dialectSites.ts).

import type { DialectSites } from '../dialectSites';

export const apacheSites: DialectSites = {};
