// Squid rules over lines the policy reads more than once: a file included twice gives two records of
// each of its lines, and a finding on such a line is reported once; tls_outgoing_options lines add up,
// and only the options= in effect is judged; ports that share cipher strings and protocol lists are
// still judged each with its own protocols.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';

function lint(files: Record<string, string>) {
  const result = new Engine().lint({ fs: new MemoryFileSystem(files), files: Object.keys(files), settings: normalizeSettings({}) });
  return [...result.findings.values()].flat();
}

test('protocol-unknown and directive-duplicate: a port line included twice is reported once per problem', () => {
  const findings = lint({
    '/etc/squid/squid.conf': 'include /etc/squid/conf.d/a.conf\ninclude /etc/squid/conf.d/*.conf\n',
    '/etc/squid/conf.d/a.conf': 'https_port 3129 tls-cert=/etc/squid/a.pem tls-min-version=1.4 tls-options=NO_TLSv1_4:NO_TICKET tls-min-version=TLSv1.2\n',
  });
  const of = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => `${f.range.start.character}: ${f.message.split(':')[0]}`);
  assert.deepEqual(of('protocol-unknown'), ['58: tls-min-version=1.4', '74: options= flag NO_TLSv1_4 is not an OpenSSL option (names are case-sensitive)', '111: tls-min-version=TLSv1.2']);
  assert.deepEqual(of('directive-duplicate'), ['42: tls-min-version=1.4 is overridden by tls-min-version=TLSv1.2 later on the same line']);
});

test('protocol-unknown on tls_outgoing_options: the flags of the options= in effect only', () => {
  const findings = lint({
    '/etc/squid/squid.conf': 'tls_outgoing_options options=NO_TLSV1\ntls_outgoing_options min-version=1.2 options=NO_TLSV1_1\ncache_peer p parent 443 0 tls tls-options=NO_SSLV3\n',
  });
  assert.deepEqual(
    findings.filter((f) => f.ruleId === 'protocol-unknown').map((f) => [f.range.start.line, f.message.split(' is ')[0]]),
    [[1, 'options= flag NO_TLSV1_1'], [2, 'options= flag NO_SSLV3']],
  );
});

test('cipher strings are judged per port with that port\'s protocols, when ports share strings and protocol lists', () => {
  const findings = lint({
    '/etc/squid/squid.conf': [
      'https_port 1 tls-cert=/etc/squid/a.pem tls-min-version=1.2 cipher=AES128-SHA',
      'https_port 2 tls-cert=/etc/squid/a.pem tls-min-version=1.3 cipher=AES128-SHA',
      'https_port 3 tls-cert=/etc/squid/a.pem tls-min-version=1.2 cipher=AES128-SHA',
    ].join('\n') + '\n',
  });
  // TLS 1.3 alone never uses a TLS 1.2 suite: port 2's string enables nothing the rules judge.
  assert.deepEqual(
    findings.filter((f) => f.ruleId.startsWith('cipher-')).map((f) => `${f.range.start.line} ${f.ruleId}`),
    ['0 cipher-cbc', '0 cipher-no-forward-secrecy', '2 cipher-cbc', '2 cipher-no-forward-secrecy'],
  );
});

test('protocol-deprecated names each port\'s own versions when ports share protocol lists', () => {
  const findings = lint({
    '/etc/squid/squid.conf': [1.0, 1.2, 1.1, 1.0].map((v, i) => `https_port ${i + 1} tls-cert=/etc/squid/a.pem tls-min-version=${v.toFixed(1)}`).join('\n') + '\n',
  });
  assert.deepEqual(
    findings.filter((f) => f.ruleId === 'protocol-deprecated').map((f) => f.message.split(': deprecated')[0]),
    ['https_port 1: tls-min-version=1.0 leaves TLS 1.0 and TLS 1.1 enabled', 'https_port 3: tls-min-version=1.1 leaves TLS 1.1 enabled', 'https_port 4: tls-min-version=1.0 leaves TLS 1.0 and TLS 1.1 enabled'],
  );
});
