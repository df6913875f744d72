import type { Rule } from '../rule';
import { apache } from './helpers';
import { vhostLabel, type VhostAddress } from '../../model/apache/policy';
import { apacheLoadOrder, apachePhantomVhosts } from '../../model/apache/focus';
import type { RootContext } from '../../model/workspace';
import type { Directive } from '../../syntax/tree';

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
    const ws = ctx.workspace;
    // One pass over the TLS vhosts (and, in a focused lint, those of left-out files), grouped per root.
    const entries: Entry[] = [];
    apache(ws).vhosts.forEach((v, i) => {
      if (v.kind === 'virtualhost' && v.tls) entries.push({ root: v.root, addresses: v.addresses, strictSni: v.strictSni.value, label: vhostLabel(v), directive: v.directive, order: apacheLoadOrder(ws, v, i) });
    });
    const phantoms = apachePhantomVhosts(ws).filter((p) => p.tls);
    for (const p of phantoms) entries.push({ root: p.root, addresses: p.summary.addresses, strictSni: p.summary.strictSni, label: p.summary.label, directive: p.summary.block, order: p.order });
    if (phantoms.length) entries.sort((a, b) => a.order - b.order);
    const byRoot = new Map<RootContext, Map<string, Entry[]>>();
    for (const e of entries) {
      let groups = byRoot.get(e.root);
      if (!groups) byRoot.set(e.root, (groups = new Map()));
      for (const a of e.addresses) {
        const k = key(a.host, a.port);
        const g = groups.get(k);
        // A vhost's addresses come together: it is in the group already only if it was the last added.
        if (!g) groups.set(k, [e]);
        else if (g[g.length - 1] !== e) g.push(e);
      }
    }
    for (const root of ws.roots) {
      for (const [addr, list] of byRoot.get(root) ?? []) {
        if (list.length < 2) continue;
        const first = list[0];
        if (first.strictSni) continue;
        ctx.report({
          file: first.directive.file,
          range: first.directive.nameRange,
          message: `${list.length} TLS virtual hosts share ${addr} and SSLStrictSNIVHostCheck is off: clients without SNI get ${first.label} and may then ask for the other names; every client of the ${ctx.profile.name} profile sends SNI, so set SSLStrictSNIVHostCheck on`,
          related: list.slice(1).map((v) => ({ file: v.directive.file, range: v.directive.nameRange, message: v.label })),
          rootFile: root.fragment ? undefined : root.file,
        });
      }
    }
  },
};

/** A TLS vhost as this rule groups it (a real one, or one of a file a focused lint left out). */
interface Entry {
  root: RootContext;
  addresses: VhostAddress[];
  strictSni: boolean;
  label: string;
  directive: Directive;
  order: number;
}
