// The real language server over stdio, driven by a real JSON-RPC client: `node server/out/server.js --stdio`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

const ROOT = path.join(__dirname, '../../..');
const SERVER = path.join(ROOT, 'server', 'out', 'server.js');

let proc: ChildProcess;
let conn: ProtocolConnection;
let dir: string;
let settings: Record<string, unknown> = {};
const published = new Map<string, PublishDiagnosticsParams[]>();
const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
const stderr: string[] = [];

function uriOf(rel: string): string {
  return pathToFileURL(path.join(dir, rel)).toString();
}

/** Wait for a publishDiagnostics for `uri` satisfying `pred` (past or future), with a timeout. */
function diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
  const seen = (published.get(uri) ?? []).slice().reverse().find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(published.get(uri)?.map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}; stderr: ${stderr.join('')}`)), timeoutMs);
    waiters.push({ uri, pred, resolve: (p) => { clearTimeout(timer); resolve(p); } });
  });
}

const versions = new Map<string, number>();
const texts = new Map<string, string>();

function open(rel: string, text: string, languageId = 'nginx'): string {
  const uri = uriOf(rel);
  versions.set(uri, 1);
  texts.set(uri, text);
  published.delete(uri);
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}

function change(uri: string, text: string): number {
  const v = (versions.get(uri) ?? 1) + 1;
  versions.set(uri, v);
  texts.set(uri, text);
  void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  return v;
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x:a', 'nginx', 1, text), edits);
}

function rangeOf(text: string, needle: string, after = ''): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in text`);
  const doc = TextDocument.create('x:a', 'nginx', 1, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'server/out/server.js missing: build first');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-lsp-'));
  proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TLSLINT_LINT_DELAY_MS: '20' } });
  proc.stderr!.on('data', (d) => stderr.push(String(d)));
  conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.set(p.uri, [...(published.get(p.uri) ?? []), p]);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  conn.onRequest('window/showMessageRequest', () => null);
  conn.onNotification('window/showMessage', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  const init = (await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { trusted: true },
  })) as { capabilities: Record<string, unknown> };
  assert.ok(init.capabilities.hoverProvider);
  assert.ok(init.capabilities.codeActionProvider);
  assert.ok(init.capabilities.completionProvider);
  assert.ok(init.capabilities.documentSymbolProvider);
  assert.ok(init.capabilities.documentLinkProvider);
  await conn.sendNotification('initialized', {});
});

after(async () => {
  try {
    await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    void conn.sendNotification('exit');
  } catch {
    // the process may already be gone
  }
  proc.kill();
  conn.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SITE = `server {
    listen 443;
    server_name a.example.test;
    ssl_certificate     a.crt;
    ssl_certificate_key a.key;
    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
    ssl_session_tickets off;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
`;

test('open: diagnostics with codes, exact ranges, docs links and source', async () => {
  const uri = open('sites/a.conf', SITE);
  const p = await diagnostics(uri, (x) => x.diagnostics.length > 0);
  assert.equal(p.version, 1);
  const listen = p.diagnostics.find((d) => d.code === 'listen-ssl-missing');
  assert.ok(listen, 'listen-ssl-missing reported');
  assert.deepEqual(listen.range, rangeOf(SITE, '443'));
  assert.equal(listen.source, 'tlslint');
  assert.match(listen.codeDescription!.href, /docs\/rules\/listen-ssl-missing\.md$/);
  assert.equal(listen.severity, 1);
  const dep = p.diagnostics.find((d) => d.code === 'protocol-deprecated');
  assert.ok(dep);
  assert.deepEqual(dep.range, rangeOf(SITE, 'TLSv1', 'ssl_protocols'));
});

test('hover on ssl_protocols returns markdown about the directive', async () => {
  const uri = open('sites/h.conf', SITE);
  const pos = rangeOf(SITE, 'ssl_protocols').start;
  const h = (await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: pos.line, character: pos.character + 3 } })) as Hover;
  assert.ok(h);
  const md = (h.contents as { kind: string; value: string });
  assert.equal(md.kind, 'markdown');
  assert.match(md.value, /ssl_protocols/);
  assert.match(md.value, /TLSv1\.3/);
});

test('a quick fix applied to the text removes its diagnostic, and nothing new appears', async () => {
  const uri = open('sites/fix.conf', SITE);
  const p = await diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'listen-ssl-missing'));
  const diag = p.diagnostics.find((d) => d.code === 'listen-ssl-missing')!;
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } })) as CodeAction[];
  const fix = actions.find((a) => a.title.includes('ssl') && !a.title.startsWith('Disable'));
  assert.ok(fix, `a fix action among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(fix.isPreferred, true);
  assert.ok(actions.some((a) => a.title === 'Disable listen-ssl-missing for this line'));
  const edits = (fix.edit as WorkspaceEdit).changes![uri];
  const fixed = applyTextEdits(SITE, edits);
  assert.match(fixed, /listen 443 ssl;/);
  const before = p.diagnostics.map((d) => d.code).sort();
  const v = change(uri, fixed);
  const after = await diagnostics(uri, (x) => x.version === v);
  assert.ok(!after.diagnostics.some((d) => d.code === 'listen-ssl-missing'));
  for (const d of after.diagnostics) assert.ok(before.includes(d.code as string), `new diagnostic ${d.code}`);
});

test('a suppression quick fix silences the finding; an unused suppression is reported', async () => {
  const uri = open('sites/sup.conf', SITE);
  const p = await diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'protocol-deprecated'));
  const diag = p.diagnostics.find((d) => d.code === 'protocol-deprecated')!;
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  const sup = actions.find((a) => a.title === 'Disable protocol-deprecated for this line')!;
  const suppressed = applyTextEdits(SITE, (sup.edit as WorkspaceEdit).changes![uri]);
  const v = change(uri, suppressed);
  const after = await diagnostics(uri, (x) => x.version === v);
  assert.ok(!after.diagnostics.some((d) => d.code === 'protocol-deprecated'));
  // Now make the suppression stale.
  const stale = suppressed.replace('TLSv1 TLSv1.2', 'TLSv1.2');
  const v2 = change(uri, stale);
  const last = await diagnostics(uri, (x) => x.version === v2);
  const unused = last.diagnostics.find((d) => d.code === 'unused-suppression');
  assert.ok(unused);
  assert.deepEqual(unused.tags, [1]);
});

test('source.fixAll.tlslint applies the safe fixes only', async () => {
  const text = SITE.replace(' always;', ';');
  const uri = open('sites/all.conf', text);
  await diagnostics(uri, (x) => x.diagnostics.length > 0);
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tlslint'] } })) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'source.fixAll.tlslint');
  const fixed = applyTextEdits(text, (actions[0].edit as WorkspaceEdit).changes![uri]);
  assert.match(fixed, /listen 443 ssl;/, 'safe: ssl added');
  assert.match(fixed, /max-age=63072000" always;/, 'safe: always added');
  assert.match(fixed, /ssl_protocols TLSv1 TLSv1.2 TLSv1.3;/, 'suggestions are not applied');
});

test('an edit to an included open file re-publishes diagnostics for the includer', async () => {
  fs.mkdirSync(path.join(dir, 'inc/snippets'), { recursive: true });
  const main = 'events {}\nhttp {\n    include snippets/tls.conf;\n    server {\n        listen 443 ssl;\n        ssl_certificate a.crt;\n        ssl_certificate_key a.key;\n        add_header Strict-Transport-Security "max-age=63072000" always;\n        ssl_session_tickets off;\n    }\n}\n';
  fs.writeFileSync(path.join(dir, 'inc/nginx.conf'), main);
  fs.writeFileSync(path.join(dir, 'inc/snippets/tls.conf'), 'ssl_protocols TLSv1.2 TLSv1.3;\n');
  const mainUri = open('inc/nginx.conf', main);
  const snippetUri = open('inc/snippets/tls.conf', 'ssl_protocols TLSv1.2 TLSv1.3;\n');
  const first = await diagnostics(mainUri);
  assert.ok(!first.diagnostics.some((d) => d.code === 'protocol-tls13-missing'));
  // Drop TLS 1.3 in the snippet: the server in nginx.conf now lacks it — reported in the snippet, and the
  // includer is re-linted (its diagnostics are published again).
  const count = published.get(mainUri)!.length;
  const v = change(snippetUri, 'ssl_protocols TLSv1.2;\n');
  const snippet = await diagnostics(snippetUri, (x) => x.version === v);
  assert.ok(snippet.diagnostics.some((d) => d.code === 'protocol-tls13-missing'));
  await diagnostics(mainUri, () => published.get(mainUri)!.length > count);
});

test('stale results are never published: after two quick changes the last publication is the last version', async () => {
  const uri = open('sites/stale.conf', SITE);
  await diagnostics(uri);
  change(uri, SITE.replace('listen 443;', 'listen 443 ssl;'));
  const v = change(uri, SITE.replace('TLSv1 ', ''));
  const p = await diagnostics(uri, (x) => x.version === v);
  assert.ok(p.diagnostics.some((d) => d.code === 'listen-ssl-missing'), 'the result is for the last text');
  await new Promise((r) => setTimeout(r, 200));
  const all = published.get(uri)!;
  assert.equal(all[all.length - 1].version, v);
  for (const x of all) assert.ok((x.version ?? 0) <= v);
});

test('completion, symbols and links', async () => {
  fs.mkdirSync(path.join(dir, 'sites'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sites/snip.conf'), 'ssl_ciphers HIGH;\n');
  const text = 'server {\n    listen 443 ssl;\n    server_name shop.example.test;\n    include snip.conf;\n    ssl_protocols \n}\n';
  const uri = open('sites/c.conf', text);
  const items = (await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 18 } })) as { label: string }[] | { items: { label: string }[] };
  const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
  assert.ok(labels.includes('TLSv1.3'), labels.join(','));
  const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string }[];
  assert.ok(symbols.some((s) => s.name.includes('shop.example.test')));
  const links = (await conn.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { target: string }[];
  assert.ok(links.some((l) => l.target === uriOf('sites/snip.conf')));
});

test('the server survives garbage and a missing include', async () => {
  const garbage = '}}}{{"\0\u{1F512};;; include /nonexistent/x.conf;\nserver { listen 443 ssl; include /nope/*.conf; include missing.conf;';
  const uri = open('sites/garbage.conf', garbage);
  const p = await diagnostics(uri, (x) => x.diagnostics.length > 0);
  assert.ok(p.diagnostics.some((d) => d.code === 'syntax-error'));
  const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
  assert.ok(h === null || typeof h === 'object');
  // Still alive and answering.
  const ok = open('sites/after.conf', SITE);
  await diagnostics(ok, (x) => x.diagnostics.length > 0);
});

test('settings: a rule turned off disappears after didChangeConfiguration', async () => {
  const uri = open('sites/settings.conf', SITE);
  await diagnostics(uri, (x) => x.diagnostics.some((d: Diagnostic) => d.code === 'protocol-deprecated'));
  settings = { rules: { 'protocol-deprecated': 'off' } };
  const count = published.get(uri)!.length;
  void conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const p = await diagnostics(uri, (x) => published.get(uri)!.length > count && !x.diagnostics.some((d) => d.code === 'protocol-deprecated'));
  assert.ok(p.diagnostics.some((d) => d.code === 'listen-ssl-missing'));
  settings = {};
});
