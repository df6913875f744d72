// Private keys are read only to compare them with their certificate: no byte of a key may reach a
// diagnostic, a hover, a log line of the language server, or any output of the CLI (text, JSON, SARIF).
// The configuration below makes tlslint look at keys in every way it can: a matching key, a mismatched
// key, a key given where a certificate belongs (and the reverse), a key with trailing text, an
// encrypted key and a key in the certificate file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import { runCli } from '../cli/helpers';

/** Distinctive slices of every base64 line of every key in `dir` (what a leak would contain). */
function keyFingerprints(dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, name), 'latin1');
    for (const block of text.matchAll(/-----BEGIN ([A-Z ]*PRIVATE KEY)-----([\s\S]*?)-----END \1-----/g)) {
      for (const line of block[2].split(/\r?\n/)) {
        const t = line.trim();
        if (t.length >= 16 && !t.includes(':')) out.push(t.slice(0, 16), t.slice(-16));
      }
    }
  }
  return [...new Set(out)];
}

function assertNoKeyMaterial(where: string, text: string, fingerprints: string[]): void {
  assert.ok(!/PRIVATE KEY-----/.test(text), `${where} contains a PEM private key marker`);
  const leaked = fingerprints.filter((f) => text.includes(f));
  assert.deepEqual(leaked.length, 0, `${where} contains ${leaked.length} slices of key material`);
}

test('no key material in diagnostics, hovers, server logs or CLI output', { skip: !certFactoryAvailable() && 'openssl is needed to make keys' }, async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-nokey-')));
  const tls = path.join(dir, 'tls');
  copyScenarioFiles(tls);
  // Extra shapes: an encrypted key, a certificate file that holds its key, a key with trailing text.
  const enc = spawnSync('openssl', ['pkey', '-in', path.join(tls, 'leaf.key'), '-aes256', '-passout', 'pass:secret', '-out', path.join(tls, 'encrypted.key')]);
  assert.equal(enc.status, 0, String(enc.stderr));
  fs.writeFileSync(path.join(tls, 'combined.pem'), fs.readFileSync(path.join(tls, 'leaf-only.pem'), 'utf8') + fs.readFileSync(path.join(tls, 'leaf.key'), 'utf8'));
  fs.writeFileSync(path.join(tls, 'trailing.key'), fs.readFileSync(path.join(tls, 'other.key'), 'utf8') + 'trailing words\n');
  const fingerprints = keyFingerprints(tls);
  assert.ok(fingerprints.length > 40, `key slices collected: ${fingerprints.length}`);

  const conf = [
    'events {}',
    'http {',
    '    server { listen 443 ssl; server_name a.example.test; ssl_certificate tls/chain-ok.pem; ssl_certificate_key tls/leaf.key; }',
    '    server { listen 443 ssl; server_name b.example.test; ssl_certificate tls/chain-ok.pem; ssl_certificate_key tls/other.key; }',
    '    server { listen 443 ssl; server_name c.example.test; ssl_certificate tls/leaf.key; ssl_certificate_key tls/leaf.key; }',
    '    server { listen 443 ssl; server_name d.example.test; ssl_certificate tls/chain-ok.pem; ssl_certificate_key tls/chain-ok.pem; }',
    '    server { listen 443 ssl; server_name e.example.test; ssl_certificate tls/chain-ok.pem; ssl_certificate_key tls/encrypted.key; }',
    '    server { listen 443 ssl; server_name f.example.test; ssl_certificate tls/combined.pem; ssl_certificate_key tls/combined.pem; }',
    '    server { listen 443 ssl; server_name g.example.test; ssl_certificate tls/chain-ok.pem; ssl_certificate_key tls/trailing.key; }',
    '    server { listen 443 ssl; server_name h.example.test; ssl_certificate tls/weak-rsa1024.pem; ssl_certificate_key tls/weak-rsa1024.key; ssl_trusted_certificate tls/other.key; ssl_dhparam tls/leaf.key; }',
    '}',
    '',
  ].join('\n');
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confPath, conf);

  try {
    // CLI: every output format, with the findings' messages, related information and fixes.
    for (const format of ['text', 'json', 'sarif']) {
      const run = runCli(['--format', format, 'nginx.conf'], { cwd: dir });
      assert.ok(run.status === 0 || run.status === 1, `tlslint --format ${format} exit ${run.status}: ${run.stderr}`);
      assert.match(run.stdout, /cert-key-mismatch/, `the ${format} output reports the mismatched key`);
      assertNoKeyMaterial(`CLI ${format} stdout`, run.stdout, fingerprints);
      assertNoKeyMaterial(`CLI ${format} stderr`, run.stderr, fingerprints);
    }

    // Language server: diagnostics, hovers on every argument of every file directive, logs, stderr.
    const client = await TestClient.start({ folders: [dir] });
    try {
      const uri = client.open(confPath, conf);
      const published: PublishDiagnosticsParams = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'cert-key-mismatch'));
      const hovers: string[] = [];
      const lines = conf.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (const m of lines[line].matchAll(/tls\/[\w.-]+/g)) {
          const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: m.index! + 2 } })) as Hover | null;
          if (h) hovers.push(JSON.stringify(h.contents));
        }
      }
      assert.ok(hovers.length >= 10, `hovers on file paths: ${hovers.length}`);
      assert.ok(hovers.some((h) => /key/i.test(h)), 'a hover describes a key file');
      assertNoKeyMaterial('diagnostics', JSON.stringify(published), fingerprints);
      assertNoKeyMaterial('hovers', hovers.join('\n'), fingerprints);
      await client.stop();
      assertNoKeyMaterial('server logs', client.logs.join('\n'), fingerprints);
      assertNoKeyMaterial('server stderr', client.stderr.join(''), fingerprints);
    } finally {
      await client.stop().catch(() => undefined);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
