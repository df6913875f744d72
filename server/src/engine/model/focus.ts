// Focused lints for the language server: after one full lint of the workspace, a keystroke lint of the
// open documents leaves out the include targets that cannot change their findings, so editing one
// site file of a 10,000-vhost tree costs what that file and its ancestors cost.
//
// A target is left out only when all of these hold:
//   - it is no open document, no file an open document reaches (ancestor) and no file an open document
//     includes (descendant), in the include graph of the last full lint;
//   - it is *isolated*: every top-level directive opens a context of its own (nginx: only `server`
//     blocks), so nothing in it is inherited by, or merged with, a context an open document is in.
// Servers of left-out files still count where rules compare servers: the TLS ports they listen on are
// kept as a summary (listen-ssl-missing reads it). Dialects without an isolation test (Apache and Squid
// until they add one) are never left out, so their focused lints are their full lints.
//
// The graph is valid while the files outside the open documents are unchanged on disk: the server drops
// it on watched-file events, configuration or folder changes and closed documents.

import type { ParsedFile } from '../syntax/tree';
import { walkDirectives } from '../syntax/tree';
import type { Item, Workspace } from './workspace';
import { parseListen } from './nginxPolicy';

export interface Focus {
  /** Leave this include target out. */
  skip(target: string): boolean;
  /** TLS ports (listen … ssl) of a left-out file and everything it includes. */
  tlsPorts(file: string): readonly number[];
}

/** What a full lint tells about the workspace's files, for later focused lints. */
export interface IncludeGraph {
  /** file -> files it includes. */
  includes: Map<string, Set<string>>;
  /** Files whose top level only opens contexts of their own. */
  isolated: Set<string>;
  /** Own TLS ports per file (not yet closed over includes). */
  ports: Map<string, number[]>;
}

/** nginx: only `server` blocks at the top level. Other dialects: not known yet, so never. */
export function isIsolated(parsed: ParsedFile): boolean {
  if (parsed.dialect !== 'nginx') return false;
  return parsed.directives.every((d) => d.block !== undefined && d.lname === 'server');
}

function ownTlsPorts(parsed: ParsedFile): number[] {
  const ports = new Set<number>();
  if (parsed.dialect !== 'nginx') return [];
  walkDirectives(parsed.directives, (d) => {
    if (d.lname !== 'listen') return;
    const l = parseListen({ directive: d } as Item);
    if (l?.ssl && l.port !== null) ports.add(l.port);
  });
  return [...ports];
}

/** The graph a workspace model shows (after a full lint). */
export function includeGraphOf(ws: Workspace): IncludeGraph {
  const graph: IncludeGraph = { includes: new Map(), isolated: new Set(), ports: new Map() };
  updateIncludeGraph(graph, ws);
  return graph;
}

/** Bring the graph up to date with the files a (focused) lint parsed: their includes, isolation and ports. */
export function updateIncludeGraph(graph: IncludeGraph, ws: Workspace): void {
  for (const [file, parsed] of ws.files) {
    graph.includes.set(file, new Set(ws.includes.get(file) ?? []));
    if (isIsolated(parsed)) graph.isolated.add(file);
    else graph.isolated.delete(file);
    graph.ports.set(file, ownTlsPorts(parsed));
  }
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

/** The focus for linting `files` (the open documents), from the graph of an earlier full lint. */
export function planFocus(graph: IncludeGraph, files: string[]): FocusPlan {
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
  const portCache = new Map<string, number[]>();
  const focus: Focus = {
    skip: (t) => graph.isolated.has(t) && !ancestors.has(t) && !descendants.has(t),
    tlsPorts(file) {
      let ports = portCache.get(file);
      if (!ports) {
        const all = new Set<number>();
        for (const f of closure([file], graph.includes)) for (const p of graph.ports.get(f) ?? []) all.add(p);
        ports = [...all];
        portCache.set(file, ports);
      }
      return ports;
    },
  };
  return { focus, workspaceFiles: [...ancestors] };
}

/**
 * Files a focused lint of `files` leaves out: their syntax trees need not stay in memory (the next full
 * lint parses them again). Keeping 10,000 servers' trees makes every major garbage collection slower.
 */
export function leftOutFiles(graph: IncludeGraph, files: string[]): string[] {
  const { focus } = planFocus(graph, files);
  return [...graph.isolated].filter((f) => focus.skip(f));
}

/** TLS ports served by the servers a focused lint left out of a root (empty for full lints). */
export function skippedTlsPorts(ws: Workspace, rootFile: string): number[] {
  const focus = ws.focus;
  const skipped = ws.skipped.get(rootFile);
  if (!focus || !skipped) return [];
  const out = new Set<number>();
  for (const f of skipped) for (const p of focus.tlsPorts(f)) out.add(p);
  return [...out];
}
