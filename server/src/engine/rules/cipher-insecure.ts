import type { Rule } from './rule';
import type { CipherSuite } from '../tls/ciphers/table';
import type { CipherExpansion } from '../tls/ciphers/expand';
import { cipherSites, exclusionFix, profileStringFix, siteLabel, suiteList } from './cipherSites';
import { distinctStrings, perExpansion, perExpansionFix } from './cipherVerdicts';

/** Why a suite is insecure, and the alias that removes that kind of suite. */
function insecurity(s: CipherSuite): { why: string; exclude: string } | undefined {
  if (s.nullEncryption) return { why: 'no encryption (eNULL)', exclude: '!eNULL' };
  if (s.anonymous) return { why: 'no server authentication (aNULL): open to man-in-the-middle', exclude: '!aNULL' };
  if (s.mac === 'MD5') return { why: 'MD5 record MAC', exclude: '!MD5' };
  if (s.enc === 'RC4') return { why: 'RC4 (RFC 7465)', exclude: '!RC4' };
  if (s.enc === 'DES' || s.enc === 'RC2' || s.export) return { why: 'broken single DES / RC2 / EXPORT encryption', exclude: '!LOW' };
  return undefined;
}

export const cipherInsecure: Rule = {
  meta: {
    id: 'cipher-insecure',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The expanded cipher list contains NULL, anonymous, EXPORT, DES, RC4, RC2 or MD5-MAC suites.',
    docs: {
      what: 'Expands the cipher string as OpenSSL 3.0 does and reports suites without encryption (eNULL), without server authentication (aNULL: ADH, AECDH), with RC4, single DES, RC2, EXPORT-grade keys or an MD5 MAC. Strings such as `ALL` or `HIGH` without `!aNULL` select the anonymous suites. When OpenSSL\'s security level (2 on Debian) keeps them out of handshakes today, the finding is a warning: a string with `@SECLEVEL=0`, or an OpenSSL at level 0, would offer them. nginx\'s default `HIGH:!aNULL:!MD5` is not reported. Apache httpd is not checked: mod_ssl appends `:!aNULL:!eNULL:!EXP` to every `SSLCipherSuite`, `SSLProxyCipherSuite` and `SSLOpenSSLConfCmd CipherString` value (seen with the real httpd), and OpenSSL 3.0 has none of the other kinds left.',
      why: 'A client that negotiates one of these suites gets no confidentiality (NULL), no protection against an active attacker (anonymous), or a cipher broken in practice (RC4, DES, EXPORT).',
      example: 'ssl_ciphers ALL:@SECLEVEL=0;',
      useInstead: 'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
      fix: 'Appends only the exclusions needed (`:!aNULL`, `:!eNULL`, `:!MD5`…), or sets the profile\'s cipher string. Both are suggestions.',
      references: ['RFC 7465 (RC4)', 'OpenSSL ciphers(1)', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const clears = (y: CipherExpansion) => !y.configured.some((s) => insecurity(s));
    const verdict = perExpansion((site) => {
      const x = site.expansion;
      const bad = x.configured.filter((s) => insecurity(s));
      if (!bad.length) return undefined;
      const usable = new Set(x.ciphers);
      const live = bad.filter((s) => usable.has(s));
      const reasons = [...new Set(bad.map((s) => insecurity(s)!.why))];
      const tail = live.length
        ? `clients can negotiate ${live.length === bad.length ? 'them' : suiteList(live)}`
        : `only OpenSSL's security level ${x.securityLevel} keeps them out of handshakes (@SECLEVEL=0 or a level-0 build would offer them)`;
      return {
        live: live.length > 0,
        exclusions: [...new Set(bad.map((s) => insecurity(s)!.exclude))],
        what: `enables ${bad.length === 1 ? 'an insecure suite' : `${bad.length} insecure suites`} (${suiteList(bad)}): ${reasons.join('; ')}; ${tail}`,
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
        severity: bad.live ? undefined : 'warning',
        message: `${siteLabel(site)} ${bad.what}`,
        fixes: fixesFor(site),
        rootFile: site.rootFile,
      });
    }
  },
};
