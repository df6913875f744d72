// `tlslint policy`: the effective record of each server, checked field by field against the config
// (origins in the right file and line, inherited values, defaults) and, for the ordered suites, against
// the real `openssl ciphers` on the same string; plus the grade estimate's caps.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { runCli, tempTree } from './helpers';
import { findBinary, requireOracleOrSkip, runCommand } from '../helpers/oracle';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import { estimateGrade } from '../../server/src/engine/features/policy';

const MAIN = `events {}
http {
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_tickets off;
    include sites/*.conf;
}
`;
const A = `server {
    listen 443 ssl default_server;
    server_name a.example.test;
    ssl_certificate tls/test.crt;
    ssl_certificate_key tls/test.key;
    ssl_ciphers 'ECDHE+AESGCM:!ECDSA:DHE+CHACHA20';
    ssl_prefer_server_ciphers on;
    add_header Strict-Transport-Security "max-age=63072000" always;
}
`;
const B = `server {
    listen 443 ssl;
    server_name b.example.test;
    ssl_protocols TLSv1 TLSv1.2;
    ssl_certificate tls/test.crt;
    ssl_certificate_key tls/test.key;
}
server {
    listen 80;
    server_name plain.example.test;
}
`;

interface JsonOrigin {
  file?: string;
  line?: number;
  default?: string;
}

test('tlslint policy --format json: records with origins, inherited values and defaults', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, (t) => {
  const tree = tempTree({ 'nginx.conf': MAIN, 'sites/a.conf': A, 'sites/b.conf': B, '.tlslintrc.json': JSON.stringify({ extraTrustedCertificates: ['tls/root.crt'] }) });
  copyScenarioFiles(`${tree.dir}/tls`);
  try {
    const run = runCli(['policy', '--format', 'json', 'sites/a.conf', 'sites/b.conf', 'nginx.conf'], { cwd: tree.dir });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { version: number; files: { file: string; servers: Record<string, any>[] }[] };
    assert.equal(out.version, 1);
    assert.deepEqual(out.files.map((f) => [f.file, f.servers.length]), [['sites/a.conf', 1], ['sites/b.conf', 2], ['nginx.conf', 0]]);

    const a = out.files[0].servers[0];
    assert.equal(a.label, 'server a.example.test');
    assert.deepEqual(a.protocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual<JsonOrigin>({ file: a.protocols.origin.file, line: a.protocols.origin.line }, { file: 'nginx.conf', line: 3 });
    assert.deepEqual<JsonOrigin>({ file: a.cipherString.origin.file, line: a.cipherString.origin.line }, { file: 'sites/a.conf', line: 6 });
    assert.equal(a.serverOrder.value, true);
    assert.equal(a.sessionTickets.value, false);
    assert.equal(a.sessionTickets.origin.file, 'nginx.conf');
    assert.equal(a.hsts.value, 'max-age=63072000');
    assert.deepEqual(a.listens.map((l: { socket: string; default: boolean }) => [l.socket, l.default]), [['http *:443', true]]);
    assert.equal(a.certificates.length, 1);
    assert.equal(a.certificates[0].path.value, 'tls/test.crt');
    assert.deepEqual(a.certificates[0].uncoveredNames, []);
    assert.equal(a.grade.cap, 'A');
    assert.deepEqual(a.grade.flags, []);
    assert.ok(a.range.startLine === 1 && a.range.startColumn === 1, JSON.stringify(a.range));

    const [b, plain] = out.files[1].servers;
    assert.deepEqual(b.protocols.value, ['TLSv1', 'TLSv1.2']);
    assert.equal(b.protocols.origin.file, 'sites/b.conf');
    assert.equal(b.cipherString.value, 'HIGH:!aNULL:!MD5');
    assert.match(b.cipherString.origin.default, /HIGH:!aNULL:!MD5/);
    assert.deepEqual(b.listens.map((l: { default: boolean }) => l.default), [false], 'b is not the default of *:443');
    assert.equal(b.grade.cap, 'B');
    assert.ok(b.grade.reasons.some((r: { reason: string }) => /TLS 1\.0/.test(r.reason)));
    assert.equal(plain.tls, false);
    assert.deepEqual(plain.suites, []);

    // The ordered suites are OpenSSL's own expansion of the string for TLS 1.2.
    const openssl = requireOracleOrSkip(t, 'openssl', { skipTest: false });
    if (openssl) {
      const r = runCommand(findBinary('openssl')!, ['ciphers', '-tls1_2', '-s', 'ECDHE+AESGCM:!ECDSA:DHE+CHACHA20']);
      assert.equal(r.status, 0, r.stderr);
      const expected = r.stdout.trim().split(':').filter((n) => !n.startsWith('TLS_'));
      assert.deepEqual(a.suites.map((s: { name: string }) => s.name), expected);
    }

    // Text: Markdown with file:line origins relative to the working directory.
    const text = runCli(['policy', 'sites/a.conf', 'nginx.conf'], { cwd: tree.dir });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^# sites\/a\.conf/m);
    assert.match(text.stdout, /\| protocols \| TLSv1\.2 TLSv1\.3 \| nginx\.conf:3 \|/);
    assert.match(text.stdout, /Estimated SSL Labs grade cap: A\*\*/);
  } finally {
    tree.cleanup();
  }
});

test('tlslint policy refuses --fix and reports a file without servers', () => {
  const tree = tempTree({ 'nginx.conf': 'events {}\n' });
  try {
    const bad = runCli(['policy', '--fix', 'nginx.conf'], { cwd: tree.dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fix does not apply/);
    const none = runCli(['policy', 'nginx.conf'], { cwd: tree.dir });
    assert.equal(none.status, 0);
    assert.match(none.stdout, /no server blocks/);
    assert.ok(fs.existsSync(`${tree.dir}/nginx.conf`));
  } finally {
    tree.cleanup();
  }
});

test('grade estimate: each published cap, and trust/name flags', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const suite = (name: string, enc: string, fs = true, au = 'aRSA') => ({ name, protocols: 'TLSv1.2', kx: fs ? 'kECDHE' : 'kRSA', au, enc, mac: 'AEAD', forwardSecrecy: fs });
  const base = { protocols: { value: ['TLSv1.2', 'TLSv1.3'], origin: { default: 'd' } }, suites: [suite('ECDHE-RSA-AES128-GCM-SHA256', 'AES128GCM')], certificates: [] };
  assert.equal(estimateGrade(base, now).cap, 'A');
  assert.equal(estimateGrade({ ...base, protocols: { value: ['TLSv1.1', 'TLSv1.2'], origin: { default: 'd' } } }, now).cap, 'B');
  assert.equal(estimateGrade({ ...base, protocols: { value: ['SSLv2', 'TLSv1.2'], origin: { default: 'd' } } }, now).cap, 'F');
  assert.equal(estimateGrade({ ...base, suites: [...base.suites, suite('DES-CBC3-SHA', '3DES', false)] }, now).cap, 'C');
  assert.equal(estimateGrade({ ...base, suites: [...base.suites, suite('RC4-SHA', 'RC4', false)] }, now).cap, 'C');
  assert.equal(estimateGrade({ ...base, protocols: { value: ['TLSv1.2'], origin: { default: 'd' } }, suites: [suite('AES128-GCM-SHA256', 'AES128GCM', false)] }, now).cap, 'B');
  assert.equal(estimateGrade({ ...base, suites: [...base.suites, suite('ADH-AES128-SHA', 'AES128', true, 'aNULL')] }, now).cap, 'F');
  const cert = { path: { value: 'x', origin: { default: 'd' } }, subject: 'CN = x', issuer: 'CN = y', names: ['x'], notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2026-01-01T00:00:00.000Z', daysLeft: -151, key_: 'RSA 2048', signature: 'sha256WithRSAEncryption', sha256: '', chain: 'trusted', uncoveredNames: ['y.example'] };
  const g = estimateGrade({ ...base, certificates: [cert] }, now);
  assert.equal(g.cap, 'A');
  assert.deepEqual(g.flags.sort(), ['M', 'T']);
});
