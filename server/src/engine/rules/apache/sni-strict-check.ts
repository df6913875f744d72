import type { Rule } from '../rule';
import { apache } from './helpers';
import { vhostLabel, type ApacheVhost } from '../../model/apache/policy';

/** The address:port key of a vhost address (`*` and `_default_` hosts are one wildcard). */
function key(host: string, port: number | null): string {
  return `${host === '_default_' ? '*' : host.toLowerCase()}:${port ?? '*'}`;
}

export const sniStrictCheck: Rule = {
  meta: {
    id: 'sni-strict-check',
    defaultSeverity: 'info',
    dialects: ['apache'],
    description: 'Apache name-based TLS virtual hosts without `SSLStrictSNIVHostCheck on` where the profile needs no non-SNI clients.',
    docs: {
      what: 'Reports an address:port shared by several TLS virtual hosts (name-based TLS) when `SSLStrictSNIVHostCheck on` is not in effect for the first (default) of them, under the `modern` and `intermediate` profiles: every client those profiles support sends SNI. The `old` profile still serves clients without SNI (Windows XP, Java 6), so it is not reported there.',
      why: 'With the check off, a client that sends no SNI is served by the first virtual host of the address with its certificate and settings, and can then send requests for the other names: access rules that rely on the TLS virtual host (client certificates, stricter ciphers) can be bypassed, and misconfigured clients fail late with a certificate name error instead of a clear handshake failure.',
      example: '<VirtualHost *:443>\n    ServerName a.example.com\n    SSLEngine on\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName b.example.com\n    SSLEngine on\n</VirtualHost>',
      useInstead: 'SSLStrictSNIVHostCheck on\n<VirtualHost *:443>\n    ServerName a.example.com\n    SSLEngine on\n</VirtualHost>\n…',
      references: ['httpd mod_ssl: SSLStrictSNIVHostCheck', 'Mozilla Server Side TLS (client support per profile)'],
    },
    fixable: false,
    profileDependent: true,
  },
  check(ctx) {
    if (ctx.profile.name === 'old') return;
    for (const root of ctx.workspace.roots) {
      const groups = new Map<string, ApacheVhost[]>();
      for (const v of apache(ctx.workspace).vhosts) {
        if (v.root !== root || v.kind !== 'virtualhost' || !v.tls) continue;
        for (const a of v.addresses) {
          const k = key(a.host, a.port);
          const g = groups.get(k) ?? [];
          if (!g.includes(v)) g.push(v);
          groups.set(k, g);
        }
      }
      for (const [addr, list] of groups) {
        if (list.length < 2) continue;
        const first = list[0];
        if (first.strictSni.value) continue;
        ctx.report({
          file: first.directive.file,
          range: first.directive.nameRange,
          message: `${list.length} TLS virtual hosts share ${addr} and SSLStrictSNIVHostCheck is off: clients without SNI get ${vhostLabel(first)} and may then ask for the other names; every client of the ${ctx.profile.name} profile sends SNI, so set SSLStrictSNIVHostCheck on`,
          related: list.slice(1).map((v) => ({ file: v.directive.file, range: v.directive.nameRange, message: vhostLabel(v) })),
          rootFile: root.fragment ? undefined : root.file,
        });
      }
    }
  },
};
