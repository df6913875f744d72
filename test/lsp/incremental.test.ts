// The server's keystroke lints are focused on the open documents (engine/model/focus.ts) once a full lint
// has seen the workspace: their diagnostics must be the ones a full lint of the same texts gives, and a
// change on disk (a watched-file event) must be seen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './client';
import { fullLintOf, shown } from './fullLint';

let client: TestClient;
let dir: string;

const file = (rel: string): string => path.join(dir, rel);

const site = (i: number, listen = 'listen 443 ssl;'): string => `server {
    ${listen}
    server_name s${i}.example.test;
    ssl_certificate tls/missing${i}.pem;
    ssl_certificate_key tls/missing${i}.key;
}
`;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-incr-')));
  fs.mkdirSync(path.join(dir, 'nginx', 'sites'), { recursive: true });
  fs.writeFileSync(file('nginx/nginx.conf'), 'events {}\nhttp {\n    ssl_protocols TLSv1.2 TLSv1.3;\n    include sites/*.conf;\n}\n');
  for (let i = 0; i < 20; i++) fs.writeFileSync(file(`nginx/sites/s${String(i).padStart(2, '0')}.conf`), site(i, i === 7 ? 'listen 8443 ssl;' : 'listen 443 ssl;'));
  client = await TestClient.start({ folders: [dir] });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const fullLint = (rel: string, text: string): string[] => fullLintOf(dir, file(rel), text);

test('edits of one site file: every publish equals a full lint of the same text', async () => {
  const rel = 'nginx/sites/s03.conf';
  let text = fs.readFileSync(file(rel), 'utf8');
  const uri = client.open(file(rel), text);
  const first = await client.diagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(shown(first), fullLint(rel, text));
  const edits = [
    (t: string) => t.replace('listen 443 ssl;', 'listen 8443;'), // port 8443 is TLS in s07.conf, which the focus leaves out
    (t: string) => t.replace('server_name', 'ssl_protocols SSLv3;\n    server_name'),
    (t: string) => t.replace('ssl_protocols SSLv3;', 'ssl_protocols TLSv1.2;\n    include ../sites/s05.conf;'),
  ];
  for (const edit of edits) {
    text = edit(text);
    const v = client.change(uri, text);
    const p = await client.next(uri, (x) => x.version === v);
    assert.deepEqual(shown(p), fullLint(rel, text), text);
  }
  assert.ok(shown(await client.diagnostics(uri)).some((d) => d.startsWith('listen-ssl-missing@1:') && d.includes('8443')));
});

test('a watched-file change outside the open documents is seen by the next lint', async () => {
  const rel = 'nginx/sites/s11.conf';
  const text = fs.readFileSync(file(rel), 'utf8');
  const uri = client.open(file(rel), text.replace('listen 443 ssl;', 'listen 9443;'));
  const before = await client.diagnostics(uri, (p) => p.version === 1);
  assert.ok(!shown(before).some((d) => d.startsWith('listen-ssl-missing')), 'no TLS server on 9443 yet');
  // Another site starts serving 9443 with TLS: the plain listener now shares a TLS port.
  fs.writeFileSync(file('nginx/sites/s12.conf'), site(12, 'listen 9443 ssl;'));
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file('nginx/sites/s12.conf')).toString(), type: 2 }] });
  const v = client.change(uri, text.replace('listen 443 ssl;', 'listen 9443;') + '\n');
  const after = await client.next(uri, (p) => p.version === v);
  assert.ok(shown(after).some((d) => d.startsWith('listen-ssl-missing') && d.includes('9443')), JSON.stringify(shown(after)));
});

test('saving an open document (a watched-file event for it alone) keeps lints right', async () => {
  const rel = 'nginx/sites/s15.conf';
  let text = fs.readFileSync(file(rel), 'utf8');
  const uri = client.open(file(rel), text);
  await client.diagnostics(uri, (p) => p.version === 1);
  text = text.replace('listen 443 ssl;', 'listen 443 ssl;\n    ssl_protocols TLSv1.1 TLSv1.2;');
  client.change(uri, text);
  fs.writeFileSync(file(rel), text);
  client.save(uri);
  void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  text = text.replace('TLSv1.1 TLSv1.2', 'SSLv3 TLSv1.2');
  const v = client.change(uri, text);
  const p = await client.next(uri, (x) => x.version === v);
  assert.deepEqual(shown(p), fullLint(rel, text));
  assert.ok(shown(p).some((d) => d.startsWith('protocol-insecure')));
});
