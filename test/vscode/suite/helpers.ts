// What the editor tests share: the workspace's files, tlslint's diagnostics, and waiting for them
// through onDidChangeDiagnostics (never a fixed sleep; the timeout only bounds a failure).
import * as vscode from 'vscode';
import { parseExpectations, type Expectation } from '../../helpers/annotations';

export const EXTENSION_ID = 'tlslint.tlslint';
const WAIT_MS = 30_000;

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor tests need a workspace folder (test/vscode/workspace, copied per run)');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function openFile(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function tlslintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'tlslint');
}

function describeDiagnostics(uri: vscode.Uri): string {
  const list = tlslintDiagnostics(uri);
  if (!list.length) return '(no tlslint diagnostics)';
  return list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`).join('\n');
}

/** Resolves with the file's tlslint diagnostics once `ready` holds for them; rejects after WAIT_MS. */
export function waitForDiagnostics(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const list = tlslintDiagnostics(uri);
      if (!ready(list)) return false;
      cleanup();
      resolve(list);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`waited ${WAIT_MS / 1000} s for ${what} in ${vscode.workspace.asRelativePath(uri)}; it has:\n${describeDiagnostics(uri)}`));
    }, WAIT_MS);
    function cleanup(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function hasCode(list: vscode.Diagnostic[], code: string, line?: number): boolean {
  return list.some((d) => codeOf(d) === code && (line === undefined || d.range.start.line === line));
}

/** The `# ruleid:` / `# ok:` annotations of an open document (the rule fixtures' convention). */
export function annotations(doc: vscode.TextDocument): Expectation[] {
  return parseExpectations(vscode.workspace.asRelativePath(doc.uri), doc.getText());
}

/** Whether every `# ruleid:` annotation has its finding on its line. */
export function annotatedFindingsPresent(expectations: Expectation[], list: vscode.Diagnostic[]): boolean {
  return expectations.filter((e) => e.kind === 'ruleid').every((e) => e.ids.every((id) => hasCode(list, id, e.line)));
}

/** The range of `token` on the first line (not a comment) that contains `lineText`. */
export function rangeOf(doc: vscode.TextDocument, lineText: string, token: string): vscode.Range {
  for (let line = 0; line < doc.lineCount; line++) {
    const text = doc.lineAt(line).text;
    if (!text.includes(lineText) || /^\s*#/.test(text)) continue;
    const start = text.indexOf(token);
    if (start < 0) break;
    return new vscode.Range(line, start, line, start + token.length);
  }
  throw new Error(`no line with "${lineText}" and "${token}" in ${doc.uri.path}`);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}
