// A hosting tree has one cipher string per server but only a handful of distinct strings, and the
// model memoizes their expansions: sites with the same string and protocols share one expansion object.
// The cipher rules judge each expansion once, and visit the sites only when some expansion gives
// them something to report.

import type { CipherExpansion } from '../tls/ciphers/expand';
import type { Fix } from '../types';
import type { Workspace } from '../model/workspace';
import { cipherSites, type CipherSite } from './cipherSites';

const distinctCache = new WeakMap<CipherSite[], CipherSite[]>();

/**
 * The first site of each distinct (expansion, side, protocols), in site order: when a verdict that
 * depends on those alone flags none of them, it flags no site.
 */
export function distinctStrings(ws: Workspace): CipherSite[] {
  const sites = cipherSites(ws);
  let firsts = distinctCache.get(sites);
  if (!firsts) {
    firsts = [];
    const seen = new Map<CipherExpansion, CipherSite[]>();
    for (let i = 0; i < sites.length; i++) {
      const site = sites[i];
      const same = seen.get(site.expansion);
      if (!same) seen.set(site.expansion, [site]);
      else if (!same.some((s) => s.side === site.side && sameList(s.protocols, site.protocols))) same.push(site);
      else continue;
      firsts.push(site);
    }
    distinctCache.set(sites, firsts);
  }
  return firsts;
}

/**
 * Memoize a verdict that depends only on a site's expansion, the protocols it was expanded for and its
 * side (not on where the site is, nor on the servers using it), for the length of one check.
 */
export function perExpansion<T>(compute: (site: CipherSite) => T): (site: CipherSite) => T {
  const cache = new Map<CipherExpansion, { side: CipherSite['side']; protocols: readonly string[]; value: T }[]>();
  return (site) => {
    let known = cache.get(site.expansion);
    if (known) {
      for (let i = 0; i < known.length; i++) if (known[i].side === site.side && sameList(known[i].protocols, site.protocols)) return known[i].value;
    } else {
      known = [];
      cache.set(site.expansion, known);
    }
    const value = compute(site);
    known.push({ side: site.side, protocols: site.protocols, value });
    return value;
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A cipher-string fix (profileStringFix, exclusionFix…) for the many sites of one string. For a site
 * that sets the string with a directive argument, the fix depends on the string, protocols and side
 * alone, except for where its edits go: it is built for the first such site and its edits are moved
 * onto the argument of the others. When the first fix edits anything but its own argument, every site
 * gets its own.
 */
export function perExpansionFix(build: (site: CipherSite) => Fix[]): (site: CipherSite) => Fix[] {
  const firsts = perExpansion(() => new Map<CipherSite['quote'], { site: CipherSite; fixes: Fix[]; movable: boolean }>());
  return (site) => {
    const directive = site.directive;
    const arg = site.arg;
    if (!directive || !arg) return build(site);
    const byQuote = firsts(site);
    const first = byQuote.get(site.quote);
    if (!first) {
      const fixes = build(site);
      const movable = fixes.every((f) => f.edits.every((e) => e.file === directive.file && e.range === arg.range));
      byQuote.set(site.quote, { site, fixes, movable });
      return fixes;
    }
    if (!first.movable) return build(site);
    return first.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: directive.file, range: arg.range })) }));
  };
}
