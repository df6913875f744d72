// Squid's rules: the rules only Squid has, and Squid's parts of catalog rules (see DialectCheck).
// Rules that judge shared sites (cipher strings, files, certificates: see ./sites.ts) need no code of
// their own here; they are listed with an example so the catalog and docs name Squid among their dialects.

import type { DialectCheck, Rule } from '../rule';
import { squidDirectiveRemoved } from '../squid-directive-removed';
import { squidSslBumpPortMissing } from '../squid-ssl-bump-port-missing';
import { squidBumpNoCertGenerator } from '../squid-bump-no-cert-generator';
import { squidBumpWithoutPeek } from '../squid-bump-without-peek';
import { squidBumpCertNotCa } from '../squid-bump-cert-not-ca';
import { squidHttpsBumpIntercept } from '../squid-https-bump-intercept';
import { squidDhCurveFile } from '../squid-dh-curve-file';
import {
  squidProtocolDeprecated,
  squidProtocolInsecure,
  squidProtocolNone,
  squidProtocolTls13Missing,
  squidProtocolUnknown,
  squidProxyProtocolDeprecated,
} from './protocols';
import { squidCertKeyMissing, squidCertMissing, squidCipherServerOrder, squidSessionTickets, squidWeakCurves } from './ports';
import { squidDirectiveTypo, squidProxyVerifyOff, squidSslDirectiveDeprecated } from './outgoing';
import { squidIncludeUnresolved } from './includes';
import { squidDirectiveDuplicate } from './duplicates';
import { squidProxyVerifyNoCa } from './verifyCa';
import { squidListenConflict } from './listens';

export const SQUID_RULES: readonly Rule[] = [squidDirectiveRemoved, squidSslBumpPortMissing, squidBumpNoCertGenerator, squidBumpWithoutPeek, squidBumpCertNotCa, squidHttpsBumpIntercept, squidDhCurveFile];

/** A rule Squid takes part in through the shared sites: no check of its own, an example for the docs. */
function viaSites(ruleId: string, example: string, useInstead?: string): DialectCheck {
  return { ruleId, dialect: 'squid', check: () => undefined, example, useInstead };
}

const PORT = 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem';

export const SQUID_CHECKS: readonly DialectCheck[] = [
  squidDirectiveTypo,
  squidDirectiveDuplicate,
  squidIncludeUnresolved,
  squidProtocolInsecure,
  squidProtocolDeprecated,
  squidProtocolTls13Missing,
  squidProtocolUnknown,
  squidProtocolNone,
  squidCertMissing,
  squidCertKeyMissing,
  squidSslDirectiveDeprecated,
  squidProxyVerifyOff,
  squidProxyVerifyNoCa,
  squidProxyProtocolDeprecated,
  squidSessionTickets,
  squidCipherServerOrder,
  squidWeakCurves,
  squidListenConflict,
  viaSites('cipher-string-invalid', `${PORT} cipher=NOTHING`, `${PORT} cipher=ECDHE+AESGCM`),
  viaSites('cipher-unknown-name', `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA265`, `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA256`),
  viaSites('cipher-insecure', `${PORT} cipher=ALL`, `${PORT} cipher=ALL:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5`),
  viaSites('cipher-sweet32', `${PORT} cipher=HIGH:3DES`, `${PORT} cipher=HIGH:!3DES`),
  viaSites('cipher-no-forward-secrecy', `${PORT} cipher=AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256`, `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA256`),
  viaSites('cipher-cbc', `${PORT} cipher=ECDHE-RSA-AES128-SHA`, `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA256`),
  viaSites('cipher-tls13-in-list', `${PORT} cipher=TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256`, `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA256`),
  viaSites('cipher-no-usable-suite', `${PORT} cipher=ECDHE-ECDSA-AES128-GCM-SHA256   # an RSA certificate`, `${PORT} cipher=ECDHE-RSA-AES128-GCM-SHA256`),
  viaSites('cert-file-not-found', 'https_port 3129 tls-cert=/etc/squid/tls/missing.pem'),
  viaSites('cert-unreadable', 'https_port 3129 tls-cert=/etc/squid/tls/proxy.key'),
  viaSites('cert-expired', `${PORT}   # expired`),
  viaSites('cert-expiring', `${PORT}   # expires in 5 days`),
  viaSites('cert-not-yet-valid', `${PORT}   # valid from next year`),
  viaSites('cert-key-mismatch', 'https_port 3129 tls-cert=/etc/squid/tls/proxy.crt tls-key=/etc/squid/tls/other.key'),
  viaSites('cert-chain-order', `${PORT}   # intermediate first, then the leaf`),
  viaSites('cert-chain-incomplete', `${PORT}   # the leaf without its intermediate`),
  viaSites('cert-hostname-mismatch', 'https_port 443 accel defaultsite=www.example.com tls-cert=/etc/squid/tls/other-site.pem', 'https_port 443 accel defaultsite=www.example.com tls-cert=/etc/squid/tls/www.example.com.pem'),
  viaSites('cert-self-signed', `${PORT}   # self-signed (not an ssl-bump CA)`),
  viaSites('cert-weak-key', `${PORT}   # RSA 1024`),
  viaSites('cert-weak-signature', `${PORT}   # signed with SHA-1`),
  viaSites('dhparam-weak', `${PORT} tls-dh=/etc/squid/tls/dh1024.pem`, `${PORT} tls-dh=/etc/squid/tls/ffdhe2048.pem`),
];
