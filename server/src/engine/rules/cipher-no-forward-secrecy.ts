import type { Rule } from './rule';
import type { CipherSuite } from '../tls/ciphers/table';
import type { CipherExpansion } from '../tls/ciphers/expand';
import { cipherSites, exclusionFix, profileStringFix, profileSuiteNames, siteLabel, suiteList } from './cipherSites';
import { distinctStrings, perExpansion, perExpansionFix } from './cipherVerdicts';

const EXCLUDE: Record<string, string> = { kRSA: '!kRSA', kPSK: '!kPSK', kRSAPSK: '!kRSAPSK', kSRP: '!kSRP', kGOST: '!kGOST', kGOST18: '!kGOST18' };

export const cipherNoForwardSecrecy: Rule = {
  meta: {
    id: 'cipher-no-forward-secrecy',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The expanded cipher list contains suites without ephemeral key exchange (static RSA, plain PSK).',
    docs: {
      what: 'Reports usable suites whose key exchange is not ephemeral: static RSA key transport (`AES128-GCM-SHA256`, `AES256-SHA`…; the `kRSA` alias) and plain or RSA-PSK. nginx\'s default `HIGH:!aNULL:!MD5` includes them under OpenSSL 3.0, so TLS servers without `ssl_ciphers` are reported on their `ssl` listen parameter. Suites the selected profile lists itself (the `old` profile keeps a few for very old clients) are not reported.',
      why: 'Without an ephemeral (EC)DHE exchange, the session keys are encrypted with the server\'s long-term key: whoever gets that key later (a leak, a subpoena, a seized backup) decrypts every recorded session. All current clients support ECDHE, so these suites only serve clients that should not connect.',
      example: 'ssl_ciphers HIGH:!aNULL:!MD5;',
      useInstead: 'ssl_ciphers HIGH:!aNULL:!MD5:!kRSA;',
      fix: 'Appends the exclusions needed (`:!kRSA`…), or sets the profile\'s cipher string. Both are suggestions.',
      references: ['RFC 7525 / RFC 9325 §4.1', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    const allowed = profileSuiteNames(ctx.profile);
    const flagged = (s: CipherSuite) => !s.forwardSecrecy && !allowed.has(s.name);
    const clears = (y: CipherExpansion) => !y.ciphers.some(flagged);
    const verdict = perExpansion((site) => {
      const bad = site.expansion.ciphers.filter(flagged);
      if (!bad.length) return undefined;
      return {
        exclusions: [...new Set(bad.map((s) => EXCLUDE[s.kx]).filter((e): e is string => !!e))],
        what: `enables ${bad.length === 1 ? 'a suite' : `${bad.length} suites`} without forward secrecy (${suiteList(bad)}): their session keys depend on the server's long-term key, so recorded traffic can be decrypted once that key leaks`,
      };
    });
    const fixesFor = perExpansionFix((site) => [...exclusionFix(ctx.workspace, site, verdict(site)!.exclusions, clears), ...profileStringFix(ctx.workspace, site, ctx.profile, clears)]);
    if (!distinctStrings(ctx.workspace).some((site) => verdict(site))) return;
    const sites = cipherSites(ctx.workspace);
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const bad = verdict(site);
      if (!bad) continue;
      ctx.report({
        file: site.file,
        range: site.range,
        message: `${siteLabel(site)} ${bad.what}`,
        fixes: fixesFor(site),
        rootFile: site.rootFile,
      });
    }
  },
};
