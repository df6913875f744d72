// Focused keystroke lints of an Apache tree (engine/model/focus.ts, model/apache/focus.ts): the other
// <VirtualHost>-only site files are left out of the lint, but their vhosts still count for the socket
// rules, so an edit in one site file keeps the cross-file SNI findings a full lint gives.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from './client';
import { focusPlanOf, fullLintOf, shown } from './fullLint';

let client: TestClient;
let dir: string;

const file = (rel: string): string => path.join(dir, rel);

const vhost = (name: string, alias = '') => `<VirtualHost *:443>
    ServerName ${name}
${alias ? `    ServerAlias ${alias}\n` : ''}    SSLEngine on
    SSLCertificateFile tls/missing.pem
</VirtualHost>
`;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-incr-apache-')));
  fs.mkdirSync(path.join(dir, 'apache2', 'sites-enabled'), { recursive: true });
  fs.writeFileSync(file('apache2/apache2.conf'), 'Listen 443\nSSLProtocol -all +TLSv1.2 +TLSv1.3\nIncludeOptional sites-enabled/*.conf\n');
  for (let i = 0; i < 20; i++) fs.writeFileSync(file(`apache2/sites-enabled/s${String(i).padStart(2, '0')}.conf`), vhost(`s${i}.example.test`, i === 4 ? '*.shop.example.test' : ''));
  client = await TestClient.start({ folders: [dir] });
});

after(async () => {
  await client?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const fullLint = (rel: string, text: string): string[] => fullLintOf(dir, file(rel), text);

test('Apache: the other vhost files are left out of a keystroke lint', () => {
  // The server plans its focused lints from this graph: the open site file, its root and nothing else.
  const open = file('apache2/sites-enabled/s12.conf');
  const { all, plan } = focusPlanOf(dir, open);
  assert.equal(all.filter((f) => plan.focus.skip(f)).length, 19, 'every other site file');
  assert.deepEqual(plan.workspaceFiles.sort(), [file('apache2/apache2.conf'), open].sort());
});

test('Apache: edits of one vhost file keep the cross-file SNI findings of a full lint', async () => {
  const rel = 'apache2/sites-enabled/s12.conf';
  let text = fs.readFileSync(file(rel), 'utf8');
  const uri = client.open(file(rel), text);
  const first = await client.diagnostics(uri, (p) => p.version === 1);
  assert.deepEqual(shown(first), fullLint(rel, text));
  const edits = [
    (t: string) => t.replace('ServerName s12.example.test', 'ServerName s3.example.test'), // s03.conf, left out, names it first
    (t: string) => t.replace('ServerName s3.example.test', 'ServerName s12.example.test\n    ServerAlias a.shop.example.test'), // s04.conf's wildcard alias
    (t: string) => t.replace('    SSLEngine on\n', ''),
  ];
  for (const edit of edits) {
    text = edit(text);
    const v = client.change(uri, text);
    const p = await client.next(uri, (x) => x.version === v);
    assert.deepEqual(shown(p), fullLint(rel, text), text);
    if (edit === edits[0]) assert.ok(shown(p).some((d) => d.startsWith('sni-duplicate-name@') && d.includes('s3.example.test')), JSON.stringify(shown(p)));
    if (edit === edits[1]) assert.ok(shown(p).some((d) => d.startsWith('sni-duplicate-name@') && d.includes('*.shop.example.test')), JSON.stringify(shown(p)));
    if (edit === edits[2]) assert.ok(shown(p).some((d) => d.startsWith('vhost-ssl-engine-missing@')), JSON.stringify(shown(p)));
  }
});
