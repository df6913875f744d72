// nginx inside the real extension host: diagnostics (code, range, severity, docs link), hover, code
// actions, a quick fix applied with workspace.applyEdit, the fix-all command, and the profile setting.
// Ranges are located in the fixture's own text, so the fixture can change without editing the test.
import * as vscode from 'vscode';
import { assert } from './assert';
import { codeOf, EXTENSION_ID, hasCode, hoverText, openFile, rangeOf, tlslintDiagnostics, waitForDiagnostics } from './helpers';

function find(list: vscode.Diagnostic[], code: string): vscode.Diagnostic {
  const d = list.find((x) => codeOf(x) === code);
  assert.ok(d, `no ${code} diagnostic among: ${list.map(codeOf).join(', ')}`);
  return d;
}

function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  const show = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.equal(show(actual), show(expected), `${what}: range`);
}

describe('nginx', () => {
  let doc: vscode.TextDocument;
  let diagnostics: vscode.Diagnostic[];

  before(async () => {
    doc = await openFile('nginx/nginx.conf');
    diagnostics = await waitForDiagnostics(doc.uri, (l) => hasCode(l, 'protocol-deprecated') && hasCode(l, 'hsts-not-always'), 'protocol-deprecated and hsts-not-always');
  });

  it('detects nginx.conf as nginx and activates the extension', () => {
    assert.equal(doc.languageId, 'nginx');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.equal(extension.isActive, true);
    // The .vsix test runs the suite on the files installed from the package.
    const expected = process.env.TLSLINT_VSCODE_EXTENSION_PATH;
    if (expected) assert.equal(extension.extensionPath, expected);
  });

  it('reports a deprecated protocol as a warning on the protocol itself, linked to its docs', () => {
    const d = find(diagnostics, 'protocol-deprecated');
    assertRange(d.range, rangeOf(doc, 'ssl_protocols', 'TLSv1.1'), 'protocol-deprecated');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'tlslint');
    assert.match(d.message, /TLS 1\.1/);
    const target = typeof d.code === 'object' ? d.code.target : undefined;
    assert.ok(target, 'the diagnostic code carries a link (codeDescription)');
    assert.match(target.toString(), /docs\/rules\/protocol-deprecated\.md$/);
  });

  it('reports a cipher list no enabled protocol can use as an error on the list', () => {
    const d = find(diagnostics, 'cipher-no-usable-suite');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const list = rangeOf(doc, 'ssl_ciphers', 'ECDHE-ECDSA-AES128-GCM-SHA256');
    assert.equal(d.range.start.line, list.start.line);
    assert.equal(d.range.start.character, list.start.character);
  });

  it('reports HSTS without "always" as information on the add_header directive', () => {
    const d = find(diagnostics, 'hsts-not-always');
    assertRange(d.range, rangeOf(doc, 'Strict-Transport-Security', 'add_header'), 'hsts-not-always');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
  });

  it('applies tlslint.rules from the workspace settings (cert-file-not-found is off there)', () => {
    assert.equal(hasCode(diagnostics, 'cert-file-not-found'), false);
  });

  it('hovers a directive with its reference: syntax, default, context', async () => {
    const name = rangeOf(doc, 'ssl_protocols', 'ssl_protocols');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, name.start.translate(0, 3));
    const text = hoverText(hovers);
    assert.match(text, /ssl_protocols/);
    assert.match(text, /\*\*Default:\*\*/);
    assert.match(text, /\*\*Context:\*\*/);
  });

  // vscode.executeCodeActionProvider does not hand back an action's `diagnostics`: the actions are
  // asked for on the finding's range only, and told apart by kind, edit and title.
  async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    return actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
  }
  const isSuppression = (a: vscode.CodeAction) => /^Disable /.test(a.title);

  it('offers a quick fix and suppressions for a finding', async () => {
    const d = find(diagnostics, 'protocol-deprecated');
    const actions = await quickFixesAt(doc.uri, d.range);
    const titles = actions.map((a) => a.title).join(' | ');
    const fix = actions.find((a) => a.edit && !isSuppression(a));
    assert.ok(fix, `no quick fix among: ${titles}`);
    assert.match(fix.title, /TLSv1\.2 TLSv1\.3/);
    // Dropping TLS 1.1 changes who can connect: offered, but not as the preferred (safe) fix.
    assert.notEqual(fix.isPreferred, true);
    assert.ok(actions.some((a) => isSuppression(a) && a.title.includes('protocol-deprecated') && a.edit), `no suppression among: ${titles}`);
  });

  it('applies a quick fix with workspace.applyEdit and the finding goes away', async () => {
    const fixDoc = await openFile('nginx/quickfix.conf');
    await waitForDiagnostics(fixDoc.uri, (l) => hasCode(l, 'hsts-not-always'), 'hsts-not-always');
    const d = find(tlslintDiagnostics(fixDoc.uri), 'hsts-not-always');
    const actions = await quickFixesAt(fixDoc.uri, d.range);
    const fix = actions.find((a) => a.edit && a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix for hsts-not-always among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(fixDoc.lineAt(d.range.start.line).text, /add_header Strict-Transport-Security "max-age=63072000" always;/);
    const after = await waitForDiagnostics(fixDoc.uri, (l) => !hasCode(l, 'hsts-not-always'), 'hsts-not-always to clear');
    assert.equal(after.filter((x) => codeOf(x) === 'hsts-not-always').length, 0);
  });

  it('"Fix all safe problems" applies safe fixes and leaves suggestions', async () => {
    const fixDoc = await openFile('nginx/fixall.conf');
    await waitForDiagnostics(fixDoc.uri, (l) => hasCode(l, 'ssl-directive-deprecated') && hasCode(l, 'protocol-deprecated'), 'ssl-directive-deprecated');
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === fixDoc) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('tlslint.fixAll');
    await changed;
    const text = fixDoc.getText();
    assert.doesNotMatch(text, /^\s*ssl on;/m);
    assert.match(text, /listen 443 ssl;/);
    const after = await waitForDiagnostics(fixDoc.uri, (l) => !hasCode(l, 'ssl-directive-deprecated'), 'ssl-directive-deprecated to clear');
    // Dropping TLS 1.0 changes who can connect: a suggestion, which fix-all must not apply.
    assert.equal(hasCode(after, 'protocol-deprecated'), true);
  });

  it('follows the tlslint.profile setting', async () => {
    const config = () => vscode.workspace.getConfiguration('tlslint');
    const line = rangeOf(doc, 'ssl_protocols', 'TLSv1.1').start.line;
    try {
      await config().update('profile', 'old', vscode.ConfigurationTarget.Workspace);
      // The old profile still allows TLS 1.1, and wants the server to choose the suite.
      const old = await waitForDiagnostics(doc.uri, (l) => !hasCode(l, 'protocol-deprecated', line), 'protocol-deprecated to clear under "old"');
      assert.equal(hasCode(old, 'cipher-server-order'), true, 'cipher-server-order under the old profile');
    } finally {
      await config().update('profile', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const back = await waitForDiagnostics(doc.uri, (l) => hasCode(l, 'protocol-deprecated', line), 'protocol-deprecated back under "intermediate"');
    assert.equal(hasCode(back, 'cipher-server-order'), false);
  });

  it('shows the effective TLS policy (when the command exists)', async function () {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes('tlslint.showEffectivePolicy')) this.skip();
    await vscode.window.showTextDocument(doc);
    const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    await vscode.commands.executeCommand('tlslint.showEffectivePolicy');
    // The view's form is not settled (document, preview or tree); when it is a document, it must show
    // this server's protocols.
    const opened = vscode.workspace.textDocuments.filter((d) => !before.has(d.uri.toString()) && d.uri.scheme !== 'output');
    for (const d of opened) assert.match(d.getText(), /TLSv1\.1|TLS 1\.1/, `${d.uri} shows the enabled protocols`);
  });
});
