import type { Rule } from './rule';
import { sockets, socketLabel, type Socket } from '../model/sockets';
import { firstTwin } from './socketTwins';
import { certName, checkableServerName, uncoveredParts, type ServerCertificate } from './certificateSites';
import { certificatesByServer, namesOf } from './certificateGroups';

/**
 * Names of the socket's other hosts (not the default's block, not refusing handshakes) that none of the
 * default's certificates covers: the first four, and how many.
 */
function uncoveredNames(s: Socket, own: ServerCertificate[]): { shown: string[]; count: number } {
  const d = s.default;
  const ownNames = own.map((c) => namesOf(c.leaf));
  const shown: string[] = [];
  let count = 0;
  const seen = new Set<string>();
  for (const h of s.hosts) {
    if (h.block === d.block || h.nginx?.rejectHandshake.value) continue;
    for (const n of h.names) {
      if (!checkableServerName(n.name)) continue;
      const lower = n.name.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      if (ownNames.every((names) => uncoveredParts(n.name, names).length > 0) && count++ < 4) shown.push(n.name);
    }
  }
  return { shown, count };
}

export const sniDefaultCertMismatch: Rule = {
  meta: {
    id: 'sni-default-cert-mismatch',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'The default virtual host\'s certificate does not cover names of the other hosts on its socket: clients that reach them without SNI get a mismatched certificate.',
    docs: {
      what: 'On every socket with several TLS virtual hosts, takes the default host (the one marked `default_server`, else the first loaded) and checks whether its certificates cover the names of the other hosts on the socket. Those names are served correctly only to clients that send SNI; everything else (clients without SNI, health checks by IP, some old libraries and embedded devices) gets the default host\'s certificate. Apache httpd: the default is the first vhost loaded for the address:port; with `SSLStrictSNIVHostCheck on` in that vhost clients without SNI are refused instead, so nothing is reported then. Squid has no SNI virtual hosts (an address:port belongs to one http_port/https_port), so the rule does not apply to it.',
      why: 'A catch-all host with a self-signed or unrelated certificate is a common setup, and it is fine when every client sends SNI. When some do not, they fail with a name mismatch on names that look correctly configured. A default certificate that covers the names (or `ssl_reject_handshake on` in a catch-all, so that unknown names fail fast and visibly) removes the surprise.',
      example: 'server { listen 443 ssl default_server; server_name _; ssl_certificate snakeoil.crt; ... }\nserver { listen 443 ssl; server_name shop.example.com; ssl_certificate shop.crt; ... }',
      useInstead: 'server { listen 443 ssl default_server; ssl_reject_handshake on; }\nserver { listen 443 ssl; server_name shop.example.com; ssl_certificate shop.crt; ... }',
      references: ['RFC 6066 §3', 'nginx: ssl_reject_handshake (1.19.4)'],
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const byServer = certificatesByServer(ctx);
    // The names the default's certificates miss depend on the hosts alone: a dual-stack twin socket
    // has the same ones.
    const known = new Map<Socket, { shown: string[]; count: number }>();
    for (const s of sockets(ctx.workspace)) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http') continue;
      const d = s.default;
      if (!d.nginx || d.nginx.rejectHandshake.value) continue;
      const own = byServer.get(d.nginx);
      if (!own?.length) continue;
      const twin = firstTwin(ctx.workspace, s);
      let uncovered = known.get(twin);
      if (!uncovered) {
        uncovered = uncoveredNames(s, own);
        known.set(twin, uncovered);
      }
      const uncoveredCount = uncovered.count;
      if (!uncoveredCount) continue;
      const others: typeof s.hosts = [];
      for (const h of s.hosts) {
        if (h.block === d.block) continue;
        others.push(h);
        if (others.length === 8) break;
      }
      const shown = uncovered.shown.join(', ') + (uncoveredCount > 4 ? ` and ${uncoveredCount - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)}${s.defaultIsExplicit ? '' : ' (first loaded)'}, and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${uncoveredCount > 1 ? 'those names' : 'that name'} without SNI get a name mismatch${d.names.every((n) => !checkableServerName(n.name)) ? '; for a catch-all, "ssl_reject_handshake on" makes unknown names fail at once' : ''}`,
        related: others.map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same socket` })),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
