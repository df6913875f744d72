import type { Rule } from './rule';
import { cipherSites, hasExactSpans, spanRange, tls13Sites, tls13Span } from './cipherSites';
import { distinctStrings, perExpansion } from './cipherVerdicts';
import { TLS13_SUITES } from '../tls/ciphers/table';
import { knownCipherStringNames } from '../tls/ciphers/expand';
import { editDistance, fix } from './helpers';

// Aliases of features OpenSSL removed long ago: excluding them is a harmless leftover of old tutorials.
const REMOVED_ALIASES = new Set([
  'EXP', 'EXPORT', 'EXPORT40', 'EXPORT56', 'DES', 'RC2', 'KRB5', 'kKRB5', 'aKRB5', 'kECDH', 'kECDHr', 'kECDHe',
  'aECDH', 'kDH', 'kDHr', 'kDHd', 'aDH', 'kFZA', 'aFZA', 'eFZA', 'FZA', 'SSLv2', 'DHr', 'DHd', 'ECDHr', 'ECDHe',
]);

let known: string[] | undefined;
function knownNames(): string[] {
  if (!known) {
    const k = knownCipherStringNames();
    known = [...k.aliases, ...k.suites, 'DEFAULT', 'COMPLEMENTOFDEFAULT'];
  }
  return known;
}

/** The nearest known name: a case-only difference first, else the closest within 2 (3 for long names). */
export function suggestCipherName(word: string): string | undefined {
  const names = knownNames();
  const ci = names.find((n) => n.toLowerCase() === word.toLowerCase());
  if (ci) return ci;
  const max = word.length >= 12 ? 3 : 2;
  let best: string | undefined;
  let bestD = max + 1;
  for (const n of names) {
    const d = editDistance(word, n, max);
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

export const cipherUnknownName: Rule = {
  meta: {
    id: 'cipher-unknown-name',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'A cipher name or alias OpenSSL does not know: it is silently ignored.',
    docs: {
      what: 'Reports each word of a cipher string that OpenSSL 3.0 does not know as a suite name or alias (and each unknown name in `ssl_conf_command Ciphersuites`): typos (`ECDHE-RSA-AES128-GCM-SHA265`, `aNUL`), IANA names (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`; OpenSSL uses its own names) and wrong case (names are case-sensitive). The range is the word itself. Exclusions of aliases OpenSSL removed long ago (`!EXPORT`, `!DES`, `!KRB5`) are left alone. TLS 1.3 suite names are reported by cipher-tls13-in-list instead.',
      why: 'OpenSSL skips what it does not know without an error, so the item does nothing: a misspelt suite is simply not offered, and a misspelt exclusion (`!aNUL`) leaves the suites it meant to remove enabled.',
      example: 'ssl_ciphers ECDHE-RSA-AES128-GCM-SHA265:!aNUL;',
      useInstead: 'ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:!aNULL;',
      fix: 'Replaces the word with the nearest name OpenSSL knows (the OpenSSL name for an IANA name). A suggestion: the string then selects what the name means.',
      references: ['OpenSSL ciphers(1)'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const namesUnknown = perExpansion((site) => site.expansion.tokens.some((t) => t.words.some((w) => w.kind === 'unknown')));
    const sites = distinctStrings(ctx.workspace).some(namesUnknown) ? cipherSites(ctx.workspace) : [];
    for (const site of sites) {
      if (!site.arg || !namesUnknown(site)) continue;
      for (const t of site.expansion.tokens) {
        for (const w of t.words) {
          if (w.kind !== 'unknown') continue;
          if ((t.op === '!' || t.op === '-') && REMOVED_ALIASES.has(w.text)) continue;
          const suggestion = w.suite && !w.suite.tls13 ? w.suite.name : suggestCipherName(w.text);
          const range = spanRange(site, w.start, w.end);
          const effect = t.op === '!' || t.op === '-' ? 'so nothing is excluded by it' : 'so it selects nothing';
          const what = w.suite ? `"${w.text}" is an IANA name; OpenSSL only knows its own names in cipher strings` : `OpenSSL ${ctx.settings.targets.openssl} knows no cipher or alias "${w.text}"`;
          ctx.report({
            file: site.file,
            range,
            message: `${what} and ignores it, ${effect}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
            fixes: suggestion && hasExactSpans(site) ? fix(`Replace with "${suggestion}"`, 'suggestion', [{ file: site.file, range, newText: suggestion }]) : [],
            rootFile: site.rootFile,
          });
        }
      }
    }
    const tls13Names = TLS13_SUITES.map((x) => x.name);
    for (const site of tls13Sites(ctx.workspace)) {
      const unknown = new Set(site.expansion.unknown);
      for (const n of site.names) {
        if (!unknown.has(n.name)) continue;
        const ci = tls13Names.find((x) => x.toLowerCase() === n.name.toLowerCase());
        let suggestion = ci;
        if (!suggestion) {
          let bestD = 4;
          for (const c of tls13Names) {
            const dist = editDistance(n.name, c, 3);
            if (dist < bestD) {
              bestD = dist;
              suggestion = c;
            }
          }
        }
        const range = tls13Span(site, n.start, n.end);
        ctx.report({
          file: site.directive.file,
          range,
          message: `OpenSSL ${ctx.settings.targets.openssl} knows no TLS 1.3 suite "${n.name}" and skips it in Ciphersuites${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          fixes: suggestion && range !== site.arg.range ? fix(`Replace with "${suggestion}"`, 'suggestion', [{ file: site.directive.file, range, newText: suggestion }]) : [],
        });
      }
    }
  },
};
