// splitNginxDump: the output of `nginx -T` back into the files nginx read, byte for byte. Checked on
// hand-made dumps for the edge cases, and on real `nginx -T` output (the stock /etc/nginx and a tree
// with awkward files) against the files on disk.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeNginxDump, splitNginxDump } from '../../server/src/engine/syntax/nginxDump';
import { oracleOrSkip } from '../helpers/oracle';
import { nginxDump, nginxDumpTree, tempTree } from '../cli/helpers';

/** What nginx writes for each file: header, the bytes, one LF (ngx_dump_config in src/core/nginx.c). */
const record = (file: string, text: string, lf = '\n'): string => `# configuration file ${file}:${lf}${text}${lf}`;
const STATUS = 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n';

test('records split back into exact texts: trailing newline or not, empty files, blank lines at the end', () => {
  const files = [
    { path: '/etc/nginx/nginx.conf', text: 'events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n' },
    { path: '/etc/nginx/conf.d/no-newline.conf', text: 'server {\n    listen 80;\n}' },
    { path: '/etc/nginx/conf.d/empty.conf', text: '' },
    { path: '/etc/nginx/conf.d/blank-tail.conf', text: 'server {}\n\n\n' },
    { path: '/etc/nginx/conf.d/crlf.conf', text: 'server {\r\n    listen 81;\r\n}\r\n' },
  ];
  const dump = STATUS + files.map((f) => record(f.path, f.text)).join('');
  const out = splitNginxDump(dump);
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.files.map((f) => ({ path: f.path, text: f.text })), files);
  // startLine: the dump line of each file's first line (0-based).
  const lines = dump.split('\n');
  for (const f of out.files) {
    assert.equal(lines[f.startLine - 1], `# configuration file ${f.path}:`);
  }
  assert.equal(out.files[0].startLine, 3);
});

test('stdout alone, stderr appended after it, and Windows line feeds', () => {
  const body = record('/etc/nginx/nginx.conf', 'events {}\n') + record('/etc/nginx/b.conf', 'x;');
  assert.deepEqual(splitNginxDump(body).files.map((f) => f.text), ['events {}\n', 'x;']);
  const appended = body + 'nginx: [warn] the "ssl" directive is deprecated in /etc/nginx/b.conf:1\n' + STATUS;
  const a = splitNginxDump(appended);
  assert.deepEqual(a.files.map((f) => f.text), ['events {}\n', 'x;']);
  const windows = record('C:/nginx/conf/nginx.conf', 'events {}\r\n', '\r\n') + record('C:/nginx/conf/b.conf', 'x;', '\r\n');
  const w = splitNginxDump(windows);
  assert.deepEqual(w.files.map((f) => [f.path, f.text]), [['C:/nginx/conf/nginx.conf', 'events {}\r\n'], ['C:/nginx/conf/b.conf', 'x;']]);
  assert.deepEqual(w.problems, []);
});

test('problems: no markers, a failed test, a duplicate record; a relative "header" is text', () => {
  const failed = 'nginx: [emerg] unknown directive "ssl_protocol" in /etc/nginx/nginx.conf:12\nnginx: configuration file /etc/nginx/nginx.conf test failed\n';
  const f = splitNginxDump(failed);
  assert.deepEqual(f.files, []);
  assert.ok(f.problems.some((p) => p.includes('unknown directive "ssl_protocol" in /etc/nginx/nginx.conf:12')), f.problems.join('\n'));
  assert.ok(f.problems.some((p) => p.includes('no "# configuration file')));
  const dup = splitNginxDump(record('/a/nginx.conf', 'one;\n') + record('/a/nginx.conf', 'two;\n') + record('/a/b.conf', '# configuration file b.conf:\nx;\n'));
  assert.deepEqual(dup.files.map((x) => [x.path, x.text]), [['/a/nginx.conf', 'one;\n'], ['/a/b.conf', '# configuration file b.conf:\nx;\n']]);
  assert.deepEqual(dup.problems, ['/a/nginx.conf appears twice (nginx dumps each file once): the first copy is used']);
});

test('looksLikeNginxDump tells dumps from configuration files', () => {
  assert.ok(looksLikeNginxDump(STATUS + record('/etc/nginx/nginx.conf', '')));
  assert.ok(looksLikeNginxDump(record('/etc/nginx/nginx.conf', 'events {}\n')));
  assert.ok(!looksLikeNginxDump('events {}\n# configuration file for the site\nhttp {}\n'));
  assert.ok(!looksLikeNginxDump('server { listen 80; }\n'));
});

/** Every record of a real dump equals the file on disk, byte for byte. */
function assertMatchesDisk(text: string, expectedFirst: string): string[] {
  const out = splitNginxDump(text);
  assert.deepEqual(out.problems, []);
  assert.ok(out.files.length > 0);
  assert.equal(out.files[0].path, expectedFirst);
  for (const f of out.files) assert.equal(f.text, fs.readFileSync(f.path, 'utf8'), `${f.path} differs from the disk`);
  return out.files.map((f) => f.path);
}

test('real nginx -T of the stock configuration: every file exactly as on disk', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  const stock = '/etc/nginx/nginx.conf';
  if (!fs.existsSync(stock)) {
    t.skip('no stock /etc/nginx/nginx.conf here');
    return;
  }
  const run = nginxDump([]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /syntax is ok/);
  const paths = assertMatchesDisk(run.stdout, stock);
  // With 2>&1 the status lines come first: the same files.
  assert.deepEqual(assertMatchesDisk(run.stderr + run.stdout, stock), paths);
});

test('real nginx -T of awkward files: no final newline, empty, CRLF, a glob include', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  const tree = tempTree({
    'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include sites/plain;\n}\n',
    'conf.d/a.conf': 'server {\n    listen 127.0.0.1:8081;\n}',
    'conf.d/b.conf': '',
    'conf.d/c.conf': 'server {\r\n    listen 127.0.0.1:8082;\r\n}\r\n\r\n',
    'sites/plain': '# configuration file in a comment:\nserver { listen 127.0.0.1:8083; }\n',
  });
  try {
    const run = nginxDumpTree(tree.dir);
    assert.equal(run.status, 0, run.stderr);
    const paths = assertMatchesDisk(run.stdout, path.join(tree.dir, 'nginx.conf'));
    assert.deepEqual(paths.map((p) => path.relative(tree.dir, p)), ['nginx.conf', 'conf.d/a.conf', 'conf.d/b.conf', 'conf.d/c.conf', 'sites/plain']);
  } finally {
    tree.cleanup();
  }
});
