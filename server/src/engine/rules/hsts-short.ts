import type { Rule } from './rule';
import { fix } from './helpers';
import { hstsHeaders } from './hstsHeaders';

export const hstsShort: Rule = {
  meta: {
    id: 'hsts-short',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'HSTS max-age shorter than the profile\'s (63072000 s, two years).',
    docs: {
      what: 'Reports a Strict-Transport-Security header whose max-age is below the selected profile\'s minimum (Mozilla: 63072000 seconds), or that has no valid max-age at all.',
      why: 'A short max-age lets the browser forget the HSTS policy between visits, reopening the plain-HTTP first request that HSTS exists to remove. HSTS preload lists require at least one year.',
      example: 'add_header Strict-Transport-Security "max-age=3600" always;',
      useInstead: 'add_header Strict-Transport-Security "max-age=63072000" always;',
      fix: 'Sets max-age to the profile\'s value, keeping the other header directives (includeSubDomains, preload). A suggestion.',
      references: ['RFC 6797', 'Mozilla Server Side TLS', 'hstspreload.org'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    const min = ctx.profile.hstsMinAge;
    const headers = hstsHeaders(ctx.workspace);
    // Most trees use one or two values, all long enough.
    if ([...headers.maxAges.values()].every((age) => age !== null && age >= min)) return;
    for (const d of headers.directives) {
      const arg = d.args[1];
      const age = headers.maxAges.get(arg.text)!;
      if (age !== null && age >= min) continue;
      let newValue: string;
      if (age === null) newValue = `max-age=${min}` + (arg.text.trim() ? '; ' + arg.text.trim() : '');
      else newValue = arg.text.replace(/max-age\s*=\s*"?\d+"?/i, `max-age=${min}`);
      const quote = arg.raw.startsWith("'") ? "'" : '"';
      ctx.report({
        file: d.file,
        range: arg.range,
        message:
          age === null
            ? `the Strict-Transport-Security value "${arg.text}" has no valid max-age: browsers ignore the header`
            : `HSTS max-age=${age} (${describe(age)}) is shorter than the ${ctx.profile.name} profile's ${min} (${describe(min)})`,
        fixes: fix(`Set max-age=${min}`, 'suggestion', [{ file: d.file, range: arg.range, newText: quote + newValue + quote }]),
      });
    }
  },
};

function describe(seconds: number): string {
  if (seconds >= 86400 * 365) return `${+(seconds / (86400 * 365)).toFixed(1)} years`;
  if (seconds >= 86400) return `${+(seconds / 86400).toFixed(1)} days`;
  return `${seconds} seconds`;
}
