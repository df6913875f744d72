// The Apache workspace model and effective vhost records: ServerRoot, Include/IncludeOptional with
// wildcards and directories, Define/${VAR}, <IfModule>/<IfDefine>/<IfVersion> evaluation, mod_ssl's
// server-config → vhost merge, certificate/key pairing, Listen https, and Debian's /etc/apache2 tree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../server/src/engine/model/workspace';
import { defaultSettings, type Settings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { apachePolicies, applyConfProtocols, parseApacheProtocols, serverNameHost, type ApacheVhost } from '../../server/src/engine/model/apache/policy';
import { ifVersion, apacheState, argTexts } from '../../server/src/engine/model/apache/support';
import { detectDialect } from '../../server/src/engine/model/dialect';
import type { Arg } from '../../server/src/engine/syntax/tree';
import { Engine } from '../../server/src/engine/engine';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apmodel-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function workspace(dir: string, files: string[], settings: Settings = defaultSettings()): Workspace {
  const abs = files.map((f) => path.join(dir, f));
  return new Workspace({ fs: new NodeFileSystem(), settings, files: abs, workspaceFiles: abs });
}

const arg = (text: string): Arg => ({ text, raw: text, quoted: false, range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } } });
const byName = (vs: ApacheVhost[], name: string): ApacheVhost => {
  const v = vs.find((x) => x.names.some((n) => n.name === name));
  assert.ok(v, `vhost ${name}`);
  return v;
};

test('SSLProtocol: mod_ssl semantics of +/-, bare words and all per OpenSSL build', () => {
  const p = (s: string, openssl = '3.0.19') => parseApacheProtocols(s.split(' ').map(arg), 'SSLProtocol', openssl);
  assert.deepEqual(p('all -SSLv3').versions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(p('-all +TLSv1.2 +TLSv1.3').versions, ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(p('TLSv1.2 TLSv1.3').versions, ['TLSv1.3'], 'a bare word replaces the set');
  assert.deepEqual(p('tlsv1.2 +TLSV1.3').versions, ['TLSv1.2', 'TLSv1.3'], 'case-insensitive');
  assert.deepEqual(p('-all').versions, []);
  assert.equal(p('+SSLv3').tokens[0].rejected, 'SSLv3 not supported by this version of OpenSSL');
  assert.equal(p('SSLv2').tokens[0].rejected, 'SSLProtocol: SSLv2 is no longer supported');
  assert.equal(p('TLSv1.4').tokens[0].rejected, "SSLProtocol: Illegal protocol 'TLSv1.4'");
  assert.deepEqual(p('all', '1.0.2').versions, ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'], 'OpenSSL 1.0.2: SSLv3 built, no TLS 1.3');
  assert.deepEqual(p('-all +TLSv1 +TLSv1.2 +TLSv1.3').versions, ['TLSv1.2', 'TLSv1.3'], 'OpenSSL ≥ 1.1: no holes below the maximum');
  assert.deepEqual(p('-all +TLSv1 +TLSv1.2 +TLSv1.3').listed, ['TLSv1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(p('-all +TLSv1 +TLSv1.2', '1.0.2').versions, ['TLSv1', 'TLSv1.2'], 'OpenSSL 1.0.2: per-version options, holes allowed');
  assert.deepEqual(applyConfProtocols(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], [{ cmd: 'MinProtocol', value: 'TLSv1.2' }], '3.0.19'), ['TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(applyConfProtocols(['TLSv1.2', 'TLSv1.3'], [{ cmd: 'Protocol', value: '-TLSv1.3' }], '3.0.19'), ['TLSv1.2']);
  assert.deepEqual(applyConfProtocols(['TLSv1.2'], [{ cmd: 'Protocol', value: 'ALL,-TLSv1,-TLSv1.1' }], '3.0.19'), ['TLSv1.2', 'TLSv1.3']);
  assert.ok(p('+TLSv1.3', '1.0.2').tokens[0].rejected);
});

test('IfVersion, ServerName hosts and dialect detection', () => {
  assert.equal(ifVersion(['>=', '2.4.36'], '2.4.65'), true);
  assert.equal(ifVersion(['<', '2.4'], '2.4.65'), false);
  assert.equal(ifVersion(['2.4'], '2.4.65'), true);
  assert.equal(ifVersion(['!=', '2.4.65'], '2.4.65'), false);
  assert.equal(ifVersion(['~', '^2\\.4\\.'], '2.4.65'), true);
  assert.equal(serverNameHost('https://www.example.com:443'), 'www.example.com');
  assert.equal(serverNameHost('[2001:db8::1]:8443'), '[2001:db8::1]');
  assert.equal(detectDialect('/x/mods-enabled/reqtimeout.conf', 'RequestReadTimeout header=20-40,MinRate=500\n'), 'apache');
  assert.equal(detectDialect('/x/site.conf', '# c\nServerTokens Prod\nTraceEnable Off\n'), 'apache');
  assert.equal(detectDialect('/x/site.conf', 'server {\n    listen 80;\n}\n'), 'nginx');
  // ports.conf: Debian's apache2 file, unless it holds Squid's port lines.
  assert.equal(detectDialect('/etc/x/ports.conf', 'Listen 80\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n'), 'apache');
  assert.equal(detectDialect('/etc/x/conf.d/ports.conf', 'http_port 3128 ssl-bump tls-cert=/etc/x/c.pem\n'), 'squid');
});

test('ServerRoot, Include with wildcards and directories, IncludeOptional, Define and ${VAR}', () => {
  const dir = tree({
    'conf/httpd.conf': 'ServerRoot "ROOT"\nDefine SITES sites\nInclude conf.d/*.conf\nIncludeOptional none/*.conf\nInclude ${SITES}/\n',
    'conf.d/a.conf': 'SSLProtocol -all +TLSv1.2\n',
    'sites/one.conf': '<VirtualHost *:443>\nServerName one.example.test\nSSLEngine on\n</VirtualHost>\n',
    'sites/sub/two.conf': '<VirtualHost *:443>\nServerName two.example.test\nSSLEngine on\nSSLProtocol +TLSv1.3\n</VirtualHost>\n',
  });
  try {
    const main = path.join(dir, 'conf/httpd.conf');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('ROOT', dir));
    const ws = workspace(dir, ['conf/httpd.conf']);
    assert.equal(ws.roots.length, 1);
    const root = ws.roots[0];
    assert.equal(root.prefix, dir, 'ServerRoot sets the prefix');
    assert.deepEqual([...root.files].map((f) => path.relative(dir, f)).sort(), ['conf.d/a.conf', 'conf/httpd.conf', 'sites/one.conf', 'sites/sub/two.conf']);
    assert.equal(ws.problems.length, 0, 'IncludeOptional of nothing is fine');
    const { vhosts } = apachePolicies(ws);
    assert.deepEqual(byName(vhosts, 'one.example.test').protocols.value, ['TLSv1.2'], 'server config SSLProtocol is inherited');
    assert.deepEqual(byName(vhosts, 'two.example.test').protocols.value, ['TLSv1.3'], 'the vhost SSLProtocol replaces it (it starts from nothing)');
    assert.equal(apacheState(root).defines.get('SITES'), 'sites');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('<IfModule> follows LoadModule (by identifier and by file name), <IfDefine> follows Define, negations', () => {
  const dir = tree({
    'apache2.conf': [
      'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
      'Define WITH_HSTS',
      '<IfModule ssl_module>\n  SSLSessionTickets off\n</IfModule>',
      '<IfModule !mod_ssl.c>\n  SSLSessionTickets on\n</IfModule>',
      '<IfModule headers_module>\n  SSLHonorCipherOrder on\n</IfModule>',
      '<VirtualHost *:443>\n  ServerName a.example.test\n  SSLEngine on\n  <IfDefine WITH_HSTS>\n    Header always set Strict-Transport-Security "max-age=63072000"\n  </IfDefine>\n  <IfDefine !WITH_HSTS>\n    SSLCompression on\n  </IfDefine>\n</VirtualHost>',
      '',
    ].join('\n'),
  });
  try {
    const ws = workspace(dir, ['apache2.conf']);
    const [v] = apachePolicies(ws).vhosts;
    assert.equal(v.sessionTickets.value, false);
    assert.equal(v.sessionTickets.item?.directive.range.start.line, 3, 'the !mod_ssl.c body is not read');
    assert.equal(v.honorOrder.value, false, 'headers_module is not loaded: its body is not read');
    assert.equal(v.hsts.length, 1);
    assert.equal(v.compression.value, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('mod_ssl merge: vhost wins, certificates pair by order, the first two replace the server config ones', () => {
  const dir = tree({
    'apache2.conf': [
      'SSLCertificateFile tls/base-rsa.pem',
      'SSLCertificateKeyFile tls/base-rsa.key',
      'SSLCertificateFile tls/base-ec.pem',
      'SSLCertificateKeyFile tls/base-ec.key',
      'SSLCipherSuite HIGH:!aNULL',
      'SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384',
      'Header always set Strict-Transport-Security "max-age=600"',
      'Listen 8443 https',
      '<VirtualHost *:8443>\n  ServerName a.example.test\n  ServerAlias www.a.example.test *.b.example.test\n  SSLEngine on\n  SSLCertificateFile tls/a.pem\n</VirtualHost>',
      '<VirtualHost *:443>\n  ServerName b.example.test:443\n  SSLEngine on\n  SSLCipherSuite ECDHE+AESGCM\n  SSLSessionTickets off\n</VirtualHost>',
      '<VirtualHost *:80>\n  ServerName c.example.test\n</VirtualHost>',
      '<VirtualHost *:443>\n  ServerName d.example.test\n  SSLEngine on\n  SSLOpenSSLConfCmd Options -SessionTicket,ServerPreference\n</VirtualHost>',
      '',
    ].join('\n'),
  });
  try {
    const ws = workspace(dir, ['apache2.conf']);
    const { vhosts, listens } = apachePolicies(ws);
    assert.deepEqual(listens.map((l) => [l.port, l.protocol]), [[8443, 'https']]);
    const a = byName(vhosts, 'a.example.test');
    assert.deepEqual(a.names.map((n) => n.name), ['a.example.test', 'www.a.example.test', '*.b.example.test']);
    assert.deepEqual(a.certificates.map((c) => [c.certificateArg.text, c.keyArg?.text]), [['tls/a.pem', 'tls/base-rsa.key'], ['tls/base-ec.pem', 'tls/base-ec.key']]);
    assert.equal(a.tls && a.tlsPort, true, 'Listen 8443 https makes 8443 a TLS port');
    assert.equal(a.ciphers.value, 'HIGH:!aNULL');
    assert.equal(a.tls13Ciphers?.value, 'TLS_AES_256_GCM_SHA384');
    assert.equal(a.hsts[0].maxAge, 600, 'server config Header directives apply to vhosts (mod_headers merge)');
    assert.equal(a.sessionTickets.value, true);
    assert.equal(a.sessionTickets.defaultNote, 'mod_ssl default: on');
    const b = byName(vhosts, 'b.example.test');
    assert.equal(b.ciphers.value, 'ECDHE+AESGCM');
    assert.equal(b.sessionTickets.value, false);
    assert.equal(b.certificates.length, 2, 'inherits both server config certificates');
    const c = byName(vhosts, 'c.example.test');
    assert.equal(c.tls, false);
    assert.equal(c.tlsPort, false);
    const d = byName(vhosts, 'd.example.test');
    assert.equal(d.sessionTickets.value, false, 'SSLOpenSSLConfCmd Options -SessionTicket');
    assert.equal(d.honorOrder.value, true, 'SSLOpenSSLConfCmd Options ServerPreference');
    assert.equal(d.sessionTickets.item?.directive.lname, 'sslopensslconfcmd');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Debian's /etc/apache2 tree: one root, envvars expanded, every include resolved, no syntax error", (t) => {
  if (!fs.existsSync('/etc/apache2/apache2.conf')) {
    t.skip('/etc/apache2 not installed (CI installs the apache2 package)');
    return;
  }
  const ws = new Workspace({ fs: new NodeFileSystem(), settings: defaultSettings(), files: ['/etc/apache2/apache2.conf'], workspaceFiles: ['/etc/apache2/apache2.conf'] });
  assert.equal(ws.roots.length, 1);
  const root = ws.roots[0];
  assert.equal(root.prefix, '/etc/apache2');
  assert.deepEqual(ws.problems, []);
  assert.ok([...root.files].some((f) => f.startsWith('/etc/apache2/mods-enabled/') && f.endsWith('.load')), 'mods-enabled/*.load included');
  assert.ok(root.files.has('/etc/apache2/ports.conf'));
  assert.ok([...root.files].some((f) => f.startsWith('/etc/apache2/sites-enabled/')));
  const st = apacheState(root);
  assert.equal(st.defines.get('APACHE_LOG_DIR'), '/var/log/apache2', 'envvars read');
  assert.ok(st.modulesKnown && st.modules.has('mpm_event_module') && st.modules.has('mod_mpm_event.c'));
  const errorLog = [...ws.itemsOf.keys()].find((d) => d.lname === 'errorlog' && d.file === '/etc/apache2/apache2.conf');
  assert.ok(errorLog);
  assert.deepEqual(argTexts(errorLog, root), ['/var/log/apache2/error.log']);
  for (const f of root.files) assert.equal(ws.files.get(f)?.dialect, 'apache', `${f} is read as Apache`);
  const result = new Engine().lint({ fs: new NodeFileSystem(), settings: defaultSettings(), files: [...root.files], workspaceFiles: [...root.files] });
  const syntax = [...result.findings.values()].flat().filter((f) => f.ruleId === 'syntax-error' || f.ruleId.startsWith('include-'));
  assert.deepEqual(syntax.map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), []);
});

test('the engine never throws on random Apache configurations, and every finding lies inside its file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apfuzz-'));
  try {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = [
      '<VirtualHost *:443>', '<VirtualHost _default_:8443>', '</VirtualHost>', '<IfModule ssl_module>', '<IfModule !mod_ssl.c>', '</IfModule>',
      '<IfDefine X>', '</IfDefine>', '<Location />', '</Location>', 'SSLEngine on', 'SSLEngine off', 'SSLProtocol all -SSLv3', 'SSLProtocol -all +TLSv1.3 +SSLv3',
      'SSLProtocol', 'SSLCipherSuite HIGH:!aNULL', 'SSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256', 'SSLCipherSuite', 'SSLCertificateFile tls/x.pem',
      'SSLCertificateKeyFile ${KEY}', 'Define KEY tls/k.key', 'SSLOpenSSLConfCmd Curves X25519:nope', 'SSLOpenSSLConfCmd DHParameters', 'Header always set Strict-Transport-Security',
      'Header set Strict-Transport-Security "max-age=1"', 'Header unset Strict-Transport-Security', 'ProxyPass / https://backend/', 'ProxyPass', 'SSLProxyEngine on',
      'SSLProxyVerify require', 'Listen 443 https', 'Listen', 'ServerName', 'ServerAlias a b *.c', 'Include nope/*.conf', 'Include apache2.conf', 'IncludeOptional x',
      'ServerRoot relative', 'LoadModule ssl_module x.so', 'SSLUseStapling on', 'SSLCompression on', '# comment \\', '"unterminated', 'x # y', '\\', '<>', '</>', '<VirtualHost',
    ];
    for (let k = 0; k < 60; k++) {
      const lines: string[] = [];
      const n = 5 + rnd(40);
      for (let i = 0; i < n; i++) lines.push(pieces[rnd(pieces.length)]);
      const text = lines.join(rnd(4) === 0 ? '\r\n' : '\n');
      const file = path.join(dir, 'apache2.conf');
      fs.writeFileSync(file, text);
      const result = new Engine().lint({ fs: new NodeFileSystem(), settings: defaultSettings(), files: [file], workspaceFiles: [file] });
      const lineCount = text.split(/\r\n|\n/).length;
      for (const f of [...result.findings.values()].flat()) {
        assert.ok(f.range.start.line >= 0 && f.range.end.line < lineCount, `${f.ruleId} at ${JSON.stringify(f.range)} in:\n${text}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('suppression comments work in Apache files (comments are kept by the parser)', () => {
  const dir = tree({
    'apache2.conf': '<VirtualHost *:443>\n  SSLEngine on\n  # tlslint-disable-next-line tls-compression\n  SSLCompression on\n  SSLInsecureRenegotiation on\n</VirtualHost>\n',
  });
  try {
    const file = path.join(dir, 'apache2.conf');
    const findings = [...new Engine().lint({ fs: new NodeFileSystem(), settings: defaultSettings(), files: [file], workspaceFiles: [file] }).findings.values()].flat();
    assert.equal(findings.filter((f) => f.ruleId === 'tls-compression').length, 0, 'suppressed');
    assert.deepEqual(findings.filter((f) => f.ruleId === 'insecure-renegotiation').map((f) => f.range.start.line), [4]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
