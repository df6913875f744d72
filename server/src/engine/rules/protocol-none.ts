import type { Rule } from './rule';
import { explicitProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { opensslSupports } from '../tls/protocols';
import { argsRange, fix, replaceArgs } from './helpers';

export const protocolNone: Rule = {
  meta: {
    id: 'protocol-none',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The resulting protocol set is empty: no handshake can succeed.',
    docs: {
      what: 'Reports a protocol directive whose versions the target OpenSSL cannot negotiate at all, e.g. only `SSLv2`/`SSLv3` with OpenSSL 1.1.0 or later, or Apache `SSLProtocol -all`.',
      why: 'The server starts, but every handshake fails with "no protocols available" (clients see "unsupported protocol" or a reset).',
      example: 'ssl_protocols SSLv3;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Sets the profile\'s protocols. A suggestion: it changes the protocol set.',
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    const openssl = ctx.settings.targets.openssl;
    const wanted = ctx.profile.tlsVersions.join(' ');
    // A directive group negotiates nothing only if some directive with versions has none OpenSSL supports.
    const { server, upstream } = protocolSummary(ctx.workspace).sets;
    if (![...server, ...upstream].some((set) => set.length > 0 && !set.some((p) => opensslSupports(openssl, p)))) return;
    for (const site of explicitProtocols(ctx.workspace)) {
      if (site.tokens.length === 0 || site.group[site.group.length - 1] !== site) continue;
      if (site.group.some((g) => g.tokens.some((t) => opensslSupports(openssl, t.protocol)))) continue;
      const tokens = site.group.flatMap((g) => g.tokens);
      const d = site.directive;
      ctx.report({
        file: d.file,
        range: argsRange(d),
        message: `none of ${tokens.map((t) => t.protocol).join(', ')} can be negotiated by OpenSSL ${openssl}: every TLS handshake ${site.side === 'server' ? 'with this server' : 'to this upstream'} fails ("no protocols available")`,
        fixes: fix(`Set the ${ctx.profile.name} protocols (${wanted})`, 'suggestion', [replaceArgs(d, wanted)]),
      });
    }
  },
};
