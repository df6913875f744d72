// Bad input never crashes the engine: seeded mutations of the rule fixtures are linted, and every
// finding's range must lie inside its document, and every fix must edit only inside the document and
// apply cleanly. (The large fuzzing campaign lives in `npm run fuzz`.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { applyEdits, TextIndex } from '../../server/src/engine/syntax/text';
import type { Range } from '../../server/src/engine/types';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/rules/nginx');

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SNIPPETS = ['{', '}', ';', '"', "'", '#', '\\', '\r\n', '\n', '\0', '\uFFFD', '${', 'server {', 'listen 443 ssl;', 'include *.conf;', 'ssl on;', 'ssl_protocols', '\u{1F512}'];

function mutate(text: string, rnd: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rnd() * (t.length + 1));
    const op = rnd();
    if (op < 0.35) t = t.slice(0, at) + SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] + t.slice(at);
    else if (op < 0.65) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 12));
    else if (op < 0.85) {
      const len = Math.floor(rnd() * 40);
      t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
    } else t = t.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + t.slice(at);
  }
  return t;
}

function inside(index: TextIndex, r: Range): boolean {
  const last = index.starts.length - 1;
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line <= last && p.character >= 0 && p.character <= index.lineText(p.line).length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

test('seeded mutations of every fixture: no exception, ranges inside, fixes apply', () => {
  const rnd = seeded(20261123);
  const sources = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
  const engine = new Engine();
  let findings = 0;
  let fixesApplied = 0;
  for (let round = 0; round < 600; round++) {
    const text = mutate(sources[round % sources.length], rnd);
    const file = '/fuzz/nginx.conf';
    const result = engine.lint({ fs: new MemoryFileSystem({ [file]: text, '/fuzz/other.conf': 'server { listen 443 ssl; }\n' }), files: [file], settings: normalizeSettings({}) });
    const index = new TextIndex(text);
    for (const f of result.findings.get(file) ?? []) {
      findings++;
      assert.ok(inside(index, f.range), `round ${round}: ${f.ruleId} range outside the document: ${JSON.stringify(f.range)}`);
      for (const fix of f.fixes ?? []) {
        const edits = fix.edits.filter((e) => e.file === file);
        for (const e of edits) assert.ok(inside(index, e.range), `round ${round}: ${f.ruleId} fix edits outside the document`);
        const out = applyEdits(text, edits);
        assert.equal(typeof out.text, 'string');
        fixesApplied++;
      }
    }
  }
  assert.ok(findings > 600, `mutations should produce findings (got ${findings})`);
  assert.ok(fixesApplied > 100);
});

test('hard inputs: deep nesting, a long line, NUL bytes, only braces', () => {
  const engine = new Engine();
  const cases = ['server {'.repeat(20000), '}'.repeat(5000), 'a'.repeat(2_000_000) + ';', 'ssl_protocols \0TLSv1;\0\0', '\uFEFF\uFEFFhttp {', '"'.repeat(1001), "include '*';".repeat(100)];
  for (const text of cases) {
    const file = '/hard/nginx.conf';
    const r = engine.lint({ fs: new MemoryFileSystem({ [file]: text }), files: [file], settings: normalizeSettings({}) });
    assert.ok(Array.isArray(r.findings.get(file)));
  }
});
