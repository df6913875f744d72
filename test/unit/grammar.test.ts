// The TextMate grammars against scope assertions (test/grammar/*.test.*), with vscode-tmgrammar-test
// and the grammars as package.json contributes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const CLI = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function run(pattern: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, '-c', pattern], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('grammar scope assertions hold for nginx, Apache and Squid', () => {
  const r = run('test/grammar/*.test.*');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /tls\.test\.nginx run successfuly/);
  assert.match(r.out, /basic\.test\.apache run successfuly/);
  assert.match(r.out, /basic\.test\.squid run successfuly/);
});

test('a wrong scope assertion fails the grammar run', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'grammar', 'tmp-'));
  try {
    fs.writeFileSync(path.join(dir, 'wrong.test.nginx'), '# SYNTAX TEST "source.nginx" "must fail"\nssl_protocols TLSv1.2;\n# <------------- comment.line.number-sign.nginx\n');
    const r = run(path.relative(ROOT, path.join(dir, '*.test.nginx')));
    assert.notEqual(r.status, 0, r.out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
