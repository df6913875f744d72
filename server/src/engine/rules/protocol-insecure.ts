import type { Rule } from './rule';
import { explicitProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { INSECURE_PROTOCOLS, protocolLabel } from '../tls/protocols';
import { argsRange, fix } from './helpers';
import type { TextEdit } from '../types';

export const protocolInsecure: Rule = {
  meta: {
    id: 'protocol-insecure',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'SSLv2 or SSLv3 enabled.',
    docs: {
      what: 'Reports SSL 2.0 and SSL 3.0 in a server-side protocol list.',
      why: 'SSL 2.0 and 3.0 are broken (DROWN, POODLE) and prohibited by RFC 6176 and RFC 7568. Current OpenSSL builds cannot negotiate them at all, so listing them only hides what the server really offers.',
      example: 'ssl_protocols SSLv3 TLSv1.2 TLSv1.3;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Removes the SSL tokens (or sets the profile\'s protocols when nothing would remain). A suggestion: it changes the protocol set.',
      references: ['RFC 6176', 'RFC 7568', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const profileProtocols = ctx.profile.tlsVersions.join(' ');
    if (!protocolSummary(ctx.workspace).sets.server.some((set) => set.some((p) => INSECURE_PROTOCOLS.has(p)))) return;
    for (const site of explicitProtocols(ctx.workspace)) {
      if (site.side !== 'server') continue;
      const bad = site.tokens.filter((t) => INSECURE_PROTOCOLS.has(t.protocol));
      if (!bad.length) continue;
      const d = site.directive;
      const remaining = d.args.filter((a) => !bad.some((b) => b.range === a.range));
      const edits: TextEdit[] = remaining.length
        ? [{ file: d.file, range: argsRange(d), newText: remaining.map((a) => a.raw).join(' ') }]
        : [{ file: d.file, range: argsRange(d), newText: profileProtocols }];
      for (const t of bad) {
        ctx.report({
          file: d.file,
          range: t.range,
          message: `${protocolLabel(t.protocol)} is enabled: it is broken (${t.protocol === 'SSLv3' ? 'POODLE' : 'DROWN'}) and prohibited (RFC ${t.protocol === 'SSLv3' ? '7568' : '6176'})`,
          fixes: fix(remaining.length ? `Remove ${bad.map((b) => b.protocol).join(' and ')}` : `Set the ${ctx.profile.name} protocols (${profileProtocols})`, 'suggestion', edits),
        });
      }
    }
  },
};
