import type { Rule } from './rule';
import { groupListWithout, groupSites, groupSpan } from './cipherSites';
import { groupByName, groupSupported, optionalPrefixSupported, type TlsGroup } from '../tls/groups';
import { fix, nginxQuote } from './helpers';
import type { Profile } from '../tls/profiles';
import type { Fix } from '../types';

/** The profile's groups as a list the target OpenSSL accepts (later groups made optional or left out). */
export function profileGroupList(profile: Profile, openssl: string): string | undefined {
  const optional = optionalPrefixSupported(openssl);
  const out: string[] = [];
  for (const n of profile.tlsCurves) {
    const grp = groupByName(n);
    if (grp && groupSupported(grp, openssl)) out.push(n);
    else if (optional) out.push('?' + n);
  }
  return out.some((x) => !x.startsWith('?')) ? out.join(':') : undefined;
}

export const weakCurves: Rule = {
  meta: {
    id: 'weak-curves',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'Key-exchange groups weaker than the profile\'s, or a list without any of the profile\'s groups.',
    docs: {
      what: 'Reports groups in `ssl_ecdh_curve` and `ssl_conf_command Groups|Curves` whose security (as OpenSSL rates it) is below the weakest group of the selected profile\'s `tls_curves` (X25519, prime256v1: 128 bits): secp192r1, secp224r1, the secp160/sect163/sect233 families, ffdhe2048. Also reports a list that contains none of the profile\'s groups. `ssl_ecdh_curve auto` (nginx\'s default) is OpenSSL\'s own list and is not reported.',
      why: 'The group decides the strength of the ephemeral key exchange that protects every session key. Groups under 128-bit security are within reach of well-funded attackers and are deprecated for TLS (RFC 8422); clients that share none of the profile\'s groups fall back to something weaker or fail.',
      example: 'ssl_ecdh_curve secp192r1:prime256v1;',
      useInstead: 'ssl_ecdh_curve X25519:prime256v1:secp384r1;',
      fix: 'Removes the weak groups, or sets the profile\'s groups (those the target OpenSSL lacks are made optional with `?` on 3.3+, else left out). Suggestions: clients limited to the removed groups lose access.',
      references: ['RFC 8422', 'RFC 9325', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
    versionDependent: true,
  },
  check(ctx) {
    const profileGroups = ctx.profile.tlsCurves.map(groupByName).filter((x): x is TlsGroup => x !== undefined);
    if (!profileGroups.length) return;
    const minBits = Math.min(...profileGroups.map((x) => x.bits));
    const openssl = ctx.settings.targets.openssl;
    const wanted = profileGroupList(ctx.profile, openssl);
    for (const site of groupSites(ctx.workspace)) {
      const file = site.directive.file;
      const setProfile: Fix[] = wanted && wanted !== site.text ? fix(`Set the ${ctx.profile.name} groups (${wanted})`, 'suggestion', [{ file, range: site.arg.range, newText: (site.quote ?? nginxQuote)(wanted) }]) : [];
      const weak = site.tokens.filter((t) => t.group && !t.removed && t.group.bits < minBits);
      const rest = weak.length ? groupListWithout(site, weak) : undefined;
      const removeWeak: Fix[] = rest !== undefined ? fix(`Remove ${weak.map((t) => t.name).join(', ')}`, 'suggestion', [{ file, range: site.arg.range, newText: (site.quote ?? nginxQuote)(rest) }]) : [];
      for (const t of weak) {
        ctx.report({
          file,
          range: groupSpan(site, t.start, t.end),
          message: `${t.name} offers about ${t.group!.bits}-bit security, below the ${ctx.profile.name} profile's groups (${ctx.profile.tlsCurves.join(', ')}: at least ${minBits} bits): a client that picks it gets a weak key exchange`,
          fixes: [...removeWeak, ...setProfile],
        });
      }
      const ids = new Set(site.tokens.filter((t) => t.group && !t.removed).map((t) => t.group!.id));
      const usable = site.tokens.some((t) => t.group && !t.removed && groupSupported(t.group, openssl));
      if (usable && !profileGroups.some((p) => ids.has(p.id)) && !site.tokens.some((t) => t.name === 'DEFAULT')) {
        ctx.report({
          file,
          range: site.arg.range,
          message: `"${site.text}" has none of the ${ctx.profile.name} profile's groups (${ctx.profile.tlsCurves.join(', ')}): clients that offer only those (most browsers send X25519 and P-256) get a slower or failed key exchange`,
          fixes: setProfile,
        });
      }
    }
  },
};
