// The esbuild bundle the .vsix ships (server/dist/server.js) is a working server on its own: no
// module left outside the bundle, the guideline JSON inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const ROOT = path.join(__dirname, '../../..');

test('the bundled server answers over stdio and publishes diagnostics', async () => {
  const bundle = path.join(ROOT, 'server', 'dist', 'server.js');
  assert.ok(fs.existsSync(bundle), 'server/dist/server.js missing: run the build');
  // Run it from a copy outside the repository, so it cannot reach node_modules.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-bundle-'));
  fs.copyFileSync(bundle, path.join(dir, 'server.js'));
  const proc = spawn(process.execPath, [path.join(dir, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TLSLINT_LINT_DELAY_MS: '0' } });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  try {
    const got = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics from the bundled server')), 10000);
      conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.diagnostics.length) {
          clearTimeout(timer);
          resolve(p);
        }
      });
    });
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'nginx', version: 1, text: 'ssl_protocols SSLv3 TLSv1.2;\n' } });
    const p = await got;
    const codes = p.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('protocol-insecure'), codes.join(','));
    assert.ok(codes.includes('protocol-tls13-missing'), 'the profile data (guideline JSON) is bundled');
  } finally {
    proc.kill();
    conn.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
