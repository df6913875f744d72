// Squid's part of listen-options-conflict: two http_port/https_port lines (in any included file) that
// listen on overlapping addresses of one port. `squid -k parse` accepts them; at start-up the later one
// fails (cache.log: "ERROR: listen(..., 5000) system call failed: (98) Address already in use") and Squid
// runs without it, so its mode and TLS settings never apply. Checked with Squid 5.7 on Linux: a port
// without address listens on [::] (both IPv4 and IPv6), so it overlaps every address of the port;
// 0.0.0.0:P overlaps every IPv4 address of P; identical addresses overlap.

import type { DialectCheck } from '../rule';
import { squid, squidRootFile, type SquidPort } from '../../model/squid/policy';

type Scope = 'any' | 'any4' | string;

function scopeOf(p: SquidPort): Scope {
  const h = (p.host ?? '').toLowerCase();
  if (h === '' || h === '[::]' || h === '[::0]') return 'any';
  if (h === '0.0.0.0') return 'any4';
  return h;
}

const isV4 = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s);

function overlaps(a: Scope, b: Scope): boolean {
  if (a === b || a === 'any' || b === 'any') return true;
  if (a === 'any4') return isV4(b);
  if (b === 'any4') return isV4(a);
  return false;
}

export const squidListenConflict: DialectCheck = {
  ruleId: 'listen-options-conflict',
  dialect: 'squid',
  example: '# squid.conf\nhttp_port 3128\ninclude /etc/squid/conf.d/*.conf\n# conf.d/tls.conf\nhttps_port 3128 tls-cert=/etc/squid/tls/proxy.pem',
  useInstead: '# squid.conf\nhttp_port 3128\ninclude /etc/squid/conf.d/*.conf\n# conf.d/tls.conf\nhttps_port 3129 tls-cert=/etc/squid/tls/proxy.pem',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      const seen: SquidPort[] = [];
      for (const p of policy.ports) {
        if (p.port === undefined || !p.address) continue;
        const earlier = seen.find((q) => q.port === p.port && overlaps(scopeOf(q), scopeOf(p)));
        seen.push(p);
        if (!earlier) continue;
        const where = (q: SquidPort) => (q.directive.file === p.directive.file ? q.label : `${q.label} (${q.directive.file.split("/").pop()})`);
        ctx.report({
          file: p.directive.file,
          range: p.address.range,
          message: `${p.label} listens on an address ${where(earlier)} already listens on: squid -k parse accepts it, but at start-up this listen fails ("Address already in use") and Squid runs without it, so its ${p.tls ? 'TLS ' : ''}settings never apply; give it its own port`,
          related: [{ file: earlier.directive.file, range: earlier.address!.range, message: `${earlier.label} listens here first` }],
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
