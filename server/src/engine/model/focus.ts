// Focused lints for the language server: after one full lint of the workspace, a keystroke lint of the
// open documents leaves out the include targets that cannot change their findings, so editing one
// site file of a 10,000-vhost tree costs what that file and its ancestors cost.
//
// A target is left out only when all of these hold:
//   - it is no open document, no file an open document reaches (ancestor) and no file an open document
//     includes (descendant), in the include graph of the last full lint;
//   - it is *isolated*: every top-level directive opens a context of its own (nginx: only `server`
//     blocks), so nothing in it is inherited by, or merged with, a context an open document is in.
// Servers of left-out files still count where rules compare servers across files (the socket rules:
// listen-ssl-missing, sni-*, listen-options-conflict): their listens and names, and where their file
// comes in the full lint's load order, are kept as a summary that model/sockets.ts turns back into hosts.
// Apache: files of <VirtualHost> sections only (model/apache/focus.ts says exactly which), summarised
// per vhost (addresses, names, SSLEngine). Squid: files of port lines, peers and acls only
// (model/squid/focus.ts), summarised per port (address, ssl-bump, label) with their acl lines, and put
// back where their lines would have been in the root's one flat configuration.
// A file is isolated only when every root that reaches it in the model reads it in its own dialect.
//
// The graph is valid while the files outside the open documents are unchanged on disk: the server drops
// it on watched-file events, configuration or folder changes and closed documents.

import { plainDirective, type Directive, type ParsedFile } from '../syntax/tree';
import type { Item, Workspace } from './workspace';
import { parseListen, type ListenInfo } from './nginxPolicy';
import { apacheVhostSummaries, isIsolatedApacheFile, type ApacheVhostSummary } from './apache/focus';
import { isIsolatedSquidFile, squidFileSummary, type SquidFileSummary } from './squid/focus';

/** A server block of a left-out file, as the socket rules need it (no block body: the tree is dropped). */
export interface ServerSummary {
  /** The `server` directive without its body. */
  block: Directive;
  /** Its listen directives, parsed once when the summary is made (every focused lint reads them). */
  listens: ListenInfo[];
  names: { name: string; file: string; range: Directive['range'] }[];
}

export interface Focus {
  /** Leave this include target out. */
  skip(target: string): boolean;
  /** The server blocks of a left-out file (isolated files hold nothing else). */
  servers(file: string): readonly ServerSummary[];
  /** The <VirtualHost> sections of a left-out Apache file. */
  vhosts?(file: string): readonly ApacheVhostSummary[];
  /** The summary of a left-out Squid file. */
  squid?(file: string): SquidFileSummary | undefined;
  /** Where a file came in the full lint's load order (undefined for files it did not see). */
  rank(file: string): number | undefined;
}

/** What a full lint tells about the workspace's files, for later focused lints. */
export interface IncludeGraph {
  /** file -> files it includes. */
  includes: Map<string, Set<string>>;
  /** Files whose top level only opens contexts of their own. */
  isolated: Set<string>;
  /** Server summaries of isolated files. */
  servers: Map<string, ServerSummary[]>;
  /** VirtualHost summaries of isolated Apache files. */
  vhosts: Map<string, ApacheVhostSummary[]>;
  /** Summaries of isolated Squid files. */
  squid: Map<string, SquidFileSummary>;
  /** Load order of files in the full lint (first appearance in a root's expansion). */
  ranks: Map<string, number>;
  /**
   * Plans made from this graph, by the open files they focus on: the same Focus object comes back while
   * the graph's includes and isolated files stay the same, so what a lint derives from it (the hosts of
   * left-out servers, model/sockets.ts) is made once for a run of keystrokes.
   */
  plans?: Map<string, FocusPlan>;
}

/** nginx: only `server` blocks at the top level; Apache: only <VirtualHost> sections; Squid: ports, peers and acls. */
export function isIsolated(parsed: ParsedFile): boolean {
  if (parsed.dialect === 'apache') return isIsolatedApacheFile(parsed);
  if (parsed.dialect === 'squid') return isIsolatedSquidFile(parsed);
  if (parsed.dialect !== 'nginx') return false;
  return parsed.directives.every((d) => d.block !== undefined && d.lname === 'server');
}

function serverSummaries(parsed: ParsedFile): ServerSummary[] {
  return parsed.directives.map((d) => ({
    block: plainDirective(d, undefined),
    listens: (d.block ?? []).filter((x) => x.lname === 'listen').map((x) => parseListen({ directive: x } as Item)).filter((l): l is ListenInfo => l !== undefined),
    names: (d.block ?? []).filter((x) => x.lname === 'server_name').flatMap((x) => x.args.map((a) => ({ name: a.text, file: x.file, range: a.range }))),
  }));
}

/** The graph a workspace model shows (after a full lint). */
export function includeGraphOf(ws: Workspace): IncludeGraph {
  const graph: IncludeGraph = { includes: new Map(), isolated: new Set(), servers: new Map(), vhosts: new Map(), squid: new Map(), ranks: new Map() };
  updateIncludeGraph(graph, ws);
  return graph;
}

/** Bring the graph up to date with the files a (focused) lint parsed: their includes, isolation and ports. */
export function updateIncludeGraph(graph: IncludeGraph, ws: Workspace): void {
  let changed = false;
  for (const [file, parsed] of ws.files) {
    const includes = new Set(ws.includes.get(file) ?? []);
    const before = graph.includes.get(file);
    if (!before || before.size !== includes.size || [...includes].some((f) => !before.has(f))) changed = true;
    graph.includes.set(file, includes);
    // (A file several dialects' roots include is read differently by each: never left out.)
    const isolated = isIsolated(parsed) && ws.rootsOf(file).every((r) => r.dialect === parsed.dialect);
    const vhosts = isolated && parsed.dialect === 'apache' ? apacheVhostSummaries(ws, parsed) : undefined;
    if (vhosts) {
      if (!graph.isolated.has(file)) changed = true;
      graph.isolated.add(file);
      graph.vhosts.set(file, vhosts);
    } else if (isolated && parsed.dialect === 'squid') {
      if (!graph.isolated.has(file)) changed = true;
      graph.isolated.add(file);
      graph.squid.set(file, squidFileSummary(parsed));
    } else if (isolated && parsed.dialect === 'nginx') {
      if (!graph.isolated.has(file)) changed = true;
      graph.isolated.add(file);
      graph.servers.set(file, serverSummaries(parsed));
    } else {
      if (graph.isolated.has(file)) changed = true;
      graph.isolated.delete(file);
      graph.servers.delete(file);
      graph.vhosts.delete(file);
      graph.squid.delete(file);
    }
  }
  // Load order: kept from the first (full) model; files new to the graph go last.
  for (const root of ws.roots) {
    for (const c of root.contexts) {
      for (const it of c.items) {
        if (graph.ranks.has(it.directive.file)) continue;
        graph.ranks.set(it.directive.file, graph.ranks.size);
        changed = true;
      }
    }
  }
  if (changed) graph.plans?.clear();
}

function closure(start: Iterable<string>, edges: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>(start);
  const todo = [...seen];
  while (todo.length) {
    const f = todo.pop()!;
    for (const n of edges.get(f) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

export interface FocusPlan {
  focus: Focus;
  /** Candidate files for the lint: the open documents and the files that reach them. */
  workspaceFiles: string[];
}

/**
 * What a focused lint left out, as one string (root, file and context of every left-out include target):
 * things derived from a Focus once for a run of keystrokes are keyed by it too, so that a lint whose
 * expansion left out other files (an edit just added an include) gets its own.
 */
export function leftOutSignature(ws: Workspace): string {
  let sig = signatures.get(ws);
  if (sig === undefined) {
    const parts: string[] = [];
    for (const [rootFile, files] of ws.skipped) for (const file of files) parts.push(rootFile, file, ws.skippedContexts.get(`${rootFile}\u0000${file}`) ?? '');
    signatures.set(ws, (sig = parts.join('\u0000')));
  }
  return sig;
}

const signatures = new WeakMap<Workspace, string>();

/** The focus for linting `files` (the open documents), from the graph of an earlier full lint. */
export function planFocus(graph: IncludeGraph, files: string[]): FocusPlan {
  const key = files.join('\u0000');
  const known = graph.plans?.get(key);
  if (known) return known;
  const plan = makePlan(graph, files);
  (graph.plans ??= new Map()).set(key, plan);
  return plan;
}

function makePlan(graph: IncludeGraph, files: string[]): FocusPlan {
  const reverse = new Map<string, Set<string>>();
  for (const [from, tos] of graph.includes) {
    for (const to of tos) {
      const s = reverse.get(to);
      if (s) s.add(from);
      else reverse.set(to, new Set([from]));
    }
  }
  const ancestors = closure(files, reverse);
  const descendants = closure(files, graph.includes);
  const focus: Focus = {
    skip: (t) => graph.isolated.has(t) && !ancestors.has(t) && !descendants.has(t),
    servers: (file) => graph.servers.get(file) ?? [],
    vhosts: (file) => graph.vhosts.get(file) ?? [],
    squid: (file) => graph.squid.get(file),
    rank: (file) => graph.ranks.get(file),
  };
  return { focus, workspaceFiles: [...ancestors] };
}

/**
 * Files a focused lint of `files` leaves out: their syntax trees need not stay in memory (the next full
 * lint parses them again). Keeping 10,000 servers' trees makes every major garbage collection slower.
 */
export function leftOutFiles(graph: IncludeGraph, files: string[]): string[] {
  const { focus } = makePlan(graph, files);
  return [...graph.isolated].filter((f) => focus.skip(f));
}
