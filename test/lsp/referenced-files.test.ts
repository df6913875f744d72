// A certificate outside the workspace folders (say /etc/ssl) is watched by the server itself: when it is
// renewed on disk, diagnostics update without any notification from the editor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from './client';
import { certFactoryAvailable, scenarioFile } from '../helpers/certFactory';

test('renewing a certificate outside the workspace clears its finding, with no client notification', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-watch-')));
  const ws = path.join(dir, 'ws');
  const outside = path.join(dir, 'etc-ssl');
  fs.mkdirSync(ws);
  fs.mkdirSync(outside);
  fs.copyFileSync(scenarioFile('expired.pem'), path.join(outside, 'site.pem'));
  fs.copyFileSync(scenarioFile('leaf.key'), path.join(outside, 'site.key'));
  const conf = `server {\n    listen 443 ssl;\n    server_name a.example.test;\n    ssl_certificate ${outside}/site.pem;\n    ssl_certificate_key ${outside}/site.key;\n}\n`;
  const client = await TestClient.start({ folders: [ws] });
  try {
    const uri = client.open(path.join(ws, 'site.conf'), conf);
    const before = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'cert-expired'));
    assert.equal(before.diagnostics.find((d) => d.code === 'cert-expired')!.range.start.line, 3);
    // The renewal: a new file moved over the old one, as certbot and most deploy tools do.
    fs.copyFileSync(scenarioFile('chain-ok.pem'), path.join(outside, 'site.pem.new'));
    fs.renameSync(path.join(outside, 'site.pem.new'), path.join(outside, 'site.pem'));
    const after = await client.next(uri, (p) => !p.diagnostics.some((d) => d.code === 'cert-expired'));
    assert.equal(after.version, before.version, 'the same document version, linted again because the file changed');
    // And again: the watch follows the replaced file.
    fs.copyFileSync(scenarioFile('expired.pem'), path.join(outside, 'site.pem'));
    await client.next(uri, (p) => p.diagnostics.some((d) => d.code === 'cert-expired'));
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
