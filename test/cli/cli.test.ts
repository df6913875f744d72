// The tlslint CLI as users run it: `node bin/tlslint.js …` in temporary directories. Exit codes, the
// three output formats, settings files, rule levels, directory walking and standard input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasBinary } from '../helpers/oracle';
import { makeTestCertificate } from '../helpers/nginxOracle';
import { lineCol, ROOT, runCli, tempTree, writeTree } from './helpers';
import { sarifProblems } from './sarifCheck';

/** A TLS server on 443 without `ssl`: listen-ssl-missing (error, safe fix). */
const LISTEN_NO_SSL = `events {}
http {
    server {
        listen 443;
        server_name localhost;
        ssl_certificate     tls/test.crt;
        ssl_certificate_key tls/test.key;
    }
}
`;

/** Plain HTTP only: nothing for a TLS linter to say. */
const PLAIN_HTTP = `events {}
http {
    server {
        listen 80;
        server_name localhost;
    }
}
`;

/** A TLS server allowing TLS 1.0: protocol-deprecated (warning) and infos, no errors. */
const OLD_PROTOCOLS = `events {}
http {
    server {
        listen 443 ssl;
        server_name localhost;
        ssl_certificate     tls/test.crt;
        ssl_certificate_key tls/test.key;
        ssl_protocols TLSv1 TLSv1.2;
    }
}
`;

/** A directory with `files` and a certificate pair under tls/ (real when openssl is there). */
function project(files: Record<string, string>): { dir: string; cleanup(): void } {
  const t = tempTree(files);
  const tls = path.join(t.dir, 'tls');
  if (hasBinary('openssl')) makeTestCertificate(tls, 'test');
  else writeTree(t.dir, { 'tls/test.crt': 'placeholder\n', 'tls/test.key': 'placeholder\n' });
  return t;
}

interface JsonReport {
  file: string;
  findings: { ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; related: unknown[]; fixes: { title: string; safety: string }[] }[];
}

function json(stdout: string): JsonReport[] {
  return JSON.parse(stdout) as JsonReport[];
}

const ids = (reports: JsonReport[]): string[] => reports.flatMap((r) => r.findings.map((f) => f.ruleId));

test('--version prints the package version; --help the usage; both exit 0', () => {
  const t = tempTree();
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = runCli(['--version'], { cwd: t.dir });
    assert.equal(v.status, 0);
    assert.equal(v.stdout.trim(), pkg.version);
    const h = runCli(['--help'], { cwd: t.dir });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /^Usage: tlslint \[options\] <files or dirs>\.\.\./);
    for (const opt of ['--format', '--profile', '--guideline', '--ca', '--config', '--rule', '--target', '--path-mapping', '--fix', '--fix-unsafe', '--fix-dry-run', '--dialect', '--stdin', '--stdin-filename', '--nginx-dump', '--max-warnings', '--quiet', '--no-color', '--list-rules']) {
      assert.ok(h.stdout.includes(opt), `help mentions ${opt}`);
    }
  } finally {
    t.cleanup();
  }
});

test('--list-rules lists every rule with its default level and description', () => {
  const t = tempTree();
  try {
    const r = runCli(['--list-rules'], { cwd: t.dir });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^listen-ssl-missing\s+error\s+fix\s+\S/m);
    assert.match(r.stdout, /^syntax-error\s+error\s+/m);
    const asJson = JSON.parse(runCli(['--list-rules', '--format', 'json'], { cwd: t.dir }).stdout) as { id: string; defaultSeverity: string; docs: string }[];
    const listen = asJson.find((x) => x.id === 'listen-ssl-missing');
    assert.equal(listen?.defaultSeverity, 'error');
    assert.match(listen!.docs, /listen-ssl-missing\.md$/);
  } finally {
    t.cleanup();
  }
});

test('exit 0 when there is no error-level finding, 1 when there is', () => {
  const t = project({ 'clean/nginx.conf': PLAIN_HTTP, 'warn/nginx.conf': OLD_PROTOCOLS, 'bad/nginx.conf': LISTEN_NO_SSL });
  try {
    const clean = runCli(['clean'], { cwd: t.dir });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout.trim(), '');
    const warn = runCli(['warn'], { cwd: t.dir });
    assert.equal(warn.status, 0, warn.stdout + warn.stderr);
    assert.match(warn.stdout, /protocol-deprecated/);
    const bad = runCli(['bad'], { cwd: t.dir });
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  } finally {
    t.cleanup();
  }
});

test('exit 2 with a one-line message: nonexistent path, bad option, unknown rule, bad level, missing --config', () => {
  const t = project({ 'nginx.conf': PLAIN_HTTP });
  try {
    const cases: [string[], RegExp][] = [
      [['does/not/exist.conf'], /does\/not\/exist\.conf: no such file or directory/],
      [['nginx.conf', 'missing-dir'], /missing-dir: no such file or directory/],
      [['--format', 'xml', 'nginx.conf'], /--format: expected one of text, json, sarif, got "xml"/],
      [['--bogus', 'nginx.conf'], /unknown option --bogus/],
      [['--rule', 'no-such-rule=off', 'nginx.conf'], /unknown rule "no-such-rule"/],
      [['--rule', 'listen-ssl-missing=loud', 'nginx.conf'], /expected one of off, info, warning, error/],
      [['--config', 'nope.json', 'nginx.conf'], /nope\.json: no such file/],
      [['--ca', 'missing-ca.pem', 'nginx.conf'], /missing-ca\.pem: no such file/],
      [['--max-warnings', 'many', 'nginx.conf'], /--max-warnings: expected a non-negative integer/],
      [['--target', 'nginx=latest', 'nginx.conf'], /not a version/],
      [[], /no files or directories given/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd: t.dir });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr.split('\n')[0], message, args.join(' '));
      assert.match(r.stderr.split('\n')[0], /^tlslint: /);
      assert.equal(r.stdout, '', args.join(' '));
    }
  } finally {
    t.cleanup();
  }
});

test('exit 2 for a file that cannot be read', (t) => {
  // As root every file is readable: run the CLI as nobody then (when setpriv can).
  const asUser = process.getuid?.() === 0 ? 65534 : undefined;
  if (asUser !== undefined && !hasBinary('setpriv')) {
    t.skip('running as root without setpriv: every file is readable');
    return;
  }
  const tree = project({ 'nginx.conf': PLAIN_HTTP, 'ok.conf': PLAIN_HTTP });
  try {
    fs.chmodSync(tree.dir, 0o755);
    fs.chmodSync(path.join(tree.dir, 'ok.conf'), 0o644);
    fs.chmodSync(path.join(tree.dir, 'nginx.conf'), 0o000);
    const ok = runCli(['ok.conf'], { cwd: tree.dir, asUser });
    if (ok.status !== 0) {
      t.skip(`the CLI cannot run as uid ${asUser} here: ${ok.stderr.split('\n')[0]}`);
      return;
    }
    const r = runCli(['nginx.conf'], { cwd: tree.dir, asUser });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^tlslint: nginx\.conf: cannot read \(EACCES\)$/m);
  } finally {
    fs.chmodSync(path.join(tree.dir, 'nginx.conf'), 0o644);
    tree.cleanup();
  }
});

test('text output: file header, line:col, severity, message and rule id, and a summary', () => {
  const t = project({ 'nginx.conf': LISTEN_NO_SSL });
  try {
    const r = runCli(['nginx.conf'], { cwd: t.dir });
    assert.equal(r.status, 1);
    const where = lineCol(LISTEN_NO_SSL, '443');
    assert.match(r.stdout, /^nginx\.conf$/m);
    assert.match(r.stdout, new RegExp(`^  ${where}\\s+error\\s+.*"listen 443".*\\s+listen-ssl-missing$`, 'm'));
    assert.match(r.stdout, /✖ \d+ problems? \(1 error, \d+ warnings?, \d+ infos?\)/);
    assert.match(r.stdout, /fixable with --fix/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colours when stdout is not a terminal');
  } finally {
    t.cleanup();
  }
});

test('json output: one entry per file, relative paths, 1-based ranges, fixes with their safety', () => {
  const t = project({ 'conf/nginx.conf': LISTEN_NO_SSL, 'conf/sites-enabled/plain': PLAIN_HTTP.replace('events {}\nhttp {\n', '').replace(/\n}\n$/, '\n') });
  try {
    const r = runCli(['--format', 'json', 'conf'], { cwd: t.dir });
    assert.equal(r.status, 1, r.stderr);
    const reports = json(r.stdout);
    assert.deepEqual(reports.map((x) => x.file).sort(), ['conf/nginx.conf', 'conf/sites-enabled/plain']);
    const main = reports.find((x) => x.file === 'conf/nginx.conf')!;
    const f = main.findings.find((x) => x.ruleId === 'listen-ssl-missing');
    assert.ok(f, JSON.stringify(main));
    const [line, column] = lineCol(LISTEN_NO_SSL, '443').split(':').map(Number);
    assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [line, column, line, column + 3]);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.fixes.map((x) => x.safety), ['safe']);
    assert.ok(Array.isArray(f.related));
  } finally {
    t.cleanup();
  }
});

/** hsts-lost: a location's add_header drops the server's HSTS header; related location: the header. */
const HSTS_LOST = `events {}
http {
    server {
        listen 443 ssl;
        server_name localhost;
        ssl_certificate     ../tls/test.crt;
        ssl_certificate_key ../tls/test.key;
        add_header Strict-Transport-Security "max-age=63072000" always;
        location / {
            add_header X-Frame-Options DENY;
        }
    }
}
`;

test('sarif output: a valid SARIF 2.1.0 log with rules, levels, regions, related locations and fixes', () => {
  const t = project({ 'nginx.conf': LISTEN_NO_SSL, 'old/nginx.conf': OLD_PROTOCOLS, 'my sites/lost.conf': HSTS_LOST });
  try {
    const r = runCli(['--format', 'sarif', '.'], { cwd: t.dir });
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as any;
    assert.deepEqual(sarifProblems(log), []);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'tlslint');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rule = run.tool.driver.rules.find((x: any) => x.id === 'listen-ssl-missing');
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.match(rule.helpUri, /^https:\/\/.*listen-ssl-missing\.md$/);
    assert.ok(rule.shortDescription.text.length > 0);
    const listen = run.results.find((x: any) => x.ruleId === 'listen-ssl-missing');
    assert.equal(run.tool.driver.rules[listen.ruleIndex].id, 'listen-ssl-missing');
    assert.equal(listen.level, 'error');
    const loc = listen.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: 'nginx.conf', uriBaseId: '%SRCROOT%' });
    const [line, column] = lineCol(LISTEN_NO_SSL, '443').split(':').map(Number);
    assert.deepEqual(loc.region, { startLine: line, startColumn: column, endLine: line, endColumn: column + 3 });
    const replacement = listen.fixes[0].artifactChanges[0].replacements[0];
    assert.equal(replacement.insertedContent.text, ' ssl');
    assert.equal(replacement.deletedRegion.startColumn, replacement.deletedRegion.endColumn);
    const deprecated = run.results.find((x: any) => x.ruleId === 'protocol-deprecated');
    assert.equal(deprecated.level, 'warning');
    assert.equal(deprecated.locations[0].physicalLocation.artifactLocation.uri, 'old/nginx.conf');
    const notes = run.results.filter((x: any) => x.level === 'note');
    assert.ok(notes.length > 0, 'info findings are notes');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${t.dir}/`);
    const lost = run.results.find((x: any) => x.ruleId === 'hsts-lost');
    assert.equal(lost.locations[0].physicalLocation.artifactLocation.uri, 'my%20sites/lost.conf');
    const related = lost.relatedLocations[0];
    assert.equal(related.physicalLocation.region.startLine, HSTS_LOST.split('\n').findIndex((l) => l.includes('Strict-Transport-Security')) + 1);
    assert.equal(typeof related.message.text, 'string');
  } finally {
    t.cleanup();
  }
});

test('sarif output: files outside the working directory get file: URIs', () => {
  const t = project({ 'nginx.conf': LISTEN_NO_SSL });
  const elsewhere = tempTree();
  try {
    const r = runCli(['--format', 'sarif', path.join(t.dir, 'nginx.conf')], { cwd: elsewhere.dir });
    const log = JSON.parse(r.stdout) as any;
    assert.deepEqual(sarifProblems(log), []);
    const loc = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(loc, { uri: `file://${t.dir}/nginx.conf` });
  } finally {
    t.cleanup();
    elsewhere.cleanup();
  }
});

test('--rule id=off removes its findings; --rule id=warning re-levels them', () => {
  const t = project({ 'nginx.conf': LISTEN_NO_SSL });
  try {
    const off = runCli(['--format', 'json', '--rule', 'listen-ssl-missing=off', 'nginx.conf'], { cwd: t.dir });
    assert.ok(!ids(json(off.stdout)).includes('listen-ssl-missing'));
    assert.equal(off.status, 0);
    const warn = runCli(['--format', 'json', '--rule=listen-ssl-missing=warning', 'nginx.conf'], { cwd: t.dir });
    assert.equal(warn.status, 0);
    assert.equal(json(warn.stdout)[0].findings.find((f) => f.ruleId === 'listen-ssl-missing')?.severity, 'warning');
  } finally {
    t.cleanup();
  }
});

test('--max-warnings and --quiet', () => {
  const t = project({ 'nginx.conf': OLD_PROTOCOLS });
  try {
    const over = runCli(['--max-warnings', '0', 'nginx.conf'], { cwd: t.dir });
    assert.equal(over.status, 1);
    assert.match(over.stderr, /more than --max-warnings 0/);
    assert.equal(runCli(['--max-warnings', '100', 'nginx.conf'], { cwd: t.dir }).status, 0);
    const quiet = runCli(['--quiet', '--format', 'json', 'nginx.conf'], { cwd: t.dir });
    assert.equal(quiet.status, 0);
    assert.deepEqual(ids(json(quiet.stdout)), []);
  } finally {
    t.cleanup();
  }
});

test('--fail-on and the rc file\'s failOn choose which severity fails the run', () => {
  const t = project({ 'nginx.conf': LISTEN_NO_SSL, 'warn/nginx.conf': OLD_PROTOCOLS });
  try {
    assert.equal(runCli(['nginx.conf'], { cwd: t.dir }).status, 1);
    assert.equal(runCli(['--fail-on', 'none', 'nginx.conf'], { cwd: t.dir }).status, 0);
    assert.equal(runCli(['warn/nginx.conf'], { cwd: t.dir }).status, 0);
    assert.equal(runCli(['--fail-on', 'warning', 'warn/nginx.conf'], { cwd: t.dir }).status, 1);
    const bad = runCli(['--fail-on', 'sometimes', 'nginx.conf'], { cwd: t.dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on: expected error, warning, info or none/);
    writeTree(t.dir, { '.tlslintrc.json': JSON.stringify({ failOn: 'none' }) });
    const run = runCli(['nginx.conf'], { cwd: t.dir });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /listen-ssl-missing/);
    assert.equal(runCli(['--fail-on', 'error', 'nginx.conf'], { cwd: t.dir }).status, 1, 'the flag overrides the rc file');
  } finally {
    t.cleanup();
  }
});

test('.tlslintrc.json: found upward from the cwd and from each file, the nearest wins; --config overrides', () => {
  const t = project({
    '.tlslintrc.json': JSON.stringify({ rules: { 'listen-ssl-missing': 'warning' } }),
    'a/nginx.conf': LISTEN_NO_SSL,
    'b/nginx.conf': LISTEN_NO_SSL,
    'b/.tlslintrc.json': JSON.stringify({ rules: { 'listen-ssl-missing': 'off' } }),
    'other/strict.json': JSON.stringify({ rules: { 'listen-ssl-missing': 'info' } }),
  });
  try {
    const severities = (r: { stdout: string }): Record<string, string | undefined> =>
      Object.fromEntries(json(r.stdout).map((x) => [x.file, x.findings.find((f) => f.ruleId === 'listen-ssl-missing')?.severity]));
    // From the project folder: a/ uses the top rc, b/ its own.
    const both = runCli(['--format', 'json', 'a', 'b'], { cwd: t.dir });
    assert.deepEqual(severities(both), { 'a/nginx.conf': 'warning', 'b/nginx.conf': undefined });
    assert.equal(both.status, 0);
    // From inside a/: the rc above the cwd applies.
    const fromA = runCli(['--format', 'json', 'nginx.conf'], { cwd: path.join(t.dir, 'a') });
    assert.deepEqual(severities(fromA), { 'nginx.conf': 'warning' });
    // --config beats every rc file.
    const forced = runCli(['--format', 'json', '--config', 'other/strict.json', 'a', 'b'], { cwd: t.dir });
    assert.deepEqual(severities(forced), { 'a/nginx.conf': 'info', 'b/nginx.conf': 'info' });
    // Flags beat the rc file.
    const flag = runCli(['--format', 'json', '--rule', 'listen-ssl-missing=error', 'a'], { cwd: t.dir });
    assert.equal(flag.status, 1);
  } finally {
    t.cleanup();
  }
});

test('.tlslintrc.json: relative paths resolve against its folder; bad JSON is exit 2', () => {
  const main = `events {}
http {
    include /srv/shared/site.conf;
}
`;
  const t = project({
    'repo/nginx.conf': main,
    'repo/deploy/site.conf': 'server {\n    listen 80;\n}\n',
    'repo/.tlslintrc.json': JSON.stringify({ pathMappings: { '/srv/shared': 'deploy' } }),
    'bad/.tlslintrc.json': '{ "rules": { ',
    'bad/nginx.conf': PLAIN_HTTP,
    'typed/.tlslintrc.json': JSON.stringify({ profile: 'paranoid' }),
    'typed/nginx.conf': PLAIN_HTTP,
  });
  try {
    const mapped = runCli(['--format', 'json', 'nginx.conf'], { cwd: path.join(t.dir, 'repo') });
    assert.ok(!ids(json(mapped.stdout)).includes('include-unresolved'), mapped.stdout);
    // From another folder with --config (whose own rc is broken: --config means it is not read), the
    // mapping still resolves against the rc file's folder, not the cwd.
    const elsewhere = runCli(['--format', 'json', '--config', '../repo/.tlslintrc.json', '../repo/nginx.conf'], { cwd: path.join(t.dir, 'bad') });
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.ok(!ids(json(elsewhere.stdout)).includes('include-unresolved'), elsewhere.stdout);
    // Without the rc file the include is unresolved (so the checks above are not vacuous).
    fs.renameSync(path.join(t.dir, 'repo/.tlslintrc.json'), path.join(t.dir, 'repo/rc.json'));
    const without = runCli(['--format', 'json', 'nginx.conf'], { cwd: path.join(t.dir, 'repo') });
    assert.ok(ids(json(without.stdout)).includes('include-unresolved'), without.stdout);

    const bad = runCli(['nginx.conf'], { cwd: path.join(t.dir, 'bad') });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^tlslint: \.tlslintrc\.json: invalid JSON/);
    const typed = runCli(['nginx.conf'], { cwd: path.join(t.dir, 'typed') });
    assert.equal(typed.status, 2);
    assert.match(typed.stderr, /\.tlslintrc\.json: profile: expected one of modern, intermediate, old/);
  } finally {
    t.cleanup();
  }
});

test('directories: config files by name, recursively; node_modules, dot-directories and symlink loops skipped', () => {
  const t = project({
    'etc/nginx/nginx.conf': PLAIN_HTTP,
    'etc/nginx/conf.d/a.conf': 'server {\n    listen 81;\n}\n',
    'etc/nginx/sites-available/example': 'server {\n    listen 82;\n}\n',
    'etc/nginx/sites-enabled/example.com': 'server {\n    listen 83;\n}\n',
    'etc/nginx/snippets/x.nginx': 'listen 84;\n',
    'etc/nginx/README.md': '# not a config\n',
    'etc/nginx/mime.types': 'types {}\n',
    'etc/apache2/apache2.conf': 'ServerRoot "/etc/apache2"\n',
    'etc/squid/squid.conf': 'http_port 3128\n',
    'www/.htaccess': 'Require all granted\n',
    'node_modules/pkg/nginx.conf': LISTEN_NO_SSL,
    '.git/nginx.conf': LISTEN_NO_SSL,
  });
  try {
    fs.symlinkSync('..', path.join(t.dir, 'etc', 'loop'));
    const r = runCli(['--format', 'json', '.'], { cwd: t.dir });
    assert.notEqual(r.status, 2, r.stderr);
    assert.deepEqual(
      json(r.stdout).map((x) => x.file).sort(),
      [
        'etc/apache2/apache2.conf',
        'etc/nginx/conf.d/a.conf',
        'etc/nginx/nginx.conf',
        'etc/nginx/sites-available/example',
        'etc/nginx/sites-enabled/example.com',
        'etc/nginx/snippets/x.nginx',
        'etc/squid/squid.conf',
        'www/.htaccess',
      ],
    );
    // A file named explicitly is linted whatever its name.
    const explicit = runCli(['--format', 'json', 'etc/nginx/mime.types'], { cwd: t.dir });
    assert.deepEqual(json(explicit.stdout).map((x) => x.file), ['etc/nginx/mime.types']);
    // A directory without configuration files is a usage problem, not a silent success.
    fs.mkdirSync(path.join(t.dir, 'empty'));
    const empty = runCli(['empty'], { cwd: t.dir });
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /no configuration files found in empty/);
  } finally {
    t.cleanup();
  }
});

test('--stdin with --stdin-filename lints standard input as that file', () => {
  const t = project({ 'site/.keep': '' });
  try {
    const r = runCli(['--stdin', '--stdin-filename', 'site/nginx.conf', '--format', 'json'], { cwd: t.dir, input: LISTEN_NO_SSL });
    assert.equal(r.status, 1, r.stderr);
    const reports = json(r.stdout);
    assert.deepEqual(reports.map((x) => x.file), ['site/nginx.conf']);
    assert.ok(ids(reports).includes('listen-ssl-missing'));
    assert.ok(!fs.existsSync(path.join(t.dir, 'site/nginx.conf')), 'nothing written');
    // Without a name: shown as <stdin>.
    const anon = runCli(['--stdin'], { cwd: t.dir, input: LISTEN_NO_SSL });
    assert.equal(anon.status, 1);
    assert.match(anon.stdout, /^<stdin>$/m);
    // "-" means standard input too.
    assert.equal(runCli(['-', '--format', 'json'], { cwd: t.dir, input: PLAIN_HTTP }).status, 0);
  } finally {
    t.cleanup();
  }
});

test('--stdin --fix prints the fixed text on stdout and the report on stderr', () => {
  const t = project({});
  try {
    const r = runCli(['--stdin', '--stdin-filename', 'nginx.conf', '--fix'], { cwd: t.dir, input: LISTEN_NO_SSL });
    assert.match(r.stdout, /^events \{\}\nhttp \{\n/);
    assert.match(r.stdout, /^        listen 443 ssl;$/m);
    assert.doesNotMatch(r.stdout, /listen 443;/);
    assert.doesNotMatch(r.stdout, /listen-ssl-missing|problem/);
    assert.doesNotMatch(r.stderr, /listen-ssl-missing/);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!fs.existsSync(path.join(t.dir, 'nginx.conf')));
  } finally {
    t.cleanup();
  }
});

test('settings flags: --profile, --target, --path-mapping, --guideline, --dialect', () => {
  const sslOn = OLD_PROTOCOLS.replace('listen 443 ssl;', 'listen 443;\n        ssl on;');
  const t = project({
    'nginx.conf': OLD_PROTOCOLS,
    'sslon/nginx.conf': sslOn,
    'mapped/nginx.conf': 'events {}\nhttp {\n    include /srv/www/site.conf;\n}\n',
    'deploy/site.conf': 'server {\n    listen 80;\n}\n',
    'guides/custom.json': JSON.stringify({ version: 1, configurations: { intermediate: { tls_versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] } } }),
  });
  try {
    const find = (args: string[], rule: string) => json(runCli(['--format', 'json', ...args], { cwd: t.dir }).stdout).flatMap((r) => r.findings).filter((f) => f.ruleId === rule);
    // TLS 1.0 is outside intermediate, inside old.
    assert.equal(find(['nginx.conf'], 'protocol-deprecated').length, 1);
    assert.equal(find(['--profile', 'old', 'nginx.conf'], 'protocol-deprecated').length, 0);
    // A custom guideline allowing TLS 1.0 in intermediate; an unknown version is exit 2.
    assert.equal(find(['--guideline', 'guides/custom.json', 'nginx.conf'], 'protocol-deprecated').length, 0);
    const unknown = runCli(['--guideline', '9.9', 'nginx.conf'], { cwd: t.dir });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown guideline version "9\.9"/);
    // `ssl on` is an error when the target nginx no longer knows it, a warning before.
    assert.equal(find(['sslon'], 'ssl-directive-deprecated')[0]?.severity, 'error');
    assert.equal(find(['--target', 'nginx=1.22.1', 'sslon'], 'ssl-directive-deprecated')[0]?.severity, 'warning');
    // A server path mapped to a folder (relative to the cwd).
    assert.equal(find(['mapped'], 'include-unresolved').length, 1);
    assert.equal(find(['--path-mapping', '/srv/www=deploy', 'mapped'], 'include-unresolved').length, 0);
    // Forced to another dialect, nginx syntax means nothing to tlslint's nginx rules.
    assert.equal(find(['--dialect', 'apache', 'nginx.conf'], 'protocol-deprecated').length, 0);
  } finally {
    t.cleanup();
  }
});
