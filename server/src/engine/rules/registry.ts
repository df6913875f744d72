// Every rule tlslint has, in catalog order. Docs pages, the settings schema and SARIF rule lists are
// generated from this list.

import type { DialectCheck, Rule } from './rule';
import { APACHE_CHECKS, APACHE_RULES } from './apache';
import { SQUID_CHECKS, SQUID_RULES } from './squid';
import { syntaxError } from './syntax-error';
import { directiveTypo } from './directive-typo';
import { directiveContext } from './directive-context';
import { directiveDuplicate } from './directive-duplicate';
import { includeUnresolved } from './include-unresolved';
import { includeCycle } from './include-cycle';
import { protocolInsecure } from './protocol-insecure';
import { protocolDeprecated } from './protocol-deprecated';
import { protocolTls13Missing } from './protocol-tls13-missing';
import { protocolUnknown } from './protocol-unknown';
import { protocolNone } from './protocol-none';
import { cipherStringInvalid } from './cipher-string-invalid';
import { cipherUnknownName } from './cipher-unknown-name';
import { cipherInsecure } from './cipher-insecure';
import { cipherSweet32 } from './cipher-sweet32';
import { cipherNoForwardSecrecy } from './cipher-no-forward-secrecy';
import { cipherCbc } from './cipher-cbc';
import { cipherTls13InList } from './cipher-tls13-in-list';
import { cipherNoUsableSuite } from './cipher-no-usable-suite';
import { curveUnsupported } from './curve-unsupported';
import { cipherServerOrder } from './cipher-server-order';
import { certMissing } from './cert-missing';
import { certKeyMissing } from './cert-key-missing';
import { certFileNotFound } from './cert-file-not-found';
import { certUnreadable } from './cert-unreadable';
import { certExpired } from './cert-expired';
import { certExpiring } from './cert-expiring';
import { certNotYetValid } from './cert-not-yet-valid';
import { certKeyMismatch } from './cert-key-mismatch';
import { certChainOrder } from './cert-chain-order';
import { certChainIncomplete } from './cert-chain-incomplete';
import { certSelfSigned } from './cert-self-signed';
import { certHostnameMismatch } from './cert-hostname-mismatch';
import { certWeakKey } from './cert-weak-key';
import { certWeakSignature } from './cert-weak-signature';
import { dhparamWeak } from './dhparam-weak';
import { ocspNoResponder } from './ocsp-no-responder';
import { listenSslMissing } from './listen-ssl-missing';
import { sslDirectiveDeprecated } from './ssl-directive-deprecated';
import { sniDuplicateName } from './sni-duplicate-name';
import { sniNoDefault } from './sni-no-default';
import { sniDefaultCertMismatch } from './sni-default-cert-mismatch';
import { listenOptionsConflict } from './listen-options-conflict';
import { proxySniMissing } from './proxy-sni-missing';
import { proxyVerifyOff } from './proxy-verify-off';
import { proxyVerifyNoCa } from './proxy-verify-no-ca';
import { proxyProtocolDeprecated } from './proxy-protocol-deprecated';
import { hstsMissing } from './hsts-missing';
import { hstsShort } from './hsts-short';
import { hstsLost } from './hsts-lost';
import { hstsNotAlways } from './hsts-not-always';
import { ocspNoResolver } from './ocsp-no-resolver';
import { sessionTickets } from './session-tickets';
import { weakCurves } from './weak-curves';
import { unusedSuppression } from './unused-suppression';

const CORE_RULES: readonly Rule[] = [
  syntaxError,
  directiveTypo,
  directiveContext,
  directiveDuplicate,
  includeUnresolved,
  includeCycle,
  protocolInsecure,
  protocolDeprecated,
  protocolTls13Missing,
  protocolUnknown,
  protocolNone,
  cipherStringInvalid,
  cipherUnknownName,
  cipherInsecure,
  cipherSweet32,
  cipherNoForwardSecrecy,
  cipherCbc,
  cipherTls13InList,
  cipherNoUsableSuite,
  curveUnsupported,
  cipherServerOrder,
  certMissing,
  certKeyMissing,
  certFileNotFound,
  certUnreadable,
  certExpired,
  certExpiring,
  certNotYetValid,
  certKeyMismatch,
  certChainOrder,
  certChainIncomplete,
  certSelfSigned,
  certHostnameMismatch,
  certWeakKey,
  certWeakSignature,
  dhparamWeak,
  listenSslMissing,
  sslDirectiveDeprecated,
  sniDuplicateName,
  sniNoDefault,
  sniDefaultCertMismatch,
  listenOptionsConflict,
  proxySniMissing,
  proxyVerifyOff,
  proxyVerifyNoCa,
  proxyProtocolDeprecated,
  hstsMissing,
  hstsShort,
  hstsLost,
  hstsNotAlways,
  ocspNoResponder,
  ocspNoResolver,
  sessionTickets,
  weakCurves,
  unusedSuppression,
];

/** The order of the catalog (shared/RULES.md); rules it does not list (Squid's own) follow, then unused-suppression. */
const CATALOG_ORDER = [
  'syntax-error', 'directive-typo', 'directive-context', 'directive-duplicate', 'include-unresolved', 'include-cycle',
  'protocol-insecure', 'protocol-deprecated', 'protocol-tls13-missing', 'protocol-unknown', 'protocol-none',
  'cipher-string-invalid', 'cipher-unknown-name', 'cipher-insecure', 'cipher-sweet32', 'cipher-no-forward-secrecy', 'cipher-cbc',
  'cipher-tls13-in-list', 'cipher-no-usable-suite', 'curve-unsupported', 'cipher-server-order',
  'cert-missing', 'cert-key-missing', 'cert-file-not-found', 'cert-unreadable', 'cert-expired', 'cert-expiring', 'cert-not-yet-valid',
  'cert-key-mismatch', 'cert-chain-order', 'cert-chain-incomplete', 'cert-self-signed', 'cert-hostname-mismatch', 'cert-weak-key',
  'cert-weak-signature', 'dhparam-weak',
  'listen-ssl-missing', 'listen-options-conflict', 'ssl-directive-deprecated', 'vhost-ssl-engine-missing', 'sni-duplicate-name', 'sni-no-default',
  'sni-default-cert-mismatch', 'sni-strict-check',
  'proxy-sni-missing', 'proxy-verify-off', 'proxy-verify-no-ca', 'proxy-engine-missing', 'proxy-protocol-deprecated',
  'hsts-missing', 'hsts-short', 'hsts-lost', 'hsts-not-always', 'ocsp-no-responder', 'ocsp-no-resolver', 'session-tickets',
  'tls-compression', 'insecure-renegotiation', 'weak-curves',
];

const DIALECT_CHECKS: readonly DialectCheck[] = [...APACHE_CHECKS, ...SQUID_CHECKS];

function rank(id: string): number {
  if (id === 'unused-suppression') return 10_000;
  const i = CATALOG_ORDER.indexOf(id);
  return i >= 0 ? i : 1_000;
}

/** Every rule with the dialects its checks cover and their examples, in catalog order. */
const RULES: readonly Rule[] = [...CORE_RULES, ...APACHE_RULES, ...SQUID_RULES]
  .map((rule) => {
    const extra = DIALECT_CHECKS.filter((c) => c.ruleId === rule.meta.id);
    if (!extra.length) return rule;
    const dialects = [...new Set([...rule.meta.dialects, ...extra.map((c) => c.dialect)])];
    const dialectExamples = extra.filter((c) => c.example).map((c) => ({ dialect: c.dialect, example: c.example!, useInstead: c.useInstead }));
    const docs = dialectExamples.length ? { ...rule.meta.docs, dialectExamples } : rule.meta.docs;
    return { meta: { ...rule.meta, dialects, docs }, check: rule.check };
  })
  .map((rule, i) => ({ rule, i }))
  .sort((a, b) => rank(a.rule.meta.id) - rank(b.rule.meta.id) || a.i - b.i)
  .map((x) => x.rule);

const orphans = DIALECT_CHECKS.filter((c) => !RULES.some((r) => r.meta.id === c.ruleId));
if (orphans.length) throw new Error(`dialect checks for unknown rules: ${orphans.map((c) => c.ruleId).join(', ')}`);

export function allRules(): readonly Rule[] {
  return RULES;
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** The Apache and Squid parts of a rule (its nginx part is `rule.check`). */
export function dialectChecks(id: string): readonly DialectCheck[] {
  return DIALECT_CHECKS.filter((c) => c.ruleId === id);
}

export const DOCS_BASE_URL = 'https://github.com/tlslint/tlslint/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
