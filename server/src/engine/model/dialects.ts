// Every dialect's support for the workspace model, by dialect id.

import type { Dialect } from '../types';
import type { DialectSupport } from './dialectSupport';
import { nginxSupport } from './nginxSupport';
import { apacheSupport } from './apache/support';
import { squidSupport } from './squid/support';

const SUPPORT: Record<Dialect, DialectSupport> = { nginx: nginxSupport, apache: apacheSupport, squid: squidSupport };

export function supportFor(dialect: Dialect): DialectSupport {
  return SUPPORT[dialect];
}
