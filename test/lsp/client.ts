// A small real LSP client for the tests: spawns `node server/out/server.js --stdio`, answers the
// server's requests (configuration, applyEdit, showDocument), records publishDiagnostics and lets a
// test wait for one matching a predicate (with a timeout, never a fixed sleep).

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { ApplyWorkspaceEditParams, PublishDiagnosticsParams, Range, ShowDocumentParams, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.join(__dirname, '../../..');
export const SERVER = path.join(ROOT, 'server', 'out', 'server.js');

interface Waiter {
  uri: string;
  pred: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export interface StartOptions {
  /** Workspace folders (absolute paths). */
  folders: string[];
  trusted?: boolean;
  /** Client capabilities beyond configuration + versioned diagnostics. */
  showDocument?: boolean;
  workspaceFolders?: boolean;
  /** TLSLINT_LINT_DELAY_MS for the server (the debounce). */
  delayMs?: number;
}

export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly stderr: string[] = [];
  /** Every window/logMessage and window/showMessage text the server sent. */
  readonly logs: string[] = [];
  /** What `workspace/configuration` answers for section `tlslint`. */
  settings: Record<string, unknown> = {};
  capabilities: Record<string, unknown> = {};
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;

  private constructor(delayMs: number) {
    // TLSLINT_SERVER_NODE_ARGS: extra node options for the server process (e.g. --cpu-prof for a profile).
    const nodeArgs = (process.env.TLSLINT_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TLSLINT_LINT_DELAY_MS: String(delayMs) } });
    this.proc.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p]);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
      this.appliedEdits.push(p);
      return { applied: true };
    });
    this.conn.onRequest('window/showDocument', (p: ShowDocumentParams) => {
      this.shownDocuments.push(p);
      return { success: true };
    });
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onNotification('window/showMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.listen();
  }

  static async start(opts: StartOptions): Promise<TestClient> {
    const c = new TestClient(opts.delayMs ?? 20);
    const folders = opts.folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) }));
    const init = (await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: opts.workspaceFolders ?? false },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
        window: { showDocument: { support: opts.showDocument ?? false } },
      },
      initializationOptions: { trusted: opts.trusted ?? true },
    })) as { capabilities: Record<string, unknown> };
    c.capabilities = init.capabilities;
    await c.conn.sendNotification('initialized', {});
    return c;
  }

  /** A publishDiagnostics for `uri` satisfying `pred`, already received (latest first) or yet to come. */
  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const seen = (this.published.get(uri) ?? []).slice().reverse().find(pred);
    if (seen) return Promise.resolve(seen);
    return this.next(uri, pred, timeoutMs);
  }

  /** The next publishDiagnostics for `uri` satisfying `pred`, ignoring those already received. */
  next(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.findIndex((w) => w.resolve === done), 1);
        const got = this.published.get(uri)?.map((p) => [p.version, p.diagnostics.map((d) => d.code)]);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(got)}; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      const done = (p: PublishDiagnosticsParams): void => {
        clearTimeout(timer);
        resolve(p);
      };
      this.waiters.push({ uri, pred, resolve: done });
    });
  }

  open(file: string, text: string, languageId = 'nginx'): string {
    const uri = pathToFileURL(file).toString();
    this.versions.set(uri, 1);
    this.published.delete(uri);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replace the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    return v;
  }

  save(uri: string): void {
    void this.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** shutdown + exit, then wait for the process to end (killing it if it does not). */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      this.proc.once('exit', () => resolve());
    });
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 3000);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone: kill below
    }
    if (!(await withTimeout(exited.then(() => true), 3000).catch(() => false))) this.proc.kill();
    await exited;
    this.conn.dispose();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x:a', 'nginx', 1, text), edits);
}

/** The range of the first `needle` in `text` (after the first `after`, when given). */
export function rangeOf(text: string, needle: string, after = ''): Range {
  const from = after ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `${after} not in text`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in text`);
  const doc = TextDocument.create('x:a', 'nginx', 1, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}
