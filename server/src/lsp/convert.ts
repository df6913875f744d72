// Engine results -> LSP shapes. Positions need no arithmetic: the engine uses LSP's (0-based line,
// UTF-16 column) convention.

import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
} from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/types';
import { ruleDocsUrl } from '../engine/rules/registry';
import type { CompletionEntry, SymbolEntry } from '../engine/features';

/** A document URI as an engine path: file URIs become absolute paths; others keep a stable key. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // fall through: malformed file URI
    }
  }
  // untitled:Untitled-1 and other schemes: a pseudo path that can never collide with a real file.
  return '/__tlslint_virtual__/' + encodeURIComponent(uri);
}

export function pathToUri(file: string): string {
  if (file.startsWith('/__tlslint_virtual__/')) return decodeURIComponent(file.slice('/__tlslint_virtual__/'.length));
  let uri = fileUris.get(file);
  if (uri === undefined) {
    // A bound, not an eviction policy: the URIs of one workspace's files fit many times over.
    if (fileUris.size >= 50000) fileUris.clear();
    fileUris.set(file, (uri = pathToFileURL(file).toString()));
  }
  return uri;
}

/** Every diagnostic's related locations ask for the URIs of the same few files, keystroke after keystroke. */
const fileUris = new Map<string, string>();

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  /** Index of the finding in the published list for this document version. */
  index: number;
  version: number;
  ruleId: string;
}

/**
 * Related locations sent with one diagnostic, at most. A finding about an address:port that 10,000
 * virtual hosts share names all the others (the CLI's reports keep them all; the message gives the
 * count): sent with every keystroke, they made a 5 MB notification for the editor to parse and list.
 */
export const MAX_RELATED = 50;

export function toDiagnostic(f: Finding, index: number, version: number): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    source: 'tlslint',
    message: f.message,
    data: { index, version, ruleId: f.ruleId } satisfies DiagnosticData,
  };
  if (f.related?.length) {
    const related = f.related.length > MAX_RELATED ? f.related.slice(0, MAX_RELATED) : f.related;
    d.relatedInformation = related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  }
  if (f.ruleId === 'unused-suppression') d.tags = [DiagnosticTag.Unnecessary];
  else if (f.ruleId === 'ssl-directive-deprecated') d.tags = [DiagnosticTag.Deprecated];
  return d;
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  directive: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
};

export function toCompletionItem(e: CompletionEntry): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: 'markdown', value: e.documentation };
  if (e.sortText) item.sortText = e.sortText;
  if (e.insertText !== undefined) {
    if (e.range) item.textEdit = { range: e.range, newText: e.insertText };
    else item.insertText = e.insertText;
    if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  } else if (e.range) {
    item.textEdit = { range: e.range, newText: e.label };
  }
  return item;
}

const SYMBOL_KIND: Record<SymbolEntry['kind'], SymbolKind> = {
  http: SymbolKind.Namespace,
  server: SymbolKind.Class,
  location: SymbolKind.Method,
  upstream: SymbolKind.Interface,
  stream: SymbolKind.Namespace,
  mail: SymbolKind.Namespace,
  map: SymbolKind.Enum,
  block: SymbolKind.Object,
  events: SymbolKind.Event,
};

export function toDocumentSymbol(s: SymbolEntry): DocumentSymbol {
  return {
    name: s.name || '(unnamed)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind] ?? SymbolKind.Object,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
