import type { Rule } from './rule';
import { sockets, socketLabel } from '../model/sockets';
import { certName, certificateNames, checkableServerName, serverCertificates, uncoveredParts } from './certificateSites';

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
    const certs = serverCertificates(ctx);
    for (const s of sockets(ctx.workspace)) {
      if (s.dialect !== 'nginx' || !s.tls || s.protocol !== 'http') continue;
      const d = s.default;
      const others = s.hosts.filter((h) => h.block !== d.block);
      if (!others.length || !d.nginx || d.nginx.rejectHandshake.value) continue;
      const own = certs.filter((c) => c.server === d.nginx);
      if (!own.length) continue;
      const uncovered: { name: string; label: string }[] = [];
      const seen = new Set<string>();
      for (const h of others) {
        if (h.nginx?.rejectHandshake.value) continue;
        for (const n of h.names) {
          if (!checkableServerName(n.name) || seen.has(n.name.toLowerCase())) continue;
          seen.add(n.name.toLowerCase());
          if (own.every((c) => uncoveredParts(n.name, certificateNames(c.leaf)).length > 0)) uncovered.push({ name: n.name, label: h.label });
        }
      }
      if (!uncovered.length) continue;
      const shown = uncovered.slice(0, 4).map((u) => u.name).join(', ') + (uncovered.length > 4 ? ` and ${uncovered.length - 4} more` : '');
      ctx.report({
        file: d.listen.directive.file,
        range: d.listen.range,
        message: `${d.label} is the default on ${socketLabel(s)}${s.defaultIsExplicit ? '' : ' (first loaded)'}, and its certificate "${certName(own[0].leaf)}" does not cover ${shown}: clients that reach ${uncovered.length > 1 ? 'those names' : 'that name'} without SNI get a name mismatch${d.names.every((n) => !checkableServerName(n.name)) ? '; for a catch-all, "ssl_reject_handshake on" makes unknown names fail at once' : ''}`,
        related: others.slice(0, 8).map((h) => ({ file: h.listen.directive.file, range: h.listen.range, message: `${h.label} on the same socket` })),
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
