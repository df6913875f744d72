// Dual-stack configurations (`listen 443 ssl; listen [::]:443 ssl;` in every server) give two sockets
// with the same virtual hosts in the same order. A rule whose verdict depends only on the hosts (their
// blocks, servers, names and default marks), not on the socket's address, listen directives or labels,
// can judge such a pair once (naming hosts by their position): a hosting tree has thousands of hosts on
// each.

import type { Socket, VirtualHost } from '../model/sockets';
import type { Workspace } from '../model/workspace';
import { socketsOf } from '../model/sockets';

const twinCache = new WeakMap<Socket[], Map<Socket, Socket>>();

/**
 * The first socket (in sockets() order) of the same root, dialect and protocol whose hosts are the
 * same as this one's: the socket itself when there is no earlier one. `s` is one of socketsOf(ws, its
 * dialect), as the rules that ask read them.
 */
export function firstTwin(ws: Workspace, s: Socket): Socket {
  const all = socketsOf(ws, s.dialect as 'nginx' | 'apache' | 'squid');
  let twins = twinCache.get(all);
  if (!twins) {
    twins = findTwins(all);
    twinCache.set(all, twins);
  }
  return twins.get(s) ?? s;
}

function findTwins(all: Socket[]): Map<Socket, Socket> {
  const twins = new Map<Socket, Socket>();
  const firsts = new Map<string, Socket[]>();
  for (const s of all) {
    if (s.hosts.length < 2) continue;
    const key = `${s.dialect}|${s.protocol}|${s.hosts.length}`;
    const candidates = firsts.get(key);
    const twin = candidates?.find((t) => t.root === s.root && sameHosts(t.hosts, s.hosts));
    if (twin) twins.set(s, twin);
    else if (candidates) candidates.push(s);
    else firsts.set(key, [s]);
  }
  return twins;
}

function sameHosts(a: VirtualHost[], b: VirtualHost[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.block !== y.block || x.nginx !== y.nginx || x.names !== y.names || x.explicitDefault !== y.explicitDefault) return false;
  }
  return true;
}
