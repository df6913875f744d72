// `tlslint probe` and the editor's probe command against a real nginx on 127.0.0.1: a server with an
// expired certificate and a TLS 1.3-only server, the comparison with the configuration (agreeing and
// not), the timeout, and the refusal in an untrusted workspace. Skips without nginx/openssl unless
// TLSLINT_REQUIRE_ORACLES=1.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { oracleUnavailableReason, oraclesRequired, OracleMissingError } from '../helpers/oracle';
import { runCli } from '../cli/helpers';
import { TestClient } from '../lsp/client';
import { makePrefix, startCase, type RunningServer } from './harness';
import { nginxAdapter } from './adapters/nginx';

const CASE = `
server {
    listen 127.0.0.1:{{port0}} ssl;
    server_name expired.example.test;
    ssl_certificate {{certs}}/expired.pem;
    ssl_certificate_key {{certs}}/leaf.key;
    ssl_protocols TLSv1.2 TLSv1.3;
}
server {
    listen 127.0.0.1:{{port1}} ssl;
    server_name example.test;
    ssl_certificate {{certs}}/chain-ok.pem;
    ssl_certificate_key {{certs}}/leaf.key;
    ssl_protocols TLSv1.3;
}
server {
    listen 127.0.0.1:{{port2}} ssl;
    server_name example.test;
    ssl_certificate {{certs}}/chain-misordered.pem;
    ssl_certificate_key {{certs}}/leaf.key;
}
`;

const missing = oracleUnavailableReason('nginx') ?? oracleUnavailableReason('openssl');
if (missing && oraclesRequired()) throw new OracleMissingError(`the live probe tests need nginx and openssl: ${missing}`);
const skip = missing ? `${missing}; skipped (set TLSLINT_REQUIRE_ORACLES=1 to require it)` : false;

let prefix = '';
let ports: number[] = [];
let server: RunningServer | undefined;
let caseFile = '';
let caseText = '';

before(async () => {
  if (skip) return;
  prefix = makePrefix('nginx', 'probe-live');
  const started = await startCase(nginxAdapter, prefix, CASE, 3);
  ({ ports, server } = started);
  caseFile = path.join(path.dirname(started.root), 'case.conf');
  caseText = fs.readFileSync(caseFile, 'utf8');
});

after(async () => {
  await server?.stop();
  if (prefix) fs.rmSync(prefix, { recursive: true, force: true });
});

test('CLI: an expired certificate is reported, with the versions that work', { skip }, () => {
  const r = runCli(['probe', `127.0.0.1:${ports[0]}`, '--sni', 'expired.example.test'], { cwd: prefix });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /TLS 1\.2: yes/);
  assert.match(r.stdout, /TLS 1\.3: yes/);
  assert.match(r.stdout, /TLS 1\.0: no/);
  assert.match(r.stdout, /the leaf certificate expired on 2021-01-01/);
});

test('CLI: a chain sent out of order is reported (read off a TLS 1.2 handshake)', { skip }, () => {
  const r = runCli(['probe', `127.0.0.1:${ports[2]}`, '--sni', 'example.test'], { cwd: prefix });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /1\. CN=leaf\.example\.test[^\n]*\n  2\. CN=tlslint Test Root[^\n]*\n  3\. CN=tlslint Test Intermediate/);
  assert.match(r.stdout, /certificate 1 \(CN=leaf\.example\.test\) is followed by CN=tlslint Test Root, not by its issuer \(CN=tlslint Test Intermediate\)/);
});

test('CLI: a TLS 1.3-only server, as JSON; the configuration agrees with it', { skip }, () => {
  const r = runCli(['probe', `127.0.0.1:${ports[1]}`, '--sni', 'example.test', '--json', '--compare', caseFile], { cwd: prefix });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const j = JSON.parse(r.stdout) as { versions: { version: string; ok: boolean }[]; tls13Suites: string[]; chain: { subject: string; pem?: string }[]; comparison: { differences: string[] } };
  assert.deepEqual(j.versions.filter((v) => v.ok).map((v) => v.version), ['TLSv1.3']);
  assert.deepEqual([...j.tls13Suites].sort(), ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
  assert.equal(j.chain[0].subject, 'CN=leaf.example.test');
  assert.equal(j.chain[0].pem, undefined);
  assert.deepEqual(j.comparison.differences, []);
});

test('CLI: --compare names what the configuration gets wrong', { skip }, () => {
  const other = path.join(prefix, 'conf', 'other.conf');
  fs.writeFileSync(path.join(prefix, 'conf', 'stale.conf'), caseText.replace('ssl_protocols TLSv1.3;', 'ssl_protocols TLSv1.2 TLSv1.3;'));
  fs.writeFileSync(other, `events {}\nhttp {\n    include stale.conf;\n}\n`);
  const r = runCli(['probe', `127.0.0.1:${ports[1]}`, '--sni', 'example.test', '--compare', other], { cwd: prefix });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /versions: engine TLSv1\.2 TLSv1\.3 \| server TLSv1\.3 .*stale\.conf:\d+/);
});

test('CLI: usage errors and a server that never answers (bounded by --timeout)', { skip }, async () => {
  assert.equal(runCli(['probe'], { cwd: prefix }).status, 2);
  assert.equal(runCli(['probe', 'localhost:https'], { cwd: prefix }).status, 2);
  assert.equal(runCli(['probe', 'a.test', '--timeout', '0'], { cwd: prefix }).status, 2);
  // A TCP server that accepts and stays silent: every handshake must give up on its own.
  const silent = net.createServer(() => undefined);
  const sockets = new Set<net.Socket>();
  silent.on('connection', (s) => sockets.add(s));
  await new Promise<void>((res) => silent.listen(0, '127.0.0.1', () => res()));
  try {
    const port = (silent.address() as net.AddressInfo).port;
    const r = await new Promise<ReturnType<typeof runCli>>((res) => setImmediate(() => res(runCli(['probe', `127.0.0.1:${port}`, '--timeout', '200'], { cwd: prefix }))));
    assert.equal(r.status, 1);
    assert.match(r.stdout, /timed out after 200 ms/);
    assert.match(r.stdout, /no handshake succeeded/);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('editor: targets from the server block under the cursor; the probe compares with it', { skip }, async () => {
  const client = await TestClient.start({ folders: [path.join(prefix, 'conf')], trusted: true });
  try {
    const uri = client.open(caseFile, caseText);
    const lines = caseText.split('\n');
    const inSecond = { line: lines.findIndex((l) => l.includes('server_name example.test')), character: 8 };
    const targets = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.probeTargets', arguments: [uri, inSecond] })) as { host: string; port: number; serverName: string }[];
    assert.deepEqual(targets.map((t) => [t.host, t.port, t.serverName]), [['127.0.0.1', ports[1], 'example.test']]);
    const ok = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.probe', arguments: [{ ...targets[0], uri, position: inSecond }] })) as { ok: boolean; markdown: string; differences: string[] };
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.differences, []);
    assert.match(ok.markdown, /TLS 1\.3: yes/);
    assert.match(ok.markdown, /behaves as the configuration says/);
    const inFirst = { line: lines.findIndex((l) => l.includes('expired.example.test')), character: 8 };
    const expired = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.probe', arguments: [{ host: '127.0.0.1', port: ports[0], serverName: 'expired.example.test', uri, position: inFirst }] })) as { ok: boolean; markdown: string };
    assert.match(expired.markdown, /expired on 2021-01-01/);
    const bad = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.probe', arguments: [{ host: 'a b', port: 1 }] })) as { ok: boolean; error: string };
    assert.equal(bad.ok, false);
  } finally {
    await client.stop();
  }
});

test('editor: an untrusted workspace never probes', { skip }, async () => {
  const client = await TestClient.start({ folders: [path.join(prefix, 'conf')], trusted: false });
  try {
    const r = (await client.conn.sendRequest('workspace/executeCommand', { command: 'tlslint.probe', arguments: [{ host: '127.0.0.1', port: ports[1], serverName: 'example.test', uri: pathToFileURL(caseFile).toString() }] })) as { ok: boolean; error: string };
    assert.equal(r.ok, false);
    assert.match(r.error, /untrusted/);
  } finally {
    await client.stop();
  }
});
