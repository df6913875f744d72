// `tlslint policy --format json` for Apache httpd and Squid: the record of each <VirtualHost> (after
// mod_ssl's merge with the server config) and of each Squid port / outgoing line, with origins in the
// right file and line, defaults named, certificates per name, the grade estimate, and the ordered
// suites checked against the real `openssl ciphers` on the same string. The trees are checked with the
// real servers (`apache2 -t`, `squid -k parse`) so that the records describe configurations they accept.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli, tempTree, writeTree } from './helpers';
import { findBinary, requireOracleOrSkip, runCommand } from '../helpers/oracle';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import { apacheCheckFile } from '../helpers/apacheOracle';
import { squidCheckTree } from '../helpers/squidOracle';

const APACHE_MAIN = `SSLProtocol -all +TLSv1.2 +TLSv1.3
SSLSessionTickets off
Listen 443
IncludeOptional sites-enabled/*.conf
`;
const APACHE_A = `<VirtualHost *:443>
    ServerName a.example.test
    ServerAlias shop.other.test
    SSLEngine on
    SSLCertificateFile tls/test.crt
    SSLCertificateKeyFile tls/test.key
    SSLCipherSuite ECDHE+AESGCM:!ECDSA:DHE+CHACHA20
    SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384
    SSLHonorCipherOrder on
    Header always set Strict-Transport-Security "max-age=63072000"
</VirtualHost>
`;
const APACHE_B = `<VirtualHost *:443>
    ServerName b.example.test
    SSLEngine on
    SSLProtocol TLSv1 +TLSv1.1 +TLSv1.2 -TLSv1.3
    SSLCertificateFile tls/test.crt
    SSLCertificateKeyFile tls/test.key
</VirtualHost>
<VirtualHost *:80>
    ServerName plain.example.test
</VirtualHost>
`;

type Rec = Record<string, any>;
const at = (o: { file?: string; line?: number; default?: string }) => (o.default !== undefined ? `default: ${o.default}` : `${o.file}:${o.line}`);

function opensslSuites(t: Parameters<typeof requireOracleOrSkip>[0], str: string): string[] | undefined {
  if (!requireOracleOrSkip(t, 'openssl', { skipTest: false })) return undefined;
  const r = runCommand(findBinary('openssl')!, ['ciphers', '-tls1_2', '-s', str]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split(':').filter((n) => !n.startsWith('TLS_'));
}

test('tlslint policy --format json: Apache VirtualHosts across a Debian tree', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, (t) => {
  const tree = tempTree({
    'apache2.conf': APACHE_MAIN,
    'sites-enabled/a.conf': APACHE_A,
    'sites-enabled/b.conf': APACHE_B,
    '.tlslintrc.json': JSON.stringify({ extraTrustedCertificates: ['tls/root.crt'] }),
  });
  copyScenarioFiles(`${tree.dir}/tls`);
  try {
    const run = runCli(['policy', '--format', 'json', 'sites-enabled/a.conf', 'sites-enabled/b.conf', 'apache2.conf'], { cwd: tree.dir });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { files: { file: string; servers: Rec[] }[] };
    assert.deepEqual(out.files.map((f) => [f.file, f.servers.length]), [['sites-enabled/a.conf', 1], ['sites-enabled/b.conf', 2], ['apache2.conf', 0]]);

    const a = out.files[0].servers[0];
    assert.equal(a.dialect, 'apache');
    assert.equal(a.kind, 'virtualhost');
    assert.equal(a.label, '<VirtualHost *:443> (a.example.test)');
    assert.equal(a.rootFile, 'apache2.conf');
    assert.deepEqual(a.listens.map((l: Rec) => [l.address, l.socket, l.tls, l.default, at(l.origin)]), [['*:443', 'http *:443', true, true, 'sites-enabled/a.conf:1']]);
    assert.deepEqual(a.names.map((n: Rec) => [n.value, at(n.origin)]), [['a.example.test', 'sites-enabled/a.conf:2'], ['shop.other.test', 'sites-enabled/a.conf:3']]);
    assert.deepEqual(a.protocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(at(a.protocols.origin), 'apache2.conf:1', 'inherited from the server config');
    assert.equal(at(a.cipherString.origin), 'sites-enabled/a.conf:7');
    assert.deepEqual(a.tls13Suites.value, ['TLS_AES_256_GCM_SHA384']);
    assert.equal(at(a.tls13Suites.origin), 'sites-enabled/a.conf:8');
    assert.deepEqual([a.serverOrder.value, at(a.serverOrder.origin)], [true, 'sites-enabled/a.conf:9']);
    assert.deepEqual([a.sessionTickets.value, at(a.sessionTickets.origin)], [false, 'apache2.conf:2']);
    assert.deepEqual([a.stapling.value, a.stapling.origin.default !== undefined], [false, true]);
    assert.deepEqual([a.hsts.value, at(a.hsts.origin)], ['max-age=63072000', 'sites-enabled/a.conf:10']);
    assert.equal(a.certificates.length, 1);
    assert.deepEqual([a.certificates[0].path.value, at(a.certificates[0].path.origin), a.certificates[0].key.value], ['tls/test.crt', 'sites-enabled/a.conf:5', 'tls/test.key']);
    assert.deepEqual(a.certificates[0].uncoveredNames, ['shop.other.test'], 'the certificate is judged against every name of the vhost');
    assert.deepEqual([a.grade.cap, a.grade.flags], ['A', ['M']]);

    const [b, plain] = out.files[1].servers;
    assert.deepEqual(b.protocols.value, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.equal(at(b.protocols.origin), 'sites-enabled/b.conf:4');
    assert.equal(b.cipherString.value, 'DEFAULT');
    assert.match(b.cipherString.origin.default, /OpenSSL's DEFAULT/);
    assert.deepEqual(b.listens.map((l: Rec) => l.default), [false], 'a.conf loads first: a is the default of *:443');
    assert.equal(b.grade.cap, 'B');
    assert.equal(b.tls13Suites.value.length, 0, 'TLS 1.3 is off');
    assert.equal(plain.tls, false);
    assert.deepEqual(plain.suites, []);
    assert.deepEqual(plain.listens.map((l: Rec) => l.socket), ['http *:80']);

    const expected = opensslSuites(t, 'ECDHE+AESGCM:!ECDSA:DHE+CHACHA20');
    if (expected) assert.deepEqual(a.suites.map((s: Rec) => s.name), expected);
    const expectedDefault = opensslSuites(t, 'DEFAULT');
    if (expectedDefault) assert.deepEqual(b.suites.map((s: Rec) => s.name), expectedDefault);

    if (requireOracleOrSkip(t, 'apache2', { skipTest: false })) {
      const r = apacheCheckFile(tree.dir, path.join(tree.dir, 'apache2.conf'));
      assert.ok(r.ok, r.output);
    }
  } finally {
    tree.cleanup();
  }
});

const SQUID = `http_port 3128
https_port 3129 tls-cert=/etc/squid/tls/test.crt tls-key=/etc/squid/tls/test.key tls-min-version=1.2 tls-options=NO_TICKET tls-cipher=ECDHE+AESGCM:!ECDSA
tls_outgoing_options min-version=1.2 cipher=HIGH:!aNULL:!MD5
`;

test('tlslint policy --format json: Squid ports and outgoing TLS', { skip: !certFactoryAvailable() && 'openssl is needed for the certificates' }, (t) => {
  const tree = tempTree({ 'squid.conf': SQUID });
  copyScenarioFiles(`${tree.dir}/tls`);
  writeTree(tree.dir, { '.tlslintrc.json': JSON.stringify({ extraTrustedCertificates: ['tls/root.crt'], pathMappings: [{ from: '/etc/squid', to: tree.dir }] }) });
  try {
    const run = runCli(['policy', '--format', 'json', 'squid.conf'], { cwd: tree.dir });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { files: { file: string; servers: Rec[] }[] };
    const [http, https, outgoing] = out.files[0].servers;
    assert.deepEqual(out.files[0].servers.map((s: Rec) => [s.dialect, s.kind, s.range.startLine]), [['squid', 'http_port', 1], ['squid', 'https_port', 2], ['squid', 'tls_outgoing_options', 3]]);
    assert.equal(http.tls, false);
    assert.deepEqual(https.listens.map((l: Rec) => [l.address, l.socket, l.tls]), [['3129', 'proxy *:3129', true]]);
    assert.deepEqual(https.protocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(https.protocols.origin.line, 2);
    assert.equal(https.protocols.origin.column, SQUID.split('\n')[1].indexOf('tls-min-version=') + 1, 'the origin is the option, not just the line');
    assert.deepEqual([https.sessionTickets.value, https.sessionTickets.origin.line], [false, 2]);
    assert.deepEqual([https.cipherString.value, https.cipherString.origin.line], ['ECDHE+AESGCM:!ECDSA', 2]);
    assert.match(https.tls13Suites.origin.default, /no TLS 1\.3 suite option/);
    assert.equal(https.tls13Suites.value.length, 3);
    assert.equal(https.stapling.value, false);
    assert.equal(https.certificates.length, 1);
    assert.deepEqual([https.certificates[0].path.value, https.certificates[0].key.value], ['/etc/squid/tls/test.crt', '/etc/squid/tls/test.key']);
    assert.deepEqual([https.grade.cap, https.grade.flags], ['A', []]);
    assert.equal(outgoing.label, 'tls_outgoing_options (Squid as a TLS client)');
    assert.deepEqual([outgoing.cipherString.value, outgoing.cipherString.origin.line], ['HIGH:!aNULL:!MD5', 3]);
    assert.deepEqual(outgoing.certificates, []);
    assert.equal(outgoing.client, true);
    assert.equal(https.client, undefined);

    const expected = opensslSuites(t, 'ECDHE+AESGCM:!ECDSA');
    if (expected) assert.deepEqual(https.suites.map((s: Rec) => s.name), expected);

    if (requireOracleOrSkip(t, 'squid', { skipTest: false })) {
      const r = squidCheckTree(tree.dir);
      assert.ok(r.ok && !r.fatal.length && !r.errors.length, r.output);
    }
  } finally {
    tree.cleanup();
  }
});
