// Suppression comments: `# tlslint-disable-next-line <id>[, <id>…]` on the line above a finding, and
// `# tlslint-disable <id>[, <id>…]` before the first directive for the whole file. Without ids they
// cover every rule. A suppression that covers nothing is reported as `unused-suppression`.

import type { Finding, Fix, Range } from './types';
import type { ParsedFile } from './syntax/tree';
import { TextIndex } from './syntax/text';

export interface Suppression {
  kind: 'next-line' | 'file';
  /** Empty: every rule. */
  ids: string[];
  /** Range of the comment. */
  range: Range;
  /** Range of each id inside the comment (same order as ids). */
  idRanges: Range[];
  /** For next-line: the 0-based line it covers. */
  line?: number;
  used: Set<string>;
}

const PATTERN = /^\s*tlslint-disable(-next-line)?(?=\s|$)(.*)$/;

export function findSuppressions(parsed: ParsedFile): Suppression[] {
  const out: Suppression[] = [];
  const firstDirectiveLine = parsed.directives.length ? parsed.directives[0].range.start.line : Number.MAX_SAFE_INTEGER;
  for (const c of parsed.comments) {
    const m = PATTERN.exec(c.text);
    if (!m) continue;
    const nextLine = m[1] !== undefined;
    if (!nextLine && c.range.start.line > firstDirectiveLine) continue;
    // Ids are separated by commas or spaces; `--` starts a free-text reason, as in eslint.
    const listText = m[2].split(/\s--\s/)[0];
    const listOffset = c.text.length - m[2].length;
    const ids: string[] = [];
    const idRanges: Range[] = [];
    const re = /[a-z0-9][a-z0-9-]*/g;
    let mm: RegExpExecArray | null;
    while ((mm = re.exec(listText))) {
      ids.push(mm[0]);
      const startChar = c.range.start.character + 1 + listOffset + mm.index;
      idRanges.push({ start: { line: c.range.start.line, character: startChar }, end: { line: c.range.start.line, character: startChar + mm[0].length } });
    }
    out.push({ kind: nextLine ? 'next-line' : 'file', ids, idRanges, range: c.range, line: nextLine ? c.range.end.line + 1 : undefined, used: new Set() });
  }
  return out;
}

/** Does a suppression cover this finding? Marks it used. */
export function suppresses(s: Suppression, f: Finding): boolean {
  if (f.ruleId === 'unused-suppression' || f.ruleId === 'syntax-error') return false;
  if (s.ids.length && !s.ids.includes(f.ruleId)) return false;
  if (s.kind === 'next-line' && f.range.start.line !== s.line) return false;
  s.used.add(f.ruleId);
  return true;
}

/** Quick fixes that add a suppression for a finding: for its line, or for the whole file. */
export function suppressionFixes(text: string, finding: Finding): Fix[] {
  const index = new TextIndex(text);
  const line = finding.range.start.line;
  const lineText = index.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = index.eol();
  const fixes: Fix[] = [];
  // Extend an existing next-line suppression right above instead of stacking a second one.
  const above = line > 0 ? index.lineText(line - 1) : '';
  const existing = /^(\s*#\s*tlslint-disable-next-line)(\s+[^-]*?)?\s*(--.*)?$/.exec(above);
  if (existing && existing[2] && existing[2].trim()) {
    const endOfIds = existing[1].length + existing[2].length;
    fixes.push({
      title: `Disable ${finding.ruleId} for this line`,
      safety: 'safe',
      edits: [{ file: finding.file, range: { start: { line: line - 1, character: endOfIds }, end: { line: line - 1, character: endOfIds } }, newText: `, ${finding.ruleId}` }],
    });
  } else {
    fixes.push({
      title: `Disable ${finding.ruleId} for this line`,
      safety: 'safe',
      edits: [{ file: finding.file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# tlslint-disable-next-line ${finding.ruleId}${eol}` }],
    });
  }
  fixes.push({
    title: `Disable ${finding.ruleId} for the entire file`,
    safety: 'safe',
    edits: [{ file: finding.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# tlslint-disable ${finding.ruleId}${eol}` }],
  });
  return fixes;
}
