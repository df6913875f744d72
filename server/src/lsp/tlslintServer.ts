// The language server: keeps open documents, schedules lints (debounced; a newer change cancels a
// pending run; results are published only for the document versions they were computed from), and
// answers code actions, hovers, completion, symbols and links from the engine.
//
// Every open document is linted in one engine call per settings group, so an edit to an included file
// updates its includers' diagnostics in the same run. The call is focused (engine/model/focus.ts): files
// no open document reaches or includes, and that hold only blocks of their own (other sites; Squid: port
// lines, peers and acls), are left out; the include graph that decides it is built once from the whole
// workspace's model.

import * as path from 'node:path';
import {
  CodeActionKind,
  FileChangeType,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
  type TextEdit as LspTextEdit,
  type Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type LintResult } from '../engine/engine';
import { OverlayFileSystem, type FileSystem } from '../engine/fs';
import { normalizeSettings, type Settings } from '../engine/settings';
import type { Finding } from '../engine/types';
import { newFixSession, runFixLoop } from '../engine/fixLoop';
import { complete, documentLinks, documentSymbols, hover } from '../engine/features';
import { policiesOf, policyAt, renderPolicyMarkdown, type PolicyRecord } from '../engine/features/policy';
import { Workspace, type ParseCache } from '../engine/model/workspace';
import { includeGraphOf, leftOutFiles, planFocus, updateIncludeGraph, type IncludeGraph } from '../engine/model/focus';
import { fileSites } from '../engine/rules/certificateSites';
import { ReferencedFileWatcher } from '../host/referencedFiles';
import { ruleById, ruleDocsUrl } from '../engine/rules/registry';
import { NodeFileSystem } from '../host/nodeFs';
import { discoverFiles } from '../host/discover';
import { pathToUri, toCompletionItem, toDiagnostic, toDocumentSymbol, uriToPath } from './convert';
import { FIX_ALL_COMMAND, FIX_ALL_KIND, SHOW_DOCS_COMMAND, hasSafeFix, minimalEdit, quickFixes } from './codeActions';
import { PROBE_COMMAND, PROBE_TARGETS_COMMAND, parseProbeArguments, predictionAt, probeTargetItems, runProbeCommand, type ProbeCommandResult } from './probeCommands';

export { FIX_ALL_COMMAND, FIX_ALL_KIND, SHOW_DOCS_COMMAND, minimalEdit };

export const LANGUAGE_IDS = new Set(['nginx', 'NGINX', 'apacheconf', 'apache', 'squid']);
const DEFAULT_DELAY_MS = 150;
/** Workspace discovery stops here: a folder with more config files than this is not a config repo. */
const MAX_WORKSPACE_FILES = 20000;
/** Workspace-wide diagnostics wait for a quiet moment (startup, saves, file changes), never per keystroke. */
const WORKSPACE_DELAY_MS = Number(process.env.TLSLINT_WORKSPACE_DELAY_MS ?? 1000);

/** Server-side command behind "tlslint: Show effective TLS policy": [uri, position?] → PolicyResult. */
export const POLICY_COMMAND = 'tlslint.computeEffectivePolicy';

export interface PolicyResult {
  /** The records shown: the server block at the position, or every server of the file. */
  records: PolicyRecord[];
  markdown: string;
}

interface RawConfig {
  enable?: boolean;
  run?: 'onType' | 'onSave';
  /** Publish findings for every config file of the workspace folders, or only for open files. */
  diagnosticsScope?: 'workspace' | 'openFiles';
  codeLens?: boolean;
  [key: string]: unknown;
}

interface Published {
  version: number;
  findings: Finding[];
  /** The diagnostics as sent, to skip re-sending identical ones for the same version. */
  diagnostics: Diagnostic[];
}

/** The last lint of a settings group, reused by hover and friends while the document is unchanged. */
interface LastLint {
  result: LintResult;
  versions: Map<string, number>;
}

export class TlslintServer {
  private readonly engine = new Engine();
  /** Parses for feature requests on text no lint has seen yet (completion while typing). */
  private readonly featureCache: ParseCache = new Map();
  private trusted = true;
  private folders: string[] = [];
  private supportsConfiguration = false;
  private supportsWorkspaceFolders = false;
  private supportsShowDocument = false;
  private readonly configCache = new Map<string, Promise<RawConfig>>();
  private readonly published = new Map<string, Published>();
  private readonly lastLint = new Map<string, LastLint>();
  private timer: NodeJS.Timeout | undefined;
  private readonly justOpened = new Set<string>();
  private workspaceFilesCache: string[] | undefined;
  private readonly shownProblems = new Set<string>();
  private lintGeneration = 0;
  private supportsProgress = false;
  /** Files outside the workspace folders the last lints read (certificates, includes): changes relint. */
  private readonly referenced = new ReferencedFileWatcher(() => {
    this.graphs.clear();
    this.lastLint.clear();
    this.scheduleAll(this.delayMs);
    this.scheduleWorkspace(WORKSPACE_DELAY_MS);
  });
  /** Files not open in the editor whose findings were published (workspace-wide diagnostics). */
  private readonly workspacePublished = new Map<string, string>();
  private workspaceTimer: NodeJS.Timeout | undefined;
  /**
   * Per settings group, the include graph of the workspace (from its full model, kept up to date with
   * the open documents): lints of the open documents leave out the files that cannot change their
   * findings (engine/model/focus.ts). Dropped whenever files outside the open documents may have changed.
   */
  private readonly graphs = new Map<string, IncludeGraph>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly delayMs = DEFAULT_DELAY_MS,
  ) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => {
      if (this.supportsWorkspaceFolders) {
        c.workspace.onDidChangeWorkspaceFolders((e) => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          this.folders = [...this.folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri))];
          this.invalidate();
        });
      }
      c.console.info(`tlslint server started (${this.trusted ? 'trusted' : 'untrusted: reads limited to the workspace folders'}; ${this.folders.length} workspace folder(s))`);
      this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    });
    c.onDidChangeConfiguration(() => {
      this.configCache.clear();
      this.lastLint.clear();
      this.graphs.clear();
      this.scheduleAll(0);
      this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    });
    c.onDidChangeWatchedFiles((p) => {
      // Saving an open document changes its file on disk, but lints read the buffer anyway: that alone
      // keeps the workspace's file list and include graphs (a full relint per save of a 10k-vhost tree).
      const open = new Set(this.documents.all().map((d) => d.uri));
      const savesOnly = p.changes.length > 0 && p.changes.every((ch) => ch.type === FileChangeType.Changed && open.has(ch.uri));
      if (!savesOnly) {
        this.workspaceFilesCache = undefined;
        this.graphs.clear();
      }
      this.lastLint.clear();
      this.scheduleAll(this.delayMs);
      this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    });
    c.onNotification('tlslint/trust', (p: { trusted?: boolean } | undefined) => {
      const trusted = p?.trusted !== false;
      if (trusted === this.trusted) return;
      this.trusted = trusted;
      c.console.info(`tlslint: workspace ${trusted ? 'trusted' : 'untrusted'}`);
      this.invalidate();
    });
    this.documents.onDidOpen((e) => {
      this.justOpened.add(e.document.uri);
      this.schedule(0);
    });
    this.documents.onDidChangeContent((e) => {
      // Opening fires a content change too: the open already scheduled an immediate lint.
      if (this.justOpened.delete(e.document.uri)) return;
      void this.guard('change', () => this.onChange(e.document), undefined);
    });
    this.documents.onDidSave((e) => void this.guard('save', () => this.onSave(e.document), undefined));
    this.documents.onDidClose((e) => {
      this.justOpened.delete(e.document.uri);
      this.published.delete(e.document.uri);
      this.engine.forget(uriToPath(e.document.uri));
      this.featureCache.delete(uriToPath(e.document.uri));
      // Its text on disk may differ from the buffer the graph saw.
      this.graphs.clear();
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      // Files that included the closed buffer now read it from disk again; the closed file itself
      // goes back to workspace-wide diagnostics.
      this.scheduleAll(this.delayMs);
      this.workspacePublished.delete(uriToPath(e.document.uri));
      this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    });
    c.onCodeAction((p) => this.guard('codeAction', () => this.codeActions(p), []));
    c.onExecuteCommand((p) => this.guard('executeCommand', () => this.executeCommand(p.command, p.arguments ?? []), undefined));
    c.onCodeLens((p) => this.guard('codeLens', () => this.codeLenses(p.textDocument.uri), []));
    c.onHover((p) =>
      this.guard(
        'hover',
        () =>
          this.withWorkspace(p.textDocument.uri, (ws, file) => {
            const h = hover(ws, file, p.position);
            return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
          }),
        null,
      ),
    );
    c.onCompletion((p) => this.guard('completion', async () => (await this.withWorkspace(p.textDocument.uri, (ws, file) => complete(ws, file, p.position).map(toCompletionItem))) ?? [], []));
    c.onDocumentSymbol((p) => this.guard('documentSymbol', async () => (await this.withWorkspace(p.textDocument.uri, (ws, file) => documentSymbols(ws, file).map(toDocumentSymbol))) ?? [], []));
    c.onDocumentLinks((p) =>
      this.guard(
        'documentLinks',
        async () => (await this.withWorkspace(p.textDocument.uri, (ws, file) => documentLinks(ws, file).map((l) => ({ range: l.range, target: pathToUri(l.target) })))) ?? [],
        [],
      ),
    );
    this.documents.listen(c);
    c.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    const opts = (p.initializationOptions ?? {}) as { trusted?: boolean };
    this.trusted = opts.trusted !== false;
    this.supportsConfiguration = p.capabilities.workspace?.configuration === true;
    this.supportsWorkspaceFolders = p.capabilities.workspace?.workspaceFolders === true;
    this.supportsShowDocument = p.capabilities.window?.showDocument?.support === true;
    this.supportsProgress = p.capabilities.window?.workDoneProgress === true;
    this.folders = (p.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!this.folders.length && p.rootUri) this.folders = [uriToPath(p.rootUri)];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [FIX_ALL_COMMAND, SHOW_DOCS_COMMAND, POLICY_COMMAND, PROBE_COMMAND, PROBE_TARGETS_COMMAND] },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        // Directives start with letters; values follow a space.
        completionProvider: { triggerCharacters: [' ', '_', '$', ':', '!', '+'], resolveProvider: false },
        documentSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'tlslint' },
    };
  }

  /** Run a handler; log and return `fallback` on any exception: the server must not go down. */
  private async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      // The stack, never the text being linted: configurations can hold secrets.
      this.connection.console.error(`tlslint: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  /** Folders, trust or workspace files changed: forget what depended on them and lint again. */
  private invalidate(): void {
    this.workspaceFilesCache = undefined;
    this.configCache.clear();
    this.lastLint.clear();
    this.graphs.clear();
    this.scheduleAll(0);
    this.scheduleWorkspace(WORKSPACE_DELAY_MS);
  }

  // ---- settings ----

  private folderOf(file: string): string | undefined {
    return this.folders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  private rawConfig(uri: string): Promise<RawConfig> {
    const folder = this.folderOf(uriToPath(uri)) ?? '';
    let cached = this.configCache.get(folder);
    if (!cached) {
      cached = this.supportsConfiguration
        ? this.connection.workspace
            .getConfiguration({ scopeUri: folder ? pathToUri(folder) : uri, section: 'tlslint' })
            .then((c: unknown) => (c && typeof c === 'object' ? (c as RawConfig) : {}))
            .catch(() => ({}))
        : Promise.resolve({});
      this.configCache.set(folder, cached);
    }
    return cached;
  }

  private async settingsFor(uri: string): Promise<{ settings: Settings; raw: RawConfig }> {
    const raw = await this.rawConfig(uri);
    const folder = this.folderOf(uriToPath(uri));
    const problems: string[] = [];
    // `${workspaceFolder}` in path settings, as VS Code users write them.
    const expanded = JSON.parse(JSON.stringify(raw).split('${workspaceFolder}').join(folder ?? '')) as Record<string, unknown>;
    const settings = normalizeSettings({ ...expanded, baseDir: folder }, problems);
    for (const p of problems) this.showOnce(`tlslint settings: ${p}`);
    return { settings, raw };
  }

  private showOnce(message: string): void {
    if (this.shownProblems.has(message)) return;
    this.shownProblems.add(message);
    void this.connection.window.showWarningMessage(message);
  }

  // ---- scheduling ----

  private async onChange(doc: TextDocument): Promise<void> {
    // A pending workspace-wide pass waits for the typing to pause: it is one long synchronous lint.
    if (this.workspaceTimer) this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    const { raw } = await this.settingsFor(doc.uri);
    if (raw.run === 'onSave') return;
    this.schedule(this.delayMs);
  }

  private async onSave(doc: TextDocument): Promise<void> {
    const { raw } = await this.settingsFor(doc.uri);
    // Saved text may change what closed files that include it say.
    this.scheduleWorkspace(WORKSPACE_DELAY_MS);
    // Saved text is also what closed files' includes see on disk: every open document is linted.
    this.schedule(raw.run === 'onSave' ? 0 : this.delayMs);
  }

  /** (Re)start the debounce timer: a newer request cancels the pending run. */
  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.guard('lint', () => this.lintOpenDocuments(), undefined);
    }, delay);
  }

  private scheduleAll(delay: number): void {
    if (this.documents.all().length) this.schedule(delay);
  }

  /** A file system over disk (fenced to the workspace when untrusted) with open buffers on top. */
  private fileSystem(): FileSystem {
    const overlay = new Map<string, string>();
    for (const d of this.documents.all()) overlay.set(uriToPath(d.uri), d.getText());
    return new OverlayFileSystem(new NodeFileSystem(this.trusted ? undefined : [...this.folders]), overlay);
  }

  /** Config files of the workspace folders: the candidates for roots including an open file. */
  private workspaceFiles(): string[] {
    if (!this.workspaceFilesCache) {
      const found: string[] = [];
      for (const folder of this.folders) {
        try {
          found.push(...discoverFiles([folder], folder).slice(0, MAX_WORKSPACE_FILES));
        } catch {
          // an unreadable folder contributes nothing
        }
      }
      this.workspaceFilesCache = found;
    }
    return this.workspaceFilesCache;
  }

  private languageIds(): Map<string, string> {
    const ids = new Map<string, string>();
    for (const d of this.documents.all()) ids.set(uriToPath(d.uri), d.languageId);
    return ids;
  }

  /**
   * Lint every open document, grouped by settings, and publish each result for the exact version it
   * was computed from; a document that changed meanwhile waits for the run its change scheduled.
   */
  private async lintOpenDocuments(): Promise<void> {
    const generation = ++this.lintGeneration;
    const docs = this.documents.all().filter((d) => LANGUAGE_IDS.has(d.languageId));
    const groups = new Map<string, { settings: Settings; docs: TextDocument[] }>();
    const disabled: TextDocument[] = [];
    for (const d of docs) {
      const { settings, raw } = await this.settingsFor(d.uri);
      if (raw.enable === false) {
        disabled.push(d);
        continue;
      }
      const key = JSON.stringify(settings);
      const g = groups.get(key) ?? { settings, docs: [] };
      g.docs.push(d);
      groups.set(key, g);
    }
    // A newer run started while settings were fetched: let it publish.
    if (generation !== this.lintGeneration) return;
    for (const d of disabled) {
      const current = this.documents.get(d.uri);
      if (current && current.version === d.version) this.publish(current, []);
    }
    for (const [key, { settings, docs: group }] of groups) {
      const versions = new Map(group.map((d) => [d.uri, d.version]));
      // The last lint's model is stale now: let it go before the new one is built, so that a garbage
      // collection in the middle of this lint does not keep (and copy) both.
      this.lastLint.delete(key);
      const result = this.lint(settings, group.map((d) => uriToPath(d.uri)));
      this.rememberGraph(key, result);
      this.lastLint.set(key, { result, versions });
      this.watchReferencedFiles(result);
      for (const p of result.problems) this.showOnce(`tlslint: ${p}`);
      for (const d of group) {
        const current = this.documents.get(d.uri);
        // Never publish a result for text the user has already changed.
        if (!current || current.version !== versions.get(d.uri)) continue;
        this.publish(current, result.findings.get(uriToPath(d.uri)) ?? []);
      }
    }
    // The connection writes each message from a setImmediate callback, and Node runs every due timer
    // before those: a workspace-wide pass that fell due meanwhile (its timer starts when the server
    // does) would hold these diagnostics back for the whole of its synchronous lint. In a 10k-vhost
    // Apache workspace the file opened first got its diagnostics after 4.9 s instead of 2.2 s. The
    // pass waits its delay again, as it does while the user types.
    if (this.workspaceTimer) this.scheduleWorkspace(WORKSPACE_DELAY_MS);
  }

  private publish(doc: TextDocument, findings: Finding[]): void {
    const diagnostics: Diagnostic[] = findings.map((f, i) => toDiagnostic(f, i, doc.version));
    const before = this.published.get(doc.uri);
    this.published.set(doc.uri, { version: doc.version, findings, diagnostics });
    // An includer re-linted for an unrelated edit: same version, same diagnostics, nothing to send. (Only
    // then are they compared: a new version is always sent.)
    if (before && before.version === doc.version && JSON.stringify(before.diagnostics) === JSON.stringify(diagnostics)) return;
    void this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  /** Lint `files`, focused on what can change their findings (see `graphs`). */
  private lint(settings: Settings, files: string[], fs: FileSystem = this.fileSystem()): LintResult {
    return this.engine.lint({ fs, ...this.lintScope(settings, files, fs), settings, languageIds: this.languageIds() });
  }

  private lintScope(settings: Settings, files: string[], fs: FileSystem): { files: string[]; workspaceFiles: string[]; focus: ReturnType<typeof planFocus>['focus'] } {
    const plan = planFocus(this.graphFor(settings, files, fs), files);
    return { files, workspaceFiles: [...new Set([...files, ...plan.workspaceFiles])], focus: plan.focus };
  }

  /**
   * The include graph of a settings group. Built from the model of the whole workspace (parsed and
   * expanded, no rules run) when there is none, or when a document is new to it (an unsaved file an
   * include glob may match).
   */
  private graphFor(settings: Settings, files: string[], fs: FileSystem): IncludeGraph {
    const key = JSON.stringify(settings);
    let graph = this.graphs.get(key);
    if (!graph || files.some((f) => !graph!.includes.has(f))) {
      const ws = this.engine.workspace({ fs, files, workspaceFiles: [...files, ...this.workspaceFiles()], settings, languageIds: this.languageIds() });
      graph = includeGraphOf(ws);
      this.graphs.set(key, graph);
      this.dropLeftOutTrees();
    }
    return graph;
  }

  /**
   * Trees of the files focused lints leave out need not stay in memory (the next full model parses them
   * again): on a 10,000-vhost workspace they make every garbage collection, so every keystroke, slower.
   */
  private dropLeftOutTrees(): void {
    const open = this.documents.all().map((d) => uriToPath(d.uri));
    for (const graph of this.graphs.values()) {
      const files = open.filter((f) => graph.includes.has(f));
      if (files.length) for (const f of leftOutFiles(graph, files)) this.engine.forget(f);
    }
  }

  /** Bring the group's include graph up to date with what a lint parsed (the open documents may add includes). */
  private rememberGraph(key: string, result: LintResult): void {
    const graph = this.graphs.get(key);
    if (graph && result.workspace.focus) updateIncludeGraph(graph, result.workspace);
  }

  /**
   * The workspace model for a feature request: the last lint's when it saw this version of the
   * document, else a fresh model (parsing only what changed; no rules run).
   */
  private async withWorkspace<T>(uri: string, fn: (ws: Workspace, file: string) => T): Promise<T | null> {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const { settings } = await this.settingsFor(uri);
    const file = uriToPath(uri);
    const last = this.lastLint.get(JSON.stringify(settings));
    if (last && last.versions.get(uri) === doc.version) return fn(last.result.workspace, file);
    const ws = new Workspace({ fs: this.fileSystem(), files: [file], workspaceFiles: [file, ...this.workspaceFiles()], settings, languageIds: this.languageIds() }, this.featureCache);
    return fn(ws, file);
  }

  // ---- code actions ----

  private async currentFindings(doc: TextDocument): Promise<Finding[]> {
    const p = this.published.get(doc.uri);
    if (p && p.version === doc.version) return p.findings;
    const { settings } = await this.settingsFor(doc.uri);
    const file = uriToPath(doc.uri);
    return this.lint(settings, [file]).findings.get(file) ?? [];
  }

  private async codeActions(p: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(p.textDocument.uri);
    if (!doc) return [];
    const only = p.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => k === kind || kind.startsWith(k + '.'));
    const actions: CodeAction[] = [];
    const ours = p.context.diagnostics.filter((d) => d.source === 'tlslint');
    if (wants(CodeActionKind.QuickFix) && ours.length) {
      actions.push(...quickFixes(doc, ours, await this.currentFindings(doc), { uriOf: (f) => this.uriOf(f), showDocs: this.supportsShowDocument }));
    }
    if (wants(FIX_ALL_KIND)) {
      const title = 'Fix all safe tlslint problems';
      if (only) {
        // Asked for explicitly (on save, "Source Action…"): the edit itself.
        const edits = await this.fixAllEdits(doc);
        if (edits.length) actions.push({ title, kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: edits } } });
      } else if (actions.length && hasSafeFix(await this.currentFindings(doc))) {
        // The light bulb asks on every cursor move: offer it, compute the fix loop only when chosen.
        actions.push({ title, kind: FIX_ALL_KIND, command: { title, command: FIX_ALL_COMMAND, arguments: [doc.uri, doc.version] } });
      }
    }
    return actions;
  }

  private uriOf(file: string): string {
    const open = this.documents.all().find((d) => uriToPath(d.uri) === file);
    return open ? open.uri : pathToUri(file);
  }

  /** All safe fixes of a document, applied repeatedly until stable, as one minimal edit. */
  private async fixAllEdits(doc: TextDocument): Promise<LspTextEdit[]> {
    const { settings } = await this.settingsFor(doc.uri);
    const file = uriToPath(doc.uri);
    const session = newFixSession();
    const baseFs = this.fileSystem();
    runFixLoop({
      engine: this.engine,
      baseFs,
      request: { ...this.lintScope(settings, [file], baseFs), settings, languageIds: this.languageIds() },
      safety: 'safe',
      canEdit: (f) => f === file,
      session,
    });
    const fixed = session.overlay.get(file);
    const original = doc.getText();
    if (fixed === undefined || fixed === original) return [];
    return [minimalEdit(doc, original, fixed)];
  }

  /** The live probe: only on the user's command, and never from an untrusted workspace. */
  private async probe(raw: unknown): Promise<ProbeCommandResult> {
    if (!this.trusted) return { ok: false, error: 'tlslint does not connect anywhere from an untrusted workspace: trust the workspace to probe endpoints' };
    const args = parseProbeArguments(raw);
    if (typeof args === 'string') return { ok: false, error: args };
    const uri = args.uri;
    const position = args.position;
    const predicted = uri && position ? ((await this.withWorkspace(uri, (ws, file) => predictionAt(ws, file, position, args.port, args.serverName ?? null))) ?? undefined) : undefined;
    return runProbeCommand(args, predicted);
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === POLICY_COMMAND) return this.effectivePolicy(args[0], args[1]);
    if (command === PROBE_TARGETS_COMMAND) {
      const [uri, position] = args as [unknown, unknown];
      if (typeof uri !== 'string' || !position || typeof position !== 'object') return [];
      return (await this.withWorkspace(uri, (ws, file) => probeTargetItems(ws, file, position as { line: number; character: number }))) ?? [];
    }
    if (command === PROBE_COMMAND) return this.probe(args[0]);
    if (command === SHOW_DOCS_COMMAND) {
      const id = typeof args[0] === 'string' ? args[0] : '';
      // Only our own docs pages: the argument comes from the client and is not trusted as a URL.
      if (ruleById(id)) await this.connection.window.showDocument({ uri: ruleDocsUrl(id), external: true });
      return undefined;
    }
    if (command !== FIX_ALL_COMMAND) return undefined;
    const [uri, version] = args as [unknown, unknown];
    if (typeof uri !== 'string') return undefined;
    const doc = this.documents.get(uri);
    if (!doc || (typeof version === 'number' && version !== doc.version)) return undefined;
    const edits = await this.fixAllEdits(doc);
    // The version pins the edit to the text it was computed from: the client rejects it if the user typed since.
    if (edits.length) await this.connection.workspace.applyEdit({ label: 'tlslint: fix all', edit: { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] } });
    return undefined;
  }

  // ---- files outside the workspace ----

  /**
   * Watch the certificate, key, CA, DH and config files a lint read outside the workspace folders (the
   * editor watches those inside). Untrusted workspaces read nothing outside, so nothing is watched.
   */
  private watchReferencedFiles(result: LintResult): void {
    if (!this.trusted) return this.referenced.update([]);
    const inside = (f: string) => this.folderOf(f) !== undefined;
    const files = new Set<string>();
    for (const f of result.workspace.files.keys()) if (!inside(f)) files.add(f);
    for (const site of fileSites(result.workspace)) if (site.resolution.kind === 'file' && !inside(site.resolution.path)) files.add(site.resolution.path);
    this.referenced.update(files);
  }

  // ---- effective policy, code lens ----

  private async effectivePolicy(uri: unknown, position: unknown): Promise<PolicyResult | null> {
    if (typeof uri !== 'string') return null;
    const line = position && typeof position === 'object' && typeof (position as { line?: unknown }).line === 'number' ? (position as { line: number }).line : undefined;
    return this.withWorkspace(uri, (ws, file) => {
      const at = line === undefined ? undefined : policyAt(ws, file, line);
      const records = at ? [at] : policiesOf(ws, file);
      const link = (f: string, l: number): string => `[${path.basename(f)}:${l + 1}](${pathToUri(f)}#L${l + 1})`;
      const title = at ? `# Effective TLS policy: ${at.label}` : `# Effective TLS policy: ${path.basename(file)}`;
      return { records, markdown: `${title}\n\n${records.length ? renderPolicyMarkdown(records, link) : 'No server block in this file.'}\n` };
    });
  }

  private async codeLenses(uri: string): Promise<{ range: Range; command: { title: string; command: string; arguments: unknown[] } }[]> {
    const { raw } = await this.settingsFor(uri);
    if (raw.codeLens === false || raw.enable === false) return [];
    return (
      (await this.withWorkspace(uri, (ws, file) =>
        policiesOf(ws, file)
          .filter((p) => p.tls && !p.client)
          .map((p) => {
            const expiry = p.certificates.length ? p.certificates.map((c) => (c.daysLeft >= 0 ? `expires in ${c.daysLeft} d` : `expired ${-c.daysLeft} d ago`)).join(', ') : 'no certificate read';
            const protocols = p.protocols.value.map((x) => x.replace('TLSv', 'TLS ')).join(', ') || 'no protocol';
            const suites = p.suites.length + p.tls13Suites.value.length;
            const title = `TLS: ${protocols} · ${suites} suites · ${expiry} · grade cap ${p.grade.cap}${p.grade.flags.length ? ` (${p.grade.flags.join(', ')})` : ''}`;
            const range = { start: p.range.start, end: p.range.start };
            return { range, command: { title, command: 'tlslint.showEffectivePolicy', arguments: [uri, p.range.start] } };
          }),
      )) ?? []
    );
  }

  // ---- workspace-wide diagnostics ----

  /** Lint the config files of the workspace folders that are not open, soon (debounced; never per keystroke). */
  private scheduleWorkspace(delay: number): void {
    if (this.workspaceTimer) clearTimeout(this.workspaceTimer);
    this.workspaceTimer = setTimeout(() => {
      this.workspaceTimer = undefined;
      void this.guard('workspace lint', () => this.lintWorkspaceFiles(), undefined);
    }, delay);
  }

  private async lintWorkspaceFiles(): Promise<void> {
    const open = new Set(this.documents.all().map((d) => uriToPath(d.uri)));
    const files = this.workspaceFiles().filter((f) => !open.has(f));
    const groups = new Map<string, { settings: Settings; files: string[] }>();
    for (const f of files) {
      const { settings, raw } = await this.settingsFor(pathToUri(f));
      if (raw.enable === false || raw.diagnosticsScope === 'openFiles') continue;
      const key = JSON.stringify(settings);
      const g = groups.get(key) ?? { settings, files: [] };
      g.files.push(f);
      groups.set(key, g);
    }
    const progress = this.supportsProgress && files.length ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('tlslint', 0, `analysing ${files.length} configuration files`, false);
    let done = 0;
    const seen = new Set<string>();
    try {
      for (const { settings, files: group } of groups.values()) {
        const result = this.lint(settings, group);
        for (const f of group) {
          seen.add(f);
          // A file opened meanwhile is the open-document lint's business.
          if (this.documents.all().some((d) => uriToPath(d.uri) === f)) continue;
          // Not open: no document version (-1); quick fixes come once the file is opened and linted as such.
          const diagnostics = (result.findings.get(f) ?? []).map((x, i) => toDiagnostic(x, i, -1));
          const key = JSON.stringify(diagnostics);
          if (this.workspacePublished.get(f) === key) continue;
          this.workspacePublished.set(f, key);
          void this.connection.sendDiagnostics({ uri: pathToUri(f), diagnostics });
        }
        done += group.length;
        progress?.report(Math.round((done / Math.max(1, files.length)) * 100), `${done} of ${files.length} files`);
      }
    } finally {
      progress?.done();
      this.dropLeftOutTrees();
    }
    this.connection.console.log(`tlslint: workspace diagnostics for ${seen.size} of ${files.length} closed files`);
    // Files that left the scope (deleted, opted out): clear what was published for them.
    for (const f of [...this.workspacePublished.keys()]) {
      if (seen.has(f) || open.has(f)) continue;
      this.workspacePublished.delete(f);
      void this.connection.sendDiagnostics({ uri: pathToUri(f), diagnostics: [] });
    }
  }
}
