// Squid's configuration reader, as src/cache_cf.cc (parseOneConfigFile) and src/ConfigParser.cc read it:
// one directive per logical line; leading white space is skipped; a line whose first non-blank character
// is `#` is a comment, and so is everything from a token that starts with `#`; a line ending in `\` goes
// on with the next non-comment line, whose leading white space is dropped and whose text is glued on
// directly (no space is inserted); `"…"` tokens are quoted values. `key=value` options stay one argument
// each, with their own range. Macros (`${process_name}`, `${service_name}`, `${process_number}`) are left
// as written. `if`/`else`/`endif` lines are directives like any other.
// The reader never throws and is linear in the input.

import type { Position, Range } from '../types';
import type { Arg, Comment, Directive, ParsedFile, SyntaxProblem } from './tree';
import { TextIndex } from './text';

/** Squid reads lines with fgets() into a BUFSIZ buffer; longer lines are split there. */
const SQUID_LINE_LIMIT = 8192;

interface Segment {
  line: number;
  /** Column of `text`'s first character. */
  col: number;
  text: string;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';
}

export function parseSquid(file: string, text: string): ParsedFile {
  const directives: Directive[] = [];
  const comments: Comment[] = [];
  const problems: SyntaxProblem[] = [];
  const lines = text.split('\n');
  let pending: Segment[] = [];

  for (let ln = 0; ln < lines.length; ln++) {
    let raw = lines[ln];
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let start = 0;
    if (ln === 0 && raw.charCodeAt(0) === 0xfeff) start = 1;
    while (start < raw.length && isSpace(raw[start])) start++;
    if (raw.length > SQUID_LINE_LIMIT) {
      problems.push({ message: `line longer than ${SQUID_LINE_LIMIT} characters: Squid reads it in pieces, as separate lines`, range: lineRange(ln, start, raw.length), hazard: true });
    }
    if (start >= raw.length) continue;
    if (raw[start] === '#') {
      comments.push({ text: raw.slice(start + 1), range: lineRange(ln, start, raw.length) });
      continue;
    }
    const body = raw.slice(start);
    if (body.endsWith('\\')) {
      pending.push({ line: ln, col: start, text: body.slice(0, -1) });
      continue;
    }
    pending.push({ line: ln, col: start, text: body });
    readLogicalLine(file, pending, directives, comments, problems);
    pending = [];
  }
  if (pending.length) {
    const last = pending[pending.length - 1];
    problems.push({
      message: 'the file ends inside a line continuation (a trailing "\\"): Squid drops this unfinished directive',
      range: lineRange(last.line, last.col, last.col + last.text.length + 1),
      hazard: true,
    });
  }
  const parsed: ParsedFile = { file, dialect: 'squid', text, directives, comments, problems };
  // Squid splits lines at "\n" only (a lone "\r" is white space to it); editors and LSP also break lines
  // at a lone "\r". Positions were counted Squid's way: give them in the editor's lines.
  if (/\r(?!\n)/.test(text)) toEditorLines(parsed, lines);
  return parsed;
}

function toEditorLines(parsed: ParsedFile, squidLines: string[]): void {
  const starts: number[] = [];
  let offset = 0;
  for (const l of squidLines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const index = new TextIndex(parsed.text);
  const seen = new Set<object>();
  const fix = (r: Range): void => {
    if (seen.has(r)) return;
    seen.add(r);
    for (const key of ['start', 'end'] as const) {
      const p = r[key];
      r[key] = index.positionAt(Math.min(parsed.text.length, (starts[p.line] ?? parsed.text.length) + p.character));
    }
  };
  for (const d of parsed.directives) {
    fix(d.range);
    fix(d.nameRange);
    for (const a of d.args) fix(a.range);
  }
  for (const c of parsed.comments) fix(c.range);
  for (const p of parsed.problems) fix(p.range);
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Tokenize one logical line (its physical pieces) into a directive. */
function readLogicalLine(file: string, segs: Segment[], directives: Directive[], comments: Comment[], problems: SyntaxProblem[]): void {
  // The characters of the logical line (pieces are glued without separator). A single piece (the usual
  // case) maps index i to its column directly; several pieces get a position per character.
  const chars = segs.length === 1 ? segs[0].text : segs.map((s) => s.text).join('');
  let at: Position[] | undefined;
  if (segs.length > 1) {
    at = [];
    for (const s of segs) for (let i = 0; i < s.text.length; i++) at.push({ line: s.line, character: s.col + i });
  }
  const line0 = segs[0].line;
  const col0 = segs[0].col;
  const posAt = (i: number): Position => (at ? at[i] : { line: line0, character: col0 + i });
  const endPos = (i: number): Position => (at ? { line: at[i].line, character: at[i].character + 1 } : { line: line0, character: col0 + i + 1 });
  const tokens: Arg[] = [];
  let i = 0;
  const n = chars.length;
  while (i < n) {
    while (i < n && isSpace(chars[i])) i++;
    if (i >= n) break;
    if (chars[i] === '#') {
      // The rest of the logical line is a comment (one Comment per physical piece it covers).
      let j = i;
      while (j < n) {
        let k = n - 1;
        if (at) {
          const line = at[j].line;
          k = j;
          while (k + 1 < n && at[k + 1].line === line) k++;
        }
        comments.push({ text: chars.slice(j === i ? j + 1 : j, k + 1), range: { start: posAt(j), end: endPos(k) } });
        j = k + 1;
      }
      break;
    }
    const first = i;
    if (chars[i] === '"' || chars[i] === "'") {
      const q = chars[i];
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const c = chars[j];
        if (c === '\\' && j + 1 < n) {
          const e = chars[j + 1];
          value += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e;
          j += 2;
          continue;
        }
        if (c === q) {
          closed = true;
          break;
        }
        value += c;
        j++;
      }
      const last = closed ? j : n - 1;
      const range = { start: posAt(first), end: endPos(last) };
      if (!closed) {
        problems.push({
          message: 'unterminated quoted value: with configuration_includes_quoted_values on Squid stops ("missing quote char at the end of quoted string"); otherwise it reads the quote as part of the value',
          range,
          hazard: true,
        });
      }
      tokens.push({ text: value, raw: chars.slice(first, last + 1), range, quoted: true });
      i = last + 1;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(chars[j])) j++;
    const rawText = chars.slice(first, j);
    tokens.push({ text: rawText, raw: rawText, range: { start: posAt(first), end: endPos(j - 1) }, quoted: false });
    i = j;
  }
  if (!tokens.length) return;
  const [name, ...args] = tokens;
  directives.push({
    name: name.text,
    lname: name.text.toLowerCase(),
    args,
    range: { start: name.range.start, end: (args.length ? args[args.length - 1] : name).range.end },
    nameRange: name.range,
    terminated: true,
    file,
  });
}

/** `key=value` of a Squid option argument: the key as written and a synthetic Arg covering the value only. */
export function splitOption(arg: Arg): { key: string; value: Arg } | undefined {
  if (arg.quoted) return undefined;
  const eq = arg.text.indexOf('=');
  if (eq <= 0) return undefined;
  const key = arg.text.slice(0, eq);
  const valueText = arg.text.slice(eq + 1);
  const sameLine = arg.range.start.line === arg.range.end.line && arg.raw.length === arg.range.end.character - arg.range.start.character;
  const start = sameLine ? { line: arg.range.start.line, character: arg.range.start.character + eq + 1 } : arg.range.start;
  return { key, value: { text: valueText, raw: valueText, range: { start, end: arg.range.end }, quoted: false } };
}
