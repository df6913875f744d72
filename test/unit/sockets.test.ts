// Socket grouping across files, checked against the real nginx: the names nginx warns about as
// "conflicting server name … on ADDR" are exactly sni-duplicate-name's findings (regular expressions
// aside, which nginx does not compare), and what `nginx -t` refuses about listen options is what
// listen-options-conflict reports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Engine } from '../../server/src/engine/engine';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { sockets, socketLabel } from '../../server/src/engine/model/sockets';
import type { Finding } from '../../server/src/engine/types';
import { configFiles } from '../helpers/fixtures';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import { requireOracleOrSkip } from '../helpers/oracle';
import { nginxCheckTree } from '../helpers/nginxOracle';

const CERT = 'ssl_certificate tls/test.crt; ssl_certificate_key tls/test.key;';

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-sockets-')));
  if (certFactoryAvailable()) copyScenarioFiles(path.join(dir, 'tls'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function lint(dir: string) {
  const files = configFiles(dir);
  return new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: normalizeSettings({ baseDir: dir }) });
}

const main = (body: string) => `events {}\nhttp {\n    ssl_session_tickets off;\n${body}    include sites/*.conf;\n}\n`;

test('listen addresses group into sockets across files: wildcard forms are one socket, IPv6, IPs and QUIC are others', () => {
  const dir = tree({
    'nginx.conf': main(''),
    'sites/a.conf': `server { listen 443 ssl; listen [::]:443 ssl; server_name a.example.test; ${CERT} }\n`,
    'sites/b.conf': `server { listen *:443 ssl; listen 127.0.0.1:443 ssl; server_name b.example.test; ${CERT} }\n`,
    'sites/c.conf': `server { listen 0.0.0.0:443 ssl default_server; listen 443 quic; server_name c.example.test; ${CERT} }\n`,
  });
  try {
    const ws = lint(dir).workspace;
    const got = sockets(ws)
      .map((s) => `${s.protocol} ${socketLabel(s)} ${s.hosts.map((h) => h.names[0].name.charAt(0)).join('')} default=${s.default.names[0].name.charAt(0)}${s.defaultIsExplicit ? '!' : ''}`)
      .sort();
    assert.deepEqual(got, ['http *:443 abc default=c!', 'http 127.0.0.1:443 b default=b', 'http [::]:443 a default=a', 'http/quic *:443 c default=c']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sni-duplicate-name reports what nginx -t warns about, per socket', { skip: !certFactoryAvailable() }, (t) => {
  const dir = tree({
    'nginx.conf': main(''),
    'sites/a.conf': `server { listen 127.0.0.1:8443 ssl; server_name a.example.test *.w.example.test .dot.example.test _ ~^re$; ${CERT} }\nserver { listen 127.0.0.1:8444 ssl; server_name lone.example.test; ${CERT} }\n`,
    'sites/b.conf': `server { listen 127.0.0.1:8443 ssl; server_name a.example.test *.w.example.test dot.example.test x.w.example.test _ ~^re$; ${CERT} }\nserver { listen 127.0.0.1:8445 ssl; server_name lone.example.test; ${CERT} }\n`,
    'sites/c.conf': `server { listen 127.0.0.1:8443; server_name *.dot.example.test; ${CERT} }\n`,
  });
  try {
    const findings = [...lint(dir).findings.values()].flat().filter((f: Finding) => f.ruleId === 'sni-duplicate-name');
    const ours = findings.filter((f) => !f.message.includes('regular expression')).map((f) => /server name "([^"]*)"(?: \(as "([^"]*)"\))?/.exec(f.message)!).map((m) => m[2] ?? m[1]).sort();
    assert.deepEqual(ours, ['*.dot.example.test', '*.w.example.test', '_', 'a.example.test', 'dot.example.test']);
    assert.equal(findings.filter((f) => f.message.includes('regular expression')).length, 1, 'the repeated regular expression is reported');
    assert.ok(findings.every((f) => f.related?.[0]?.file.endsWith('a.conf')), 'related information points at the first claim, in a.conf');
    if (!requireOracleOrSkip(t, 'nginx', { skipTest: false })) return;
    const r = nginxCheckTree(dir, 'nginx.conf');
    assert.ok(r.ok, r.message);
    const theirs = r.warnings
      .map((w) => /conflicting server name "([^"]*)" on (\S+), ignored/.exec(w))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[1])
      .sort();
    assert.deepEqual(ours, theirs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('listen-options-conflict agrees with nginx -t on duplicate defaults, socket options and stream sockets', { skip: !certFactoryAvailable() }, (t) => {
  const cases: { name: string; files: Record<string, string>; nginxSays?: RegExp }[] = [
    { name: 'two defaults', files: { 'sites/a.conf': `server { listen 127.0.0.1:8443 ssl default_server; ${CERT} }\n`, 'sites/b.conf': `server { listen 127.0.0.1:8443 ssl default_server; ${CERT} }\n` }, nginxSays: /duplicate default server/ },
    { name: 'defaults on different sockets', files: { 'sites/a.conf': `server { listen 127.0.0.1:8443 ssl default_server; ${CERT} }\n`, 'sites/b.conf': `server { listen 127.0.0.2:8443 ssl default_server; ${CERT} }\n` } },
    { name: 'options twice', files: { 'sites/a.conf': `server { listen 127.0.0.1:8443 ssl backlog=100; ${CERT} }\n`, 'sites/b.conf': `server { listen 127.0.0.1:8443 ssl reuseport; ${CERT} }\n` }, nginxSays: /duplicate listen options/ },
    { name: 'options once', files: { 'sites/a.conf': `server { listen 127.0.0.1:8443 ssl backlog=100 reuseport; ${CERT} }\n`, 'sites/b.conf': `server { listen 127.0.0.1:8443 ssl; ${CERT} }\n` } },
  ];
  const nginx = requireOracleOrSkip(t, 'nginx', { skipTest: false });
  for (const c of cases) {
    const dir = tree({ 'nginx.conf': main(''), ...c.files });
    try {
      const found = [...lint(dir).findings.values()].flat().filter((f) => f.ruleId === 'listen-options-conflict');
      assert.equal(found.length, c.nginxSays ? 1 : 0, `${c.name}: ${found.map((f) => f.message).join(' | ')}`);
      if (c.nginxSays) assert.ok(found[0].file.endsWith('b.conf'), `${c.name}: reported in the later file`);
      if (nginx) {
        const r = nginxCheckTree(dir, 'nginx.conf');
        assert.equal(r.ok, !c.nginxSays, `${c.name}: nginx -t ${r.message ?? 'ok'}`);
        if (c.nginxSays) assert.match(r.message ?? '', c.nginxSays);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('sockets are the hosts grouped by root, dialect, protocol, host and port: one socket per key, in first-host order', () => {
  // Two roots, and hosts that differ from each other in one part of the key only: each part must split.
  const site = (n: string, listens: string) => `server { ${listens} server_name ${n}.example.test; ${CERT} }\n`;
  const dir = tree({
    'one/nginx.conf': main(''),
    'one/sites/a.conf': site('a', 'listen 443 ssl; listen 8443 ssl; listen [::]:443 ssl;'),
    'one/sites/b.conf': site('b', 'listen 127.0.0.1:443 ssl; listen 443 quic; listen 8443 ssl;') + site('c', 'listen 443 ssl; listen 127.0.0.1:8443 ssl;'),
    'one/stream.conf': 'stream { server { listen 443; proxy_pass 127.0.0.1:9; } }\n',
    'two/nginx.conf': main('') + 'stream { include stream/*.conf; }\n',
    'two/sites/d.conf': site('d', 'listen 443 ssl; listen 8443 ssl;'),
    'two/stream/e.conf': 'server { listen 443; proxy_pass 127.0.0.1:9; }\nserver { listen 8443; proxy_pass 127.0.0.1:9; }\n',
  });
  try {
    const ws = lint(dir).workspace;
    const all = sockets(ws);
    const keyOf = (h: (typeof all)[number]['hosts'][number]) => [h.root.file, h.dialect, h.protocol, h.host, h.port].join('\u0000');
    // The plain computation: every host, grouped by its whole key in the order the sockets list them.
    const expected = new Map<string, string[]>();
    for (const s of all) for (const h of s.hosts) expected.set(keyOf(h), [...(expected.get(keyOf(h)) ?? []), `${h.label}@${h.listen.range.start.line}:${h.listen.range.start.character}`]);
    assert.equal(all.length, expected.size, 'one socket per distinct key');
    for (const s of all) {
      const keys = new Set(s.hosts.map(keyOf));
      assert.equal(keys.size, 1, `socket ${s.key} mixes hosts of different keys`);
      assert.deepEqual(s.hosts.map((h) => `${h.label}@${h.listen.range.start.line}:${h.listen.range.start.character}`), expected.get(keyOf(s.hosts[0])));
      assert.equal(s.key, `${s.hosts[0].root.file}|${s.hosts[0].dialect}|${s.hosts[0].protocol}|${s.hosts[0].host}:${s.hosts[0].port}`);
    }
    const got = all.map((s) => `${path.basename(path.dirname(s.root.file))} ${s.protocol} ${socketLabel(s)} ${s.hosts.length}`);
    assert.deepEqual(got, [
      'one http *:443 2',
      'one http *:8443 2',
      'one http [::]:443 1',
      'one http 127.0.0.1:443 1',
      'one http/quic *:443 1',
      'one http 127.0.0.1:8443 1',
      'two http *:443 1',
      'two http *:8443 1',
      'two stream *:443 1',
      'two stream *:8443 1',
      'one stream *:443 1', // one/stream.conf: a root of its own
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('hosts and server records read listen and name ranges from their own arguments', () => {
  // The ranges are read when asked (Listen, ServerName, ListenAt): each must be the range of the
  // argument it stands for, in a server with several listens and names over several lines. A host's
  // names are its server record's, with the file they are written in.
  const dir = tree({
    'nginx.conf': main(''),
    'sites/a.conf': `server {\n  listen 443 ssl default_server;\n    listen  [::]:8443 ssl;\n  server_name a.example.test\n      www.a.example.test;\n  ${CERT}\n}\n`,
  });
  try {
    const ws = lint(dir).workspace;
    const hosts = sockets(ws).flatMap((s) => s.hosts);
    assert.equal(hosts.length, 2);
    const text = fs.readFileSync(path.join(dir, 'sites/a.conf'), 'utf8').split('\n');
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      assert.equal(r.start.line, r.end.line);
      return text[r.start.line].slice(r.start.character, r.end.character);
    };
    assert.deepEqual(hosts.map((h) => at(h.listen.range)).sort(), ['443', '[::]:8443']);
    for (const h of hosts) {
      assert.equal(at(h.nginxListen!.addressRange), h.nginxListen!.address);
      assert.equal(h.listen.item, h.nginxListen!.item);
      assert.deepEqual(h.names.map((n) => at(n.range)), ['a.example.test', 'www.a.example.test']);
      assert.deepEqual(h.names.map((n) => n.file), [h.listen.directive.file, h.listen.directive.file]);
      assert.ok(h.listen.directive.file.endsWith('sites/a.conf'));
      assert.deepEqual(h.nginx!.names.map((n) => [n.name, at(n.range), n.item.directive.lname]), [
        ['a.example.test', 'a.example.test', 'server_name'],
        ['www.a.example.test', 'www.a.example.test', 'server_name'],
      ]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
