import type { Rule } from './rule';
import { fix, insertLinesAtBlockStart, rawDirective } from './helpers';
import { serverAnchor } from './protocolSites';
import { serversWhere } from './nginxCandidates';

/** TLS http servers that accept handshakes and send no HSTS header. */
const withoutHsts = serversWhere((s) => s.kind === 'server' && s.tls && !s.rejectHandshake.value && !s.hsts);

export const hstsMissing: Rule = {
  meta: {
    id: 'hsts-missing',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'A TLS virtual host that sends no Strict-Transport-Security header.',
    docs: {
      what: 'Reports TLS servers (nginx `server` blocks with `listen … ssl`) where no `add_header Strict-Transport-Security …` is in effect at the server level.',
      why: 'Without HSTS a browser that is sent to `http://` (a typed address, an old link, an attacker stripping TLS) talks plain HTTP first. HSTS makes the browser use HTTPS for the site on its own for max-age seconds.',
      example: 'server {\n    listen 443 ssl;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    add_header Strict-Transport-Security "max-age=63072000" always;\n}',
      fix: 'Adds the header with the profile\'s max-age and `always`; when the server inherited other `add_header` lines from `http`, they are repeated too, because any `add_header` in a server stops that inheritance. A suggestion: HSTS locks browsers into HTTPS for max-age seconds.',
      references: ['RFC 6797', 'nginx add_header inheritance'],
    },
    fixable: true,
    profileDependent: true,
  },
  check(ctx) {
    const maxAge = ctx.profile.hstsMinAge;
    for (const s of withoutHsts(ctx.workspace)) {
      const at = serverAnchor(s);
      const own = s.ctx.items.some((i) => i.directive.lname === 'add_header');
      // Inherited add_header lines must be repeated, or adding one here would drop them.
      const inherited = own ? [] : s.headers.map((i) => rawDirective(ctx.workspace, i.directive));
      ctx.report({
        file: at.file,
        range: at.range,
        message: 'this TLS server sends no Strict-Transport-Security header: browsers may still be talked into plain HTTP first',
        fixes: fix(`Add "Strict-Transport-Security: max-age=${maxAge}" to this server`, 'suggestion', [
          insertLinesAtBlockStart(ctx.workspace, s.directive, [`add_header Strict-Transport-Security "max-age=${maxAge}" always;`, ...inherited]),
        ]),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};

