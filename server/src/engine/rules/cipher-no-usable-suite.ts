import type { Rule } from './rule';
import { cipherSites, profileStringFix, siteLabel, uncoveredProtocols, type CipherSite } from './cipherSites';
import { protocolLabel, type ProtocolName } from '../tls/protocols';
import type { CertServer } from './certificateSites';
import { certificatesByServer, distinctCertificateFiles } from './certificateGroups';
import { distinctStrings, perExpansion } from './cipherVerdicts';
import type { Authentication } from '../tls/ciphers/table';
import type { KeyType } from '../tls/x509/certificate';
import { refusesEveryHandshake } from '../model/negotiation';
import { serversWhere } from './nginxCandidates';
import type { Directive } from '../syntax/tree';

/** The certificate key types a TLS ≤ 1.2 suite's authentication can use. */
function authenticationFits(au: Authentication, key: KeyType): boolean {
  switch (au) {
    case 'aRSA':
      return key === 'rsa' || key === 'rsa-pss';
    case 'aECDSA':
      return key === 'ec' || key === 'ed25519' || key === 'ed448';
    case 'aDSS':
      return key === 'dsa';
    case 'aNULL':
    case 'aPSK':
    case 'aSRP':
      return true;
    default:
      return false;
  }
}

/** TLS servers that accept handshakes and set their TLS 1.3 suites. */
const withTls13Suites = serversWhere((s) => s.tls && !s.rejectHandshake.value && s.tls13Ciphers?.item !== undefined);

const KEY_LABEL: Partial<Record<KeyType, string>> = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'ECDSA', ed25519: 'Ed25519', ed448: 'Ed448', dsa: 'DSA' };

export const cipherNoUsableSuite: Rule = {
  meta: {
    id: 'cipher-no-usable-suite',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'An enabled protocol version has no cipher suite it can negotiate: those handshakes fail.',
    docs: {
      what: 'For each TLS 1.2-or-lower version a server enables (`ssl_protocols`, or nginx\'s default), checks that the expanded cipher list (after OpenSSL\'s security level 2) has at least one suite that version can use. TLS 1.2-only suites (all AEAD suites, the SHA-256/384 CBC suites) cannot be used by TLS 1.0 or 1.1 clients. It also checks the suites against the key types of the server\'s certificates, once they can be read: a TLS 1.2 suite needs a certificate its authentication can use (aRSA: an RSA key, aECDSA: an EC or EdDSA key), so only-ECDSA suites with an RSA certificate leave TLS 1.2 clients without a shared suite. TLS 1.3 suites work with any key type. Finally, when TLS 1.3 is the highest version enabled and `ssl_conf_command Ciphersuites` leaves it no suite, OpenSSL refuses every handshake of that server, TLS 1.2 ones included: it checks that the highest version has a suite before it reads the client\'s hello.',
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
    // Key types of the readable certificates of each server (a server with any unreadable one is skipped).
    const certificates = certificatesByServer(ctx);
    const keyTypes = new Map<CertServer, KeyType[]>();
    const keyTypesOf = (server: CertServer) => {
      let types = keyTypes.get(server);
      if (!types) {
        types = certificates.get(server)?.map((c) => c.leaf.publicKey.type) ?? [];
        keyTypes.set(server, types);
      }
      return types;
    };
    // Per expansion: its TLS <= 1.2 suites, whether a set of key types can use one of them, which
    // enabled versions no suite covers.
    const tls12Of = perExpansion((site) => ({ suites: site.expansion.ciphers.filter((c) => !c.tls13), fits: new Map<string, boolean>() }));
    const missingOf = perExpansion((site) => uncoveredProtocols(site.expansion, site.protocols));
    const checksUsers = (site: CipherSite) => site.side === 'server' && !site.expansion.errors.length && !site.expansion.noCipherMatch && tls12Of(site).suites.length > 0;
    const missesVersions = (site: CipherSite) => !site.expansion.errors.length && !site.expansion.noCipherMatch && missingOf(site).length > 0;
    // A server's key types fit a string when one of them fits one of its suites: when every key type
    // of every readable certificate fits every string on its own, no server can be left without a suite.
    const keyTypesSeen = [...new Set(distinctCertificateFiles(ctx).map((c) => c.leaf.publicKey.type))];
    const someTypeUnfit = (site: CipherSite) => keyTypesSeen.some((t) => !tls12Of(site).suites.some((c) => authenticationFits(c.au, t)));
    const usersToCheck = distinctStrings(ctx.workspace).some((site) => checksUsers(site) && someTypeUnfit(site));
    const versionsToCheck = distinctStrings(ctx.workspace).some(missesVersions);
    const sites = usersToCheck || versionsToCheck ? cipherSites(ctx.workspace) : [];
    for (const site of sites) {
      if (usersToCheck && checksUsers(site)) {
        const { suites: tls12, fits } = tls12Of(site);
        const users = site.servers.map((s) => ({ server: s as CertServer, certificateCount: s.certificates.length, protocols: s.protocols.value }));
        if (site.users) users.push(...site.users);
        for (const { server, certificateCount, protocols } of users) {
          const types = keyTypesOf(server);
          if (!types.length || types.length !== certificateCount) continue;
          if (!protocols.some((p) => p !== 'TLSv1.3')) continue;
          const typesKey = types.join(',');
          let usable = fits.get(typesKey);
          if (usable === undefined) {
            usable = tls12.some((c) => types.some((t) => authenticationFits(c.au, t)));
            fits.set(typesKey, usable);
          }
          if (usable) continue;
          const kinds = [...new Set(types.map((t) => KEY_LABEL[t] ?? t))].join(' and ');
          const auths = [...new Set(tls12.map((c) => c.au))].join(', ');
          ctx.report({
            file: site.file,
            range: site.range,
            message: `the ${kinds} certificate${types.length > 1 ? 's' : ''} of ${server.names[0]?.name ?? server.label ?? 'this server'} cannot be used with any of the ${tls12.length} TLS 1.2-or-lower suites of ${siteLabel(site)} (they authenticate with ${auths}): those clients fail with "no shared cipher"`,
            related: [{ file: server.directive.file, range: server.directive.nameRange, message: 'server using this certificate' }],
            fixes: profileStringFix(ctx.workspace, site, ctx.profile, (y) => y.ciphers.some((c) => !c.tls13 && types.some((t) => authenticationFits(c.au, t)))),
            rootFile: site.rootFile,
          });
        }
      }
      if (!versionsToCheck) continue;
      const x = site.expansion;
      if (x.errors.length || x.noCipherMatch) continue;
      const missing = missingOf(site);
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
    // TLS 1.3 on top with no TLS 1.3 suite: OpenSSL's pre-handshake check fails for every client.
    const seen = new Set<Directive>();
    for (const server of withTls13Suites(ctx.workspace)) {
      const item = server.tls13Ciphers!.item!;
      if (seen.has(item.directive)) continue;
      const refusal = refusesEveryHandshake(server);
      if (refusal?.version !== 'TLSv1.3') continue;
      seen.add(item.directive);
      const arg = item.directive.args[1] ?? item.directive.args[0];
      ctx.report({
        file: item.directive.file,
        range: arg?.range ?? item.directive.range,
        message: `TLS 1.3 is the highest version enabled but Ciphersuites "${server.tls13Ciphers!.value}" gives it no suite: OpenSSL then refuses every handshake of ${server.names[0]?.name ?? 'this server'}, TLS 1.2 ones included (it checks the highest version has a suite before reading the client's hello)`,
        related: [{ file: server.directive.file, range: server.directive.nameRange, message: 'server refusing every handshake' }],
        rootFile: server.root.fragment ? undefined : server.root.file,
      });
    }
  },
};
