import type { Rule } from './rule';
import type { CipherSuite } from '../tls/ciphers/table';
import { suiteByName } from '../tls/ciphers/table';
import type { CipherExpansion } from '../tls/ciphers/expand';
import { cipherSites, exclusionFix, profileSuiteNames, siteLabel, spanRange, suiteList } from './cipherSites';
import { distinctStrings, perExpansion, perExpansionFix } from './cipherVerdicts';

// Aliases that select 64-bit block ciphers in builds that have them.
const BLOCK64_ALIASES = new Set(['3DES', 'IDEA', 'RC2', 'DES', 'GOST89']);

export const cipherSweet32: Rule = {
  meta: {
    id: 'cipher-sweet32',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'The expanded cipher list contains 3DES or other 64-bit block ciphers (Sweet32).',
    docs: {
      what: 'Reports suites with a 64-bit block cipher (3DES, IDEA, RC2, DES, GOST 28147-89) in the expanded list, and names or aliases in the string that ask for them (`DES-CBC3-SHA`, `3DES`) even where this OpenSSL build lacks them: Debian\'s OpenSSL 3.0 is built without weak-ssl-ciphers and ignores them, but a build with them (or OpenSSL 1.1) offers them. Suites the selected profile lists itself (the `old` profile keeps DES-CBC3-SHA for Windows XP) are not reported.',
      why: 'With a 64-bit block, a long-lived connection repeats cipher blocks after about 32 GB: the Sweet32 birthday attack (CVE-2016-2183) recovers cookies from such a connection.',
      example: 'ssl_ciphers HIGH:DES-CBC3-SHA;',
      useInstead: 'ssl_ciphers HIGH:!aNULL:!MD5:!3DES;',
      fix: 'Appends `:!3DES` (and the other 64-bit exclusions needed). A suggestion.',
      references: ['https://sweet32.info', 'CVE-2016-2183', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    const allowed = profileSuiteNames(ctx.profile);
    const clears = (y: CipherExpansion) => !y.configured.some((s) => s.block64 && !allowed.has(s.name));
    const verdict = perExpansion((site) => {
      const x = site.expansion;
      const live = x.configured.filter((s) => s.block64 && !allowed.has(s.name));
      // Words asking for 64-bit suites this build lacks, unless a later `!` item removes them.
      const asked: { text: string; start: number; end: number; suites: CipherSuite[] }[] = [];
      x.tokens.forEach((t, i) => {
        if (t.op !== '' && t.op !== '+') return;
        for (const w of t.words) {
          const suite = w.suite ?? suiteByName(w.text);
          const is64 = suite ? suite.block64 && !suite.tls13 && !allowed.has(suite.name) : BLOCK64_ALIASES.has(w.text);
          if (!is64 || w.kind === 'suite') continue;
          const killedLater = x.tokens.slice(i + 1).some((u) => u.op === '!' && u.words.some((v) => v.text === w.text || (suite !== undefined && v.text === suite.enc)));
          if (!killedLater) asked.push({ text: w.text, start: w.start, end: w.end, suites: suite ? [suite] : [] });
        }
      });
      if (!live.length && !asked.length) return undefined;
      const encs = new Set([...live, ...asked.flatMap((a) => a.suites)].map((s) => s.enc));
      const exclusions = encs.size ? [...encs].map((e) => '!' + e) : ['!3DES'];
      return { live, asked, exclusions: [...new Set(exclusions)] };
    });
    const fixesFor = perExpansionFix((site) => exclusionFix(ctx.workspace, site, verdict(site)!.exclusions, clears));
    if (!distinctStrings(ctx.workspace).some((site) => verdict(site))) return;
    for (const site of cipherSites(ctx.workspace)) {
      const found = verdict(site);
      if (!found) continue;
      const { live, asked } = found;
      const fixes = fixesFor(site);
      if (live.length) {
        ctx.report({
          file: site.file,
          range: site.range,
          message: `${siteLabel(site)} enables ${suiteList(live)}: 64-bit block ciphers, open to the Sweet32 birthday attack on long connections (CVE-2016-2183)`,
          fixes,
          rootFile: site.rootFile,
        });
      }
      for (const a of asked) {
        ctx.report({
          file: site.file,
          range: spanRange(site, a.start, a.end),
          message: `"${a.text}" asks for a 64-bit block cipher (Sweet32, CVE-2016-2183): OpenSSL ${ctx.settings.targets.openssl} as Debian builds it lacks it, so the name selects nothing here, but a build with weak-ssl-ciphers (or OpenSSL 1.1) would offer it`,
          fixes,
          rootFile: site.rootFile,
        });
      }
    }
  },
};
