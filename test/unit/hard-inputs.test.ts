// Hard inputs end in a diagnostic, not a hang or a crash: include cycles (also n files that all include
// each other), symlink loops, a 50 MB file, binary files, 10,000-deep nesting, unreadable files and a
// directory given as a certificate. Work is asserted with deterministic counts (items placed, directory
// listings), never with a clock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Engine, type LintResult } from '../../server/src/engine/engine';
import { MemoryFileSystem, type FileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { Workspace } from '../../server/src/engine/model/workspace';
import { nginxSupport } from '../../server/src/engine/model/nginxSupport';
import { MAX_CHECKED_DEPTH, MAX_PARSE_LENGTH } from '../../server/src/engine/syntax/guard';
import { complete, documentLinks, documentSymbols, hover } from '../../server/src/engine/features';
import { TextIndex } from '../../server/src/engine/syntax/text';
import type { Dialect, Finding } from '../../server/src/engine/types';
import { rangeInside } from '../fuzz/fuzz';
import { apacheNameMatches } from '../../server/src/engine/model/apache/negotiation';

const settings = normalizeSettings({});

function lint(fsys: FileSystem, files: string[], extra: Partial<{ workspaceFiles: string[]; dialect: Dialect }> = {}): LintResult {
  return new Engine().lint({ fs: fsys, files, settings, ...extra });
}

function ids(findings: Finding[] | undefined): string[] {
  return (findings ?? []).map((f) => f.ruleId);
}

function tmpdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-hard-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A file name each dialect is detected by. */
const FILE_OF: Record<Dialect, string> = { nginx: '/h/nginx/nginx.conf', apache: '/h/apache2/apache2.conf', squid: '/h/squid/squid.conf' };
const DIALECTS: Dialect[] = ['nginx', 'apache', 'squid'];

// ---- include cycles ----

test('include cycles: a file including itself and two files including each other are reported', () => {
  const files = {
    '/c/nginx.conf': 'events {}\nhttp {\n    include a.conf;\n    include self.conf;\n}\n',
    '/c/a.conf': 'include b.conf;\n',
    '/c/b.conf': 'include a.conf;\n',
    '/c/self.conf': 'include self.conf;\n',
  };
  const r = lint(new MemoryFileSystem(files), Object.keys(files));
  assert.ok(ids(r.findings.get('/c/b.conf')).includes('include-cycle') || ids(r.findings.get('/c/a.conf')).includes('include-cycle'));
  assert.ok(ids(r.findings.get('/c/self.conf')).includes('include-cycle'));
});

test('include cycles: n files that all include *.conf expand a bounded number of times, not n! ways', () => {
  const placed: number[] = [];
  for (const n of [4, 8, 12]) {
    const files: Record<string, string> = { '/c/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n' };
    for (let i = 0; i < n; i++) files[`/c/conf.d/f${i}.conf`] = `include conf.d/*.conf;\nserver {\n    listen 443 ssl;\n    server_name f${i}.example.test;\n}\n`;
    const r = lint(new MemoryFileSystem(files), Object.keys(files));
    // Items placed in the root's expanded tree: each directive of each file, times the places it lands.
    const items = [...r.workspace.itemsOf.values()].reduce((a, list) => a + list.length, 0);
    placed.push(items);
    assert.ok(ids(r.findings.get('/c/conf.d/f0.conf')).includes('include-cycle'), `n=${n}: no include-cycle`);
    // Every server is still seen (from nginx.conf), so the rest of the rules still run on them.
    assert.ok(r.workspace.roots[0].files.size === n + 1);
  }
  // Quadratic at most (n files × n include targets), far from 12! = 479,001,600.
  assert.ok(placed[2] <= 12 * 12 * 10, `items placed for 12 files: ${placed[2]}`);
  assert.ok(placed[2] / placed[0] < (12 / 4) ** 2 * 2, `growth ${placed.join(' → ')}`);
});

// ---- symlink loops ----

test('symlink loops: a self-referencing link, a directory link back up, a link to the includer', () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'conf.d'));
  fs.symlinkSync('loop.conf', path.join(dir, 'conf.d', 'loop.conf')); // ELOOP
  fs.symlinkSync('..', path.join(dir, 'conf.d', 'up')); // conf.d/up/conf.d/up/…
  fs.symlinkSync('../nginx.conf', path.join(dir, 'conf.d', 'back.conf')); // the includer itself
  fs.writeFileSync(path.join(dir, 'conf.d', 'ok.conf'), 'server {\n    listen 443 ssl;\n}\n');
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, 'events {}\nhttp {\n    include conf.d/*.conf;\n    include conf.d/up/conf.d/up/conf.d/*.conf;\n    include conf.d/loop.conf;\n}\n');
  const r = lint(new NodeFileSystem(), [main, path.join(dir, 'conf.d', 'ok.conf')]);
  const found = r.findings.get(main) ?? [];
  assert.ok(found.some((f) => f.ruleId === 'include-cycle' && /nginx\.conf → nginx\.conf/.test(f.message)), JSON.stringify(found.map((f) => f.message)));
  assert.ok(found.some((f) => f.ruleId === 'include-unresolved' && f.message.includes('conf.d/loop.conf')), 'the looping link is named');
  // ok.conf is reached (through both patterns); nothing else is invented.
  assert.ok(r.workspace.roots.some((root) => root.files.has(path.join(dir, 'conf.d', 'ok.conf'))));
});

test('symlink loops: a directory include follows two links back up a bounded number of times', () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'inc'));
  fs.writeFileSync(path.join(dir, 'inc', 'a.conf'), 'x;\n');
  fs.symlinkSync('.', path.join(dir, 'inc', 'l1'));
  fs.symlinkSync('.', path.join(dir, 'inc', 'l2'));
  const disk = new NodeFileSystem();
  let listings = 0;
  const counting: FileSystem = { ...disk, readFile: (p) => disk.readFile(p), stat: (p) => disk.stat(p), realPath: (p) => disk.realPath(p), listDir: (p) => (listings++, disk.listDir(p)) };
  const ws = new Workspace({ fs: counting, files: [], settings });
  // A dialect whose includes take directories (as Apache's do), driven through the same resolver.
  const { targets } = ws.resolvePattern(path.join(dir, 'inc'), dir, { ...nginxSupport, includesDirectories: true });
  assert.deepEqual(targets, [path.join(dir, 'inc', 'a.conf')]);
  assert.ok(listings <= 4, `directory listings: ${listings} (2^16 without the guard)`);
});

// ---- size, binary, nesting ----

for (const dialect of DIALECTS) {
  test(`a 50 MB ${dialect} file is refused with one diagnostic, not parsed`, () => {
    const file = FILE_OF[dialect];
    const line = dialect === 'nginx' ? 'ssl_protocols TLSv1 TLSv1.1;\n' : dialect === 'apache' ? 'SSLProtocol all\n' : 'https_port 443 tls-cert=/x.pem\n';
    const text = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    assert.ok(text.length > MAX_PARSE_LENGTH);
    const r = lint(new MemoryFileSystem({ [file]: text }), [file]);
    const found = r.findings.get(file) ?? [];
    assert.deepEqual(ids(found), ['syntax-error']);
    assert.match(found[0].message, /50\.0 MB, more than the 16\.0 MB tlslint parses/);
    assert.equal(found[0].severity, 'warning');
    assert.equal(r.workspace.files.get(file)?.directives.length, 0);
  });

  test(`a binary ${dialect} file gets one diagnostic, not a syntax error per byte`, () => {
    const file = FILE_OF[dialect];
    // The start of a gzip stream, then noise: what `include conf.d/*` finds next to a rotated log.
    const bytes = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]), Buffer.from('{;}"\'<>\n'.repeat(2000))]);
    const text = bytes.toString('utf8');
    const r = lint(new MemoryFileSystem({ [file]: text }), [file]);
    const found = r.findings.get(file) ?? [];
    assert.deepEqual(ids(found), ['syntax-error']);
    assert.match(found[0].message, /binary file/);
    assert.ok(rangeInside(new TextIndex(text), found[0].range));
  });
}

test('a binary file included by a glob is reported on itself; its includer lints as usual', () => {
  const files = {
    '/b/nginx.conf': 'events {}\nhttp {\n    include conf.d/*;\n}\n',
    '/b/conf.d/site.conf': 'server {\n    listen 443 ssl;\n}\n',
    '/b/conf.d/site.conf.gz': '\u001f\u008b\b\0\0\0\0\0garbage{{{;;;',
  };
  const r = lint(new MemoryFileSystem(files), Object.keys(files));
  assert.deepEqual(ids(r.findings.get('/b/conf.d/site.conf.gz')), ['syntax-error']);
  assert.ok(!ids(r.findings.get('/b/nginx.conf')).includes('syntax-error'));
  assert.ok(ids(r.findings.get('/b/conf.d/site.conf')).includes('cert-missing'));
});

const OPEN: Record<Dialect, [string, string]> = {
  nginx: ['location / {\n', '}\n'],
  apache: ['<IfModule mod_ssl.c>\n', '</IfModule>\n'],
  squid: ['if true\n', 'endif\n'],
};

for (const dialect of DIALECTS) {
  test(`10,000-deep nesting (${dialect}): lint and every feature answer; ranges stay inside`, () => {
    const file = FILE_OF[dialect];
    const [open, close] = OPEN[dialect];
    const text = 'server {\n'.repeat(dialect === 'nginx' ? 1 : 0) + open.repeat(10000) + 'ssl_protocols SSLv3;\n' + close.repeat(10000) + '}\n'.repeat(dialect === 'nginx' ? 1 : 0);
    const r = lint(new MemoryFileSystem({ [file]: text }), [file]);
    const index = new TextIndex(text);
    for (const f of r.findings.get(file) ?? []) assert.ok(rangeInside(index, f.range), `${f.ruleId} ${JSON.stringify(f.range)}`);
    assert.deepEqual(r.problems.filter((p) => /failed/.test(p)), []);
    const deepest = { line: 10000, character: 2 };
    hover(r.workspace, file, deepest);
    complete(r.workspace, file, deepest);
    documentSymbols(r.workspace, file);
    documentLinks(r.workspace, file);
    if (dialect === 'nginx') {
      const notes = (r.findings.get(file) ?? []).filter((f) => f.ruleId === 'syntax-error' && f.message.includes(`more than ${MAX_CHECKED_DEPTH} deep`));
      assert.equal(notes.length, 1, 'the depth limit is said once');
      assert.equal(notes[0].range.start.line, MAX_CHECKED_DEPTH, 'at the first block past the limit (line 0 is the server)');
    }
  });
}

// ---- unreadable files, directories ----

/** Disk-like: these paths exist (stat says so) but reading them fails, as with chmod 000 for a non-root user. */
function unreadable(base: MemoryFileSystem, paths: string[]): FileSystem {
  const denied = new Set(paths);
  return {
    readFile: (p) => (denied.has(p) ? undefined : base.readFile(p)),
    readBytes: (p) => (denied.has(p) ? undefined : base.readBytes(p)),
    stat: (p) => base.stat(p),
    listDir: (p) => base.listDir(p),
  };
}

test('unreadable files: an included file and a certificate each get a diagnostic naming them', () => {
  const base = new MemoryFileSystem({
    '/u/nginx.conf': 'events {}\nhttp {\n    include secret.conf;\n    server {\n        listen 443 ssl;\n        ssl_certificate tls/a.pem;\n        ssl_certificate_key tls/a.key;\n    }\n}\n',
    '/u/secret.conf': 'ssl_protocols TLSv1.2;\n',
    '/u/tls/a.pem': 'x',
    '/u/tls/a.key': 'x',
  });
  const r = lint(unreadable(base, ['/u/secret.conf', '/u/tls/a.pem']), ['/u/nginx.conf']);
  const found = r.findings.get('/u/nginx.conf') ?? [];
  const inc = found.find((f) => f.ruleId === 'include-unresolved');
  assert.ok(inc && /secret\.conf exists but cannot be read/.test(inc.message), JSON.stringify(found.map((f) => f.message)));
  const cert = found.find((f) => f.ruleId === 'cert-unreadable');
  assert.ok(cert && cert.range.start.line === 5, JSON.stringify(found.map((f) => [f.ruleId, f.message])));
});

test('unreadable files on disk: a file the process may not read (when not root)', { skip: process.getuid?.() === 0 ? 'running as root: permissions do not stop reads' : false }, () => {
  const dir = tmpdir();
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, 'events {}\nhttp {\n    include locked.conf;\n}\n');
  fs.writeFileSync(path.join(dir, 'locked.conf'), 'ssl_protocols TLSv1.2;\n');
  fs.chmodSync(path.join(dir, 'locked.conf'), 0);
  const r = lint(new NodeFileSystem(), [main]);
  assert.ok((r.findings.get(main) ?? []).some((f) => f.ruleId === 'include-unresolved' && /cannot be read/.test(f.message)));
});

test('a directory given as certificate and key: cert-unreadable says it is a directory', () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'tls', 'certs'), { recursive: true });
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, 'events {}\nhttp {\n    server {\n        listen 443 ssl;\n        ssl_certificate tls/certs;\n        ssl_certificate_key tls/certs/;\n    }\n}\n');
  const found = lint(new NodeFileSystem(), [main]).findings.get(main) ?? [];
  const dirs = found.filter((f) => f.ruleId === 'cert-unreadable' && /is a directory/.test(f.message));
  assert.deepEqual(dirs.map((f) => f.range.start.line), [4, 5]);
  assert.ok(!found.some((f) => f.ruleId === 'cert-file-not-found'), 'a directory exists: not "not found"');
});

test('a <VirtualHost> line of 10,000 garbage addresses is linted in memory that grows with it, not with its square', () => {
  // Found by `npm run fuzz`: every address of the line was labelled with all of them, and each argument
  // looked up listed every argument (4.7 GB of heap and 83 s; now about 30 MB). Heap size, not a clock:
  // V8 keeps the heap it grew to for a while, and the quadratic run grew it by gigabytes.
  const line = `<VirtualHost *:443${'<Directory "/x"> '.repeat(10_000)}\n`;
  const text = `${line}SSLEngine on\nSSLCertificateFile /x.pem\n</VirtualHost>\n`;
  const before = v8.getHeapStatistics().total_heap_size;
  const r = lint(new MemoryFileSystem({ '/a/apache2.conf': text }), ['/a/apache2.conf']);
  const grewMb = (v8.getHeapStatistics().total_heap_size - before) / 1e6;
  assert.ok((r.findings.get('/a/apache2.conf') ?? []).length > 0);
  assert.ok(grewMb < 500, `the heap grew by ${grewMb.toFixed(0)} MB`);
});

// ---- wildcard names ----

test('a 100 kB wildcard ServerAlias: the SNI rules finish without a rule failure and still compare names', () => {
  // Found by `npm run fuzz`: the pattern, made into a RegExp, was "too large" for V8, and
  // sni-duplicate-name failed on it.
  const file = FILE_OF.apache;
  const huge = 'a.' + '"'.repeat(50_000) + '*' + '"'.repeat(50_000);
  const vhost = (names: string) => `<VirtualHost *:443>\n  ${names}\n  SSLEngine on\n  SSLCertificateFile /c.pem\n</VirtualHost>\n`;
  const text = `Listen 443\n${vhost(`ServerName one.test\n  ServerAlias ${huge} *.shop.test`)}${vhost('ServerName x.shop.test')}`;
  const r = lint(new MemoryFileSystem({ [file]: text }), [file]);
  assert.deepEqual(r.problems.filter((p) => /failed/.test(p)), []);
  // The second vhost's name is taken by the first one's *.shop.test: the wildcard still matches.
  assert.ok(ids(r.findings.get(file)).includes('sni-duplicate-name'), ids(r.findings.get(file)).join(', '));
});

test('apacheNameMatches agrees with the RegExp it replaced on small random patterns and names', () => {
  const viaRegExp = (p: string, n: string) => new RegExp(`^${p.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(n.toLowerCase());
  let seed = 7;
  const rand = (k: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
  const pick = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
  for (let i = 0; i < 20_000; i++) {
    const pattern = pick('aB.*?*(', 7);
    const name = pick('abA.*(', 8);
    assert.equal(apacheNameMatches(pattern, name), viaRegExp(pattern, name), `${JSON.stringify(pattern)} ~ ${JSON.stringify(name)}`);
  }
  assert.ok(apacheNameMatches('*.Example.com', 'www.example.COM'));
  assert.ok(!apacheNameMatches('*.example.com', 'example.com'));
  assert.ok(apacheNameMatches('w?w.*', 'www.x'));
  // A pattern that makes a backtracking RegExp take exponential time stays within pattern × name steps.
  assert.ok(!apacheNameMatches('*a'.repeat(40) + 'b', 'a'.repeat(250)));
  // No client can send a name longer than 255 characters.
  assert.ok(!apacheNameMatches('*', 'a'.repeat(256)));
});
