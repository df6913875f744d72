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
import { TextIndex } from './text';

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

/**
 * One joined line: its characters and where each comes from in the source: character k is at
 * `start + k` for a line of one physical line, at `offsets[k]` for joined lines.
 */
interface LogicalLine {
  chars: string;
  start: number;
  offsets: number[] | undefined;
  /** Offset just past the last character (before the line break). */
  endOffset: number;
  /** 1-based LF-counted line numbers of the first and last physical lines. */
  firstLine: number;
  lastLine: number;
}

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

interface OpenSection {
  directive: Directive;
  children: Directive[];
  /** Name as written (without `<`), for messages. */
  name: string;
  /** LF-counted line of the opening tag (httpd names it in "was not closed"). */
  apacheLine: number;
}

class ApacheParser {
  private readonly index: TextIndex;
  readonly directives: Directive[] = [];
  readonly comments: Comment[] = [];
  readonly problems: ApacheSyntaxProblem[] = [];
  private readonly stack: OpenSection[] = [];
  /** LF-counted line number of the current physical line. */
  private lineNo = 1;

  constructor(private readonly file: string, private readonly text: string) {
    this.index = new TextIndex(text);
  }

  /** The line of the last position computed: the next one is nearly always on it. */
  private lineHint = 0;
  /**
   * The last few positions made, by offset: a directive's range and name range start at the same place,
   * and its last argument ends where it does. One object for each (positions are never changed) keeps a
   * 10,000-vhost tree a fifth smaller.
   */
  private readonly recent: { offset: number; p: Position }[] = [];
  private recentNext = 0;

  private pos(offset: number): Position {
    for (const r of this.recent) if (r.offset === offset) return r.p;
    const p = this.position(offset);
    if (this.recent.length < 4) this.recent.push({ offset, p });
    else {
      const slot = this.recent[this.recentNext];
      slot.offset = offset;
      slot.p = p;
      this.recentNext = (this.recentNext + 1) % 4;
    }
    return p;
  }

  private position(offset: number): Position {
    const starts = this.index.starts;
    const h = this.lineHint;
    if (offset >= starts[h] && offset <= this.text.length && (h + 1 >= starts.length || offset < starts[h + 1])) {
      return sharedPosition(h, offset - starts[h]);
    }
    const p = this.index.positionAt(offset);
    this.lineHint = p.line;
    return sharedPosition(p.line, p.character);
  }

  /** Names and short arguments repeat from vhost to vhost: one string for each within a file. */
  private readonly strings = new Map<string, string>();

  private intern(text: string): string {
    if (text.length > 40) return text;
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  private range(from: number, to: number): Range {
    return sharedRange(this.pos(from), this.pos(to));
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
    let i = 0;
    while (i < text.length) {
      // Read one logical line: physical lines joined at a `\` right before the line break.
      let chars = '';
      // Per-character offsets only once a second physical line is joined (rare).
      let offsets: number[] | undefined;
      const start = i;
      const firstLine = this.lineNo;
      let endOffset = i;
      for (;;) {
        let nl = text.indexOf('\n', i);
        if (nl < 0) nl = text.length;
        let end = nl;
        if (end > i && text.charCodeAt(end - 1) === CR) end--;
        const continued = end > i && text.charCodeAt(end - 1) === BSLASH && nl < text.length;
        const contentEnd = continued ? end - 1 : end;
        if (i !== start && offsets === undefined) {
          offsets = [];
          for (let k = start; k < start + chars.length; k++) offsets.push(k);
        }
        chars += text.slice(i, contentEnd);
        if (offsets !== undefined) for (let k = i; k < contentEnd; k++) offsets.push(k);
        endOffset = contentEnd;
        i = nl < text.length ? nl + 1 : text.length;
        if (nl < text.length) this.lineNo++;
        if (!continued) break;
        // A `\` on the very last line (no line break after it) is kept: there is nothing to join.
      }
      const lastLine = nl0(this.lineNo, firstLine, text, i);
      this.line({ chars, start, offsets, endOffset, firstLine, lastLine });
    }
    this.finish();
  }

  private at(line: LogicalLine, k: number): number {
    if (line.offsets !== undefined) return k < line.offsets.length ? line.offsets[k] : line.endOffset;
    return k < line.chars.length ? line.start + k : line.endOffset;
  }

  /** Offset just past character k-1 of the line (the end of a span ending at k). */
  private endAt(line: LogicalLine, k: number): number {
    if (k <= 0 || k > line.chars.length) return this.at(line, k);
    return line.offsets !== undefined ? line.offsets[k - 1] + 1 : line.start + k;
  }

  private spanRange(line: LogicalLine, from: number, to: number): Range {
    return this.range(this.at(line, from), to > from ? this.endAt(line, to) : this.at(line, from));
  }

  private line(line: LogicalLine): void {
    const { chars } = line;
    let s = 0;
    while (s < chars.length && isBlank(chars.charCodeAt(s))) s++;
    let e = chars.length;
    while (e > s && isBlank(chars.charCodeAt(e - 1))) e--;
    if (s >= e) return;
    if (chars.charCodeAt(s) === HASH) {
      this.comments.push({ text: chars.slice(s + 1, e), range: this.spanRange(line, s, e) });
      return;
    }
    if (chars.charCodeAt(s) === LT) {
      if (chars.charCodeAt(s + 1) === SLASH) this.closeTag(line, s, e);
      else this.openTag(line, s, e);
      return;
    }
    const words = splitWords(chars, s, e);
    const nameWord = words[0];
    const args = words.slice(1);
    const d = this.makeDirective(line, nameWord, args, s, e);
    this.current.push(d);
    this.argHazards(line, d.name, args);
  }

  private makeArg(line: LogicalLine, w: Word): Arg {
    const start = this.at(line, w.from);
    const end = w.to > w.from ? this.endAt(line, w.to) : start;
    const raw = this.intern(this.text.slice(start, end));
    // One string for both when they are equal (most arguments): the tree keeps half as many.
    return { text: w.text === raw ? raw : this.intern(w.text), raw, range: this.range(start, end), quoted: w.quoted };
  }

  private makeDirective(line: LogicalLine, nameWord: Word, args: Word[], s: number, e: number): Directive {
    const name = this.intern(nameWord.text);
    return {
      name,
      lname: this.intern(name.toLowerCase()),
      args: args.map((w) => this.makeArg(line, w)),
      range: this.spanRange(line, s, e),
      nameRange: this.spanRange(line, nameWord.from, nameWord.to),
      terminated: true,
      file: this.file,
    };
  }

  /** A `#` after arguments, an unterminated quote, a word glued to a closing quote. */
  private argHazards(line: LogicalLine, name: string, args: Word[]): void {
    const hash = args.findIndex((w) => !w.quoted && w.text.startsWith('#'));
    if (hash >= 0) {
      const w = args[hash];
      const shown = args.slice(hash).map((x) => x.raw).join(' ');
      // mod_ssl's directives all refuse extra words (fixed arity or keyword values): httpd stops there.
      // Other directives may take a `#…` word as a value (`Header set X-Color #fff`): a hazard.
      const refused = name.toLowerCase().startsWith('ssl');
      this.problem(
        `\`#\` starts a comment only at the beginning of a line: httpd passes \`${clip(shown)}\` to ${name} as argument${args.length - hash > 1 ? 's' : ''}${refused ? ' and refuses to start' : ''}; put the comment on its own line`,
        this.spanRange(line, w.from, args[args.length - 1].to),
        undefined,
        !refused,
      );
    }
    for (const w of args) {
      if (w.unterminated) {
        this.problem(`unterminated quote: httpd reads ${clip(w.raw)} to the end of the line as one argument; close the quote`, this.spanRange(line, w.from, w.to), undefined, true);
      } else if (w.glued) {
        this.problem(`no blank after the closing quote of ${clip(w.raw)}: httpd starts a new argument right after it`, this.spanRange(line, w.from, w.to), undefined, true);
      }
    }
  }

  private openTag(line: LogicalLine, s: number, e: number): void {
    const { chars } = line;
    // The first word is `<Name` (or `<Name>` when there are no arguments).
    let j = s + 1;
    while (j < e && !isBlank(chars.charCodeAt(j))) j++;
    let nameEnd = j;
    const bareClose = chars.charCodeAt(j - 1) === GT;
    if (bareClose) nameEnd = j - 1;
    const name = chars.slice(s + 1, nameEnd);
    const gt = chars.lastIndexOf('>', e - 1);
    const hasGt = gt >= nameEnd;
    const argEnd = bareClose ? nameEnd : hasGt ? gt : e;
    const words = bareClose ? [] : splitWords(chars, j, argEnd);
    const openEnd = hasGt ? gt + 1 : e;
    const nameWord: Word = { text: name, raw: name, quoted: false, from: s + 1, to: nameEnd, unterminated: false, glued: false };
    const d = this.makeDirective(line, nameWord, words, s, e);
    d.range = this.spanRange(line, s, e);
    d.blockOpenRange = this.spanRange(line, s, openEnd);
    d.terminated = false;
    d.block = [];
    this.current.push(d);
    const lname = name.toLowerCase();
    if (!name) {
      this.problem('a section tag needs a name: `<Name arguments>`', this.spanRange(line, s, openEnd), { message: "Invalid command '<', perhaps misspelled or defined by a module not included in the server configuration", line: line.lastLine });
    } else if (!hasGt) {
      this.problem(`<${name}> is missing its closing \`>\``, this.spanRange(line, s, e), { message: `<${name}> directive missing closing '>'`, line: line.lastLine });
    } else if (!words.length && SECTIONS_NEEDING_ARGS.has(lname)) {
      this.problem(`<${name}> needs an argument`, this.spanRange(line, s, openEnd), { message: `<${name}> directive requires additional arguments`, line: line.lastLine });
    }
    this.argHazards(line, `<${name}>`, words);
    this.stack.push({ directive: d, children: d.block, name, apacheLine: line.firstLine });
  }

  private closeTag(line: LogicalLine, s: number, e: number): void {
    const { chars } = line;
    let j = s + 2;
    while (j < e && !isBlank(chars.charCodeAt(j))) j++;
    const word = chars.slice(s + 2, j);
    const hasGt = word.endsWith('>');
    const name = hasGt ? word.slice(0, -1) : word;
    const tagRange = this.spanRange(line, s, j);
    if (!hasGt) {
      this.problem(`</${name}> is missing its closing \`>\` (nothing may follow the name inside the tag)`, tagRange, { message: `</${name}> directive missing closing '>'`, line: line.lastLine });
    }
    const lname = name.toLowerCase();
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.problem(`</${name}> closes no open <${name}> section`, tagRange, { message: `</${name}> without matching <${name}> section`, line: line.lastLine });
      return;
    }
    if (top.directive.lname === lname) {
      this.close(top, line, s, e, tagRange);
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
        insideConditional ? undefined : { message: `Expected </${top.name}> but saw </${name}>`, line: line.lastLine },
      );
    }
    if (depth < 0) return;
    // Recovery: the sections above the matching one were left open; close them here.
    while (this.stack.length - 1 > depth) this.stack.pop();
    this.close(this.stack[depth], line, s, e, tagRange);
  }

  private findOpen(lname: string): number {
    for (let k = this.stack.length - 1; k >= 0; k--) if (this.stack[k].directive.lname === lname) return k;
    return -1;
  }

  private close(sec: OpenSection, line: LogicalLine, _s: number, e: number, tagRange: Range): void {
    const d = sec.directive;
    d.blockCloseRange = tagRange;
    d.range = { start: d.range.start, end: this.spanRange(line, 0, e).end };
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
      d.range = { start: d.range.start, end: this.pos(this.text.length) };
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
