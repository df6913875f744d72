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

interface Token {
  kind: 'word' | ';' | '{' | '}';
  raw: string;
  text: string;
  quoted: boolean;
  start: Position;
  end: Position;
  startOffset: number;
  endOffset: number;
  /** 1-based line as nginx counts it (number of LFs before the token, plus one). */
  nl: number;
  /** The token was preceded by a line break since the previous token. */
  lineStart: boolean;
  /** A quoted string that reached the end of the file without its closing quote. */
  unterminated?: boolean;
}

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

class Scanner {
  i = 0;
  line = 0;
  col = 0;
  /** LF characters consumed so far (nginx's line counter minus one). */
  lf = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.i >= this.text.length;
  }
  peek(k = 0): number {
    return this.text.charCodeAt(this.i + k);
  }
  pos(): Position {
    return { line: this.line, character: this.col };
  }
  /** Consume one character; CR LF is consumed as one line break, a lone CR is a line break too (as in LSP). */
  advance(): void {
    const c = this.text.charCodeAt(this.i++);
    if (c === LF) {
      this.line++;
      this.lf++;
      this.col = 0;
    } else if (c === CR) {
      if (this.text.charCodeAt(this.i) === LF) {
        this.i++;
        this.lf++;
      }
      this.line++;
      this.col = 0;
    } else {
      this.col++;
    }
  }
  /**
   * Consume exactly one code unit (the character after a `\`): nginx skips one byte there, so the CR of
   * a CR LF pair is taken alone and the LF still separates tokens. That CR stays on its line.
   */
  advanceUnit(): void {
    if (this.text.charCodeAt(this.i) === CR && this.text.charCodeAt(this.i + 1) === LF) {
      this.i++;
      this.col++;
      return;
    }
    this.advance();
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

/**
 * nginx's tokenizer, pulled one token at a time by the parser (so no token list is held). The parser
 * calls `skipRawBlock` right after the `{` of a Lua block, before asking for the next token.
 */
function tokenizer(text: string, comments: Comment[], problems: Problems): { next: () => Token | undefined; skipRawBlock: () => Token | undefined; end: () => Position } {
  const s = new Scanner(text);
  const len = text.length;
  let sawBreak = true;
  let last: Token | undefined;
  if (s.peek() === 0xfeff) {
    // nginx reads the three BOM bytes as the start of the first token; usually that makes an unknown
    // directive ("\xEF\xBB\xBFevents"), a semantic error, so there is no syntax prediction here.
    problems.add(
      'the file starts with a byte order mark (U+FEFF); nginx reads it as part of the first directive name and refuses the file',
      { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      0,
    );
    s.advance();
  }
  /**
   * nginx's "too long parameter": the bytes from a token's start up to the point where the reader
   * starts the next token must fit in its buffer. `spanEnd` is the first offset not in the span;
   * `more` is whether the reader has to read past the span (so a full buffer needs a refill).
   */
  const checkLength = (tokenStart: number, contentStart: number, spanEnd: number, more: boolean, range: Range, nl: number, what: string, contentEnd?: number): void => {
    const bytes = utf8Length(text, contentStart, spanEnd, NGX_CONF_BUFFER);
    if (bytes < NGX_CONF_BUFFER || (bytes === NGX_CONF_BUFFER && !more)) return;
    const stillQuoted = contentEnd !== undefined && utf8Length(text, contentStart, contentEnd, NGX_CONF_BUFFER) >= NGX_CONF_BUFFER;
    const quoteChar = text[tokenStart];
    problems.add(
      `this ${what} is too long for nginx: one token must fit in nginx's ${NGX_CONF_BUFFER}-byte read buffer, so nginx refuses the file ("too long parameter")`,
      range,
      tokenStart,
      {
        message: stillQuoted
          ? `too long parameter, probably missing terminating "${quoteChar}" character`
          : `too long parameter "${firstTen(text, contentStart)}..." started`,
        line: nl,
      },
    );
  };

  const read = (): Token | undefined => {
    while (!s.done) {
      const c = s.peek();
      if (isSpace(c)) {
        if (c === LF || c === CR) sawBreak = true;
        s.advance();
        continue;
      }
      const start = s.pos();
      const startOffset = s.i;
      const nl = s.lf + 1;
      if (c === SEMI || c === LBRACE || c === RBRACE) {
        s.advance();
        const ch = String.fromCharCode(c) as ';' | '{' | '}';
        const token: Token = { kind: ch, raw: ch, text: '', quoted: false, start, end: s.pos(), startOffset, endOffset: s.i, nl, lineStart: sawBreak };
        sawBreak = false;
        return token;
      }
      if (c === HASH) {
        // A comment runs to the next LF. The CR of a CR LF pair is not part of its text; a lone CR is
        // (nginx does not end a comment there, so whatever follows it on the "next line" is comment too).
        s.advance();
        const from = s.i;
        let loneCr = -1;
        while (!s.done) {
          const d = s.peek();
          if (d === LF || (d === CR && s.peek(1) === LF)) break;
          if (d === CR && loneCr < 0) loneCr = s.i;
          s.advance();
        }
        const range = { start, end: s.pos() };
        comments.push({ text: text.slice(from, s.i), range });
        if (loneCr >= 0 && /\S/.test(text.slice(loneCr, s.i))) {
          problems.add(
            'a lone carriage return (CR) does not end a comment for nginx: the text after it, up to the next line feed, is part of this comment and is ignored; use LF or CR LF line breaks',
            range,
            startOffset,
            undefined,
            true,
          );
        }
        let lfAt = s.i;
        while (lfAt < len && text.charCodeAt(lfAt) !== LF) lfAt++; // at most the CR of a CR LF
        checkLength(startOffset, startOffset, lfAt, lfAt < len, range, nl, 'comment');
        continue;
      }
      if (c === DQ || c === SQ) {
        s.advance();
        let closed = false;
        while (!s.done) {
          const d = s.peek();
          if (d === BSLASH) {
            s.advance();
            if (!s.done) s.advanceUnit();
            continue;
          }
          s.advance();
          if (d === c) {
            closed = true;
            break;
          }
        }
        const raw = text.slice(startOffset, s.i);
        const end = s.pos();
        const range = { start, end };
        if (!closed) {
          const tooLong = utf8Length(text, startOffset + 1, len, NGX_CONF_BUFFER) > NGX_CONF_BUFFER;
          problems.add(
            `unterminated ${c === DQ ? 'double' : 'single'}-quoted string: it runs to the end of the file`,
            range,
            tooLong ? startOffset : len,
            tooLong
              ? { message: `too long parameter, probably missing terminating "${String.fromCharCode(c)}" character`, line: nl }
              : { message: 'unexpected end of file, expecting ";" or "}"', line: s.lf + 1 },
          );
          const token: Token = { kind: 'word', raw, text: unescapeNginx(raw.slice(1)), quoted: true, start, end, startOffset, endOffset: s.i, nl, lineStart: sawBreak, unterminated: true };
          sawBreak = false;
          return token;
        }
        const token: Token = { kind: 'word', raw, text: unescapeNginx(raw.slice(1, -1)), quoted: true, start, end, startOffset, endOffset: s.i, nl, lineStart: sawBreak };
        sawBreak = false;
        // nginx requires whitespace, `;`, `{` or `)` right after a closing quote.
        const q = s.i; // offset after the closing quote
        if (q >= len) {
          checkLength(startOffset, startOffset + 1, q, false, range, nl, 'quoted string', q - 1);
          return token;
        }
        const n = s.peek();
        if (n === SEMI || n === LBRACE) checkLength(startOffset, startOffset + 1, q + 1, false, range, nl, 'quoted string', q - 1);
        else if (isSpace(n)) checkLength(startOffset, startOffset + 1, q + 1, q + 1 < len, range, nl, 'quoted string', q - 1);
        else checkLength(startOffset, startOffset + 1, q, true, range, nl, 'quoted string', q - 1);
        if (!isSpace(n) && n !== SEMI && n !== LBRACE && n !== RPAREN && n !== RBRACE) {
          // (`}` is left to the parser: the statement before it lacks its `;`, which it reports.)
          const p = s.pos();
          const ch = String.fromCodePoint(text.codePointAt(q)!);
          problems.add(
            `unexpected "${ch}" right after a quoted string: nginx needs whitespace, ";" or "{" there`,
            { start: p, end: { line: p.line, character: p.character + ch.length } },
            q,
            { message: `unexpected "${ch}"`, line: s.lf + 1 },
          );
        }
        return token;
      }
      // A bare word: runs until whitespace, `;` or `{`. A `{` right after `$` belongs to the word
      // (`${var}`), and so does any further `{` (nginx keeps its "variable" state across them); `}`, `#`
      // and quotes inside a word are ordinary characters; `\` takes the next character as it is.
      let variable = false;
      // `\` before a CR LF escapes only the CR (the LF ends the word). The word's range stops before
      // that CR, so it stays inside its line; its text keeps the CR, as nginx's does.
      let escapedCr = false;
      while (!s.done) {
        const d = s.peek();
        if (d === BSLASH) {
          if (s.peek(1) === CR && s.peek(2) === LF) {
            s.advance();
            escapedCr = true;
            break;
          }
          s.advance();
          if (!s.done) s.advanceUnit();
          variable = false;
          continue;
        }
        if (d === LBRACE && variable) {
          s.advance();
          continue;
        }
        if (isSpace(d) || d === SEMI || d === LBRACE) break;
        variable = d === DOLLAR;
        s.advance();
      }
      const raw = text.slice(startOffset, s.i);
      const range = { start, end: s.pos() };
      const token: Token = { kind: 'word', raw, text: escapedCr ? unescapeNginx(raw) + '\r' : unescapeNginx(raw), quoted: false, start, end: range.end, startOffset, endOffset: s.i, nl, lineStart: sawBreak };
      sawBreak = false;
      const b = s.i;
      if (escapedCr) checkLength(startOffset, startOffset, b + 2, b + 2 < len, range, nl, 'word');
      else if (b >= len) checkLength(startOffset, startOffset, b, false, range, nl, 'word');
      else {
        const t = text.charCodeAt(b);
        checkLength(startOffset, startOffset, b + 1, !(t === SEMI || t === LBRACE) && b + 1 < len, range, nl, 'word');
      }
      return token;
    }
    return undefined;
  };
  return {
    next: () => {
      const t = read();
      if (t) last = t;
      return t;
    },
    skipRawBlock: () => {
      const close = skipRawBlock(s);
      if (close) last = close;
      return close;
    },
    /** End of the last token read (where an unterminated construct ends). */
    end: () => (last ? last.end : { line: 0, character: 0 }),
  };
}

/** Length of a Lua long bracket opening `[`, `[=`…`[` at offset i, or 0. */
function longBracketAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91 /* [ */) return 0;
  let j = i + 1;
  while (text.charCodeAt(j) === 61 /* = */) j++;
  return text.charCodeAt(j) === 91 ? j - i + 1 : 0;
}

/**
 * Skip a `{ … }` of Lua code by brace balance, as lua-nginx-module reads it: strings (with escapes),
 * `--` line comments and long brackets (`[[ … ]]`, `[==[ … ]==]`, also as `--[[ … ]]` comments) may
 * hold braces that do not count.
 */
function skipRawBlock(s: Scanner): Token | undefined {
  let depth = 1;
  const text = s.text;
  const skipTo = (close: string): void => {
    const at = text.indexOf(close, s.i);
    const stop = at < 0 ? text.length : at + close.length;
    while (s.i < stop) s.advance();
  };
  while (!s.done) {
    const c = s.peek();
    if (c === DQ || c === SQ) {
      s.advance();
      while (!s.done && s.peek() !== c && s.peek() !== LF && s.peek() !== CR) {
        if (s.peek() === BSLASH) s.advance();
        if (!s.done) s.advance();
      }
      if (!s.done && s.peek() === c) s.advance();
      continue;
    }
    if (c === 45 /* - */ && s.peek(1) === 45) {
      s.advance();
      s.advance();
      const lb = longBracketAt(text, s.i);
      if (lb > 0) {
        const level = lb - 2;
        for (let k = 0; k < lb; k++) s.advance();
        skipTo(']' + '='.repeat(level) + ']');
      } else {
        while (!s.done && s.peek() !== LF && s.peek() !== CR) s.advance();
      }
      continue;
    }
    if (c === 91 /* [ */) {
      const lb = longBracketAt(text, s.i);
      if (lb > 0) {
        for (let k = 0; k < lb; k++) s.advance();
        skipTo(']' + '='.repeat(lb - 2) + ']');
        continue;
      }
    }
    if (c === LBRACE) depth++;
    if (c === RBRACE) {
      depth--;
      if (depth === 0) {
        const start = s.pos();
        const startOffset = s.i;
        const nl = s.lf + 1;
        s.advance();
        return { kind: '}', raw: '}', text: '', quoted: false, start, end: s.pos(), startOffset, endOffset: s.i, nl, lineStart: false };
      }
    }
    s.advance();
  }
  return undefined; // end of file inside the Lua code: the parser reports the block as never closed
}

function toArg(t: Token): Arg {
  return { text: t.text, raw: t.raw, range: { start: t.start, end: t.end }, quoted: t.quoted };
}

/** An unquoted word ending in a `}` that closes no `{` of its own (`ok}`, not `${host}`). */
function endsWithStrayBrace(t: Token): boolean {
  if (t.quoted || !t.raw.endsWith('}')) return false;
  let depth = 0;
  for (let i = 0; i < t.raw.length; i++) {
    const c = t.raw.charCodeAt(i);
    if (c === BSLASH) i++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
  }
  return depth < 0;
}

function describeLine(p: Position): string {
  return `line ${p.line + 1}`;
}

export function parseNginx(file: string, text: string, options: NginxParseOptions = {}): ParsedFile {
  const comments: Comment[] = [];
  const problems = new Problems();
  const lexer = tokenizer(text, comments, problems);
  // Tokens read ahead (at most two, for the `{…}` quantifier below).
  const ahead: Token[] = [];
  const take = (): Token | undefined => (ahead.length > 0 ? ahead.shift() : lexer.next());
  const peek = (i: number): Token | undefined => {
    while (ahead.length <= i) {
      const t = lexer.next();
      if (!t) return undefined;
      ahead.push(t);
    }
    return ahead[i];
  };
  const root: Directive[] = [];
  // Stack of open blocks; the bottom entry is the file itself.
  // A `{` without a name opens no directive: its entry keeps the enclosing list and context, so its
  // `}` does not close the enclosing block (and garbage full of `{` costs no tree).
  interface Open {
    list: Directive[];
    /** The directive whose block this is (absent for a nameless `{`). */
    owner?: Directive;
    /** The directive whose block the entries are in, for data-block checks. */
    context?: Directive;
    openOffset: number;
    open?: Range;
  }
  const stack: Open[] = [{ list: root, openOffset: -1 }];
  let pending: Token[] = [];
  const known = options.isKnownDirective;
  // nginx's line at the end of the file: one more than the LF count.
  let eofLine = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) eofLine++;
  /** The last word that ends in a `}` nginx reads as part of it (for the unclosed-block hint). */
  let braceInWord: Token | undefined;

  const emit = (words: Token[], end: Token | undefined, terminated: boolean): Directive => {
    const nameTok = words[0];
    const last = end ?? words[words.length - 1];
    const d: Directive = {
      name: nameTok.text,
      lname: nameTok.text.toLowerCase(),
      args: words.slice(1).map(toArg),
      range: { start: nameTok.start, end: last.end },
      nameRange: { start: nameTok.start, end: nameTok.end },
      terminated,
      file,
    };
    stack[stack.length - 1].list.push(d);
    return d;
  };

  const owner = (): Directive | undefined => stack[stack.length - 1].context;
  const inDataBlock = (): boolean => {
    const o = owner();
    return o !== undefined && NGINX_DATA_BLOCKS.has(o.lname);
  };
  const inHandlerBlock = (): boolean => {
    const o = owner();
    return o !== undefined && HANDLER_BLOCKS.has(o.lname);
  };

  /**
   * Split a statement where a known directive name starts a later line (the usual "forgot the
   * semicolon" mistake), so the rest still lints. Returns the pieces in order.
   */
  const splitOnKnown = (words: Token[]): Token[][] => {
    if (!known || inDataBlock() || words.length < 2 || words[0].quoted || !known(words[0].text)) return [words];
    const pieces: Token[][] = [];
    let cur: Token[] = [];
    for (const w of words) {
      if (cur.length > 0 && w.lineStart && !w.quoted && known(w.text)) {
        pieces.push(cur);
        cur = [];
      }
      cur.push(w);
    }
    pieces.push(cur);
    return pieces;
  };

  /** Emit the pieces before the last as statements missing their `;`; returns the last piece. */
  const emitSplit = (pieces: Token[][]): Token[] => {
    for (let k = 0; k < pieces.length - 1; k++) {
      const p = pieces[k];
      const lastTok = p[p.length - 1];
      const at = { start: lastTok.end, end: lastTok.end };
      problems.add(`missing ";" after the "${p[0].text}" directive (the next line starts another directive)`, at, lastTok.endOffset);
      emit(p, undefined, false);
    }
    return pieces[pieces.length - 1];
  };

  for (let t = take(); t; t = take()) {
    if (t.kind === 'word') {
      if (endsWithStrayBrace(t)) braceInWord = t;
      pending.push(t);
      continue;
    }
    if (t.kind === ';') {
      if (pending.length === 0) {
        problems.add('unexpected ";": there is no directive before it', { start: t.start, end: t.end }, t.startOffset, { message: 'unexpected ";"', line: t.nl });
        continue;
      }
      const words = emitSplit(splitOnKnown(pending));
      pending = [];
      emit(words, t, true);
      continue;
    }
    if (t.kind === '{') {
      // `location ~ ^/a{2}$ {`: an unquoted regular expression with a `{…}` quantifier. nginx starts a
      // block at the first `{` (and then fails on a directive named "2}$"); read the expression as one
      // argument and say why nginx does not.
      const prev = pending.length > 0 ? pending[pending.length - 1] : undefined;
      // (Never inside a Lua statement: reading ahead there would tokenize Lua as nginx.)
      if (prev && !prev.quoted && prev.endOffset === t.startOffset && !pending.some((w) => isRawBlock(w.text))) {
        const qualifies = (w: Token | undefined, after: Token): w is Token => w !== undefined && w.kind === 'word' && !w.quoted && w.startOffset === after.endOffset && w.raw.includes('}');
        let last: Token | undefined;
        let open: Token = t;
        for (;;) {
          const w = peek(0);
          if (!qualifies(w, open)) break;
          take();
          last = w;
          const o = peek(0);
          if (!o || o.kind !== '{' || o.startOffset !== w.endOffset || !qualifies(peek(1), o)) break;
          take();
          open = o;
        }
        if (last) {
          const raw = text.slice(prev.startOffset, last.endOffset);
          const merged: Token = { ...prev, raw, text: unescapeNginx(raw), end: last.end, endOffset: last.endOffset };
          problems.add(
            `"{" inside "${merged.raw}" starts a block for nginx; put the regular expression in quotes`,
            { start: merged.start, end: merged.end },
            t.startOffset,
            inHandlerBlock() ? { message: 'unexpected "{"', line: t.nl } : undefined,
          );
          pending[pending.length - 1] = merged;
          continue;
        }
      }
      if (pending.length === 0) {
        problems.add('unexpected "{": a block needs a directive name before it', { start: t.start, end: t.end }, t.startOffset, { message: 'unexpected "{"', line: t.nl });
        const top = stack[stack.length - 1];
        stack.push({ list: top.list, context: top.context, openOffset: t.startOffset, open: { start: t.start, end: t.end } });
        continue;
      }
      if (inHandlerBlock()) {
        problems.add(
          `unexpected "{": the entries of a "${owner()!.name}" block cannot open blocks`,
          { start: t.start, end: t.end },
          t.startOffset,
          { message: 'unexpected "{"', line: t.nl },
        );
      }
      const head = emitSplit(splitOnKnown(pending));
      pending = [];
      const d = emit(head, t, true);
      d.block = [];
      d.blockOpenRange = { start: t.start, end: t.end };
      stack.push({ list: d.block, owner: d, context: d, openOffset: t.startOffset, open: d.blockOpenRange });
      if (isRawBlock(head[0].text)) {
        // Lua code up to the matching `}`, which then closes the block as usual.
        const close = lexer.skipRawBlock();
        if (close) ahead.push(close);
      }
      continue;
    }
    // `}`
    if (pending.length > 0) {
      const last = emitSplit(splitOnKnown(pending));
      pending = [];
      const lastTok = last[last.length - 1];
      problems.add(
        `missing ";" after the "${last[0].text}" directive before "}"`,
        { start: lastTok.end, end: lastTok.end },
        t.startOffset,
        { message: 'unexpected "}"', line: t.nl },
      );
      emit(last, undefined, false);
    }
    if (stack.length === 1) {
      problems.add('unexpected "}": no block is open here', { start: t.start, end: t.end }, t.startOffset, { message: 'unexpected "}"', line: t.nl });
      continue;
    }
    const o = stack.pop()!.owner;
    if (o) {
      o.blockCloseRange = { start: t.start, end: t.end };
      o.range = { start: o.range.start, end: t.end };
    }
  }
  const endPos = lexer.end();
  if (pending.length > 0) {
    const last = emitSplit(splitOnKnown(pending));
    pending = [];
    const lastTok = last[last.length - 1];
    // An unterminated string already says it runs to the end of the file.
    if (!lastTok.unterminated) {
      const hint = endsWithStrayBrace(lastTok) && stack.length > 1 ? ` (the "}" in "${lastTok.raw}" is part of that word for nginx: put a space or ";" before it)` : '';
      if (hint) braceInWord = undefined;
      problems.add(
        `unexpected end of file: missing ";" after the "${last[0].text}" directive${hint}`,
        { start: lastTok.end, end: lastTok.end },
        text.length,
        { message: 'unexpected end of file, expecting ";" or "}"', line: eofLine },
      );
    }
    emit(last, undefined, false);
  }
  while (stack.length > 1) {
    const top = stack.pop()!;
    const o = top.owner;
    if (o) o.range = { start: o.range.start, end: endPos };
    let message = o
      ? `unexpected end of file: the "${o.name}" block opened on ${describeLine(top.open!.start)} is never closed with "}"`
      : `unexpected end of file: the "{" on ${describeLine(top.open!.start)} is never closed with "}"`;
    if (braceInWord && braceInWord.startOffset > top.openOffset) {
      message += ` (the "}" in "${braceInWord.raw}" on ${describeLine(braceInWord.start)} is part of that word for nginx: put a space or ";" before it)`;
      braceInWord = undefined;
    }
    problems.add(message, top.open!, text.length + 1, { message: 'unexpected end of file, expecting "}"', line: eofLine });
  }
  return { file, dialect: 'nginx', text, directives: root, comments, problems: problems.sorted() };
}
