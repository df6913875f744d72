// Hover on certificate, key and DH parameter paths: what the file holds, checked against openssl's view
// of the same files, and never a byte of the private key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { hover } from '../../server/src/engine/features';
import { certificateHover } from '../../server/src/engine/features/certificateHover';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { requireOracleOrSkip } from '../helpers/oracle';

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('hover on ssl_certificate shows subject, names, validity, key, signature and fingerprint; on the key only its type', (t) => {
  if (!requireOracleOrSkip(t, 'openssl')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-hover-cert-'));
  try {
    fs.mkdirSync(path.join(dir, 'tls'));
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '40', '-subj', '/CN=shop.example.test', '-addext', 'subjectAltName=DNS:shop.example.test,DNS:www.shop.example.test', '-keyout', 'tls/shop.key', '-out', 'tls/shop.crt'], dir);
    openssl(['dhparam', '-dsaparam', '-out', 'tls/dh.pem', '1024'], dir);
    const conf = 'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    ssl_certificate tls/shop.crt;\n    ssl_certificate_key tls/shop.key;\n    ssl_dhparam tls/dh.pem;\n    ssl_trusted_certificate tls/missing.pem;\n  }\n}\n';
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, conf);
    const ws = new Engine().lint({ fs: new NodeFileSystem(), files: [file], settings: normalizeSettings({}) }).workspace;
    const at = (needle: string) => {
      const line = conf.split('\n').findIndex((l) => l.includes(needle));
      return { line, character: conf.split('\n')[line].indexOf(needle) + 2 };
    };
    const cert = hover(ws, file, at('tls/shop.crt'))!.markdown;
    const fingerprint = openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', 'tls/shop.crt'], dir).trim().split('=')[1];
    const endDate = new Date(openssl(['x509', '-noout', '-enddate', '-in', 'tls/shop.crt'], dir).trim().split('=')[1]);
    assert.match(cert, /shop\.example\.test/);
    assert.match(cert, /`www\.shop\.example\.test`/);
    assert.ok(cert.includes(fingerprint), 'SHA-256 fingerprint as openssl prints it');
    assert.ok(cert.includes(endDate.toISOString().slice(0, 10)), 'notAfter');
    assert.match(cert, /(39|40) days left/);
    assert.match(cert, /EC P-256/);
    assert.match(cert, /ecdsa-with-SHA256/);
    assert.match(cert, /self-signed/);
    const key = hover(ws, file, at('tls/shop.key'))!.markdown;
    assert.match(key, /Private key: EC, 256 bits/);
    const keyBody = fs.readFileSync(path.join(dir, 'tls/shop.key'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    for (let i = 0; i + 16 <= keyBody.length; i += 16) assert.ok(!key.includes(keyBody.slice(i, i + 16)) && !cert.includes(keyBody.slice(i, i + 16)), 'no key bytes in hovers');
    assert.match(hover(ws, file, at('tls/dh.pem'))!.markdown, /1024-bit prime/);
    assert.match(hover(ws, file, at('tls/missing.pem'))!.markdown, /Not found/);
    // Elsewhere on the line: the directive's documentation, not the file.
    assert.doesNotMatch(hover(ws, file, { line: at('tls/shop.crt').line, character: 6 })!.markdown, /SHA-256: `/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a directive named like a member of Object.prototype (constructor, toString) gets no file hover', () => {
  const conf = 'events {}\nhttp {\n  constructor /etc/passwd;\n  toString tls/x.pem;\n  ssl_certificate tls/x.pem;\n}\n';
  const file = '/etc/nginx/nginx.conf';
  const ws = new Engine().lint({ fs: new MemoryFileSystem({ [file]: conf }), files: [file], settings: normalizeSettings({}) }).workspace;
  const lines = conf.split('\n');
  const onArg = (line: number) => ({ line, character: lines[line].lastIndexOf(' ') + 3 });
  for (const line of [2, 3]) assert.equal(certificateHover(ws, file, onArg(line)), undefined, lines[line]);
  // The same argument under a file directive is a file.
  assert.match(certificateHover(ws, file, onArg(4))?.markdown ?? '', /Not found/);
});
