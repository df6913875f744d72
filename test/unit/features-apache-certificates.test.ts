// Hover on Apache certificate, key and DH parameter paths (features/apache/certificateHover.ts): resolved
// against ServerRoot with `${VAR}` expanded, checked against openssl's view of the same files, and never a
// byte of the private key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { apacheCertificateHover } from '../../server/src/engine/features/apache/certificateHover';
import { requireOracleOrSkip } from '../helpers/oracle';

function openssl(args: string[], cwd: string): string {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('hover on SSLCertificateFile (through ServerRoot and ${VAR}), SSLCertificateKeyFile and DHParameters', (t) => {
  if (!requireOracleOrSkip(t, 'openssl')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-aphover-'));
  try {
    fs.mkdirSync(path.join(dir, 'root/tls'), { recursive: true });
    const tls = path.join(dir, 'root');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '40', '-subj', '/CN=shop.example.test', '-addext', 'subjectAltName=DNS:shop.example.test', '-keyout', 'tls/shop.key', '-out', 'tls/shop.crt'], tls);
    openssl(['dhparam', '-dsaparam', '-out', 'tls/dh.pem', '1024'], tls);
    const conf = `ServerRoot ${tls}\nDefine TLSDIR tls\n<VirtualHost *:443>\n  SSLEngine on\n  SSLCertificateFile \${TLSDIR}/shop.crt\n  SSLCertificateKeyFile tls/shop.key\n  SSLOpenSSLConfCmd DHParameters tls/dh.pem\n  SSLCACertificateFile tls/missing.pem\n</VirtualHost>\n`;
    const file = path.join(dir, 'httpd.conf');
    fs.writeFileSync(file, conf);
    const ws = new Engine().lint({ fs: new NodeFileSystem(), files: [file], settings: normalizeSettings({}) }).workspace;
    const lines = conf.split('\n');
    const at = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, character: lines[line].indexOf(needle) + 2 };
    };
    const cert = apacheCertificateHover(ws, file, at('${TLSDIR}/shop.crt'))!.markdown;
    const fingerprint = openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', 'tls/shop.crt'], tls).trim().split('=')[1];
    assert.ok(cert.includes(fingerprint), 'SHA-256 fingerprint as openssl prints it');
    assert.match(cert, /`SSLCertificateFile` → `tls\/shop\.crt`/, 'the path as httpd reads it, ${TLSDIR} expanded');
    assert.match(cert, /EC P-256/);
    const key = apacheCertificateHover(ws, file, at('tls/shop.key'))!.markdown;
    assert.match(key, /Private key: EC, 256 bits/);
    const keyBody = fs.readFileSync(path.join(tls, 'tls/shop.key'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    for (let i = 0; i + 16 <= keyBody.length; i += 16) assert.ok(!key.includes(keyBody.slice(i, i + 16)) && !cert.includes(keyBody.slice(i, i + 16)), 'no key bytes in hovers');
    assert.match(apacheCertificateHover(ws, file, at('tls/dh.pem'))!.markdown, /DH parameters: 1024-bit prime/);
    assert.match(apacheCertificateHover(ws, file, at('tls/missing.pem'))!.markdown, /Not found/);
    assert.equal(apacheCertificateHover(ws, file, at('SSLEngine')), undefined, 'no hover off a file argument');
    assert.equal(apacheCertificateHover(ws, file, at('DHParameters')), undefined, 'the command word of SSLOpenSSLConfCmd is not the file');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
