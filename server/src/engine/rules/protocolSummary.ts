// A hosting tree has one `ssl_protocols` per server, nearly all alike. The protocol rules ask this
// summary (which version sets occur, per side) whether any site can concern them before visiting
// thousands of them.

import type { Workspace } from '../model/workspace';
import { versionsOfMask, versionTokenBit, type ProtocolName } from '../tls/protocols';
import { nginxDirectives } from './helpers';
import { SERVER_PROTOCOL_DIRECTIVES, UPSTREAM_PROTOCOL_DIRECTIVES, type ExplicitProtocols } from './protocolSites';

export interface ProtocolSummary {
  /** The version sets of explicit directives of each side, as lists of versions (an empty list: no known token). */
  sets: Record<ExplicitProtocols['side'], ProtocolName[][]>;
  /** Some directive has a token that is not a version. */
  anyUnknown: boolean;
}

const cache = new WeakMap<Workspace, ProtocolSummary>();

/**
 * Read straight from the directives, not from explicitProtocols: on a tree where no rule has anything to
 * report (the usual case), the per-directive sites, their tokens and the tokens' ranges are never made.
 */
export function protocolSummary(ws: Workspace): ProtocolSummary {
  let summary = cache.get(ws);
  if (!summary) {
    let anyUnknown = false;
    const masksOf = (names: string[]): Set<number> => {
      const masks = new Set<number>();
      for (const directive of nginxDirectives(ws, names)) {
        let mask = 0;
        for (const a of directive.args) {
          const bit = versionTokenBit(a.text);
          if (bit === 0) anyUnknown = true;
          mask |= bit;
        }
        masks.add(mask);
      }
      return masks;
    };
    const sets = (masks: Set<number>) => [...masks].map((m) => versionsOfMask(m));
    summary = { sets: { server: sets(masksOf(SERVER_PROTOCOL_DIRECTIVES)), upstream: sets(masksOf(UPSTREAM_PROTOCOL_DIRECTIVES)) }, anyUnknown };
    cache.set(ws, summary);
  }
  return summary;
}
