// The engine's entry point: lint(request) builds the workspace model (reusing parsed trees between
// calls), runs every enabled rule, applies severities and suppressions, and returns findings per file.

import type { Finding, Range, TextEdit } from './types';
import { rangeKey } from './types';
import { TextIndex } from './syntax/text';
import type { Settings } from './settings';
import { Workspace, type ParseCache, type WorkspaceRequest } from './model/workspace';
import { allRules, dialectChecks } from './rules/registry';
import type { Report, RuleContext } from './rules/rule';
import { loadProfile } from './tls/profiles';
import { findSuppressions, suppresses, type Suppression } from './suppress';
import { MemoizedFileSystem } from './memoFs';

export type LintRequest = WorkspaceRequest;

export interface LintResult {
  findings: Map<string, Finding[]>;
  workspace: Workspace;
  /** Settings or guideline problems, to show once. */
  problems: string[];
  /** Files whose findings depend on `file` (files of the roots that include it). */
  dependents(file: string): string[];
  /** Files `file` includes. */
  includedFiles(file: string): string[];
}

export class Engine {
  private readonly cache: ParseCache = new Map();

  /** Forget a file's parse (closed or deleted). */
  forget(file: string): void {
    this.cache.delete(file);
  }

  /** The workspace model alone (roots, includes, expanded contexts), parsed through the same cache; no rules run. */
  workspace(req: LintRequest): Workspace {
    return new Workspace({ ...req, fs: new MemoizedFileSystem(req.fs) }, this.cache);
  }

  lint(req: LintRequest): LintResult {
    const ws = new Workspace({ ...req, fs: new MemoizedFileSystem(req.fs) }, this.cache);
    return lintWorkspace(ws, req.settings, req.files);
  }
}

export function lintWorkspace(ws: Workspace, settings: Settings, files: string[]): LintResult {
  const { profile, problems } = loadProfile(settings, (p) => ws.fs.readFile(p));
  // Each wanted file's findings in the order they were first reported. A rule may report the same
  // finding (rule, range, message) more than once, e.g. for every root that includes a file: only the
  // first is kept.
  const collected = new Map<string, Finding[]>();
  for (const f of files) collected.set(f, []);

  for (const rule of allRules()) {
    const configured = settings.rules[rule.meta.id];
    if (configured === 'off') continue;
    // This rule's findings by file and range (keyed without the message, which is long: a range
    // rarely holds more than one finding of a rule).
    const placed = new Map<string, Map<string, Finding | Finding[]>>();
    const ctx: RuleContext = {
      workspace: ws,
      settings,
      profile,
      report(r: Report) {
        const list = collected.get(r.file);
        if (!list) return;
        let byRange = placed.get(r.file);
        if (!byRange) {
          byRange = new Map();
          placed.set(r.file, byRange);
        }
        const where = rangeKey(r.range);
        const there = byRange.get(where);
        if (there !== undefined) {
          if (Array.isArray(there) ? there.some((f) => f.message === r.message) : there.message === r.message) return;
        }
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: configured ?? r.severity ?? rule.meta.defaultSeverity,
          message: r.message,
          file: r.file,
          range: r.range,
        };
        if (r.related?.length) finding.related = r.related;
        if (r.fixes?.length) finding.fixes = r.fixes;
        if (r.rootFile) finding.rootFile = r.rootFile;
        if (there === undefined) byRange.set(where, finding);
        else if (Array.isArray(there)) there.push(finding);
        else byRange.set(where, [there, finding]);
        list.push(finding);
      },
    };
    for (const [dialect, check] of [['nginx', rule.check] as const, ...dialectChecks(rule.meta.id).map((c) => [c.dialect, c.check] as const)]) {
      try {
        check(ctx);
      } catch (e) {
        // A rule bug must not take the other rules (or the server) down with it.
        problems.push(`rule ${rule.meta.id}${dialect === 'nginx' ? '' : ` (${dialect})`} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  const findings = new Map<string, Finding[]>();
  const unusedLevel = settings.rules['unused-suppression'] ?? 'info';
  for (const [file, reported] of collected) {
    const parsed = ws.files.get(file) ?? ws.parsed(file);
    let list = reported;
    if (parsed) {
      const sups = findSuppressions(parsed);
      if (sups.length) {
        list = list.filter((f) => !sups.some((s) => suppresses(s, f)));
        if (unusedLevel !== 'off') {
          for (const s of sups) {
            // By position: the same id may be listed twice, and each copy is removed on its own.
            const unusedAt = s.ids.flatMap((id, i) => (!s.used.has(id) && settings.rules[id] !== 'off' ? [i] : []));
            const unusedIds = [...new Set(unusedAt.map((i) => s.ids[i]))];
            if (s.ids.length === 0 ? s.used.size === 0 : unusedIds.length > 0) {
              const what = s.ids.length === 0 ? 'any finding' : unusedIds.map((x) => `"${x}"`).join(', ');
              const whole = s.ids.length === 0 || unusedAt.length === s.ids.length;
              list.push({
                ruleId: 'unused-suppression',
                severity: unusedLevel,
                message: `this suppression does not suppress ${what}: ${s.kind === 'file' ? 'nothing in this file' : 'nothing on the next line'} matches`,
                file,
                range: whole ? s.range : s.idRanges[unusedAt[0]],
                fixes: whole
                  ? [{ title: 'Remove the unused suppression comment', safety: 'safe', edits: [removeCommentEdit(parsed.text, file, s.range)] }]
                  : [{ title: `Remove ${what} from the suppression`, safety: 'safe', edits: removeIdsEdits(file, s, unusedAt) }],
              });
            }
          }
        }
      }
    }
    list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || ruleOrder(a.ruleId, b.ruleId));
    findings.set(file, list);
  }

  return {
    findings,
    workspace: ws,
    problems,
    dependents: (file) => ws.dependents(file),
    includedFiles: (file) => [...(ws.includes.get(file) ?? [])],
  };
}


/**
 * Findings at one position, by rule id. Rule ids are lowercase ASCII letters, digits and hyphens, which
 * English collation (localeCompare, as this was before) orders as code points; comparing code points
 * spares every run ICU's collator, built on first use (about a tenth of a small lint's time), and keeps
 * the order the same under every locale. test/unit/finding-order.test.ts holds the ids to that.
 */
export function ruleOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Remove a comment; the whole line when the comment is alone on it. */
function removeCommentEdit(text: string, file: string, range: Range): TextEdit {
  const idx = new TextIndex(text);
  const line = idx.lineText(range.start.line);
  if (line.slice(0, range.start.character).trim() === '') {
    const next = range.start.line + 1 < idx.starts.length ? { line: range.start.line + 1, character: 0 } : { line: range.start.line, character: line.length };
    return { file, range: { start: { line: range.start.line, character: 0 }, end: next }, newText: '' };
  }
  // A trailing comment: drop it and the spaces before it.
  const before = line.slice(0, range.start.character);
  const trimmed = before.replace(/[ \t]+$/, '');
  return { file, range: { start: { line: range.start.line, character: trimmed.length }, end: range.end }, newText: '' };
}

/**
 * Remove the ids at positions `remove` (not all of them) from a suppression comment. Each run of
 * consecutive removed ids goes with the separator before it, or after it when the run starts the list,
 * so that the edits never overlap and the ids left keep their separators.
 */
function removeIdsEdits(file: string, s: Suppression, remove: number[]): TextEdit[] {
  const gone = new Set(remove);
  const edits: TextEdit[] = [];
  const line = s.range.start.line;
  const at = (character: number) => ({ line, character });
  for (let i = 0; i < s.ids.length; i++) {
    if (!gone.has(i)) continue;
    let j = i;
    while (gone.has(j + 1)) j++;
    const range =
      i > 0
        ? { start: at(s.idRanges[i - 1].end.character), end: at(s.idRanges[j].end.character) }
        : { start: at(s.idRanges[0].start.character), end: at(s.idRanges[j + 1].start.character) };
    edits.push({ file, range, newText: '' });
    i = j;
  }
  return edits;
}
