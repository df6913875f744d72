import type { Dialect, Position, Range } from '../types';
import { lineAt } from './text';

/** One argument of a directive. `text` is unquoted and unescaped; `raw` is the exact source. */
export interface Arg {
  text: string;
  raw: string;
  range: Range;
  quoted: boolean;
}

/**
 * One directive, in every dialect: nginx `ssl_protocols TLSv1.2;` or `server { … }`, an Apache
 * `<VirtualHost *:443> … </VirtualHost>` section (a directive with a block) or a Squid line.
 */
export interface Directive {
  /** As written (Apache names are case-insensitive: compare with `lname`). */
  name: string;
  /** Lower-cased name. */
  lname: string;
  args: Arg[];
  block?: Directive[];
  /** From the first character of the name to the terminator (`;`, `}`, end of line) inclusive. */
  range: Range;
  nameRange: Range;
  /** nginx `{`, Apache `<Section …>` opening line. */
  blockOpenRange?: Range;
  /** nginx `}`, Apache `</Section>`; absent when the block is unterminated. */
  blockCloseRange?: Range;
  /** nginx: the `;` was present (false for recovered statements). */
  terminated: boolean;
  /** Absolute path (or document key) of the file the directive is written in. */
  file: string;
}

export interface Comment {
  /** Text after the comment character, untrimmed. */
  text: string;
  range: Range;
}

export interface SyntaxProblem {
  message: string;
  range: Range;
  /** The server accepts the text, but it almost surely does not mean what it looks like. */
  hazard?: boolean;
}

export interface ParsedFile {
  file: string;
  dialect: Dialect;
  text: string;
  directives: Directive[];
  comments: Comment[];
  problems: SyntaxProblem[];
  /** How deep directive blocks nest, when the parser counted it (1: blocks at the top level only). */
  maxBlockDepth?: number;
}

/**
 * Where each line of a parsed text starts, as the parser counted lines: positions of the tree are
 * computed from offsets on demand (a large tree holds hundreds of thousands of ranges, and most are
 * never read). Offsets past the last recorded start belong to the last line.
 */
export class LineMap {
  constructor(private readonly starts: number[]) {}

  position(offset: number): Position {
    const line = lineAt(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}

/**
 * An Arg whose range is kept as two offsets and made into a Range the first time it is read (then
 * kept, so the same object comes back on every read). Serializes as a plain Arg. Made with `new` and a
 * constructor that sets every field in one order, so all of them share one map. (An object literal
 * with `__proto__` was used for V8's pretenuring of literals, but setting the prototype is a runtime
 * call per object: a lint of the 10k-vhost nginx tree ran about 3% more instructions that way.)
 */
export class SpanArg implements Arg {
  declare text: string;
  declare raw: string;
  declare quoted: boolean;
  declare private readonly lines: LineMap;
  declare private readonly start: number;
  declare private readonly end: number;
  declare private cachedRange: Range | undefined;

  private constructor(text: string, raw: string, quoted: boolean, lines: LineMap, start: number, end: number) {
    this.text = text;
    this.raw = raw;
    this.quoted = quoted;
    this.lines = lines;
    this.start = start;
    this.end = end;
    this.cachedRange = undefined;
  }

  static make(text: string, raw: string, quoted: boolean, lines: LineMap, start: number, end: number): SpanArg {
    return new SpanArg(text, raw, quoted, lines, start, end);
  }

  get range(): Range {
    return (this.cachedRange ??= this.lines.range(this.start, this.end));
  }
  set range(r: Range) {
    this.cachedRange = r;
  }

  toJSON(): Arg {
    return { text: this.text, raw: this.raw, range: this.range, quoted: this.quoted };
  }
}

/**
 * A Directive whose range and name range are kept as offsets and made into Ranges when first read
 * (see SpanArg). One object of one shape per directive, instead
 * of a directive plus six range and position objects. Copy it with plainDirective, not with a spread
 * (a spread drops the ranges, which live on the prototype).
 */
export class SpanDirective implements Directive {
  declare name: string;
  declare lname: string;
  declare args: Arg[];
  declare terminated: boolean;
  declare file: string;
  declare block: Directive[] | undefined;
  /** The block's `{` / `}` range, or the offset of that one-character token until the range is read. */
  declare private openRange: Range | number | undefined;
  declare private closeRange: Range | number | undefined;
  declare private readonly lines: LineMap;
  declare private readonly start: number;
  declare private readonly nameEnd: number;
  declare private end: number;
  declare private cachedRange: Range | undefined;
  declare private cachedNameRange: Range | undefined;

  private constructor(name: string, lname: string, args: Arg[], terminated: boolean, file: string, lines: LineMap, start: number, nameEnd: number, end: number) {
    this.name = name;
    this.lname = lname;
    this.args = args;
    this.terminated = terminated;
    this.file = file;
    this.block = undefined;
    this.openRange = undefined;
    this.closeRange = undefined;
    this.lines = lines;
    this.start = start;
    this.nameEnd = nameEnd;
    this.end = end;
    this.cachedRange = undefined;
    this.cachedNameRange = undefined;
  }

  static make(name: string, lname: string, args: Arg[], terminated: boolean, file: string, lines: LineMap, start: number, nameEnd: number, end: number): SpanDirective {
    return new SpanDirective(name, lname, args, terminated, file, lines, start, nameEnd, end);
  }

  get range(): Range {
    return (this.cachedRange ??= this.lines.range(this.start, this.end));
  }
  set range(r: Range) {
    this.cachedRange = r;
  }
  get nameRange(): Range {
    return (this.cachedNameRange ??= this.lines.range(this.start, this.nameEnd));
  }
  set nameRange(r: Range) {
    this.cachedNameRange = r;
  }

  get blockOpenRange(): Range | undefined {
    const r = this.openRange;
    return typeof r === 'number' ? (this.openRange = this.lines.range(r, r + 1)) : r;
  }
  set blockOpenRange(r: Range | undefined) {
    this.openRange = r;
  }
  get blockCloseRange(): Range | undefined {
    const r = this.closeRange;
    return typeof r === 'number' ? (this.closeRange = this.lines.range(r, r + 1)) : r;
  }
  set blockCloseRange(r: Range | undefined) {
    this.closeRange = r;
  }

  /**
   * The block opens (closes) with the one-character token at `offset`: its range is made when first
   * read (few are; a large tree has tens of thousands of blocks, each saving six objects).
   */
  openAt(offset: number): void {
    this.openRange = offset;
  }
  closeAt(offset: number): void {
    this.closeRange = offset;
  }

  /** Move the end of the directive (a block's `}`, or the end of the file for an unclosed one). */
  endAt(offset: number): void {
    this.end = offset;
    this.cachedRange = undefined;
  }

  toJSON(): Directive {
    return plainDirective(this, this.block);
  }
}

/** A plain-object copy of a directive with the given block (ranges read, so they survive the copy). */
export function plainDirective(d: Directive, block: Directive[] | undefined): Directive {
  const copy: Directive = { name: d.name, lname: d.lname, args: d.args, range: d.range, nameRange: d.nameRange, terminated: d.terminated, file: d.file };
  if (block !== undefined) copy.block = block;
  if (d.blockOpenRange !== undefined) copy.blockOpenRange = d.blockOpenRange;
  if (d.blockCloseRange !== undefined) copy.blockCloseRange = d.blockCloseRange;
  return copy;
}

/** Visit every directive of a list, depth first, parents before children (iterative: any depth). */
export function walkDirectives(list: Directive[], visit: (d: Directive, parents: Directive[]) => void): void {
  const parents: Directive[] = [];
  const frames: { items: Directive[]; next: number }[] = [{ items: list, next: 0 }];
  while (frames.length) {
    const top = frames[frames.length - 1];
    if (top.next >= top.items.length) {
      frames.pop();
      parents.pop();
      continue;
    }
    const d = top.items[top.next++];
    visit(d, parents);
    if (d.block) {
      parents.push(d);
      frames.push({ items: d.block, next: 0 });
    }
  }
}
