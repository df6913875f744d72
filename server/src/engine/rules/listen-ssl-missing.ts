import type { Rule } from './rule';
import { fix, insertAfter, nginx } from './helpers';
import { skippedTlsPorts } from '../model/focus';

export const listenSslMissing: Rule = {
  meta: {
    id: 'listen-ssl-missing',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A server with certificates listens on 443 (or another TLS port) without `ssl`.',
    docs: {
      what: 'Reports a `listen` on port 443, or on a port another server of the same configuration serves with `ssl`, without the `ssl` parameter, in a server that has certificates in effect.',
      why: 'Without `ssl` the socket speaks plain HTTP: TLS clients get an HTTP 400 page in reply to their ClientHello and fail with "wrong version number" (OpenSSL) or "SSL_ERROR_RX_RECORD_TOO_LONG" (Firefox). On a port shared with a TLS server, nginx applies `ssl` to the whole socket anyway, which hides the mistake until that other server goes.',
      example: 'server {\n    listen 443;\n    ssl_certificate     example.crt;\n    ssl_certificate_key example.key;\n}',
      useInstead: 'server {\n    listen 443 ssl;\n    ...\n}',
      fix: 'Adds `ssl` after the listen address. Safe: it is what the certificates are there for.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const { servers } = nginx(ctx.workspace);
    // Ports some server of a root serves with TLS, per root.
    const tlsPorts = new Map<string, Set<number>>();
    for (const s of servers) {
      for (const l of s.listens) {
        if (l.ssl && l.port !== null) {
          const set = tlsPorts.get(s.root.file) ?? new Set<number>();
          set.add(l.port);
          tlsPorts.set(s.root.file, set);
        }
      }
    }
    // Servers a focused lint left out still share their ports.
    for (const [root, set] of tlsPorts) for (const p of skippedTlsPorts(ctx.workspace, root)) set.add(p);
    for (const root of ctx.workspace.skipped.keys()) if (!tlsPorts.has(root)) tlsPorts.set(root, new Set(skippedTlsPorts(ctx.workspace, root)));
    for (const s of servers) {
      if (s.kind !== 'server' || s.sslOn || s.certificates.length === 0) continue;
      for (const l of s.listens) {
        if (l.ssl || l.quic || l.port === null) continue;
        const sharedTls = tlsPorts.get(s.root.file)?.has(l.port) ?? false;
        if (l.port !== 443 && !sharedTls) continue;
        const d = l.item.directive;
        ctx.report({
          file: d.file,
          range: l.addressRange,
          message:
            l.port === 443 && !sharedTls
              ? `"listen ${l.address}" has no "ssl" although this server has certificates: port ${l.port} then speaks plain HTTP and TLS clients fail with "wrong version number"`
              : `"listen ${l.address}" has no "ssl", but another server serves TLS on port ${l.port}: nginx makes the whole socket TLS, so say it here too`,
          fixes: fix('Add "ssl" to this listen', 'safe', [insertAfter(d.file, l.addressRange, ' ssl')]),
          rootFile: s.root.fragment ? undefined : s.root.file,
        });
      }
    }
  },
};
