// Squid documents through the real language server (stdio): diagnostics with exact ranges on option
// values, a quick fix that edits only its option, hover, completion after https_port, symbols, links.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, PublishDiagnosticsParams, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { SERVER, TestClient, rangeOf } from './client';

let client: TestClient;
let dir: string;

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'server/out/server.js missing: build first');
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-lsp-squid-')));
  client = await TestClient.start({ folders: [dir] });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const CONF = `include ${'${DIR}'}/conf.d/*.conf
https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.0 tls-options=NO_TICKET cipher=ECDHE+AESGCM
tls_outgoing_options min-version=1.2 flags=DONT_VERIFY_PEER
sslproxy_cipher HIGH
`;

test('a squid document gets Squid diagnostics, fixes, hover, completion, symbols and links', async () => {
  fs.mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'conf.d', 'a.conf'), 'http_port 3128\n');
  const text = CONF.replace('${DIR}', dir);
  const uri = client.open(path.join(dir, 'squid.conf'), text, 'squid');
  const p = await client.diagnostics(uri, (x) => codes(x).includes('protocol-deprecated'));
  for (const id of ['protocol-deprecated', 'proxy-verify-off', 'squid-directive-removed', 'cert-file-not-found']) assert.ok(codes(p).includes(id), `${id} in ${codes(p).join(', ')}`);
  const dep = p.diagnostics.find((d) => d.code === 'protocol-deprecated')!;
  assert.deepEqual(dep.range, rangeOf(text, '1.0', 'tls-min-version='));
  const verify = p.diagnostics.find((d) => d.code === 'proxy-verify-off')!;
  assert.deepEqual(verify.range, rangeOf(text, 'DONT_VERIFY_PEER'));

  const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: dep.range, context: { diagnostics: [dep] } })) as CodeAction[];
  const raise = actions.find((a) => a.title.startsWith('Set tls-min-version=1.2'));
  assert.ok(raise, actions.map((a) => a.title).join(' | '));
  const edit = raise.edit as WorkspaceEdit;
  const edits = (edit.changes?.[uri] ?? edit.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? []) as { range: unknown; newText: string }[];
  assert.deepEqual(edits.map((e) => [e.range, e.newText]), [[dep.range, '1.2']]);

  const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } })) as Hover;
  assert.match(JSON.stringify(hover.contents), /https_port/);

  const items = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 16 } })) as { label: string }[] | { items: { label: string }[] };
  const list = Array.isArray(items) ? items : items.items;
  assert.ok(list.some((i) => i.label === 'tls-cert='), list.map((i) => i.label).join(','));

  const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string }[];
  assert.deepEqual(symbols.map((s) => s.name), ['https_port 3129', 'tls_outgoing_options']);

  const links = (await client.conn.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { target: string }[];
  assert.ok(links.some((l) => l.target === pathToFileURL(path.join(dir, 'conf.d', 'a.conf')).toString()), JSON.stringify(links));
});
