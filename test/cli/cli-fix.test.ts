// `tlslint --fix` and friends, through the built CLI: files change exactly by the fixes, keep their
// line breaks and BOM, are not touched when there is nothing to fix, and a second run finds nothing
// fixable left. Where nginx is available, the fixed configuration must pass `nginx -t`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasBinary, oracleOrSkip } from '../helpers/oracle';
import { makeTestCertificate, nginxCheckTree } from '../helpers/nginxOracle';
import { runCli, tempTree, writeTree } from './helpers';

function project(files: Record<string, string | Buffer>): { dir: string; cleanup(): void } {
  const t = tempTree(files);
  if (hasBinary('openssl')) makeTestCertificate(path.join(t.dir, 'tls'), 'test');
  else writeTree(t.dir, { 'tls/test.crt': 'placeholder\n', 'tls/test.key': 'placeholder\n' });
  return t;
}

/** listen-ssl-missing (safe: add ssl) and hsts-not-always (safe: add always). */
const FIXABLE = `events {}
http {
    server {
        listen 443;
        server_name localhost;
        ssl_certificate     tls/test.crt;
        ssl_certificate_key tls/test.key;
        ssl_session_tickets off;
        add_header Strict-Transport-Security "max-age=63072000";
    }
}
`;

interface JsonReport {
  file: string;
  findings: { ruleId: string; severity: string; fixes: { safety: string }[] }[];
}

function lintJson(dir: string, args: string[]): JsonReport[] {
  const r = runCli(['--format', 'json', ...args], { cwd: dir });
  assert.notEqual(r.status, 2, r.stderr);
  return JSON.parse(r.stdout) as JsonReport[];
}

const safeFixable = (reports: JsonReport[]): string[] =>
  reports.flatMap((r) => r.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe')).map((f) => `${r.file}: ${f.ruleId}`));

test('--fix applies the safe fixes in place; a second run finds nothing safe to fix', (t) => {
  const p = project({ 'nginx.conf': FIXABLE });
  try {
    const before = lintJson(p.dir, ['nginx.conf']).flatMap((r) => r.findings.map((f) => f.ruleId));
    assert.ok(before.includes('listen-ssl-missing') && before.includes('hsts-not-always'), before.join(', '));
    const r = runCli(['--fix', 'nginx.conf'], { cwd: p.dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /applied \d+ fix(es)? in 1 file/);
    const fixed = fs.readFileSync(path.join(p.dir, 'nginx.conf'), 'utf8');
    assert.match(fixed, /^        listen 443 ssl;$/m);
    assert.match(fixed, /^        add_header Strict-Transport-Security "max-age=63072000" always;$/m);
    // Every other line is as it was.
    const untouched = (s: string) => s.split('\n').filter((l) => !/listen|add_header|ssl_session_tickets|ssl_prefer/.test(l));
    assert.deepEqual(untouched(fixed), untouched(FIXABLE));
    assert.deepEqual(safeFixable(lintJson(p.dir, ['nginx.conf'])), []);
    assert.ok(!fs.readdirSync(p.dir).some((n) => n.includes('.tlslint-')), 'no temp file left behind');

    const nginx = oracleOrSkip(t, 'nginx', { skipTest: false });
    if (nginx && hasBinary('openssl')) {
      const check = nginxCheckTree(p.dir);
      assert.ok(check.ok, `nginx -t rejects the fixed configuration: ${check.output}`);
    }
  } finally {
    p.cleanup();
  }
});

test('--fix leaves a file byte-identical (and unwritten) when there is nothing to fix', () => {
  const clean = 'events {}\r\nhttp {\r\n    server {\r\n        listen 80;\r\n    }\r\n}';
  const p = project({ 'nginx.conf': clean });
  try {
    const file = path.join(p.dir, 'nginx.conf');
    const old = new Date('2020-01-02T03:04:05Z');
    fs.utimesSync(file, old, old);
    const inode = fs.statSync(file).ino;
    const r = runCli(['--fix', 'nginx.conf'], { cwd: p.dir });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), clean);
    assert.equal(fs.statSync(file).mtimeMs, old.getTime());
    assert.equal(fs.statSync(file).ino, inode);
  } finally {
    p.cleanup();
  }
});

test('--fix keeps CRLF line breaks (also in inserted lines), the BOM and the file mode', () => {
  // session-tickets' safe fix inserts a whole line: it must get CRLF like its neighbours.
  const crlf = FIXABLE.replace('        ssl_session_tickets off;\n', '').replace(/\n/g, '\r\n');
  const withBom = '\uFEFF' + FIXABLE;
  const p = project({ 'crlf/nginx.conf': crlf, 'bom/nginx.conf': withBom });
  try {
    const crlfFile = path.join(p.dir, 'crlf/nginx.conf');
    fs.chmodSync(crlfFile, 0o640);
    const r = runCli(['--fix', 'crlf', 'bom'], { cwd: p.dir });
    assert.notEqual(r.status, 2, r.stderr);
    const fixed = fs.readFileSync(crlfFile, 'utf8');
    assert.notEqual(fixed, crlf, 'the file was fixed');
    assert.match(fixed, /listen 443 ssl;\r\n/);
    assert.match(fixed, /ssl_session_tickets off;\r\n/, 'the inserted line');
    assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    assert.equal(fs.statSync(crlfFile).mode & 0o777, 0o640);
    const bomBytes = fs.readFileSync(path.join(p.dir, 'bom/nginx.conf'));
    assert.deepEqual([...bomBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bomBytes.toString('utf8'), /listen 443 ssl;/);
  } finally {
    p.cleanup();
  }
});

test('--fix does not touch a file that is not valid UTF-8', () => {
  const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + FIXABLE)]);
  const p = project({ 'nginx.conf': latin1 });
  try {
    const r = runCli(['--fix', 'nginx.conf'], { cwd: p.dir });
    assert.match(r.stderr, /nginx\.conf: not fixed: not valid UTF-8/);
    assert.ok(fs.readFileSync(path.join(p.dir, 'nginx.conf')).equals(latin1));
    assert.equal(r.status, 1);
  } finally {
    p.cleanup();
  }
});

test('--fix-dry-run prints a diff and writes nothing', () => {
  const p = project({ 'nginx.conf': FIXABLE });
  try {
    const r = runCli(['--fix-dry-run', 'nginx.conf'], { cwd: p.dir });
    assert.equal(fs.readFileSync(path.join(p.dir, 'nginx.conf'), 'utf8'), FIXABLE);
    assert.match(r.stdout, /^--- a\/nginx\.conf\n\+\+\+ b\/nginx\.conf\n@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    assert.match(r.stdout, /^-        listen 443;$/m);
    assert.match(r.stdout, /^\+        listen 443 ssl;$/m);
    assert.match(r.stderr, /would apply/);
    // In JSON mode stdout stays JSON; the diff goes to stderr.
    const j = runCli(['--fix-dry-run', '--format', 'json', 'nginx.conf'], { cwd: p.dir });
    assert.doesNotThrow(() => JSON.parse(j.stdout));
    assert.match(j.stderr, /^\+        listen 443 ssl;$/m);
  } finally {
    p.cleanup();
  }
});

test('--fix applies only safe fixes; --fix-unsafe applies suggestions too', () => {
  const text = FIXABLE.replace('        ssl_session_tickets off;\n', '        ssl_session_tickets off;\n        ssl_protocols TLSv1 TLSv1.2;\n');
  const p = project({ 'safe/nginx.conf': text, 'unsafe/nginx.conf': text });
  try {
    runCli(['--fix', 'safe'], { cwd: p.dir });
    assert.match(fs.readFileSync(path.join(p.dir, 'safe/nginx.conf'), 'utf8'), /ssl_protocols TLSv1 TLSv1\.2;/);
    runCli(['--fix-unsafe', 'unsafe'], { cwd: p.dir });
    const fixed = fs.readFileSync(path.join(p.dir, 'unsafe/nginx.conf'), 'utf8');
    assert.match(fixed, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
    assert.match(fixed, /listen 443 ssl;/);
    const left = lintJson(p.dir, ['unsafe']).flatMap((r) => r.findings.filter((f) => f.fixes.length).map((f) => f.ruleId));
    assert.ok(!left.includes('protocol-deprecated'), left.join(', '));
  } finally {
    p.cleanup();
  }
});

test('--fix follows edits into other files (a listen in an included file)', () => {
  const main = `events {}
http {
    server {
        include listen.conf;
        ssl on;
        server_name localhost;
        ssl_certificate     tls/test.crt;
        ssl_certificate_key tls/test.key;
        ssl_session_tickets off;
    }
}
`;
  const p = project({ 'nginx.conf': main, 'listen.conf': 'listen 443;\n' });
  try {
    const r = runCli(['--fix', '.'], { cwd: p.dir });
    assert.notEqual(r.status, 2, r.stderr);
    assert.equal(fs.readFileSync(path.join(p.dir, 'listen.conf'), 'utf8'), 'listen 443 ssl;\n');
    assert.doesNotMatch(fs.readFileSync(path.join(p.dir, 'nginx.conf'), 'utf8'), /ssl on;/);
    const left = lintJson(p.dir, ['.']).flatMap((x) => x.findings.map((f) => f.ruleId));
    assert.ok(!left.includes('ssl-directive-deprecated') && !left.includes('listen-ssl-missing'), left.join(', '));
  } finally {
    p.cleanup();
  }
});

test('--fix through a symlink changes the target and keeps the link', () => {
  const p = project({ 'sites-available/site.conf': FIXABLE.replace('events {}\nhttp {\n', '').replace(/}\n$/, '') });
  try {
    fs.mkdirSync(path.join(p.dir, 'sites-enabled'));
    fs.symlinkSync('../sites-available/site.conf', path.join(p.dir, 'sites-enabled/site.conf'));
    const r = runCli(['--fix', 'sites-enabled/site.conf'], { cwd: p.dir });
    assert.notEqual(r.status, 2, r.stderr);
    assert.ok(fs.lstatSync(path.join(p.dir, 'sites-enabled/site.conf')).isSymbolicLink());
    assert.match(fs.readFileSync(path.join(p.dir, 'sites-available/site.conf'), 'utf8'), /listen 443 ssl;/);
  } finally {
    p.cleanup();
  }
});
