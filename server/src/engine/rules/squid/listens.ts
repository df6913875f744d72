// Squid's part of listen-options-conflict: two http_port/https_port lines (in any included file) that
// listen on overlapping addresses of one port. `squid -k parse` accepts them; at start-up the later one
// fails (cache.log: "ERROR: listen(..., 5000) system call failed: (98) Address already in use") and Squid
// runs without it, so its mode and TLS settings never apply. Checked with Squid 5.7 on Linux: a port
// without address listens on [::] (both IPv4 and IPv6), so it overlaps every address of the port;
// 0.0.0.0:P overlaps every IPv4 address of P; identical addresses overlap.
// In a focused lint the ports of left-out files take part as summaries (SquidPolicy.listens): they only
// decide which port comes first; findings go to the ports of the lint.

import type { DialectCheck } from '../rule';
import { squid, squidRootFile, type SquidListen } from '../../model/squid/policy';

type Scope = 'any' | 'any4' | string;

function scopeOf(p: SquidListen): Scope {
  const h = (p.host ?? '').toLowerCase();
  if (h === '' || h === '[::]' || h === '[::0]') return 'any';
  if (h === '0.0.0.0') return 'any4';
  return h;
}

const isV4 = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s);

/**
 * The ports seen so far on one port number, indexed by scope. Two scopes overlap when they are equal,
 * when either is `any`, or when one is `any4` and the other an IPv4 address; so the first earlier port
 * that overlaps a new one is the earliest of a few candidates, found without a scan over every port.
 */
class PortListeners {
  private count = 0;
  private first?: { at: number; port: SquidListen };
  private firstV4?: { at: number; port: SquidListen };
  private readonly byScope = new Map<Scope, { at: number; port: SquidListen }>();

  add(p: SquidListen): void {
    const entry = { at: this.count++, port: p };
    const scope = scopeOf(p);
    this.first ??= entry;
    if (!this.byScope.has(scope)) this.byScope.set(scope, entry);
    if (!this.firstV4 && isV4(scope)) this.firstV4 = entry;
  }

  firstOverlapping(scope: Scope): SquidListen | undefined {
    if (scope === 'any') return this.first?.port;
    const candidates = [this.byScope.get(scope), this.byScope.get('any')];
    if (scope === 'any4') candidates.push(this.firstV4);
    else if (isV4(scope)) candidates.push(this.byScope.get('any4'));
    let best: { at: number; port: SquidListen } | undefined;
    for (const c of candidates) if (c && (!best || c.at < best.at)) best = c;
    return best?.port;
  }
}

export const squidListenConflict: DialectCheck = {
  ruleId: 'listen-options-conflict',
  dialect: 'squid',
  example: '# squid.conf\nhttp_port 3128\ninclude /etc/squid/conf.d/*.conf\n# conf.d/tls.conf\nhttps_port 3128 tls-cert=/etc/squid/tls/proxy.pem',
  useInstead: '# squid.conf\nhttp_port 3128\ninclude /etc/squid/conf.d/*.conf\n# conf.d/tls.conf\nhttps_port 3129 tls-cert=/etc/squid/tls/proxy.pem',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      const seen = new Map<number, PortListeners>();
      // Only ports on the numbers of this lint's ports can come before one of them (in a focused lint,
      // most of the listens are summaries of left-out files, on other numbers).
      const numbers = new Set<number>();
      for (const p of policy.ports) if (p.port !== undefined) numbers.add(p.port);
      for (const l of policy.listens) {
        if (l.port === undefined || !l.addressRange || !numbers.has(l.port)) continue;
        let listeners = seen.get(l.port);
        if (!listeners) seen.set(l.port, (listeners = new PortListeners()));
        const earlier = listeners.firstOverlapping(scopeOf(l));
        listeners.add(l);
        if (!earlier || !l.linted) continue;
        const where = (q: SquidListen) => (q.file === l.file ? q.label : `${q.label} (${q.file.split("/").pop()})`);
        ctx.report({
          file: l.file,
          range: l.addressRange,
          message: `${l.label} listens on an address ${where(earlier)} already listens on: squid -k parse accepts it, but at start-up this listen fails ("Address already in use") and Squid runs without it, so its ${l.tls ? 'TLS ' : ''}settings never apply; give it its own port`,
          related: [{ file: earlier.file, range: earlier.addressRange!, message: `${earlier.label} listens here first` }],
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
