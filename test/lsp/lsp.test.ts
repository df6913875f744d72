// The real language server over stdio, driven by a real JSON-RPC client: `node server/out/server.js --stdio`.
// Smoke tests of the LSP layer; what the rules find is tested on the engine (test/unit).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, PublishDiagnosticsParams, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/engine/syntax/text';
import { SERVER, TestClient, applyTextEdits, rangeOf } from './client';

let client: TestClient;
let dir: string;

const file = (rel: string): string => path.join(dir, rel);
const uriOf = (rel: string): string => pathToFileURL(file(rel)).toString();
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));
const has = (code: string) => (p: PublishDiagnosticsParams) => codes(p).includes(code);

/** Write a file on disk and tell the server, as the client's file watcher does. */
function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
  const existed = fs.existsSync(file(rel));
  fs.writeFileSync(file(rel), text);
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rel), type: existed ? 2 : 1 }] });
}

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'server/out/server.js missing: build first');
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-lsp-')));
  client = await TestClient.start({ folders: [dir], showDocument: true });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const SITE = `server {
    listen 443;
    server_name a.example.test;
    ssl_certificate     a.crt;
    ssl_certificate_key a.key;
    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+AES128+SHA1;
    ssl_session_tickets off;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
`;

test('initialize announces the features', () => {
  const caps = client.capabilities as Record<string, unknown> & { codeActionProvider: { codeActionKinds: string[] }; executeCommandProvider: { commands: string[] }; completionProvider: { triggerCharacters: string[] } };
  for (const c of ['hoverProvider', 'documentSymbolProvider', 'documentLinkProvider', 'textDocumentSync']) assert.ok(caps[c], c);
  assert.ok(caps.codeActionProvider.codeActionKinds.includes('quickfix'));
  assert.ok(caps.codeActionProvider.codeActionKinds.includes('source.fixAll.tlslint'));
  assert.ok(caps.completionProvider.triggerCharacters.includes(' '));
  // Not `tlslint.fixAll`: the client contributes that command itself and forwards it.
  assert.deepEqual(caps.executeCommandProvider.commands.sort(), ['tlslint.applyFixAll', 'tlslint.computeEffectivePolicy', 'tlslint.probe', 'tlslint.probeTargets', 'tlslint.showRuleDocs']);
});

test('open: diagnostics with codes, exact ranges, docs links, source and severities', async () => {
  const uri = client.open(file('sites/a.conf'), SITE);
  const p = await client.diagnostics(uri, (x) => x.diagnostics.length > 0);
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
  assert.equal(dep.severity, 2);
});

test('info findings map to Information; deprecated and unused ones carry their tags', async () => {
  const text = 'server {\n    listen 443 ssl;\n    ssl on;\n    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n    ssl_protocols TLSv1.2;\n}\n';
  const uri = client.open(file('sites/tags.conf'), text);
  const p = await client.diagnostics(uri, has('ssl-directive-deprecated'));
  const deprecated = p.diagnostics.find((d) => d.code === 'ssl-directive-deprecated')!;
  assert.deepEqual(deprecated.tags, [2]);
  const tls13 = p.diagnostics.find((d) => d.code === 'protocol-tls13-missing');
  assert.ok(tls13, codes(p).join(','));
  assert.equal(tls13.severity, 3);
  assert.equal(tls13.tags, undefined);
});

test('hover on ssl_protocols returns markdown about the directive', async () => {
  const uri = client.open(file('sites/h.conf'), SITE);
  const pos = rangeOf(SITE, 'ssl_protocols').start;
  const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: pos.line, character: pos.character + 3 } })) as Hover;
  assert.ok(h);
  const md = h.contents as { kind: string; value: string };
  assert.equal(md.kind, 'markdown');
  assert.match(md.value, /ssl_protocols/);
  assert.match(md.value, /TLSv1\.3/);
});

test('a quick fix applied with the engine removes its diagnostic, and nothing new appears', async () => {
  const uri = client.open(file('sites/fix.conf'), SITE);
  const p = await client.diagnostics(uri, has('listen-ssl-missing'));
  const diag = p.diagnostics.find((d) => d.code === 'listen-ssl-missing')!;
  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only: ['quickfix'] } })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  const fix = actions.find((a) => a.edit && !a.title.startsWith('Disable'));
  assert.ok(fix, `a fix action among ${titles.join(' | ')}`);
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true, 'safe and the only fix');
  assert.deepEqual(fix.diagnostics, [diag]);
  assert.ok(titles.includes('Disable listen-ssl-missing for this line'), titles.join(' | '));
  assert.ok(titles.includes('Disable listen-ssl-missing for the entire file'), titles.join(' | '));
  assert.ok(!actions.some((a) => a.kind === 'source.fixAll.tlslint'), 'only quickfix was asked for');
  const edits = (fix.edit as WorkspaceEdit).changes![uri];
  const { text: fixed, skipped } = applyEdits(SITE, edits.map((e) => ({ file: file('sites/fix.conf'), ...e })));
  assert.deepEqual(skipped, []);
  assert.match(fixed, /listen 443 ssl;/);
  const before = codes(p);
  const v = client.change(uri, fixed);
  const after = await client.diagnostics(uri, (x) => x.version === v);
  assert.ok(!codes(after).includes('listen-ssl-missing'));
  for (const c of codes(after)) assert.ok(before.includes(c), `new diagnostic ${c}`);
});

test('the light bulb offers fix-all as a command and "Show documentation", which opens the rule page', async () => {
  const uri = client.open(file('sites/bulb.conf'), SITE);
  const p = await client.diagnostics(uri, has('listen-ssl-missing'));
  const diag = p.diagnostics.find((d) => d.code === 'listen-ssl-missing')!;
  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.tlslint');
  assert.ok(fixAll, actions.map((a) => a.title).join(' | '));
  assert.equal(fixAll.edit, undefined, 'computed only when chosen');
  assert.equal(fixAll.command!.command, 'tlslint.applyFixAll');
  const docs = actions.find((a) => a.title === 'Show documentation for listen-ssl-missing');
  assert.ok(docs?.command);
  await client.conn.sendRequest('workspace/executeCommand', { command: docs.command.command, arguments: docs.command.arguments });
  const shown = client.shownDocuments.at(-1);
  assert.equal(shown?.uri, diag.codeDescription!.href);
  assert.equal(shown?.external, true);
  // Anything but a rule id opens nothing.
  const count = client.shownDocuments.length;
  await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.showRuleDocs', arguments: ['https://evil.example/'] });
  assert.equal(client.shownDocuments.length, count);
});

test('a suppression quick fix silences the finding; an unused suppression is reported', async () => {
  const uri = client.open(file('sites/sup.conf'), SITE);
  const p = await client.diagnostics(uri, has('protocol-deprecated'));
  const diag = p.diagnostics.find((d) => d.code === 'protocol-deprecated')!;
  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
  const sup = actions.find((a) => a.title === 'Disable protocol-deprecated for this line');
  assert.ok(sup, actions.map((a) => a.title).join(' | '));
  const suppressed = applyTextEdits(SITE, (sup.edit as WorkspaceEdit).changes![uri]);
  assert.match(suppressed, /# tlslint-disable-next-line protocol-deprecated\n\s*ssl_protocols/);
  const v = client.change(uri, suppressed);
  const after = await client.diagnostics(uri, (x) => x.version === v);
  assert.ok(!codes(after).includes('protocol-deprecated'));
  assert.ok(!codes(after).includes('unused-suppression'));
  // Now make the suppression stale.
  const stale = suppressed.replace('TLSv1 TLSv1.2', 'TLSv1.2');
  const v2 = client.change(uri, stale);
  const last = await client.diagnostics(uri, (x) => x.version === v2);
  const unused = last.diagnostics.find((d) => d.code === 'unused-suppression');
  assert.ok(unused, codes(last).join(','));
  assert.deepEqual(unused.tags, [1]);
  assert.equal(unused.range.start.line, rangeOf(stale, '# tlslint-disable-next-line').start.line);
});

test('source.fixAll.tlslint applies the safe fixes only', async () => {
  const text = SITE.replace(' always;', ';');
  const uri = client.open(file('sites/all.conf'), text);
  await client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'source.fixAll.tlslint');
  const fixed = applyTextEdits(text, (actions[0].edit as WorkspaceEdit).changes![uri]);
  assert.match(fixed, /listen 443 ssl;/, 'safe: ssl added');
  assert.match(fixed, /max-age=63072000" always;/, 'safe: always added');
  assert.match(fixed, /ssl_protocols TLSv1 TLSv1.2 TLSv1.3;/, 'suggestions are not applied');
  const v = client.change(uri, fixed);
  const after = await client.diagnostics(uri, (x) => x.version === v);
  assert.ok(!codes(after).includes('listen-ssl-missing') && !codes(after).includes('hsts-not-always'), codes(after).join(','));
  // Nothing left to fix: no action.
  const again = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.tlslint'] } })) as CodeAction[];
  assert.deepEqual(again, []);
});

test('the tlslint.applyFixAll command applies the edit through workspace/applyEdit, pinned to the version', async () => {
  const text = SITE.replace(' always;', ';');
  const uri = client.open(file('sites/cmd.conf'), text);
  await client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  // A stale version: nothing is applied.
  await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.applyFixAll', arguments: [uri, 7] });
  assert.equal(client.appliedEdits.length, 0);
  await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.applyFixAll', arguments: [uri, 1] });
  assert.equal(client.appliedEdits.length, 1);
  const change = client.appliedEdits[0].edit.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri, version: 1 });
  const fixed = applyTextEdits(text, change.edits as never);
  assert.match(fixed, /listen 443 ssl;/);
  assert.match(fixed, /always;/);
});

test('an edit to an included open file re-publishes the includer\'s diagnostics', async () => {
  const main = `events {}
http {
    server {
        listen 443 ssl;
        server_name inc.example.test;
        include snippets/certs.conf;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets off;
        add_header Strict-Transport-Security "max-age=63072000" always;
    }
}
`;
  const certs = 'ssl_certificate a.crt;\nssl_certificate_key a.key;\n';
  write('inc/nginx.conf', main);
  write('inc/snippets/certs.conf', certs);
  const mainUri = client.open(file('inc/nginx.conf'), main);
  const snippetUri = client.open(file('inc/snippets/certs.conf'), certs);
  const first = await client.diagnostics(mainUri);
  assert.ok(!codes(first).includes('cert-missing'), codes(first).join(','));
  // The snippet loses its certificates: the server in nginx.conf (unchanged, version 1) now has none.
  const missing = client.next(mainUri, has('cert-missing'));
  client.change(snippetUri, '# moved elsewhere\n');
  const p = await missing;
  assert.equal(p.version, 1);
  assert.equal(p.diagnostics.find((d) => d.code === 'cert-missing')!.range.start.line, 3);
  // And back.
  const back = client.next(mainUri, (x) => !codes(x).includes('cert-missing'));
  client.change(snippetUri, certs);
  await back;
});

test('related information points into other files with file URIs (a root found on disk, not open)', async () => {
  const main = `events {}
http {
    server {
        listen 443 ssl;
        ssl_certificate a.crt;
        ssl_certificate_key a.key;
        add_header Strict-Transport-Security "max-age=63072000" always;
        include locations/app.conf;
    }
}
`;
  const app = 'location /app {\n    add_header X-Frame-Options DENY;\n}\n';
  write('rel/nginx.conf', main);
  write('rel/locations/app.conf', app);
  const uri = client.open(file('rel/locations/app.conf'), app);
  const p = await client.diagnostics(uri, has('hsts-lost'));
  const lost = p.diagnostics.find((d) => d.code === 'hsts-lost')!;
  assert.deepEqual(lost.range, rangeOf(app, 'add_header'));
  const rel = lost.relatedInformation?.[0];
  assert.ok(rel, 'related information');
  assert.equal(rel.location.uri, uriOf('rel/nginx.conf'));
  assert.deepEqual(rel.location.range.start, rangeOf(main, 'add_header Strict').start);
});

test('stale results are never published: after two quick changes the last publication is the last version', async () => {
  const uri = client.open(file('sites/stale.conf'), SITE);
  await client.diagnostics(uri);
  client.change(uri, SITE.replace('listen 443;', 'listen 443 ssl;'));
  const v = client.change(uri, SITE.replace('TLSv1 ', ''));
  const p = await client.diagnostics(uri, (x) => x.version === v);
  assert.ok(codes(p).includes('listen-ssl-missing'), 'the result is for the last text');
  assert.ok(!codes(p).includes('protocol-deprecated'), 'the result is for the last text');
  // An absence check needs a bounded wait: ten debounce periods for anything late to arrive.
  await new Promise((r) => setTimeout(r, 200));
  const all = client.published.get(uri)!;
  assert.equal(all.at(-1)!.version, v);
  for (let i = 1; i < all.length; i++) assert.ok((all[i].version ?? 0) >= (all[i - 1].version ?? 0), 'versions never go back');
});

test('closing a document clears its diagnostics', async () => {
  const uri = client.open(file('sites/close.conf'), SITE);
  await client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  const cleared = client.next(uri, (x) => x.diagnostics.length === 0);
  client.close(uri);
  await cleared;
});

test('completion, symbols and links', async () => {
  write('sites/snip.conf', 'ssl_ciphers HIGH;\n');
  const text = 'server {\n    listen 443 ssl;\n    server_name shop.example.test;\n    include snip.conf;\n    ssl_protocols \n}\n';
  const uri = client.open(file('sites/c.conf'), text);
  const items = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 18 } })) as { label: string; kind: number }[] | { items: { label: string; kind: number }[] };
  const list = Array.isArray(items) ? items : items.items;
  const tls13 = list.find((i) => i.label === 'TLSv1.3');
  assert.ok(tls13, list.map((i) => i.label).join(','));
  assert.equal(tls13.kind, 12, 'value -> CompletionItemKind.Value');
  const directives = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 7 } })) as { label: string; kind: number }[] | { items: { label: string; kind: number }[] };
  const dl = Array.isArray(directives) ? directives : directives.items;
  assert.ok(dl.some((i) => i.label.startsWith('ssl_') && i.kind === 10), 'directive -> CompletionItemKind.Property');
  const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string; children?: unknown[] }[];
  assert.ok(symbols.some((s) => s.name.includes('shop.example.test')), JSON.stringify(symbols));
  assert.ok(symbols.every((s) => Array.isArray(s.children)), 'hierarchical DocumentSymbol');
  const links = (await client.conn.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { target: string; range: unknown }[];
  const link = links.find((l) => l.target === uriOf('sites/snip.conf'));
  assert.ok(link, JSON.stringify(links));
  assert.deepEqual(link.range, rangeOf(text, 'snip.conf'));
});

test('untitled documents are linted too', async () => {
  const uri = 'untitled:Untitled-7';
  const p = client.diagnostics(uri, has('protocol-insecure'));
  void client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'NGINX', version: 1, text: 'ssl_protocols SSLv3 TLSv1.2;\n' } });
  await p;
});

test('the server survives garbage and a missing include', async () => {
  const garbage = '}}}{{"\0\u{1F512};;; include /nonexistent/x.conf;\nserver { listen 443 ssl; include /nope/*.conf; include missing.conf;';
  const uri = client.open(file('sites/garbage.conf'), garbage);
  const p = await client.diagnostics(uri, (x) => x.diagnostics.length > 0);
  assert.ok(codes(p).includes('syntax-error'));
  for (const request of ['textDocument/hover', 'textDocument/completion']) {
    for (const position of [{ line: 0, character: 3 }, { line: 1, character: 12 }, { line: 99, character: 99 }]) {
      const r = await client.conn.sendRequest(request, { textDocument: { uri }, position });
      assert.ok(r === null || typeof r === 'object', request);
    }
  }
  await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: p.diagnostics } });
  await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///not/open.conf' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.applyFixAll', arguments: [42, 'x'] });
  // Still alive and answering.
  const ok = client.open(file('sites/after.conf'), SITE);
  await client.diagnostics(ok, (x) => x.diagnostics.length > 0);
});

test('settings: a rule turned off disappears after didChangeConfiguration', async () => {
  const uri = client.open(file('sites/settings.conf'), SITE);
  await client.diagnostics(uri, has('protocol-deprecated'));
  client.settings = { rules: { 'protocol-deprecated': 'off' } };
  const p = client.next(uri, (x) => !codes(x).includes('protocol-deprecated'));
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  assert.ok(codes(await p).includes('listen-ssl-missing'));
  // enable: false clears everything.
  client.settings = { enable: false };
  const off = client.next(uri, (x) => x.diagnostics.length === 0);
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await off;
  client.settings = {};
  const on = client.next(uri, has('protocol-deprecated'));
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await on;
});

test('run: onSave lints on save, not while typing', async () => {
  const uri = client.open(file('sites/save.conf'), SITE);
  await client.diagnostics(uri, has('listen-ssl-missing'));
  // Turning a rule off too shows when the server has read the new settings.
  client.settings = { run: 'onSave', rules: { 'protocol-deprecated': 'off' } };
  const applied = client.next(uri, (x) => !codes(x).includes('protocol-deprecated'));
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await applied;
  const v = client.change(uri, SITE.replace('listen 443;', 'listen 443 ssl;'));
  // An absence check needs a bounded wait: ten debounce periods.
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(!client.published.get(uri)!.some((x) => x.version === v), 'nothing published while typing');
  const saved = client.diagnostics(uri, (x) => x.version === v);
  client.save(uri);
  assert.ok(!codes(await saved).includes('listen-ssl-missing'));
  client.settings = {};
  void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
});
