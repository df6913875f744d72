// Shapes shared by every part of the engine. Nothing here knows about LSP connections or VS Code:
// positions are plain objects with the same meaning as LSP's (0-based line, UTF-16 column), so the
// server converts them without arithmetic.

export type Dialect = 'nginx' | 'apache' | 'squid';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit offset in the line. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A text edit on one file. Ranges are exact; `newText` replaces exactly that range. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/**
 * `safe` fixes are mechanical and cannot change who can connect (fix-all and `--fix` apply them);
 * `suggestion` fixes change protocols, suites or verification (offered, applied only by `--fix-unsafe`).
 */
export type FixSafety = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** The root (entry file) whose context produced the finding, when it only holds there. */
  rootFile?: string;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function rangeContains(range: Range, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

export function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
