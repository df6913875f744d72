// Squid's rules: the rules only Squid has, and Squid's parts of catalog rules (see DialectCheck).

import type { DialectCheck, Rule } from '../rule';

export const SQUID_RULES: readonly Rule[] = [];

export const SQUID_CHECKS: readonly DialectCheck[] = [];
