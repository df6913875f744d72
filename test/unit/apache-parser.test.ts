// The Apache httpd parser: words, quoting and escapes, line continuation, comments, sections, ranges,
// recovery, robustness, and Debian's /etc/apache2 tree as a corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseApache, type ApacheSyntaxProblem } from '../../server/src/engine/syntax/apache';
import { TextIndex } from '../../server/src/engine/syntax/text';
import type { Directive, ParsedFile } from '../../server/src/engine/syntax/tree';
import { comparePositions, type Range } from '../../server/src/engine/types';

type R = [number, number, number, number];
const r = (range: Range): R => [range.start.line, range.start.character, range.end.line, range.end.character];

function allDirectives(list: Directive[]): Directive[] {
  const out: Directive[] = [];
  const stack: Directive[][] = [list];
  while (stack.length) {
    const items = stack.pop()!;
    for (const d of items) {
      out.push(d);
      if (d.block) stack.push(d.block);
    }
  }
  return out;
}

function checkInvariants(p: ParsedFile): void {
  const index = new TextIndex(p.text);
  const lastLine = index.starts.length - 1;
  const inText = (range: Range, what: string): void => {
    assert.ok(comparePositions(range.start, range.end) <= 0, `${what}: start after end ${JSON.stringify(range)}`);
    for (const pos of [range.start, range.end]) {
      assert.ok(pos.line >= 0 && pos.line <= lastLine, `${what}: line ${pos.line} outside the text`);
      assert.ok(pos.character >= 0 && pos.character <= index.lineText(pos.line).length, `${what}: column ${pos.character} outside line ${pos.line}`);
    }
  };
  for (const d of allDirectives(p.directives)) {
    inText(d.range, `directive ${d.name}`);
    inText(d.nameRange, `name of ${d.name}`);
    assert.equal(d.lname, d.name.toLowerCase());
    for (const a of d.args) {
      inText(a.range, `arg ${a.raw}`);
      assert.equal(index.slice(a.range), a.raw, 'raw is the source of the range');
    }
    if (d.blockOpenRange) inText(d.blockOpenRange, 'open tag');
    if (d.blockCloseRange) inText(d.blockCloseRange, 'close tag');
  }
  for (const c of p.comments) inText(c.range, 'comment');
  for (const pr of p.problems) inText(pr.range, `problem ${pr.message}`);
}

function parse(text: string): ParsedFile {
  const p = parseApache('/t/httpd.conf', text);
  checkInvariants(p);
  return p;
}

const problems = (p: ParsedFile): ApacheSyntaxProblem[] => p.problems as ApacheSyntaxProblem[];

test('directives: names keep their case, lname is lower-cased, words split on blanks', () => {
  const p = parse('SSLProtocol  -all\t+TLSv1.2 +TLSv1.3\nsslengine On\n');
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.directives.map((d) => [d.name, d.lname, d.args.map((a) => a.text)]), [
    ['SSLProtocol', 'sslprotocol', ['-all', '+TLSv1.2', '+TLSv1.3']],
    ['sslengine', 'sslengine', ['On']],
  ]);
  const d = p.directives[0];
  assert.deepEqual(r(d.nameRange), [0, 0, 0, 11]);
  assert.deepEqual(r(d.args[1].range), [0, 18, 0, 26]);
  assert.deepEqual(r(d.range), [0, 0, 0, 35]);
});

test('quotes: double and single quotes, escapes of the quote and of the backslash, words after a closing quote', () => {
  const p = parse(`Header always set Strict-Transport-Security "max-age=63072000; includeSubDomains"\nSSLCipherSuite 'HIGH:\\'x' "a\\"b" c\\\\d e\\f\n`);
  const [h, c] = p.directives;
  assert.deepEqual(h.args.map((a) => [a.text, a.quoted]), [['always', false], ['set', false], ['Strict-Transport-Security', false], ['max-age=63072000; includeSubDomains', true]]);
  assert.deepEqual(c.args.map((a) => a.text), ["HIGH:'x", 'a"b', 'c\\d', 'e\\f']);
  assert.equal(c.args[0].raw, "'HIGH:\\'x'");
  const glued = parse('SSLEngine "on"x\n');
  assert.deepEqual(glued.directives[0].args.map((a) => a.text), ['on', 'x'], 'httpd starts a new word after the closing quote');
  assert.ok(glued.problems[0].hazard);
  const open = parse('SSLEngine "on\n');
  assert.deepEqual(open.directives[0].args.map((a) => a.text), ['on']);
  assert.match(open.problems[0].message, /unterminated quote/);
  assert.ok(open.problems[0].hazard);
});

test('comments: only at the start of a line; a # after arguments is an argument and a problem', () => {
  const p = parse('# top\n   \t# indented\nSSLProtocol all # not a comment\n');
  assert.deepEqual(p.comments.map((c) => c.text), [' top', ' indented']);
  assert.deepEqual(p.directives[0].args.map((a) => a.text), ['all', '#', 'not', 'a', 'comment']);
  const [pr] = problems(p);
  assert.match(pr.message, /comment only at the beginning of a line/);
  assert.deepEqual(r(pr.range), [2, 16, 2, 31]);
  assert.equal(pr.hazard, undefined, 'mod_ssl directives refuse the extra arguments: an error');
  const header = parse('Header set X-Color #fff\n');
  assert.equal(header.problems.length, 1);
  assert.equal(header.problems[0].hazard, true, 'other directives may take a #… value: a hazard');
  assert.equal(parse('SSLCipherSuite "HIGH:#x"\n').problems.length, 0, 'a # inside quotes is text');
});

test('line continuation: a backslash right before the line break joins the next line, blanks kept', () => {
  const p = parse('SSLEngine o\\\nn\nSSLProtocol -all \\\n    +TLSv1.2\n');
  assert.deepEqual(p.directives.map((d) => d.args.map((a) => a.text)), [['on'], ['-all', '+TLSv1.2']]);
  const on = p.directives[0].args[0];
  assert.deepEqual(r(on.range), [0, 10, 1, 1], 'the argument spans both lines');
  assert.equal(on.raw, 'o\\\nn');
  assert.deepEqual(r(p.directives[1].args[1].range), [3, 4, 3, 12]);
  const split = parse('SSLEngine o\\\n   n\n');
  assert.deepEqual(split.directives[0].args.map((a) => a.text), ['o', 'n'], 'leading blanks of the next line are kept');
  const crlf = parse('SSLEngine o\\\r\nn\r\n');
  assert.deepEqual(crlf.directives[0].args.map((a) => a.text), ['on']);
  const notCont = parse('SSLEngine on\\ \nfoo\n');
  assert.deepEqual(notCont.directives.map((d) => d.name), ['SSLEngine', 'foo'], 'a blank after the backslash ends the line');
  const comment = parse('# comment \\\nSSLProtocol foo\nSSLEngine on\n');
  assert.equal(comment.comments.length, 1);
  assert.deepEqual(comment.directives.map((d) => d.name), ['SSLEngine'], 'a comment ending in \\ swallows the next line');
});

test('line breaks: a lone CR ends an editor line but not httpd\'s (it is a blank there); CR LF is one break', () => {
  const p = parse('SSLEngine on\rSSLProtocol all\r\n  ServerName x\r\n<IfModule m>\r\n</IfModule>');
  assert.deepEqual(p.directives.map((d) => [d.name, d.args.map((a) => a.text)]), [['SSLEngine', ['on', 'SSLProtocol', 'all']], ['ServerName', ['x']], ['IfModule', ['m']]]);
  const [engine, name, section] = p.directives;
  assert.deepEqual(r(engine.args[1].range), [1, 0, 1, 11]);
  assert.deepEqual(r(engine.range), [0, 0, 1, 15]);
  assert.deepEqual(r(name.nameRange), [2, 2, 2, 12]);
  assert.deepEqual(r(section.range), [3, 0, 4, 11], 'a section ends at the end of its closing tag, on the last line');
});

test('sections: nesting, ranges, case-insensitive closing tags, arguments before the last >', () => {
  const text = '<VirtualHost *:443 [::]:443>\n  ServerName a.example\n  <IfModule ssl_module>\n    SSLEngine on\n  </ifmodule>\n</VirtualHost>\n';
  const p = parse(text);
  assert.equal(p.problems.length, 0);
  const [vh] = p.directives;
  assert.equal(vh.name, 'VirtualHost');
  assert.equal(vh.lname, 'virtualhost');
  assert.deepEqual(vh.args.map((a) => a.text), ['*:443', '[::]:443']);
  assert.deepEqual(r(vh.nameRange), [0, 1, 0, 12]);
  assert.deepEqual(r(vh.blockOpenRange!), [0, 0, 0, 28]);
  assert.deepEqual(r(vh.blockCloseRange!), [5, 0, 5, 14]);
  assert.deepEqual(r(vh.range), [0, 0, 5, 14]);
  assert.deepEqual(vh.block!.map((d) => d.lname), ['servername', 'ifmodule']);
  assert.deepEqual(vh.block![1].block!.map((d) => d.name), ['SSLEngine']);
  assert.ok(vh.terminated);
  const q = parse('<VirtualHost "*:443">\n</VirtualHost> trailing\n<Directory />\n</Directory>\n');
  assert.equal(q.problems.length, 0);
  assert.deepEqual(q.directives.map((d) => d.args.map((a) => a.text)), [['*:443'], ['/']]);
});

test('section errors: unclosed, stray and mismatched closing tags, missing >, missing argument', () => {
  const unclosed = problems(parse('<VirtualHost *:443>\nSSLEngine on\n'));
  assert.equal(unclosed.length, 1);
  assert.deepEqual(unclosed[0].apache, { message: '<VirtualHost> was not closed.', line: 1 });
  const stray = problems(parse('SSLEngine on\n</VirtualHost>\n'));
  assert.deepEqual(stray[0].apache, { message: '</VirtualHost> without matching <VirtualHost> section', line: 2 });
  const mismatch = parse('<VirtualHost *:1>\n<Directory />\n</VirtualHost>\nSSLEngine on\n');
  assert.deepEqual(problems(mismatch)[0].apache, { message: 'Expected </Directory> but saw </VirtualHost>', line: 3 });
  assert.deepEqual(mismatch.directives.map((d) => d.name), ['VirtualHost', 'SSLEngine'], 'recovers: the outer section is closed');
  assert.equal(mismatch.directives[0].block![0].blockCloseRange, undefined);
  const noGt = problems(parse('<VirtualHost *:443\n</VirtualHost>\n'));
  assert.deepEqual(noGt[0].apache, { message: "<VirtualHost> directive missing closing '>'", line: 1 });
  const closeArgs = problems(parse('<VirtualHost *:1>\n</VirtualHost foo>\n'));
  assert.deepEqual(closeArgs[0].apache, { message: "</VirtualHost> directive missing closing '>'", line: 2 });
  const noArg = problems(parse('<VirtualHost>\n</VirtualHost>\n'));
  assert.deepEqual(noArg[0].apache, { message: '<VirtualHost> directive requires additional arguments', line: 1 });
  const ifmod = problems(parse('<IfModule ssl_module>\nSSLEngine on\n'));
  assert.equal(ifmod.length, 1);
  assert.equal(ifmod[0].apache, undefined, 'httpd accepts an unclosed true <IfModule>, rejects a false one');
  assert.match(ifmod[0].message, /not closed/);
});

test('line numbers of predictions count the last physical line of a joined line', () => {
  const p = problems(parse('# a\nSSLEngine on\n\\\n</VirtualHost>\n'));
  // Line 3 is a lone backslash: it joins line 4, so the stray tag is on httpd's line 4.
  assert.deepEqual(p[0].apache, { message: '</VirtualHost> without matching <VirtualHost> section', line: 4 });
});

test('robustness: deep nesting, garbage and big inputs parse without throwing', () => {
  const depth = 50_000;
  const deep = parseApache('/t/deep.conf', '<IfModule a>\n'.repeat(depth) + '</IfModule>\n'.repeat(depth));
  assert.equal(deep.problems.length, 0);
  let d = deep.directives[0];
  let n = 1;
  while (d.block && d.block.length) {
    d = d.block[0];
    n++;
  }
  assert.equal(n, depth);
  const unclosed = parseApache('/t/u.conf', '<VirtualHost *:1>\n'.repeat(20_000));
  assert.equal(unclosed.problems.length, 1000, 'problems are capped');
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ['<', '>', '/', '"', "'", '\\', '#', ' ', '\t', '\n', '\r', 'a', 'B', '$', '{', '}', 'é', '\u{1F600}', '\\\n'];
  for (let k = 0; k < 200; k++) {
    let s = '';
    const len = Math.floor(rnd() * 300);
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    checkInvariants(parseApache('/t/fuzz.conf', s));
  }
  const big = 'SSLProtocol -all +TLSv1.2\n<VirtualHost *:443>\nServerName x\n</VirtualHost>\n'.repeat(20_000);
  const parsed = parseApache('/t/big.conf', big);
  assert.equal(parsed.directives.length, 40_000);
});

test("corpus: every file of Debian's /etc/apache2 parses with no problem", (t) => {
  const rootDir = '/etc/apache2';
  if (!fs.existsSync(path.join(rootDir, 'apache2.conf'))) {
    t.skip('/etc/apache2 not installed (CI installs the apache2 package)');
    return;
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.(conf|load)$/.test(name)) files.push(p);
    }
  };
  walk(rootDir);
  assert.ok(files.length > 50, `found ${files.length} files`);
  let directives = 0;
  for (const f of files) {
    const p = parseApache(f, fs.readFileSync(f, 'utf8'));
    checkInvariants(p);
    assert.deepEqual(p.problems.map((x) => x.message), [], f);
    directives += allDirectives(p.directives).length;
  }
  assert.ok(directives > 300, `${directives} directives`);
});

test('positions and one-line ranges are shared across files and frozen; the values stay exact', () => {
  const text = '<VirtualHost *:443>\n    ServerName a.example.test\n    SSLEngine on\n</VirtualHost>\n';
  // Parsed twice: whatever the shared tables held before, the second parse finds every span of the text.
  parseApache('/t/sites/a.conf', text);
  const a = parseApache('/t/sites/a.conf', text);
  const b = parseApache('/t/sites/b.conf', text.replace('a.example', 'b.example'));
  const [va, vb] = [a.directives[0], b.directives[0]];
  const [na, nb] = [va.block![0], vb.block![0]];
  // The same span in two files: one object. Different spans: different objects with their own values.
  assert.equal(na.nameRange, nb.nameRange);
  assert.equal(na.args[0].range, nb.args[0].range);
  assert.equal(va.nameRange.start, vb.nameRange.start);
  assert.deepEqual(r(na.range), [1, 4, 1, 29]);
  assert.deepEqual(r(na.nameRange), [1, 4, 1, 14]);
  assert.deepEqual(r(va.block![1].args[0].range), [2, 14, 2, 16]);
  assert.notEqual(na.range, na.nameRange);
  // A directive's range and name range start at one position; its last argument ends where it does.
  assert.equal(na.range.start, na.nameRange.start);
  assert.equal(na.range.end, na.args[0].range.end);
  assert.ok(Object.isFrozen(na.nameRange) && Object.isFrozen(na.nameRange.start), 'shared objects cannot be changed through one holder');
  assert.throws(() => {
    (na.nameRange.start as { line: number }).line = 7;
  }, TypeError);
  assert.deepEqual(r(va.range), [0, 0, 3, 14]);
});
