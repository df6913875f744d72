// nginx configuration parser. It follows the tokenizer of nginx itself (src/core/ngx_conf_file.c,
// ngx_conf_read_token) for what a token is:
//   - space, tab, CR and LF separate tokens; `;`, `{` and `}` are tokens when a token could start;
//   - `#` starts a comment only where a token could start, and the comment runs to the next LF (a lone
//     CR does not end it); inside a word `#` and `}` are ordinary characters;
//   - quotes open a string only at a token start; a closing quote must be followed by whitespace, `;`,
//     `{` or `)`;
//   - `\` escapes the next character (in words and in strings); `$` followed by `{` keeps the `{` in the word;
//   - one token may not exceed nginx's 4096-byte read buffer ("too long parameter");
// and, like nginx's parser, that the entries of map/types/geo/split_clients/charset_map open no blocks.
// Unlike nginx it never stops at the first error: it records a problem, resynchronises at `;`, `{` or
// `}` and goes on, in one linear, iterative pass (no recursion, so nesting depth is unbounded; the
// tokenizer is pulled token by token, so no token list is held; at most 1000 problems are recorded).
// Recovery goes beyond nginx in two places: with `isKnownDirective`, a statement is split where a known
// directive name starts a line (a forgotten `;`), and an unquoted regular expression with a `{n}`
// quantifier (`location ~ ^/a{2}$ {`) is read as one argument, with a problem saying to quote it.
//
// Every problem that real nginx would also report as a syntax error carries `nginx` (see
// NginxSyntaxProblem): the message nginx prints and the 1-based line it names, counted as nginx counts
// (LF only). Ranges themselves point where an editor should (e.g. where a `;` is missing).

import type { Position, Range } from '../types';
import type { Arg, Comment, Directive, ParsedFile, SyntaxProblem } from './tree';
import { LineMap, SpanArg, SpanDirective } from './tree';

export interface NginxParseOptions {
  /**
   * Names nginx knows; lets the parser recognise a missing `;` when a known directive name starts a
   * new line inside an unterminated statement.
   */
  isKnownDirective?: (name: string) => boolean;
}

/** What real nginx prints when this problem is the first error it meets in the file. */
export interface NginxErrorPrediction {
  /** nginx's own message, e.g. `unexpected "}"` or `unexpected end of file, expecting ";" or "}"`. */
  message: string;
  /** 1-based line nginx names ("in file:line"); nginx counts LF characters only. */
  line: number;
}

/**
 * A problem of the nginx parser. `nginx` is present when real nginx rejects the file with a syntax
 * error at this point; it is absent for problems nginx reports differently (as a semantic error such as
 * an unknown directive) or not at all (hazards such as a comment that a lone CR does not end).
 * Problems are listed in the order nginx's reader would meet them.
 */
export interface NginxSyntaxProblem extends SyntaxProblem {
  nginx?: NginxErrorPrediction;
  /** nginx accepts the text; it is reported because it almost surely does not mean what it looks like. */
  hazard?: true;
}

/** Directives whose block holds foreign code (Lua), skipped as raw text. */
function isRawBlock(name: string): boolean {
  return name.endsWith('_by_lua_block') || name === 'lua_block';
}

/** Blocks whose children are key/value pairs rather than directives (their "directives" are data). */
export const NGINX_DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match', 'upstream_conf']);

/**
 * Blocks read by a custom handler in nginx (cf->handler): inside them nginx refuses any `{`.
 * Stock modules: http/stream map and geo, split_clients, charset_map, types.
 */
const HANDLER_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map']);

/** nginx reads a configuration file through a buffer of this many bytes; one token must fit in it. */
const NGX_CONF_BUFFER = 4096;

const SPACE = 32, TAB = 9, CR = 13, LF = 10, SEMI = 59, LBRACE = 123, RBRACE = 125, HASH = 35, BSLASH = 92, DQ = 34, SQ = 39, DOLLAR = 36, RPAREN = 41;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

/** Token kinds: numbers, so that reading a token allocates no string for its kind. */
const WORD = 1, SEMI_TOKEN = 2, OPEN_TOKEN = 3, CLOSE_TOKEN = 4;

/**
 * One token, filled in place by the lexer: the parser reuses one Token for everything it reads in
 * order and allocates fresh ones only for the few tokens it reads ahead. Positions are plain numbers
 * here; Position objects are made only for what the tree or a problem keeps.
 */
class Token {
  kind = WORD;
  raw = '';
  /** A word's text, unquoted and unescaped. */
  text = '';
  quoted = false;
  /** A quoted string that reached the end of the file without its closing quote. */
  unterminated = false;
  startOffset = 0;
  endOffset = 0;
  line = 0;
  character = 0;
  endLine = 0;
  endCharacter = 0;
  /** 1-based line as nginx counts it (number of LFs before the token, plus one). */
  nl = 0;
  /** The token was preceded by a line break since the previous token. */
  lineStart = false;
  start(): Position {
    return { line: this.line, character: this.character };
  }
  end(): Position {
    return { line: this.endLine, character: this.endCharacter };
  }
}

/** nginx's unescaping of a token: `\"`, `\'`, `\\` lose the backslash, `\t \r \n` become the control chars. */
export function unescapeNginx(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        i++;
        continue;
      }
      if (n === 't') { out += '\t'; i++; continue; }
      if (n === 'r') { out += '\r'; i++; continue; }
      if (n === 'n') { out += '\n'; i++; continue; }
    }
    out += c;
  }
  return out;
}

/** UTF-8 length of text[from, to), computed only when it could reach `limit` (cheap for short spans). */
function utf8Length(text: string, from: number, to: number, limit: number): number {
  if ((to - from) * 3 < limit) return to - from; // cannot reach the limit: exact value not needed
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
        continue;
      }
      n += 3;
    } else n += 3;
  }
  return n;
}

/** The first ten bytes of a token as nginx quotes them in "too long parameter" (ASCII-exact). */
function firstTen(text: string, from: number): string {
  let out = '';
  let bytes = 0;
  for (let i = from; i < text.length && bytes < 10; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    out += text[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) out += text[++i];
  }
  return out;
}

interface Collected {
  problem: NginxSyntaxProblem;
  /** Offset at which nginx's reader detects it; problems are ordered by it. */
  at: number;
  seq: number;
}

/** Problems recorded per file; past this, garbage input would only cost memory. */
const MAX_PROBLEMS = 1000;

class Problems {
  readonly list: Collected[] = [];
  private dropped = 0;
  add(message: string, range: Range, at: number, nginx?: NginxErrorPrediction, hazard = false): void {
    if (this.list.length >= MAX_PROBLEMS) {
      if (this.dropped++ === 0) {
        this.list.push({ problem: { message: `more than ${MAX_PROBLEMS} syntax problems: the rest are not reported`, range }, at, seq: this.list.length });
      }
      return;
    }
    const problem: NginxSyntaxProblem = nginx ? { message, range, nginx } : { message, range };
    if (hazard) problem.hazard = true;
    this.list.push({ problem, at, seq: this.list.length });
  }
  sorted(): NginxSyntaxProblem[] {
    return this.list.sort((a, b) => a.at - b.at || a.seq - b.seq).map((c) => c.problem);
  }
}

/** Words (and quoted strings) up to this long are shared between trees (see `shared`). */
const MAX_SHARED_LENGTH = 40;
/** Past this many entries a table starts over (garbage input must not grow it without bound). */
const MAX_SHARED_ENTRIES = 16384;
/**
 * Words seen once so far in the file being parsed (cut from its text: the table is the parse's own,
 * see parseNginx), and words seen again, in any file (internalized copies, which keep no text alive).
 */
let onceWords = new Map<string, string>();
const sharedWords = new Map<string, string>();
/** The word `shared` returned last is one of sharedWords (it had been seen before). */
let repeated = false;

/**
 * One string for each short word: directive names and common values (`on`, `443`, `TLSv1.2`) recur
 * thousands of times in a large tree. Keeping one copy instead of one per occurrence saves memory and,
 * more, the garbage collector's work of moving each occurrence out of the young generation. A word is
 * internalized when it comes back in the same file: most words of a large tree (server names, paths)
 * occur once, and internalizing costs more than a lookup; one seen once is kept as it was cut, a view
 * of the file's text or a short copy, where a copy of its own for a table that outlives the parse was
 * three allocations.
 */
function shared(s: string): string {
  const known = sharedWords.get(s);
  if (known !== undefined) {
    repeated = true;
    return known;
  }
  const once = onceWords.get(s);
  if (once !== undefined) {
    if (sharedWords.size >= MAX_SHARED_ENTRIES) sharedWords.clear();
    const own = internalized(once);
    sharedWords.set(own, own);
    repeated = true;
    return own;
  }
  repeated = false;
  if (onceWords.size >= MAX_SHARED_ENTRIES) onceWords.clear();
  onceWords.set(s, s);
  return s;
}

/** Slots of the table of recent shared words (see `sharedAt`); a power of two. */
const RECENT_SLOTS = 4096;
/** The shared word last met with each hash: strings of `sharedWords`, which keep no file's text alive. */
const recentWords = new Array<string | undefined>(RECENT_SLOTS);

/**
 * `shared(text.slice(start, end))` for a word whose characters the lexer hashed as it read them: a word
 * shared already is found by comparing it with the one word kept for its hash, without hashing the copy
 * and looking it up in two maps (the 10,000-vhost bench tree has half a million words, nearly all
 * repeats). A slot keeps the last shared word with its hash; words seen once are not kept there, so
 * the second occurrence of a word in a file still internalizes it. Two repeated words may take a slot
 * in turn: both are then found through the maps.
 */
function sharedAt(text: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 12)) & (RECENT_SLOTS - 1);
  const known = recentWords[slot];
  const cut = text.slice(start, end);
  // (Comparing the cut-out copy is native work; a loop over the characters in place costs more.)
  if (cut === known) return known;
  const s = shared(cut);
  // (One store for both outcomes: a branch the first files never take would be compiled without feedback.)
  recentWords[slot] = repeated ? s : known;
  return s;
}

/**
 * V8's internalized copy of `s` (the string table's one entry for that text, which a property name
 * becomes): comparing two such strings, or one with a literal of the code (`d.lname === 'server'`, a
 * switch on names, a Set of names), is then a pointer comparison and its hash is already known.
 */
function internalized(s: string): string {
  const o = Object.create(null) as Record<string, number>;
  o[s] = 0;
  for (const k in o) return k;
  return s;
}

/**
 * nginx's tokenizer, pulled one token at a time by the parser (so no token list is held). The parser
 * calls `skipRawBlock` right after the `{` of a Lua block, before asking for the next token.
 *
 * Line and column are not tracked per character: the lexer keeps the current LSP line and the offset
 * where it starts (a column is an offset minus that), and updates them only at line breaks. A line
 * break is LF, CR LF or a lone CR; the one exception is a `\` before CR LF inside a quoted string,
 * where nginx skips the CR alone, so that CR stays on its line (its column is counted like any other).
 */
class Lexer {
  /** Offset of the next character to read. */
  private i = 0;
  /** LSP line of offset `i`, and the offset where that line starts. */
  private line = 0;
  private lineStart = 0;
  /** LF characters before offset `i` (nginx's line counter minus one). */
  lf = 0;
  /** A line break was read since the last token. */
  private sawBreak = true;
  /** End offset of the last token read, where an unterminated construct ends (0: none yet). */
  lastOffset = 0;
  /** Offset of the start of every line, as counted here (see `lines`). */
  private readonly starts: number[] = [0];
  /** Positions of offsets read so far (and, at the end, of the whole text). */
  readonly lines = new LineMap(this.starts);

  constructor(
    private readonly text: string,
    private readonly comments: Comment[],
    private readonly problems: Problems,
  ) {
    if (text.charCodeAt(0) === 0xfeff) {
      // nginx reads the three BOM bytes as the start of the first token; usually that makes an unknown
      // directive ("\xEF\xBB\xBFevents"), a semantic error, so there is no syntax prediction here.
      problems.add(
        'the file starts with a byte order mark (U+FEFF); nginx reads it as part of the first directive name and refuses the file',
        { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        0,
      );
      this.i = 1;
    }
  }

  /** A line starts at `offset` (every line break the lexer reads, whatever its kind, comes here). */
  private newLine(offset: number): void {
    this.line++;
    this.lineStart = offset;
    this.starts.push(offset);
  }

  /** Read the next token into `t`; false at the end of the text. */
  next(t: Token): boolean {
    const text = this.text;
    const len = text.length;
    let i = this.i;
    for (;;) {
      if (i >= len) {
        this.i = i;
        return false;
      }
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c === LF) {
        i++;
        this.lf++;
        this.newLine(i);
        this.sawBreak = true;
        continue;
      }
      if (c === CR) {
        i++;
        if (text.charCodeAt(i) === LF) {
          i++;
          this.lf++;
        }
        this.newLine(i);
        this.sawBreak = true;
        continue;
      }
      if (c === HASH) {
        i = this.comment(i);
        continue;
      }
      t.startOffset = i;
      t.line = this.line;
      t.character = i - this.lineStart;
      t.nl = this.lf + 1;
      t.lineStart = this.sawBreak;
      this.sawBreak = false;
      this.i = i;
      if (c === SEMI || c === LBRACE || c === RBRACE) this.punctuation(t, c === SEMI ? SEMI_TOKEN : c === LBRACE ? OPEN_TOKEN : CLOSE_TOKEN);
      else if (c === DQ || c === SQ) this.quoted(t, c);
      else this.word(t);
      this.lastOffset = t.endOffset;
      return true;
    }
  }

  /** `;`, `{` or `}` at offset `i` (never a line break, so it ends on its line). */
  private punctuation(t: Token, kind: number): void {
    t.kind = kind;
    t.raw = '';
    t.text = '';
    t.quoted = false;
    t.unterminated = false;
    t.endOffset = ++this.i;
    t.endLine = t.line;
    t.endCharacter = t.character + 1;
  }

  /**
   * A comment from the `#` at `start` to the next LF. The CR of a CR LF pair is not part of its text;
   * a lone CR is (nginx does not end a comment there, so whatever follows it on the "next line" is
   * comment too). Returns the offset after the comment.
   */
  private comment(start: number): number {
    const text = this.text;
    const len = text.length;
    const startPos: Position = { line: this.line, character: start - this.lineStart };
    const nl = this.lf + 1;
    let i = start + 1;
    let loneCr = -1;
    for (; i < len; i++) {
      const d = text.charCodeAt(i);
      if (d === LF) break;
      if (d === CR) {
        if (text.charCodeAt(i + 1) === LF) break;
        if (loneCr < 0) loneCr = i;
        this.newLine(i + 1);
      }
    }
    const range = { start: startPos, end: { line: this.line, character: i - this.lineStart } };
    this.comments.push({ text: text.slice(start + 1, i), range });
    if (loneCr >= 0 && /\S/.test(text.slice(loneCr, i))) {
      this.problems.add(
        'a lone carriage return (CR) does not end a comment for nginx: the text after it, up to the next line feed, is part of this comment and is ignored; use LF or CR LF line breaks',
        range,
        start,
        undefined,
        true,
      );
    }
    let lfAt = i;
    while (lfAt < len && text.charCodeAt(lfAt) !== LF) lfAt++; // at most the CR of a CR LF
    const overflow = this.overflow(start, start, lfAt, lfAt < len);
    if (overflow !== undefined) this.tooLong('comment', range, start, overflow, nl);
    return i;
  }

  /** A quoted string opened by the quote `q` at `this.i`. */
  private quoted(t: Token, q: number): void {
    const text = this.text;
    const len = text.length;
    const start = this.i;
    let i = start + 1;
    let closed = false;
    let escaped = false;
    while (i < len) {
      const d = text.charCodeAt(i++);
      if (d === q) {
        closed = true;
        break;
      }
      if (d === BSLASH) {
        // nginx skips the next byte whatever it is: the CR of a CR LF alone (then the LF is read as a
        // line break of its own).
        escaped = true;
        if (i < len) {
          const e = text.charCodeAt(i++);
          if (e === LF) {
            this.lf++;
            this.newLine(i);
          } else if (e === CR && text.charCodeAt(i) !== LF) {
            this.newLine(i);
          }
        }
      } else if (d === LF) {
        this.lf++;
        this.newLine(i);
      } else if (d === CR) {
        if (text.charCodeAt(i) === LF) {
          i++;
          this.lf++;
        }
        this.newLine(i);
      }
    }
    this.i = i;
    const raw = i - start <= MAX_SHARED_LENGTH ? shared(text.slice(start, i)) : text.slice(start, i);
    t.kind = WORD;
    t.raw = raw;
    t.quoted = true;
    t.endOffset = i;
    t.endLine = this.line;
    t.endCharacter = i - this.lineStart;
    if (!closed) {
      t.unterminated = true;
      t.text = escaped ? unescapeNginx(text.slice(start + 1, i)) : text.slice(start + 1, i);
      const tooLong = utf8Length(text, start + 1, len, NGX_CONF_BUFFER) > NGX_CONF_BUFFER;
      this.problems.add(
        `unterminated ${q === DQ ? 'double' : 'single'}-quoted string: it runs to the end of the file`,
        { start: t.start(), end: t.end() },
        tooLong ? start : len,
        tooLong
          ? { message: `too long parameter, probably missing terminating "${String.fromCharCode(q)}" character`, line: t.nl }
          : { message: 'unexpected end of file, expecting ";" or "}"', line: this.lf + 1 },
      );
      return;
    }
    t.unterminated = false;
    t.text = escaped ? unescapeNginx(text.slice(start + 1, i - 1)) : i - start <= MAX_SHARED_LENGTH ? shared(text.slice(start + 1, i - 1)) : text.slice(start + 1, i - 1);
    // nginx requires whitespace, `;`, `{` or `)` right after a closing quote.
    if (i >= len) {
      const overflow = this.overflow(start, start + 1, i, false, i - 1);
      if (overflow !== undefined) this.tooLong('quoted string', { start: t.start(), end: t.end() }, start, overflow, t.nl);
      return;
    }
    const n = text.charCodeAt(i);
    const overflow =
      n === SEMI || n === LBRACE
        ? this.overflow(start, start + 1, i + 1, false, i - 1)
        : isSpace(n)
          ? this.overflow(start, start + 1, i + 1, i + 1 < len, i - 1)
          : this.overflow(start, start + 1, i, true, i - 1);
    if (overflow !== undefined) this.tooLong('quoted string', { start: t.start(), end: t.end() }, start, overflow, t.nl);
    if (!isSpace(n) && n !== SEMI && n !== LBRACE && n !== RPAREN && n !== RBRACE) {
      // (`}` is left to the parser: the statement before it lacks its `;`, which it reports.)
      const p = t.end();
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      this.problems.add(
        `unexpected "${ch}" right after a quoted string: nginx needs whitespace, ";" or "{" there`,
        { start: p, end: { line: p.line, character: p.character + ch.length } },
        i,
        { message: `unexpected "${ch}"`, line: this.lf + 1 },
      );
    }
  }

  /**
   * A bare word: runs until whitespace, `;` or `{`. A `{` right after `$` belongs to the word
   * (`${var}`), and so does any further `{` (nginx keeps its "variable" state across them); `}`, `#`
   * and quotes inside a word are ordinary characters; `\` takes the next character as it is.
   */
  private word(t: Token): void {
    const text = this.text;
    const len = text.length;
    const start = this.i;
    let i = start;
    let variable = false;
    let escaped = false;
    // `\` before a CR LF escapes only the CR (the LF ends the word). The word's range stops before
    // that CR, so it stays inside its line; its text keeps the CR, as nginx's does.
    let escapedCr = false;
    // Hash of the characters (for sharedAt; unused when the word holds a backslash).
    let hash = 0;
    while (i < len) {
      const d = text.charCodeAt(i);
      if (d > SEMI) {
        // Letters and most punctuation; of these only `\` and `{` are special.
        if (d === BSLASH) {
          escaped = true;
          variable = false;
          if (text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF) {
            i++;
            escapedCr = true;
            break;
          }
          i++;
          if (i < len) {
            const e = text.charCodeAt(i++);
            if (e === LF) {
              this.lf++;
              this.newLine(i);
            } else if (e === CR) {
              // a lone CR (CR LF was handled above)
              this.newLine(i);
            }
          }
          continue;
        }
        if (d === LBRACE) {
          if (!variable) break;
          hash = (Math.imul(hash, 31) + d) | 0;
          i++;
          continue;
        }
        variable = false;
        hash = (Math.imul(hash, 31) + d) | 0;
        i++;
        continue;
      }
      if (d === SEMI || d === SPACE || d === TAB || d === LF || d === CR) break;
      variable = d === DOLLAR;
      hash = (Math.imul(hash, 31) + d) | 0;
      i++;
    }
    this.i = i;
    const raw = i - start > MAX_SHARED_LENGTH ? text.slice(start, i) : escaped ? shared(text.slice(start, i)) : sharedAt(text, start, i, hash);
    t.kind = WORD;
    t.raw = raw;
    t.text = escaped ? (escapedCr ? unescapeNginx(raw) + '\r' : unescapeNginx(raw)) : raw;
    t.quoted = false;
    t.unterminated = false;
    t.endOffset = i;
    t.endLine = this.line;
    t.endCharacter = i - this.lineStart;
    if ((i + 2 - start) * 3 < NGX_CONF_BUFFER) return; // far too short for the check below
    let overflow: string | undefined;
    if (escapedCr) overflow = this.overflow(start, start, i + 2, i + 2 < len);
    else if (i >= len) overflow = this.overflow(start, start, i, false);
    else {
      const n = text.charCodeAt(i);
      overflow = this.overflow(start, start, i + 1, !(n === SEMI || n === LBRACE) && i + 1 < len);
    }
    if (overflow !== undefined) this.tooLong('word', { start: t.start(), end: t.end() }, start, overflow, t.nl);
  }

  /**
   * nginx's "too long parameter": the bytes from a token's start up to the point where the reader
   * starts the next token must fit in its buffer. `spanEnd` is the first offset not in the span;
   * `more` is whether the reader has to read past the span (so a full buffer needs a refill);
   * `contentEnd` is where a quoted string's content ends. Returns nginx's message, or undefined when
   * the token fits.
   */
  private overflow(tokenStart: number, contentStart: number, spanEnd: number, more: boolean, contentEnd?: number): string | undefined {
    if ((spanEnd - contentStart) * 3 < NGX_CONF_BUFFER) return undefined; // cannot reach the limit
    const text = this.text;
    const bytes = utf8Length(text, contentStart, spanEnd, NGX_CONF_BUFFER);
    if (bytes < NGX_CONF_BUFFER || (bytes === NGX_CONF_BUFFER && !more)) return undefined;
    const stillQuoted = contentEnd !== undefined && utf8Length(text, contentStart, contentEnd, NGX_CONF_BUFFER) >= NGX_CONF_BUFFER;
    return stillQuoted ? `too long parameter, probably missing terminating "${text[tokenStart]}" character` : `too long parameter "${firstTen(text, contentStart)}..." started`;
  }

  private tooLong(what: string, range: Range, tokenStart: number, message: string, nl: number): void {
    this.problems.add(
      `this ${what} is too long for nginx: one token must fit in nginx's ${NGX_CONF_BUFFER}-byte read buffer, so nginx refuses the file ("too long parameter")`,
      range,
      tokenStart,
      { message, line: nl },
    );
  }

  /** Consume one character; CR LF is consumed as one line break (for the rarely used raw-block reader). */
  private advance(): void {
    const c = this.text.charCodeAt(this.i++);
    if (c === LF) {
      this.lf++;
      this.newLine(this.i);
    } else if (c === CR) {
      if (this.text.charCodeAt(this.i) === LF) {
        this.i++;
        this.lf++;
      }
      this.newLine(this.i);
    }
  }

  /** Consume up to and including the next `close`, or to the end of the text. */
  private skipTo(close: string): void {
    const at = this.text.indexOf(close, this.i);
    const stop = at < 0 ? this.text.length : at + close.length;
    while (this.i < stop) this.advance();
  }

  /**
   * Skip a `{ … }` of Lua code by brace balance, as lua-nginx-module reads it: strings (with escapes),
   * `--` line comments and long brackets (`[[ … ]]`, `[==[ … ]==]`, also as `--[[ … ]]` comments) may
   * hold braces that do not count. Reads the closing `}` into `t`; false at the end of the text.
   */
  skipRawBlock(t: Token): boolean {
    const text = this.text;
    const len = text.length;
    let depth = 1;
    while (this.i < len) {
      const c = text.charCodeAt(this.i);
      if (c === DQ || c === SQ) {
        this.advance();
        for (let d = text.charCodeAt(this.i); this.i < len && d !== c && d !== LF && d !== CR; d = text.charCodeAt(this.i)) {
          if (d === BSLASH) this.advance();
          if (this.i < len) this.advance();
        }
        if (this.i < len && text.charCodeAt(this.i) === c) this.advance();
        continue;
      }
      if (c === 45 /* - */ && text.charCodeAt(this.i + 1) === 45) {
        this.i += 2;
        const lb = longBracketAt(text, this.i);
        if (lb > 0) {
          this.i += lb;
          this.skipTo(']' + '='.repeat(lb - 2) + ']');
        } else {
          for (let d = text.charCodeAt(this.i); this.i < len && d !== LF && d !== CR; d = text.charCodeAt(this.i)) this.i++;
        }
        continue;
      }
      if (c === 91 /* [ */) {
        const lb = longBracketAt(text, this.i);
        if (lb > 0) {
          this.i += lb;
          this.skipTo(']' + '='.repeat(lb - 2) + ']');
          continue;
        }
      }
      if (c === LBRACE) depth++;
      if (c === RBRACE && --depth === 0) {
        t.startOffset = this.i;
        t.line = this.line;
        t.character = this.i - this.lineStart;
        t.nl = this.lf + 1;
        t.lineStart = false;
        this.punctuation(t, CLOSE_TOKEN);
        this.lastOffset = t.endOffset;
        return true;
      }
      this.advance();
    }
    return false; // end of file inside the Lua code: the parser reports the block as never closed
  }
}

/** Length of a Lua long bracket opening `[`, `[=`…`[` at offset i, or 0. */
function longBracketAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91 /* [ */) return 0;
  let j = i + 1;
  while (text.charCodeAt(j) === 61 /* = */) j++;
  return text.charCodeAt(j) === 91 ? j - i + 1 : 0;
}

/** An unquoted word's raw text ending in a `}` that closes no `{` of its own (`ok}`, not `${host}`). */
function endsWithStrayBrace(raw: string): boolean {
  if (raw.charCodeAt(raw.length - 1) !== RBRACE) return false;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BSLASH) i++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
  }
  return depth < 0;
}

/** A token that continues an unquoted `{n}` quantifier: an unquoted word holding `}` right at `offset`. */
function continuesQuantifier(w: Token | undefined, offset: number): w is Token {
  return w !== undefined && w.kind === WORD && !w.quoted && w.startOffset === offset && w.raw.includes('}');
}

function describeLine(p: Position): string {
  return `line ${p.line + 1}`;
}

/** A word of the statement being read, with what recovery needs; the parser reuses these records. */
class PendingWord {
  text = '';
  raw = '';
  quoted = false;
  /** A quoted string that the end of the file cut off. */
  unterminated = false;
  startOffset = 0;
  endOffset = 0;
  /** A line break came before the word. */
  lineStart = false;
}

/** The arguments words[from, to) as the tree keeps them. */
function argsOf(words: PendingWord[], from: number, to: number, lines: LineMap): Arg[] {
  // Array literals for the common short lengths; otherwise an array of the exact length (pushing
  // into `[]` would leave spare capacity in every long argument list the tree keeps).
  switch (to - from) {
    case 0:
      return [];
    case 1:
      return [toArg(words[from], lines)];
    case 2:
      return [toArg(words[from], lines), toArg(words[from + 1], lines)];
  }
  const args = new Array<Arg>(to - from);
  for (let k = from; k < to; k++) args[k - from] = toArg(words[k], lines);
  return args;
}

function toArg(w: PendingWord, lines: LineMap): Arg {
  return SpanArg.make(w.text, w.raw, w.quoted, lines, w.startOffset, w.endOffset);
}

/** An open block on the parser's stack; the bottom entry is the file itself. */
interface Open {
  list: Directive[];
  /** The directive whose block this is (absent for a nameless `{`). */
  owner?: SpanDirective;
  /** The directive whose block the entries are in, for data-block checks. */
  context?: Directive;
  /** The entries are data (NGINX_DATA_BLOCKS), or read by a handler that refuses `{` (HANDLER_BLOCKS). */
  data: boolean;
  handler: boolean;
  openOffset: number;
  /** A nameless `{` (a directive's block keeps its own range). */
  open: Range | undefined;
}

export function parseNginx(file: string, text: string, options: NginxParseOptions = {}): ParsedFile {
  // The table of words seen once is this parse's: it holds views of this text only while reading it
  // (emptied again before returning; a parse that throws leaves it to the next one to replace).
  onceWords = new Map();
  const comments: Comment[] = [];
  const problems = new Problems();
  const lexer = new Lexer(text, comments, problems);
  const lines = lexer.lines;
  const pos = (offset: number): Position => lines.position(offset);
  // Tokens are read into `current`; tokens read ahead (at most two, for the `{…}` quantifier below,
  // or a Lua block's `}`) get their own objects and wait in `ahead` from `aheadAt` on.
  const current = new Token();
  const ahead: Token[] = [];
  let aheadAt = 0;
  const take = (): Token | undefined => {
    if (aheadAt < ahead.length) {
      const t = ahead[aheadAt++];
      if (aheadAt === ahead.length) ahead.length = aheadAt = 0;
      return t;
    }
    return lexer.next(current) ? current : undefined;
  };
  const peek = (k: number): Token | undefined => {
    while (ahead.length - aheadAt <= k) {
      const t = new Token();
      if (!lexer.next(t)) return undefined;
      ahead.push(t);
    }
    return ahead[aheadAt + k];
  };
  const root: Directive[] = [];
  // A `{` without a name opens no directive: its entry keeps the enclosing list and context, so its
  // `}` does not close the enclosing block (and garbage full of `{` costs no tree).
  const stack: Open[] = [{ list: root, owner: undefined, context: undefined, data: false, handler: false, openOffset: -1, open: undefined }];
  // Directive blocks open now, and the most at once: noteDeepNesting needs no walk of its own.
  let blockDepth = 0;
  let maxBlockDepth = 0;
  // The words of the statement being read: the first `count` entries, reused from statement to
  // statement (only their ranges go into the tree).
  const words: PendingWord[] = [];
  let count = 0;
  const known = options.isKnownDirective;
  /** The last word that ends in a `}` nginx reads as part of it (for the unclosed-block hint). */
  let braceWord: string | undefined;
  let braceWordOffset = 0;
  let braceWordLine = 0;

  /** Emit words[from, to) as a directive; `end` is the end offset of its terminator (-1: none). */
  const emit = (from: number, to: number, end: number, terminated: boolean): SpanDirective => {
    const name = words[from];
    const d = SpanDirective.make(
      name.text,
      lowerName(name.text),
      argsOf(words, from + 1, to, lines),
      terminated,
      file,
      lines,
      name.startOffset,
      name.endOffset,
      end >= 0 ? end : words[to - 1].endOffset,
    );
    stack[stack.length - 1].list.push(d);
    return d;
  };

  /**
   * Split the pending statement where a known directive name starts a later line (the usual "forgot
   * the semicolon" mistake), so the rest still lints: the pieces before the last are emitted as
   * statements missing their `;`. Returns where the last piece starts.
   */
  const splitPending = (): number => {
    if (!known || count < 2) return 0;
    let k = 1;
    while (k < count && !words[k].lineStart) k++;
    if (k === count) return 0; // all on one line (the common case): no name to look up
    if (stack[stack.length - 1].data || words[0].quoted || !known(words[0].text)) return 0;
    let from = 0;
    for (; k < count; k++) {
      const w = words[k];
      if (w.lineStart && !w.quoted && known(w.text)) {
        const at = pos(words[k - 1].endOffset);
        problems.add(`missing ";" after the "${words[from].text}" directive (the next line starts another directive)`, { start: at, end: at }, words[k - 1].endOffset);
        emit(from, k, -1, false);
        from = k;
      }
    }
    return from;
  };

  for (let t = take(); t; t = take()) {
    if (t.kind === WORD) {
      if (!t.quoted && endsWithStrayBrace(t.raw)) {
        braceWord = t.raw;
        braceWordOffset = t.startOffset;
        braceWordLine = t.line;
      }
      let w = words[count];
      if (w === undefined) words[count] = w = new PendingWord();
      w.text = t.text;
      w.raw = t.raw;
      w.quoted = t.quoted;
      w.unterminated = t.unterminated;
      w.startOffset = t.startOffset;
      w.endOffset = t.endOffset;
      w.lineStart = t.lineStart;
      count++;
      continue;
    }
    if (t.kind === SEMI_TOKEN) {
      if (count === 0) {
        problems.add('unexpected ";": there is no directive before it', { start: t.start(), end: t.end() }, t.startOffset, { message: 'unexpected ";"', line: t.nl });
        continue;
      }
      emit(splitPending(), count, t.endOffset, true);
      count = 0;
      continue;
    }
    const top = stack[stack.length - 1];
    if (t.kind === OPEN_TOKEN) {
      // `location ~ ^/a{2}$ {`: an unquoted regular expression with a `{…}` quantifier. nginx starts a
      // block at the first `{` (and then fails on a directive named "2}$"); read the expression as one
      // argument and say why nginx does not.
      // (Never inside a Lua statement: reading ahead there would tokenize Lua as nginx.)
      if (count > 0 && !words[count - 1].quoted && words[count - 1].endOffset === t.startOffset && !pendingRawBlock(words, count)) {
        // `t` stays as it is: tokens read ahead go into their own objects.
        let last: Token | undefined;
        let openEnd = t.endOffset;
        for (;;) {
          const w = peek(0);
          if (!continuesQuantifier(w, openEnd)) break;
          take();
          last = w;
          const o = peek(0);
          if (!o || o.kind !== OPEN_TOKEN || o.startOffset !== w.endOffset || !continuesQuantifier(peek(1), o.endOffset)) break;
          take();
          openEnd = o.endOffset;
        }
        if (last) {
          const w = words[count - 1];
          const raw = text.slice(w.startOffset, last.endOffset);
          problems.add(
            `"{" inside "${raw}" starts a block for nginx; put the regular expression in quotes`,
            { start: pos(w.startOffset), end: last.end() },
            t.startOffset,
            top.handler ? { message: 'unexpected "{"', line: t.nl } : undefined,
          );
          w.text = unescapeNginx(raw);
          w.raw = raw;
          w.endOffset = last.endOffset;
          continue;
        }
      }
      if (count === 0) {
        const open = { start: t.start(), end: t.end() };
        problems.add('unexpected "{": a block needs a directive name before it', open, t.startOffset, { message: 'unexpected "{"', line: t.nl });
        stack.push({ list: top.list, owner: undefined, context: top.context, data: top.data, handler: top.handler, openOffset: t.startOffset, open });
        continue;
      }
      if (top.handler) {
        problems.add(`unexpected "{": the entries of a "${top.context!.name}" block cannot open blocks`, { start: t.start(), end: t.end() }, t.startOffset, { message: 'unexpected "{"', line: t.nl });
      }
      const d = emit(splitPending(), count, t.endOffset, true);
      count = 0;
      d.block = [];
      d.openAt(t.startOffset);
      if (++blockDepth > maxBlockDepth) maxBlockDepth = blockDepth;
      stack.push({
        list: d.block,
        owner: d,
        context: d,
        data: NGINX_DATA_BLOCKS.has(d.lname),
        handler: HANDLER_BLOCKS.has(d.lname),
        openOffset: t.startOffset,
        open: undefined,
      });
      if (isRawBlock(d.name)) {
        // Lua code up to the matching `}`, which then closes the block as usual.
        const close = new Token();
        if (lexer.skipRawBlock(close)) ahead.push(close);
      }
      continue;
    }
    // `}`
    if (count > 0) {
      const from = splitPending();
      const at = pos(words[count - 1].endOffset);
      problems.add(`missing ";" after the "${words[from].text}" directive before "}"`, { start: at, end: at }, t.startOffset, { message: 'unexpected "}"', line: t.nl });
      emit(from, count, -1, false);
      count = 0;
    }
    if (stack.length === 1) {
      problems.add('unexpected "}": no block is open here', { start: t.start(), end: t.end() }, t.startOffset, { message: 'unexpected "}"', line: t.nl });
      continue;
    }
    const closed = stack.pop()!;
    const o = closed.owner;
    if (o) {
      blockDepth--;
      // A copy of the exact length: the list grew by pushes, and its spare room would live as long as
      // the tree (a location of two directives keeps room for 17).
      o.block = closed.list.slice();
      o.closeAt(t.startOffset);
      o.endAt(t.endOffset);
    }
  }
  // nginx's line at the end of the file: one more than the LF count (the lexer has read every LF).
  const eofLine = lexer.lf + 1;
  if (count > 0) {
    const from = splitPending();
    const lastWord = words[count - 1];
    // An unterminated string already says it runs to the end of the file.
    if (!lastWord.unterminated) {
      const hint = !lastWord.quoted && endsWithStrayBrace(lastWord.raw) && stack.length > 1 ? ` (the "}" in "${lastWord.raw}" is part of that word for nginx: put a space or ";" before it)` : '';
      if (hint) braceWord = undefined;
      problems.add(
        `unexpected end of file: missing ";" after the "${words[from].text}" directive${hint}`,
        { start: pos(lastWord.endOffset), end: pos(lastWord.endOffset) },
        text.length,
        { message: 'unexpected end of file, expecting ";" or "}"', line: eofLine },
      );
    }
    emit(from, count, -1, false);
    count = 0;
  }
  while (stack.length > 1) {
    const top = stack.pop()!;
    const o = top.owner;
    if (o) {
      o.block = top.list.slice();
      o.endAt(lexer.lastOffset);
    }
    const open = o ? o.blockOpenRange! : top.open!;
    let message = o
      ? `unexpected end of file: the "${o.name}" block opened on ${describeLine(open.start)} is never closed with "}"`
      : `unexpected end of file: the "{" on ${describeLine(open.start)} is never closed with "}"`;
    if (braceWord !== undefined && braceWordOffset > top.openOffset) {
      message += ` (the "}" in "${braceWord}" on line ${braceWordLine + 1} is part of that word for nginx: put a space or ";" before it)`;
      braceWord = undefined;
    }
    problems.add(message, open, text.length + 1, { message: 'unexpected end of file, expecting "}"', line: eofLine });
  }
  onceWords = new Map();
  return { file, dialect: 'nginx', text, directives: root, comments, problems: problems.sorted(), maxBlockDepth };
}

/**
 * A directive name in lower case. Nearly every nginx name is lower-case ASCII already: checking the
 * characters is much cheaper than toLowerCase, which calls into the runtime every time.
 */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return name.toLowerCase();
  }
  return name;
}

/** Some pending word names a Lua block. */
function pendingRawBlock(words: PendingWord[], count: number): boolean {
  for (let k = 0; k < count; k++) if (isRawBlock(words[k].text)) return true;
  return false;
}
