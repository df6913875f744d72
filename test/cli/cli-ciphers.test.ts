// `tlslint ciphers`: the real CLI (bin/tlslint.js) against the real `openssl ciphers` for a handful of
// strings, plus exit codes, stderr notes, JSON output and the dispatch that keeps `./ciphers` a path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oracleOrSkip, runCommand } from '../helpers/oracle';
import { runCli, tempTree } from './helpers';
import { expandCipherString } from '../../server/src/engine/tls/ciphers/expand';
import { TLS13_SUITES } from '../../server/src/engine/tls/ciphers/table';

const TLS13 = new Set(TLS13_SUITES.map((s) => s.name));
const MOZILLA_INTERMEDIATE =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:' +
  'ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305';
const ORACLE_STRINGS = ['HIGH:!aNULL:!MD5', 'ECDHE+AESGCM', MOZILLA_INTERMEDIATE, 'DEFAULT@SECLEVEL=1', 'RC4'];

const cwd = process.cwd();
const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '');

for (const str of ORACLE_STRINGS) {
  test(`tlslint ciphers agrees with openssl ciphers: ${str.length > 40 ? str.slice(0, 40) + '…' : str}`, (t) => {
    const bin = oracleOrSkip(t, 'openssl');
    if (!bin) return;
    const want = runCommand(bin, ['ciphers', '--', str]);
    const got = runCli(['ciphers', '--', str], { cwd });
    if (want.status !== 0) {
      // openssl: "Error in cipher list"; tlslint: exit 1, "no cipher match", nothing on stdout.
      assert.equal(got.status, 1, got.stderr);
      assert.match(got.stderr, /no cipher match/);
      assert.equal(got.stdout, '');
      return;
    }
    assert.equal(got.status, 0, got.stderr);
    // Plain output: one name per line; openssl lists the TLS 1.3 suites first, colon-separated.
    const opensslTls12 = want.stdout.trim().split(':').filter((n) => !TLS13.has(n));
    assert.deepEqual(lines(got.stdout), opensslTls12);
    assert.ok(opensslTls12.length > 0);
    // With --tls13 and -v, line for line what `openssl ciphers -v` prints.
    const wantV = runCommand(bin, ['ciphers', '-v', '--', str]);
    const gotV = runCli(['ciphers', '-v', '--tls13', '--', str], { cwd });
    assert.equal(gotV.status, 0, gotV.stderr);
    assert.deepEqual(lines(gotV.stdout).map((l) => l.trimEnd()), lines(wantV.stdout).map((l) => l.trimEnd()));
    // -V: the code point column too.
    const wantVV = runCommand(bin, ['ciphers', '-V', '--', str]);
    const gotVV = runCli(['ciphers', '-V', '--tls13', '--', str], { cwd });
    assert.deepEqual(lines(gotVV.stdout).map((l) => l.trimEnd()), lines(wantVV.stdout).map((l) => l.trimEnd()));
    // -s: only what a handshake can use (security level, no PSK/SRP), as `openssl ciphers -s -tls1_2`.
    const wantS = runCommand(bin, ['ciphers', '-s', '-tls1_2', '--', str]);
    const gotS = runCli(['ciphers', '-s', '--', str], { cwd });
    if (wantS.status === 0) assert.deepEqual(lines(gotS.stdout), wantS.stdout.trim().split(':').filter((n) => n && !TLS13.has(n)));
  });
}

test('--seclevel sets the level before the string: level 3 leaves out static RSA (as openssl -s at @SECLEVEL=3)', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const got = runCli(['ciphers', '-s', '--seclevel', '3', 'HIGH:!aNULL'], { cwd });
  assert.equal(got.status, 0, got.stderr);
  const want = runCommand(bin, ['ciphers', '-s', '-tls1_2', 'HIGH:!aNULL:@SECLEVEL=3']);
  assert.deepEqual(lines(got.stdout), want.stdout.trim().split(':').filter((n) => n && !TLS13.has(n)));
  assert.ok(!lines(got.stdout).includes('AES128-GCM-SHA256'));
  assert.match(got.stderr, /removed by security level 3\): .*AES128-GCM-SHA256/);
});

test('notes on stderr: unknown names, TLS 1.3 names, elements that select nothing; stdout stays the list', () => {
  const r = runCli(['ciphers', 'ECDHE+AESGCM:FOOBAR:TLS_AES_128_GCM_SHA256:3DES:!aNULL'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(lines(r.stdout), expandCipherString('ECDHE+AESGCM').configured.map((s) => s.name));
  assert.match(r.stderr, /unknown names, ignored: FOOBAR/);
  assert.match(r.stderr, /TLS 1\.3 suites .*TLS_AES_128_GCM_SHA256/);
  assert.match(r.stderr, /select no suite: 3DES/);
});

test('exit 1 with "no cipher match", and on a string OpenSSL rejects', () => {
  const none = runCli(['ciphers', '3DES'], { cwd });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no cipher match/);
  const bad = runCli(['ciphers', 'HIGH:@FOO'], { cwd });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /invalid cipher string/);
  assert.equal(bad.stdout, '');
});

test('usage errors exit 2: no string, two strings, bad --seclevel, unknown option', () => {
  for (const args of [['ciphers'], ['ciphers', 'HIGH', 'MEDIUM'], ['ciphers', '--seclevel', '7', 'HIGH'], ['ciphers', '--seclevel'], ['ciphers', '-x', 'HIGH'], ['ciphers', '--format', 'sarif', 'HIGH']]) {
    const r = runCli(args, { cwd });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^tlslint: ciphers: /);
  }
  const help = runCli(['ciphers', '--help'], { cwd });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: tlslint ciphers/);
  assert.match(runCli(['--help'], { cwd }).stdout, /tlslint ciphers/);
});

test('--format json: the list with properties and marks, notes as fields', () => {
  const r = runCli(['ciphers', '--format', 'json', 'ECDHE+AESGCM:AES128-SHA:NOPE'], { cwd });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(runCli(['ciphers', '--json', 'ECDHE+AESGCM:AES128-SHA:NOPE'], { cwd }).stdout, r.stdout, '--json is --format json');
  const j = JSON.parse(r.stdout) as {
    ok: boolean;
    securityLevel: number;
    ciphers: { name: string; id: string; kx: string; marks: string[] }[];
    unknown: string[];
  };
  assert.equal(j.ok, true);
  assert.equal(j.securityLevel, 2);
  assert.deepEqual(j.ciphers.map((c) => c.name), expandCipherString('ECDHE+AESGCM:AES128-SHA').configured.map((s) => s.name));
  const cbc = j.ciphers.find((c) => c.name === 'AES128-SHA')!;
  assert.equal(cbc.id, '0x00,0x2F');
  assert.deepEqual(cbc.marks, ['no-FS', 'CBC']);
  assert.deepEqual(j.ciphers[0].marks, []);
  assert.deepEqual(j.unknown, ['NOPE']);
  const none = runCli(['ciphers', '--format=json', 'RC4'], { cwd });
  assert.equal(none.status, 1);
  assert.equal((JSON.parse(none.stdout) as { noCipherMatch: boolean }).noCipherMatch, true);
});

test('a directory named ciphers is still linted as ./ciphers (and after --); options may come before the subcommand', () => {
  const tree = tempTree({ 'ciphers/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 443;\n    ssl_certificate a.crt;\n    ssl_certificate_key a.key;\n  }\n}\n' });
  try {
    const lint = runCli(['./ciphers'], { cwd: tree.dir });
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(lint.stdout, /nginx\.conf/);
    const afterDashes = runCli(['--', 'ciphers'], { cwd: tree.dir });
    assert.equal(afterDashes.status, 1, afterDashes.stderr);
    assert.match(afterDashes.stdout, /nginx\.conf/);
    // An option the subcommand does not take keeps `ciphers` a path (standard input linted, `ciphers` as context).
    const stdin = runCli(['--stdin', 'ciphers'], { cwd: tree.dir, input: 'ssl_protocols TLSv1.2;\n' });
    assert.notEqual(stdin.status, 2, stdin.stderr);
    assert.doesNotMatch(stdin.stderr, /ciphers: /);
    const sub = runCli(['--format', 'json', 'ciphers', 'ECDHE+AESGCM'], { cwd: tree.dir });
    assert.equal(sub.status, 0, sub.stderr);
    assert.equal((JSON.parse(sub.stdout) as { ciphers: unknown[] }).ciphers.length, 4);
  } finally {
    tree.cleanup();
  }
});
