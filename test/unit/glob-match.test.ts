// Include globs are matched without regular expressions (model/globMatch.ts): the same answers as the
// regular-expression translation where that one is well-defined, and an answer where it throws or would
// backtrack for ever.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatcher } from '../../server/src/engine/model/globMatch';
import { expandGlob, globSegmentToRegExp } from '../../server/src/engine/model/paths';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { seededRng } from '../fuzz/fuzz';

test('agrees with the regular-expression translation on 20,000 seeded segment/name pairs', () => {
  const rnd = seededRng(7);
  const from = (alphabet: string, max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  let matched = 0;
  for (let i = 0; i < 20000; i++) {
    const seg = from('ab.*?-', 8) || '*';
    const name = from('ab.-', 10);
    const expected = globSegmentToRegExp(seg).test(name);
    assert.equal(globMatcher(seg)(name), expected, `${JSON.stringify(seg)} vs ${JSON.stringify(name)}`);
    if (expected) matched++;
  }
  assert.ok(matched > 1000, `matches: ${matched}`);
});

test('classes, negation, ranges, literal brackets, leading dots', () => {
  const m = (seg: string, name: string) => globMatcher(seg)(name);
  assert.ok(m('[ab].conf', 'a.conf') && m('[ab].conf', 'b.conf') && !m('[ab].conf', 'c.conf'));
  assert.ok(m('[!a]*', 'bcd') && !m('[!a]*', 'abc') && m('[^a]*', 'bcd'));
  assert.ok(m('site[0-9][0-9].conf', 'site42.conf') && !m('site[0-9].conf', 'sitex.conf'));
  assert.ok(m('[]x]', ']') && m('[]x]', 'x'), '] first in a class is literal');
  assert.ok(m('a[b', 'a[b') && !m('a[b', 'ab'), 'an unclosed [ is literal');
  assert.ok(!m('[z-a]', 'm') && !m('[z-a]', 'a'), 'a reversed range holds nothing (and does not throw)');
  assert.ok(!m('*', '.hidden') && !m('?hidden', '.hidden') && m('.*', '.hidden'));
  assert.ok(m('*', '') === true || m('*', '') === false); // defined, whatever the answer
});

test('hostile patterns: huge, reversed ranges, backtracking bombs', () => {
  const name = 'a'.repeat(255);
  assert.equal(globMatcher('*a'.repeat(100) + 'b')(name), false);
  assert.equal(globMatcher('*a'.repeat(100))(name), true);
  assert.equal(globMatcher('*.con' + '#'.repeat(67000))('x.conf'), false);
  const fs = new MemoryFileSystem({ '/g/x.conf': '', '/g/y.conf': '' });
  assert.deepEqual(expandGlob(fs, '/g/[z-a]*.conf'), []);
  assert.deepEqual(expandGlob(fs, '/g/*.con' + '#'.repeat(67000)), []);
  assert.deepEqual(expandGlob(fs, '/g/*.conf'), ['/g/x.conf', '/g/y.conf']);
});
