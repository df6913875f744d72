// A hosting tree has one `ssl_protocols` per server, nearly all alike. The protocol rules ask this
// summary (which version sets occur, per side) whether any site can concern them before visiting
// thousands of them.

import type { Workspace } from '../model/workspace';
import { PROTOCOLS, type ProtocolName } from '../tls/protocols';
import { explicitProtocols, type ExplicitProtocols } from './protocolSites';

export interface ProtocolSummary {
  /** The version sets of explicit directives of each side, as lists of versions (an empty list: no known token). */
  sets: Record<ExplicitProtocols['side'], ProtocolName[][]>;
  /** Some directive has a token that is not a version. */
  anyUnknown: boolean;
}

const cache = new WeakMap<ExplicitProtocols[], ProtocolSummary>();
const BIT = new Map<ProtocolName, number>(PROTOCOLS.map((p, i) => [p, 1 << i]));

export function protocolSummary(ws: Workspace): ProtocolSummary {
  const sites = explicitProtocols(ws);
  let summary = cache.get(sites);
  if (!summary) {
    const masks = { server: new Set<number>(), upstream: new Set<number>() };
    let anyUnknown = false;
    for (const site of sites) {
      let mask = 0;
      for (const t of site.tokens) mask |= BIT.get(t.protocol)!;
      masks[site.side].add(mask);
      if (site.unknown.length) anyUnknown = true;
    }
    const sets = (side: ExplicitProtocols['side']) => [...masks[side]].map((m) => PROTOCOLS.filter((p) => (m & BIT.get(p)!) !== 0));
    summary = { sets: { server: sets('server'), upstream: sets('upstream') }, anyUnknown };
    cache.set(sites, summary);
  }
  return summary;
}
