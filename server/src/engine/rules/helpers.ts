// Shared pieces for rule modules: finding the directives a rule reads, and building exact text edits.

import type { Fix, FixSafety, Range, TextEdit } from '../types';
import type { Directive, ParsedFile } from '../syntax/tree';
import { TextIndex } from '../syntax/text';
import { NGINX_DATA_BLOCKS } from '../syntax/nginx';
import type { RootContext, StructuralProblem, Workspace } from '../model/workspace';
import type { RuleContext } from './rule';
import { nginxPolicies, type NginxPolicies } from '../model/nginxPolicy';

const indexCache = new WeakMap<ParsedFile, TextIndex>();

/** Effective nginx policies of the workspace, computed once per lint. */
/** Small numbers for strings (file paths, say), in order of first use: cheap parts for dedup keys. */
export function numbering(): (key: string) => number {
  const ids = new Map<string, number>();
  return (key) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
}

export function nginx(ws: Workspace): NginxPolicies {
  return nginxPolicies(ws);
}

export function textIndex(ws: Workspace, file: string): TextIndex | undefined {
  const parsed = ws.files.get(file);
  if (!parsed) return undefined;
  let idx = indexCache.get(parsed);
  if (!idx) {
    idx = new TextIndex(parsed.text);
    indexCache.set(parsed, idx);
  }
  return idx;
}

/**
 * Every directive of every parsed nginx file with one of these names (data blocks excluded). Shared
 * with every caller asking for the same names in the same lint: read only.
 */
export function nginxDirectives(ws: Workspace, names: string[]): Directive[] {
  const idx = directiveIndex(ws);
  // One name: the index's own list (no copy of 10,000 directives per rule that asks).
  if (names.length === 1) return entriesOf(ws, idx, names[0]).directives;
  const key = names.join('\u0000');
  let list = idx.answers.directives.get(key);
  if (!list) {
    list = merged(ws, idx, names, (e, i) => e.directives[i]);
    idx.answers.directives.set(key, list);
  }
  return list;
}

/** Like nginxDirectives, with the list (block body or file top level) each directive sits in. Read only. */
export function nginxDirectivesWithSiblings(ws: Workspace, names: string[]): { directive: Directive; siblings: Directive[] }[] {
  const idx = directiveIndex(ws);
  const key = names.join('\u0000');
  let list = idx.answers.withSiblings.get(key);
  if (!list) {
    list = merged(ws, idx, names, (e, i) => ({ directive: e.directives[i], siblings: e.siblings[i] }));
    idx.answers.withSiblings.set(key, list);
  }
  return list;
}

/** The entries of several names as one list in walk order (as one walk collecting all the names would give them). */
function merged<T>(ws: Workspace, idx: DirectiveIndex, names: string[], entry: (e: NameEntries, i: number) => T): T[] {
  const lists = [...new Set(names)].map((n) => entriesOf(ws, idx, n)).filter((e) => e.seqs.length > 0);
  const out: T[] = [];
  if (lists.length === 1) {
    const e = lists[0];
    for (let i = 0; i < e.seqs.length; i++) out.push(entry(e, i));
    return out;
  }
  const all: { seq: number; e: NameEntries; i: number }[] = [];
  for (const e of lists) for (let i = 0; i < e.seqs.length; i++) all.push({ seq: e.seqs[i], e, i });
  all.sort((a, b) => a.seq - b.seq);
  for (const x of all) out.push(entry(x.e, x.i));
  return out;
}

/**
 * The directives of one name, with the list each sits in and its number in the walk, as three parallel
 * lists: no object per directive (a 10k-vhost tree has 10,000 of each of several indexed names, and the
 * rules mostly want the directives alone).
 */
interface NameEntries {
  directives: Directive[];
  siblings: Directive[][];
  seqs: number[];
}

interface DirectiveIndex {
  files: number;
  /** Entries of the names walked for so far (every INDEXED name, and any other name once asked for). */
  index: Map<string, NameEntries>;
  /** Lists of several names already given out, by the names asked for. */
  answers: { directives: Map<string, Directive[]>; withSiblings: Map<string, { directive: Directive; siblings: Directive[] }[]> };
}

/**
 * The names the rules ask for, collected in the one walk that builds the index. Entries for every
 * directive of a 10k-vhost tree would be 200,000 objects for a dozen names; a name missing here still
 * works, with a walk of its own the first time it is asked for.
 */
const INDEXED = new Set([
  'ssl',
  'ssl_protocols',
  'ssl_ciphers',
  'ssl_prefer_server_ciphers',
  'ssl_ecdh_curve',
  'ssl_conf_command',
  'add_header',
  'proxy_ssl_protocols',
  'grpc_ssl_protocols',
  'uwsgi_ssl_protocols',
  'proxy_ssl_ciphers',
  'grpc_ssl_ciphers',
  'uwsgi_ssl_ciphers',
  'proxy_ssl_verify',
  'grpc_ssl_verify',
  'uwsgi_ssl_verify',
]);

const directiveIndexCache = new WeakMap<Workspace, DirectiveIndex>();

/**
 * Every nginx directive of the workspace with the names of `wanted` (each with its entries, empty so
 * far), in walk order, numbered by their place in the walk. Indexed loops and one table lookup per
 * directive: a 1,000-vhost lint walks 24,000 directives here before V8 has optimised the loop.
 */
function walkFor(ws: Workspace, wanted: Map<string, NameEntries>): void {
  let seq = 0;
  for (const parsed of ws.files.values()) {
    if (parsed.dialect !== 'nginx') continue;
    const stack: Directive[][] = [parsed.directives];
    while (stack.length) seq = walkList(stack.pop()!, wanted, stack, seq);
  }
}

/**
 * One list of walkFor, numbering from `seq`; returns the next number. A function of its own: V8
 * optimises this small loop by itself instead of replacing the whole walk on the stack.
 */
function walkList(list: Directive[], wanted: Map<string, NameEntries>, stack: Directive[][], seq: number): number {
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    // Every directive takes a number, so walks for different names number alike.
    const n = seq++;
    const same = wanted.get(d.lname);
    if (same) {
      same.directives.push(d);
      same.siblings.push(list);
      same.seqs.push(n);
    }
    if (d.block && !NGINX_DATA_BLOCKS.has(d.lname) && !d.lname.endsWith('_by_lua_block')) stack.push(d.block);
  }
  return seq;
}

/** The nginx directives of the workspace by lower-cased name, walked once per lint (rules ask many times). */
function directiveIndex(ws: Workspace): DirectiveIndex {
  const known = directiveIndexCache.get(ws);
  // A file parsed after the index was built (a feature asking about a new buffer) rebuilds it.
  if (known && known.files === ws.files.size) return known;
  const index = new Map<string, NameEntries>();
  for (const n of INDEXED) index.set(n, { directives: [], siblings: [], seqs: [] });
  walkFor(ws, index);
  const built: DirectiveIndex = { files: ws.files.size, index, answers: { directives: new Map(), withSiblings: new Map() } };
  directiveIndexCache.set(ws, built);
  return built;
}

/** The entries of one name (walking for it the first time when it is not an INDEXED one). */
function entriesOf(ws: Workspace, idx: DirectiveIndex, name: string): NameEntries {
  let list = idx.index.get(name);
  if (!list) {
    list = { directives: [], siblings: [], seqs: [] };
    walkFor(ws, new Map([[name, list]]));
    idx.index.set(name, list);
  }
  return list;
}

/** Range covering all arguments of a directive (or the point after its name when it has none). */
export function argsRange(d: Directive): Range {
  if (d.args.length === 0) return { start: d.nameRange.end, end: d.nameRange.end };
  return { start: d.args[0].range.start, end: d.args[d.args.length - 1].range.end };
}

export function replaceArgs(d: Directive, newText: string): TextEdit {
  if (d.args.length === 0) return { file: d.file, range: { start: d.nameRange.end, end: d.nameRange.end }, newText: ' ' + newText };
  return { file: d.file, range: argsRange(d), newText };
}

/** Insert text right after an argument (e.g. ` ssl` after a listen address). */
export function insertAfter(file: string, range: Range, text: string): TextEdit {
  return { file, range: { start: range.end, end: range.end }, newText: text };
}

function indentOf(ws: Workspace, file: string, line: number): string {
  const idx = textIndex(ws, file);
  return idx ? /^[ \t]*/.exec(idx.lineText(line))![0] : '';
}

/**
 * Insert whole lines after a directive, indented like it. When the directive shares its line with
 * something after it, the new text goes right after the directive instead.
 */
export function insertLinesAfter(ws: Workspace, d: Directive, lines: string[]): TextEdit {
  const idx = textIndex(ws, d.file);
  const eol = idx?.eol() ?? '\n';
  const indent = indentOf(ws, d.file, d.range.start.line);
  const endLine = d.range.end.line;
  const rest = idx ? idx.lineText(endLine).slice(d.range.end.character) : '';
  if (rest.trim() === '' || rest.trim().startsWith('#')) {
    const at = { line: endLine, character: idx ? idx.lineText(endLine).length : d.range.end.character };
    return { file: d.file, range: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') };
  }
  return { file: d.file, range: { start: d.range.end, end: d.range.end }, newText: ' ' + lines.join(' ') };
}

/** Insert lines as the first statements inside a block directive (`server {`), indented one level deeper. */
export function insertLinesAtBlockStart(ws: Workspace, block: Directive, lines: string[]): TextEdit | undefined {
  if (!block.blockOpenRange) return undefined;
  const idx = textIndex(ws, block.file);
  const eol = idx?.eol() ?? '\n';
  const first = block.block?.[0];
  let indent: string;
  if (first && first.range.start.line !== block.range.start.line) indent = indentOf(ws, block.file, first.range.start.line);
  else indent = indentOf(ws, block.file, block.range.start.line) + '    ';
  const at = block.blockOpenRange.end;
  return { file: block.file, range: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') };
}

/** Delete a directive; whole lines when it stands alone on them. */
export function deleteDirective(ws: Workspace, d: Directive): TextEdit {
  const idx = textIndex(ws, d.file);
  if (idx) {
    const before = idx.lineText(d.range.start.line).slice(0, d.range.start.character);
    const after = idx.lineText(d.range.end.line).slice(d.range.end.character);
    if (before.trim() === '' && after.trim() === '') {
      const lastLine = d.range.end.line;
      const end = lastLine + 1 < idx.starts.length ? { line: lastLine + 1, character: 0 } : { line: lastLine, character: idx.lineText(lastLine).length };
      const start = lastLine + 1 < idx.starts.length || d.range.start.line === 0 ? { line: d.range.start.line, character: 0 } : { line: d.range.start.line - 1, character: idx.lineText(d.range.start.line - 1).length };
      return { file: d.file, range: { start, end }, newText: '' };
    }
  }
  return { file: d.file, range: d.range, newText: '' };
}

export function fix(title: string, safety: FixSafety, edits: (TextEdit | undefined)[]): Fix[] {
  const real = edits.filter((e): e is TextEdit => e !== undefined);
  return real.length ? [{ title, safety, edits: real }] : [];
}

/** Quote an argument for nginx when it needs it. */
export function nginxQuote(value: string): string {
  return /^[^\s;{}"'#\\]+$/.test(value) ? value : '"' + value.replace(/["\\]/g, '\\$&') + '"';
}

/** Damerau-Levenshtein distance (optimal string alignment), bounded: returns max+1 when above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      rowMin = Math.min(rowMin, d[i][j]);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length][b.length];
}

/** The nearest candidate within `max` edits (ties: the first). */
export function nearest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const dist = editDistance(word, c, max);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || /^[0-9a-f:]+:[0-9a-f:]*$/i.test(host);
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A directive's source text on one line (line breaks inside collapsed to spaces). */
export function rawDirective(ws: Workspace, d: Directive): string {
  const idx = textIndex(ws, d.file);
  const text = idx ? idx.slice(d.range) : `${d.name} ${d.args.map((a) => a.raw).join(' ')};`;
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

/** A file path for messages: relative to the root's prefix when inside it. */
export function displayPath(root: RootContext | undefined, file: string): string {
  if (root && file.startsWith(root.prefix + '/')) return file.slice(root.prefix.length + 1);
  return file;
}

/** "line 12" for a directive in `fromFile`, else "sites/a.conf:12". */
export function where(root: RootContext | undefined, fromFile: string, d: Directive): string {
  return d.file === fromFile ? `line ${d.range.start.line + 1}` : `${displayPath(root, d.file)}:${d.range.start.line + 1}`;
}

/** Report the model's own findings (include problems found while expanding roots) for one rule. */
export function reportStructuralProblems(ctx: RuleContext, ruleId: StructuralProblem['ruleId']): void {
  for (const p of ctx.workspace.problems) {
    if (p.ruleId === ruleId) ctx.report({ file: p.file, range: p.range, message: p.message, rootFile: p.rootFile });
  }
}
