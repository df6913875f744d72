import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Engine } from '../../server/src/engine/engine';
import { suppressionFixes } from '../../server/src/engine/suppress';
import { applyEdits } from '../../server/src/engine/syntax/text';

const FILE = '/n/snippet.conf';

function lint(text: string, settings: unknown = {}) {
  const r = new Engine().lint({ fs: new MemoryFileSystem({ [FILE]: text }), files: [FILE], settings: normalizeSettings(settings) });
  return r.findings.get(FILE)!;
}

test('next-line suppression hides only that rule on the next line', () => {
  const text = '# tlslint-disable-next-line protocol-deprecated\nssl_protocols TLSv1 TLSv1.2 TLSv1.3;\nssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;\n';
  const ids = lint(text).map((f) => `${f.ruleId}@${f.range.start.line}`);
  assert.ok(!ids.includes('protocol-deprecated@1'));
  assert.ok(ids.includes('protocol-deprecated@2'));
  assert.ok(!ids.some((x) => x.startsWith('unused-suppression')));
});

test('file suppression before the first directive covers the file; after it, it does not apply', () => {
  assert.ok(!lint('# tlslint-disable protocol-deprecated\nssl_protocols TLSv1 TLSv1.2;\n').some((f) => f.ruleId === 'protocol-deprecated'));
  assert.ok(lint('ssl_ciphers ECDHE+AESGCM;\n# tlslint-disable protocol-deprecated\nssl_protocols TLSv1 TLSv1.2;\n').some((f) => f.ruleId === 'protocol-deprecated'));
});

test('a reason after -- is allowed; several ids; bare suppression covers all rules', () => {
  const text = '# tlslint-disable-next-line protocol-deprecated, protocol-tls13-missing -- legacy terminals\nssl_protocols TLSv1 TLSv1.2;\n';
  assert.deepEqual(lint(text).map((f) => f.ruleId), []);
  assert.deepEqual(lint('# tlslint-disable-next-line\nssl_protocols TLSv1 TLSv1.2;\n').map((f) => f.ruleId), []);
});

test('unused suppressions are reported with a fix that removes them; partly used ones name the unused id', () => {
  const text = 'ssl_ciphers ECDHE+AESGCM;\n# tlslint-disable-next-line protocol-deprecated\nssl_ciphers ECDHE+AESGCM;\n';
  const f = lint(text).find((x) => x.ruleId === 'unused-suppression');
  assert.ok(f, 'unused-suppression reported');
  assert.equal(f.range.start.line, 1);
  const fixed = applyEdits(text, f.fixes![0].edits).text;
  assert.equal(fixed, 'ssl_ciphers ECDHE+AESGCM;\nssl_ciphers ECDHE+AESGCM;\n');

  const partly = '# tlslint-disable-next-line protocol-deprecated, hsts-short\nssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n';
  const u = lint(partly).find((x) => x.ruleId === 'unused-suppression')!;
  assert.match(u.message, /hsts-short/);
  assert.equal(applyEdits(partly, u.fixes![0].edits).text, '# tlslint-disable-next-line protocol-deprecated\nssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n');
  assert.equal(lint('# tlslint-disable-next-line hsts-short\nssl_ciphers ECDHE+AESGCM;\n', { rules: { 'unused-suppression': 'off' } }).length, 0);
});

test('suppression quick fixes insert a comment that then suppresses the finding, keeping indentation and CRLF', () => {
  const text = 'server {\r\n    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\r\n}\r\n';
  const finding = lint(text).find((f) => f.ruleId === 'protocol-deprecated')!;
  const [line, file] = suppressionFixes(text, finding);
  const lineFixed = applyEdits(text, line.edits).text;
  assert.equal(lineFixed, 'server {\r\n    # tlslint-disable-next-line protocol-deprecated\r\n    ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\r\n}\r\n');
  assert.ok(!lint(lineFixed).some((f) => f.ruleId === 'protocol-deprecated' || f.ruleId === 'unused-suppression'));
  const fileFixed = applyEdits(text, file.edits).text;
  assert.ok(!lint(fileFixed).some((f) => f.ruleId === 'protocol-deprecated' || f.ruleId === 'unused-suppression'));
});

test('severity overrides and off from settings', () => {
  const text = 'ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n';
  assert.equal(lint(text, { rules: { 'protocol-deprecated': 'error' } }).find((f) => f.ruleId === 'protocol-deprecated')?.severity, 'error');
  assert.ok(!lint(text, { rules: { 'protocol-deprecated': 'off' } }).some((f) => f.ruleId === 'protocol-deprecated'));
});

test('removing unused ids: a repeated id, leading runs, runs in the middle (edits never overlap)', () => {
  const fixOf = (text: string) => {
    const u = lint(text).find((x) => x.ruleId === 'unused-suppression')!;
    const out = applyEdits(text, u.fixes![0].edits);
    assert.equal(out.skipped.length, 0, 'no edit of the fix is dropped as overlapping');
    return out.text;
  };
  const next = '\nssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n';
  // Found by the fuzzer: the same id twice gave two identical edits.
  assert.equal(fixOf(`# tlslint-disable-next-line hsts-short, protocol-deprecated, hsts-short${next}`), `# tlslint-disable-next-line protocol-deprecated${next}`);
  assert.equal(fixOf(`# tlslint-disable-next-line hsts-short, session-tickets, protocol-deprecated${next}`), `# tlslint-disable-next-line protocol-deprecated${next}`);
  assert.equal(fixOf(`# tlslint-disable-next-line protocol-deprecated hsts-short session-tickets${next}`), `# tlslint-disable-next-line protocol-deprecated${next}`);
  const noTls13 = '\nssl_protocols TLSv1 TLSv1.2;\n';
  assert.equal(
    fixOf(`# tlslint-disable-next-line hsts-short, protocol-deprecated, session-tickets, protocol-tls13-missing, hsts-lost${noTls13}`),
    `# tlslint-disable-next-line protocol-deprecated, protocol-tls13-missing${noTls13}`,
  );
});
