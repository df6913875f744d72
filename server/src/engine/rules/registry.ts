// Every rule tlslint has, in catalog order. Docs pages, the settings schema and SARIF rule lists are
// generated from this list.

import type { Rule } from './rule';
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

const RULES: readonly Rule[] = [
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

export function allRules(): readonly Rule[] {
  return RULES;
}

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

export const DOCS_BASE_URL = 'https://github.com/tlslint/tlslint/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
