// Workspace Trust: an untrusted server reads nothing outside the workspace folders (an include pointing
// elsewhere stays unresolved) until the folders grow or the client sends `tlslint/trust`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

let client: TestClient;
let dir: string;

const unresolved = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'include-unresolved');
const folder = (p: string) => ({ uri: pathToFileURL(p).toString(), name: path.basename(p) });

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-trust-')));
  fs.mkdirSync(path.join(dir, 'ws'));
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'outside', 'tls.conf'), 'ssl_protocols TLSv1.2 TLSv1.3;\n');
  client = await TestClient.start({ folders: [path.join(dir, 'ws')], trusted: false, workspaceFolders: true });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('untrusted: reads are fenced to the workspace folders; adding a folder or granting trust lifts the fence', async () => {
  assert.deepEqual((client.capabilities.workspace as { workspaceFolders: unknown }).workspaceFolders, { supported: true, changeNotifications: true });
  const text = `server {\n    listen 443 ssl;\n    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n    include ${path.join(dir, 'outside', 'tls.conf')};\n}\n`;
  const uri = client.open(path.join(dir, 'ws', 'site.conf'), text);
  const fenced = await client.diagnostics(uri, (p) => p.version === 1);
  assert.ok(unresolved(fenced), 'the include outside the workspace is not read');

  // The folder joins the workspace: readable.
  let next = client.next(uri, (p) => !unresolved(p));
  void client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder(path.join(dir, 'outside'))], removed: [] } });
  await next;

  // And leaves it again: fenced.
  next = client.next(uri, unresolved);
  void client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder(path.join(dir, 'outside'))] } });
  await next;

  // Trust granted: no fence.
  next = client.next(uri, (p) => !unresolved(p));
  void client.conn.sendNotification('tlslint/trust', { trusted: true });
  await next;
});
