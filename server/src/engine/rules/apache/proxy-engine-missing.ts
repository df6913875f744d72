import type { Rule } from '../rule';
import { fix } from '../helpers';
import { apache, insertIntoVhost, once } from './helpers';

export const proxyEngineMissing: Rule = {
  meta: {
    id: 'proxy-engine-missing',
    defaultSeverity: 'error',
    dialects: ['apache'],
    description: 'Apache `ProxyPass … https://` without `SSLProxyEngine on`.',
    docs: {
      what: 'Reports `ProxyPass`, `ProxyPassMatch` and `BalancerMember` with an `https://` (or `wss://`, `h2://`) backend in a virtual host where `SSLProxyEngine on` is not in effect (mod_ssl default: off).',
      why: 'Without SSLProxyEngine, mod_proxy cannot speak TLS to the backend: every proxied request fails with 500 and "SSL Proxy requested for … but not enabled [Hint: SSLProxyEngine]" in the error log. `apache2 -t` does not notice it.',
      example: '<VirtualHost *:443>\n    ProxyPass /api https://backend.internal/\n</VirtualHost>',
      useInstead: '<VirtualHost *:443>\n    SSLProxyEngine on\n    ProxyPass /api https://backend.internal/\n</VirtualHost>',
      fix: 'Adds `SSLProxyEngine on` to the virtual host. Safe; review the SSLProxyVerify settings too (proxy-verify-off).',
      references: ['httpd mod_ssl: SSLProxyEngine', 'httpd mod_proxy: ProxyPass'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const first = once();
    for (const v of apache(ctx.workspace).vhosts) {
      if (v.proxy.engine.value) continue;
      for (const pass of v.proxy.httpsPasses) {
        const d = pass.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        ctx.report({
          file: d.file,
          range: pass.urlArg.range,
          message: `${d.name} to ${pass.url} without SSLProxyEngine on${v.proxy.engine.item ? ' (it is off here)' : ' (mod_ssl default: off)'}: every request to this backend fails with 500 ("SSL Proxy requested … but not enabled")`,
          fixes: fix('Add "SSLProxyEngine on" to this virtual host', 'safe', [insertIntoVhost(ctx.workspace, v, ['SSLProxyEngine on'])]),
          rootFile: v.root.fragment ? undefined : v.root.file,
        });
      }
    }
  },
};
