// Apache httpd's directive-typo, directive-context and directive-duplicate on their fixtures
// (test/fixtures/rules/apache/directive-*.conf), judged by the real server: each finding tlslint calls
// an error is a line `apache2 -t` refuses, with the message tlslint quotes; each warning (a duplicate whose
// first value is lost) and every `ok` line is accepted; the typo fixes give a configuration httpd accepts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkExpectations, lintDir, fixtureSettings, parseExpectations } from '../helpers/fixtures';
import { apacheCheckFile } from '../helpers/apacheOracle';
import { oracleOrSkip } from '../helpers/oracle';
import { parseApache } from '../../server/src/engine/syntax/apache';
import { walkDirectives, type Directive } from '../../server/src/engine/syntax/tree';
import type { Finding, TextEdit } from '../../server/src/engine/types';
import { Engine } from '../../server/src/engine/engine';
import { NodeFileSystem } from '../../server/src/host/nodeFs';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules', 'apache');
const RULES = ['directive-typo', 'directive-context', 'directive-duplicate'];

function lintText(name: string, text: string): { file: string; findings: Finding[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-apache-${name}-`));
  const file = path.join(dir, 'apache2.conf');
  fs.writeFileSync(file, text);
  const all = lintDir(dir, fixtureSettings(text));
  return { file, findings: all.get(file) ?? [] };
}

/** The directive that starts on a line (the outermost when a section starts there). */
function directiveOnLine(text: string, line: number): Directive | undefined {
  let found: Directive | undefined;
  walkDirectives(parseApache('/x.conf', text).directives, (d) => {
    if (!found && d.range.start.line === line) found = d;
  });
  return found;
}

/** Comment out the directives starting on these lines (a section with its whole body). */
function commentOut(text: string, lines: number[]): string {
  const out = text.split('\n');
  for (const l of lines) {
    const d = directiveOnLine(text, l);
    const end = d ? d.range.end.line : l;
    for (let i = l; i <= end; i++) out[i] = `#${out[i]}`;
  }
  return out.join('\n');
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

/** The message httpd prints, as tlslint quotes it at the end of its own: `… ("Invalid command 'X', …")`. */
function quotedServerMessage(message: string): string | undefined {
  return /\("([^"]+)"\)(?: \(included from [^)]*\))?$/.exec(message)?.[1];
}

function checkWithServer(text: string): ReturnType<typeof apacheCheckFile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-oracle-'));
  const file = path.join(dir, 'fixture.conf');
  fs.writeFileSync(file, text);
  try {
    return apacheCheckFile(dir, file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The fixtures of a rule: `<rule>.conf` and its variants `<rule>-<variant>.conf`. */
function fixturesOf(rule: string): string[] {
  return fs.readdirSync(FIXTURES).filter((f) => f === `${rule}.conf` || (f.startsWith(`${rule}-`) && f.endsWith('.conf'))).sort();
}

for (const rule of RULES) {
  test(`${rule} (Apache): fixture expectations`, () => {
    let annotated = 0;
    for (const name of fixturesOf(rule)) {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const { file, findings } = lintText(rule, text);
      const expectations = parseExpectations(file, text);
      annotated += expectations.filter((e) => e.kind === 'ruleid').length;
      assert.deepEqual(checkExpectations(new Map([[file, findings]]), expectations, rule), [], name);
    }
    assert.ok(annotated >= 3, `${rule}: only ${annotated} ruleid annotations`);
  });

  test(`${rule} (Apache): apache2 -t refuses what tlslint calls an error, with the message tlslint quotes, and accepts the rest`, (t) => {
    if (!oracleOrSkip(t, 'apache2')) return;
    let judged = 0;
    for (const name of fixturesOf(rule)) {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const { findings } = lintText(rule, text);
      const mine = findings.filter((f) => f.ruleId === rule);
      const lines = [...new Set(mine.map((f) => f.range.start.line))];
      // With every reported line taken out, httpd accepts the file: the `ok` lines are fine for it.
      const clean = checkWithServer(commentOut(text, lines));
      assert.ok(clean.ok, `${name}: without the reported lines httpd still refuses: ${clean.message} (line ${clean.line})`);
      for (const f of mine) {
        judged++;
        const line = f.range.start.line;
        const alone = commentOut(text, lines.filter((l) => l !== line));
        const res = checkWithServer(alone);
        if (f.severity === 'error') {
          assert.equal(res.ok, false, `${name}:${line + 1}: tlslint says "${f.message}" but httpd accepts it`);
          assert.equal(res.line, line + 1, `${name}:${line + 1}: httpd fails on line ${res.line} instead: ${res.message}`);
          const quoted = quotedServerMessage(f.message);
          assert.ok(quoted, `${name}:${line + 1}: the message quotes no httpd message: ${f.message}`);
          assert.equal(res.message, quoted, `${name}:${line + 1}`);
        } else {
          assert.ok(res.ok, `${name}:${line + 1}: a warning (httpd keeps the last value), but httpd refuses: ${res.message}`);
        }
        // A fix of an error must give a configuration httpd accepts (renamed typos, removed Listen duplicates).
        const fix = f.fixes?.[0];
        if (fix && f.severity === 'error') {
          const fixed = checkWithServer(applyEdits(alone, fix.edits));
          assert.ok(fixed.ok, `${name}:${line + 1}: after "${fix.title}" httpd still refuses: ${fixed.message} (line ${fixed.line})`);
        }
      }
    }
    assert.ok(judged >= 3, `${rule}: only ${judged} findings judged`);
  });
}

test('directive-typo (Apache): a directive of a module that is not loaded is not a typo; far-off names are not either; macros are templates', () => {
  const text = [
    'ServerRoot /etc/apache2',
    'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
    'H2Direct on',
    'MDomain example.test',
    'FrobnicateWidgets yes',
    'NSSEngine on',
    'NSSProtocol TLSv1.2',
    'Listn 443',
    'Lisn 443',
    '<Macro Site $name>',
    '  SSLEngin on',
    '</Macro>',
    'SSLEngin on',
    '',
  ].join('\n');
  const { findings } = lintText('typo-extra', text);
  const typos = findings.filter((f) => f.ruleId === 'directive-typo');
  // mod_nss's names are two edits from mod_ssl's but belong to a module of their own; `Lisn` is two
  // edits from `Listen`, too many for a name that short.
  assert.deepEqual(typos.map((f) => f.range.start.line), [7, 12]);
  assert.match(typos[0].message, /did you mean "Listen"\?/);
  assert.match(typos[1].message, /did you mean "SSLEngine"\?/);
  assert.equal(typos[1].fixes?.[0].edits[0].newText, 'SSLEngine');
});

test('directive-context (Apache): a snippet is judged where it is included, and .htaccess files by their own rules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-ctx-'));
  fs.writeFileSync(path.join(dir, 'apache2.conf'), [
    'ServerRoot ' + dir,
    'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
    '<VirtualHost *:443>',
    '  <Location />',
    '    Include snippet.conf',
    '  </Location>',
    '</VirtualHost>',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'snippet.conf'), 'SSLProtocol -all +TLSv1.3\nSSLVerifyClient require\n');
  fs.mkdirSync(path.join(dir, 'www'));
  fs.writeFileSync(path.join(dir, 'www', '.htaccess'), 'SSLRequireSSL\nSSLCertificateFile /x.pem\n');
  const files = [path.join(dir, 'apache2.conf'), path.join(dir, 'snippet.conf'), path.join(dir, 'www', '.htaccess')];
  const all = new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: fixtureSettings('') }).findings;
  const snippet = (all.get(path.join(dir, 'snippet.conf')) ?? []).filter((f) => f.ruleId === 'directive-context');
  assert.deepEqual(snippet.map((f) => f.range.start.line), [0]);
  assert.match(snippet[0].message, /not allowed inside <Location>.*\(included from apache2\.conf:5\)/);
  assert.equal(snippet[0].related?.[0].message, 'included here');
  const htaccess = (all.get(path.join(dir, 'www', '.htaccess')) ?? []).filter((f) => f.ruleId === 'directive-context');
  assert.deepEqual(htaccess.map((f) => f.range.start.line), [1]);
  assert.match(htaccess[0].message, /\.htaccess/);
});

test('directive-context (Apache): a snippet included at several places is judged once per context, where it is first read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-ctx-twice-'));
  fs.writeFileSync(path.join(dir, 'apache2.conf'), [
    'ServerRoot ' + dir,
    'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so',
    '<VirtualHost *:443>',
    '  Include snippet.conf',
    '  <Location /a>',
    '    Include snippet.conf',
    '  </Location>',
    '  <Directory /srv>',
    '    Include snippet.conf',
    '  </Directory>',
    '</VirtualHost>',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'snippet.conf'), 'SSLProtocol -all +TLSv1.3\n');
  const files = [path.join(dir, 'apache2.conf'), path.join(dir, 'snippet.conf')];
  const all = new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: fixtureSettings('') }).findings;
  // Allowed in the vhost; refused in <Location> and <Directory>, both directory contexts: one finding,
  // naming the first of those includes (the second one's message differs, so only the rule keeps it out).
  const snippet = (all.get(path.join(dir, 'snippet.conf')) ?? []).filter((f) => f.ruleId === 'directive-context');
  assert.equal(snippet.length, 1, JSON.stringify(snippet.map((f) => f.message)));
  assert.match(snippet[0].message, /not allowed inside <Location>.*\(included from apache2\.conf:6\)/);
});

test('Debian\'s own /etc/apache2 tree: no directive-typo, directive-context or directive-duplicate; one injected typo is found', (t) => {
  // The Debian package's configuration comes with the apache2 binary.
  if (!oracleOrSkip(t, 'apache2')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-debian-'));
  fs.cpSync('/etc/apache2', dir, { recursive: true, dereference: true });
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(conf|load)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  const lint = (): Finding[] =>
    [...new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: fixtureSettings('') }).findings.values()].flat().filter((f) => RULES.includes(f.ruleId));
  assert.deepEqual(lint().map((f) => `${path.relative(dir, f.file)}:${f.range.start.line + 1} ${f.message}`), []);
  const site = path.join(dir, 'sites-enabled', '000-default.conf');
  const text = fs.readFileSync(site, 'utf8');
  fs.writeFileSync(site, text.replace(/^(\s*)(DocumentRoot .*)$/m, '$1$2\n$1SSLCipherSuit HIGH:!aNULL'));
  const found = lint();
  assert.deepEqual(found.map((f) => [path.relative(dir, f.file), f.ruleId]), [['sites-enabled/000-default.conf', 'directive-typo']]);
  fs.rmSync(dir, { recursive: true, force: true });
});
