// The Apache and Squid handshake predictions (what test/oracle holds against the real servers), on
// small configurations: each assertion is one behaviour the real httpd / Squid showed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { predictApacheHandshake } from '../../server/src/engine/model/apache/negotiation';
import { predictSquidHandshake } from '../../server/src/engine/model/squid/negotiation';
import { modSslCipherString } from '../../server/src/engine/model/apache/policy';
import { predictionAt } from '../../server/src/lsp/probeCommands';
import { certFactoryAvailable, scenarioFile } from '../helpers/certFactory';

const available = certFactoryAvailable() ? false : 'openssl not installed (test certificates)';

function ws(file: string, text: string, dialect: 'apache' | 'squid'): Workspace {
  const files: Record<string, string> = { [file]: text };
  for (const f of ['test.crt', 'chain-ok.pem', 'self-signed.crt']) files[`/certs/${f}`] = fs.readFileSync(scenarioFile(f), 'utf8');
  files['/certs/misordered.pem'] = ['leaf-only.pem', 'root.crt', 'int.crt'].map((f) => fs.readFileSync(scenarioFile(f), 'utf8')).join('');
  return new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings({ securityLevel: 2, targets: { openssl: '3.0.13', squid: '5.7' } }), files: [file], dialect });
}

const vhost = (name: string, body: string) => `<VirtualHost 127.0.0.1:8443>\n  ServerName ${name}\n  SSLEngine on\n  SSLCertificateFile /certs/test.crt\n  SSLCertificateKeyFile /certs/test.key\n${body}\n</VirtualHost>\n`;

test('mod_ssl appends :!aNULL:!eNULL:!EXP to SSLCipherSuite: ALL offers no anonymous suite', { skip: available }, () => {
  const w = ws('/etc/apache2/apache2.conf', 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLProtocol TLSv1.2\n  SSLCipherSuite ALL:@SECLEVEL=0'), 'apache');
  const h = predictApacheHandshake(w, '127.0.0.1', 8443, null)!;
  assert.ok(h.suites['TLSv1.2'].length > 10);
  assert.deepEqual(h.suites['TLSv1.2'].filter((s) => /^(ADH|AECDH)-/.test(s)), []);
  // The default goes to OpenSSL as it is; SSLOpenSSLConfCmd CipherString gets the exclusions too.
  assert.equal(modSslCipherString({ value: 'ALL' }), 'ALL');
  assert.equal(modSslCipherString({ value: 'ALL', item: h.vhost.ciphers.item }), 'ALL:!aNULL:!eNULL:!EXP');
});

test('Apache SNI: the selected vhost brings its ciphers; protocols only when SSLProtocol is set for it', { skip: available }, () => {
  const conf = 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLProtocol TLSv1.3') + vhost('b.test', '  SSLProtocol TLSv1.2\n  SSLCipherSuite AES256-SHA') + vhost('c.test', '');
  const w = ws('/etc/apache2/apache2.conf', conf, 'apache');
  const ok = (sni: string | null) => predictApacheHandshake(w, '127.0.0.1', 8443, sni)!.versions.filter((v) => v.handshakes).map((v) => v.version);
  assert.deepEqual(ok(null), ['TLSv1.3']);
  assert.deepEqual(ok('B.TEST'), ['TLSv1.2']);
  assert.deepEqual(predictApacheHandshake(w, '127.0.0.1', 8443, 'b.test')!.suites['TLSv1.2'], ['AES256-SHA']);
  assert.deepEqual(ok('c.test'), ['TLSv1.3']);
  assert.deepEqual(ok('unknown.test'), ['TLSv1.3']);
});

test("Apache SNI: SSLHonorCipherOrder on in the default vhost stays on (mod_ssl only adds the SNI vhost's options)", { skip: available }, () => {
  const conf = 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLHonorCipherOrder on') + vhost('b.test', '  SSLHonorCipherOrder off') + vhost('c.test', '');
  const w = ws('/etc/apache2/apache2.conf', conf, 'apache');
  assert.equal(predictApacheHandshake(w, '127.0.0.1', 8443, 'b.test')!.serverOrder, true);
  const w2 = ws('/etc/apache2/apache2.conf', 'Listen 127.0.0.1:8443\n' + vhost('a.test', '') + vhost('b.test', '  SSLHonorCipherOrder on'), 'apache');
  assert.equal(predictApacheHandshake(w2, '127.0.0.1', 8443, 'b.test')!.serverOrder, true);
  assert.equal(predictApacheHandshake(w2, '127.0.0.1', 8443, null)!.serverOrder, false);
});

test('Squid https_port: no DHE without tls-dh=, server order only with CIPHER_SERVER_PREFERENCE, tls-min-version narrows', { skip: available }, () => {
  const conf = [
    'https_port 127.0.0.1:3129 accel tls-cert=/certs/test.crt cipher=DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
    'https_port 127.0.0.1:3130 accel tls-cert=/certs/test.crt tls-min-version=1.3 options=CIPHER_SERVER_PREFERENCE',
  ].join('\n');
  const w = ws('/etc/squid/squid.conf', conf, 'squid');
  const a = predictSquidHandshake(w, '127.0.0.1', 3129)!;
  assert.deepEqual(a.suites['TLSv1.2'], ['ECDHE-RSA-AES128-GCM-SHA256']);
  assert.equal(a.serverOrder, false);
  const b = predictSquidHandshake(w, '127.0.0.1', 3130)!;
  assert.deepEqual(b.versions.filter((v) => v.handshakes).map((v) => v.version), ['TLSv1.3']);
  assert.equal(b.serverOrder, true);
  assert.equal(predictSquidHandshake(w, '127.0.0.1', 9999), undefined);
});

test('Squid 5.7 on OpenSSL 3: tls-dh=<file> on an https_port enables no DHE suite', { skip: available }, () => {
  const conf = 'https_port 127.0.0.1:3129 accel tls-cert=/certs/test.crt tls-dh=/certs/dh2048.pem cipher=DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256';
  const w = ws('/etc/squid/squid.conf', conf, 'squid');
  assert.deepEqual(predictSquidHandshake(w, '127.0.0.1', 3129)!.suites['TLSv1.2'], ['ECDHE-RSA-AES128-GCM-SHA256']);
});

test('Squid options=: a flag cleared after it is set does not apply (the last mention decides)', { skip: available }, () => {
  const conf = 'https_port 127.0.0.1:3129 accel tls-cert=/certs/test.crt options=NO_TLSv1_3:-NO_TLSv1_3:NO_TLSv1_1,CIPHER_SERVER_PREFERENCE,!CIPHER_SERVER_PREFERENCE cipher=HIGH:@SECLEVEL=0';
  const h = predictSquidHandshake(ws('/etc/squid/squid.conf', conf, 'squid'), '127.0.0.1', 3129)!;
  assert.deepEqual(h.versions.filter((v) => v.handshakes).map((v) => v.version), ['TLSv1', 'TLSv1.2', 'TLSv1.3']);
  assert.equal(h.serverOrder, false);
});

test('Squid chain: only certificates that issue the previous one are sent; a self-signed leaf goes out twice', { skip: available }, () => {
  const fp = (f: string) => new X509Certificate(fs.readFileSync(scenarioFile(f))).fingerprint256;
  const conf = ['https_port 127.0.0.1:1 accel tls-cert=/certs/misordered.pem', 'https_port 127.0.0.1:2 accel tls-cert=/certs/self-signed.crt'].join('\n');
  const w = ws('/etc/squid/squid.conf', conf, 'squid');
  assert.deepEqual(predictSquidHandshake(w, '127.0.0.1', 1)!.certificates[0].chain, [fp('leaf-only.pem'), fp('int.crt')]);
  assert.deepEqual(predictSquidHandshake(w, '127.0.0.1', 2)!.certificates[0].chain, [fp('self-signed.crt'), fp('self-signed.crt')]);
});

test('Apache: SSLOpenSSLConfCmd CipherString / Ciphersuites win over SSLCipherSuite (mod_ssl applies them last)', { skip: available }, () => {
  const body = '  SSLProtocol TLSv1.2 +TLSv1.3\n  SSLOpenSSLConfCmd CipherString ECDHE-RSA-AES256-SHA\n  SSLCipherSuite AES256-SHA\n  SSLOpenSSLConfCmd Ciphersuites TLS_AES_256_GCM_SHA384\n  SSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256';
  const h = predictApacheHandshake(ws('/etc/apache2/apache2.conf', 'Listen 127.0.0.1:8443\n' + vhost('a.test', body), 'apache'), '127.0.0.1', 8443, null)!;
  assert.deepEqual(h.suites['TLSv1.2'], ['ECDHE-RSA-AES256-SHA']);
  assert.deepEqual(h.tls13Suites, ['TLS_AES_256_GCM_SHA384']);
});

test("the editor's probe compares with the Apache vhost or Squid https_port under the cursor", { skip: available }, () => {
  const conf = 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLProtocol TLSv1.2');
  const w = ws('/etc/apache2/apache2.conf', conf, 'apache');
  const a = predictionAt(w, '/etc/apache2/apache2.conf', { line: 3, character: 2 }, 8443, 'a.test');
  assert.ok(typeof a === 'object', String(a));
  assert.deepEqual(a.prediction.versions, ['TLSv1.2']);
  const s = ws('/etc/squid/squid.conf', 'acl x src all\nhttps_port 3129 accel tls-cert=/certs/test.crt tls-min-version=1.3', 'squid');
  const b = predictionAt(s, '/etc/squid/squid.conf', { line: 1, character: 3 }, 3129, null);
  assert.ok(typeof b === 'object', String(b));
  assert.deepEqual(b.prediction.versions, ['TLSv1.3']);
  assert.match(String(predictionAt(s, '/etc/squid/squid.conf', { line: 1, character: 3 }, 9999, null)), /not on port 9999/);
});

test('Apache SNI: SSLOpenSSLConfCmd MinProtocol alone leaves the default vhost range in force', { skip: available }, () => {
  const conf = 'Listen 127.0.0.1:8443\n' + vhost('a.test', '') + vhost('b.test', '  SSLOpenSSLConfCmd MinProtocol TLSv1.3');
  const h = predictApacheHandshake(ws('/etc/apache2/apache2.conf', conf, 'apache'), '127.0.0.1', 8443, 'b.test')!;
  assert.deepEqual(h.versions.filter((v) => v.handshakes).map((v) => v.version), ['TLSv1.2', 'TLSv1.3']);
});

test('Apache: MinProtocol/MaxProtocol move the ends of the range; a default vhost without any version refuses every handshake', { skip: available }, () => {
  const widen = predictApacheHandshake(ws('/etc/apache2/apache2.conf', 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLProtocol TLSv1\n  SSLOpenSSLConfCmd MaxProtocol TLSv1.3\n  SSLCipherSuite HIGH:@SECLEVEL=0'), 'apache'), '127.0.0.1', 8443, null)!;
  assert.deepEqual(widen.versions.filter((v) => v.handshakes).map((v) => v.version), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  const conf = 'Listen 127.0.0.1:8443\n' + vhost('a.test', '  SSLProtocol TLSv1.2\n  SSLOpenSSLConfCmd MaxProtocol TLSv1.1') + vhost('b.test', '  SSLProtocol TLSv1.2');
  const b = predictApacheHandshake(ws('/etc/apache2/apache2.conf', conf, 'apache'), '127.0.0.1', 8443, 'b.test')!;
  assert.deepEqual(b.versions.filter((v) => v.handshakes), []);
  assert.match(b.versions.find((v) => v.version === 'TLSv1.2')!.reason!, /no protocol version is enabled/);
});

test("Apache: an @SECLEVEL of SSLCipherSuite stays when SSLOpenSSLConfCmd CipherString replaces the list", { skip: available }, () => {
  const body = '  SSLProtocol all\n  SSLCipherSuite HIGH:@SECLEVEL=0\n  SSLOpenSSLConfCmd CipherString ECDHE-RSA-AES128-SHA:AES256-SHA';
  const h = predictApacheHandshake(ws('/etc/apache2/apache2.conf', 'Listen 127.0.0.1:8443\n' + vhost('a.test', body), 'apache'), '127.0.0.1', 8443, null)!;
  assert.ok(h.versions.find((v) => v.version === 'TLSv1')!.handshakes);
  assert.deepEqual(h.suites.TLSv1, ['ECDHE-RSA-AES128-SHA', 'AES256-SHA']);
});
