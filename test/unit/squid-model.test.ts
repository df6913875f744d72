// The effective Squid TLS record: per port and per outgoing context, derived the way Squid derives it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Workspace } from '../../server/src/engine/model/workspace';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { parseAddress, parseMinVersion, squidPolicies } from '../../server/src/engine/model/squid/policy';

function policyOf(conf: string, settings: object = {}) {
  const fs = new MemoryFileSystem({ '/etc/squid/squid.conf': conf });
  const ws = new Workspace({ fs, settings: normalizeSettings(settings), files: ['/etc/squid/squid.conf'] });
  const p = squidPolicies(ws);
  assert.equal(p.length, 1);
  return p[0];
}

test('ports: kind, address, ssl-bump, TLS, label', () => {
  const p = policyOf('http_port 3128\nhttp_port 127.0.0.1:3127 ssl-bump tls-cert=/etc/squid/ca.pem\nhttps_port [::1]:3129 tls-cert=/etc/squid/a.pem\n');
  assert.deepEqual(p.ports.map((x) => [x.kind, x.host, x.port, x.bump, x.tls]), [
    ['http_port', undefined, 3128, false, false],
    ['http_port', '127.0.0.1', 3127, true, true],
    ['https_port', '[::1]', 3129, false, true],
  ]);
  assert.equal(p.ports[1].label, 'http_port 127.0.0.1:3127 (ssl-bump)');
});

test('protocols: OpenSSL range by default, narrowed by tls-min-version, version= and NO_* flags', () => {
  const p = policyOf(
    [
      'https_port 1 tls-cert=/a',
      'https_port 2 tls-cert=/a tls-min-version=1.2',
      'https_port 3 tls-cert=/a version=4',
      'https_port 4 tls-cert=/a options=NO_TLSv1,NO_TLSv1_1:NO_TICKET',
      'https_port 5 tls-cert=/a tls-min-version=1.4',
      'https_port 6 tls-cert=/a options=no_tlsv1',
      'https_port 7 tls-cert=/a tls-min-version=1.2 options=-NO_TLSv1_3',
    ].join('\n') + '\n',
  );
  const v = p.ports.map((x) => x.protocols.value.join(' '));
  assert.deepEqual(v, [
    'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3',
    'TLSv1.2 TLSv1.3',
    'TLSv1',
    'TLSv1.2 TLSv1.3',
    'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3',
    // Squid compares option names exactly: no_tlsv1 is unknown and ignored.
    'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3',
    'TLSv1.2 TLSv1.3',
  ]);
  assert.match(p.ports[0].protocols.defaultNote ?? '', /OpenSSL's default range/);
  assert.equal(p.ports[1].protocols.from[0].written, 'tls-min-version');
  assert.equal(p.ports[4].invalidMinVersions.length, 1);
  assert.equal(p.ports[3].sessionTickets.value, false);
  assert.equal(p.ports[0].sessionTickets.value, true);
});

test('an old OpenSSL target still offers SSLv3 unless NO_SSLv3', () => {
  const p = policyOf('https_port 1 tls-cert=/a\nhttps_port 2 tls-cert=/a options=NO_SSLv3\n', { targets: { openssl: '1.0.2' } });
  assert.ok(p.ports[0].protocols.value.includes('SSLv3'));
  assert.ok(!p.ports[1].protocols.value.includes('SSLv3'));
});

test('certificates pair with the tls-key= after them; only the first counts with OpenSSL', () => {
  const p = policyOf('https_port 1 tls-cert=/a.pem tls-key=/a.key tls-cert=/b.pem cert=/c.pem key=/c.key\n');
  const certs = p.ports[0].certificates;
  assert.deepEqual(certs.map((c) => [c.cert.value!.text, c.key?.value?.text, c.ignored]), [
    ['/a.pem', '/a.key', false],
    ['/b.pem', undefined, true],
    ['/c.pem', '/c.key', true],
  ]);
  assert.deepEqual(certs[0].cert.value!.range, { start: { line: 0, character: 22 }, end: { line: 0, character: 28 } });
});

test('tls-dh= splits into curve and file, each with its range; cipher default is OpenSSL DEFAULT', () => {
  const p = policyOf('https_port 1 tls-cert=/a tls-dh=secp384r1:/etc/squid/dh.pem\nhttps_port 2 tls-cert=/a dhparams=/dh.pem cipher=HIGH\n');
  const dh = p.ports[0].dh!;
  assert.equal(dh.curve!.text, 'secp384r1');
  assert.equal(dh.file!.text, '/etc/squid/dh.pem');
  assert.deepEqual(dh.curve!.range, { start: { line: 0, character: 32 }, end: { line: 0, character: 41 } });
  assert.deepEqual(dh.file!.range.start, { line: 0, character: 42 });
  assert.equal(p.ports[1].dh!.file!.text, '/dh.pem');
  assert.equal(p.ports[0].ciphers.value, 'DEFAULT');
  assert.equal(p.ports[1].ciphers.value, 'HIGH');
});

test('generate-host-certificates is on by default on ssl-bump ports', () => {
  const p = policyOf('http_port 1 ssl-bump tls-cert=/a\nhttp_port 2 ssl-bump tls-cert=/a generate-host-certificates=off\nhttp_port 3\n');
  assert.deepEqual(p.ports.map((x) => x.generateHostCertificates.value), [true, false, false]);
});

test('tls_outgoing_options: default min-version=1.0, lines add up, later values win; cache_peer tls', () => {
  const none = policyOf('http_port 3128\n');
  assert.deepEqual(none.outgoing[0].protocols.value, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.match(none.outgoing[0].protocols.defaultNote ?? '', /min-version=1.0/);
  assert.equal(none.outgoing[0].verify.value, true);
  const p = policyOf(
    'tls_outgoing_options min-version=1.1 flags=DONT_VERIFY_PEER cafile=/a\ntls_outgoing_options min-version=1.2 cafile=/b\ncache_peer 10.0.0.1 parent 443 0 tls tls-min-version=1.3 tls-flags=DONT_VERIFY_DOMAIN\ncache_peer 10.0.0.2 parent 3128 0\n',
  );
  const [global, peer] = p.outgoing;
  assert.equal(p.outgoing.length, 2);
  assert.deepEqual(global.protocols.value, ['TLSv1.2', 'TLSv1.3']);
  assert.equal(global.verify.value, false);
  assert.deepEqual(global.cafiles.map((c) => c.value!.text), ['/a', '/b']);
  assert.equal(global.items.length, 2);
  assert.equal(peer.kind, 'cache_peer');
  assert.equal(peer.host, '10.0.0.1');
  assert.deepEqual(peer.protocols.value, ['TLSv1.3']);
  assert.equal(peer.verify.value, true);
  assert.deepEqual(peer.flags.map((f) => f.name), ['DONT_VERIFY_DOMAIN']);
});

test('ssl_bump rules, acls and sslcrtd_program are recorded in order', () => {
  const p = policyOf('acl step1 at_step SslBump1\nssl_bump peek step1\nssl_bump bump all\nsslcrtd_program /usr/lib/squid/security_file_certgen -s /var/lib/squid/ssl_db -M 4MB\n');
  assert.deepEqual(p.bumpRules.map((r) => [r.action, r.acls.map((a) => a.text)]), [['peek', ['step1']], ['bump', ['all']]]);
  assert.ok(p.acls.has('step1'));
  assert.ok(p.sslcrtdProgram);
});

test('options= flags: split on ":" and ",", signs clear or set, each name with its exact range', () => {
  const p = policyOf('https_port 1 tls-cert=/a tls-options=NO_TLSv1,,-NO_TICKET:+NO_SSLv3:!X:-:\n');
  const flags = p.ports[0].optionFlags;
  assert.deepEqual(flags.map((f) => [f.name, f.cleared]), [['NO_TLSv1', false], ['NO_TICKET', true], ['NO_SSLv3', false], ['X', true]]);
  // The value starts at character 37.
  assert.deepEqual(flags.map((f) => [f.range.start.character, f.range.end.character]), [[37, 45], [48, 57], [59, 67], [69, 70]]);
  assert.ok(flags.every((f) => f.option === p.ports[0].sslOptions && f.range.start.line === 0));
  assert.equal(p.ports[0].sessionTickets.value, true);
});

test('protocol sources: tls-min-version= and then options= when a NO_* flag is in effect, even for a version already off', () => {
  const p = policyOf('https_port 1 tls-cert=/a tls-min-version=1.2 options=NO_TLSv1_3\nhttps_port 2 tls-cert=/a options=NO_SSLv3\nhttps_port 3 tls-cert=/a options=NO_TLSv1:-NO_TLSv1\nhttps_port 4 tls-cert=/a version=6 options=NO_TICKET\n');
  const [a, b, c, d] = p.ports;
  assert.deepEqual(a.protocols.value, ['TLSv1.2']);
  assert.deepEqual(a.protocols.from.map((o) => o.written), ['tls-min-version', 'options']);
  assert.equal(a.protocols.defaultNote, undefined);
  // OpenSSL 3 has no SSLv3: the range stays, but options= is named as what set it.
  assert.deepEqual(b.protocols.value, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(b.protocols.from.map((o) => o.written), ['options']);
  assert.deepEqual(c.protocols.from, []);
  assert.match(c.protocols.defaultNote ?? '', /OpenSSL's default range/);
  assert.deepEqual(d.protocols.value, ['TLSv1.2']);
  assert.deepEqual(d.protocols.from.map((o) => o.written), ['version']);
  assert.equal(d.sessionTickets.value, false);
  assert.equal(d.sessionTickets.from[0], d.sslOptions);
});

test('defaults are shared read-only records; lists a record fills are its own', () => {
  const p = policyOf('https_port 1 tls-cert=/a\nhttps_port 2 tls-cert=/b cafile=/c\nhttps_port 3 tls-cert=/b cipher=HIGH\n');
  const [a, b, c] = p.ports;
  assert.equal(a.ciphers, b.ciphers);
  assert.equal(a.protocols, b.protocols);
  assert.equal(a.cafiles, c.cafiles);
  assert.throws(() => (a.cafiles as unknown[]).push(1));
  assert.throws(() => (a.protocols.value as unknown[]).push('SSLv2'));
  assert.deepEqual(a.cafiles, []);
  assert.deepEqual(b.cafiles.map((o) => o.value!.text), ['/c']);
  assert.notEqual(a.certificates, b.certificates);
  assert.deepEqual(c.ciphers, { value: 'HIGH', from: [c.cipher] });
});

test('addresses and tls-min-version values: the plain forms and the others read alike', () => {
  assert.deepEqual(parseAddress('3128'), { host: undefined, port: 3128 });
  assert.deepEqual(parseAddress('0.0.0.0:3128'), { host: '0.0.0.0', port: 3128 });
  assert.deepEqual(parseAddress('[::1]:3128'), { host: '[::1]', port: 3128 });
  assert.deepEqual(parseAddress(':3128'), { host: undefined, port: 3128 });
  assert.deepEqual(parseAddress('a:b:3128'), {});
  assert.deepEqual(parseAddress(''), {});
  assert.deepEqual(parseAddress('3128x'), {});
  assert.deepEqual(['1.0', '1.3', '1.4', '1.', ' 1.1', '1.2\t', 'v1.2', '2.0'].map(parseMinVersion), ['TLSv1', 'TLSv1.3', undefined, undefined, 'TLSv1.1', 'TLSv1.2', undefined, undefined]);
});

test('ssl-bump in any case and the deprecated sslBump make a bump port; other spellings do not', () => {
  const p = policyOf('http_port 1 sslBump tls-cert=/a\nhttp_port 2 SSL-Bump tls-cert=/a\nhttp_port 3 sslbump tls-cert=/a\nhttp_port 4 ssl-bumps\n');
  assert.deepEqual(p.ports.map((x) => [x.bump, x.bumpOption?.written]), [[true, 'sslBump'], [true, 'SSL-Bump'], [false, undefined], [false, undefined]]);
});

test('each record lists only its own options, in order, as written', () => {
  const p = policyOf(
    'https_port 1 TLS-Cert=/a tls-options=NO_TICKET\ncache_peer h parent 80 0 name=x\ncache_peer g parent 443 0 tls tls-cafile=/c\nhttps_port 2 ssl-bump\ntls_outgoing_options MIN-VERSION=1.2\nhttp_port 3 cert=/b\ntls_outgoing_options cafile=/d\n',
  );
  assert.deepEqual(p.ports.map((x) => x.options.map((o) => `${o.written}:${o.key}`)), [['TLS-Cert:cert', 'tls-options:options'], [], ['cert:cert']]);
  assert.deepEqual(p.outgoing.map((x) => x.options.map((o) => `${o.written}:${o.key}`)), [['MIN-VERSION:min-version', 'cafile:cafile'], ['tls-cafile:cafile']]);
  assert.equal(p.outgoing[0].minVersion?.written, 'MIN-VERSION');
});
