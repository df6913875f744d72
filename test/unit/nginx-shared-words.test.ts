// The nginx parser finds repeated words in a table of recent words by a hash of their characters
// computed while it reads them, instead of hashing each word into two maps (sharedAt in
// syntax/nginx.ts). These tests compare every word of the tree with the text it was read from, on
// inputs full of words that are alike: same length, same first and last characters, equal hashes
// modulo the table size, prefixes of each other.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginx } from '../../server/src/engine/syntax/nginx';
import { walkDirectives } from '../../server/src/engine/syntax/tree';

/** Deterministic pseudo-random numbers (the tests must fail the same way every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every directive's name and arguments, as read, against the words the text was made of. */
function checkWords(text: string, expected: string[][]): void {
  const parsed = parseNginx('/t/nginx.conf', text);
  assert.deepEqual(parsed.problems, []);
  const got: string[][] = [];
  walkDirectives(parsed.directives, (d) => {
    got.push([d.name, ...d.args.map((a) => a.text)]);
    for (const a of d.args) assert.equal(a.raw, a.text);
  });
  assert.deepEqual(got, expected);
}

test('words alike in length and outer characters are told apart, whichever came first', () => {
  const next = rng(7);
  const alphabet = 'ab01./_';
  const lines: string[][] = [];
  for (let i = 0; i < 4000; i++) {
    const words: string[] = [];
    const n = 1 + Math.floor(next() * 4);
    for (let k = 0; k < n; k++) {
      // Short words over a small alphabet, all starting and ending alike: many share a length, and
      // every one of them comes back many times.
      const len = 1 + Math.floor(next() * 6);
      let w = 'x';
      for (let j = 0; j < len; j++) w += alphabet[Math.floor(next() * alphabet.length)];
      words.push(w + 'z');
    }
    lines.push(words);
  }
  checkWords(lines.map((w) => w.join(' ') + ';').join('\n'), lines);
});

test('words whose hashes agree modulo the table are told apart', () => {
  // With h = 31h + c, "Aa" and "BB" hash alike, and so does every word made of those pairs.
  const pairs = ['Aa', 'BB'];
  const words: string[] = [];
  for (let m = 0; m < 64; m++) {
    let w = '';
    for (let b = 0; b < 6; b++) w += pairs[(m >> b) & 1];
    words.push(w);
  }
  const lines: string[][] = [];
  for (let round = 0; round < 5; round++) for (let i = 0; i < words.length; i++) lines.push(['set', words[i], words[(i * 7 + round) % words.length]]);
  checkWords(lines.map((w) => w.join(' ') + ';').join('\n'), lines);
});

test('prefixes, escapes, quotes and long words next to repeated short ones', () => {
  const lines: string[][] = [];
  const text: string[] = [];
  const words = ['on', 'o', 'onn', 'off', 'of', 'tls/cert0.pem', 'tls/cert1.pem', 'tls/cert10.pem', 'x'.repeat(40), 'x'.repeat(41), 'y'.repeat(39)];
  for (let round = 0; round < 30; round++) {
    for (const w of words) {
      lines.push(['ssl', w]);
      text.push(`ssl ${w};`);
    }
    // An escaped word and a quoted one of the same text come back as that text, never as another word.
    lines.push(['ssl', 'on']);
    text.push(`ssl "on";`);
  }
  const parsed = parseNginx('/t/nginx.conf', text.join('\n'));
  const got: string[][] = [];
  walkDirectives(parsed.directives, (d) => got.push([d.name, ...d.args.map((a) => a.text)]));
  assert.deepEqual(got, lines);
});

test('the words of one file are read right after many other files filled the table', () => {
  const next = rng(11);
  for (let f = 0; f < 20; f++) {
    const lines: string[][] = [];
    for (let i = 0; i < 300; i++) {
      const w = `w${Math.floor(next() * 50)}_${f % 3}`;
      lines.push(['d' + Math.floor(next() * 5), w, w.slice(0, 1 + Math.floor(next() * w.length))]);
    }
    checkWords(lines.map((w) => w.join(' ') + ';').join('\n'), lines);
  }
});

test('words seen once in a file, or once in each of several files, are read as written', () => {
  // The table of words seen once is each parse's own: a word's second occurrence in a file is found
  // there (and internalized), and a file's first occurrences never meet another file's entries.
  const next = rng(23);
  for (let f = 0; f < 6; f++) {
    const lines: string[][] = [];
    for (let i = 0; i < 400; i++) {
      // Equal lengths, equal first and last characters: only the middle tells them apart; about half
      // of them come back once, far from their first occurrence, and the same names recur in every file.
      const a = `p${String(Math.floor(next() * 900) + 100)}q`;
      const b = `/srv/www/s${String(Math.floor(next() * 9000) + 1000)}.example.test`;
      lines.push(['root', b, a]);
    }
    checkWords(lines.map((w) => w.join(' ') + ';').join('\n'), lines);
  }
});
