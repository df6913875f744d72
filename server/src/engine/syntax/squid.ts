// Squid's configuration reader, as src/cache_cf.cc (parseOneConfigFile) and src/ConfigParser.cc read it:
// one directive per logical line; leading white space is skipped; a line whose first non-blank character
// is `#` is a comment, and so is everything from a token that starts with `#`; a line ending in `\` goes
// on with the next non-comment line, whose leading white space is dropped and whose text is glued on
// directly (no space is inserted); `"…"` tokens are quoted values. `key=value` options stay one argument
// each, with their own range. Macros (`${process_name}`, `${service_name}`, `${process_number}`) are left
// as written. `if`/`else`/`endif` lines are directives like any other.
// The reader never throws and is linear in the input.

import type { Arg, Comment, Directive, ParsedFile, SyntaxProblem } from './tree';
import type { Range } from '../types';
import { LineMap, SpanArg, SpanDirective } from './tree';
import { lineStarts } from './text';

/** Squid reads lines with fgets() into a BUFSIZ buffer; longer lines are split there. */
const SQUID_LINE_LIMIT = 8192;

/** One physical piece of a logical line: its text and the offset of its first character. */
interface Segment {
  offset: number;
  text: string;
}

/** Space, tab, vertical tab, form feed, carriage return (by character code: no one-character strings). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

/**
 * Squid splits lines at "\n" only (a lone "\r" is white space to it), while editors and LSP also break
 * lines at a lone "\r": the reader works in offsets, and positions are given in the editor's lines.
 */
export function parseSquid(file: string, text: string): ParsedFile {
  const directives: Directive[] = [];
  const comments: Comment[] = [];
  const problems: SyntaxProblem[] = [];
  const lines = new LineMap(lineStarts(text));
  const reader: Reader = { file, lines, directives, comments, problems };
  let pending: Segment[] = [];

  for (let lineStart = 0; lineStart <= text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const next = lineEnd + 1;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    let start = lineStart;
    if (lineStart === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
    while (start < contentEnd && isSpace(text.charCodeAt(start))) start++;
    if (contentEnd - lineStart > SQUID_LINE_LIMIT) {
      problems.push({ message: `line longer than ${SQUID_LINE_LIMIT} characters: Squid reads it in pieces, as separate lines`, range: lines.range(start, contentEnd), hazard: true });
    }
    lineStart = next;
    if (start >= contentEnd) continue;
    if (text[start] === '#') {
      comments.push({ text: text.slice(start + 1, contentEnd), range: lines.range(start, contentEnd) });
      continue;
    }
    if (text.charCodeAt(contentEnd - 1) === 92 /* \ */) {
      pending.push({ offset: start, text: text.slice(start, contentEnd - 1) });
      continue;
    }
    if (!pending.length) {
      // The usual line, read in place: no copy of it and no piece records.
      readLogicalLine(reader, text, start, contentEnd, undefined);
      continue;
    }
    pending.push({ offset: start, text: text.slice(start, contentEnd) });
    readPieces(reader, pending);
    pending = [];
  }
  if (pending.length) {
    const last = pending[pending.length - 1];
    problems.push({
      message: 'the file ends inside a line continuation (a trailing "\\"): Squid drops this unfinished directive',
      range: lines.range(last.offset, last.offset + last.text.length + 1),
      hazard: true,
    });
  }
  return { file, dialect: 'squid', text, directives, comments, problems };
}

interface Reader {
  file: string;
  lines: LineMap;
  directives: Directive[];
  comments: Comment[];
  problems: SyntaxProblem[];
}

/** Tokenize a logical line of several physical pieces (glued without separator) into a directive. */
function readPieces(r: Reader, segs: Segment[]): void {
  const chars = segs.map((s) => s.text).join('');
  const at: number[] = [];
  for (const s of segs) for (let i = 0; i < s.text.length; i++) at.push(s.offset + i);
  readLogicalLine(r, chars, 0, chars.length, at);
}

/**
 * The arguments of the line being read. They are collected here and copied into a list of their own
 * length: an argument list grown by push keeps room for 16, and the tree keeps every list (squid-10000:
 * 40,000 directives, of three to twelve arguments).
 */
const reading: Arg[] = [];

/** A name as the tree's `lname`: the name itself when it has no upper-case letter (no copy). */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/** The offset in the file of character i of a logical line: `at[i]` for pieces, else i itself. */
const offsetOf = (at: number[] | undefined, i: number): number => (at ? at[i] : i);

/**
 * Tokenize the characters [from, to) of `chars` into a directive. A line of one piece is read in the
 * file's text itself (a character's index is its offset); a glued line of several pieces comes with the
 * offset of each of its characters (`at`). Per line this makes the directive, its argument list and
 * one object and one string per token, and no helper closures or token lists (a Squid bench tree of
 * 50,000 lines: 55 MB allocated in this reader before, when every line was a piece record and a copy).
 */
function readLogicalLine(r: Reader, chars: string, from: number, to: number, at: number[] | undefined): void {
  const { lines } = r;
  let name: SpanArg | undefined;
  reading.length = 0;
  let start = 0;
  let nameEnd = 0;
  let end = 0;
  let i = from;
  const n = to;
  while (i < n) {
    while (i < n && isSpace(chars.charCodeAt(i))) i++;
    if (i >= n) break;
    if (chars[i] === '#') {
      // The rest of the logical line is a comment (one Comment per physical piece it covers).
      let j = i;
      while (j < n) {
        let k = n - 1;
        if (at) {
          k = j;
          while (k + 1 < n && at[k + 1] === at[k] + 1) k++;
        }
        r.comments.push({ text: chars.slice(j === i ? j + 1 : j, k + 1), range: lines.range(offsetOf(at, j), offsetOf(at, k) + 1) });
        j = k + 1;
      }
      break;
    }
    const first = i;
    let token: SpanArg;
    let last: number;
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
      last = closed ? j : n - 1;
      if (!closed) {
        r.problems.push({
          message: 'unterminated quoted value: with configuration_includes_quoted_values on Squid stops ("missing quote char at the end of quoted string"); otherwise it reads the quote as part of the value',
          range: lines.range(offsetOf(at, first), offsetOf(at, last) + 1),
          hazard: true,
        });
      }
      token = SpanArg.make(value, chars.slice(first, last + 1), true, lines, offsetOf(at, first), offsetOf(at, last) + 1);
    } else {
      let j = i;
      while (j < n && !isSpace(chars.charCodeAt(j))) j++;
      last = j - 1;
      const rawText = chars.slice(first, j);
      token = SpanArg.make(rawText, rawText, false, lines, offsetOf(at, first), offsetOf(at, last) + 1);
    }
    end = offsetOf(at, last) + 1;
    if (name) reading.push(token);
    else {
      name = token;
      start = offsetOf(at, first);
      nameEnd = end;
    }
    i = last + 1;
  }
  if (!name) return;
  const args = reading.slice();
  reading.length = 0;
  r.directives.push(SpanDirective.make(name.text, lowerName(name.text), args, true, r.file, lines, start, nameEnd, end));
}

/** `key=value` of a Squid option argument: the key as written and a synthetic Arg covering the value only. */
export function splitOption(arg: Arg): { key: string; value: Arg } | undefined {
  if (arg.quoted) return undefined;
  const eq = arg.text.indexOf('=');
  if (eq <= 0) return undefined;
  return { key: arg.text.slice(0, eq), value: optionValue(arg, eq) };
}

/** The value of an unquoted option argument whose `=` is at `eq`, as a synthetic Arg (see OptionValue). */
export function optionValue(arg: Arg, eq: number): Arg {
  return OptionValue.make(arg.text.slice(eq + 1), arg, eq);
}

/**
 * The part of an option argument after its `=`. Its range is made from the argument's the first time
 * it is read, then kept: the Squid policy splits every option of every port and peer line, and rules
 * read the ranges of the few they report (a lint of a 10,000-port tree made 140,000 of these). When the
 * argument spans several lines (a continuation inside it), the value's range starts where the
 * argument does. Serializes as a plain Arg. Made by `make`, as an object literal, for the reason
 * SpanArg is (syntax/tree.ts): V8 then allocates them straight in the old generation once it sees
 * they all survive, as they do in the policy.
 */
class OptionValue implements Arg {
  declare text: string;
  declare raw: string;
  declare quoted: boolean;
  declare private readonly arg: Arg;
  declare private readonly eq: number;
  declare private cachedRange: Range | undefined;

  private constructor() {}

  static make(text: string, arg: Arg, eq: number): OptionValue {
    return { __proto__: OptionValue.prototype, text, raw: text, quoted: false, arg, eq, cachedRange: undefined } as unknown as OptionValue;
  }

  get range(): Range {
    if (this.cachedRange) return this.cachedRange;
    const r = this.arg.range;
    const sameLine = r.start.line === r.end.line && this.arg.raw.length === r.end.character - r.start.character;
    const start = sameLine ? { line: r.start.line, character: r.start.character + this.eq + 1 } : r.start;
    return (this.cachedRange = { start, end: r.end });
  }
  set range(r: Range) {
    this.cachedRange = r;
  }

  toJSON(): Arg {
    return { text: this.text, raw: this.raw, range: this.range, quoted: this.quoted };
  }
}
