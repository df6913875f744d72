// The workspace: parsed files, roots (entry points), the include graph, and for each root an expanded
// tree of block contexts in which every directive knows the context it really sits in (an included
// file's directives sit where the `include` is). Effective TLS policies are built on top of it
// (nginxPolicy.ts). Everything goes through the FileSystem interface: no direct I/O here.

import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Settings } from '../settings';
import type { Dialect, Range } from '../types';
import type { Directive, ParsedFile } from '../syntax/tree';
import { NGINX_DATA_BLOCKS } from '../syntax/nginx';
import { detectDialect } from './dialect';
import { expandGlob, hasGlob, resolveServerPath } from './paths';
import type { ContextKind } from './nginxContext';
import { supportFor } from './dialects';
import type { DialectSupport, IncludeRequest } from './dialectSupport';
import { guessNginxPrefix, isNginxRoot } from './nginxSupport';
import type { Focus } from './focus';
import { noteDeepNesting, refuseToParse } from '../syntax/guard';

export type { ContextKind };
export { guessNginxPrefix, isNginxRoot };

/** A directive placed in a root's expanded tree. */
export interface Item {
  directive: Directive;
  ctx: BlockContext;
  /** The include directives (outermost first) through which this directive was reached. */
  includedVia: Directive[];
  /** The context this directive opens, for block directives. */
  block?: BlockContext;
}

export interface BlockContext {
  /** nginx: a ContextKind; Apache and Squid: their own context names (see their support modules). */
  kind: string;
  /** The block directive (undefined for the root's top level). */
  directive?: Directive;
  item?: Item;
  parent?: BlockContext;
  items: Item[];
  root: RootContext;
}

export interface RootContext {
  file: string;
  dialect: Dialect;
  /** Directory relative paths are resolved against (nginx: the conf dir; Apache: ServerRoot, which may change while expanding). */
  prefix: string;
  /** The dialect's own state while and after expanding (Apache: Defines, loaded modules). */
  state?: unknown;
  /** True when no real entry point includes this file: linted with an inferred context. */
  fragment: boolean;
  main: BlockContext;
  /** Every file this root reaches, itself included. */
  files: Set<string>;
  /** All block contexts, in document order. */
  contexts: BlockContext[];
}

export interface StructuralProblem {
  ruleId: 'include-unresolved' | 'include-cycle';
  file: string;
  range: Range;
  message: string;
  rootFile: string;
}

export interface WorkspaceRequest {
  fs: FileSystem;
  settings: Settings;
  /** Files to report on. */
  files: string[];
  /** Other files of the workspace that may be roots including `files`. */
  workspaceFiles?: string[];
  dialect?: Dialect;
  languageIds?: Map<string, string>;
  /** The time certificates are judged at (default: now). */
  now?: Date;
  /** Include targets that cannot change the findings of `files` and are left out (the server's keystroke lints). */
  focus?: Focus;
}

const MAX_INCLUDE_DEPTH = 64;
const MAX_BLOCK_DEPTH = 512;

export type ParseCache = Map<string, { text: string; parsed: ParsedFile }>;

export class Workspace {
  readonly fs: FileSystem;
  readonly settings: Settings;
  /** The time certificates are judged at. */
  readonly now: Date;
  readonly files = new Map<string, ParsedFile>();
  readonly roots: RootContext[] = [];
  readonly problems: StructuralProblem[] = [];
  /** Resolved targets of every include directive seen (by directive identity). */
  readonly includeTargets = new Map<Directive, string[]>();
  /** file -> files it includes (any root). */
  readonly includes = new Map<string, Set<string>>();
  /** file -> files that include it. */
  readonly includedBy = new Map<string, Set<string>>();
  /** Every item per directive, across roots (a shared snippet appears once per include site). */
  readonly itemsOf: ItemIndex;
  private readonly dialectOverride?: Dialect;
  private readonly languageIds?: Map<string, string>;
  readonly focus?: Focus;
  /** Per root file: include targets the focus left out. */
  readonly skipped = new Map<string, Set<string>>();
  /** Per root file and left-out target (`root\0target`): the context kind the include sits in. */
  readonly skippedContexts = new Map<string, string>();
  /**
   * Per context: where its left-out include targets would have been placed (`at`: the number of items
   * the context held then), in expansion order. Squid's focused lints put their summaries back there.
   */
  readonly skippedAt = new Map<BlockContext, { at: number; file: string }[]>();
  /** Per root file: files (real paths) found on an include cycle. */
  private readonly cyclic = new Map<string, Set<string>>();
  /** Include patterns resolved so far, by dialect, prefix and pattern: 10,000 servers include one snippet. */
  private readonly resolvedPatterns = new Map<string, ResolvedPattern>();
  /** How many times each file's directives were placed (files placed once give one item per directive). */
  private readonly placements = new Map<string, number>();

  constructor(req: WorkspaceRequest, private readonly cache: ParseCache = new Map()) {
    this.fs = req.fs;
    this.settings = req.settings;
    this.now = req.now ?? new Date();
    this.dialectOverride = req.dialect;
    this.languageIds = req.languageIds;
    this.focus = req.focus;
    this.itemsOf = new ItemIndex(this.roots, this.placements);
    this.build(req.files, req.workspaceFiles ?? []);
  }

  /**
   * Parse (through the cache) a file; undefined when it cannot be read. `includedAs`: the dialect of the
   * root including it (an included file is read by that server, whatever its name or content suggest).
   */
  parsed(file: string, includedAs?: Dialect): ParsedFile | undefined {
    const known = this.files.get(file);
    if (known && (!includedAs || this.dialectOverride || known.dialect === includedAs)) return known;
    const text = this.fs.readFile(file);
    if (text === undefined) return undefined;
    const dialect = this.dialectOverride ?? includedAs ?? detectDialect(file, text, this.languageIds?.get(file));
    const cached = this.cache.get(file);
    let parsed: ParsedFile;
    if (cached && cached.text === text && cached.parsed.dialect === dialect) parsed = cached.parsed;
    else {
      parsed = parseFile(file, text, dialect);
      this.cache.set(file, { text, parsed });
    }
    this.files.set(file, parsed);
    return parsed;
  }

  /** Roots whose tree reaches `file`. */
  rootsOf(file: string): RootContext[] {
    return this.roots.filter((r) => r.files.has(file));
  }

  /** Files whose findings may change when `file` changes: every file of every root reaching it. */
  dependents(file: string): string[] {
    const out = new Set<string>();
    for (const r of this.rootsOf(file)) for (const f of r.files) if (f !== file) out.add(f);
    return [...out];
  }

  private build(files: string[], workspaceFiles: string[]): void {
    const candidates = [...new Set([...files, ...workspaceFiles])];
    const namedRoots: string[] = [];
    const lookalikes: string[] = [];
    for (const f of candidates) {
      const p = this.parsed(f);
      if (!p) continue;
      const support = supportFor(p.dialect);
      if (support.isNamedRoot(f)) namedRoots.push(f);
      else if (support.isRoot(f, p)) lookalikes.push(f);
    }
    const reached = new Set<string>();
    for (const f of namedRoots) {
      const root = this.expandRoot(f, false);
      if (root) for (const x of root.files) reached.add(x);
    }
    // A file that only looks like an entry point (nginx `http {}`, Apache LoadModule, Squid port lines)
    // and that an entry point includes is part of that configuration, linted in its context, not a
    // configuration of its own: on its own it lacks what the includer sets (and a Squid conf.d of port
    // files was linted twice over). Unincluded, it is one (`nginx -c`, `squid -f`).
    this.expandOutermost(lookalikes.filter((f) => !reached.has(f)), reached, false);
    // Files of interest no entry point reaches are fragments.
    this.expandOutermost(
      files.filter((f) => !reached.has(f) && this.parsed(f) !== undefined),
      reached,
      true,
    );
  }

  /**
   * Roots made of `pending` (all parsed). One included by another of them is linted inside it, so the
   * outermost ones become roots first; whatever they leave unreached (files including each other in a
   * cycle) becomes a root after them.
   */
  private expandOutermost(pending: string[], reached: Set<string>, fragment: boolean): void {
    const includedByPending = new Set<string>();
    for (const f of pending) {
      const p = this.parsed(f)!;
      const support = supportFor(p.dialect);
      const prefix = support.rootPrefix(this.fs, f, p, fragment, this.settings);
      const probe = { kind: support.topContext(p, fragment) } as BlockContext;
      for (const d of nestedDirectives(p.directives)) {
        const req = support.include(d, probe);
        if (!req) continue;
        for (const t of this.resolveOnce(req.pattern, prefix, support).targets) if (t !== f) includedByPending.add(t);
      }
    }
    for (const f of pending) {
      if (reached.has(f) || includedByPending.has(f)) continue;
      const root = this.expandRoot(f, fragment);
      if (root) for (const x of root.files) reached.add(x);
    }
    for (const f of pending) {
      if (reached.has(f)) continue;
      const root = this.expandRoot(f, fragment);
      if (root) for (const x of root.files) reached.add(x);
    }
  }

  /** Files an include directive of `file`'s dialect names, resolved against `prefix` (for features; no state). */
  resolveInclude(d: Directive, prefix: string): { targets: string[]; pattern: string; serverPattern: string } {
    const parsed = this.files.get(d.file);
    const support = supportFor(parsed?.dialect ?? 'nginx');
    return this.resolvePattern(d.args[0]?.text ?? '', prefix, support);
  }

  resolvePattern(pattern: string, prefix: string, support: DialectSupport): ResolvedPattern {
    const r = resolveServerPath(this.fs, pattern, prefix, this.settings.pathMappings, this.settings.baseDir);
    let targets: string[];
    // A focused lint's left-out files were files when the include graph was made (a change on disk drops
    // the graph): no need to stat them again on every keystroke.
    if (hasGlob(r.path)) targets = expandGlob(this.fs, r.path, this.focus ? (t) => this.focus!.skip(t) : undefined);
    else {
      const st = this.fs.stat(r.path);
      targets = st?.isFile ? [r.path] : [];
      if (st && !st.isFile && support.includesDirectories) targets = this.filesUnder(r.path, 0);
    }
    if (support.includesDirectories) targets = targets.flatMap((t) => (this.focus?.skip(t) || this.fs.stat(t)?.isFile ? [t] : this.filesUnder(t, 0)));
    return { targets, pattern: r.path, serverPattern: r.serverPath };
  }

  /**
   * resolvePattern, answered once per workspace for each (dialect, prefix, pattern). The answer is shared:
   * callers must not change it. (The file system answers are memoized for the lint anyway.)
   */
  private resolveOnce(pattern: string, prefix: string, support: DialectSupport): ResolvedPattern {
    const key = `${support.dialect}\u0000${prefix}\u0000${pattern}`;
    let r = this.resolvedPatterns.get(key);
    if (!r) {
      r = this.resolvePattern(pattern, prefix, support);
      this.resolvedPatterns.set(key, r);
    }
    return r;
  }

  /** Every file under a directory, in byte order of names, recursively (Apache's directory includes). */
  private filesUnder(dir: string, depth: number, seen = new Set<string>()): string[] {
    if (depth > 16) return [];
    // A symlink back up the tree would list the same directories again and again (2^16 with two links).
    const real = this.fs.realPath?.(dir) ?? dir;
    if (seen.has(real)) return [];
    seen.add(real);
    const names = this.fs.listDir(dir);
    if (!names) return [];
    const out: string[] = [];
    for (const n of [...names].sort()) {
      const p = path.posix.join(dir, n);
      const st = this.fs.stat(p);
      if (st?.isFile) out.push(p);
      else if (st) out.push(...this.filesUnder(p, depth + 1, seen));
    }
    return out;
  }

  private expandRoot(file: string, fragment: boolean): RootContext | undefined {
    const parsed = this.parsed(file);
    if (!parsed) return undefined;
    const support = supportFor(parsed.dialect);
    const root: RootContext = {
      file,
      dialect: parsed.dialect,
      prefix: support.rootPrefix(this.fs, file, parsed, fragment, this.settings),
      fragment,
      main: undefined as unknown as BlockContext,
      files: new Set([file]),
      contexts: [],
    };
    root.state = support.initState?.(root);
    root.main = { kind: support.topContext(parsed, fragment), items: [], root };
    root.contexts.push(root.main);
    this.roots.push(root);
    this.placed(file);
    this.expandList(parsed.directives, root.main, [this.fs.realPath?.(file) ?? file], [], 0, support);
    return root;
  }

  private expandList(list: Directive[], ctx: BlockContext, fileStack: string[], via: Directive[], depth: number, support: DialectSupport): void {
    const root = ctx.root;
    for (const d of list) {
      support.observe?.(d, ctx);
      // A block directive's item gets its block below: made with room for it, it keeps one shape
      // instead of growing a separate property store (30,000 of them in a hosting tree).
      const item: Item = d.block ? { directive: d, ctx, includedVia: via, block: undefined } : { directive: d, ctx, includedVia: via };
      const inc = support.include(d, ctx);
      if (inc) {
        this.expandInclude(d, inc, ctx, fileStack, via, depth, support);
        ctx.items.push(item);
        continue;
      }
      ctx.items.push(item);
      if (d.block) {
        const child: BlockContext = { kind: support.childContext(d, ctx), directive: d, item, parent: ctx, items: [], root };
        item.block = child;
        root.contexts.push(child);
        if (depth < MAX_BLOCK_DEPTH && (support.expandBlock?.(d, ctx) ?? true)) {
          this.expandList(d.block, child, fileStack, via, depth + 1, support);
          // A copy of the exact length: the list grew by pushes, and its spare room would live as long
          // as the workspace (a location's context of two items keeps room for 17).
          child.items = child.items.slice();
        }
      }
    }
  }

  private placed(file: string): void {
    this.placements.set(file, (this.placements.get(file) ?? 0) + 1);
  }

  private expandInclude(d: Directive, inc: IncludeRequest, ctx: BlockContext, fileStack: string[], via: Directive[], depth: number, support: DialectSupport): void {
    const root = ctx.root;
    const arg = inc.arg.text;
    const { targets, pattern } = this.resolveOnce(inc.pattern, root.prefix, support);
    const known = this.includeTargets.get(d);
    // A lone target is stored as resolved (shared, never changed); several are merged into a new list.
    if (!known && targets.length <= 1) this.includeTargets.set(d, targets);
    else this.includeTargets.set(d, [...new Set([...(known ?? []), ...targets])]);
    if (targets.length === 0) {
      if ((!hasGlob(pattern) || support.globsMustMatch) && !inc.optional) {
        const shown = pattern === arg ? arg : `${arg} (looked for ${pattern})`;
        this.problems.push({
          ruleId: 'include-unresolved',
          file: d.file,
          range: inc.arg.range,
          message: `include target ${shown} does not exist: ${support.includeFailure}; add a tlslint.pathMappings entry if the server's paths differ from the workspace's`,
          rootFile: root.file,
        });
      }
      return;
    }
    for (const t of targets) {
      addEdge(this.includes, d.file, t);
      addEdge(this.includedBy, t, d.file);
      // (Before the cycle check: a left-out file is no ancestor of anything expanded, so it closes no cycle.
      // Not past the depth limit: a full lint does not read the file there, so its summary must not count.)
      const tooDeep = depth >= MAX_INCLUDE_DEPTH || fileStack.length >= MAX_INCLUDE_DEPTH;
      if (!tooDeep && this.focus?.skip(t)) {
        addEdge(this.skipped, root.file, t);
        this.skippedContexts.set(`${root.file}\u0000${t}`, ctx.kind);
        const places = this.skippedAt.get(ctx);
        if (places) places.push({ at: ctx.items.length, file: t });
        else this.skippedAt.set(ctx, [{ at: ctx.items.length, file: t }]);
        continue;
      }
      const real = this.fs.realPath?.(t) ?? t;
      if (fileStack.includes(real)) {
        const chain = [...fileStack.slice(fileStack.indexOf(real)), real].map((f) => path.posix.basename(f)).join(' → ');
        this.problems.push({
          ruleId: 'include-cycle',
          file: d.file,
          range: inc.arg.range,
          message: `include cycle: ${chain}; ${support.serverName} recurses until it runs out of file descriptors or memory`,
          rootFile: root.file,
        });
        for (const f of fileStack.slice(fileStack.indexOf(real))) addEdge(this.cyclic, root.file, f);
        continue;
      }
      // Files on a cycle are not expanded again from each other: with n files that all include `*.conf`,
      // every order of them would be a path (n! expansions). From outside the cycle they still are.
      const cyclic = this.cyclic.get(root.file);
      if (cyclic?.has(real) && cyclic.has(fileStack[fileStack.length - 1])) continue;
      if (tooDeep) continue;
      const parsed = this.parsed(t, root.dialect);
      if (!parsed) {
        this.problems.push({ ruleId: 'include-unresolved', file: d.file, range: inc.arg.range, message: `include target ${t} exists but cannot be read: ${support.includeFailure}`, rootFile: root.file });
        continue;
      }
      root.files.add(t);
      this.placed(t);
      this.expandList(parsed.directives, ctx, [...fileStack, real], [...via, d], depth + 1, support);
    }
  }
}

export interface ResolvedPattern {
  targets: string[];
  pattern: string;
  serverPattern: string;
}

/**
 * The items of each directive, across roots, keyed and iterated in the order the directives were first
 * placed (a shared snippet's directive has one item per include site). Read off the expanded trees
 * instead of kept beside them: a Map entry and an array for each of 200,000 directives cost more than
 * the trees. A directive of a file placed once has at most one item, so only files placed several
 * times need grouping when iterating; lookups by directive build the whole map on first use.
 */
export class ItemIndex {
  private byDirective?: Map<Directive, Item[]>;

  constructor(
    private readonly roots: readonly RootContext[],
    private readonly placements: ReadonlyMap<string, number>,
  ) {}

  get(d: Directive): Item[] | undefined {
    return this.map().get(d);
  }

  has(d: Directive): boolean {
    return this.map().has(d);
  }

  get size(): number {
    return this.map().size;
  }

  forEach(visit: (items: Item[], d: Directive) => void): void {
    for (const [d, items] of this.entries()) visit(items, d);
  }

  *keys(): IterableIterator<Directive> {
    for (const items of this.values()) yield items[0].directive;
  }

  *entries(): IterableIterator<[Directive, Item[]]> {
    for (const items of this.values()) yield [items[0].directive, items];
  }

  [Symbol.iterator](): IterableIterator<[Directive, Item[]]> {
    return this.entries();
  }

  /** The items of each directive, in order of first placement. */
  *values(): IterableIterator<Item[]> {
    if (this.byDirective) {
      yield* this.byDirective.values();
      return;
    }
    const all = this.placedItems();
    const repeatedFiles = new Set<string>();
    for (const [file, n] of this.placements) if (n > 1) repeatedFiles.add(file);
    const several = new Map<Directive, Item[]>();
    if (repeatedFiles.size) {
      for (const item of all) {
        if (!repeatedFiles.has(item.directive.file)) continue;
        const list = several.get(item.directive);
        if (list) list.push(item);
        else several.set(item.directive, [item]);
      }
    }
    const done = new Set<Directive>();
    for (const item of all) {
      const group = several.size ? several.get(item.directive) : undefined;
      if (!group) yield [item];
      else if (!done.has(item.directive)) {
        done.add(item.directive);
        yield group;
      }
    }
  }

  private map(): Map<Directive, Item[]> {
    if (!this.byDirective) {
      const map = new Map<Directive, Item[]>();
      for (const item of this.placedItems()) {
        const list = map.get(item.directive);
        if (list) list.push(item);
        else map.set(item.directive, [item]);
      }
      this.byDirective = map;
    }
    return this.byDirective;
  }

  /** Every item of every root in placement order: an item, then what its block holds, then its next sibling. */
  private placedItems(): Item[] {
    const out: Item[] = [];
    for (const root of this.roots) {
      const lists: Item[][] = [root.main.items];
      const next: number[] = [0];
      while (lists.length) {
        const top = lists.length - 1;
        const list = lists[top];
        if (next[top] >= list.length) {
          lists.pop();
          next.pop();
          continue;
        }
        const item = list[next[top]++];
        out.push(item);
        if (item.block) {
          lists.push(item.block.items);
          next.push(0);
        }
      }
    }
    return out;
  }
}

function addEdge(map: Map<string, Set<string>>, from: string, to: string): void {
  const s = map.get(from);
  if (s) s.add(to);
  else map.set(from, new Set([to]));
}

export function parseFile(file: string, text: string, dialect: Dialect): ParsedFile {
  return refuseToParse(file, text, dialect) ?? noteDeepNesting(supportFor(dialect).parse(file, text));
}

/** Directives down to a modest depth (outside nginx data blocks): where a fragment's includes may be. */
function nestedDirectives(list: Directive[]): Directive[] {
  const out: Directive[] = [];
  const visit = (items: Directive[], depth: number): void => {
    for (const d of items) {
      out.push(d);
      if (d.block && depth < 8 && !NGINX_DATA_BLOCKS.has(d.lname)) visit(d.block, depth + 1);
    }
  };
  visit(list, 0);
  return out;
}

/** The chain of contexts from the root's top level down to `ctx`. */
export function contextChain(ctx: BlockContext): BlockContext[] {
  const chain: BlockContext[] = [];
  for (let c: BlockContext | undefined = ctx; c; c = c.parent) chain.push(c);
  return chain.reverse();
}
