import type { Rule } from './rule';
import { groupSites, groupSpan, groupListWithout } from './cipherSites';
import { groupByNameIgnoringCase, groupSupported, optionalPrefixSupported } from '../tls/groups';
import { fix, nginxQuote } from './helpers';

export const curveUnsupported: Rule = {
  meta: {
    id: 'curve-unsupported',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A key-exchange group the target OpenSSL lacks, without the `?` prefix: the server fails to start.',
    docs: {
      what: 'Checks each group of `ssl_ecdh_curve` and `ssl_conf_command Groups|Curves` against the target OpenSSL (setting `targets.openssl`, default 3.0.19): names it does not know (typos, wrong case: names are case-sensitive) and groups added in later versions (`X25519MLKEM768` and the other ML-KEM groups in 3.5, `brainpoolP256r1tls13` in 3.2). From OpenSSL 3.3 a `?` prefix makes OpenSSL skip a group it does not know; such groups are not reported.',
      why: 'OpenSSL rejects the whole list when one name is unknown, so nginx stops with "SSL_CTX_set1_curves_list(...) failed" (or "SSL_CONF_cmd(...) failed") and does not start or reload. Copying a post-quantum group list from a newer guideline onto an older OpenSSL is the usual cause.',
      example: 'ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1;   # OpenSSL 3.0',
      useInstead: 'ssl_ecdh_curve X25519:prime256v1;   # OpenSSL < 3.3\nssl_ecdh_curve ?X25519MLKEM768:X25519:prime256v1;   # OpenSSL 3.3, 3.4',
      fix: 'Prefixes the group with `?` when the target OpenSSL is 3.3 or later, otherwise removes it from the list. Safe: the group could not be used anyway, and the server starts again.',
      references: ['OpenSSL SSL_CTX_set1_groups_list(3)', 'nginx ssl_ecdh_curve'],
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    const openssl = ctx.settings.targets.openssl;
    const optional = optionalPrefixSupported(openssl);
    for (const site of groupSites(ctx.workspace)) {
      for (const t of site.tokens) {
        if (t.name === 'DEFAULT' && t.group === undefined) continue;
        const badPrefix = t.optional && !optional;
        const supported = t.group !== undefined && groupSupported(t.group, openssl);
        if (!badPrefix && (supported || t.optional)) continue;
        const range = groupSpan(site, t.start, t.end);
        const exact = range !== site.arg.range;
        const edits = [];
        let title = '';
        let why: string;
        if (badPrefix && supported) {
          why = `the "?" prefix of "?${t.name}" is only understood from OpenSSL 3.3; OpenSSL ${openssl} reads it as part of the name`;
          if (exact) {
            edits.push({ file: site.directive.file, range: groupSpan(site, t.elementStart, t.start), newText: '' });
            title = `Remove the "?" prefix of ${t.name}`;
          }
        } else {
          why = t.group
            ? `${t.name} needs OpenSSL ${t.group.since} or later; the target is OpenSSL ${openssl}`
            : `OpenSSL ${openssl} knows no group "${t.name}"${groupByNameIgnoringCase(t.name) ? ` (names are case-sensitive: "${groupByNameIgnoringCase(t.name)!.name}")` : ''}`;
          if (badPrefix) why += ' (the "?" prefix that would skip it is only understood from OpenSSL 3.3)';
          if (optional && exact) {
            edits.push({ file: site.directive.file, range: { start: range.start, end: range.start }, newText: '?' });
            title = `Mark ${t.name} optional ("?${t.name}")`;
          } else if (!optional) {
            const rest = groupListWithout(site, [t]);
            if (rest !== undefined && !rest.split(':').some((el) => /^[?*-]/.test(el.trim()))) {
              edits.push({ file: site.directive.file, range: site.arg.range, newText: (site.quote ?? nginxQuote)(rest) });
              title = `Remove ${t.name} from the list`;
            }
          }
        }
        ctx.report({
          file: site.directive.file,
          range,
          message: `${why}: OpenSSL rejects the whole ${site.directive.name} list, so nginx fails to start`,
          fixes: title ? fix(title, 'safe', edits) : [],
        });
      }
    }
  },
};
