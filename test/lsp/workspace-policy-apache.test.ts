// Issue 7 for Apache httpd and Squid over the real LSP: the effective-policy command for the vhost under
// the cursor (origins in the server config and in the vhost's own file), code lenses above TLS vhosts,
// the hover summary on `<VirtualHost` and on a Squid port line, and a socket finding on an unopened
// file whose related information points into the other included file.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './client';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import type { PolicyRecord } from '../../server/src/engine/features/policy';

let dir: string;
const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

const MAIN = `SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLSessionTickets off
Listen 443
IncludeOptional sites-enabled/*.conf
`;
const SITE_A = `<VirtualHost *:443>
    ServerName a.example.test
    SSLEngine on
    SSLCertificateFile tls/test.crt
    SSLCertificateKeyFile tls/test.key
    SSLCipherSuite ECDHE+AESGCM
    SSLHonorCipherOrder on
</VirtualHost>
`;
const SITE_B = `<VirtualHost *:443>
    ServerName b.example.test
    ServerAlias a.example.test
    SSLEngine on
    SSLCertificateFile tls/test.crt
    SSLCertificateKeyFile tls/test.key
</VirtualHost>
`;
const SQUID = `https_port 3129 tls-cert=tls/test.crt tls-key=tls/test.key tls-min-version=1.2 tls-options=NO_TICKET
tls_outgoing_options min-version=1.2
`;

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-ws-policy-apache-')));
  fs.mkdirSync(path.join(dir, 'httpd', 'sites-enabled'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'squid'));
  fs.writeFileSync(path.join(dir, 'httpd', 'apache2.conf'), MAIN);
  fs.writeFileSync(path.join(dir, 'httpd', 'sites-enabled', 'a.conf'), SITE_A);
  fs.writeFileSync(path.join(dir, 'httpd', 'sites-enabled', 'b.conf'), SITE_B);
  fs.writeFileSync(path.join(dir, 'squid', 'squid.conf'), SQUID);
  if (certFactoryAvailable()) {
    copyScenarioFiles(path.join(dir, 'httpd', 'tls'));
    copyScenarioFiles(path.join(dir, 'squid', 'tls'));
  }
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('Apache: a duplicate name in an unopened file, related information into the other site file', async () => {
  const client = await TestClient.start({ folders: [dir] });
  try {
    const p = await client.diagnostics(uriOf('httpd/sites-enabled/b.conf'), (x) => x.diagnostics.some((d) => d.code === 'sni-duplicate-name'));
    const dup = p.diagnostics.find((d) => d.code === 'sni-duplicate-name')!;
    assert.equal(dup.range.start.line, 2);
    assert.equal(SITE_B.split('\n')[2].slice(dup.range.start.character, dup.range.end.character), 'a.example.test');
    assert.equal(dup.relatedInformation?.[0].location.uri, uriOf('httpd/sites-enabled/a.conf'));
    assert.equal(dup.relatedInformation?.[0].location.range.start.line, 1);
    // The default of *:443 is named in a.conf, the first loaded.
    const a = await client.diagnostics(uriOf('httpd/sites-enabled/a.conf'), (x) => x.diagnostics.some((d) => d.code === 'sni-no-default'));
    const nd = a.diagnostics.find((d) => d.code === 'sni-no-default')!;
    assert.equal(nd.range.start.line, 0);
    assert.match(String(nd.message), /a\.example\.test.*the first httpd loads/);
    assert.equal(nd.relatedInformation?.[0].location.uri, uriOf('httpd/sites-enabled/b.conf'));
  } finally {
    await client.stop();
  }
});

test('Apache and Squid: the effective-policy command, code lenses and the hover summary', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, async () => {
  const client = await TestClient.start({ folders: [dir] });
  client.settings = { extraTrustedCertificates: [path.join(dir, 'httpd', 'tls', 'root.crt')] };
  try {
    const uri = client.open(path.join(dir, 'httpd', 'sites-enabled', 'a.conf'), SITE_A, 'apacheconf');
    await client.diagnostics(uri, () => true);
    const res = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.computeEffectivePolicy', arguments: [uri, { line: 5, character: 4 }] })) as { records: PolicyRecord[]; markdown: string };
    assert.equal(res.records.length, 1);
    const r = res.records[0];
    assert.equal(r.dialect, 'apache');
    assert.equal(r.label, '<VirtualHost *:443> (a.example.test)');
    assert.deepEqual(r.protocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.ok('file' in r.protocols.origin && r.protocols.origin.file === path.join(dir, 'httpd', 'apache2.conf') && r.protocols.origin.range.start.line === 0, JSON.stringify(r.protocols.origin));
    assert.ok('file' in r.cipherString.origin && r.cipherString.origin.file === path.join(dir, 'httpd', 'sites-enabled', 'a.conf') && r.cipherString.origin.range.start.line === 5);
    assert.ok(r.suites.length > 0 && r.suites.every((s) => s.kx === 'kECDHE' && /GCM/.test(s.enc)), r.suites.map((s) => s.name).join(' '));
    assert.deepEqual(r.listens.map((l) => [l.socket, l.default]), [['http *:443', true]]);
    assert.equal(r.certificates.length, 1);
    assert.match(res.markdown, new RegExp(`\\(${pathToFileURL(path.join(dir, 'httpd', 'apache2.conf')).toString().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#L1\\)`), 'the origin is a clickable link to apache2.conf line 1');

    const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { range: { start: { line: number } }; command: { title: string; command: string } }[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    assert.match(lenses[0].command.title, /^TLS: TLS 1\.2, TLS 1\.3 · \d+ suites · expires in \d+ d · grade cap A$/);

    const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } })) as { contents: { value: string } } | null;
    assert.ok(h);
    assert.match(h.contents.value, /\*\*<VirtualHost \*:443> \(a\.example\.test\)\*\* — TLS · TLSv1\.2 TLSv1\.3 · \d+ suites \+ 3 TLS 1\.3 · estimated grade cap \*\*A\*\*/);
    const inside = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as { contents: { value: string } } | null;
    assert.ok(!inside || !/estimated grade cap/.test(inside.contents.value), 'no summary on ServerName');

    // On the Listen line of the server config: the vhosts of *:443 in load order, the default first.
    const mainUri = client.open(path.join(dir, 'httpd', 'apache2.conf'), MAIN, 'apacheconf');
    const lh = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: mainUri }, position: { line: 2, character: 8 } })) as { contents: { value: string } } | null;
    assert.ok(lh);
    assert.match(lh.contents.value, /`\*:443` \(TLS\): <VirtualHost \*:443> \(a\.example\.test\) \(a\.conf:1\) — default; <VirtualHost \*:443> \(b\.example\.test\) \(b\.conf:1\)/);
    assert.match(lh.contents.value, /\*\*<VirtualHost \*:443> \(b\.example\.test\)\*\* — TLS/);

    const squidUri = client.open(path.join(dir, 'squid', 'squid.conf'), SQUID, 'squid');
    await client.diagnostics(squidUri, () => true);
    const sh = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: squidUri }, position: { line: 0, character: 3 } })) as { contents: { value: string } } | null;
    assert.ok(sh);
    assert.match(sh.contents.value, /\*\*https_port 3129\*\* — TLS · TLSv1\.2 TLSv1\.3 · \d+ suites/);
    assert.match(sh.contents.value, /https_port/, 'the directive documentation follows');
    const squidLenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: squidUri } })) as unknown[];
    assert.equal(squidLenses.length, 1, 'a lens for the port, none for tls_outgoing_options (Squid as a client)');
  } finally {
    await client.stop();
  }
});
