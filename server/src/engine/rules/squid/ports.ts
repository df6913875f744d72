// Squid's parts of the certificate, ticket and curve rules on listening ports: cert-missing,
// cert-key-missing, session-tickets, weak-curves.

import type { DialectCheck } from '../rule';
import { flagInEffect, squid, squidRootFile } from '../../model/squid/policy';
import { groupByNameIgnoringCase, groupByName, type TlsGroup } from '../../tls/groups';
import { fix, insertAfter } from '../helpers';
import { siteOf } from '../certificateSites';
import { keyInCertificateFile } from './keys';
import { appendArg, withFlag, withoutFlags } from './edits';

/** Placeholder paths the cert-missing fix inserts (to be edited). */
export const SQUID_PLACEHOLDER_CERT = '/etc/squid/tls/squid.pem';
export const SQUID_PLACEHOLDER_BUMP_CA = '/etc/squid/tls/bump-ca.pem';

export const squidCertMissing: DialectCheck = {
  ruleId: 'cert-missing',
  dialect: 'squid',
  example: 'https_port 3129',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-key=/etc/squid/tls/proxy.key',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (!(port.tls || port.encrypts) || port.certificates.length) continue;
        const path = port.bump ? SQUID_PLACEHOLDER_BUMP_CA : SQUID_PLACEHOLDER_CERT;
        ctx.report({
          file: port.directive.file,
          range: port.bump && port.bumpOption ? port.bumpOption.arg.range : port.directive.nameRange,
          message: port.bump
            ? `${port.label}: ssl-bump needs tls-cert= (a CA certificate and its key) to sign the certificates it shows clients; without it ${port.encrypts ? 'Squid refuses the configuration ("http_port requires a cert= parameter")' : 'Squid cannot bump any connection'}`
            : `${port.label} has ${port.tls ? 'no tls-cert=' : 'TLS options but no tls-cert='}: Squid refuses the configuration ("${port.kind} requires a cert= parameter")`,
          fixes: fix(`Add tls-cert=${path} (placeholder path to edit)`, 'suggestion', [appendArg(port.directive, `tls-cert=${path}`)]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

export const squidCertKeyMissing: DialectCheck = {
  ruleId: 'cert-key-missing',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.crt   # the file holds no private key',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.crt tls-key=/etc/squid/tls/proxy.key',
  check(ctx) {
    const ws = ctx.workspace;
    for (const policy of squid(ws)) {
      for (const port of policy.ports) {
        if (!port.tls) continue;
        const c = port.certificates.find((x) => !x.ignored);
        if (!c?.cert.value?.text || c.key) continue;
        const site = siteOf(ws, port.directive, c.cert.value, policy.root, 'certificate');
        if (keyInCertificateFile(ws, site) !== false) continue;
        const keyPath = c.cert.value.text.replace(/\.(crt|pem|cer|cert)$/i, '') + '.key';
        ctx.report({
          file: port.directive.file,
          range: c.cert.value.range,
          message: `${c.cert.value.text} holds no private key and no tls-key= follows it: Squid looks for the key in the certificate file and stops ("No valid signing certificate configured")`,
          fixes: fix(`Add tls-key=${keyPath} after the certificate`, 'suggestion', [insertAfter(port.directive.file, c.cert.arg.range, ` tls-key=${keyPath}`)]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

export const squidSessionTickets: DialectCheck = {
  ruleId: 'session-tickets',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-options=NO_TICKET',
  check(ctx) {
    if (ctx.profile.sessionTickets) return;
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (!port.tls || !port.sessionTickets.value) continue;
        const edits = port.sslOptions ? [withFlag(port.sslOptions, 'NO_TICKET')] : [appendArg(port.directive, 'tls-options=NO_TICKET')];
        ctx.report({
          file: port.directive.file,
          range: port.sslOptions?.value?.range ?? (port.address ?? port.directive).range,
          message: `${port.label}: session tickets are on (no NO_TICKET in options=) and Squid never rotates the ticket key: whoever obtains it can decrypt recorded sessions`,
          fixes: fix('Add NO_TICKET to the port options', 'safe', edits),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

/** The curve Squid's weak-curves fix sets: a single named curve every OpenSSL has. */
const SAFE_CURVE = 'prime256v1';

export const squidWeakCurves: DialectCheck = {
  ruleId: 'weak-curves',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-dh=secp192r1:/etc/squid/tls/ec-params.pem',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-dh=prime256v1:/etc/squid/tls/ec-params.pem',
  check(ctx) {
    const profileGroups = ctx.profile.tlsCurves.map(groupByName).filter((x): x is TlsGroup => x !== undefined);
    if (!profileGroups.length) return;
    const minBits = Math.min(...profileGroups.map((g) => g.bits));
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        const curve = port.dh?.curve;
        if (!curve?.text) continue;
        const group = groupByNameIgnoringCase(curve.text);
        if (!group || group.bits >= minBits) continue;
        ctx.report({
          file: port.directive.file,
          range: curve.range,
          message: `tls-dh curve ${curve.text} offers about ${group.bits}-bit security, below the ${ctx.profile.name} profile's groups (${ctx.profile.tlsCurves.join(', ')}: at least ${minBits} bits)`,
          fixes: fix(`Use ${SAFE_CURVE}`, 'suggestion', [{ file: port.directive.file, range: curve.range, newText: SAFE_CURVE }]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};


/** OpenSSL's server-preference option, as Squid's options= names it. */
const SERVER_PREFERENCE = 'CIPHER_SERVER_PREFERENCE';

export const squidCipherServerOrder: DialectCheck = {
  ruleId: 'cipher-server-order',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-options=NO_TICKET,CIPHER_SERVER_PREFERENCE',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-options=NO_TICKET',
  check(ctx) {
    const want = ctx.profile.serverPreferredOrder;
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (!port.tls) continue;
        // The last mention decides (`-CIPHER_SERVER_PREFERENCE` clears an earlier one).
        const flag = flagInEffect(port.optionFlags, SERVER_PREFERENCE) ? port.optionFlags.filter((f) => f.name === SERVER_PREFERENCE).pop() : undefined;
        if (!!flag === want) continue;
        if (flag && port.sslOptions) {
          ctx.report({
            file: port.directive.file,
            range: flag.range,
            message: `${port.label}: ${SERVER_PREFERENCE} makes the server pick the suite; the ${ctx.profile.name} profile lets the client pick among strong suites`,
            fixes: fix(`Remove ${SERVER_PREFERENCE}`, 'safe', [withoutFlags(port.sslOptions, [flag], port.optionFlags)]),
            rootFile: squidRootFile(policy.root),
          });
          continue;
        }
        ctx.report({
          file: port.directive.file,
          range: port.sslOptions?.value?.range ?? (port.address ?? port.directive).range,
          message: `${port.label}: the client picks the suite (no ${SERVER_PREFERENCE} in options=); the ${ctx.profile.name} profile wants the server to pick it`,
          fixes: fix(`Add ${SERVER_PREFERENCE} to the port options`, 'safe', [port.sslOptions ? withFlag(port.sslOptions, SERVER_PREFERENCE) : appendArg(port.directive, `tls-options=${SERVER_PREFERENCE}`)]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
