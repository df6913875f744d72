import type { Rule } from './rule';
import { cipherSites, profileStringFix, siteLabel, uncoveredProtocols } from './cipherSites';
import { protocolLabel, type ProtocolName } from '../tls/protocols';

export const cipherNoUsableSuite: Rule = {
  meta: {
    id: 'cipher-no-usable-suite',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'An enabled protocol version has no cipher suite it can negotiate: those handshakes fail.',
    docs: {
      what: 'For each TLS 1.2-or-lower version a server enables (`ssl_protocols`, or nginx\'s default), checks that the expanded cipher list (after OpenSSL\'s security level 2) has at least one suite that version can use. TLS 1.2-only suites (all AEAD suites, the SHA-256/384 CBC suites) cannot be used by TLS 1.0 or 1.1 clients. Checking suites against the certificate\'s key type (only ECDSA suites with an RSA certificate) comes with certificate reading (issue 4) and is not done yet.',
      why: 'The version is offered but no suite matches, so every client that can only speak that version fails with "no shared cipher": the config looks like it supports old clients and does not.',
      example: 'ssl_protocols TLSv1 TLSv1.1;\nssl_ciphers ECDHE+AESGCM;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;\nssl_ciphers ECDHE+AESGCM;',
      fix: 'Sets the profile\'s cipher string when it covers the enabled versions (a suggestion); otherwise drop the versions (protocol-deprecated offers that).',
      references: ['OpenSSL ciphers(1)', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    for (const site of cipherSites(ctx.workspace)) {
      const x = site.expansion;
      if (x.errors.length || x.noCipherMatch) continue;
      const missing = uncoveredProtocols(x, site.protocols);
      if (!missing.length) continue;
      const labels = missing.map((p) => protocolLabel(p as ProtocolName)).join(' and ');
      const usable = x.ciphers.length;
      // Suites left out only because of the protocol range: what the string offers for other versions.
      const versionBound = x.excluded.filter((e) => e.reason === 'protocol').map((e) => e.suite);
      const needs = [...new Set((usable ? x.ciphers : versionBound).map((s) => s.minProtocol))].sort().join(' or ');
      const them = missing.length === 1 ? 'it' : 'them';
      ctx.report({
        file: site.file,
        range: site.range,
        message: usable || versionBound.length
          ? `${labels} ${missing.length === 1 ? 'is' : 'are'} enabled but none of the ${usable || versionBound.length} suites of ${siteLabel(site)} works with ${them} (they need ${needs}): clients limited to ${labels} fail with "no shared cipher"`
          : `no suite of ${siteLabel(site)} survives OpenSSL's security level ${x.securityLevel}: every ${labels} handshake fails with "no shared cipher"`,
        fixes: profileStringFix(ctx.workspace, site, ctx.profile, (y) => uncoveredProtocols(y, site.protocols).length === 0),
        rootFile: site.rootFile,
      });
    }
  },
};
