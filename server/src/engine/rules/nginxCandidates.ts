// Many rules look for the few nginx servers or upstreams in a state they report. Each such rule
// registers its test when its module loads; the first rule that asks runs every registered test in one
// pass over the servers (and one over the upstreams) of the lint, instead of each rule walking
// thousands of them.

import type { Workspace } from '../model/workspace';
import type { NginxPolicies, NginxServer, NginxUpstream } from '../model/nginxPolicy';
import { nginx } from './helpers';

type Test<T> = (x: T) => boolean;

const serverTests: Test<NginxServer>[] = [];
const upstreamTests: Test<NginxUpstream>[] = [];

interface Screened {
  servers: NginxServer[][];
  upstreams: NginxUpstream[][];
}

const cache = new WeakMap<NginxPolicies, Screened>();

function screened(ws: Workspace): Screened {
  const policies = nginx(ws);
  let known = cache.get(policies);
  // A test registered after the pass (a module loaded late) makes it stale.
  if (!known || known.servers.length !== serverTests.length || known.upstreams.length !== upstreamTests.length) {
    known = { servers: screen(policies.servers, serverTests), upstreams: screen(policies.upstreams, upstreamTests) };
    cache.set(policies, known);
  }
  return known;
}

function screen<T>(all: T[], tests: Test<T>[]): T[][] {
  const out = tests.map((): T[] => []);
  for (const x of all) {
    for (let i = 0; i < tests.length; i++) if (tests[i](x)) out[i].push(x);
  }
  return out;
}

/** Register a test on nginx servers: the returned function gives the servers that pass it, in order. */
export function serversWhere(test: Test<NginxServer>): (ws: Workspace) => NginxServer[] {
  const index = serverTests.push(test) - 1;
  return (ws) => screened(ws).servers[index];
}

/** Register a test on nginx upstreams: the returned function gives the upstreams that pass it, in order. */
export function upstreamsWhere(test: Test<NginxUpstream>): (ws: Workspace) => NginxUpstream[] {
  const index = upstreamTests.push(test) - 1;
  return (ws) => screened(ws).upstreams[index];
}
