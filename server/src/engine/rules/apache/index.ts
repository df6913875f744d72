// Apache httpd's rules: the rules only Apache httpd has, and Apache httpd's parts of catalog rules (see DialectCheck).

import type { DialectCheck, Rule } from '../rule';
import { APACHE_PROTOCOL_CHECKS } from './protocols';
import { APACHE_CERTIFICATE_CHECKS } from './certificates';
import { APACHE_HARDENING_CHECKS } from './hardening';
import { vhostSslEngineMissing } from './vhost-ssl-engine-missing';
import { proxyEngineMissing } from './proxy-engine-missing';
import { tlsCompression } from './tls-compression';
import { insecureRenegotiation } from './insecure-renegotiation';
import { sniStrictCheck } from './sni-strict-check';
import { APACHE_DIRECTIVE_CHECKS } from './directiveRules';
import { APACHE_SNI_CHECKS } from './sni';

export const APACHE_RULES: readonly Rule[] = [vhostSslEngineMissing, sniStrictCheck, proxyEngineMissing, tlsCompression, insecureRenegotiation];

export const APACHE_CHECKS: readonly DialectCheck[] = [
  ...APACHE_PROTOCOL_CHECKS, ...APACHE_CERTIFICATE_CHECKS, ...APACHE_HARDENING_CHECKS,
  ...APACHE_DIRECTIVE_CHECKS, ...APACHE_SNI_CHECKS,
];
