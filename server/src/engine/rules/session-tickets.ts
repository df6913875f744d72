import type { Rule } from './rule';
import { fix, insertLinesAtBlockStart, nginx, replaceArgs } from './helpers';
import { serverAnchor } from './protocolSites';
import type { Directive } from '../syntax/tree';

export const sessionTickets: Rule = {
  meta: {
    id: 'session-tickets',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'Session tickets on where the profile says off.',
    docs: {
      what: 'Reports TLS servers with session tickets enabled (nginx\'s default) when the selected profile turns them off, as Mozilla\'s generated configurations do.',
      why: 'nginx encrypts tickets with a key that lives as long as the worker processes (or the `ssl_session_ticket_key` file) and is never rotated by nginx itself: whoever obtains that key can decrypt recorded TLS 1.2 sessions, which undoes forward secrecy. Session IDs with a shared cache (`ssl_session_cache shared:SSL:10m`) resume without that risk.',
      example: 'server {\n    listen 443 ssl;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    ssl_session_tickets off;\n}',
      fix: 'Sets `ssl_session_tickets off`. Safe: clients resume with session IDs instead, no handshake fails.',
      references: ['Mozilla Server Side TLS (generated configurations)', 'RFC 5077'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    if (ctx.profile.sessionTickets) return;
    const seen = new Set<Directive>();
    for (const s of nginx(ctx.workspace).servers) {
      if (!s.tls || s.rejectHandshake.value || !s.sessionTickets.value) continue;
      const item = s.sessionTickets.item;
      if (item) {
        if (seen.has(item.directive)) continue;
        seen.add(item.directive);
        ctx.report({
          file: item.directive.file,
          range: item.directive.args[0]?.range ?? item.directive.range,
          message: `session tickets are on, but the ${ctx.profile.name} profile turns them off: a leaked ticket key decrypts recorded sessions`,
          fixes: fix('Set ssl_session_tickets off', 'safe', [replaceArgs(item.directive, 'off')]),
        });
        continue;
      }
      const at = serverAnchor(s);
      ctx.report({
        file: at.file,
        range: at.range,
        message: `session tickets are on by default; the ${ctx.profile.name} profile turns them off (a leaked ticket key decrypts recorded sessions)`,
        fixes: fix('Add "ssl_session_tickets off;" to this server', 'safe', [insertLinesAtBlockStart(ctx.workspace, s.directive, ['ssl_session_tickets off;'])]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
