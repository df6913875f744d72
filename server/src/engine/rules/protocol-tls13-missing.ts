import type { Rule } from './rule';
import { explicitProtocols, serverAnchor, serversOnDefaultProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { opensslSupports } from '../tls/protocols';
import { fix, insertAfter, insertLinesAtBlockStart } from './helpers';

export const protocolTls13Missing: Rule = {
  meta: {
    id: 'protocol-tls13-missing',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'TLS 1.3 not enabled where the profile includes it.',
    docs: {
      what: 'Reports a server-side protocol set without TLS 1.3 when the selected profile includes it and the target OpenSSL (1.1.1 or later) supports it.',
      why: 'TLS 1.3 needs one round trip less, always has forward secrecy and offers only AEAD suites. Without it, modern clients fall back to TLS 1.2.',
      example: 'ssl_protocols TLSv1.2;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Adds TLS 1.3 to the list. A suggestion: it changes the protocol set.',
      references: ['RFC 8446', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
    versionDependent: true,
  },
  check(ctx) {
    if (!ctx.profile.tlsVersions.includes('TLSv1.3') || !opensslSupports(ctx.settings.targets.openssl, 'TLSv1.3')) return;
    // A directive group lacks TLS 1.3 only if some directive with versions lacks it.
    const explicit = protocolSummary(ctx.workspace).sets.server.some((set) => set.length > 0 && !set.includes('TLSv1.3')) ? explicitProtocols(ctx.workspace) : [];
    for (const site of explicit) {
      if (site.side !== 'server' || site.tokens.length === 0) continue;
      // Several ssl_protocols in one block add up: report once, on the last, when none has TLS 1.3.
      if (site.group.some((g) => g.tokens.some((t) => t.protocol === 'TLSv1.3')) || site.group[site.group.length - 1] !== site) continue;
      const d = site.directive;
      const last = d.args[d.args.length - 1];
      ctx.report({
        file: d.file,
        range: { start: d.args[0].range.start, end: last.range.end },
        message: `TLS 1.3 is not enabled (${d.args.map((a) => a.text).join(' ')}), although the ${ctx.profile.name} profile includes it`,
        fixes: fix('Add TLSv1.3', 'suggestion', [insertAfter(d.file, last.range, ' TLSv1.3')]),
      });
    }
    for (const s of serversOnDefaultProtocols(ctx.workspace)) {
      if (s.protocols.value.includes('TLSv1.3')) continue;
      const at = serverAnchor(s);
      const wanted = ctx.profile.tlsVersions.join(' ');
      ctx.report({
        file: at.file,
        range: at.range,
        message: `no ssl_protocols is set and the ${s.protocols.defaultNote} (${s.protocols.value.join(' ')}; target nginx ${ctx.settings.targets.nginx}) lacks TLS 1.3`,
        fixes: fix(`Add "ssl_protocols ${wanted};" to this server`, 'suggestion', [insertLinesAtBlockStart(ctx.workspace, s.directive, [`ssl_protocols ${wanted};`])]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
