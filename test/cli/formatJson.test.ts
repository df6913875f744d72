// The JSON report written in pieces is the one document JSON.stringify makes of the whole report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPieces, toJson } from '../../server/src/cli/formatJson';
import type { FileReport } from '../../server/src/cli/report';
import type { Finding } from '../../server/src/engine/types';

const range = (line: number, character: number) => ({ start: { line, character }, end: { line, character: character + 3 } });

function finding(i: number): Finding {
  return {
    file: '/w/f.conf',
    ruleId: i % 2 ? 'weak-protocols' : 'syntax-error',
    severity: i % 3 ? 'warning' : 'error',
    message: `message ${i} with "quotes", a \\ and a line\nbreak`,
    range: range(i, i % 7),
    related: i % 2 ? [{ file: `/w/other${i}.conf`, range: range(i + 1, 0), message: 'set here' }] : undefined,
    fixes: i % 4 ? [] : [{ title: 'fix it', safety: 'safe', edits: [] }],
  };
}

function reports(n: number): FileReport[] {
  return Array.from({ length: n }, (_, k) => ({ file: `/w/f${k}.conf`, shown: `f${k}.conf`, findings: Array.from({ length: k % 5 }, (_, i) => finding(k * 10 + i)) }));
}

test('jsonPieces are the bytes of JSON.stringify(toJson(…), null, 2), whatever the piece size', () => {
  for (const n of [0, 1, 2, 17]) {
    const all = reports(n);
    const expected = JSON.stringify(toJson(all, '/w'), null, 2) + '\n';
    for (const chunk of [1, 100, 1 << 20]) {
      const pieces = [...jsonPieces(all, '/w', chunk)];
      assert.equal(pieces.join(''), expected, `${n} reports, pieces of ${chunk}`);
      if (chunk === 1) assert.equal(pieces.length, n === 0 ? 1 : n, 'one piece per file when every file fills one');
    }
  }
});

test('jsonPieces writes odd values as JSON.stringify does: escapes, lone surrogates, missing strings, positions that are not integers', () => {
  const odd: Finding[] = [
    { file: '/w/a.conf', ruleId: 'r', severity: 'info', message: 'tab\there \u0000 \u001f \u2028 \ud800 "q" \\ é 😀', range: range(0, 0) },
    { file: '/w/a.conf', ruleId: 'r', severity: 'error', message: 'm', range: range(2, 1), related: [], fixes: [{ title: 'a\nb', safety: 'suggestion', edits: [] }, { title: 'c', safety: 'safe', edits: [] }] },
    { file: '/w/a.conf', ruleId: 'r', severity: 'error', message: 'm', range: range(1, 1), related: [{ file: '/elsewhere/x.conf', range: range(3, 4), message: '' }, { file: '/w/sub/y.conf', range: range(0, 0), message: '\ud83d' }] },
  ];
  const broken = [
    { ...odd[1], message: undefined },
    { ...odd[1], range: { start: { line: Number.NaN, character: 0 }, end: { line: 1, character: 2 } } },
    { ...odd[1], range: { start: { line: 1.5, character: 0 }, end: { line: 1e21, character: -0 } } },
    { ...odd[2], related: [{ file: '/w/x.conf', range: range(1, 1), message: undefined }] },
    { ...odd[1], fixes: [{ title: 't', safety: undefined }] },
  ] as unknown as Finding[];
  const all: FileReport[] = [
    { file: '/w/a.conf', shown: 'a "quoted" \u00e9.conf', findings: odd },
    { file: '/w/b.conf', shown: 'b.conf', findings: [] },
    ...broken.map((f, i) => ({ file: `/w/c${i}.conf`, shown: `c${i}.conf`, findings: [odd[0], f] })),
    { file: '/w/d.conf', shown: undefined as unknown as string, findings: [odd[1]] },
  ];
  assert.equal([...jsonPieces(all, '/w', 1)].join(''), JSON.stringify(toJson(all, '/w'), null, 2) + '\n');
  for (const r of all) assert.equal([...jsonPieces([r], '/w')].join(''), JSON.stringify(toJson([r], '/w'), null, 2) + '\n', r.file);
});
