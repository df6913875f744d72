// The --fix loop (server/src/cli/fix.ts) with scripted engines: fixes that would break a file, fixes
// that overlap, fixes that never converge, fixes spanning files. The real rules never produce most of
// these, which is why the loop must survive them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine, LintRequest, LintResult } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { TextIndex } from '../../server/src/engine/syntax/text';
import type { Finding, Fix } from '../../server/src/engine/types';
import { MAX_FIX_PASSES, newFixSession, runFixLoop } from '../../server/src/engine/fixLoop';

type Rule = (file: string, text: string) => Finding[];

/** An engine whose findings come from `rules` applied to each requested file's current text. */
function scriptedEngine(rules: Rule[], counter = { lints: 0 }): Engine {
  return {
    lint(req: LintRequest): LintResult {
      counter.lints++;
      const findings = new Map<string, Finding[]>();
      for (const f of req.files) {
        const text = req.fs.readFile(f) ?? '';
        findings.set(f, rules.flatMap((r) => r(f, text)));
      }
      return { findings, problems: [], workspace: { files: new Map() }, dependents: () => [], includedFiles: () => [] } as unknown as LintResult;
    },
  } as unknown as Engine;
}

/** A finding at the first match of `re` whose one fix replaces the match with `replacement`. */
function replaceRule(id: string, re: RegExp, replacement: string | ((m: string) => string), safety: Fix['safety'] = 'safe', otherFile?: { file: string; at: number; newText: string }): Rule {
  return (file, text) => {
    const out: Finding[] = [];
    const idx = new TextIndex(text);
    for (const m of text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))) {
      const range = { start: idx.positionAt(m.index!), end: idx.positionAt(m.index! + m[0].length) };
      const edits = [{ file, range, newText: typeof replacement === 'string' ? replacement : replacement(m[0]) }];
      if (otherFile) edits.push({ file: otherFile.file, range: { start: { line: 0, character: otherFile.at }, end: { line: 0, character: otherFile.at } }, newText: otherFile.newText });
      out.push({ ruleId: id, severity: 'warning', message: id, file, range, fixes: [{ title: id, safety, edits }] });
    }
    return out;
  };
}

function run(files: Record<string, string>, rules: Rule[], options: { safety?: Fix['safety']; canEdit?: (f: string) => boolean; counter?: { lints: number } } = {}) {
  const fs = new MemoryFileSystem(files);
  const session = newFixSession();
  const result = runFixLoop({
    engine: scriptedEngine(rules, options.counter),
    baseFs: fs,
    request: { files: Object.keys(files), workspaceFiles: Object.keys(files), settings: normalizeSettings({}) },
    safety: options.safety ?? 'safe',
    canEdit: options.canEdit ?? (() => true),
    session,
  });
  const texts = Object.fromEntries(Object.keys(files).map((f) => [f, session.overlay.get(f) ?? files[f]]));
  return { session, result, texts };
}

test('a fix that would make a file parse worse leaves it untouched and is reported', () => {
  const { texts, session } = run({ '/a.conf': 'server {\n    listen 443;\n}\n', '/b.conf': 'listen 80;\n' }, [
    replaceRule('breaks', /listen 443;/, 'listen 443 {'),
    replaceRule('fine', /listen 80;/, 'listen 80 default_server;'),
  ]);
  assert.equal(texts['/a.conf'], 'server {\n    listen 443;\n}\n');
  assert.equal(texts['/b.conf'], 'listen 80 default_server;\n');
  assert.equal(session.failures.length, 1);
  assert.equal(session.failures[0].file, '/a.conf');
  assert.match(session.failures[0].reason, /^a fix \(breaks\) would leave text that does not parse$/);
  assert.deepEqual(session.applied.map((a) => a.ruleId), ['fine']);
});

test('files changed together by one fix are reverted together', () => {
  // The fix edits /a.conf fine but breaks /b.conf: neither may keep half of it.
  const { texts, session } = run({ '/a.conf': 'ssl on;\n', '/b.conf': 'listen 443;\n' }, [
    replaceRule('pair', /ssl on;/, '', 'safe', { file: '/b.conf', at: 0, newText: '}' }),
  ]);
  assert.deepEqual(texts, { '/a.conf': 'ssl on;\n', '/b.conf': 'listen 443;\n' });
  assert.equal(session.applied.length, 0);
  assert.equal(session.failures.length, 1);
});

test('overlapping and touching fixes wait for the next pass; identical edits apply once', () => {
  const counter = { lints: 0 };
  const { texts } = run(
    { '/a.conf': 'ssl_protocols TLSv1 TLSv1.2;\n' },
    [
      // Both want the argument list: the second touches the first's range end.
      replaceRule('set', /TLSv1 TLSv1\.2/, 'TLSv1.2 TLSv1.3'),
      (file, text) => {
        const m = /(TLSv1\.2)(;)/.exec(text);
        if (!m || text.includes('TLSv1.3')) return [];
        const idx = new TextIndex(text);
        const at = idx.positionAt(m.index + m[1].length);
        return [{ ruleId: 'add13', severity: 'info', message: 'add', file, range: { start: at, end: at }, fixes: [{ title: 'add', safety: 'safe', edits: [{ file, range: { start: at, end: at }, newText: ' TLSv1.3' }] }] }];
      },
      // Two rules proposing the very same edit.
      replaceRule('dup1', /^ssl_protocols/, 'ssl_protocols'),
      replaceRule('dup2', /^ssl_protocols/, 'ssl_protocols'),
    ],
    { counter },
  );
  assert.equal(texts['/a.conf'], 'ssl_protocols TLSv1.2 TLSv1.3;\n');
  // One lint, one pass with "set", one lint that offers nothing new (no-op edits do not count).
  assert.equal(counter.lints, 2);
});

test('fixes that never converge stop after the pass limit', () => {
  const counter = { lints: 0 };
  const { texts } = run({ '/a.conf': 'x;\n' }, [replaceRule('grow', /x+;/, (m) => 'x' + m)], { counter });
  assert.equal(texts['/a.conf'], 'x'.repeat(1 + MAX_FIX_PASSES) + ';\n');
  assert.equal(counter.lints, MAX_FIX_PASSES + 1);
});

test('suggestions only with --fix-unsafe; files that cannot be edited are skipped', () => {
  const rules = [replaceRule('suggest', /TLSv1 /, '', 'suggestion'), replaceRule('safe', /on;/, 'off;')];
  const safeOnly = run({ '/a.conf': 'ssl_protocols TLSv1 TLSv1.2;\ntickets on;\n' }, rules);
  assert.equal(safeOnly.texts['/a.conf'], 'ssl_protocols TLSv1 TLSv1.2;\ntickets off;\n');
  const both = run({ '/a.conf': 'ssl_protocols TLSv1 TLSv1.2;\ntickets on;\n' }, rules, { safety: 'suggestion' });
  assert.equal(both.texts['/a.conf'], 'ssl_protocols TLSv1.2;\ntickets off;\n');
  const locked = run({ '/a.conf': 'tickets on;\n' }, rules, { canEdit: () => false });
  assert.equal(locked.texts['/a.conf'], 'tickets on;\n');
  assert.equal(locked.session.applied.length, 0);
});

test('inserted line breaks follow the file: LF text becomes CRLF in a CRLF file', () => {
  const { texts } = run({ '/a.conf': 'server {\r\n    listen 443 ssl;\r\n}\r\n' }, [
    (file, text) => {
      if (text.includes('tickets')) return [];
      const at = { line: 0, character: 8 };
      return [{ ruleId: 'ins', severity: 'info', message: 'ins', file, range: { start: at, end: at }, fixes: [{ title: 'ins', safety: 'safe', edits: [{ file, range: { start: at, end: at }, newText: '\n    ssl_session_tickets off;' }] }] }];
    },
  ]);
  assert.equal(texts['/a.conf'], 'server {\r\n    ssl_session_tickets off;\r\n    listen 443 ssl;\r\n}\r\n');
});
