// The TextMate grammars (syntaxes/*.tmLanguage.json) against the scope assertions in test/grammar/,
// run by vscode-tmgrammar-test's CLI. Grammars are passed with -g so the run does not depend on how the
// manifest lists them (the manifest test checks that); each file's header names the scope it tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const CLI = path.join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const GRAMMAR_DIR = path.join(ROOT, 'syntaxes');
const CASES_DIR = path.join(ROOT, 'test', 'grammar');

const grammars = fs.readdirSync(GRAMMAR_DIR).filter((f) => f.endsWith('.tmLanguage.json')).map((f) => path.join('syntaxes', f));
const cases = fs.readdirSync(CASES_DIR).filter((f) => /\.test\.[a-z]+$/.test(f)).sort();

function runCli(pattern: string): { status: number | null; out: string } {
  const args = [CLI, '--compact', ...grammars.flatMap((g) => ['-g', g]), pattern];
  // A timeout turns a hang (a runaway regex in a grammar or an assertion line) into a failure.
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

function assertionCount(file: string): number {
  return fs.readFileSync(path.join(CASES_DIR, file), 'utf8').split(/\r?\n/).filter((l) => /^#\s*(\^|<~*-)/.test(l)).length;
}

test('every grammar scope assertion in test/grammar holds', () => {
  assert.deepEqual(grammars.map((g) => path.basename(g)).sort(), ['apache.tmLanguage.json', 'nginx.tmLanguage.json', 'squid.tmLanguage.json']);
  const r = runCli('test/grammar/*.test.*');
  assert.equal(r.status, 0, r.out);
  for (const file of cases) assert.ok(r.out.includes(`${path.join('test', 'grammar', file)} run successfuly`), `${file} was not run:\n${r.out}`);
});

test('each dialect has scope tests of substance', () => {
  const perScope = new Map<string, number>();
  for (const file of cases) {
    const header = fs.readFileSync(path.join(CASES_DIR, file), 'utf8').split(/\r?\n/, 1)[0];
    const scope = /SYNTAX TEST "([^"]+)"/.exec(header)?.[1];
    assert.ok(scope, `${file}: missing SYNTAX TEST header`);
    perScope.set(scope, (perScope.get(scope) ?? 0) + assertionCount(file));
  }
  assert.ok((perScope.get('source.nginx') ?? 0) >= 25, `nginx: ${perScope.get('source.nginx')}`);
  assert.ok((perScope.get('source.apacheconf') ?? 0) >= 8, `apache: ${perScope.get('source.apacheconf')}`);
  assert.ok((perScope.get('source.squid') ?? 0) >= 8, `squid: ${perScope.get('source.squid')}`);
});

// vscode-tmgrammar-test compares excluded scopes exactly (`- comment` never matches
// `comment.line.number-sign.nginx`, so it checks nothing), and its assertion parser backtracks
// without end on a second ` - `: both are kept out of the case files.
test('excluded scopes are full scope names, after a single "-"', () => {
  const problems: string[] = [];
  for (const file of cases) {
    fs.readFileSync(path.join(CASES_DIR, file), 'utf8').split(/\r?\n/).forEach((line, i) => {
      if (!/^#\s*(\^|<~*-)/.test(line)) return;
      const parts = line.replace(/^#\s*(?:\^+|<~*-+)/, '').split(/\s-(?:\s|$)/);
      if (parts.length > 2) problems.push(`${file}:${i + 1}: more than one " - "`);
      for (const scope of (parts[1] ?? '').split(/\s+/).filter(Boolean)) {
        if (!/^[\w-]+(\.[\w-]+)*\.(nginx|apacheconf|squid|lua)$/.test(scope)) problems.push(`${file}:${i + 1}: "${scope}" is not a full scope name`);
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('a wrong scope assertion fails the run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-grammar-'));
  try {
    // Column 0 of `ssl_protocols` is a directive name, not a comment.
    fs.writeFileSync(path.join(dir, 'wrong.test.nginx'), '# SYNTAX TEST "source.nginx" "must fail"\nssl_protocols TLSv1.2;\n# <------------- comment.line.number-sign.nginx\n');
    const r = runCli(path.join(dir, '*.test.nginx'));
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /missing required scopes: \[? *comment\.line\.number-sign\.nginx/i);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
