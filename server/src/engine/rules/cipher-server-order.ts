import type { Rule } from './rule';
import { fix, insertLinesAtBlockStart, nginxDirectives, replaceArgs } from './helpers';
import type { Directive } from '../syntax/tree';
import { serversWhere } from './nginxCandidates';

/** TLS servers that accept handshakes and leave ssl_prefer_server_ciphers at its default. */
const onDefaultOrder = serversWhere((s) => s.tls && !s.rejectHandshake.value && !s.preferServerCiphers.item);

export const cipherServerOrder: Rule = {
  meta: {
    id: 'cipher-server-order',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'The server cipher-preference setting differs from the profile\'s.',
    docs: {
      what: 'Reports `ssl_prefer_server_ciphers` (nginx) or `SSLHonorCipherOrder` (Apache) set differently from the selected profile: Mozilla\'s modern and intermediate profiles let the client choose (all their suites are strong, and clients know whether they have AES hardware); the old profile makes the server choose, to keep weak legacy suites last.',
      why: 'With only strong suites enabled, client preference gives mobile clients without AES hardware ChaCha20, which is faster for them. With legacy suites enabled, server preference keeps clients from picking the weakest one.',
      example: 'ssl_prefer_server_ciphers on;   # intermediate profile',
      useInstead: 'ssl_prefer_server_ciphers off;',
      fix: 'Sets the directive as the profile says. Safe: it changes which common suite is picked, not whether a handshake succeeds.',
      references: ['Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    const want = ctx.profile.serverPreferredOrder;
    const wantText = want ? 'on' : 'off';
    const seen = new Set<Directive>();
    const directives = nginxDirectives(ctx.workspace, ['ssl_prefer_server_ciphers']);
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i];
      const on = (d.args[0]?.text ?? '').toLowerCase() === 'on';
      if (on === want) continue;
      seen.add(d);
      ctx.report({
        file: d.file,
        range: d.args[0]?.range ?? d.range,
        message: `ssl_prefer_server_ciphers is ${on ? 'on' : 'off'}; the ${ctx.profile.name} profile says ${wantText} (${want ? 'the server picks the suite' : 'the client picks among strong suites'})`,
        fixes: fix(`Set ssl_prefer_server_ciphers ${wantText}`, 'safe', [replaceArgs(d, wantText)]),
      });
    }
    if (!want) return;
    // The old profile wants server order, and nginx's default is off: point at TLS servers relying on it.
    for (const s of onDefaultOrder(ctx.workspace)) {
      ctx.report({
        file: s.directive.file,
        range: s.directive.nameRange,
        message: `ssl_prefer_server_ciphers is off by default; the ${ctx.profile.name} profile wants the server to pick the suite`,
        fixes: fix('Add "ssl_prefer_server_ciphers on;" to this server', 'safe', [insertLinesAtBlockStart(ctx.workspace, s.directive, ['ssl_prefer_server_ciphers on;'])]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
