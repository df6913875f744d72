// The workspace: parsed files, roots (entry points), the include graph, and for each root an expanded
// tree of block contexts in which every directive knows the context it really sits in (an included
// file's directives sit where the `include` is). Effective TLS policies are built on top of it
// (nginxPolicy.ts). Everything goes through the FileSystem interface: no direct I/O here.

import * as path from 'node:path';
import type { FileSystem } from '../fs';
import type { Settings } from '../settings';
import type { Dialect, Range } from '../types';
import type { Directive, ParsedFile } from '../syntax/tree';
import { parseNginx, NGINX_DATA_BLOCKS } from '../syntax/nginx';
import { detectDialect } from './dialect';
import { expandGlob, hasGlob, hasVariable, resolveServerPath } from './paths';
import { isKnownNginxDirective } from '../docs/nginxDirectives';
import { childContext, inferTopLevelContext, type ContextKind } from './nginxContext';

export type { ContextKind };

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
  kind: ContextKind;
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
  /** Directory relative paths are resolved against (nginx: the conf dir). */
  prefix: string;
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
  readonly itemsOf = new Map<Directive, Item[]>();
  private readonly dialectOverride?: Dialect;
  private readonly languageIds?: Map<string, string>;

  constructor(req: WorkspaceRequest, private readonly cache: ParseCache = new Map()) {
    this.fs = req.fs;
    this.settings = req.settings;
    this.now = req.now ?? new Date();
    this.dialectOverride = req.dialect;
    this.languageIds = req.languageIds;
    this.build(req.files, req.workspaceFiles ?? []);
  }

  /** Parse (through the cache) a file; undefined when it cannot be read. */
  parsed(file: string): ParsedFile | undefined {
    const known = this.files.get(file);
    if (known) return known;
    const text = this.fs.readFile(file);
    if (text === undefined) return undefined;
    const dialect = this.dialectOverride ?? detectDialect(file, text, this.languageIds?.get(file));
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
    const realRoots: string[] = [];
    for (const f of candidates) {
      const p = this.parsed(f);
      if (p && p.dialect === 'nginx' && isNginxRoot(f, p)) realRoots.push(f);
    }
    const reached = new Set<string>();
    for (const f of realRoots) {
      const root = this.expandRoot(f, false);
      if (root) for (const x of root.files) reached.add(x);
    }
    // Files of interest no entry point reaches are fragments. A fragment included by another fragment
    // is linted inside it, so only the outermost ones become roots.
    const pending = files.filter((f) => !reached.has(f) && this.parsed(f)?.dialect === 'nginx');
    const includedByPending = new Set<string>();
    for (const f of pending) {
      const p = this.parsed(f)!;
      const prefix = guessNginxPrefix(this.fs, f);
      for (const d of topLevelIncludes(p.directives)) {
        for (const t of this.resolveInclude(d, prefix).targets) if (t !== f) includedByPending.add(t);
      }
    }
    for (const f of pending) {
      if (reached.has(f) || includedByPending.has(f)) continue;
      const root = this.expandRoot(f, true);
      if (root) for (const x of root.files) reached.add(x);
    }
    for (const f of pending) {
      if (reached.has(f)) continue;
      const root = this.expandRoot(f, true);
      if (root) for (const x of root.files) reached.add(x);
    }
  }

  resolveInclude(d: Directive, prefix: string): { targets: string[]; pattern: string; serverPattern: string } {
    const arg = d.args[0]?.text ?? '';
    const r = resolveServerPath(this.fs, arg, prefix, this.settings.pathMappings, this.settings.baseDir);
    if (hasGlob(r.path)) return { targets: expandGlob(this.fs, r.path), pattern: r.path, serverPattern: r.serverPath };
    return { targets: this.fs.stat(r.path)?.isFile ? [r.path] : [], pattern: r.path, serverPattern: r.serverPath };
  }

  private expandRoot(file: string, fragment: boolean): RootContext | undefined {
    const parsed = this.parsed(file);
    if (!parsed) return undefined;
    const prefix = fragment ? guessNginxPrefix(this.fs, file) : path.posix.dirname(file);
    const root: RootContext = {
      file,
      dialect: 'nginx',
      prefix,
      fragment,
      main: undefined as unknown as BlockContext,
      files: new Set([file]),
      contexts: [],
    };
    const kind: ContextKind = fragment ? inferTopLevelContext(parsed.directives) ?? 'unknown' : 'main';
    root.main = { kind, items: [], root };
    root.contexts.push(root.main);
    this.roots.push(root);
    this.expandList(parsed.directives, root.main, [this.fs.realPath?.(file) ?? file], [], 0);
    return root;
  }

  private expandList(list: Directive[], ctx: BlockContext, fileStack: string[], via: Directive[], depth: number): void {
    const root = ctx.root;
    for (const d of list) {
      if (d.lname === 'include' && ctx.kind !== 'data' && ctx.kind !== 'opaque' && d.args.length > 0) {
        this.expandInclude(d, ctx, fileStack, via, depth);
        const item: Item = { directive: d, ctx, includedVia: via };
        ctx.items.push(item);
        this.remember(item);
        continue;
      }
      const item: Item = { directive: d, ctx, includedVia: via };
      ctx.items.push(item);
      this.remember(item);
      if (d.block) {
        const child: BlockContext = { kind: childContext(d, ctx.kind), directive: d, item, parent: ctx, items: [], root };
        item.block = child;
        root.contexts.push(child);
        if (depth < MAX_BLOCK_DEPTH) this.expandList(d.block, child, fileStack, via, depth + 1);
      }
    }
  }

  private remember(item: Item): void {
    const list = this.itemsOf.get(item.directive);
    if (list) list.push(item);
    else this.itemsOf.set(item.directive, [item]);
  }

  private expandInclude(d: Directive, ctx: BlockContext, fileStack: string[], via: Directive[], depth: number): void {
    const root = ctx.root;
    const arg = d.args[0].text;
    if (hasVariable(arg)) return;
    const { targets, pattern } = this.resolveInclude(d, root.prefix);
    const known = this.includeTargets.get(d) ?? [];
    this.includeTargets.set(d, [...new Set([...known, ...targets])]);
    if (targets.length === 0) {
      if (!hasGlob(pattern)) {
        const shown = pattern === arg ? arg : `${arg} (looked for ${pattern})`;
        this.problems.push({
          ruleId: 'include-unresolved',
          file: d.file,
          range: d.args[0].range,
          message: `include target ${shown} does not exist: nginx fails to start with "open() failed"; add a tlslint.pathMappings entry if the server's paths differ from the workspace's`,
          rootFile: root.file,
        });
      }
      return;
    }
    for (const t of targets) {
      addEdge(this.includes, d.file, t);
      addEdge(this.includedBy, t, d.file);
      const real = this.fs.realPath?.(t) ?? t;
      if (fileStack.includes(real)) {
        const chain = [...fileStack.slice(fileStack.indexOf(real)), real].map((f) => path.posix.basename(f)).join(' → ');
        this.problems.push({
          ruleId: 'include-cycle',
          file: d.file,
          range: d.args[0].range,
          message: `include cycle: ${chain}; nginx recurses until it runs out of file descriptors or memory`,
          rootFile: root.file,
        });
        continue;
      }
      if (depth >= MAX_INCLUDE_DEPTH || fileStack.length >= MAX_INCLUDE_DEPTH) continue;
      const parsed = this.parsed(t);
      if (!parsed) continue;
      root.files.add(t);
      this.expandList(parsed.directives, ctx, [...fileStack, real], [...via, d], depth + 1);
    }
  }
}

function addEdge(map: Map<string, Set<string>>, from: string, to: string): void {
  const s = map.get(from);
  if (s) s.add(to);
  else map.set(from, new Set([to]));
}

export function parseFile(file: string, text: string, dialect: Dialect): ParsedFile {
  if (dialect === 'nginx') return parseNginx(file, text, { isKnownDirective: isKnownNginxDirective });
  // Apache and Squid parsers arrive with their dialects; until then such files have no tree.
  return { file, dialect, text, directives: [], comments: [], problems: [] };
}

function topLevelIncludes(list: Directive[]): Directive[] {
  const out: Directive[] = [];
  const visit = (items: Directive[], depth: number): void => {
    for (const d of items) {
      if (d.lname === 'include' && d.args.length) out.push(d);
      if (d.block && depth < 8 && !NGINX_DATA_BLOCKS.has(d.lname)) visit(d.block, depth + 1);
    }
  };
  visit(list, 0);
  return out;
}

/** An nginx entry point: named nginx.conf, or holding top-level events/http/stream/mail blocks. */
export function isNginxRoot(file: string, parsed: ParsedFile): boolean {
  if (path.posix.basename(file) === 'nginx.conf') return true;
  return parsed.directives.some((d) => d.block && (d.lname === 'http' || d.lname === 'events' || d.lname === 'stream' || d.lname === 'mail'));
}

/** For a fragment: the nearest ancestor directory holding nginx.conf, else the file's directory. */
export function guessNginxPrefix(fs: FileSystem, file: string): string {
  let dir = path.posix.dirname(file);
  for (let i = 0; i < 6; i++) {
    if (fs.stat(path.posix.join(dir, 'nginx.conf'))?.isFile) return dir;
    const up = path.posix.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.posix.dirname(file);
}

/** The chain of contexts from the root's top level down to `ctx`. */
export function contextChain(ctx: BlockContext): BlockContext[] {
  const chain: BlockContext[] = [];
  for (let c: BlockContext | undefined = ctx; c; c = c.parent) chain.push(c);
  return chain.reverse();
}
