// Inputs no parser should be handed: a file too large to be a configuration, or a binary file. Either
// becomes an empty tree with one problem that says why (as eslint says "file too large"), instead of a
// long parse or hundreds of syntax errors about NUL bytes. Also the note for blocks nested deeper than
// the workspace model expands (their content is not checked). Dialect-agnostic: workspace.ts runs every
// dialect's parser through here.

import type { Dialect } from '../types';
import type { Directive, ParsedFile, SyntaxProblem } from './tree';

/** Files longer than this (UTF-16 code units, about bytes for configuration text) are not parsed. */
export const MAX_PARSE_LENGTH = 16 * 1024 * 1024;
/** A NUL among the first this many characters makes a file binary (as git and grep decide). */
const BINARY_PROBE = 8000;
/** Blocks nested deeper than this are placed but their content is not checked (workspace.ts expands this deep). */
export const MAX_CHECKED_DEPTH = 512;

const AT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function empty(file: string, text: string, dialect: Dialect, problem: SyntaxProblem): ParsedFile {
  return { file, dialect, text, directives: [], comments: [], problems: [problem] };
}

/** The tree for a file that is not parsed, or undefined when the file can be parsed. */
export function refuseToParse(file: string, text: string, dialect: Dialect): ParsedFile | undefined {
  if (text.length > MAX_PARSE_LENGTH) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return empty(file, text, dialect, {
      message: `this file is ${mb(text.length)}, more than the ${mb(MAX_PARSE_LENGTH)} tlslint parses: nothing in it is checked (a configuration this size is generated, or not a configuration)`,
      range: AT_START,
      hazard: true,
    });
  }
  const nul = text.slice(0, BINARY_PROBE).indexOf('\0');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = (before.match(/\r\n|\r|\n/g) ?? []).length;
    const character = nul - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) - 1;
    return empty(file, text, dialect, {
      message: `this looks like a binary file, not a configuration (a NUL byte on line ${line + 1}): it is not parsed; the server would refuse it`,
      range: { start: { line, character }, end: { line, character: character + 1 } },
    });
  }
  return undefined;
}

/** Add a problem at the first block nested deeper than MAX_CHECKED_DEPTH (iteratively: any depth). */
export function noteDeepNesting(parsed: ParsedFile): ParsedFile {
  if (parsed.maxBlockDepth !== undefined && parsed.maxBlockDepth <= MAX_CHECKED_DEPTH) return parsed;
  const frames: { items: Directive[]; depth: number }[] = [{ items: parsed.directives, depth: 0 }];
  while (frames.length) {
    const { items, depth } = frames.pop()!;
    for (const d of items) {
      if (!d.block) continue;
      if (depth + 1 > MAX_CHECKED_DEPTH) {
        parsed.problems.push({
          message: `blocks are nested more than ${MAX_CHECKED_DEPTH} deep here: tlslint does not check what is inside this one`,
          range: d.nameRange,
          hazard: true,
        });
        return parsed;
      }
      frames.push({ items: d.block, depth: depth + 1 });
    }
  }
  return parsed;
}
