// One walk over every directive of every nginx root per lint, for the rules that judge directives by
// their name and the block they sit in (directive-typo, directive-context, directive-duplicate), and
// for the file arguments the certificate rules read (certificateSites.ts). A hosting tree has a quarter
// of a million of them and each rule finds a handful: walking once and looking each name up once leaves
// the rules only their findings to word.

import type { BlockContext, ContextKind, Item, RootContext, Workspace } from '../model/workspace';
import { allowedIn, lookupNginxDirective } from '../docs/nginxDirectives';
import { isStructuralNginx, isTlsRelatedNginx } from './tlsDirectives';
import { NGINX_FILE_KINDS } from '../model/configFiles';

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
  /** The `add_header` items of the walk, in walk order (for hsts-lost). */
  addHeaders: Item[];
  /**
   * Items of the directives that name a file (NGINX_FILE_KINDS) with at least one argument, in
   * walk order, data and foreign blocks included (for certificateSites.ts).
   */
  fileItems: Item[];
}

/** What the walk needs to know of one directive name in one kind of context, looked up once. */
interface NameFacts {
  known: boolean;
  /** A known TLS-related or structural directive this context kind does not allow. */
  misplaced: boolean;
  /** Known and not repeatable in one block. */
  single: boolean;
  addHeader: boolean;
  /** The name is one of NGINX_FILE_KINDS. */
  file: boolean;
  /** The block the name was last seen in during the walk, and its first item there. */
  block?: BlockContext;
  first?: Item;
}

// A workspace's roots are all expanded when it is constructed (features that see a new buffer make a new
// workspace), so one walk per workspace. (Asking itemsOf for its size would build its per-directive map:
// a tenth of a 1,000-vhost CLI run.)
const cache = new WeakMap<Workspace, { roots: number; walk: DirectiveWalk }>();

export function nginxDirectiveWalk(ws: Workspace): DirectiveWalk {
  const known = cache.get(ws);
  if (known && known.roots === ws.roots.length) return known.walk;
  const names = new Set<string>();
  const walk: DirectiveWalk = { unknown: [], misplaced: [], duplicates: [], has: (lname) => names.has(lname), addHeaders: [], fileItems: [] };
  // Facts per context kind, then per name: one lookup per item.
  const factsByKind = new Map<string, Map<string, NameFacts>>();
  for (const root of ws.roots) {
    if (root.dialect !== 'nginx') continue;
    // Indexed loops: a 1,000-vhost lint visits 26,000 items here, many of them before V8 optimises.
    const contexts = root.contexts;
    for (let j = 0; j < contexts.length; j++) {
      const ctx = contexts[j];
      if (ctx.kind === 'data' || ctx.kind === 'opaque') {
        fileItemsIn(ctx, walk);
        continue;
      }
      let facts = factsByKind.get(ctx.kind);
      if (!facts) {
        facts = new Map();
        factsByKind.set(ctx.kind, facts);
      }
      walkBlock(ctx, root, facts, walk, names);
    }
  }
  cache.set(ws, { roots: ws.roots.length, walk });
  return walk;
}

/**
 * One block's items (a function of its own: V8 optimises this small loop by itself, instead of an
 * on-stack replacement of the whole walk with the lookups of new names inlined into it).
 */
function walkBlock(ctx: BlockContext, root: RootContext, facts: Map<string, NameFacts>, walk: DirectiveWalk, names: Set<string>): void {
  const items = ctx.items;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const lname = item.directive.lname;
    let f = facts.get(lname);
    if (!f) {
      f = factsOf(lname, ctx.kind);
      facts.set(lname, f);
      names.add(lname);
    }
    if (!f.known) {
      walk.unknown.push(item);
      continue;
    }
    if (f.file && item.directive.args.length > 0) walk.fileItems.push(item);
    if (f.addHeader) walk.addHeaders.push(item);
    if (f.misplaced) walk.misplaced.push({ item, root, ctx });
    if (f.single) {
      if (f.block === ctx) walk.duplicates.push({ item, first: f.first!, root });
      else {
        f.block = ctx;
        f.first = item;
      }
    }
  }
}

/** The file directives of a data or foreign block (only they are of interest there). */
function fileItemsIn(ctx: BlockContext, walk: DirectiveWalk): void {
  const items = ctx.items;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (NGINX_FILE_KINDS.has(item.directive.lname) && item.directive.args.length > 0) walk.fileItems.push(item);
  }
}

function factsOf(lname: string, kind: string): NameFacts {
  const info = lookupNginxDirective(lname);
  // (Every file directive is a known one: the unknown branch of the walk never needs `file`.)
  if (!info) return { known: false, misplaced: false, single: false, addHeader: false, file: false };
  const placed = isTlsRelatedNginx(lname) || isStructuralNginx(lname);
  return { known: true, misplaced: placed && PLACEMENT_CHECKED.has(kind) && !allowedIn(lname, kind), single: !info.repeatable, addHeader: lname === 'add_header', file: NGINX_FILE_KINDS.has(lname) };
}
