// Engine findings and fixes -> LSP code actions. Pure: the server decides which findings are current and
// supplies the document's URI mapping.

import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { suppressionFixes } from '../engine/suppress';
import type { Finding, Fix, Range } from '../engine/types';
import type { DiagnosticData } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.tlslint`;
/** Server-side commands (not `tlslint.fixAll`: the client contributes that one and forwards it here). */
export const FIX_ALL_COMMAND = 'tlslint.applyFixAll';
export const SHOW_DOCS_COMMAND = 'tlslint.showRuleDocs';

/** Rules whose findings get no suppression quick fix: suppressing them makes no sense. */
const NOT_SUPPRESSIBLE = new Set(['unused-suppression', 'syntax-error']);

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * The finding a diagnostic was made from: by the index stored in `Diagnostic.data` when it is for this
 * version, else by rule id and range (a client that drops `data`).
 */
export function findingOf(diag: Diagnostic, findings: readonly Finding[], version: number): Finding | undefined {
  const data = diag.data as DiagnosticData | undefined;
  if (data && data.version === version && findings[data.index]?.ruleId === data.ruleId && sameRange(findings[data.index].range, diag.range)) {
    return findings[data.index];
  }
  return findings.find((f) => f.ruleId === diag.code && sameRange(f.range, diag.range));
}

export function workspaceEdit(fix: Fix, uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) (changes[uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

export interface QuickFixOptions {
  uriOf(file: string): string;
  /** Offer "Show documentation for <id>" (the client can open URLs: window/showDocument). */
  showDocs: boolean;
}

/** Quick fixes for the diagnostics of one request: the rule's fixes, suppressions, documentation. */
export function quickFixes(doc: TextDocument, diagnostics: readonly Diagnostic[], findings: readonly Finding[], opts: QuickFixOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const docsShown = new Set<string>();
  for (const diag of diagnostics) {
    if (diag.source !== 'tlslint') continue;
    const finding = findingOf(diag, findings, doc.version);
    if (!finding) continue;
    const fixes = finding.fixes ?? [];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        isPreferred: fix.safety === 'safe' && fixes.length === 1,
        edit: workspaceEdit(fix, opts.uriOf),
      });
    }
    if (!NOT_SUPPRESSIBLE.has(finding.ruleId)) {
      for (const s of suppressionFixes(doc.getText(), finding)) {
        actions.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: workspaceEdit(s, opts.uriOf) });
      }
    }
    if (opts.showDocs && !docsShown.has(finding.ruleId)) {
      docsShown.add(finding.ruleId);
      const title = `Show documentation for ${finding.ruleId}`;
      actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: { title, command: SHOW_DOCS_COMMAND, arguments: [finding.ruleId] } });
    }
  }
  return actions;
}

/** Whether fix-all has anything to do: some finding carries a safe fix. */
export function hasSafeFix(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.fixes?.some((x) => x.safety === 'safe'));
}

/** One edit replacing only the part of `before` that differs from `after`. */
export function minimalEdit(doc: TextDocument, before: string, after: string): LspTextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  // Never split a surrogate pair or a CRLF: widen to whole code points / line breaks.
  while (start > 0 && (isLowSurrogate(before, start) || (before[start - 1] === '\r' && before[start] === '\n'))) start--;
  while (endB < before.length && (isLowSurrogate(before, endB) || (before[endB - 1] === '\r' && before[endB] === '\n'))) {
    endB++;
    endA++;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endB) }, newText: after.slice(start, endA) };
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
