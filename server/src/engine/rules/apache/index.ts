// Apache httpd's rules: the rules only Apache httpd has, and Apache httpd's parts of catalog rules (see DialectCheck).

import type { DialectCheck, Rule } from '../rule';
import { APACHE_DIRECTIVE_CHECKS } from './directiveRules';

export const APACHE_RULES: readonly Rule[] = [];

export const APACHE_CHECKS: readonly DialectCheck[] = [
  ...APACHE_DIRECTIVE_CHECKS,
];
