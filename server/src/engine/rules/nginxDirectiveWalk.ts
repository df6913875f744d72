// One walk over every directive of every nginx root per lint, for the rules that judge directives by
// their name and the block they sit in (directive-typo, directive-context, directive-duplicate). A
// hosting tree has a quarter of a million of them and each rule finds a handful: walking once and
// looking each name up once leaves the rules only their findings to word.

import type { BlockContext, ContextKind, Item, RootContext, Workspace } from '../model/workspace';
import { allowedIn, lookupNginxDirective } from '../docs/nginxDirectives';
import { isStructuralNginx, isTlsRelatedNginx } from './tlsDirectives';

/** Contexts whose placement rules directive-context checks. */
const PLACEMENT_CHECKED: ReadonlySet<string> = new Set<ContextKind>([
  'main', 'events', 'http', 'server', 'location', 'if-server', 'if-location', 'upstream', 'limit_except',
  'stream', 'stream-server', 'stream-upstream', 'mail', 'mail-server',
]);

export interface DirectiveWalk {
  /** Items whose name no nginx version knows, outside data and foreign blocks, in walk order. */
  unknown: Item[];
  /** Known TLS-related or structural directives in a context that does not allow them, in walk order. */
  misplaced: { item: Item; root: RootContext; ctx: BlockContext }[];
  /** Each non-repeatable directive set again in the same block, with the first one, in walk order. */
  duplicates: { item: Item; first: Item; root: RootContext }[];
  /**
   * Whether a directive of this (lower-case) name appears in some block of an nginx root outside data and
   * foreign blocks: when not, no server or location has it in effect.
   */
  has(lname: string): boolean;
}

/** What the walk needs to know of one directive name, looked up once. */
interface NameFacts {
  known: boolean;
  /** TLS-related or structural, and known: placement is checked. */
  placed: boolean;
  /** Known and not repeatable in one block. */
  single: boolean;
  /** allowedIn by context kind. */
  allowed?: Map<string, boolean>;
  /** The block the name was last seen in during the walk, and its first item there. */
  block?: BlockContext;
  first?: Item;
}

const cache = new WeakMap<Workspace, { items: number; walk: DirectiveWalk }>();

export function nginxDirectiveWalk(ws: Workspace): DirectiveWalk {
  const known = cache.get(ws);
  // Items added after the walk (a feature expanding a new buffer) make it stale.
  if (known && known.items === ws.itemsOf.size) return known.walk;
  const facts = new Map<string, NameFacts>();
  const walk: DirectiveWalk = { unknown: [], misplaced: [], duplicates: [], has: (lname) => facts.has(lname) };
  const factsOf = (lname: string): NameFacts => {
    let f = facts.get(lname);
    if (!f) {
      const info = lookupNginxDirective(lname);
      f = { known: info !== undefined, placed: info !== undefined && (isTlsRelatedNginx(lname) || isStructuralNginx(lname)), single: info !== undefined && !info.repeatable };
      facts.set(lname, f);
    }
    return f;
  };
  for (const root of ws.roots) {
    if (root.dialect !== 'nginx') continue;
    for (const ctx of root.contexts) {
      if (ctx.kind === 'data' || ctx.kind === 'opaque') continue;
      const checkPlacement = PLACEMENT_CHECKED.has(ctx.kind);
      for (const item of ctx.items) {
        const f = factsOf(item.directive.lname);
        if (!f.known) {
          walk.unknown.push(item);
          continue;
        }
        if (f.placed && checkPlacement) {
          f.allowed ??= new Map();
          let ok = f.allowed.get(ctx.kind);
          if (ok === undefined) {
            ok = allowedIn(item.directive.lname, ctx.kind);
            f.allowed.set(ctx.kind, ok);
          }
          if (!ok) walk.misplaced.push({ item, root, ctx });
        }
        if (f.single) {
          if (f.block === ctx) walk.duplicates.push({ item, first: f.first!, root });
          else {
            f.block = ctx;
            f.first = item;
          }
        }
      }
    }
  }
  cache.set(ws, { items: ws.itemsOf.size, walk });
  return walk;
}
