import type { Rule } from './rule';
import { fix, insertAfter, nginx } from './helpers';
import { socketsOf, socketLabel, type Socket } from '../model/sockets';

export const listenSslMissing: Rule = {
  meta: {
    id: 'listen-ssl-missing',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A server with certificates listens on 443 (or another TLS port) without `ssl`; Apache: a vhost without SSLEngine on an address:port other vhosts serve TLS on.',
    docs: {
      what: 'Reports a `listen` on port 443, or on an address:port another server of the same configuration (in any included file) serves with `ssl`, without the `ssl` parameter, in a server that has certificates in effect. Apache httpd: reports a vhost without `SSLEngine on` on an address:port where another vhost has it (vhosts on 443 and on `Listen … https` ports are vhost-ssl-engine-missing\'s). mod_ssl decides TLS or plain HTTP per connection from the address\'s first vhost (checked with a real httpd): when that one has SSLEngine on, the plain vhost is reached over TLS with no TLS settings of its own; when it has not, the TLS vhosts answer their clients in plain HTTP.',
      why: 'Without `ssl` the socket speaks plain HTTP: TLS clients get an HTTP 400 page in reply to their ClientHello and fail with "wrong version number" (OpenSSL) or "SSL_ERROR_RX_RECORD_TOO_LONG" (Firefox). On a port shared with a TLS server, nginx applies `ssl` to the whole socket anyway, which hides the mistake until that other server goes.',
      example: 'server {\n    listen 443;\n    ssl_certificate     example.crt;\n    ssl_certificate_key example.key;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    ...\n}',
      fix: 'Adds `ssl` after the listen address. Safe: it is what the certificates are there for.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    // Sockets (exact address:port, across all files of a root) some server declares TLS on.
    // Built when a listen without ssl first needs it: in most trees every listen of a server with
    // certificates has it.
    let tlsSockets: Map<unknown, Socket> | undefined;
    const tlsSocketOf = (l: unknown) => {
      if (!tlsSockets) {
        tlsSockets = new Map();
        for (const sock of socketsOf(ctx.workspace, 'nginx')) if (sock.tls) for (const h of sock.linted) if (h.nginxListen) tlsSockets.set(h.nginxListen, sock);
      }
      return tlsSockets.get(l);
    };
    const { servers } = nginx(ctx.workspace);
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i];
      if (s.kind !== 'server' || s.sslOn || s.certificates.length === 0) continue;
      const listens = s.listens;
      for (let j = 0; j < listens.length; j++) {
        const l = listens[j];
        if (l.ssl || l.quic || l.port === null) continue;
        const shared = tlsSocketOf(l);
        if (l.port !== 443 && !shared) continue;
        const other = shared?.hosts.find((h) => h.declaresTls);
        const d = l.item.directive;
        ctx.report({
          file: d.file,
          range: l.addressRange,
          message: !shared
            ? `"listen ${l.address}" has no "ssl" although this server has certificates: port ${l.port} then speaks plain HTTP and TLS clients fail with "wrong version number"`
            : `"listen ${l.address}" has no "ssl", but ${other?.label ?? 'another server'} serves TLS on ${socketLabel(shared)}: nginx makes the whole socket TLS, so say it here too (the day that server goes, this one answers TLS clients in plain HTTP)`,
          related: other && other.listen.directive !== d ? [{ file: other.listen.directive.file, range: other.listen.range, message: `${other.label} declares ssl on this socket` }] : undefined,
          fixes: fix('Add "ssl" to this listen', 'safe', [insertAfter(d.file, l.addressRange, ' ssl')]),
          rootFile: s.root.fragment ? undefined : s.root.file,
        });
      }
    }
  },
};
