import type { Rule } from './rule';
import { fix, insertLinesAfter } from './helpers';
import { serverAnchor } from './protocolSites';
import { serversWhere } from './nginxCandidates';

/** TLS servers with no certificate in effect. */
const withoutCertificate = serversWhere((s) => s.kind !== 'mail-server' && s.tls && !s.rejectHandshake.value && !s.certificates.length);

export const certMissing: Rule = {
  meta: {
    id: 'cert-missing',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A TLS listener with no certificate in effect.',
    docs: {
      what: 'Reports a TLS listener (nginx `listen … ssl`, Apache `SSLEngine on`, Squid `https_port`/`ssl-bump`) with no certificate configured or inherited. nginx servers with `ssl_reject_handshake on` are exempt: they refuse every handshake on purpose.',
      why: 'nginx refuses the configuration ("no ssl_certificate is defined for the listen … ssl directive"); older versions start and fail every handshake with "no shared cipher".',
      example: 'server {\n    listen 443 ssl;\n    server_name example.com;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    server_name example.com;\n    ssl_certificate     /etc/nginx/tls/example.com.crt;\n    ssl_certificate_key /etc/nginx/tls/example.com.key;\n}',
      fix: 'Inserts `ssl_certificate` and `ssl_certificate_key` with placeholder paths to edit. A suggestion.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const s of withoutCertificate(ctx.workspace)) {
      const at = serverAnchor(s);
      const name = s.names.find((n) => n.name && n.name !== '_' && !n.name.startsWith('~'))?.name ?? 'example.com';
      const base = name.replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9.-]/g, '_');
      const anchor = s.listens.find((l) => l.ssl || l.quic)?.item.directive ?? s.sslOn?.directive;
      ctx.report({
        file: at.file,
        range: at.range,
        message: `this ${s.kind === 'stream-server' ? 'stream server' : 'server'} accepts TLS but has no ssl_certificate in effect: nginx refuses the configuration ("no ssl_certificate is defined")`,
        fixes: anchor
          ? fix('Insert ssl_certificate and ssl_certificate_key (placeholder paths to edit)', 'suggestion', [
              insertLinesAfter(ctx.workspace, anchor, [`ssl_certificate     /etc/nginx/tls/${base}.crt;`, `ssl_certificate_key /etc/nginx/tls/${base}.key;`]),
            ])
          : [],
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
