// The VS Code side of tlslint: start the language server, pass it Workspace Trust, show a status item,
// and offer a few commands. Everything about TLS lives in the server.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

const LANGUAGES = ['nginx', 'NGINX', 'apacheconf', 'apache', 'squid'];

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;

function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath(path.join('server', 'dist', 'server.js'));
  return fs.existsSync(bundled) ? bundled : context.asAbsolutePath(path.join('server', 'out', 'server.js'));
}

function updateStatus(): void {
  if (!status) return;
  const config = vscode.workspace.getConfiguration('tlslint');
  const enabled = config.get<boolean>('enable', true);
  const editor = vscode.window.activeTextEditor;
  const relevant = editor && LANGUAGES.includes(editor.document.languageId);
  if (!relevant) {
    status.hide();
    return;
  }
  if (!enabled) {
    status.text = '$(shield) tlslint: off';
  } else {
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'tlslint');
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const others = diagnostics.length - errors;
    status.text = diagnostics.length ? `$(shield) tlslint: ${errors} $(error) ${others} $(warning)` : '$(shield) tlslint $(check)';
  }
  status.tooltip = `tlslint — profile: ${config.get<string>('profile', 'intermediate')}${vscode.workspace.isTrusted ? '' : ' (restricted: untrusted workspace)'}\nClick to show the output`;
  status.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
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
    synchronize: {
      configurationSection: 'tlslint',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{conf,nginx}'),
        vscode.workspace.createFileSystemWatcher('**/sites-{available,enabled}/*'),
        vscode.workspace.createFileSystemWatcher('**/*.{crt,pem,key,cer}'),
      ],
    },
    outputChannel: output,
    initializationOptions: {
      trusted: vscode.workspace.isTrusted,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    },
  };
  client = new LanguageClient('tlslint', 'tlslint', serverOptions, clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('tlslint', { log: true });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = 'tlslint.showOutput';
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('tlslint.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand('tlslint.restartServer', async () => {
      await client?.stop();
      await startClient(context);
    }),
    vscode.commands.registerCommand('tlslint.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      await client.sendRequest('workspace/executeCommand', { command: 'tlslint.applyFixAll', arguments: [editor.document.uri.toString(), editor.document.version] });
    }),
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

  await startClient(context);
  updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
