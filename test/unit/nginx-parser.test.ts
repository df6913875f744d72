// The nginx parser: exact ranges, line breaks, encodings, nginx's tokenizer rules, recovery, and
// robustness (deep nesting, big inputs, random garbage).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginx, unescapeNginx, type NginxSyntaxProblem } from '../../server/src/engine/syntax/nginx';
import { TextIndex } from '../../server/src/engine/syntax/text';
import { plainDirective, walkDirectives, type Directive, type ParsedFile } from '../../server/src/engine/syntax/tree';
import { comparePositions, type Range } from '../../server/src/engine/types';
import { MAX_CHECKED_DEPTH, noteDeepNesting } from '../../server/src/engine/syntax/guard';

/** [startLine, startChar, endLine, endChar] */
type R = [number, number, number, number];
const r = (range: Range): R => [range.start.line, range.start.character, range.end.line, range.end.character];

function parse(text: string, known?: string[]): ParsedFile {
  const parsed = parseNginx('/t/nginx.conf', text, known ? { isKnownDirective: (n) => known.includes(n) } : {});
  checkInvariants(parsed);
  return parsed;
}

const problems = (p: ParsedFile): NginxSyntaxProblem[] => p.problems as NginxSyntaxProblem[];

/** Every directive, iteratively (walkDirectives recurses; see the nesting test). */
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

/** A token's text from its source: quotes removed (the closing one may be missing), then unescaped. */
function tokenText(raw: string): string {
  const q = raw[0];
  if (q !== '"' && q !== "'") return unescapeNginx(raw);
  const closed = raw.length > 1 && raw.endsWith(q) && !/(^|[^\\])(\\\\)*\\$/.test(raw.slice(1, -1));
  return unescapeNginx(raw.slice(1, closed ? -1 : undefined));
}

/** What must hold for any input: ranges inside the text, ordered, and slicing back to the source. */
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
    assert.deepEqual(d.range.start, d.nameRange.start, `${d.name}: range starts at the name`);
    if (d.name !== '') {
      const raw = index.slice(d.nameRange);
      // A word ending in an escaping `\` right before CR LF holds that CR in its text, not its range.
      const escapedCr = /(^|[^\\])(\\\\)*\\$/.test(raw) && p.text.startsWith('\r\n', index.offsetAt(d.nameRange.end));
      assert.equal(tokenText(raw) + (escapedCr ? '\r' : ''), d.name, 'name slices back');
    }
    let prev = d.nameRange.end;
    for (const a of d.args) {
      inText(a.range, `arg of ${d.name}`);
      assert.equal(index.slice(a.range), a.raw, `arg ${JSON.stringify(a.raw)} slices back`);
      assert.ok(comparePositions(prev, a.range.start) <= 0, 'args in order');
      assert.ok(comparePositions(a.range.end, d.range.end) <= 0, 'args inside the directive');
      prev = a.range.end;
    }
    if (d.blockOpenRange) assert.equal(index.slice(d.blockOpenRange), '{');
    if (d.blockCloseRange) {
      assert.equal(index.slice(d.blockCloseRange), '}');
      assert.deepEqual(d.range.end, d.blockCloseRange.end, 'a closed block ends at its "}"');
    }
    for (const c of d.block ?? []) {
      assert.ok(comparePositions(d.range.start, c.range.start) <= 0 && comparePositions(c.range.end, d.range.end) <= 0, `child ${c.name} inside ${d.name}`);
    }
  }
  for (const c of p.comments) {
    inText(c.range, 'comment');
    assert.equal(index.slice(c.range), '#' + c.text, 'comment slices back');
  }
  for (const pr of problems(p)) {
    inText(pr.range, `problem ${pr.message}`);
    assert.ok(pr.message.length > 0);
    if (pr.nginx) assert.ok(Number.isInteger(pr.nginx.line) && pr.nginx.line >= 1, 'nginx line is 1-based');
  }
}

/** The error nginx would print first: the first problem that predicts one. */
const nginxFirst = (p: ParsedFile) => problems(p).find((x) => x.nginx)?.nginx;

test('exact ranges of name, arguments, terminator and block', () => {
  const text = 'http {\n    ssl_protocols  TLSv1.2 TLSv1.3;\n}\n';
  const p = parse(text);
  assert.equal(p.problems.length, 0);
  const [http] = p.directives;
  assert.deepEqual(r(http.nameRange), [0, 0, 0, 4]);
  assert.deepEqual(r(http.blockOpenRange!), [0, 5, 0, 6]);
  assert.deepEqual(r(http.blockCloseRange!), [2, 0, 2, 1]);
  assert.deepEqual(r(http.range), [0, 0, 2, 1]);
  const [proto] = http.block!;
  assert.equal(proto.name, 'ssl_protocols');
  assert.deepEqual(r(proto.nameRange), [1, 4, 1, 17]);
  assert.deepEqual(proto.args.map((a) => [a.text, r(a.range)]), [
    ['TLSv1.2', [1, 19, 1, 26]],
    ['TLSv1.3', [1, 27, 1, 34]],
  ]);
  assert.deepEqual(r(proto.range), [1, 4, 1, 35]);
  assert.equal(proto.terminated, true);
  assert.equal(proto.file, '/t/nginx.conf');
});

test('quoted arguments keep raw text and range; ; { } # inside quotes are literal', () => {
  const p = parse(`add_header X "a; {b} # c" 'd"e';`);
  assert.equal(p.problems.length, 0);
  assert.equal(p.comments.length, 0);
  const [d] = p.directives;
  assert.deepEqual(
    d.args.map((a) => [a.text, a.raw, a.quoted, r(a.range)]),
    [
      ['X', 'X', false, [0, 11, 0, 12]],
      ['a; {b} # c', '"a; {b} # c"', true, [0, 13, 0, 25]],
      ['d"e', `'d"e'`, true, [0, 26, 0, 31]],
    ],
  );
  assert.deepEqual(r(d.range), [0, 0, 0, 32]);
});

test('comments: own line, after a statement, between arguments; text and range exact', () => {
  const text = '# head\nserver_name a # why\n   b; # tail\n';
  const p = parse(text);
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.comments.map((c) => [c.text, r(c.range)]), [
    [' head', [0, 0, 0, 6]],
    [' why', [1, 14, 1, 19]],
    [' tail', [2, 6, 2, 12]],
  ]);
  const [d] = p.directives;
  assert.deepEqual(d.args.map((a) => a.text), ['a', 'b']);
  assert.deepEqual(r(d.range), [1, 0, 2, 5]);
});

test('a multi-line statement spans its lines', () => {
  const p = parse('log_format main\n    \'$remote_addr\'\n    "$status";\n');
  const [d] = p.directives;
  assert.deepEqual(r(d.range), [0, 0, 2, 14]);
  assert.deepEqual(d.args.map((a) => r(a.range)), [[0, 11, 0, 15], [1, 4, 1, 18], [2, 4, 2, 13]]);
});

test('CRLF line breaks: positions per line, comments without the CR', () => {
  const p = parse('events {\r\n}\r\n# note\r\nhttp {\r\n  gzip on;\r\n}\r\n');
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.comments.map((c) => [c.text, r(c.range)]), [[' note', [2, 0, 2, 6]]]);
  const http = p.directives[1];
  assert.deepEqual(r(http.range), [3, 0, 5, 1]);
  assert.deepEqual(r(http.block![0].range), [4, 2, 4, 10]);
});

test('lone CR: a line break for positions, but it does not end a comment (as in nginx)', () => {
  const plain = parse('events {\r}\rhttp {\r  gzip on;\r}\r');
  assert.equal(plain.problems.length, 0);
  assert.deepEqual(r(plain.directives[1].block![0].range), [3, 2, 3, 10]);
  // nginx reads "# c\rfoo;\r" as one comment: foo is not a directive.
  const p = parse('events {}\r# c\rfoo;\r# d\n bar;\n');
  assert.deepEqual(p.directives.map((d) => d.name), ['events', 'bar']);
  assert.equal(p.comments.length, 1);
  assert.equal(p.comments[0].text, ' c\rfoo;\r# d');
  assert.deepEqual(r(p.comments[0].range), [1, 0, 3, 3]);
  assert.equal(p.problems.length, 1);
  assert.match(p.problems[0].message, /lone carriage return/);
  assert.equal(problems(p)[0].nginx, undefined, 'nginx accepts it');
  assert.equal(problems(p)[0].hazard, true);
  // nginx counts LF only: everything before the first LF is its line 1.
  const bad = parse('events {}\rhttp {\r  add_header a b\r}\r');
  assert.deepEqual(nginxFirst(bad), { message: 'unexpected "}"', line: 1 });
});

test('tabs count as one column', () => {
  const p = parse('\tssl_ciphers\t\tHIGH;\n');
  const [d] = p.directives;
  assert.deepEqual(r(d.nameRange), [0, 1, 0, 12]);
  assert.deepEqual(r(d.args[0].range), [0, 14, 0, 18]);
});

test('BOM: reported, and columns count it as the text holds it', () => {
  const p = parse('\ufeffevents {}\n');
  assert.equal(p.directives[0].name, 'events');
  assert.deepEqual(r(p.directives[0].nameRange), [0, 1, 0, 7]);
  assert.equal(p.problems.length, 1);
  assert.match(p.problems[0].message, /byte order mark/);
  assert.deepEqual(r(p.problems[0].range), [0, 0, 0, 1]);
});

test('UTF-16 columns with non-ASCII and astral characters in strings and comments', () => {
  const text = 'add_header X "é😀" b; # ü😀 c\nx "😀";';
  const p = parse(text);
  assert.equal(p.problems.length, 0);
  const [d, x] = p.directives;
  assert.deepEqual(r(d.args[1].range), [0, 13, 0, 18]); // " é 😀(2 units) "
  assert.equal(d.args[1].text, 'é😀');
  assert.deepEqual(r(d.args[2].range), [0, 19, 0, 20]);
  assert.deepEqual(r(d.range), [0, 0, 0, 21]);
  assert.deepEqual(r(p.comments[0].range), [0, 22, 0, 29]);
  assert.equal(p.comments[0].text, ' ü😀 c');
  assert.deepEqual(r(x.args[0].range), [1, 2, 1, 6]);
});

test('escapes: \\" \\\\ in strings, \\; and \\{ in words, unescapeNginx', () => {
  const p = parse(String.raw`set $a "x\"y\\z"; set $b a\;b\{c; set $c 'it\'s';`);
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.directives.map((d) => d.args[1].text), ['x"y\\z', 'a\\;b\\{c', "it's"]);
  assert.deepEqual(p.directives.map((d) => d.args[1].raw), [String.raw`"x\"y\\z"`, String.raw`a\;b\{c`, String.raw`'it\'s'`]);
  assert.equal(unescapeNginx(String.raw`a\"b\'c\\d\te\rf\ng\x`), 'a"b\'c\\d\te\rf\ng\\x');
  // A backslash before CR LF escapes the CR only: the LF still ends the word (and the range stays on its line).
  const crlf = parse('set $a x\\\r\ny;');
  assert.deepEqual(crlf.directives[0].args.map((a) => [a.raw, a.text, r(a.range)]), [
    ['$a', '$a', [0, 4, 0, 6]],
    ['x\\', 'x\\\r', [0, 7, 0, 9]],
    ['y', 'y', [1, 0, 1, 1]],
  ]);
});

test('${var} in words keeps the braces; nginx also keeps further { after $', () => {
  const p = parse('return 200 ${host}x/${uri}; set $a ${{b}}c;');
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.directives[0].args.map((a) => a.text), ['200', '${host}x/${uri}']);
  assert.deepEqual(p.directives[1].args.map((a) => a.text), ['$a', '${{b}}c']);
});

test('# inside a word is part of it; # at a token start is a comment', () => {
  const p = parse('proxy_pass http://a/foo#bar; x a #c\n;');
  assert.equal(p.directives[0].args[0].text, 'http://a/foo#bar');
  assert.deepEqual(p.comments.map((c) => c.text), ['c']);
  assert.deepEqual(p.directives[1].args.map((a) => a.text), ['a']);
  assert.equal(p.problems.length, 0);
});

test('} inside a word is part of it (and the block stays open)', () => {
  const p = parse('server {\n  return 200 ok}\n');
  const ret = p.directives[0].block![0];
  assert.equal(ret.args[1].text, 'ok}');
  assert.equal(p.directives[0].blockCloseRange, undefined);
  assert.match(p.problems[0].message, /"}" in "ok}"/);
  const balanced = parse('server {\n  return 301 https://${host}');
  assert.doesNotMatch(balanced.problems[0].message, /part of that word/);
  assert.deepEqual(nginxFirst(p), { message: 'unexpected end of file, expecting ";" or "}"', line: 3 });
});

test('unterminated quote at EOF', () => {
  const p = parse('events {}\nhttp {\n  add_header a "b;\n}\n');
  assert.equal(p.problems.length, 2);
  assert.match(p.problems[0].message, /unterminated double-quoted string/);
  assert.deepEqual(r(p.problems[0].range), [2, 15, 4, 0]);
  assert.deepEqual(nginxFirst(p), { message: 'unexpected end of file, expecting ";" or "}"', line: 5 });
  const arg = p.directives[1].block![0].args[1];
  assert.equal(arg.text, 'b;\n}\n');
  assert.match(p.problems[1].message, /"http" block opened on line 2 is never closed/);
});

test('unterminated blocks at EOF: one problem per open block, at its "{"', () => {
  const p = parse('http {\n  server {\n    listen 80;\n');
  assert.equal(p.problems.length, 2);
  assert.deepEqual(p.problems.map((x) => r(x.range)), [[1, 9, 1, 10], [0, 5, 0, 6]]);
  assert.deepEqual(nginxFirst(p), { message: 'unexpected end of file, expecting "}"', line: 4 });
  const http = p.directives[0];
  assert.deepEqual(r(http.range), [0, 0, 2, 14]);
  assert.equal(http.block![0].block![0].name, 'listen');
});

test('stray "}" at top level', () => {
  const p = parse('events {}\n}\nhttp {}\n');
  assert.deepEqual(p.directives.map((d) => d.name), ['events', 'http']);
  assert.equal(p.problems.length, 1);
  assert.deepEqual(r(p.problems[0].range), [1, 0, 1, 1]);
  assert.deepEqual(nginxFirst(p), { message: 'unexpected "}"', line: 2 });
});

test('missing ";" before "}" and at EOF', () => {
  const p = parse('server {\n  listen 80\n}\nworker_processes 2');
  const [server, wp] = p.directives;
  assert.equal(server.block![0].terminated, false);
  assert.deepEqual(r(server.blockCloseRange!), [2, 0, 2, 1]);
  assert.equal(wp.terminated, false);
  assert.deepEqual(
    problems(p).map((x) => [r(x.range), x.nginx]),
    [
      [[1, 11, 1, 11], { message: 'unexpected "}"', line: 3 }],
      [[3, 18, 3, 18], { message: 'unexpected end of file, expecting ";" or "}"', line: 4 }],
    ],
  );
});

test('missing ";" between two known directives on separate lines is split when names are known', () => {
  const known = ['ssl_protocols', 'ssl_ciphers', 'server', 'listen'];
  const text = 'server {\n  ssl_protocols TLSv1.2\n  ssl_ciphers HIGH;\n  listen 443\n}\n';
  const p = parse(text, known);
  const block = p.directives[0].block!;
  assert.deepEqual(block.map((d) => [d.name, d.args.map((a) => a.text), d.terminated]), [
    ['ssl_protocols', ['TLSv1.2'], false],
    ['ssl_ciphers', ['HIGH'], true],
    ['listen', ['443'], false],
  ]);
  assert.deepEqual(r(p.problems[0].range), [1, 23, 1, 23]);
  assert.match(p.problems[0].message, /missing ";" after the "ssl_protocols" directive/);
  assert.equal(problems(p)[0].nginx, undefined, 'nginx reports this as a semantic error, later');
  // Without the directive table it is what nginx reads: one statement.
  const raw = parse(text);
  assert.deepEqual(raw.directives[0].block![0].args.map((a) => a.text), ['TLSv1.2', 'ssl_ciphers', 'HIGH']);
  // Known names inside quotes, on the same line, or in data blocks do not split.
  const q = parse('ssl_protocols TLSv1.2 ssl_ciphers;\nmap $a $b {\n  ssl_protocols\n  ssl_ciphers;\n}\n', known);
  assert.equal(q.directives[0].args.length, 2);
  assert.equal(q.directives[1].block!.length, 1);
  assert.equal(q.problems.length, 0);
});

test('*_by_lua_block bodies are raw: braces in strings, comments and long brackets do not count', () => {
  const text = [
    'location / {',
    '  content_by_lua_block {',
    '    -- a comment with }',
    '    local s = [[ } ]] .. [==[ ]] } ]==] .. "}" .. \'{\'',
    '    --[[ } ]]',
    '    if x then local t = { a = 1 } end',
    '  }',
    '  return 204;',
    '}',
  ].join('\n');
  const p = parse(text);
  assert.equal(p.problems.length, 0, JSON.stringify(p.problems));
  const loc = p.directives[0];
  assert.deepEqual(loc.block!.map((d) => d.name), ['content_by_lua_block', 'return']);
  assert.deepEqual(loc.block![0].block, []);
  assert.deepEqual(r(loc.block![0].blockCloseRange!), [6, 2, 6, 3]);
  assert.equal(p.comments.length, 0, 'Lua comments are not nginx comments');
  const open = parse('access_by_lua_block {\n  ngx.exit(403)\n');
  assert.equal(open.problems.length, 1);
  assert.match(open.problems[0].message, /"access_by_lua_block" block opened on line 1 is never closed/);
});

test('map blocks: entries are data; "{" inside is an error, an unquoted {n} quantifier is explained', () => {
  const p = parse('map $http_host $name {\n  hostnames;\n  default 0;\n  example.com 1;\n  "~^www\\d{1,3}\\." 2;\n}\n');
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.directives[0].block!.map((d) => [d.name, d.args.map((a) => a.text)]), [
    ['hostnames', []],
    ['default', ['0']],
    ['example.com', ['1']],
    ['~^www\\d{1,3}\\.', ['2']],
  ]);
  const q = parse('map $uri $x {\n  ~^/a{2} 1;\n}\n');
  assert.deepEqual(q.directives[0].block!.map((d) => d.name), ['~^/a{2}']);
  assert.match(q.problems[0].message, /put the regular expression in quotes/);
  assert.deepEqual(nginxFirst(q), { message: 'unexpected "{"', line: 2 });
  const b = parse('types {\n  text/html html { }\n}\n');
  assert.deepEqual(nginxFirst(b), { message: 'unexpected "{"', line: 2 });
  assert.equal(b.directives[0].blockCloseRange?.start.line, 2, 'the inner braces stay balanced');
});

test('regex location with an unquoted {n} reads as one argument (nginx would start a block)', () => {
  const p = parse('location ~ ^/a{2}$ {\n  return 200;\n}\n');
  assert.deepEqual(p.directives[0].args.map((a) => a.text), ['~', '^/a{2}$']);
  assert.deepEqual(p.directives[0].block!.map((d) => d.name), ['return']);
  assert.equal(p.problems.length, 1);
  assert.equal(problems(p)[0].nginx, undefined, 'nginx fails on an unknown directive "2}$", not a syntax error');
  const quoted = parse('location ~ "^/a{2}$" {\n  return 200;\n}\n');
  assert.equal(quoted.problems.length, 0);
  const cond = parse('if ($a ~ "x{2}") { return 200; }');
  assert.equal(cond.problems.length, 0);
  assert.deepEqual(cond.directives[0].args.map((a) => a.raw), ['($a', '~', '"x{2}"', ')']);
});

test('a closing quote must be followed by whitespace, ";", "{" or ")"', () => {
  const p = parse('a "b"c;\n');
  assert.deepEqual(nginxFirst(p), { message: 'unexpected "c"', line: 1 });
  assert.deepEqual(r(p.problems[0].range), [0, 5, 0, 6]);
  assert.deepEqual(nginxFirst(parse("a 'b'\"c\";")), { message: 'unexpected """', line: 1 });
  assert.equal(parse('if ($a = "b") { }').problems.length, 0);
  assert.equal(parse('a "b";b "c"{ }').problems.length, 0);
  const brace = parse('server { a "b"}');
  assert.deepEqual(nginxFirst(brace), { message: 'unexpected "}"', line: 1 });
  assert.equal(brace.problems.length, 1);
});

test('stray ";" and "{", and ";;"', () => {
  const p = parse('events {};\n;;\n{ x; }\n');
  assert.deepEqual(problems(p).map((x) => [r(x.range), x.nginx?.message]), [
    [[0, 9, 0, 10], 'unexpected ";"'],
    [[1, 0, 1, 1], 'unexpected ";"'],
    [[1, 1, 1, 2], 'unexpected ";"'],
    [[2, 0, 2, 1], 'unexpected "{"'],
  ]);
  // A nameless block adds no directive; what it holds stays in the enclosing list.
  assert.deepEqual(p.directives.map((d) => d.name), ['events', 'x']);
});

test('empty blocks and empty files', () => {
  assert.deepEqual(parse('').directives, []);
  assert.deepEqual(parse('  \n\t\r\n').problems, []);
  const p = parse('events{}http{server{}}');
  assert.equal(p.problems.length, 0);
  assert.deepEqual(p.directives.map((d) => d.name), ['events', 'http']);
  assert.equal(p.directives[1].block![0].name, 'server');
});

test('one token must fit in nginx\'s 4096-byte buffer ("too long parameter")', () => {
  const word = (n: number, after: string) => parse(`events {}\nhttp {\n add_header X ${'a'.repeat(n)}${after}\n}\n`);
  assert.equal(word(4095, ';').problems.length, 0);
  assert.equal(word(4094, ' always;').problems.length, 0);
  assert.deepEqual(nginxFirst(word(4095, ' always;')), { message: 'too long parameter "aaaaaaaaaa..." started', line: 3 });
  assert.deepEqual(nginxFirst(word(4096, ';')), { message: 'too long parameter "aaaaaaaaaa..." started', line: 3 });
  const quoted = (s: string, after: string) => parse(`events {}\nhttp {\n add_header X "${s}"${after}\n}\n`);
  assert.equal(quoted('a'.repeat(4094), ';').problems.length, 0);
  assert.equal(quoted('é'.repeat(2047), ';').problems.length, 0, 'é is two bytes');
  assert.deepEqual(nginxFirst(quoted('a'.repeat(4095), ';')), { message: 'too long parameter "aaaaaaaaaa..." started', line: 3 });
  assert.deepEqual(nginxFirst(quoted('é'.repeat(2048), ';')), { message: 'too long parameter, probably missing terminating """ character', line: 3 });
  assert.deepEqual(nginxFirst(quoted('a'.repeat(4094), ' always;')), { message: 'too long parameter "aaaaaaaaaa..." started', line: 3 });
  const comment = (n: number) => parse(`events {}\n#${'c'.repeat(n)}\nhttp {}\n`);
  assert.equal(comment(4094).problems.length, 0);
  assert.deepEqual(nginxFirst(comment(4095)), { message: 'too long parameter "#ccccccccc..." started', line: 2 });
  // An unterminated string with more than a buffer after it: nginx names the line of the quote.
  const open = parse(`events {}\nhttp {\n add_header X "abc;\n${'# filler\n'.repeat(600)}}\n`);
  assert.deepEqual(nginxFirst(open), { message: 'too long parameter, probably missing terminating """ character', line: 3 });
});

test('problems come in the order nginx meets them', () => {
  const p = parse('http { gzip on');
  assert.deepEqual(problems(p).map((x) => x.nginx?.message), ['unexpected end of file, expecting ";" or "}"', 'unexpected end of file, expecting "}"']);
});

test('deep nesting: 10 000 and 100 000 levels parse without recursion', () => {
  for (const depth of [10_000, 100_000]) {
    const text = 'location / {\n'.repeat(depth) + 'return 204;\n' + '}\n'.repeat(depth);
    const p = parseNginx('/t/deep.conf', text);
    assert.equal(p.problems.length, 0);
    let d = p.directives[0];
    let levels = 1;
    while (d.block && d.block[0]?.block) {
      d = d.block[0];
      levels++;
    }
    assert.equal(levels, depth);
    assert.equal(d.block![0].name, 'return');
    assert.equal(allDirectives(p.directives).length, depth + 1);
    const open = parseNginx('/t/deep.conf', 'a {'.repeat(depth));
    assert.equal(allDirectives(open.directives).length, depth);
    // Garbage yields at most 1000 problems (and a note that there are more), not one per character.
    assert.equal(open.problems.length, 1001);
    assert.match(open.problems[1000].message, /more than 1000 syntax problems/);
  }
});

test('walkDirectives visits a tree 100 000 levels deep (no recursion)', () => {
  const p = parseNginx('/t/deep.conf', 'a {'.repeat(100_000) + '}'.repeat(100_000));
  let n = 0;
  let deepest = 0;
  walkDirectives(p.directives, (_d, parents) => {
    n++;
    deepest = Math.max(deepest, parents.length);
  });
  assert.equal(n, 100_000);
  assert.equal(deepest, 99_999);
});

test('a 5 MB input parses completely (and twice the input gives twice the tree)', () => {
  const chunk = [
    'server {',
    '    listen 443 ssl; # TLS',
    '    server_name example.com "www.example.com";',
    "    add_header Strict-Transport-Security 'max-age=63072000' always;",
    '    location ~ "^/api/v[0-9]{1,2}/" { proxy_pass http://127.0.0.1:8080; }',
    '}',
    '',
  ].join('\n');
  const n = Math.ceil((5 * 1024 * 1024) / chunk.length);
  const count = (reps: number) => {
    const p = parseNginx('/t/big.conf', chunk.repeat(reps));
    assert.equal(p.problems.length, 0);
    return { directives: allDirectives(p.directives).length, comments: p.comments.length, last: p.directives[p.directives.length - 1] };
  };
  const half = count(Math.floor(n / 2));
  const full = count(Math.floor(n / 2) * 2);
  assert.equal(full.directives, half.directives * 2);
  assert.equal(full.comments, half.comments * 2);
  assert.equal(full.directives, Math.floor(n / 2) * 2 * 6);
  assert.deepEqual(r(full.last.range), [(Math.floor(n / 2) * 2 - 1) * 6, 0, (Math.floor(n / 2) * 2 - 1) * 6 + 5, 1]);
});

test('never throws on random garbage, and the tree stays consistent', () => {
  // mulberry32: a small seeded generator, so a failure reproduces.
  let seed = 0x7f4a7c15;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = ['{', '}', ';', '"', "'", '\\', '#', '$', '(', ')', ' ', '\t', '\n', '\r', '\r\n', 'a', 'server', 'map', 'content_by_lua_block', '--', '[[', ']]', 'é', '😀', '\ufeff', '\ud800', 'x'.repeat(50)];
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(rand() * 120);
    let text = '';
    for (let k = 0; k < len; k++) text += alphabet[Math.floor(rand() * alphabet.length)];
    try {
      parse(text, ['server', 'map', 'a']);
    } catch (e) {
      assert.fail(`input #${i} ${JSON.stringify(text)}: ${(e as Error).stack}`);
    }
  }
});

test('ranges are kept as offsets: read once, the same object comes back; copies and JSON keep them', () => {
  const text = 'http {\r\n  server {\r\n    listen "4\\\r\n43" ssl;\r\n    server_name a.test\rb.test;\n  }\n}\n';
  const p = parse(text);
  const server = p.directives[0].block![0];
  const listen = server.block![0];
  assert.equal(listen.range, listen.range, 'one Range object per directive');
  assert.equal(listen.args[0].range, listen.args[0].range, 'one Range object per argument');
  // `\` before CR LF inside a quoted string: nginx skips the CR alone, so that CR stays on its line.
  assert.deepEqual(r(listen.args[0].range), [2, 11, 3, 3]);
  assert.deepEqual(r(listen.range), [2, 4, 3, 8]);
  const names = server.block![1];
  assert.deepEqual(names.args.map((a) => r(a.range)), [[4, 16, 4, 22], [5, 0, 5, 6]]);
  assert.deepEqual(r(server.range), [1, 2, 6, 3]);
  // JSON and plainDirective give plain objects with every range (a spread would drop them).
  const json = JSON.parse(JSON.stringify(server)) as Directive;
  assert.deepEqual(json.range, server.range);
  assert.deepEqual(json.nameRange, server.nameRange);
  assert.deepEqual(json.block![0].args[0], { text: '4\\\r\n43', raw: '"4\\\r\n43"', range: listen.args[0].range, quoted: true });
  const copy = plainDirective(server, undefined);
  assert.equal(copy.block, undefined);
  assert.deepEqual([r(copy.range), r(copy.nameRange), r(copy.blockOpenRange!), r(copy.blockCloseRange!)], [r(server.range), r(server.nameRange), r(server.blockOpenRange!), r(server.blockCloseRange!)]);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
});

test('shared words: each argument keeps its own text, whether its word is new, seen once before, repeated, or past a table reset', () => {
  // Words seen once, then again (when they become shared), many times, and more distinct words than
  // the sharing tables hold, so that they start over in the middle.
  const lines: string[] = [];
  const expected: string[][] = [];
  for (let i = 0; i < 40000; i++) {
    const unique = `u${i}.example.test`;
    const again = `w${i % 5000}`;
    const args = [unique, again, i % 2 ? 'on' : 'off', `"q${i % 3}"`];
    lines.push(`d${i % 7} ${args.join(' ')};`);
    expected.push([unique, again, i % 2 ? 'on' : 'off', `q${i % 3}`]);
  }
  const parsed = parseNginx('/t/words.conf', lines.join('\n'));
  assert.equal(parsed.directives.length, expected.length);
  parsed.directives.forEach((d, i) => {
    assert.equal(d.name, `d${i % 7}`);
    assert.deepEqual(
      d.args.map((a) => a.text),
      expected[i],
    );
  });
});

/** Nesting depth of directive blocks, counted on the finished tree. */
function walkedDepth(list: Directive[]): number {
  let deepest = 0;
  for (const d of list) if (d.block) deepest = Math.max(deepest, 1 + walkedDepth(d.block));
  return deepest;
}

test('maxBlockDepth is the nesting depth of the tree (nameless braces, stray and missing braces, Lua blocks, quotes, comments)', () => {
  const pieces = ['server ', '{', '}', ';', 'a b', ' { ', '\n', '"q{"', '# c {\n', 'content_by_lua_block {', ' x } ', 'location / {', '\\{'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const length = next() % 40;
    for (let k = 0; k < length; k++) text += pieces[next() % pieces.length];
    const parsed = parseNginx('/t/x.conf', text);
    assert.equal(parsed.maxBlockDepth, walkedDepth(parsed.directives), JSON.stringify(text));
  }
});

test('noteDeepNesting with the parser\'s count: nothing at exactly the limit, one note past it, as the walk finds', () => {
  for (const depth of [MAX_CHECKED_DEPTH - 1, MAX_CHECKED_DEPTH, MAX_CHECKED_DEPTH + 1, MAX_CHECKED_DEPTH + 5]) {
    const text = 'a {\n'.repeat(depth) + 'b;\n' + '}\n'.repeat(depth);
    const counted = noteDeepNesting(parseNginx('/t/x.conf', text));
    const walked = parseNginx('/t/x.conf', text);
    delete walked.maxBlockDepth;
    noteDeepNesting(walked);
    assert.equal(counted.maxBlockDepth, depth);
    assert.deepEqual(counted.problems, walked.problems, `depth ${depth}`);
    assert.equal(counted.problems.length, depth > MAX_CHECKED_DEPTH ? 1 : 0, `depth ${depth}`);
  }
});
