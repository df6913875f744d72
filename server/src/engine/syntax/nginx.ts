// nginx configuration parser. It follows the tokenizer of nginx itself (src/core/ngx_conf_file.c) for
// what a token is — `#` starts a comment only where a token could start, quotes only open at a token
// start, `\` escapes the next character, `${var}` may contain `{` — but it never stops at the first
// error: it records a problem, resynchronises at `;`, `{` or `}` and goes on, in one linear pass.

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
  /** The token was preceded by a line break since the previous token. */
  lineStart: boolean;
}

export interface NginxParseOptions {
  /**
   * Names nginx knows; lets the parser recognise a missing `;` when a known directive name starts a
   * new line inside an unterminated statement.
   */
  isKnownDirective?: (name: string) => boolean;
}

/** Directives whose block holds foreign code (Lua, njs inline), skipped as raw text. */
function isRawBlock(name: string): boolean {
  return name.endsWith('_by_lua_block') || name === 'lua_block';
}

/** Blocks whose children are key/value pairs rather than directives (their "directives" are data). */
export const NGINX_DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match', 'upstream_conf']);

class Scanner {
  i = 0;
  line = 0;
  col = 0;
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
  advance(): number {
    const c = this.text.charCodeAt(this.i++);
    if (c === 10) {
      this.line++;
      this.col = 0;
    } else if (c === 13) {
      if (this.text.charCodeAt(this.i) === 10) {
        this.i++;
      }
      this.line++;
      this.col = 0;
    } else {
      this.col++;
    }
    return c;
  }
}

const SPACE = 32, TAB = 9, CR = 13, LF = 10, SEMI = 59, LBRACE = 123, RBRACE = 125, HASH = 35, BSLASH = 92, DQ = 34, SQ = 39, DOLLAR = 36, RPAREN = 41;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
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

function tokenize(file: string, text: string, comments: Comment[], problems: SyntaxProblem[], rawBlockAt: (tokens: Token[]) => boolean): Token[] {
  const s = new Scanner(text);
  const tokens: Token[] = [];
  let sawBreak = true;
  if (s.peek() === 0xfeff) {
    problems.push({
      message: 'the file starts with a byte order mark (U+FEFF); nginx reads it as part of the first directive name and refuses the file',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    });
    s.advance();
  }
  void file;
  while (!s.done) {
    const c = s.peek();
    if (isSpace(c)) {
      if (c === LF || c === CR) sawBreak = true;
      s.advance();
      continue;
    }
    const start = s.pos();
    const startOffset = s.i;
    if (c === SEMI || c === LBRACE || c === RBRACE) {
      s.advance();
      tokens.push({ kind: String.fromCharCode(c) as ';' | '{' | '}', raw: String.fromCharCode(c), text: '', quoted: false, start, end: s.pos(), startOffset, lineStart: sawBreak });
      sawBreak = false;
      if (c === LBRACE && rawBlockAt(tokens)) skipRawBlock(s, tokens, problems);
      continue;
    }
    if (c === HASH) {
      s.advance();
      const from = s.i;
      while (!s.done && s.peek() !== LF && s.peek() !== CR) s.advance();
      comments.push({ text: text.slice(from, s.i), range: { start, end: s.pos() } });
      continue;
    }
    if (c === DQ || c === SQ) {
      s.advance();
      let closed = false;
      while (!s.done) {
        const d = s.peek();
        if (d === BSLASH) {
          s.advance();
          if (!s.done) s.advance();
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
      if (!closed) {
        problems.push({ message: `unterminated ${c === DQ ? 'double' : 'single'}-quoted string`, range: { start, end } });
        tokens.push({ kind: 'word', raw, text: unescapeNginx(raw.slice(1)), quoted: true, start, end, startOffset, lineStart: sawBreak });
        sawBreak = false;
        continue;
      }
      tokens.push({ kind: 'word', raw, text: unescapeNginx(raw.slice(1, -1)), quoted: true, start, end, startOffset, lineStart: sawBreak });
      sawBreak = false;
      // nginx requires a space, `;`, `{` or `)` right after a closing quote.
      if (!s.done) {
        const n = s.peek();
        if (!isSpace(n) && n !== SEMI && n !== LBRACE && n !== RPAREN) {
          const p = s.pos();
          problems.push({ message: `unexpected "${String.fromCharCode(n)}" right after a quoted string: nginx needs a space, ";" or "{" there`, range: { start: p, end: { line: p.line, character: p.character + 1 } } });
        }
      }
      continue;
    }
    // A bare word: runs until whitespace, `;` or `{` (a `{` right after `$` is part of `${var}`);
    // `}` and `#` inside a word belong to it, as in nginx.
    let variable = false;
    while (!s.done) {
      const d = s.peek();
      if (d === BSLASH) {
        s.advance();
        if (!s.done) s.advance();
        variable = false;
        continue;
      }
      if (d === LBRACE && variable) {
        s.advance();
        variable = false;
        continue;
      }
      variable = d === DOLLAR;
      if (isSpace(d) || d === SEMI || d === LBRACE) break;
      s.advance();
    }
    const raw = text.slice(startOffset, s.i);
    tokens.push({ kind: 'word', raw, text: unescapeNginx(raw), quoted: false, start, end: s.pos(), startOffset, lineStart: sawBreak });
    sawBreak = false;
  }
  return tokens;
}

/** Skip a `{ … }` of foreign code (Lua) by brace balance, honouring quotes and comments. */
function skipRawBlock(s: Scanner, tokens: Token[], problems: SyntaxProblem[]): void {
  let depth = 1;
  const open = tokens[tokens.length - 1];
  while (!s.done) {
    const c = s.peek();
    if (c === DQ || c === SQ) {
      s.advance();
      while (!s.done && s.peek() !== c && s.peek() !== LF) {
        if (s.peek() === BSLASH) s.advance();
        if (!s.done) s.advance();
      }
      if (!s.done && s.peek() === c) s.advance();
      continue;
    }
    if (c === LBRACE) depth++;
    if (c === RBRACE) {
      depth--;
      if (depth === 0) {
        const start = s.pos();
        const startOffset = s.i;
        s.advance();
        tokens.push({ kind: '}', raw: '}', text: '', quoted: false, start, end: s.pos(), startOffset, lineStart: false });
        return;
      }
    }
    s.advance();
  }
  problems.push({ message: 'unexpected end of file: this block is never closed with "}"', range: { start: open.start, end: open.end } });
}

function toArg(t: Token): Arg {
  return { text: t.text, raw: t.raw, range: { start: t.start, end: t.end }, quoted: t.quoted };
}

export function parseNginx(file: string, text: string, options: NginxParseOptions = {}): ParsedFile {
  const comments: Comment[] = [];
  const problems: SyntaxProblem[] = [];
  // The tokenizer asks whether the `{` it just read opens a raw block: look back to the statement's name.
  const rawBlockAt = (toks: Token[]): boolean => {
    for (let k = toks.length - 2; k >= 0; k--) {
      const t = toks[k];
      if (t.kind !== 'word') {
        const nameTok = toks[k + 1];
        return nameTok !== undefined && nameTok.kind === 'word' && isRawBlock(nameTok.text);
      }
      if (k === 0) return isRawBlock(t.text);
    }
    return false;
  };
  const tokens = tokenize(file, text, comments, problems, rawBlockAt);
  const root: Directive[] = [];
  // Stack of open blocks; the bottom entry is the file itself.
  const stack: { list: Directive[]; owner?: Directive }[] = [{ list: root }];
  let pending: Token[] = [];
  const known = options.isKnownDirective;

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

  const inDataBlock = (): boolean => {
    const owner = stack[stack.length - 1].owner;
    return owner !== undefined && NGINX_DATA_BLOCKS.has(owner.lname);
  };

  /**
   * Flush words that never got their `;`. When a known directive name starts a later line, the
   * statement is split there (the usual "forgot the semicolon" mistake) so the rest still lints.
   */
  const flushUnterminated = (words: Token[], reportAt: Range, why: string): void => {
    if (words.length === 0) return;
    const pieces: Token[][] = [];
    let cur: Token[] = [];
    for (const w of words) {
      if (cur.length > 0 && w.lineStart && known && !inDataBlock() && !w.quoted && known(w.text) && known(cur[0].text)) {
        pieces.push(cur);
        cur = [];
      }
      cur.push(w);
    }
    pieces.push(cur);
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      const lastTok = p[p.length - 1];
      problems.push({
        message: k < pieces.length - 1 ? `missing ";" after "${p[0].text}" directive` : why,
        range: k < pieces.length - 1 ? { start: lastTok.end, end: lastTok.end } : reportAt,
      });
      emit(p, undefined, false);
    }
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'word') {
      pending.push(t);
      continue;
    }
    if (t.kind === ';') {
      if (pending.length === 0) {
        problems.push({ message: 'unexpected ";": there is no directive before it', range: { start: t.start, end: t.end } });
        continue;
      }
      // A statement spanning lines whose later line starts with a known directive: missing `;`.
      const words = pending;
      pending = [];
      let splitAt = -1;
      if (known && !inDataBlock() && known(words[0].text)) {
        for (let w = 1; w < words.length; w++) {
          if (words[w].lineStart && !words[w].quoted && known(words[w].text)) splitAt = w;
        }
      }
      if (splitAt > 0) {
        flushUnterminated(words.slice(0, splitAt), { start: words[splitAt - 1].end, end: words[splitAt - 1].end }, `missing ";" after "${words[0].text}" directive`);
        emit(words.slice(splitAt), t, true);
      } else {
        emit(words, t, true);
      }
      continue;
    }
    if (t.kind === '{') {
      if (pending.length === 0) {
        problems.push({ message: 'unexpected "{": a block needs a directive name before it', range: { start: t.start, end: t.end } });
        // Still open a nameless block so the matching "}" does not close the enclosing one.
        const d: Directive = { name: '', lname: '', args: [], block: [], range: { start: t.start, end: t.end }, nameRange: { start: t.start, end: t.start }, blockOpenRange: { start: t.start, end: t.end }, terminated: true, file };
        stack[stack.length - 1].list.push(d);
        stack.push({ list: d.block!, owner: d });
        continue;
      }
      const words = pending;
      pending = [];
      let head = words;
      if (known && !inDataBlock()) {
        let splitAt = -1;
        for (let w = 1; w < words.length; w++) {
          if (words[w].lineStart && !words[w].quoted && known(words[w].text) && known(words[0].text)) splitAt = w;
        }
        if (splitAt > 0) {
          flushUnterminated(words.slice(0, splitAt), { start: words[splitAt - 1].end, end: words[splitAt - 1].end }, `missing ";" after "${words[0].text}" directive`);
          head = words.slice(splitAt);
        }
      }
      const d = emit(head, t, true);
      d.block = [];
      d.blockOpenRange = { start: t.start, end: t.end };
      stack.push({ list: d.block, owner: d });
      continue;
    }
    // `}`
    if (pending.length > 0) {
      flushUnterminated(pending, { start: pending[pending.length - 1].end, end: pending[pending.length - 1].end }, `missing ";" after "${pending[0].text}" directive: nginx reports unexpected "}"`);
      pending = [];
    }
    if (stack.length === 1) {
      problems.push({ message: 'unexpected "}": no block is open here', range: { start: t.start, end: t.end } });
      continue;
    }
    const top = stack.pop()!;
    const owner = top.owner!;
    owner.blockCloseRange = { start: t.start, end: t.end };
    owner.range = { start: owner.range.start, end: t.end };
  }
  const endPos = tokens.length ? tokens[tokens.length - 1].end : { line: 0, character: 0 };
  if (pending.length > 0) {
    flushUnterminated(pending, { start: pending[pending.length - 1].end, end: pending[pending.length - 1].end }, `unexpected end of file: expecting ";" after "${pending[0].text}" directive`);
    pending = [];
  }
  while (stack.length > 1) {
    const top = stack.pop()!;
    const owner = top.owner!;
    const last = top.list.length ? top.list[top.list.length - 1].range.end : owner.range.end;
    owner.range = { start: owner.range.start, end: last.line > endPos.line ? last : endPos };
    problems.push({ message: `unexpected end of file: the "${owner.name}" block opened here is never closed with "}"`, range: owner.blockOpenRange ?? owner.nameRange });
  }
  return { file, dialect: 'nginx', text, directives: root, comments, problems };
}
