// The nginx parser against the real `nginx -t`.
//
// The rule: when nginx rejects a file with a syntax error, the parser's first problem that predicts an
// nginx error (NginxSyntaxProblem.nginx) names the same line and message; when nginx accepts a file,
// the parser reports nothing (hazards aside); when nginx stops on a semantic error, the parser reports
// nothing at an earlier line. Lines are nginx's (1-based, LF counted), so a lone-CR file compares right.
//
//   (a) the stock configuration in /etc/nginx (every file, and nginx -t on it and on its snippets);
//   (b) hand-written tricky inputs in test/fixtures/parser (verdicts recorded in expected.json, so the
//       parser is checked even where nginx is missing; with nginx the recording is checked too —
//       TLSLINT_UPDATE_PARSER_EXPECTATIONS=1 rewrites it from nginx);
//   (c) a seeded differential fuzz and the 4 KB token limit, straight against nginx.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNginx, type NginxSyntaxProblem } from '../../server/src/engine/syntax/nginx';
import { TextIndex } from '../../server/src/engine/syntax/text';
import type { ParsedFile } from '../../server/src/engine/syntax/tree';
import type { Position } from '../../server/src/engine/types';
import { hasBinary, oracleOrSkip, oraclesRequired, OracleMissingError, requireOracle, REQUIRE_ORACLES_ENV } from '../helpers/oracle';
import {
  isSyntacticNginxMessage,
  makeTestCertificate,
  nginxCheckConfig,
  nginxCheckFiles,
  nginxCheckTree,
  nginxModules,
  nginxOracleMode,
  parseNginxOutput,
  type NginxResult,
} from '../helpers/nginxOracle';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/parser');
const EXPECTED_FILE = path.join(FIXTURES, 'expected.json');
const STOCK = process.env.TLSLINT_NGINX_CONF_DIR || '/etc/nginx';

/** What nginx -t says about a configuration (file relative to the configuration's directory). */
interface Verdict {
  ok: boolean;
  syntactic?: boolean;
  file?: string;
  line?: number;
  message?: string;
}

const toVerdict = (r: NginxResult): Verdict => (r.ok ? { ok: true } : { ok: false, syntactic: r.syntactic ?? false, file: r.file, line: r.line, message: r.message });

// ---------------------------------------------------------------------------------------------
// Comparing a parse with a verdict

const problemsOf = (p: ParsedFile): NginxSyntaxProblem[] => p.problems as NginxSyntaxProblem[];

/** nginx's line for a position: LF characters before it, plus one. */
function nginxLine(p: ParsedFile, pos: Position): number {
  const offset = new TextIndex(p.text).offsetAt(pos);
  let line = 1;
  for (let i = p.text.indexOf('\n'); i >= 0 && i < offset; i = p.text.indexOf('\n', i + 1)) line++;
  return line;
}

const describe = (x: NginxSyntaxProblem, p: ParsedFile): string =>
  x.nginx ? `line ${x.nginx.line}: ${x.nginx.message}` : `line ${nginxLine(p, x.range.start)}: ${x.message}`;

/**
 * Why the parse disagrees with nginx's verdict, or undefined when it agrees. `files` maps paths
 * relative to the configuration directory to their parse; `main` is the -c file.
 */
function disagreement(verdict: Verdict, files: Map<string, ParsedFile>, main: string): string | undefined {
  if (verdict.ok) {
    for (const [rel, p] of files) {
      const bad = problemsOf(p).find((x) => !x.hazard);
      if (bad) return `nginx accepts it, the parser reports ${rel} ${describe(bad, p)}`;
    }
    return undefined;
  }
  if (verdict.syntactic) {
    const p = files.get(verdict.file ?? main);
    if (!p) return `nginx names ${verdict.file}, which the parser did not read`;
    const first = problemsOf(p).find((x) => x.nginx)?.nginx;
    if (!first) return `nginx: ${verdict.file}:${verdict.line} ${verdict.message}; the parser predicts no nginx syntax error`;
    if (first.line !== verdict.line || first.message !== verdict.message) {
      return `nginx: ${verdict.file}:${verdict.line} ${verdict.message}; the parser predicts line ${first.line}: ${first.message}`;
    }
    return undefined;
  }
  // Semantic: nginx's reader got at least as far as the error; no syntax problem may come earlier.
  if (verdict.line === undefined) {
    // Reported after reading everything (certificates, variables…): the reader found nothing wrong.
    for (const [rel, p] of files) {
      const bad = problemsOf(p).find((x) => x.nginx);
      if (bad) return `nginx read the whole configuration (then: ${verdict.message}), the parser predicts ${rel} ${describe(bad, p)}`;
    }
    return undefined;
  }
  const p = files.get(verdict.file ?? main);
  if (!p) return undefined;
  for (const x of problemsOf(p)) {
    if (x.hazard) continue;
    const line = x.nginx ? x.nginx.line : nginxLine(p, x.range.start);
    if (line < verdict.line) return `nginx stops at ${verdict.file}:${verdict.line} (${verdict.message}), the parser reports an earlier ${describe(x, p)}`;
  }
  return undefined;
}

type Tally = Record<'ok' | 'syntactic' | 'semantic', { total: number; agree: number }>;
const newTally = (): Tally => ({ ok: { total: 0, agree: 0 }, syntactic: { total: 0, agree: 0 }, semantic: { total: 0, agree: 0 } });
function count(tally: Tally, v: Verdict, agrees: boolean): void {
  const k = v.ok ? 'ok' : v.syntactic ? 'syntactic' : 'semantic';
  tally[k].total++;
  if (agrees) tally[k].agree++;
}
const summary = (t: Tally): string =>
  `nginx ok ${t.ok.agree}/${t.ok.total}, syntax error ${t.syntactic.agree}/${t.syntactic.total}, semantic error ${t.semantic.agree}/${t.semantic.total} agree`;

// ---------------------------------------------------------------------------------------------
// Files

/** Configuration files under dir (following symlinks), relative paths; skips tls/ and binary files. */
function configFiles(dir: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (abs: string, rel: string): void => {
    const real = fs.realpathSync(abs);
    if (seen.has(real)) return;
    seen.add(real);
    const st = fs.statSync(real);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(real).sort()) if (name !== 'tls') visit(path.join(abs, name), rel ? `${rel}/${name}` : name);
      return;
    }
    if (!st.isFile() || st.size > 4 * 1024 * 1024) return;
    if (fs.readFileSync(real).includes(0)) return;
    out.push(rel);
  };
  visit(dir, '');
  return out;
}

function parseAll(dir: string): Map<string, ParsedFile> {
  const files = new Map<string, ParsedFile>();
  for (const rel of configFiles(dir)) {
    const abs = path.join(dir, rel);
    files.set(rel, parseNginx(abs, fs.readFileSync(abs, 'utf8')));
  }
  return files;
}

/** A fixture copied into a temp directory as nginx.conf (or as its directory), with tls/test.{crt,key}. */
function materialize(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-parser-'));
  if (fs.statSync(source).isDirectory()) fs.cpSync(source, dir, { recursive: true });
  else fs.copyFileSync(source, path.join(dir, 'nginx.conf'));
  const tls = path.join(dir, 'tls');
  if (hasBinary('openssl')) makeTestCertificate(tls, 'test');
  else {
    fs.mkdirSync(tls, { recursive: true });
    fs.writeFileSync(path.join(tls, 'test.crt'), '');
    fs.writeFileSync(path.join(tls, 'test.key'), '');
  }
  return dir;
}

interface Fixture {
  name: string;
  source: string;
}

function fixtures(): Fixture[] {
  return fs
    .readdirSync(FIXTURES)
    .sort()
    .filter((n) => n.endsWith('.conf') || fs.statSync(path.join(FIXTURES, n)).isDirectory())
    .map((name) => ({ name, source: path.join(FIXTURES, name) }));
}

function readExpected(): Record<string, Verdict> {
  return JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, Verdict>;
}

/** Skip (or, when oracles are required, fail) a test that needs the stock configuration. */
function stockOrSkip(t: TestContext): boolean {
  if (fs.existsSync(path.join(STOCK, 'nginx.conf'))) return true;
  const reason = `${STOCK}/nginx.conf not present (nginx not installed)`;
  if (oraclesRequired()) throw new OracleMissingError(`the stock nginx configuration is required (TLSLINT_REQUIRE_ORACLES=1): ${reason}`);
  t.skip(`${reason}; skipped (set TLSLINT_REQUIRE_ORACLES=1 to require it)`);
  return false;
}

// ---------------------------------------------------------------------------------------------
// (a) the stock configuration (TLSLINT_NGINX_CONF_DIR points elsewhere)

test('every file of the stock nginx configuration parses without problems', (t) => {
  if (!stockOrSkip(t)) return;
  const files = parseAll(STOCK);
  assert.ok(files.size >= 3, `only ${files.size} files under ${STOCK}`);
  const bad: string[] = [];
  for (const [rel, p] of files) for (const x of p.problems) bad.push(`${rel}:${x.range.start.line + 1}: ${x.message}`);
  assert.deepEqual(bad, []);
  const directives = [...files.values()].reduce((n, p) => n + p.directives.length, 0);
  t.diagnostic(`${files.size} files under ${STOCK}, ${directives} top-level directives, no problems`);
});

test('nginx -t accepts the stock configuration, and the parser agrees', (t) => {
  if (!stockOrSkip(t) || !oracleOrSkip(t, 'nginx')) return;
  const result = nginxCheckTree(STOCK, 'nginx.conf');
  assert.ok(result.ok, `nginx -t: ${result.message}\n${result.output}`);
  assert.equal(disagreement(toVerdict(result), parseAll(STOCK), 'nginx.conf'), undefined);
});

/** The context a stock file is written for: where to include it so nginx -t can check it alone. */
function stockContext(rel: string): 'main' | 'http' | 'server' | 'location' | undefined {
  if (rel === 'nginx.conf') return undefined;
  if (/^modules-(enabled|available)\//.test(rel)) return 'main';
  if (/(^|\/)(fastcgi|scgi|uwsgi|proxy)_params$|(^|\/)fastcgi\.conf$|^snippets\/.*fastcgi/.test(rel)) return 'location';
  if (rel.startsWith('snippets/')) return 'server';
  return 'http';
}

function wrap(context: 'main' | 'http' | 'server' | 'location', file: string): string {
  const inc = `include ${file};`;
  switch (context) {
    case 'main':
      return `${inc}\nevents {}\n`;
    case 'http':
      return `events {}\nhttp {\n    ${inc}\n}\n`;
    case 'server':
      return `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        ${inc}\n    }\n}\n`;
    case 'location':
      return `events {}\nhttp {\n    server {\n        listen 127.0.0.1:8080;\n        location ~ \\.php$ {\n            ${inc}\n        }\n    }\n}\n`;
  }
}

test('stock snippets, parameter files and sites pass nginx -t in their context', (t) => {
  if (!stockOrSkip(t) || !oracleOrSkip(t, 'nginx')) return;
  // A copy, so relative includes (snippets/fastcgi-php.conf includes fastcgi.conf) resolve next to the wrapper.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-stock-'));
  try {
    fs.cpSync(STOCK, copy, { recursive: true, dereference: true });
    const lines: string[] = [];
    const failures: string[] = [];
    const tally = newTally();
    for (const rel of configFiles(copy)) {
      const context = stockContext(rel);
      if (!context) continue;
      fs.writeFileSync(path.join(copy, 'tlslint-wrap.conf'), wrap(context, path.join(copy, rel)));
      const verdict = toVerdict(nginxCheckTree(copy, 'tlslint-wrap.conf'));
      fs.rmSync(path.join(copy, 'tlslint-wrap.conf'));
      const files = new Map([[rel, parseNginx(rel, fs.readFileSync(path.join(copy, rel), 'utf8'))]]);
      const why = verdict.syntactic ? `nginx reports a syntax error: ${verdict.file}:${verdict.line} ${verdict.message}` : disagreement(verdict, files, rel);
      count(tally, verdict, !why);
      if (why) failures.push(`${rel} (${context}): ${why}`);
      lines.push(`${rel} in ${context} context: ${verdict.ok ? 'ok' : `${verdict.message}`}`);
    }
    for (const l of lines) t.diagnostic(l);
    t.diagnostic(summary(tally));
    assert.deepEqual(failures, []);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
// (b) hand-written fixtures

test('parser fixtures: the parser agrees with the recorded nginx verdicts', (t) => {
  const expected = readExpected();
  const all = fixtures();
  assert.ok(all.length >= 30, `only ${all.length} parser fixtures`);
  assert.deepEqual(Object.keys(expected).sort(), all.map((f) => f.name).sort(), 'expected.json lists exactly the fixtures');
  const tally = newTally();
  const failures: string[] = [];
  for (const f of all) {
    const verdict = expected[f.name];
    const files = fs.statSync(f.source).isDirectory() ? parseAll(f.source) : new Map([['nginx.conf', parseNginx(f.source, fs.readFileSync(f.source, 'utf8'))]]);
    const why = disagreement(verdict, files, 'nginx.conf');
    count(tally, verdict, !why);
    if (why) failures.push(`${f.name}: ${why}`);
    if (f.name.startsWith('hazard-')) {
      const hazards = [...files.values()].flatMap(problemsOf).filter((x) => x.hazard);
      if (hazards.length === 0) failures.push(`${f.name}: the hazard is not reported`);
    }
  }
  t.diagnostic(`${all.length} fixtures: ${summary(tally)}`);
  assert.deepEqual(failures, []);
});

test('parser fixtures: real nginx -t gives the recorded verdicts, and the parser agrees with it', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  const update = process.env.TLSLINT_UPDATE_PARSER_EXPECTATIONS === '1';
  const expected = update ? {} : readExpected();
  const recorded: Record<string, Verdict> = {};
  const tally = newTally();
  const failures: string[] = [];
  for (const f of fixtures()) {
    const dir = materialize(f.source);
    try {
      const verdict = toVerdict(nginxCheckTree(dir, 'nginx.conf'));
      recorded[f.name] = verdict;
      if (!update) {
        try {
          assert.deepEqual(verdict, expected[f.name]);
        } catch {
          failures.push(`${f.name}: nginx says ${JSON.stringify(verdict)}, expected.json ${JSON.stringify(expected[f.name])} (TLSLINT_UPDATE_PARSER_EXPECTATIONS=1 rewrites it)`);
        }
      }
      const why = disagreement(verdict, parseAll(dir), 'nginx.conf');
      count(tally, verdict, !why);
      if (why) failures.push(`${f.name}: ${why}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (update) fs.writeFileSync(EXPECTED_FILE, JSON.stringify(recorded, null, 2) + '\n');
  t.diagnostic(`${Object.keys(recorded).length} fixtures against nginx -t: ${summary(tally)}`);
  assert.deepEqual(failures, []);
});

// ---------------------------------------------------------------------------------------------
// (c) differential fuzz and the token length limit

/** mulberry32: small seeded generator, so a failing input reproduces. */
function generator(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Directive pieces that nginx accepts in a server block, and syntax noise around them.
const PIECES = [
  'gzip on;', 'gzip on', 'add_header X "a";', 'add_header X "a"', "add_header Y 'b{' always;", 'location / {',
  'location ~ "^/a{2}$" {', 'location ~ ^/a{2}$ {', 'if ($uri ~ "a")', 'if ($uri ~ "x") {', '}', '}', '}', ';', '{', '"', "'", '#c', '# }',
  '\n', '\n', ' ', '\t', '\r\n', '\r', '"a"b', '"x"y', 'return 200 ok}', 'return 204', 'add_header Z \\"', '\\', 'set $a ${uri}x;',
  'map $uri $v {', 'default 0;', 'types {', 'text/html html;', 'content_by_lua_block {', 'ngx.say("}")', '-- }', 'é', '😀',
  '"' + 'x'.repeat(1500) + '"', 'a\\\r\n', '\\\r\n',
];

const KNOWN = new Set(['gzip', 'add_header', 'location', 'if', 'return', 'set', 'map', 'types', 'server_name', 'listen', 'content_by_lua_block']);

test('differential fuzz: the parser predicts nginx -t on random near-configurations', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  const rand = generator(20240611);
  const tally = newTally();
  const failures: string[] = [];
  for (let i = 0; i < 200; i++) {
    let body = '';
    const len = 1 + Math.floor(rand() * 14);
    for (let k = 0; k < len; k++) body += PIECES[Math.floor(rand() * PIECES.length)] + (rand() < 0.5 ? ' ' : '\n');
    const text = `events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n${body}\n  }\n}\n`;
    const verdict = toVerdict(nginxCheckConfig(text));
    const plain = parseNginx('nginx.conf', text);
    const why = disagreement(verdict, new Map([['nginx.conf', plain]]), 'nginx.conf');
    count(tally, verdict, !why);
    if (why) failures.push(`#${i} ${JSON.stringify(text)}: ${why}`);
    // Splitting at known directive names (a missing ";") adds problems but does not change the
    // prediction before the first split: after it nginx has already stopped (on a semantic error) and
    // the parser reads on as the author meant (e.g. a Lua block after the split is raw).
    const split = parseNginx('nginx.conf', text, { isKnownDirective: (n) => KNOWN.has(n) });
    const first = (p: ParsedFile) => problemsOf(p).find((x) => x.nginx)?.nginx;
    const splits = problemsOf(split).filter((x) => !x.nginx && /next line starts another directive/.test(x.message));
    const firstSplit = Math.min(...splits.map((x) => nginxLine(split, x.range.start)));
    const expected = first(plain);
    if (expected && expected.line < firstSplit && JSON.stringify(first(split)) !== JSON.stringify(expected)) {
      failures.push(`#${i} ${JSON.stringify(text)}: with known directives the prediction changes to ${JSON.stringify(first(split))}`);
    }
  }
  t.diagnostic(`200 generated configurations: ${summary(tally)}`);
  assert.deepEqual(failures.slice(0, 10), []);
});

test('the 4096-byte token limit matches nginx at its edges', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  const tally = newTally();
  const failures: string[] = [];
  const tails = [';\n}\n}\n', ' always;\n}\n}\n', ')\n;}}', '\r\n;}}', ''];
  const head = 'events {}\nhttp {\n server {\n add_header X ';
  for (let len = 4094; len <= 4097; len++) {
    for (const tail of tails) {
      const variants = {
        word: head + 'a'.repeat(len) + tail,
        quoted: head + '"' + 'a'.repeat(len) + '"' + tail,
        unterminated: head + '"' + 'a'.repeat(len) + tail,
        comment: 'events {}\nhttp {\n#' + 'c'.repeat(len) + tail,
      };
      for (const [kind, text] of Object.entries(variants)) {
        const verdict = toVerdict(nginxCheckConfig(text));
        const why = disagreement(verdict, new Map([['nginx.conf', parseNginx('nginx.conf', text)]]), 'nginx.conf');
        count(tally, verdict, !why);
        if (why) failures.push(`${kind} ${len} ${JSON.stringify(tail)}: ${why}`);
      }
    }
  }
  t.diagnostic(`token-length edge cases: ${summary(tally)}`);
  assert.deepEqual(failures, []);
});

// ---------------------------------------------------------------------------------------------
// (d) the oracle helpers themselves

test('oracle helpers: skip, or fail when oracles are required', () => {
  const saved = process.env[REQUIRE_ORACLES_ENV];
  const calls: string[] = [];
  const fake = { skip: (m: string) => calls.push(`skip: ${m}`), diagnostic: (m: string) => calls.push(`note: ${m}`) } as unknown as TestContext;
  try {
    delete process.env[REQUIRE_ORACLES_ENV];
    assert.equal(requireOracle('nope', 'tlslint-no-such-binary'), false);
    assert.equal(oracleOrSkip(fake, 'tlslint-no-such-binary'), undefined);
    assert.equal(oracleOrSkip(fake, 'tlslint-no-such-binary', { skipTest: false }), undefined);
    assert.deepEqual(calls, [
      'skip: tlslint-no-such-binary not installed; skipped (set TLSLINT_REQUIRE_ORACLES=1 to require it)',
      'note: tlslint-no-such-binary not installed; skipped (set TLSLINT_REQUIRE_ORACLES=1 to require it)',
    ]);
    process.env[REQUIRE_ORACLES_ENV] = '1';
    assert.throws(() => requireOracle('nope', 'tlslint-no-such-binary'), /oracle nope is required \(TLSLINT_REQUIRE_ORACLES=1\) but unavailable: tlslint-no-such-binary not installed/);
    assert.throws(() => oracleOrSkip(fake, 'tlslint-no-such-binary'), OracleMissingError);
    assert.equal(requireOracle('sh', 'sh'), true);
  } finally {
    if (saved === undefined) delete process.env[REQUIRE_ORACLES_ENV];
    else process.env[REQUIRE_ORACLES_ENV] = saved;
  }
});

test('nginx oracle: output parsing and syntax/semantic classification', () => {
  const out = [
    '2026/01/02 03:04:05 [warn] 12#12: the "ssl" directive is deprecated, use the "listen ... ssl" directive instead in /c/nginx.conf:4',
    '2026/01/02 03:04:05 [emerg] 12#12: unknown directive "a',
    'b" in /c/conf.d/x.conf:7',
    'nginx: configuration file /c/nginx.conf test failed',
  ].join('\n');
  assert.deepEqual(parseNginxOutput(out, 1, '/c'), {
    ok: false,
    warnings: ['the "ssl" directive is deprecated, use the "listen ... ssl" directive instead'],
    message: 'unknown directive "a\nb"',
    file: 'conf.d/x.conf',
    line: 7,
    syntactic: false,
  });
  assert.deepEqual(parseNginxOutput('nginx: [emerg] unexpected "}" in /etc/nginx/nginx.conf:3\n', 1, '/c'), {
    ok: false,
    warnings: [],
    message: 'unexpected "}"',
    file: '/etc/nginx/nginx.conf',
    line: 3,
    syntactic: true,
  });
  assert.deepEqual(parseNginxOutput('nginx: [emerg] cannot load certificate "/x.crt": BIO_new_file() failed\n', 1), {
    ok: false,
    warnings: [],
    message: 'cannot load certificate "/x.crt": BIO_new_file() failed',
    file: undefined,
    line: undefined,
    syntactic: false,
  });
  const syntactic = ['unexpected "}"', 'unexpected ";"', 'unexpected "{"', 'unexpected "x"', 'unexpected end of file, expecting ";" or "}"', 'unexpected end of file, expecting "}"', 'too long parameter "aaaaaaaaaa..." started', 'too long parameter, probably missing terminating """ character'];
  const semantic = ['unknown directive "foo"', '"listen" directive is not allowed here', 'invalid number of arguments in "ssl_protocols" directive', 'invalid value "x"', '"ssl_certificate_key" directive is duplicate', 'host not found in upstream "x"', 'cannot load certificate "/x"', 'directive "server" has no opening "{"', 'directive "gzip" is not terminated by ";"'];
  for (const m of syntactic) assert.equal(isSyntacticNginxMessage(m), true, m);
  for (const m of semantic) assert.equal(isSyntacticNginxMessage(m), false, m);
});

test('nginx oracle: pid, logs and listening sockets stay in private namespaces', async (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  if (nginxOracleMode() === 'plain') {
    t.skip('the nginx oracle runs without namespaces here (TLSLINT_NGINX_ORACLE_UNSAFE=1); skipped');
    return;
  }
  const probe = '/run/tlslint-oracle-probe.pid';
  const log = '/var/log/nginx/tlslint-oracle-probe.log';
  // A port in use on the host: nginx -t binds its listening sockets, but in its own network namespace.
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const result = nginxCheckConfig(`pid ${probe};\nerror_log ${log};\nevents {}\nhttp {\n    server { listen 127.0.0.1:${port}; }\n}\n`);
    assert.ok(result.ok, result.output);
  } finally {
    server.close();
  }
  assert.equal(fs.existsSync(probe), false, 'the pid file stayed in the private namespace');
  assert.equal(fs.existsSync(log), false, 'the error log stayed in the private namespace');
  const syntax = nginxCheckFiles({ 'nginx.conf': 'events {}\nhttp {\n    include sites/*.conf;\n}\n', 'sites/a.conf': 'server {\n    listen 127.0.0.1:8080\n}\n' });
  assert.deepEqual([syntax.ok, syntax.file, syntax.line, syntax.message, syntax.syntactic], [false, 'sites/a.conf', 3, 'unexpected "}"', true]);
});

test('nginx oracle: stream {} loads the dynamic module when it is installed', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  if (!nginxModules().some((m) => m.name === 'stream')) {
    t.skip('the nginx stream module is not installed (Debian: libnginx-mod-stream; or set TLSLINT_NGINX_MODULES_DIR); skipped');
    return;
  }
  const result = nginxCheckConfig('events {}\nstream {\n    server {\n        listen 127.0.0.1:9000;\n        proxy_pass 127.0.0.1:9001;\n    }\n}\n');
  assert.ok(result.ok, result.output);
  assert.ok(result.loadedModules.includes('stream') || !result.output.includes('unknown directive'));
});

test('makeTestCertificate writes a matching self-signed localhost certificate and key', (t) => {
  if (!oracleOrSkip(t, 'openssl')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-cert-test-'));
  try {
    const { cert, key } = makeTestCertificate(dir, 'site');
    assert.deepEqual([path.basename(cert), path.basename(key)], ['site.crt', 'site.key']);
    const x509 = new X509Certificate(fs.readFileSync(cert));
    assert.equal(x509.subject, 'CN=localhost');
    assert.ok(x509.checkPrivateKey(createPrivateKey(fs.readFileSync(key))));
    const days = (Date.parse(x509.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 1 && days <= 2.01, `valid for ${days} days`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
