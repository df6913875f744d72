// Apache httpd 2.4 configuration parser. It follows httpd's reader (server/util.c ap_cfg_getline,
// ap_getword_conf, substring_conf; server/config.c ap_build_config_sub, ap_build_cont_config) for what a
// line, a word and a section are:
//   - a line ends at LF (a CR before it is dropped); a `\` right before the line end joins the next line
//     to it, without the backslash and keeping the next line's leading blanks (`o\` + `n` is `on`); this
//     holds for comment lines too (a comment ending in `\` swallows the next line);
//   - leading and trailing blanks of the joined line are ignored; an empty line or one whose first
//     character is `#` is a comment. A `#` after arguments is NOT a comment: httpd passes it (and the
//     rest of the line) to the directive as arguments (an error for mod_ssl's SSL* directives, which all
//     refuse extra words; a hazard for others, which may take `#fff`-like values);
//   - words are separated by blanks; a word starting with `"` or `'` runs to the same quote (a `\`
//     escapes the quote and `\` itself; an unterminated quote runs to the end of the line) and the next
//     word starts right after the closing quote; in unquoted words `\\` is one backslash;
//   - directive names are case-insensitive; `<Name args>` opens a section, `</Name>` closes the innermost
//     one (case-insensitive; the first word must be exactly `</Name>`, anything after it is ignored); the
//     arguments of an opening tag are the words before its last `>`.
// `${VAR}` references are kept as written: httpd expands them over the whole line before splitting it into
// words, with the values of `Define` and the environment known only while reading the whole tree, so the
// workspace model expands them per argument where the value is known (model/apache/support.ts).
// Unlike httpd it never stops at the first error: it records a problem and goes on, in one linear pass
// with an explicit section stack (no recursion); at most 1000 problems are recorded.
//
// Problems httpd itself reports as a syntax error carry `apache`: the message it prints and the 1-based
// line it names (the last physical line of a joined line). Problems without it are hazards (httpd
// accepts the text but almost surely not as meant) or errors httpd reports with a directive's own words
// (a `#` after arguments: "SSLProtocol: Illegal protocol '#'").

import type { Position, Range } from '../types';
import type { Arg, Comment, Directive, ParsedFile, SyntaxProblem } from './tree';
import { LineMap, SpanArg, SpanDirective } from './tree';
import { lineAt } from './text';

/** What real httpd prints when this problem is the first error it meets in the file. */
export interface ApacheErrorPrediction {
  message: string;
  /** 1-based line httpd names ("Syntax error on line N"), counting LF characters. */
  line: number;
}

export interface ApacheSyntaxProblem extends SyntaxProblem {
  apache?: ApacheErrorPrediction;
}

/**
 * Sections whose body httpd reads at configuration-read time (EXEC_ON_READ): `<IfModule>`, `<IfDefine>`,
 * `<IfVersion>`, `<IfFile>`, `<IfDirective>`, `<IfSection>`, `<Macro>`. httpd does not notice when a true one
 * is left open at the end of a file, and fails ("Expected </IfModule> before end of configuration") when
 * a false one is; either way it is a mistake.
 */
export const APACHE_READ_TIME_SECTIONS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'macro']);

/** Sections httpd refuses without an argument ("<X> directive requires additional arguments"). */
const SECTIONS_NEEDING_ARGS = new Set([
  'virtualhost', 'ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection', 'directory', 'directorymatch',
  'location', 'locationmatch', 'files', 'filesmatch', 'proxy', 'proxymatch', 'macro', 'if', 'elseif', 'limit', 'limitexcept',
]);

const MAX_PROBLEMS = 1000;
const LF = 10, CR = 13, SPACE = 32, TAB = 9, BSLASH = 92, DQ = 34, SQ = 39, HASH = 35, LT = 60, GT = 62, SLASH = 47;

function isBlank(c: number): boolean {
  // apr_isspace: space, \t, \n, \v, \f, \r
  return c === SPACE || c === TAB || c === CR || c === 11 || c === 12 || c === LF;
}

/** httpd's substring_conf: `\\` and (in a quoted word) `\<quote>` lose their backslash. */
export function unescapeApache(s: string, quote?: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && (s[i + 1] === '\\' || (quote !== undefined && s[i + 1] === quote))) {
      out += s[++i];
      continue;
    }
    out += c;
  }
  return out;
}

/** A word as splitWords reports it (made only for lines argHazards must look at). */
interface Word {
  text: string;
  raw: string;
  quoted: boolean;
  /** Index in the logical line of the first character and one past the last. */
  from: number;
  to: number;
  unterminated: boolean;
  /** A closing quote followed directly by a non-blank: httpd starts a new word there. */
  glued: boolean;
}

/** httpd's ap_getword_conf over a logical line from index `i`: the words up to `end`. */
function splitWords(chars: string, start: number, end: number): Word[] {
  const words: Word[] = [];
  let i = start;
  while (i < end && isBlank(chars.charCodeAt(i))) i++;
  while (i < end) {
    const q = chars.charCodeAt(i);
    const from = i;
    if (q === DQ || q === SQ) {
      let j = i + 1;
      while (j < end && chars.charCodeAt(j) !== q) {
        const c = chars.charCodeAt(j);
        if (c === BSLASH && j + 1 < end && (chars.charCodeAt(j + 1) === q || chars.charCodeAt(j + 1) === BSLASH)) j += 2;
        else j++;
      }
      const unterminated = j >= end;
      const inner = chars.slice(i + 1, Math.min(j, end));
      const to = unterminated ? end : j + 1;
      const glued = !unterminated && to < end && !isBlank(chars.charCodeAt(to));
      words.push({ text: unescapeApache(inner, String.fromCharCode(q)), raw: chars.slice(from, to), quoted: true, from, to, unterminated, glued });
      i = to;
    } else {
      let j = i;
      while (j < end && !isBlank(chars.charCodeAt(j))) j++;
      words.push({ text: unescapeApache(chars.slice(i, j)), raw: chars.slice(i, j), quoted: false, from, to: j, unterminated: false, glued: false });
      i = j;
    }
    while (i < end && isBlank(chars.charCodeAt(i))) i++;
  }
  return words;
}

/**
 * Positions are never changed once made, and the same (line, character) pairs come back in file after
 * file (site files of one generator or one admin look alike): one object for each pair instead of one
 * per directive end. A 10,000-vhost tree held 1.4 million positions; shared, 9,400 (and 37,000 ranges).
 * The tables are bounded: when one is full it starts over (trees made before keep their objects).
 */
const positions = new Map<number, Position>();
const MAX_SHARED = 1 << 16;

/**
 * The frozen object a table holds for `key`, made (and frozen: a change through one range would move
 * every range sharing it) on first use. A full table starts over.
 */
function shared<T extends object>(table: Map<number, T>, key: number, make: () => T): T {
  let v = table.get(key);
  if (v === undefined) {
    v = Object.freeze(make());
    if (table.size >= MAX_SHARED) table.clear();
    table.set(key, v);
  }
  return v;
}

function sharedPosition(line: number, character: number): Position {
  if (line >= 1 << 20 || character >= 1 << 10) return { line, character };
  return shared(positions, line * 1024 + character, () => ({ line, character }));
}

/** One frozen Range per one-line span (line, first and last character), like positions: arguments and names repeat. */
const ranges = new Map<number, Range>();

function sharedRange(start: Position, end: Position): Range {
  if (start.line !== end.line || start.line >= 1 << 20 || start.character >= 1 << 10 || end.character >= 1 << 10) return { start, end };
  return shared(ranges, (start.line * 1024 + start.character) * 1024 + end.character, () => ({ start, end }));
}

/**
 * The file's LineMap, handing out the shared positions and ranges above: the tree's ranges are made
 * when first read, and are then the same shared frozen objects the parser used to make for every one.
 */
class SharedLineMap extends LineMap {
  constructor(private readonly lineStarts: number[]) {
    super(lineStarts);
  }

  override position(offset: number): Position {
    const line = lineAt(this.lineStarts, offset);
    return sharedPosition(line, offset - this.lineStarts[line]);
  }

  override range(start: number, end: number): Range {
    return sharedRange(this.position(start), this.position(end));
  }
}

interface OpenSection {
  directive: SpanDirective;
  children: Directive[];
  /** Name as written (without `<`), for messages. */
  name: string;
  /** LF-counted line of the opening tag (httpd names it in "was not closed"). */
  apacheLine: number;
}

/** Names and arguments up to this long are interned (see `intern`). */
const MAX_INTERNED = 40;

/** Slots of the table of recent words (see `internAt`); a power of two. */
const RECENT_SLOTS = 1024;

/**
 * Directives and arguments are SpanDirective / SpanArg objects, as nginx's: they keep source offsets and
 * the file's LineMap, and make their ranges when first read. The 10,000-vhost bench tree holds 200,000
 * directives and 270,000 arguments; a lint of it reads the ranges of 20,000 directives and 80,000
 * arguments. Ranges that are not in those objects (sections' tags, comments, problems) are made at once.
 */
class ApacheParser {
  readonly directives: Directive[] = [];
  readonly comments: Comment[] = [];
  readonly problems: ApacheSyntaxProblem[] = [];
  private readonly stack: OpenSection[] = [];
  /** LF-counted line number of the current physical line. */
  private lineNo = 1;
  /**
   * Where every line starts, counted as lineStarts counts them (LF, CR LF and a lone CR end a line),
   * filled while the physical lines are read: the positions of a logical line are asked for only once
   * its physical lines are read, and the lazy ones after the whole text is.
   */
  private readonly starts: number[] = [0];
  private readonly lines = new SharedLineMap(this.starts);

  // The logical line being read. A line of one physical line (nearly every line) is read in place:
  // `chars` is the whole text and an index into it is an offset. A joined line is a string of its own,
  // and its character k comes from offset `offsets[k]` (`endOffset` for k past its end).
  private chars = '';
  private offsets: number[] | undefined = undefined;
  /** Offset just past the last character of the logical line (before the line break). */
  private endOffset = 0;
  /** 1-based LF-counted line numbers of the first and last physical lines of the logical line. */
  private firstLine = 1;
  private lastLine = 1;

  /** What scanWord found about the word it scanned (fields, not a result object: one word at a time). */
  private wordQuoted = false;
  /** A backslash in the word: its text needs unescapeApache. */
  private wordEscaped = false;
  /** Hash of the characters of an unquoted word (see `internAt`). */
  private wordHash = 0;
  /** End of the text of a quoted word (its closing quote, or the line end when it has none). */
  private wordInnerEnd = 0;
  /**
   * Set while scanning the words after a name when one may need a problem from argHazards (a word
   * starting with `#`, an unterminated quote, a word glued to a closing quote). The words of such a
   * line are then split again with splitWords for argHazards, as before; other lines never make Words.
   */
  private hazard = false;
  /** The arguments being read; the directive gets a copy of the exact length. */
  private readonly pending: Arg[] = [];

  constructor(private readonly file: string, private readonly text: string) {}

  /** The word last met with each hash (see `internAt`). */
  private readonly recentWords: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS);

  /** Names and short arguments repeat from vhost to vhost: one string for each within a file. */
  private readonly strings = new Map<string, string>();

  private intern(text: string): string {
    if (text.length > MAX_INTERNED) return text;
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  /**
   * `intern(text.slice(start, end))` for an unquoted word read in place, whose characters scanWord has
   * hashed: a word seen recently is found without cutting it out of the text first (the 10,000-vhost
   * bench tree has 470,000 names and arguments, nearly all of them repeats). A slot holds the last word with its
   * hash; a word that finds another there is cut and takes the slot. Two words may then share the slot
   * in turn and each be kept as several strings: a matter of memory only, and rare with this many slots.
   */
  private internAt(start: number, end: number, hash: number): string {
    const len = end - start;
    if (len > MAX_INTERNED) return this.text.slice(start, end);
    const slot = (hash ^ (hash >>> 12)) & (RECENT_SLOTS - 1);
    const known = this.recentWords[slot];
    if (known !== undefined && known.length === len && this.text.startsWith(known, start)) return known;
    const s = this.text.slice(start, end);
    this.recentWords[slot] = s;
    return s;
  }

  /** Interned name -> interned lower-cased name (a large tree has a few dozen names in 200,000 directives). */
  private readonly lowerNames = new Map<string, string>();

  private lower(name: string): string {
    let l = this.lowerNames.get(name);
    if (l === undefined) {
      l = this.intern(name.toLowerCase());
      if (name.length <= MAX_INTERNED) this.lowerNames.set(name, l);
    }
    return l;
  }

  private range(from: number, to: number): Range {
    return this.lines.range(from, to);
  }

  private problem(message: string, range: Range, apache?: ApacheErrorPrediction, hazard?: boolean): void {
    if (this.problems.length >= MAX_PROBLEMS) return;
    const p: ApacheSyntaxProblem = { message, range };
    if (apache) p.apache = apache;
    if (hazard) p.hazard = true;
    this.problems.push(p);
  }

  private get current(): Directive[] {
    return this.stack.length ? this.stack[this.stack.length - 1].children : this.directives;
  }

  run(): void {
    const text = this.text;
    const len = text.length;
    const starts = this.starts;
    // The next CR, for the line starts a lone CR makes (one search per CR, none in a file without).
    let cr = text.indexOf('\r');
    let i = 0;
    while (i < len) {
      // Read one logical line: physical lines joined at a `\` right before the line break.
      let chars = '';
      // Per-character offsets only once a second physical line is joined (rare).
      let offsets: number[] | undefined;
      const start = i;
      const firstLine = this.lineNo;
      for (;;) {
        let nl = text.indexOf('\n', i);
        if (nl < 0) nl = len;
        while (cr >= 0 && cr < nl) {
          if (text.charCodeAt(cr + 1) !== LF) starts.push(cr + 1);
          cr = text.indexOf('\r', cr + 1);
        }
        if (nl < len) starts.push(nl + 1);
        let end = nl;
        if (end > i && text.charCodeAt(end - 1) === CR) end--;
        const continued = end > i && text.charCodeAt(end - 1) === BSLASH && nl < len;
        // A `\` on the very last line (no line break after it) is kept: there is nothing to join.
        const contentEnd = continued ? end - 1 : end;
        if (!continued && i === start) {
          // One physical line: read in place.
          if (nl < len) this.lineNo++;
          i = nl < len ? nl + 1 : len;
          this.chars = text;
          this.offsets = undefined;
          this.endOffset = contentEnd;
          this.firstLine = this.lastLine = firstLine;
          this.line(start, contentEnd);
          break;
        }
        if (i !== start && offsets === undefined) {
          offsets = [];
          for (let k = start; k < start + chars.length; k++) offsets.push(k);
        }
        chars += text.slice(i, contentEnd);
        if (offsets !== undefined) for (let k = i; k < contentEnd; k++) offsets.push(k);
        i = nl < len ? nl + 1 : len;
        if (nl < len) this.lineNo++;
        if (!continued) {
          this.chars = chars;
          this.offsets = offsets;
          this.endOffset = contentEnd;
          this.firstLine = firstLine;
          this.lastLine = nl0(this.lineNo, firstLine, text, i);
          this.line(0, chars.length);
          break;
        }
      }
    }
    this.finish();
  }

  /** Offset of character k of the logical line. */
  private at(k: number): number {
    const offsets = this.offsets;
    if (offsets === undefined) return k;
    return k < offsets.length ? offsets[k] : this.endOffset;
  }

  /** Offset just past character k-1 of the line (the end of a span ending at k). */
  private endAt(k: number): number {
    const offsets = this.offsets;
    if (offsets === undefined) return k;
    return k <= 0 || k > offsets.length ? this.at(k) : offsets[k - 1] + 1;
  }

  private spanRange(from: number, to: number): Range {
    return this.range(this.at(from), to > from ? this.endAt(to) : this.at(from));
  }

  /** The logical line's characters [b, end) of `chars`. */
  private line(b: number, end: number): void {
    const chars = this.chars;
    let s = b;
    while (s < end && isBlank(chars.charCodeAt(s))) s++;
    let e = end;
    while (e > s && isBlank(chars.charCodeAt(e - 1))) e--;
    if (s >= e) return;
    const first = chars.charCodeAt(s);
    if (first === HASH) {
      this.comments.push({ text: chars.slice(s + 1, e), range: this.spanRange(s, e) });
      return;
    }
    if (first === LT) {
      // (s + 1 may be e: past it is a blank, the line break or the end of the text, never `/`.)
      if (chars.charCodeAt(s + 1) === SLASH) this.closeTag(s, e);
      else this.openTag(s, e);
      return;
    }
    const nameEnd = this.scanWord(s, e);
    const name = this.plainInPlace() ? this.internAt(s, nameEnd, this.wordHash) : this.intern(this.wordText(s, nameEnd));
    this.hazard = false;
    const args = this.readArgs(nameEnd, e);
    const d = SpanDirective.make(name, this.lower(name), args, true, this.file, this.lines, this.at(s), this.endAt(nameEnd), this.endAt(e));
    this.current.push(d);
    if (this.hazard) this.argHazards(name, splitWords(chars, nameEnd, e));
  }

  /**
   * httpd's ap_getword_conf for the word at `i` (not a blank) of the current line: where it ends
   * (wordQuoted, wordEscaped and wordInnerEnd tell the rest). It must split as splitWords does.
   */
  private scanWord(i: number, end: number): number {
    const chars = this.chars;
    const q = chars.charCodeAt(i);
    let escaped = false;
    let j: number;
    if (q === DQ || q === SQ) {
      j = i + 1;
      while (j < end) {
        const c = chars.charCodeAt(j);
        if (c === q) break;
        if (c === BSLASH) {
          escaped = true;
          const n = j + 1 < end ? chars.charCodeAt(j + 1) : -1;
          if (n === q || n === BSLASH) {
            j += 2;
            continue;
          }
        }
        j++;
      }
      this.wordQuoted = true;
      this.wordEscaped = escaped;
      if (j >= end) {
        // Unterminated: the word runs to the end of the line.
        this.wordInnerEnd = end;
        this.hazard = true;
        return end;
      }
      this.wordInnerEnd = j;
      // A closing quote followed directly by a non-blank (the next word starts there).
      if (j + 1 < end && !isBlank(chars.charCodeAt(j + 1))) this.hazard = true;
      return j + 1;
    }
    if (q === HASH) this.hazard = true;
    j = i;
    let hash = 0;
    while (j < end) {
      const c = chars.charCodeAt(j);
      if (isBlank(c)) break;
      if (c === BSLASH) escaped = true;
      hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    this.wordQuoted = false;
    this.wordEscaped = escaped;
    this.wordHash = hash;
    return j;
  }

  /** The text of the word [from, to) scanWord has just scanned, as splitWords makes it. */
  private wordText(from: number, to: number): string {
    const chars = this.chars;
    if (this.wordQuoted) {
      const inner = chars.slice(from + 1, this.wordInnerEnd);
      return this.wordEscaped ? unescapeApache(inner, chars[from]) : inner;
    }
    const s = chars.slice(from, to);
    return this.wordEscaped ? unescapeApache(s) : s;
  }

  /** The words of the current line in [i, end) as arguments. */
  private readArgs(i: number, end: number): Arg[] {
    const chars = this.chars;
    const pending = this.pending;
    let n = 0;
    while (i < end && isBlank(chars.charCodeAt(i))) i++;
    while (i < end) {
      const to = this.scanWord(i, end);
      pending[n++] = this.makeArg(i, to);
      i = to;
      while (i < end && isBlank(chars.charCodeAt(i))) i++;
    }
    return n === 0 ? [] : pending.slice(0, n);
  }

  /** The word scanWord has just scanned is unquoted, without a backslash, on a line read in place: its text is its source. */
  private plainInPlace(): boolean {
    return !this.wordQuoted && !this.wordEscaped && this.offsets === undefined;
  }

  private makeArg(from: number, to: number): Arg {
    if (this.plainInPlace()) {
      const word = this.internAt(from, to, this.wordHash);
      return SpanArg.make(word, word, false, this.lines, from, to);
    }
    const start = this.at(from);
    const end = this.endAt(to);
    // The source of a joined word keeps the backslash and line break; its text does not.
    const raw = this.intern(this.text.slice(start, end));
    const text = this.wordText(from, to);
    // One string for both when they are equal (most arguments): the tree keeps half as many.
    return SpanArg.make(text === raw ? raw : this.intern(text), raw, this.wordQuoted, this.lines, start, end);
  }

  /** A `#` after arguments, an unterminated quote, a word glued to a closing quote. */
  private argHazards(name: string, args: Word[]): void {
    const hash = args.findIndex((w) => !w.quoted && w.text.startsWith('#'));
    if (hash >= 0) {
      const w = args[hash];
      const shown = args.slice(hash).map((x) => x.raw).join(' ');
      // mod_ssl's directives all refuse extra words (fixed arity or keyword values): httpd stops there.
      // Other directives may take a `#…` word as a value (`Header set X-Color #fff`): a hazard.
      const refused = name.toLowerCase().startsWith('ssl');
      this.problem(
        `\`#\` starts a comment only at the beginning of a line: httpd passes \`${clip(shown)}\` to ${name} as argument${args.length - hash > 1 ? 's' : ''}${refused ? ' and refuses to start' : ''}; put the comment on its own line`,
        this.spanRange(w.from, args[args.length - 1].to),
        undefined,
        !refused,
      );
    }
    for (const w of args) {
      if (w.unterminated) {
        this.problem(`unterminated quote: httpd reads ${clip(w.raw)} to the end of the line as one argument; close the quote`, this.spanRange(w.from, w.to), undefined, true);
      } else if (w.glued) {
        this.problem(`no blank after the closing quote of ${clip(w.raw)}: httpd starts a new argument right after it`, this.spanRange(w.from, w.to), undefined, true);
      }
    }
  }

  private openTag(s: number, e: number): void {
    const chars = this.chars;
    // The first word is `<Name` (or `<Name>` when there are no arguments).
    let j = s + 1;
    while (j < e && !isBlank(chars.charCodeAt(j))) j++;
    let nameEnd = j;
    const bareClose = chars.charCodeAt(j - 1) === GT;
    if (bareClose) nameEnd = j - 1;
    const name = this.intern(chars.slice(s + 1, nameEnd));
    // The last `>` of the line after the name (searched within the line: `chars` may be the whole text).
    let gt = -1;
    for (let k = e - 1; k >= nameEnd; k--) {
      if (chars.charCodeAt(k) === GT) {
        gt = k;
        break;
      }
    }
    const hasGt = gt >= 0;
    const argEnd = bareClose ? nameEnd : hasGt ? gt : e;
    this.hazard = false;
    const args = bareClose ? [] : this.readArgs(j, argEnd);
    const openEnd = hasGt ? gt + 1 : e;
    const d = SpanDirective.make(name, this.lower(name), args, false, this.file, this.lines, this.at(s), this.endAt(nameEnd), this.endAt(e));
    // The name range starts after the `<`, not where the directive does: made here.
    d.nameRange = this.spanRange(s + 1, nameEnd);
    d.blockOpenRange = this.spanRange(s, openEnd);
    d.block = [];
    this.current.push(d);
    const lastLine = this.lastLine;
    if (!name) {
      this.problem('a section tag needs a name: `<Name arguments>`', this.spanRange(s, openEnd), { message: "Invalid command '<', perhaps misspelled or defined by a module not included in the server configuration", line: lastLine });
    } else if (!hasGt) {
      this.problem(`<${name}> is missing its closing \`>\``, this.spanRange(s, e), { message: `<${name}> directive missing closing '>'`, line: lastLine });
    } else if (!args.length && SECTIONS_NEEDING_ARGS.has(d.lname)) {
      this.problem(`<${name}> needs an argument`, this.spanRange(s, openEnd), { message: `<${name}> directive requires additional arguments`, line: lastLine });
    }
    if (this.hazard) this.argHazards(`<${name}>`, splitWords(chars, j, argEnd));
    this.stack.push({ directive: d, children: d.block, name, apacheLine: this.firstLine });
  }

  private closeTag(s: number, e: number): void {
    const chars = this.chars;
    let j = s + 2;
    while (j < e && !isBlank(chars.charCodeAt(j))) j++;
    const word = chars.slice(s + 2, j);
    const hasGt = word.endsWith('>');
    const name = hasGt ? word.slice(0, -1) : word;
    const tagRange = this.spanRange(s, j);
    const lastLine = this.lastLine;
    if (!hasGt) {
      this.problem(`</${name}> is missing its closing \`>\` (nothing may follow the name inside the tag)`, tagRange, { message: `</${name}> directive missing closing '>'`, line: lastLine });
    }
    const lname = name.toLowerCase();
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.problem(`</${name}> closes no open <${name}> section`, tagRange, { message: `</${name}> without matching <${name}> section`, line: lastLine });
      return;
    }
    if (top.directive.lname === lname) {
      this.close(top, e, tagRange);
      return;
    }
    const depth = this.findOpen(lname);
    if (hasGt) {
      // Inside a read-time conditional, httpd names the line of the conditional when its condition is
      // false (it skips the body by matching tags) and this line when true: no line can be predicted.
      const insideConditional = this.stack.some((x) => APACHE_READ_TIME_SECTIONS.has(x.directive.lname));
      this.problem(
        `</${name}> does not close the innermost section, <${top.name}> (opened on line ${top.directive.range.start.line + 1})`,
        tagRange,
        insideConditional ? undefined : { message: `Expected </${top.name}> but saw </${name}>`, line: lastLine },
      );
    }
    if (depth < 0) return;
    // Recovery: the sections above the matching one were left open; close them here.
    while (this.stack.length - 1 > depth) this.stack.pop();
    this.close(this.stack[depth], e, tagRange);
  }

  private findOpen(lname: string): number {
    for (let k = this.stack.length - 1; k >= 0; k--) if (this.stack[k].directive.lname === lname) return k;
    return -1;
  }

  private close(sec: OpenSection, e: number, tagRange: Range): void {
    const d = sec.directive;
    d.blockCloseRange = tagRange;
    d.endAt(this.endAt(e));
    d.terminated = true;
    this.stack.splice(this.stack.indexOf(sec), 1);
  }

  private finish(): void {
    for (const sec of this.stack) {
      const d = sec.directive;
      const line = d.range.start.line; // 0-based editor line; httpd names the opening line (LF-counted)
      const apacheLine = sec.apacheLine;
      const conditional = APACHE_READ_TIME_SECTIONS.has(d.lname);
      this.problem(
        conditional
          ? `<${sec.name}> is not closed: httpd fails ("Expected </${sec.name}> before end of configuration") when the condition is false and silently runs the rest of the file inside it when true; add </${sec.name}>`
          : `<${sec.name}> is not closed (opened on line ${line + 1}); add </${sec.name}>`,
        d.blockOpenRange ?? d.nameRange,
        conditional ? undefined : { message: `<${sec.name}> was not closed.`, line: apacheLine },
      );
      d.endAt(this.text.length);
    }
    this.stack.length = 0;
  }
}

/** The LF-counted line of the last physical line of a logical line ending before offset `next`. */
function nl0(lineNoAfter: number, firstLine: number, text: string, next: number): number {
  // lineNo was incremented for every LF consumed; the logical line's last physical line is the one before
  // the last LF consumed (or the current one at the end of the text without a final LF).
  if (next > 0 && text.charCodeAt(next - 1) === LF) return Math.max(firstLine, lineNoAfter - 1);
  return lineNoAfter;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Parse an Apache httpd configuration file. Never throws; linear in the size of the text. */
export function parseApache(file: string, text: string): ParsedFile {
  const p = new ApacheParser(file, text);
  p.run();
  return { file, dialect: 'apache', text, directives: p.directives, comments: p.comments, problems: p.problems };
}
