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
