// `--fix`: lint, apply the fixes of the allowed safety that do not overlap, re-lint the new texts (an
// overlay, so included files see them too), until nothing is left to fix or 10 passes ran. Nothing is
// written here: the caller gets the final texts and writes them.
//
// A file is never left broken: when a pass makes a file parse worse than it did originally (more
// syntax problems), or the re-lint after a pass fails, that file goes back to its original text and
// gets no more fixes (and so do files a fix changed together with it).

import { Engine, type LintRequest, type LintResult } from './engine';
import { OverlayFileSystem, type FileSystem } from './fs';
import { parseFile } from './model/workspace';
import { applyEdits, TextIndex } from './syntax/text';
import type { Finding, Fix, FixSafety, TextEdit } from './types';

export const MAX_FIX_PASSES = 10;

export interface FixSession {
  /** Current texts of files changed so far (shared by every lint group of one run). */
  overlay: Map<string, string>;
  /** Original texts of the files in `overlay`. */
  originals: Map<string, string>;
  /** Files that get no more fixes (broken by a fix, or not editable). */
  frozen: Set<string>;
  /** Fixes applied, for counting; entries are dropped when their files are reverted. */
  applied: { title: string; ruleId: string; files: string[] }[];
  /** Files left unchanged, and why (one line each). */
  failures: { file: string; reason: string }[];
  /** Files changed together by one fix (reverted together). */
  coupled: Map<string, Set<string>>;
}

export function newFixSession(): FixSession {
  return { overlay: new Map(), originals: new Map(), frozen: new Set(), applied: [], failures: [], coupled: new Map() };
}

export interface FixRequest {
  engine: Engine;
  /** The file system under the overlay (disk, stdin overlay or an nginx -T dump). */
  baseFs: FileSystem;
  request: Omit<LintRequest, 'fs'>;
  /** 'safe' applies safe fixes; 'suggestion' applies both kinds. */
  safety: FixSafety;
  /** Whether a file may be changed at all (exists, is writable text, is not somewhere we must not write). */
  canEdit(file: string): boolean;
  session: FixSession;
}

interface PlannedEdit {
  start: number;
  end: number;
  newText: string;
  edit: Omit<TextEdit, 'file'>;
}

/** Run the fix loop for one lint request; returns the lint of the final texts (the remaining findings). */
export function runFixLoop(req: FixRequest): LintResult {
  const { session } = req;
  const lint = (): LintResult => req.engine.lint({ ...req.request, fs: new OverlayFileSystem(req.baseFs, session.overlay) });
  let result = lint();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const planned = planPass(req, result);
    if (planned.size === 0) break;
    const changed: string[] = [];
    const frozenBefore = session.frozen.size;
    for (const [file, plan] of planned) {
      const current = textOf(req, file);
      if (current === undefined || session.frozen.has(file)) continue;
      const eol = lineBreakOf(session.originals.get(file) ?? current);
      const { text, skipped } = applyEdits(
        current,
        plan.edits.map((e) => ({ range: e.edit.range, newText: eol ? e.newText.replace(/\r\n|\n/g, eol) : e.newText })),
      );
      if (skipped.length) {
        freeze(req, file, 'overlapping fixes could not be applied');
        continue;
      }
      if (!session.originals.has(file)) session.originals.set(file, current);
      if (parsesWorse(file, session.originals.get(file)!, text, result)) {
        freeze(req, file, `a fix (${[...plan.rules].join(', ')}) would leave text that does not parse`);
        continue;
      }
      session.overlay.set(file, text);
      changed.push(file);
    }
    for (const [, plan] of planned) {
      for (const f of plan.fixes) {
        if (f.files.every((x) => !session.frozen.has(x))) session.applied.push(f);
      }
    }
    const lastPass = changed.filter((f) => !session.frozen.has(f));
    // Nothing changed and nothing was taken back: the last lint still holds.
    if (lastPass.length === 0 && session.frozen.size === frozenBefore) break;
    try {
      result = lint();
    } catch (e) {
      // The texts of the last pass cannot be checked: take them back.
      const reason = e instanceof Error ? e.message : String(e);
      for (const f of lastPass) freeze(req, f, `linting after a fix failed (${reason})`);
      result = lint();
    }
  }
  return result;
}

function textOf(req: FixRequest, file: string): string | undefined {
  return req.session.overlay.get(file) ?? req.baseFs.readFile(file);
}

/** The line break inserted text should use: the file's own (undefined when it has none). */
export function lineBreakOf(text: string): string | undefined {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return undefined;
  return crlf > lf ? '\r\n' : '\n';
}

interface FilePlan {
  edits: PlannedEdit[];
  rules: Set<string>;
  fixes: { title: string; ruleId: string; files: string[] }[];
}

/** Choose this pass's fixes: the first allowed fix of each finding, skipping any that overlap a chosen one. */
function planPass(req: FixRequest, result: LintResult): Map<string, FilePlan> {
  const { session } = req;
  const plans = new Map<string, FilePlan>();
  const indexes = new Map<string, TextIndex>();
  const indexOf = (file: string): TextIndex | undefined => {
    let idx = indexes.get(file);
    if (!idx) {
      const t = textOf(req, file);
      if (t === undefined) return undefined;
      idx = new TextIndex(t);
      indexes.set(file, idx);
    }
    return idx;
  };
  const findings: Finding[] = [];
  for (const list of result.findings.values()) findings.push(...list);
  for (const finding of findings) {
    const fix = finding.fixes?.find((f) => allowed(f, req.safety));
    if (!fix || fix.edits.length === 0) continue;
    const files = [...new Set(fix.edits.map((e) => e.file))];
    if (files.some((f) => session.frozen.has(f) || !req.canEdit(f) || !indexOf(f))) continue;
    const perFile = new Map<string, PlannedEdit[]>();
    let conflict = false;
    let novel = false;
    for (const e of fix.edits) {
      const idx = indexOf(e.file)!;
      const p: PlannedEdit = { start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText, edit: e };
      if (idx.text.slice(p.start, p.end) === p.newText) continue; // changes nothing
      const accepted = [...(plans.get(e.file)?.edits ?? []), ...(perFile.get(e.file) ?? [])];
      if (accepted.some((a) => a.start === p.start && a.end === p.end && a.newText === p.newText)) continue;
      novel = true;
      if (accepted.some((a) => editsConflict(a, p))) {
        conflict = true;
        break;
      }
      perFile.set(e.file, [...(perFile.get(e.file) ?? []), p]);
    }
    if (conflict || !novel) continue;
    for (const [file, edits] of perFile) {
      const plan = plans.get(file) ?? { edits: [], rules: new Set<string>(), fixes: [] };
      plan.edits.push(...edits);
      plan.rules.add(finding.ruleId);
      plans.set(file, plan);
    }
    plans.get(files[0])?.fixes.push({ title: fix.title, ruleId: finding.ruleId, files });
    if (files.length > 1) couple(session, files);
  }
  return plans;
}

function allowed(fix: Fix, safety: FixSafety): boolean {
  return fix.safety === 'safe' || safety === 'suggestion';
}

/**
 * Overlapping or touching ranges (as eslint judges them): an insertion at the edge of a replaced range,
 * or two insertions at one point, would need a guess about which text goes first, so one of them waits
 * for the next pass, where it is computed from the new text.
 */
function editsConflict(a: PlannedEdit, b: PlannedEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function couple(session: FixSession, files: string[]): void {
  const group = new Set<string>();
  for (const f of files) for (const x of session.coupled.get(f) ?? [f]) group.add(x);
  for (const f of group) session.coupled.set(f, group);
}

/** Put a file (and every file coupled to it) back to its original text; it gets no more fixes. */
function freeze(req: FixRequest, file: string, reason: string): void {
  const { session } = req;
  session.failures.push({ file, reason });
  for (const f of session.coupled.get(file) ?? [file]) {
    session.frozen.add(f);
    session.overlay.delete(f);
  }
  session.applied = session.applied.filter((a) => a.files.every((f) => !session.frozen.has(f)));
}

function parsesWorse(file: string, original: string, text: string, result: LintResult): boolean {
  const dialect = result.workspace.files.get(file)?.dialect ?? 'nginx';
  return parseFile(file, text, dialect).problems.length > parseFile(file, original, dialect).problems.length;
}
