// Issue 7 over the real LSP: the effective-policy command for a position, code lenses above TLS
// servers, and workspace-wide diagnostics for files that are not open, with related information that
// points into the other files involved.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import type { PolicyRecord } from '../../server/src/engine/features/policy';

let dir: string;

/** Wait for a condition the server's messages make true (bounded, so a bug fails instead of hanging). */
async function until(cond: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 25) {
    if (waited > limitMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

const MAIN = `events {}
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_tickets off;
    include sites/*.conf;
}
`;
const SITE_A = `server {
    listen 127.0.0.1:8443 ssl;
    server_name a.example.test;
    ssl_certificate tls/test.crt;
    ssl_certificate_key tls/test.key;
    ssl_ciphers ECDHE+AESGCM;
    ssl_prefer_server_ciphers on;
}
`;
const SITE_B = `server {
    listen 127.0.0.1:8443 ssl;
    server_name a.example.test b.example.test;
    ssl_certificate tls/test.crt;
    ssl_certificate_key tls/test.key;
}
`;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-ws-policy-')));
  fs.mkdirSync(path.join(dir, 'sites'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), MAIN);
  fs.writeFileSync(path.join(dir, 'sites', 'a.conf'), SITE_A);
  fs.writeFileSync(path.join(dir, 'sites', 'b.conf'), SITE_B);
  if (certFactoryAvailable()) copyScenarioFiles(path.join(dir, 'tls'));
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('files that are not open get their diagnostics, with related information into the other file; openFiles turns that off', async () => {
  const client = await TestClient.start({ folders: [dir] });
  try {
    // Nothing is opened: the duplicate name in b.conf is found because the whole workspace is analysed.
    const p: PublishDiagnosticsParams = await client.diagnostics(uriOf('sites/b.conf'), (x) => x.diagnostics.some((d) => d.code === 'sni-duplicate-name'));
    const dup = p.diagnostics.find((d) => d.code === 'sni-duplicate-name')!;
    assert.equal(dup.range.start.line, 2);
    assert.equal(SITE_B.split('\n')[2].slice(dup.range.start.character, dup.range.end.character), 'a.example.test');
    assert.equal(dup.relatedInformation?.[0].location.uri, uriOf('sites/a.conf'));
    assert.equal(dup.relatedInformation?.[0].location.range.start.line, 2);
    // The no-default finding lands on the first loaded server, in a.conf, also unopened.
    const a = await client.diagnostics(uriOf('sites/a.conf'), (x) => x.diagnostics.some((d) => d.code === 'sni-no-default'));
    assert.ok(a.diagnostics.every((d) => d.source === 'tlslint'));
  } finally {
    await client.stop();
  }

  const limited = await TestClient.start({ folders: [dir] });
  limited.settings = { diagnosticsScope: 'openFiles' };
  try {
    const uri = limited.open(path.join(dir, 'nginx.conf'), MAIN);
    await limited.diagnostics(uri, () => true);
    // The server says when a workspace pass is over: it covered none of the closed files.
    await until(() => limited.logs.some((l) => /workspace diagnostics for \d+ of \d+ closed files/.test(l)));
    assert.ok(limited.logs.some((l) => /workspace diagnostics for 0 of 2 closed files/.test(l)), limited.logs.join('\n'));
    assert.equal(limited.published.get(uriOf('sites/b.conf')), undefined, 'no diagnostics for a file that is not open');
  } finally {
    await limited.stop();
  }
});

test('the effective-policy command answers for the server under the cursor, with origins in the files they come from', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, async () => {
  const client = await TestClient.start({ folders: [dir] });
  client.settings = { extraTrustedCertificates: [path.join(dir, 'tls', 'root.crt')] };
  try {
    const uri = client.open(path.join(dir, 'sites', 'a.conf'), SITE_A);
    await client.diagnostics(uri, () => true);
    const res = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.computeEffectivePolicy', arguments: [uri, { line: 5, character: 4 }] })) as { records: PolicyRecord[]; markdown: string };
    assert.equal(res.records.length, 1);
    const r = res.records[0];
    assert.equal(r.label, 'server a.example.test');
    assert.deepEqual(r.protocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.ok('file' in r.protocols.origin && r.protocols.origin.file === path.join(dir, 'nginx.conf') && r.protocols.origin.range.start.line === 2, JSON.stringify(r.protocols.origin));
    assert.ok('file' in r.cipherString.origin && r.cipherString.origin.file === path.join(dir, 'sites', 'a.conf') && r.cipherString.origin.range.start.line === 5);
    assert.equal(r.serverOrder.value, true);
    assert.ok(r.suites.length > 0 && r.suites.every((s) => s.kx === 'kECDHE' && /GCM/.test(s.enc)), r.suites.map((s) => s.name).join(' '));
    assert.equal(r.certificates.length, 1);
    assert.ok(r.certificates[0].names.includes('*.example.test'));
    assert.ok(r.listens[0].socket.endsWith('127.0.0.1:8443') && r.listens[0].default, JSON.stringify(r.listens));
    assert.match(res.markdown, new RegExp(`\\(${pathToFileURL(path.join(dir, 'nginx.conf')).toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#L3\\)`), 'the origin is a clickable link to nginx.conf line 3');
    assert.match(res.markdown, /Estimated SSL Labs grade cap/);

    // The whole file when no position is given; nothing for a non-server position of another file.
    const whole = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.computeEffectivePolicy', arguments: [uri] })) as { records: PolicyRecord[] };
    assert.equal(whole.records.length, 1);

    const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { range: { start: { line: number } }; command: { title: string; command: string } }[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    assert.match(lenses[0].command.title, /^TLS: TLS 1\.2, TLS 1\.3 · \d+ suites · expires in \d+ d · grade cap A$/);
    assert.equal(lenses[0].command.command, 'tlslint.showEffectivePolicy');

    // Hover on `server` and on `listen`: the compact summary above the directive's docs.
    for (const position of [{ line: 0, character: 2 }, { line: 1, character: 6 }]) {
      const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as { contents: { value: string } } | null;
      assert.ok(h, `hover at ${JSON.stringify(position)}`);
      assert.match(h.contents.value, /\*\*server a\.example\.test\*\* — TLS · TLSv1\.2 TLSv1\.3 · \d+ suites \+ 3 TLS 1\.3 · estimated grade cap \*\*A\*\*/);
      assert.match(h.contents.value, /days left/);
    }

    client.settings = { codeLens: false };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const none = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as unknown[];
    assert.deepEqual(none, []);
  } finally {
    await client.stop();
  }
});
