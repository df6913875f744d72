// What the output formats share: the findings of each linted file, with the file named as the user
// knows it, and 1-based positions.

import * as path from 'node:path';
import type { Finding, Position, Severity } from '../engine/types';

export interface FileReport {
  /** The engine's key for the file (absolute path). */
  file: string;
  /** How to show it: relative to the cwd when inside it, else absolute (or `<stdin>`). */
  shown: string;
  findings: Finding[];
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  /** Findings with a safe fix / with only a suggested fix. */
  fixableSafe: number;
  fixableSuggestion: number;
}

/** Relative to `cwd` when the file is inside it, else the path unchanged. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return file;
}

/** displayPath for one `cwd`, remembered per file: a report names the same few files thousands of times. */
export function displayPaths(cwd: string): (file: string) => string {
  const shown = new Map<string, string>();
  return (file) => {
    let s = shown.get(file);
    if (s === undefined) {
      s = displayPath(file, cwd);
      shown.set(file, s);
    }
    return s;
  };
}

export function countFindings(reports: FileReport[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0, fixableSafe: 0, fixableSuggestion: 0 };
  for (const r of reports) {
    for (const f of r.findings) {
      c[f.severity]++;
      if (f.fixes?.some((x) => x.safety === 'safe')) c.fixableSafe++;
      else if (f.fixes?.length) c.fixableSuggestion++;
    }
  }
  return c;
}

/** 1-based line and UTF-16 column, as editors and SARIF count them. */
export function oneBased(p: Position): { line: number; column: number } {
  return { line: p.line + 1, column: p.character + 1 };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];
