import type { Position, Range, TextEdit } from '../types';
import { comparePositions } from '../types';

/**
 * `s` as a string of its own. V8 makes a slice of 13 or more characters a view into the string it was
 * cut from, so a word kept by a process-wide table (interned words, lookups by name) kept the whole
 * text of the file it came from alive, and every version of an edited buffer with it: a 100,000-case
 * fuzzing run grew the heap to 4 GB. Tables that outlive a lint keep these copies.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** Offsets of the first character of every line (`\n`, `\r\n` and lone `\r` end a line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The line holding `offset`: the last of the ascending line starts at or before it (binary search). */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class TextIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }
  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[p.line];
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.min(lineStart + Math.max(0, p.character), next);
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = lineAt(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }
  /** The text of a line without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(this.starts[line], end).replace(/\r?\n$|\r$/, '');
  }
  slice(r: Range): string {
    return this.text.slice(this.offsetAt(r.start), this.offsetAt(r.end));
  }
  private lineBreak?: string;
  /** The line break the file uses most (for inserted lines); counted once per text (every fix asks). */
  eol(): string {
    if (this.lineBreak === undefined) {
      const crlf = (this.text.match(/\r\n/g) ?? []).length;
      const lf = (this.text.match(/\n/g) ?? []).length - crlf;
      this.lineBreak = crlf > lf ? '\r\n' : '\n';
    }
    return this.lineBreak;
  }
}

/**
 * Apply non-overlapping edits to a text. Edits that overlap an earlier-accepted edit are skipped and
 * returned, so a caller can apply them in a later pass (as eslint does).
 */
export function applyEdits(text: string, edits: Omit<TextEdit, 'file'>[]): { text: string; skipped: Omit<TextEdit, 'file'>[] } {
  const index = new TextIndex(text);
  const withOffsets = edits
    .map((e, i) => ({ e, i, start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  const accepted: typeof withOffsets = [];
  const skipped: Omit<TextEdit, 'file'>[] = [];
  let lastEnd = -1;
  for (const x of withOffsets) {
    // Two insertions at the same point are fine; an edit starting inside the previous one is not.
    if (x.start < lastEnd || (x.start === lastEnd && accepted.length > 0 && x.start !== x.end && accepted[accepted.length - 1].start === x.start && accepted[accepted.length - 1].end > x.start)) {
      skipped.push(x.e);
      continue;
    }
    accepted.push(x);
    lastEnd = Math.max(lastEnd, x.end);
  }
  let out = '';
  let cursor = 0;
  for (const x of accepted) {
    out += text.slice(cursor, x.start) + x.e.newText;
    cursor = Math.max(cursor, x.end);
  }
  out += text.slice(cursor);
  return { text: out, skipped };
}

export function sortRanges<T extends { range: Range }>(items: T[]): T[] {
  return items.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
}
