// Findings that share a position are ordered by rule id. The engine compares the ids' code points
// (no ICU collator to build on every run); for ids made of lowercase ASCII letters, digits and hyphens
// that is the English collation order the output has always had.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleOrder } from '../../server/src/engine/engine';
import { allRules } from '../../server/src/engine/rules/registry';

test('rule ids use only characters whose code point order is their English collation order', () => {
  for (const r of allRules()) assert.match(r.meta.id, /^[a-z0-9-]+$/);
});

test('ruleOrder agrees with localeCompare in English for every pair of rule ids', () => {
  const ids = allRules().map((r) => r.meta.id);
  for (const a of ids) for (const b of ids) assert.equal(ruleOrder(a, b), Math.sign(a.localeCompare(b, 'en')), `${a} vs ${b}`);
});
