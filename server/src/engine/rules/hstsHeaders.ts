// The Strict-Transport-Security headers of the nginx files, judged once for hsts-short and
// hsts-not-always: a hosting tree repeats the same `add_header` line in every server, so the rules ask
// whether any header concerns them before visiting thousands.

import type { Directive } from '../syntax/tree';
import type { Workspace } from '../model/workspace';
import { hstsMaxAge } from '../model/nginxPolicy';
import { nginxDirectives } from './helpers';

export interface HstsHeaders {
  /** `add_header Strict-Transport-Security <value> …` directives (a value given), in file order. */
  directives: Directive[];
  /** The max-age of each distinct value (null: none that browsers accept). */
  maxAges: ReadonlyMap<string, number | null>;
  /** Some of them lacks `always`. */
  anyWithoutAlways: boolean;
}

const cache = new WeakMap<Directive[], HstsHeaders>();

/** Whether an add_header directive sets Strict-Transport-Security with a value. */
export function isHstsHeader(d: Directive): boolean {
  const name = d.args[0]?.text;
  // The usual spelling first: lower-casing it allocates, and a tree has one per server.
  return name !== undefined && (name === 'Strict-Transport-Security' || name.toLowerCase() === 'strict-transport-security') && d.args.length >= 2;
}

export function hstsHeaders(ws: Workspace): HstsHeaders {
  const all = nginxDirectives(ws, ['add_header']);
  let known = cache.get(all);
  if (!known) {
    const directives: Directive[] = [];
    const maxAges = new Map<string, number | null>();
    let anyWithoutAlways = false;
    let last: string | undefined;
    for (const d of all) {
      if (!isHstsHeader(d)) continue;
      directives.push(d);
      const value = d.args[1].text;
      // Neighbours usually repeat the same value: compare before hashing.
      if (value !== last && !maxAges.has(value)) maxAges.set(value, hstsMaxAge(value));
      last = value;
      if (!anyWithoutAlways && !hasAlways(d)) anyWithoutAlways = true;
    }
    known = { directives, maxAges, anyWithoutAlways };
    cache.set(all, known);
  }
  return known;
}

/** The `always` parameter after the value. */
export function hasAlways(d: Directive): boolean {
  for (let i = 2; i < d.args.length; i++) if (d.args[i].text.toLowerCase() === 'always') return true;
  return false;
}
