// Engine findings as LSP diagnostics: a finding naming thousands of related places sends a bounded few.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RELATED, pathToUri, toDiagnostic } from '../../server/src/lsp/convert';
import type { Finding } from '../../server/src/engine/types';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });

test('toDiagnostic sends at most MAX_RELATED related locations, the first ones, in order', () => {
  const related = Array.from({ length: 3 * MAX_RELATED }, (_, i) => ({ file: `/etc/apache2/sites-enabled/s${i}.conf`, range: at(i), message: `vhost ${i}` }));
  const finding: Finding = { ruleId: 'sni-no-default', severity: 'info', message: `${related.length + 1} vhosts share *:443`, file: '/etc/apache2/sites-enabled/a.conf', range: at(0), related };
  const d = toDiagnostic(finding, 0, 7);
  assert.equal(d.relatedInformation?.length, MAX_RELATED);
  assert.deepEqual(
    d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    related.slice(0, MAX_RELATED).map((r, i) => [pathToUri(r.file), i, `vhost ${i}`]),
  );
  assert.equal(finding.related?.length, 3 * MAX_RELATED, 'the finding itself keeps them all');
  const few = toDiagnostic({ ...finding, related: related.slice(0, 3) }, 0, 7);
  assert.equal(few.relatedInformation?.length, 3);
  assert.equal(toDiagnostic({ ...finding, related: undefined }, 0, 7).relatedInformation, undefined);
});

test('pathToUri gives the same URI on every call (cached) as on the first', () => {
  const p = '/etc/apache2/sites enabled/ä.conf';
  const first = pathToUri(p);
  assert.equal(first, 'file:///etc/apache2/sites%20enabled/%C3%A4.conf');
  assert.equal(pathToUri(p), first);
});
