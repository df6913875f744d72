// Apache httpd's rules: the rules only Apache httpd has, and Apache httpd's parts of catalog rules (see DialectCheck).

import type { DialectCheck, Rule } from '../rule';

export const APACHE_RULES: readonly Rule[] = [];

export const APACHE_CHECKS: readonly DialectCheck[] = [];
