import type { Rule } from './rule';
import { fix, insertLinesAfter, nginxDirectives, replaceArgs } from './helpers';
import type { Directive } from '../syntax/tree';
import type { TextEdit } from '../types';
import { upstreamsWhere } from './nginxCandidates';

/** The system CA bundle on Debian and Ubuntu (also what Node's root store mirrors). */
/** Upstreams whose certificate is not verified. */
const unverified = upstreamsWhere((u) => !u.verify.value);

export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export const proxyVerifyOff: Rule = {
  meta: {
    id: 'proxy-verify-off',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'Upstream TLS without certificate verification.',
    docs: {
      what: 'Reports upstream TLS whose peer certificate is not verified: nginx `proxy_ssl_verify` off (the default) for `proxy_pass https://…` (likewise grpc/uwsgi and stream), Apache `SSLProxyVerify none` / `SSLProxyCheckPeerName off`, Squid `DONT_VERIFY_PEER`.',
      why: 'Without verification, anyone on the path to the upstream can present any certificate and read or change the traffic: the TLS only protects against passive eavesdropping.',
      example: 'proxy_pass https://backend.internal;',
      useInstead: 'proxy_pass https://backend.internal;\nproxy_ssl_verify on;\nproxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;\nproxy_ssl_server_name on;',
      fix: 'Turns verification on and, when no CA file is set, names the system CA bundle. A suggestion: upstreams with private or self-signed certificates need their own CA file.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<Directive>();
    const ws = ctx.workspace;
    for (const u of unverified(ws)) {
      const explicit = u.verify.item;
      const d = explicit ? explicit.directive : u.item.directive;
      if (seen.has(d)) continue;
      seen.add(d);
      const verifyName = u.prefix + 'verify';
      const caName = u.prefix + 'trusted_certificate';
      const edits: TextEdit[] = [];
      if (explicit) edits.push(replaceArgs(explicit.directive, 'on'));
      const add: string[] = explicit ? [] : [`${verifyName} on;`];
      if (!u.trusted) add.push(`${caName} ${SYSTEM_CA_BUNDLE};`);
      if (add.length) edits.push(insertLinesAfter(ws, explicit ? explicit.directive : u.item.directive, add));
      ctx.report({
        file: d.file,
        range: explicit ? explicit.directive.args[0]?.range ?? d.range : u.item.directive.args[0].range,
        message: explicit
          ? `"${verifyName} off": the certificate of upstream "${u.host}" is not checked, so anyone on the path can impersonate it`
          : `the certificate of upstream "${u.host}" is not checked (${verifyName} is off by default): anyone on the path can impersonate it`,
        fixes: fix(`Turn ${verifyName} on${u.trusted ? '' : ' with the system CA bundle'}`, 'suggestion', edits),
      });
    }
    // An explicit `proxy_ssl_verify off` where no TLS upstream uses it (e.g. in a shared snippet) is still worth a word.
    for (const d of nginxDirectives(ws, ['proxy_ssl_verify', 'grpc_ssl_verify', 'uwsgi_ssl_verify'])) {
      if (seen.has(d) || (d.args[0]?.text ?? '').toLowerCase() !== 'off') continue;
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: `"${d.name} off": upstream certificates are not checked where this applies, so anyone on the path can impersonate the upstream`,
        fixes: fix(`Set ${d.name} on`, 'suggestion', [replaceArgs(d, 'on')]),
      });
    }
  },
};
