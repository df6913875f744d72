// Editor features on real parsed Apache httpd files, through the workspace as the language server calls
// them (features/index.ts): hover, completion, document symbols and document links.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { complete, documentLinks, documentSymbols, hover } from '../../server/src/engine/features';
import type { CompletionEntry } from '../../server/src/engine/features';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { apacheFileArgOf } from '../../server/src/engine/model/apache/files';
import { ciphersuitesMarkdown, cipherStringMarkdown } from '../../server/src/engine/features/cipherHover';
import type { Position } from '../../server/src/engine/types';

/** Files (relative path -> text, one `‸` marks the cursor) in a fresh directory; the workspace over all of them. */
function setup(files: Record<string, string>): { ws: Workspace; dir: string; file: string; pos: Position } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-features-apache-'));
  let cursor: { file: string; pos: Position } | undefined;
  for (const [rel, raw] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    let text = raw;
    const m = raw.indexOf('‸');
    if (m >= 0) {
      text = raw.slice(0, m) + raw.slice(m + 1);
      const before = raw.slice(0, m).split('\n');
      cursor = { file: abs, pos: { line: before.length - 1, character: before[before.length - 1].length } };
    }
    fs.writeFileSync(abs, text);
  }
  const all = Object.keys(files).map((f) => path.join(dir, f));
  const ws = new Workspace({ fs: new NodeFileSystem(), settings: normalizeSettings({}), files: all, workspaceFiles: all });
  return { ws, dir, file: cursor?.file ?? all[0], pos: cursor?.pos ?? { line: 0, character: 0 } };
}

/** One file, `apache2.conf`, with the cursor at `‸`. */
function one(text: string): { ws: Workspace; dir: string; file: string; pos: Position } {
  return setup({ 'apache2.conf': text });
}

const PRE = 'ServerRoot /etc/apache2\nLoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n';

const labels = (entries: CompletionEntry[]): string[] => entries.map((e) => e.label);

// ---------------------------------------------------------------------------------------------
// Hover

test('hover on a directive name: syntax, default, context, module and the note', () => {
  const { ws, file, pos } = one(PRE + '<VirtualHost *:443>\n    SSLProto‸col -all +TLSv1.2\n</VirtualHost>\n');
  const h = hover(ws, file, pos)!;
  assert.ok(h, 'no hover');
  assert.match(h.markdown, /```apache\nSSLProtocol \[\+\|-\]protocol \.\.\.\n```/);
  assert.match(h.markdown, /\*\*Default:\*\* `SSLProtocol all -SSLv3/);
  assert.match(h.markdown, /\*\*Context:\*\* server config, virtual host/);
  assert.match(h.markdown, /\*\*Module:\*\* `mod_ssl`/);
  assert.match(h.markdown, /without\*\* a sign replaces/);
  assert.match(h.markdown, /https:\/\/httpd\.apache\.org\/docs\/2\.4\/mod\/mod_ssl\.html#sslprotocol/);
  assert.deepEqual(h.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 15 } });
});

test('hover is case-insensitive and shows "since" and the .htaccess override', () => {
  const { ws, file, pos } = one(PRE + '<Directory /var/www>\n    sslciphersu‸ite HIGH\n</Directory>\n');
  const h = hover(ws, file, pos)!;
  assert.match(h.markdown, /```apache\nSSLCipherSuite \[protocol\] cipher-spec/);
  assert.match(h.markdown, /AllowOverride AuthConfig/);
  const s = one(PRE + 'SSLSessionTick‸ets off\n');
  assert.match(hover(s.ws, s.file, s.pos)!.markdown, /since httpd 2\.4\.11/);
});

test('hover on protocol words: the version note and what the sign does', () => {
  const plus = one(PRE + 'SSLProtocol -all +TLS‸v1\n');
  const h = hover(plus.ws, plus.file, plus.pos)!;
  assert.match(h.markdown, /^`\+TLSv1` in `SSLProtocol`/);
  assert.match(h.markdown, /\*\*Deprecated\.\*\*/);
  assert.match(h.markdown, /Enabled by this word/);
  const bare = one(PRE + 'SSLProtocol TLSv1.2 TLS‸v1.3\n');
  const b = hover(bare.ws, bare.file, bare.pos)!;
  assert.match(b.markdown, /replaces every protocol set before it/);
  assert.deepEqual(b.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 27 } });
  const minus = one(PRE + 'SSLProtocol all -SSL‸v3\n');
  assert.match(hover(minus.ws, minus.file, minus.pos)!.markdown, /\*\*Insecure\.\*\*[\s\S]*Disabled by this word/);
});

test('hover on SSLCipherSuite: the element under the cursor, the whole string, and TLS 1.3 suites', () => {
  const el = one(PRE + 'SSLCipherSuite ECDHE+AESGCM:!aN‸ULL\n');
  const h = hover(el.ws, el.file, el.pos)!;
  assert.deepEqual(h.range, { start: { line: 2, character: 28 }, end: { line: 2, character: 34 } });
  assert.match(h.markdown, /aNULL/);
  const name = one(PRE + 'SSLCipher‸Suite "HIGH:!aNULL"\n');
  const n = hover(name.ws, name.file, name.pos)!;
  assert.ok(n.markdown.endsWith(cipherStringMarkdown('HIGH:!aNULL', { directive: 'SSLCipherSuite' })), 'the name hover ends with the expansion of the string');
  const t13 = one(PRE + 'SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256‸\n');
  const t = hover(t13.ws, t13.file, { line: 2, character: 30 })!;
  assert.match(t.markdown, /TLS_AES_256_GCM_SHA384/);
  assert.deepEqual(t.range, { start: { line: 2, character: 23 }, end: { line: 2, character: 45 } });
  const whole = hover(t13.ws, t13.file, { line: 2, character: 4 })!;
  assert.ok(whole.markdown.endsWith(ciphersuitesMarkdown('TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256')));
  const proto = hover(t13.ws, t13.file, { line: 2, character: 17 })!;
  assert.match(proto.markdown, /TLS 1\.3 suites/);
});

test('hover on section tags (opening and closing) and on values; nothing on unknown names', () => {
  const { ws, file } = one(PRE + '<VirtualHost *:443>\n    SSLEngine on\n    Frobnicate x\n</VirtualHost>\n');
  const open = hover(ws, file, { line: 2, character: 3 })!;
  assert.match(open.markdown, /```apache\n<VirtualHost addr\[:port\]/);
  assert.match(open.markdown, /SSLEngine on/);
  assert.equal(hover(ws, file, { line: 2, character: 0 })?.markdown, open.markdown, 'on the `<`');
  const close = hover(ws, file, { line: 5, character: 5 })!;
  assert.equal(close.markdown, open.markdown);
  assert.deepEqual(close.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 14 } });
  const value = hover(ws, file, { line: 3, character: 15 })!;
  assert.match(value.markdown, /^`on` in `SSLEngine`/);
  assert.equal(hover(ws, file, { line: 4, character: 6 }), undefined);
});

// ---------------------------------------------------------------------------------------------
// Completion

test('completion of directive names follows the context: virtual host, directory, server config', () => {
  const vh = one(PRE + '<VirtualHost *:443>\n    SSLPro‸\n</VirtualHost>\n');
  const v = complete(vh.ws, vh.file, vh.pos);
  assert.ok(labels(v).includes('SSLProtocol'));
  assert.ok(labels(v).includes('SSLProxyEngine'));
  assert.ok(!labels(v).includes('SSLSessionCache'), 'SSLSessionCache is server config only');
  const proto = v.find((e) => e.label === 'SSLProtocol')!;
  assert.deepEqual(proto.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 10 } });
  assert.equal(proto.snippet, true);
  assert.match(proto.documentation ?? '', /SSLProtocol/);
  const engine = v.find((e) => e.label === 'SSLEngine')!;
  assert.equal(engine.insertText, 'SSLEngine ${1|off,on,optional|}');
  const dir = one(PRE + '<VirtualHost *:443>\n<Directory /var/www>\n    SSL‸\n</Directory>\n</VirtualHost>\n');
  const d = labels(complete(dir.ws, dir.file, dir.pos));
  assert.ok(d.includes('SSLRequireSSL'));
  assert.ok(d.includes('SSLCipherSuite'));
  assert.ok(!d.includes('SSLEngine'), 'SSLEngine is not allowed in <Directory>');
  const top = one(PRE + 'SSLSess‸\n');
  const t = labels(complete(top.ws, top.file, top.pos));
  assert.ok(t.includes('SSLSessionCache'));
  assert.ok(!t.includes('SSLRequireSSL'), 'SSLRequireSSL is per-directory only');
  // TLS directives sort first.
  const sorted = complete(top.ws, top.file, top.pos).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  const order = labels(sorted);
  assert.ok(order.indexOf('SSLSessionCache') < order.indexOf('KeepAlive'), 'SSLSessionCache sorts before KeepAlive');
  assert.ok(order.indexOf('SSLSessionCache') >= 0 && order.indexOf('KeepAlive') >= 0);
});

test('completion in a .htaccess file offers what httpd reads there', () => {
  const s = setup({ 'www/.htaccess': 'SSL‸\n' });
  const l = labels(complete(s.ws, s.file, s.pos));
  assert.ok(l.includes('SSLRequireSSL') && l.includes('SSLOptions'));
  assert.ok(!l.includes('SSLEngine') && !l.includes('SSLCertificateFile'));
});

test('completion after `<` offers sections with a snippet, after `</` the open section', () => {
  const s = one(PRE + '<Vir‸\n');
  const entries = complete(s.ws, s.file, s.pos);
  const vh = entries.find((e) => e.label === 'VirtualHost')!;
  assert.ok(vh, labels(entries).join(','));
  assert.equal(vh.insertText, 'VirtualHost ${1:*:443}>\n\t$0\n</VirtualHost>');
  assert.deepEqual(vh.range, { start: { line: 2, character: 1 }, end: { line: 2, character: 4 } });
  const inDir = one(PRE + '<Directory /x>\n<‸\n</Directory>\n');
  const sections = labels(complete(inDir.ws, inDir.file, inDir.pos));
  assert.ok(sections.includes('Files') && sections.includes('IfModule'));
  assert.ok(!sections.includes('VirtualHost'), '<VirtualHost> cannot nest in <Directory>');
  const close = one(PRE + '<VirtualHost *:443>\n<IfModule ssl_module>\n</‸\n');
  const c = complete(close.ws, close.file, close.pos);
  assert.deepEqual(labels(c), ['IfModule']);
  assert.equal(c[0].insertText, 'IfModule>');
});

test('completion of values: protocol words after +/-, flags, choices, cipher strings and TLS 1.3 suites', () => {
  const p = one(PRE + 'SSLProtocol -all +TLSv1.2 +TL‸\n');
  const pe = complete(p.ws, p.file, p.pos);
  assert.ok(labels(pe).includes('TLSv1.3'));
  assert.ok(!labels(pe).includes('TLSv1.2'), 'already given');
  assert.deepEqual(pe.find((e) => e.label === 'TLSv1.3')!.range, { start: { line: 2, character: 27 }, end: { line: 2, character: 29 } });
  const e = one(PRE + 'SSLEngine ‸\n');
  assert.deepEqual(labels(complete(e.ws, e.file, e.pos)).sort(), ['off', 'on', 'optional']);
  const v = one(PRE + 'SSLVerifyClient ‸\n');
  assert.ok(labels(complete(v.ws, v.file, v.pos)).includes('optional_no_ca'));
  const c = one(PRE + 'SSLCipherSuite ‸\n');
  const ce = labels(complete(c.ws, c.file, c.pos));
  assert.ok(ce.includes('TLSv1.3') && ce.includes('HIGH') && ce.includes('ECDHE-RSA-AES128-GCM-SHA256'));
  const c2 = one(PRE + 'SSLCipherSuite HIGH:!aN‸\n');
  const c2e = complete(c2.ws, c2.file, c2.pos);
  const anull = c2e.find((x) => x.label === 'aNULL')!;
  assert.ok(anull);
  assert.deepEqual(anull.range, { start: { line: 2, character: 21 }, end: { line: 2, character: 23 } });
  const t = one(PRE + 'SSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256:‸\n');
  const te = labels(complete(t.ws, t.file, t.pos));
  assert.ok(te.includes('TLS_AES_256_GCM_SHA384'));
  assert.ok(!te.includes('TLS_AES_128_GCM_SHA256'), 'already given');
  assert.ok(!te.includes('HIGH'));
  const l0 = one(PRE + 'Listen ‸\n');
  assert.deepEqual(labels(complete(l0.ws, l0.file, l0.pos)), ['443', '80']);
  const l1 = one(PRE + 'Listen 8443 ht‸\n');
  assert.deepEqual(labels(complete(l1.ws, l1.file, l1.pos)), ['https', 'http']);
  const comment = one(PRE + '# SSLEng‸\n');
  assert.deepEqual(complete(comment.ws, comment.file, comment.pos), []);
});

// ---------------------------------------------------------------------------------------------
// Symbols and links

test('document symbols: virtual hosts named by ServerName (through <IfModule>) and address, sections nested', () => {
  const { ws, file } = one(PRE + [
    '<IfModule ssl_module>',
    '<VirtualHost *:443>',
    '    <IfModule ssl_module>',
    '        ServerName www.example.test',
    '    </IfModule>',
    '    ServerAlias example.test',
    '    SSLEngine on',
    '    <Directory /var/www/html>',
    '    </Directory>',
    '</VirtualHost>',
    '</IfModule>',
    '<VirtualHost 192.0.2.1:80>',
    '</VirtualHost>',
    '',
  ].join('\n'));
  const syms = documentSymbols(ws, file);
  assert.equal(syms.length, 2);
  assert.equal(syms[0].name, '<IfModule ssl_module>');
  const vh = syms[0].children[0];
  assert.equal(vh.name, 'VirtualHost www.example.test (*:443)');
  assert.equal(vh.kind, 'server');
  assert.equal(vh.detail, 'TLS · aliases: example.test');
  assert.deepEqual(vh.children.map((c) => [c.name, c.kind]), [['<IfModule ssl_module>', 'block'], ['<Directory /var/www/html>', 'location']]);
  assert.equal(syms[1].name, 'VirtualHost 192.0.2.1:80');
});

test('document links: Include and IncludeOptional targets and certificate files, resolved against ServerRoot', () => {
  const files = {
    'apache2.conf': 'ServerRoot __DIR__\nLoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\nInclude ports.conf\nIncludeOptional sites-enabled/*.conf\nIncludeOptional conf-enabled/*.conf\n',
    'ports.conf': 'Listen 443\nDefine SSLDIR ssl\n',
    'sites-enabled/site.conf': '<VirtualHost *:443>\n    SSLEngine on\n    SSLCertificateFile ssl/site.pem\n    SSLCertificateKeyFile "ssl/site.key"\n    SSLCACertificateFile ssl/missing.pem\n    SSLCertificateChainFile ${SSLDIR}/site.pem\n</VirtualHost>\n',
    'ssl/site.pem': 'x',
    'ssl/site.key': 'x',
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-features-apache-links-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text.replace('__DIR__', dir));
  }
  const confs = ['apache2.conf', 'ports.conf', 'sites-enabled/site.conf'].map((f) => path.join(dir, f));
  const ws = new Workspace({ fs: new NodeFileSystem(), settings: normalizeSettings({}), files: confs, workspaceFiles: confs });
  const main = documentLinks(ws, confs[0]);
  assert.deepEqual(main.map((l) => [l.range.start.line, l.target]), [[2, path.join(dir, 'ports.conf')], [3, path.join(dir, 'sites-enabled/site.conf')]]);
  assert.deepEqual(main[0].range, { start: { line: 2, character: 8 }, end: { line: 2, character: 18 } });
  const site = documentLinks(ws, confs[2]);
  // Hover on a certificate path goes to the certificate hover (what the file holds: here, not a certificate).
  const cert = hover(ws, confs[2], { line: 2, character: 26 })!;
  assert.match(cert.markdown, /^`SSLCertificateFile` → `ssl\/site\.pem`/);
  assert.match(cert.markdown, /no readable certificate/i);
  const missing = hover(ws, confs[2], { line: 4, character: 28 })!;
  assert.match(missing.markdown, /Not found/);
  // Hover on an Include argument: the files it reads.
  const inc = hover(ws, confs[0], { line: 3, character: 20 })!;
  assert.equal(inc.markdown, `\`IncludeOptional\` → \`sites-enabled/*.conf\`\n\nReads 1 file, in this order:\n\n- \`${path.join(dir, 'sites-enabled/site.conf')}\``);
  assert.match(hover(ws, confs[0], { line: 4, character: 20 })!.markdown, /Matches no file \(ignored by `IncludeOptional`\)/);
  // `${SSLDIR}` expanded with the Define of ports.conf, read before the site.
  assert.deepEqual(site.map((l) => [l.range.start.line, l.target]), [[2, path.join(dir, 'ssl/site.pem')], [3, path.join(dir, 'ssl/site.key')], [5, path.join(dir, 'ssl/site.pem')]]);
});

test('features never throw, at every position of broken and odd input', () => {
  const texts = [
    PRE + '<VirtualHost *:443\n  SSLProtocol +\n  SSLCipherSuite "HIGH:\n</VirtualHost>\n</Directory>\n<\n</\n<<>>\nSSLCipherSuite TLSv1.3\nSSLCipherSuite a b c\n',
    PRE + 'SSLProtocol \\\n  -all \\\n  +TLSv1.2\n# comment \\\ncontinued\nInclude\nIncludeOptional ${NOPE}/*.conf\nSSLCertificateFile\n',
    PRE + '<IfModule ssl_module>\n<VirtualHost>\n<Directory>\n<Location /x>\nSSLEngine\n',
  ];
  for (const text of texts) {
    const { ws, file } = one(text);
    const lines = text.split('\n');
    let calls = 0;
    for (let line = 0; line <= lines.length; line++) {
      for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character++) {
        const pos = { line, character };
        hover(ws, file, pos);
        const entries = complete(ws, file, pos);
        for (const e of entries) if (e.range) assert.ok(e.range.start.line === line || e.range.end.line === line, 'completion range on another line');
        calls++;
      }
    }
    assert.ok(calls > 50);
    assert.ok(Array.isArray(documentSymbols(ws, file)));
    assert.ok(Array.isArray(documentLinks(ws, file)));
  }
});

test('Apache names that are members of Object.prototype are no file directives and no known sections', () => {
  const file = '/etc/apache2/apache2.conf';
  const conf = '<Constructor x>\n</Constructor>\n<VirtualHost *:443>\n  SSLEngine on\n  constructor /etc/passwd\n  __proto__ /etc/passwd\n  toString /etc/passwd\n  SSLCertificateFile tls/missing.pem\n</VirtualHost>\n';
  const ws = new Workspace({ fs: new MemoryFileSystem({ [file]: conf }), settings: normalizeSettings({}), files: [file], workspaceFiles: [file] });
  const syms = documentSymbols(ws, file);
  assert.deepEqual(syms.map((s) => s.kind), ['block', 'server']);
  const vhost = ws.files.get(file)!.directives[1];
  const kinds = vhost.block!.map((d) => `${d.name} ${apacheFileArgOf(d, undefined)?.kind}`);
  assert.deepEqual(kinds, ['SSLEngine undefined', 'constructor undefined', '__proto__ undefined', 'toString undefined', 'SSLCertificateFile certificate']);
});
