import type { Rule } from './rule';
import { fix, insertLinesAtBlockStart, replaceArgs } from './helpers';
import { serverAnchor } from './protocolSites';
import type { Directive } from '../syntax/tree';
import { effectiveItem } from '../model/nginxPolicy';
import { versionAtLeast } from '../settings';
import { serversWhere } from './nginxCandidates';

/** TLS servers that accept handshakes with session tickets on. */
const withTickets = serversWhere((s) => s.tls && !s.rejectHandshake.value && s.sessionTickets.value);

export const sessionTickets: Rule = {
  meta: {
    id: 'session-tickets',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'Session tickets on where the profile says off.',
    docs: {
      what: 'Reports TLS servers with session tickets enabled (nginx\'s default) where nginx does not rotate the ticket keys: before nginx 1.23.2, or without a shared `ssl_session_cache` (from 1.23.2 nginx rotates the keys it keeps in that shared memory). Explicit `ssl_session_ticket_key` files are left alone: their rotation is up to you. This follows Mozilla\'s generated configurations, which turn tickets off for nginx before 1.23.2.',
      why: 'Tickets are encrypted with a key that, unless rotated, lives as long as the worker processes: whoever obtains that key can decrypt every recorded TLS 1.2 session resumed with it, which undoes forward secrecy. Session IDs with a shared cache resume without that risk.',
      example: 'server {\n    listen 443 ssl;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    ssl_session_tickets off;\n}',
      fix: 'Sets `ssl_session_tickets off`. Safe: clients resume with session IDs instead (add a shared `ssl_session_cache`), no handshake fails.',
      references: ['Mozilla SSL Configuration Generator (nginx: tickets off before 1.23.2)', 'nginx 1.23.2 changes: ticket key rotation with a shared session cache', 'RFC 5077'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    if (ctx.profile.sessionTickets) return;
    const rotating = versionAtLeast(ctx.settings.targets.nginx, '1.23.2');
    const seen = new Set<Directive>();
    for (const s of withTickets(ctx.workspace)) {
      if (effectiveItem(s.ctx, 'ssl_session_ticket_key')) continue;
      const cache = effectiveItem(s.ctx, 'ssl_session_cache');
      const shared = cache?.directive.args.some((a) => a.text.startsWith('shared:')) ?? false;
      if (rotating && shared) continue;
      const why = rotating ? 'no shared ssl_session_cache is in effect, so nginx never rotates the ticket key' : `nginx ${ctx.settings.targets.nginx} never rotates the ticket key (rotation came in 1.23.2)`;
      const item = s.sessionTickets.item;
      if (item) {
        if (seen.has(item.directive)) continue;
        seen.add(item.directive);
        ctx.report({
          file: item.directive.file,
          range: item.directive.args[0]?.range ?? item.directive.range,
          message: `session tickets are on and ${why}: a leaked ticket key decrypts recorded sessions`,
          fixes: fix('Set ssl_session_tickets off', 'safe', [replaceArgs(item.directive, 'off')]),
        });
        continue;
      }
      const at = serverAnchor(s);
      ctx.report({
        file: at.file,
        range: at.range,
        message: `session tickets are on by default and ${why}: a leaked ticket key decrypts recorded sessions`,
        fixes: fix('Add "ssl_session_tickets off;" to this server', 'safe', [insertLinesAtBlockStart(ctx.workspace, s.directive, ['ssl_session_tickets off;'])]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
