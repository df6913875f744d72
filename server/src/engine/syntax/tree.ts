import type { Dialect, Range } from '../types';

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
