import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, ruleDocsUrl } from '../../server/src/engine/rules/registry';
import { renderRuleDoc, renderRuleIndex } from '../../server/src/tools/ruleDocs';

const ROOT = path.join(__dirname, '../../..');
const RULES_MD = path.join(ROOT, '..', 'shared', 'RULES.md');

test('docs/rules pages are generated from the current metadata (run `npm run docs`)', () => {
  const stale: string[] = [];
  for (const r of allRules()) {
    const file = path.join(ROOT, 'docs', 'rules', `${r.meta.id}.md`);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== renderRuleDoc(r.meta)) stale.push(r.meta.id);
  }
  const index = path.join(ROOT, 'docs', 'rules', 'README.md');
  if (!fs.existsSync(index) || fs.readFileSync(index, 'utf8') !== renderRuleIndex(allRules().map((r) => r.meta))) stale.push('README.md');
  assert.deepEqual(stale, []);
});

test('rule metadata is complete and ids are unique', () => {
  const ids = allRules().map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of allRules()) {
    assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(r.meta.description.length > 10, `${r.meta.id}: description`);
    assert.ok(r.meta.docs.what.length > 40, `${r.meta.id}: docs.what`);
    assert.ok(r.meta.docs.why.length > 40, `${r.meta.id}: docs.why`);
    if (r.meta.fixable) assert.ok(r.meta.docs.fix, `${r.meta.id}: fixable rules say what the fix does`);
    assert.equal(ruleDocsUrl(r.meta.id).endsWith(`/docs/rules/${r.meta.id}.md`), true);
  }
});

test('rule ids are the catalog ids (shared/RULES.md) where the catalog is available', (t) => {
  if (!fs.existsSync(RULES_MD)) {
    t.skip('shared/RULES.md not beside the checkout');
    return;
  }
  const catalog = new Set([...fs.readFileSync(RULES_MD, 'utf8').matchAll(/^\| ([a-z0-9-]+) \|/gm)].map((m) => m[1]));
  // Ids beyond the catalog are tlslint's own additions, each named here on purpose: rules only one
  // dialect has carry that dialect's prefix (`squid-…`), and the socket-level listen check (issue 7).
  const ADDITIONS = new Set(['unused-suppression', 'listen-options-conflict']);
  const ownDialect = (r: ReturnType<typeof allRules>[number]) => r.meta.dialects.length === 1 && r.meta.id.startsWith(`${r.meta.dialects[0]}-`);
  const unknown = allRules().filter((r) => !ownDialect(r)).map((r) => r.meta.id).filter((id) => !catalog.has(id) && !ADDITIONS.has(id));
  assert.deepEqual(unknown, []);
  // Every catalog rule tlslint has keeps its exact id: no addition is a near-spelling of a catalog id.
  const near = (a: string, b: string) => a !== b && Math.abs(a.length - b.length) <= 2 && [...a].filter((c, i) => b[i] !== c).length <= 2;
  for (const id of allRules().map((r) => r.meta.id).filter((x) => !catalog.has(x))) {
    assert.deepEqual([...catalog].filter((c) => near(id, c)), [], `${id} looks like a misspelt catalog id`);
  }
});
