// The VS Code side of tlslint: start the language server, pass it Workspace Trust, show a status item,
// and offer a few commands. Everything about TLS lives in the server.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

const LANGUAGES = ['nginx', 'NGINX', 'apacheconf', 'apache', 'squid'];
/** Server-side command behind `tlslint.fixAll` (see server/src/lsp/codeActions.ts). */
const SERVER_FIX_ALL = 'tlslint.applyFixAll';
/** Server-side command behind `tlslint.showEffectivePolicy` (see server/src/lsp/tlslintServer.ts). */
const SERVER_POLICY = 'tlslint.computeEffectivePolicy';
/** Server-side commands behind `tlslint.probeEndpoint` (see server/src/lsp/probeCommands.ts). */
const SERVER_PROBE = 'tlslint.probe';
const SERVER_PROBE_TARGETS = 'tlslint.probeTargets';

interface ProbeTarget {
  label: string;
  host: string;
  port: number;
  serverName: string | null;
}

type ProbeResult = { ok: true; markdown: string; differences: string[] } | { ok: false; error: string };

/** `host:port [sni]`, `[v6]:port [sni]`; port 443 when missing. undefined when malformed. */
function parseEndpoint(text: string): { host: string; port: number; serverName: string | null } | undefined {
  const [target, sni] = text.trim().split(/\s+/);
  if (!target) return undefined;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(target) ?? /^([^:\s]+)(?::(\d+))?$/.exec(target);
  if (!m) return undefined;
  const port = m[2] ? Number(m[2]) : 443;
  if (!(port > 0 && port < 65536)) return undefined;
  const isIp = /^[\d.]+$/.test(m[1]) || m[1].includes(':');
  return { host: m[1], port, serverName: sni ?? (isIp ? null : m[1]) };
}

/**
 * "tlslint: Probe live endpoint": suggest the endpoint of the server block under the cursor, let the
 * user edit it, probe only then, and show the report (with the comparison) as a Markdown document.
 */
async function probeEndpoint(): Promise<void> {
  if (!client) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('tlslint does not connect anywhere from an untrusted workspace.');
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const inConfig = editor && LANGUAGES.includes(editor.document.languageId);
  const uri = inConfig ? editor.document.uri.toString() : undefined;
  const position = inConfig ? { line: editor.selection.active.line, character: editor.selection.active.character } : undefined;
  const targets: ProbeTarget[] = uri ? ((await client.sendRequest('workspace/executeCommand', { command: SERVER_PROBE_TARGETS, arguments: [uri, position] })) as ProbeTarget[] | null) ?? [] : [];
  const first = targets[0];
  const suggestion = first ? `${first.host.includes(':') ? `[${first.host}]` : first.host}:${first.port}${first.serverName && first.serverName !== first.host ? ` ${first.serverName}` : ''}` : '';
  const input = await vscode.window.showInputBox({
    title: 'tlslint: Probe live endpoint',
    prompt: 'host:port and, optionally, the SNI name to send (TLS handshakes only; nothing else is sent)',
    value: suggestion,
    placeHolder: 'example.com:443 www.example.com',
    validateInput: (v) => (parseEndpoint(v) ? undefined : 'expected host:port [server name]'),
  });
  const endpoint = input === undefined ? undefined : parseEndpoint(input);
  if (!endpoint) return;
  const result = (await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `tlslint: probing ${input}…` },
    () => client!.sendRequest('workspace/executeCommand', { command: SERVER_PROBE, arguments: [{ ...endpoint, uri, position }] }),
  )) as ProbeResult | null;
  if (!result) return;
  if (!result.ok) {
    void vscode.window.showErrorMessage(`tlslint: ${result.error}`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;

/** The esbuild bundle in a packaged extension; the tsc output when running from a checkout. */
function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath(path.join('server', 'dist', 'server.js'));
  return fs.existsSync(bundled) ? bundled : context.asAbsolutePath(path.join('server', 'out', 'server.js'));
}

function updateStatus(): void {
  if (!status) return;
  const config = vscode.workspace.getConfiguration('tlslint');
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    status.hide();
    return;
  }
  if (!config.get<boolean>('enable', true)) {
    status.text = '$(shield) tlslint: off';
  } else {
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'tlslint');
    const count = (s: vscode.DiagnosticSeverity) => diagnostics.filter((d) => d.severity === s).length;
    const [errors, warnings, infos] = [count(vscode.DiagnosticSeverity.Error), count(vscode.DiagnosticSeverity.Warning), count(vscode.DiagnosticSeverity.Information)];
    status.text = diagnostics.length ? `$(shield) tlslint: ${errors} $(error) ${warnings} $(warning) ${infos} $(info)` : '$(shield) tlslint $(check)';
  }
  const trust = vscode.workspace.isTrusted ? '' : '\nRestricted mode: no file outside the workspace folders is read';
  status.tooltip = `tlslint — profile: ${config.get<string>('profile', 'intermediate')}${trust}\nClick to show the output`;
  status.show();
}

function createClient(context: vscode.ExtensionContext, watchers: vscode.FileSystemWatcher[]): LanguageClient {
  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // Included files and certificates change on disk too: the server re-lints open files when they do.
    synchronize: { configurationSection: 'tlslint', fileEvents: watchers },
    outputChannel: output,
    // A function: a restart after trust was granted must start the server trusted.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
  };
  return new LanguageClient('tlslint', 'tlslint', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('tlslint', { log: true });
  status = vscode.window.createStatusBarItem('tlslint.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'tlslint';
  status.command = 'tlslint.showOutput';
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.{conf,nginx}'),
    vscode.workspace.createFileSystemWatcher('**/sites-{available,enabled}/*'),
    vscode.workspace.createFileSystemWatcher('**/*.{crt,pem,key,cer}'),
  ];
  context.subscriptions.push(output, status, ...watchers);
  client = createClient(context, watchers);

  context.subscriptions.push(
    vscode.commands.registerCommand('tlslint.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand('tlslint.restartServer', async () => {
      if (!client) client = createClient(context, watchers);
      await client.restart();
    }),
    vscode.commands.registerCommand('tlslint.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client || !LANGUAGES.includes(editor.document.languageId)) return;
      // The server computes the edit and applies it with workspace/applyEdit, pinned to this version.
      await client.sendRequest('workspace/executeCommand', { command: SERVER_FIX_ALL, arguments: [editor.document.uri.toString(), editor.document.version] });
    }),
    vscode.commands.registerCommand('tlslint.showEffectivePolicy', async (uri?: string, position?: { line: number; character: number }) => {
      const editor = vscode.window.activeTextEditor;
      const target = uri ?? editor?.document.uri.toString();
      if (!target || !client) return undefined;
      const at = position ?? (uri ? undefined : editor?.selection.active);
      const result = (await client.sendRequest('workspace/executeCommand', {
        command: SERVER_POLICY,
        arguments: at ? [target, { line: at.line, character: at.character }] : [target],
      })) as { markdown: string; records: unknown[] } | null;
      if (!result) {
        void vscode.window.showInformationMessage('tlslint: open an nginx, Apache or Squid configuration file to see its effective TLS policy.');
        return undefined;
      }
      // A Markdown document beside the editor, shown as a preview: origins are file links with #L<line>.
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
      return result;
    }),
    vscode.commands.registerCommand('tlslint.probeEndpoint', probeEndpoint),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('tlslint/trust', { trusted: true });
      updateStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tlslint')) updateStatus();
    }),
  );

  await client.start();
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
