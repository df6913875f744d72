// The language server: keeps open documents, schedules lints (debounced; a newer change cancels a
// pending run; results are published only for the document versions they were computed from), and
// answers code actions, hovers, completion, symbols and links from the engine.

import * as path from 'node:path';
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine, type LintResult } from '../engine/engine';
import { OverlayFileSystem, type FileSystem } from '../engine/fs';
import { normalizeSettings, type Settings } from '../engine/settings';
import type { Finding, Fix } from '../engine/types';
import { suppressionFixes } from '../engine/suppress';
import { newFixSession, runFixLoop } from '../engine/fixLoop';
import { complete, documentLinks, documentSymbols, hover } from '../engine/features';
import { NodeFileSystem } from '../host/nodeFs';
import { discoverFiles } from '../host/discover';
import { pathToUri, toCompletionItem, toDiagnostic, toDocumentSymbol, uriToPath, type DiagnosticData } from './convert';

export const LANGUAGE_IDS = new Set(['nginx', 'NGINX', 'apacheconf', 'apache', 'squid']);
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.tlslint`;
export const FIX_ALL_COMMAND = 'tlslint.applyFixAll';
const DEFAULT_DELAY_MS = 150;

interface RawConfig {
  enable?: boolean;
  run?: 'onType' | 'onSave';
  [key: string]: unknown;
}

interface Published {
  version: number;
  findings: Finding[];
}

export class TlslintServer {
  private readonly engine = new Engine();
  private trusted = true;
  private folders: string[] = [];
  private supportsConfiguration = false;
  private readonly configCache = new Map<string, Promise<RawConfig>>();
  private readonly published = new Map<string, Published>();
  private timer: NodeJS.Timeout | undefined;
  private readonly dirty = new Set<string>();
  private workspaceFilesCache: string[] | undefined;
  private readonly shownProblems = new Set<string>();
  private lintGeneration = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly delayMs = DEFAULT_DELAY_MS,
  ) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onDidChangeConfiguration(() => {
      this.configCache.clear();
      this.scheduleAll(0);
    });
    c.onDidChangeWatchedFiles(() => {
      this.workspaceFilesCache = undefined;
      this.scheduleAll(this.delayMs);
    });
    c.onNotification('tlslint/trust', (p: { trusted?: boolean }) => {
      this.trusted = p?.trusted !== false;
      this.scheduleAll(0);
    });
    this.documents.onDidOpen((e) => this.schedule(e.document.uri, 0));
    this.documents.onDidChangeContent((e) => void this.onChange(e.document));
    this.documents.onDidSave((e) => void this.onSave(e.document));
    this.documents.onDidClose((e) => {
      this.published.delete(e.document.uri);
      this.engine.forget(uriToPath(e.document.uri));
      void c.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      // Files that included the closed buffer now read it from disk again.
      this.scheduleAll(this.delayMs);
    });
    c.onCodeAction((p) => this.guard('codeAction', () => this.codeActions(p), []));
    c.onExecuteCommand((p) => this.guard('executeCommand', () => this.executeCommand(p.command, p.arguments ?? []), undefined));
    c.onHover((p) => this.guard('hover', () => this.withResult(p.textDocument.uri, (r, file) => {
      const h = hover(r.workspace, file, p.position);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }), null));
    c.onCompletion((p) => this.guard('completion', () => this.withResult(p.textDocument.uri, (r, file) => complete(r.workspace, file, p.position).map(toCompletionItem)), []));
    c.onDocumentSymbol((p) => this.guard('documentSymbol', () => this.withResult(p.textDocument.uri, (r, file) => documentSymbols(r.workspace, file).map(toDocumentSymbol)), []));
    c.onDocumentLinks((p) => this.guard('documentLinks', () => this.withResult(p.textDocument.uri, (r, file) => documentLinks(r.workspace, file).map((l) => ({ range: l.range, target: pathToUri(l.target) }))), []));
    this.documents.listen(c);
    c.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    const opts = (p.initializationOptions ?? {}) as { trusted?: boolean };
    this.trusted = opts.trusted !== false;
    this.supportsConfiguration = p.capabilities.workspace?.configuration === true;
    this.folders = (p.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!this.folders.length && p.rootUri) this.folders = [uriToPath(p.rootUri)];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [FIX_ALL_COMMAND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '_', '$'], resolveProvider: false },
        documentSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'tlslint' },
    };
  }

  /** Run a handler; log and return `fallback` on any exception: the server must not go down. */
  private async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.connection.console.error(`tlslint: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fallback;
    }
  }

  // ---- settings ----

  private folderOf(file: string): string | undefined {
    return this.folders.filter((f) => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
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
    const { raw } = await this.settingsFor(doc.uri);
    if (raw.run === 'onSave') return;
    this.schedule(doc.uri, this.delayMs);
  }

  private async onSave(doc: TextDocument): Promise<void> {
    const { raw } = await this.settingsFor(doc.uri);
    if (raw.run === 'onSave') this.schedule(doc.uri, 0);
    // Saved text is what other (closed) files' includes see on disk.
    this.scheduleAll(this.delayMs);
  }

  private schedule(uri: string, delay: number): void {
    this.dirty.add(uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.guard('lint', () => this.lintDirty(), undefined);
    }, delay);
  }

  private scheduleAll(delay: number): void {
    for (const d of this.documents.all()) this.dirty.add(d.uri);
    if (this.documents.all().length) this.schedule(this.documents.all()[0].uri, delay);
  }

  /** A file system over disk (fenced to the workspace when untrusted) with open buffers on top. */
  private fileSystem(): FileSystem {
    const overlay = new Map<string, string>();
    for (const d of this.documents.all()) overlay.set(uriToPath(d.uri), d.getText());
    return new OverlayFileSystem(new NodeFileSystem(this.trusted ? undefined : this.folders), overlay);
  }

  private workspaceFiles(): string[] {
    if (!this.workspaceFilesCache) {
      const found: string[] = [];
      for (const folder of this.folders) {
        try {
          found.push(...discoverFiles([folder], folder).slice(0, 20000));
        } catch {
          // an unreadable folder contributes nothing
        }
      }
      this.workspaceFilesCache = found;
    }
    return this.workspaceFilesCache;
  }

  private relevant(doc: TextDocument): boolean {
    return LANGUAGE_IDS.has(doc.languageId);
  }

  /**
   * Lint every open document (an edit to one can change the findings of those including it), grouped
   * by settings, and publish each result for the exact version it was computed from.
   */
  private async lintDirty(): Promise<void> {
    const generation = ++this.lintGeneration;
    this.dirty.clear();
    const docs = this.documents.all().filter((d) => this.relevant(d));
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
      this.published.delete(d.uri);
      void this.connection.sendDiagnostics({ uri: d.uri, version: d.version, diagnostics: [] });
    }
    for (const { settings, docs: group } of groups.values()) {
      const versions = new Map(group.map((d) => [d.uri, d.version]));
      const result = this.lint(settings, group.map((d) => uriToPath(d.uri)));
      for (const p of result.problems) this.showOnce(`tlslint: ${p}`);
      for (const d of group) {
        const current = this.documents.get(d.uri);
        // Never publish a result for text the user has already changed.
        if (!current || current.version !== versions.get(d.uri)) continue;
        const findings = result.findings.get(uriToPath(d.uri)) ?? [];
        this.published.set(d.uri, { version: d.version, findings });
        const diagnostics: Diagnostic[] = findings.map((f, i) => toDiagnostic(f, i, d.version));
        void this.connection.sendDiagnostics({ uri: d.uri, version: d.version, diagnostics });
      }
    }
  }

  private lint(settings: Settings, files: string[], fs: FileSystem = this.fileSystem()): LintResult {
    const languageIds = new Map<string, string>();
    for (const d of this.documents.all()) languageIds.set(uriToPath(d.uri), d.languageId);
    return this.engine.lint({ fs, files, workspaceFiles: [...files, ...this.workspaceFiles()], settings, languageIds });
  }

  private async withResult<T>(uri: string, fn: (r: LintResult, file: string) => T): Promise<T | null> {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const { settings } = await this.settingsFor(uri);
    const file = uriToPath(uri);
    return fn(this.lint(settings, [file]), file);
  }

  // ---- code actions ----

  private findingsFor(doc: TextDocument): Finding[] | undefined {
    const p = this.published.get(doc.uri);
    return p && p.version === doc.version ? p.findings : undefined;
  }

  private async codeActions(p: CodeActionParams): Promise<CodeAction[]> {
    const doc = this.documents.get(p.textDocument.uri);
    if (!doc) return [];
    const only = p.context.only;
    const wantsFixAll = !only || only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.') || k === CodeActionKind.Source);
    const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.'));
    const actions: CodeAction[] = [];
    if (wantsQuickFix) {
      let findings = this.findingsFor(doc);
      if (!findings) {
        const { settings } = await this.settingsFor(doc.uri);
        findings = this.lint(settings, [uriToPath(doc.uri)]).findings.get(uriToPath(doc.uri)) ?? [];
      }
      for (const diag of p.context.diagnostics) {
        if (diag.source !== 'tlslint') continue;
        const data = diag.data as DiagnosticData | undefined;
        const finding =
          data && data.version === doc.version && findings[data.index]?.ruleId === data.ruleId
            ? findings[data.index]
            : findings.find((f) => f.ruleId === diag.code && sameRange(f.range, diag.range));
        if (!finding) continue;
        const fixes = finding.fixes ?? [];
        for (const fix of fixes) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            isPreferred: fix.safety === 'safe' && fixes.length === 1,
            edit: this.workspaceEdit(fix),
          });
        }
        if (finding.ruleId !== 'unused-suppression' && finding.ruleId !== 'syntax-error') {
          for (const s of suppressionFixes(doc.getText(), finding)) {
            actions.push({ title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [diag], edit: this.workspaceEdit(s) });
          }
        }
      }
    }
    if (wantsFixAll && (only !== undefined || actions.length > 0)) {
      const edits = await this.fixAllEdits(doc);
      if (edits.length) actions.push({ title: 'Fix all safe tlslint problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: edits } } });
    }
    return actions;
  }

  private workspaceEdit(fix: Fix): WorkspaceEdit {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of fix.edits) {
      const uri = this.uriOf(e.file);
      (changes[uri] ??= []).push({ range: e.range, newText: e.newText });
    }
    return { changes };
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
    runFixLoop({
      engine: this.engine,
      baseFs: this.fileSystem(),
      request: { files: [file], workspaceFiles: [file, ...this.workspaceFiles()], settings },
      safety: 'safe',
      canEdit: (f) => f === file,
      session,
    });
    const fixed = session.overlay.get(file);
    const original = doc.getText();
    if (fixed === undefined || fixed === original) return [];
    return [minimalEdit(doc, original, fixed)];
  }

  private async executeCommand(command: string, args: unknown[]): Promise<void> {
    if (command !== FIX_ALL_COMMAND) return;
    const [uri, version] = args as [string, number | undefined];
    const doc = this.documents.get(uri);
    if (!doc || (version !== undefined && version !== doc.version)) return;
    const edits = await this.fixAllEdits(doc);
    if (edits.length) await this.connection.workspace.applyEdit({ label: 'tlslint: fix all', edit: { documentChanges: [{ textDocument: { uri, version: doc.version }, edits }] } });
  }
}

function sameRange(a: { start: { line: number; character: number }; end: { line: number; character: number } }, b: typeof a): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
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
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endB) }, newText: after.slice(start, endA) };
}
