import type { Rule } from './rule';
import { explicitProtocols, serverAnchor, serversOnDefaultProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { DEPRECATED_PROTOCOLS, legacyVersionsNeedLevel0, protocolLabel, type ProtocolName } from '../tls/protocols';
import { fix, insertLinesAtBlockStart, nginx, replaceArgs } from './helpers';
import type { NginxServer } from '../model/nginxPolicy';
import type { Directive } from '../syntax/tree';
import type { Settings } from '../settings';

/**
 * When the target OpenSSL refuses TLS 1.0/1.1 handshakes at every user's security level (OpenSSL 3 at
 * level 1 or more), say so: the versions are listed but dead until someone lowers `@SECLEVEL`.
 */
function refusedNote(servers: NginxServer[], settings: Settings): string {
  if (!servers.length || !legacyVersionsNeedLevel0(settings.targets.openssl)) return '';
  const levels = [...new Set(servers.map((s) => s.suites.securityLevel))];
  if (levels.some((l) => l < 1)) return '';
  return `; the target OpenSSL ${settings.targets.openssl} refuses these handshakes at security level ${levels.join('/')} (only @SECLEVEL=0 in ssl_ciphers allows them), so they are dead until the level is lowered`;
}

export const protocolDeprecated: Rule = {
  meta: {
    id: 'protocol-deprecated',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'TLS 1.0 or 1.1 enabled, explicitly or by a version-dependent default.',
    docs: {
      what: 'Reports TLS 1.0 and TLS 1.1 when the selected profile does not include them, whether listed explicitly or enabled by the server\'s default (nginx enabled them by default until 1.27.3).',
      why: 'RFC 8996 deprecates TLS 1.0 and 1.1: they rely on SHA-1 and MD5 in the handshake and lack AEAD suites. Browsers no longer offer them, and OpenSSL 3 refuses them at its default security level, so keeping them only serves clients that should be upgraded. The `old` profile still allows them for legacy clients.',
      example: 'ssl_protocols TLSv1 TLSv1.1 TLSv1.2;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Sets the profile\'s protocols. A suggestion: very old clients lose access.',
      references: ['RFC 8996', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
    versionDependent: true,
  },
  check(ctx) {
    const allowed = new Set(ctx.profile.tlsVersions);
    const wanted = ctx.profile.tlsVersions.join(' ');
    const isFlagged = (p: ProtocolName) => DEPRECATED_PROTOCOLS.has(p) && !allowed.has(p);
    // TLS servers per ssl_protocols directive they take their versions from (one pass: a hosting tree has
    // as many directives as servers), built when a directive first needs them.
    let usersByDirective: Map<Directive, NginxServer[]> | undefined;
    const usersOf = (d: Directive) => {
      if (!usersByDirective) {
        usersByDirective = new Map();
        for (const s of nginx(ctx.workspace).servers) {
          if (!s.tls) continue;
          for (const i of new Set(s.protocols.items ?? [])) {
            const list = usersByDirective.get(i.directive);
            if (list) list.push(s);
            else usersByDirective.set(i.directive, [s]);
          }
        }
      }
      return usersByDirective.get(d) ?? [];
    };
    const explicit = protocolSummary(ctx.workspace).sets.server.some((set) => set.some(isFlagged)) ? explicitProtocols(ctx.workspace) : [];
    for (const site of explicit) {
      if (site.side !== 'server') continue;
      const flagged = site.tokens.filter((x) => isFlagged(x.protocol));
      if (!flagged.length) continue;
      const d = site.directive;
      const note = refusedNote(usersOf(d), ctx.settings);
      for (const t of flagged) {
        ctx.report({
          file: d.file,
          range: t.range,
          message: `${protocolLabel(t.protocol)} is enabled: deprecated by RFC 8996 and outside the ${ctx.profile.name} profile (${wanted})${note}`,
          fixes: fix(`Set the ${ctx.profile.name} protocols (${wanted})`, 'suggestion', [replaceArgs(d, wanted)]),
        });
      }
    }
    for (const s of serversOnDefaultProtocols(ctx.workspace)) {
      const flagged = s.protocols.value.filter((p) => isFlagged(p as ProtocolName));
      if (!flagged.length) continue;
      const at = serverAnchor(s);
      ctx.report({
        file: at.file,
        range: at.range,
        message: `no ssl_protocols is set, so the ${s.protocols.defaultNote} applies (${s.protocols.value.join(' ')}; target nginx ${ctx.settings.targets.nginx}): ${flagged.map((p) => protocolLabel(p as ProtocolName)).join(' and ')} stay enabled, deprecated by RFC 8996${refusedNote([s], ctx.settings)}`,
        fixes: fix(`Add "ssl_protocols ${wanted};" to this server`, 'suggestion', [insertLinesAtBlockStart(ctx.workspace, s.directive, [`ssl_protocols ${wanted};`])]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
