// The Squid reader: lines, continuations, comments, quoted values, option ranges, recovery; and the
// parser corpus: Debian's default /etc/squid/squid.conf (thousands of comment lines) parses and lints
// with no finding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseSquid, splitOption } from '../../server/src/engine/syntax/squid';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings } from '../../server/src/engine/settings';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { oracleOrSkip } from '../helpers/oracle';

const parse = (text: string) => parseSquid('/etc/squid/squid.conf', text);

test('one directive per line, arguments with exact ranges, comments kept', () => {
  const p = parse('# a comment\nhttp_port 3128\n  https_port 3129 tls-cert=/etc/squid/a.pem # trailing\n');
  assert.deepEqual(p.directives.map((d) => d.name), ['http_port', 'https_port']);
  const d = p.directives[1];
  assert.deepEqual(d.args.map((a) => a.text), ['3129', 'tls-cert=/etc/squid/a.pem']);
  assert.deepEqual(d.nameRange, { start: { line: 2, character: 2 }, end: { line: 2, character: 12 } });
  assert.deepEqual(d.args[1].range, { start: { line: 2, character: 18 }, end: { line: 2, character: 43 } });
  assert.deepEqual(d.range.end, { line: 2, character: 43 });
  assert.deepEqual(p.comments.map((c) => c.text), [' a comment', ' trailing']);
  assert.deepEqual(p.problems, []);
});

test('key=value options split into a value with its own range', () => {
  const d = parse('https_port 3129 tls-dh=prime256v1:/etc/squid/dh.pem\n').directives[0];
  const kv = splitOption(d.args[1])!;
  assert.equal(kv.key, 'tls-dh');
  assert.equal(kv.value.text, 'prime256v1:/etc/squid/dh.pem');
  assert.deepEqual(kv.value.range, { start: { line: 0, character: 23 }, end: { line: 0, character: 51 } });
  assert.equal(splitOption(parse('x ssl-bump\n').directives[0].args[0]), undefined);
});

test('a trailing backslash continues the directive; the next line is glued on without a space', () => {
  const p = parse('https_port 3129 \\\n    tls-cert=/a.pem \\\n# a comment inside\n\n  tls-key=/b.pem\nhttp_port 3128\n');
  assert.deepEqual(p.directives.map((d) => d.name), ['https_port', 'http_port']);
  const d = p.directives[0];
  assert.deepEqual(d.args.map((a) => a.text), ['3129', 'tls-cert=/a.pem', 'tls-key=/b.pem']);
  assert.deepEqual(d.args[2].range, { start: { line: 4, character: 2 }, end: { line: 4, character: 16 } });
  assert.equal(p.comments.length, 1);
  // Without a blank before the backslash the pieces become one token, as in Squid.
  const glued = parse('acl a dstdomain exam\\\n  ple.com\n').directives[0];
  assert.deepEqual(glued.args.map((a) => a.text), ['a', 'dstdomain', 'example.com']);
  assert.deepEqual(glued.args[2].range, { start: { line: 0, character: 16 }, end: { line: 1, character: 9 } });
});

test('positions on lines read in place and on glued lines: a trailing comment is one comment per piece', () => {
  const p = parse('acl a src 10.0.0.1\r\n\t http_port 3128 # one \\\n  two\nhttps_port 3129 "q \\"x\\"" tls-cert=/a.pem\n');
  assert.deepEqual(p.directives.map((d) => [d.name, d.args.map((a) => a.text)]), [
    ['acl', ['a', 'src', '10.0.0.1']],
    ['http_port', ['3128']],
    ['https_port', ['3129', 'q "x"', 'tls-cert=/a.pem']],
  ]);
  assert.deepEqual(p.directives[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 18 } });
  assert.deepEqual(p.directives[1].nameRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
  assert.deepEqual(p.directives[1].range.end, { line: 1, character: 16 });
  assert.deepEqual(p.comments, [
    { text: ' one ', range: { start: { line: 1, character: 17 }, end: { line: 1, character: 23 } } },
    { text: 'two', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } } },
  ]);
  const q = p.directives[2].args[1];
  assert.equal(q.raw, '"q \\"x\\""');
  assert.deepEqual(q.range, { start: { line: 3, character: 16 }, end: { line: 3, character: 25 } });
  assert.deepEqual(p.directives[2].range.end, { line: 3, character: 41 });
});

test('lower-cased names (ASCII and not) and each line with its own arguments', () => {
  const p = parse('HTTPS_Port 3129 a=1\nhttp_port\nÜBER_x y\nacl a b c d e f g h i j k l m n o p q r\n');
  assert.deepEqual(p.directives.map((d) => [d.name, d.lname, d.args.length]), [['HTTPS_Port', 'https_port', 2], ['http_port', 'http_port', 0], ['ÜBER_x', 'über_x', 1], ['acl', 'acl', 18]]);
  assert.deepEqual(p.directives[3].args.map((a) => a.text).join(''), 'abcdefghijklmnopqr');
});

test('a backslash followed by blanks is no continuation', () => {
  const p = parse('http_port 3128 \\ \nhttps_port 3129\n');
  assert.equal(p.directives.length, 2);
});

test('a continuation at the end of the file is reported and the parser still returns the directive', () => {
  const p = parse('http_port 3128\nhttps_port 3129 \\');
  assert.equal(p.directives.length, 1);
  assert.equal(p.problems.length, 1);
  assert.match(p.problems[0].message, /drops this unfinished directive/);
  assert.equal(p.problems[0].range.start.line, 1);
});

test('quoted values: unquoted text, raw kept, unterminated quotes reported', () => {
  const p = parse('acl a note k "v w"\nacl b note k "open\n');
  assert.deepEqual(p.directives[0].args.map((a) => a.text), ['a', 'note', 'k', 'v w']);
  assert.equal(p.directives[0].args[3].raw, '"v w"');
  assert.equal(p.directives[0].args[3].quoted, true);
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0].range.start.line, 1);
});

test('macros stay as written; # inside a token is not a comment; CRLF, tabs and a BOM are handled', () => {
  const p = parse('\uFEFFhttps_port\t3129 tls-cert=/etc/squid/${service_name}.pem\r\nacl a url_regex a#b\r\n');
  assert.deepEqual(p.directives.map((d) => d.name), ['https_port', 'acl']);
  assert.equal(p.directives[0].args[1].text, 'tls-cert=/etc/squid/${service_name}.pem');
  assert.equal(p.directives[1].args[2].text, 'a#b');
  assert.deepEqual(p.directives[0].nameRange.start, { line: 0, character: 1 });
});

test('the parser never throws and stays linear on hostile input', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ['a', ' ', '\\', '\n', '"', "'", '#', '=', ':', '\t', '\r', 'x'];
  for (let i = 0; i < 200; i++) {
    let s = '';
    for (let j = 0; j < 200; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    assert.doesNotThrow(() => parse(s));
  }
  const big = 'http_port 3128 tls-cert=/x \\\n'.repeat(20000) + 'end\n';
  const t0 = process.hrtime.bigint();
  const p = parse(big);
  assert.equal(p.directives.length, 1);
  assert.equal(p.directives[0].args.length, 1 + 3 * 20000 - 1);
  // Generous bound: a quadratic reader would take minutes here.
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e9 < 10);
});

test('corpus: Debian\'s default /etc/squid/squid.conf parses and lints with no finding', (t) => {
  const file = '/etc/squid/squid.conf';
  if (!fs.existsSync(file)) {
    if (!oracleOrSkip(t, 'squid')) return;
  }
  const text = fs.readFileSync(file, 'utf8');
  const p = parseSquid(file, text);
  assert.deepEqual(p.problems, []);
  assert.ok(p.comments.length > 1000, `expected thousands of comment lines, got ${p.comments.length}`);
  assert.ok(p.directives.some((d) => d.name === 'http_port'));
  const result = new Engine().lint({ fs: new NodeFileSystem(), files: [file], settings: normalizeSettings({}) });
  const findings = [...result.findings.values()].flat();
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
});

test('the workspace follows Squid includes (globs) relative to the configuration directory', () => {
  const fs2 = new MemoryFileSystem({
    '/etc/squid/squid.conf': 'include /etc/squid/conf.d/*.conf\ninclude conf.d/extra.conf\n',
    '/etc/squid/conf.d/a.conf': 'https_port 3129 tls-cert=/etc/squid/nope.pem tls-min-version=1.2\n',
    '/etc/squid/conf.d/extra.conf': '# nothing\n',
  });
  const result = new Engine().lint({ fs: fs2, files: ['/etc/squid/squid.conf', '/etc/squid/conf.d/a.conf'], settings: normalizeSettings({}) });
  const ids = (result.findings.get('/etc/squid/conf.d/a.conf') ?? []).map((f) => f.ruleId);
  assert.ok(ids.includes('cert-file-not-found'), ids.join(', '));
  assert.deepEqual((result.findings.get('/etc/squid/squid.conf') ?? []).map((f) => f.ruleId), []);
});
