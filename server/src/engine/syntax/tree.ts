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
 * kept, so the same object comes back on every read). Serializes as a plain Arg. Made by `make`, as
 * an object literal: V8 soon allocates the objects of a literal whose objects all survive straight in
 * the old generation, which it does not do for `new`; a large tree is then not copied by every young
 * collection on its way to the old generation (bytes promoted by young collections in a lint of the
 * 10k-vhost nginx tree: 135 MB with `new`, 107 MB with literals). Such a literal costs more to make
 * than `new` (about 60 ns against 15 ns per object in a micro-benchmark): a few tens of milliseconds
 * for that tree, against the copying it saves.
 */
export class SpanArg implements Arg {
  declare text: string;
  declare raw: string;
  declare quoted: boolean;
  declare private readonly lines: LineMap;
  declare private readonly start: number;
  declare private readonly end: number;
  declare private cachedRange: Range | undefined;

  private constructor() {}

  static make(text: string, raw: string, quoted: boolean, lines: LineMap, start: number, end: number): SpanArg {
    return { __proto__: SpanArg.prototype, text, raw, quoted, lines, start, end, cachedRange: undefined } as unknown as SpanArg;
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
 * (see SpanArg, also for why `make` builds a literal). One object of one shape per directive, instead
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
  declare blockOpenRange: Range | undefined;
  declare blockCloseRange: Range | undefined;
  declare private readonly lines: LineMap;
  declare private readonly start: number;
  declare private readonly nameEnd: number;
  declare private end: number;
  declare private cachedRange: Range | undefined;
  declare private cachedNameRange: Range | undefined;

  private constructor() {}

  static make(name: string, lname: string, args: Arg[], terminated: boolean, file: string, lines: LineMap, start: number, nameEnd: number, end: number): SpanDirective {
    return {
      __proto__: SpanDirective.prototype,
      name,
      lname,
      args,
      terminated,
      file,
      block: undefined,
      blockOpenRange: undefined,
      blockCloseRange: undefined,
      lines,
      start,
      nameEnd,
      end,
      cachedRange: undefined,
      cachedNameRange: undefined,
    } as unknown as SpanDirective;
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
