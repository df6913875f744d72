import type { Rule } from './rule';
import type { CipherSuite } from '../tls/ciphers/table';
import type { CipherExpansion } from '../tls/ciphers/expand';
import { suiteByName, TLS13_SUITES } from '../tls/ciphers/table';
import type { Profile } from '../tls/profiles';
import { cipherSites, exclusionFix, profileStringFix, siteLabel, suiteList } from './cipherSites';
import { distinctStrings, perExpansion, perExpansionFix } from './cipherVerdicts';

/** Does the profile allow only AEAD suites? (Unknown names in a custom profile do not count.) */
export function profileAllAead(profile: Profile): boolean {
  const names = [...profile.ciphers, ...profile.ciphersuites];
  return names.every((n) => {
    const s = suiteByName(n) ?? TLS13_SUITES.find((t) => t.name === n);
    return !s || s.aead;
  });
}

const MAC_ALIAS: Record<string, string> = { SHA1: '!SHA1', SHA256: '!SHA256', SHA384: '!SHA384', MD5: '!MD5' };

export const cipherCbc: Rule = {
  meta: {
    id: 'cipher-cbc',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'CBC-mode suites where the profile allows only AEAD suites.',
    docs: {
      what: 'Reports usable CBC-mode suites (`ECDHE-RSA-AES128-SHA`, `AES256-SHA256`, Camellia…) when every suite of the selected profile is AEAD (GCM, ChaCha20-Poly1305), as in Mozilla\'s intermediate and modern profiles. Under the `old` profile, which lists CBC suites itself, it is silent. nginx\'s default `HIGH:!aNULL:!MD5` includes CBC suites, so TLS servers without `ssl_ciphers` are reported on their `ssl` listen parameter.',
      why: 'TLS CBC suites use MAC-then-encrypt, the construction behind padding-oracle attacks (Lucky13, POODLE-style variants); implementations stay hard to make constant-time. Every client that supports TLS 1.2 also supports an AEAD suite.',
      example: 'ssl_ciphers HIGH:!aNULL:!MD5;',
      useInstead: 'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
      fix: 'Sets the profile\'s cipher string, or (without one) appends exclusions of the CBC suites\' MACs. Suggestions: clients limited to CBC suites lose access.',
      references: ['RFC 9325 §4.2', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    if (!profileAllAead(ctx.profile)) return;
    const flagged = (s: CipherSuite) => s.cbc;
    const clears = (y: CipherExpansion) => !y.ciphers.some(flagged);
    const verdict = perExpansion((site) => {
      const bad = site.expansion.ciphers.filter(flagged);
      if (!bad.length) return undefined;
      return {
        exclusions: [...new Set(bad.map((s) => MAC_ALIAS[s.mac]).filter((e): e is string => !!e))],
        what: `enables ${bad.length === 1 ? 'a CBC-mode suite' : `${bad.length} CBC-mode suites`} (${suiteList(bad)}); the ${ctx.profile.name} profile allows only AEAD suites (GCM, ChaCha20-Poly1305), since CBC's MAC-then-encrypt invites padding-oracle attacks`,
      };
    });
    const fixesFor = perExpansionFix((site) => {
      const fixes = profileStringFix(ctx.workspace, site, ctx.profile, clears);
      return fixes.length ? fixes : exclusionFix(ctx.workspace, site, verdict(site)!.exclusions, clears);
    });
    if (!distinctStrings(ctx.workspace).some((site) => verdict(site))) return;
    const sites = cipherSites(ctx.workspace);
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const bad = verdict(site);
      if (!bad) continue;
      const fixes = fixesFor(site);
      ctx.report({
        file: site.file,
        range: site.range,
        message: `${siteLabel(site)} ${bad.what}`,
        fixes,
        rootFile: site.rootFile,
      });
    }
  },
};
