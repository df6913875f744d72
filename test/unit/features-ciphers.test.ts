// Hover and completion on cipher strings (`ssl_ciphers` and friends, `ssl_conf_command Ciphersuites`),
// checked against what the cipher engine itself expands.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionEntry } from '../../server/src/engine/features/completion';
import { cipherStringMarkdown, isWeak, suiteMarks } from '../../server/src/engine/features/cipherHover';
import { expandCipherString, knownCipherStringNames } from '../../server/src/engine/tls/ciphers/expand';
import { suiteByName } from '../../server/src/engine/tls/ciphers/table';
import { completeAt, hoverAt } from '../helpers/cursor';

const hover = hoverAt;
const complete = completeAt;

/** Suite names in the hover's table rows, in order. */
function tableSuites(md: string): string[] {
  return [...md.matchAll(/^\| \d+ \| `([^`]+)` \|/gm)].map((m) => m[1]);
}

/** Markdown sanity: balanced fences and inline code, every table row with the header's cell count. */
function assertWellFormed(md: string): void {
  assert.equal((md.match(/^```/gm) ?? []).length % 2, 0, 'fences');
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) continue;
    assert.equal((line.replace(/``[^`]+``/g, '').match(/`/g) ?? []).length % 2, 0, `backticks: ${line}`);
  }
  const rows = md.split('\n').filter((l) => l.startsWith('|'));
  if (rows.length) {
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const r of rows) assert.equal(cells(r), cells(rows[0]), r);
  }
}

test('whole-string hover on ECDHE+AESGCM lists exactly the suites the engine expands, in order', () => {
  const h = hover('server {\n  ssl_ciphers |ECDHE+AESGCM;\n}\n')!;
  const want = expandCipherString('ECDHE+AESGCM').ciphers.map((s) => s.name);
  assert.equal(want.length, 4);
  assert.deepEqual(tableSuites(h.markdown), want);
  assert.match(h.markdown, /4 suites for TLS 1\.2 and older at security level 2/);
  assert.match(h.markdown, /ssl_conf_command Ciphersuites/);
  assert.deepEqual(h.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 26 } });
  assertWellFormed(h.markdown);
});

test('whole-string hover (on the quote) flags unknown, unavailable, TLS 1.3 and unmatched names and the security level', () => {
  const h = hover('server {\n  ssl_ciphers |"HIGH:!aNULL:!MD5:FOOBAR:RC4-SHA:TLS_AES_128_GCM_SHA256:3DES:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";\n}\n')!;
  assert.match(h.markdown, /Unknown to OpenSSL, ignored:\*\* `FOOBAR`, `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256` \(OpenSSL calls it `ECDHE-RSA-AES128-GCM-SHA256`\)/);
  assert.match(h.markdown, /Not offered by this OpenSSL build, ignored:\*\* `RC4-SHA`/);
  assert.match(h.markdown, /TLS 1\.3 suites do nothing here:\*\* `TLS_AES_128_GCM_SHA256`/);
  assert.match(h.markdown, /Selects no suite:\*\* `3DES`/);
  assert.match(h.markdown, /PSK suites? left out/);
  const x = expandCipherString('HIGH:!aNULL:!MD5');
  assert.deepEqual(tableSuites(h.markdown), x.ciphers.slice(0, 40).map((s) => s.name));
  assert.match(h.markdown, new RegExp(`${x.ciphers.length} suites for TLS 1\\.2`));
  assertWellFormed(h.markdown);
  // Security level: @SECLEVEL=3 removes the static-RSA suites, and the hover names them.
  const l3 = hover('server {\n  ssl_ciphers |"ECDHE+AESGCM:AES128-GCM-SHA256:@SECLEVEL=3";\n}\n')!;
  assert.match(l3.markdown, /Security level 3 removed 1 suite:\*\* `AES128-GCM-SHA256`/);
  assert.ok(!tableSuites(l3.markdown).includes('AES128-GCM-SHA256'));
});

test('the full list is also on a `:` of an unquoted string and after the reference on the directive name', () => {
  const want = expandCipherString('HIGH:!aNULL:!MD5').ciphers.slice(0, 40).map((s) => s.name);
  const colon = hover('server {\n  ssl_ciphers HIGH|:!aNULL:!MD5;\n}\n')!;
  assert.deepEqual(tableSuites(colon.markdown), want);
  assert.deepEqual(colon.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 30 } });
  const name = hover('server {\n  ssl_c|iphers HIGH:!aNULL:!MD5;\n}\n')!;
  assert.match(name.markdown, /^```nginx\nssl_ciphers ciphers;/);
  assert.deepEqual(tableSuites(name.markdown), want);
  assertWellFormed(name.markdown);
  const conf = hover('server {\n  ssl_conf_c|ommand Ciphersuites TLS_AES_128_GCM_SHA256;\n}\n')!;
  assert.deepEqual(tableSuites(conf.markdown), ['TLS_AES_128_GCM_SHA256']);
  // Other conf commands keep the plain reference.
  assert.equal(tableSuites(hover('server {\n  ssl_conf_c|ommand Options PrioritizeChaCha;\n}\n')!.markdown).length, 0);
});

test('marks: no-FS, CBC, 64-bit and weak, in the table and per suite', () => {
  assert.deepEqual(suiteMarks(suiteByName('AES128-SHA')!), ['no-FS', 'CBC']);
  assert.deepEqual(suiteMarks(suiteByName('ECDHE-RSA-AES128-GCM-SHA256')!), []);
  assert.deepEqual(suiteMarks(suiteByName('DES-CBC3-SHA')!), ['weak', 'no-FS', 'CBC', '64-bit']);
  assert.ok(isWeak(suiteByName('NULL-SHA')!) && isWeak(suiteByName('ADH-AES128-SHA')!));
  const md = cipherStringMarkdown('ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA', { securityLevel: 2 });
  assert.match(md, /\| `ECDHE-RSA-AES128-GCM-SHA256` \| TLSv1\.2 \| ECDH \| RSA \| AESGCM\(128\) \| AEAD \| ok \|/);
  assert.match(md, /\| `AES128-SHA` \| SSLv3 \| RSA \| RSA \| AES\(128\) \| SHA1 \| no-FS, CBC \|/);
  assert.match(md, /Marks: 1 no-FS · 1 CBC/);
});

test('element hover on !aNULL: what aNULL selects, its effect at that place, and a line about the whole string', () => {
  const h = hover('server {\n  ssl_ciphers "HIGH:!aN|ULL:!MD5";\n}\n')!;
  assert.deepEqual(h.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 26 } });
  const aNull = expandCipherString('aNULL', { securityLevel: 0 }).configured;
  assert.ok(aNull.length > 0 && aNull.every((s) => s.anonymous));
  assert.match(h.markdown, new RegExp(`selects ${aNull.length} suites; removes the suites it selects for good`));
  assert.match(h.markdown, /unauthenticated/);
  // After HIGH the list holds the anonymous HIGH suites: !aNULL removes them.
  const removed = expandCipherString('HIGH', { securityLevel: 0 }).configured.filter((s) => s.anonymous);
  assert.match(h.markdown, new RegExp(`Here: removes ${removed.length} suites: \`${removed[0].name}\``));
  const whole = expandCipherString('HIGH:!aNULL:!MD5');
  assert.match(h.markdown, new RegExp(`\\*\\*Whole string:\\*\\* ${whole.ciphers.length} usable suites at security level 2`));
  assertWellFormed(h.markdown);
  // First in the string, nothing is in the list yet.
  const first = hover('server {\n  ssl_ciphers "!aN|ULL:HIGH";\n}\n')!;
  assert.match(first.markdown, /nothing is in the list yet/);
});

test('element hover on a suite name, an alias, an unknown word, a TLS 1.3 name and @SECLEVEL', () => {
  const suite = hover('server {\n  ssl_ciphers "ECDHE+AESGCM:ECDHE-RSA-AES128-G|CM-SHA256";\n}\n')!;
  assert.match(suite.markdown, /`ECDHE-RSA-AES128-GCM-SHA256` \(`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`\), code point `0xC0,0x2F`/);
  assert.match(suite.markdown, /Key exchange: ECDH/);
  assert.match(suite.markdown, /Encryption: AESGCM\(128\)/);
  assert.match(suite.markdown, /Here: adds 0 new suites/);
  const alias = hover('server {\n  ssl_ciphers "ECDHE+AESGCM:CHACHA|20";\n}\n')!;
  const cc = expandCipherString('CHACHA20', { securityLevel: 0 }).configured.map((s) => s.name);
  assert.match(alias.markdown, new RegExp(`\`CHACHA20\`: OpenSSL alias, selects ${cc.length} suites`));
  for (const n of cc) assert.ok(alias.markdown.includes('`' + n + '`'), n);
  const unknown = hover('server {\n  ssl_ciphers "HIGH:FOO|BAR";\n}\n')!;
  assert.match(unknown.markdown, /`FOOBAR`: \*\*unknown to OpenSSL\*\*, ignored/);
  const t13 = hover('server {\n  proxy_ssl_ciphers "HIGH:TLS_AES_128_GCM|_SHA256";\n}\n')!;
  assert.match(t13.markdown, /a \*\*TLS 1\.3 suite\*\*/);
  assert.match(t13.markdown, /proxy_ssl_conf_command Ciphersuites/);
  const sec = hover('server {\n  ssl_ciphers "HIGH:@SECLEV|EL=1";\n}\n')!;
  assert.match(sec.markdown, /security level\*\* for this server/);
  const combo = hover('server {\n  ssl_ciphers "ECDHE+AES|GCM:HIGH";\n}\n')!;
  assert.match(combo.markdown, /combination \(suites matching every part\), selects 4 suites/);
});

test('hover on strings OpenSSL rejects, and on a string that selects nothing', () => {
  const bad = hover('server {\n  ssl_ciphers |"HIGH:@FOO";\n}\n')!;
  assert.match(bad.markdown, /OpenSSL rejects this string/);
  const none = hover('server {\n  ssl_ciphers |3DES;\n}\n')!;
  assert.match(none.markdown, /no cipher match/);
  assertWellFormed(bad.markdown);
  assertWellFormed(none.markdown);
});

test('ssl_conf_command Ciphersuites: the TLS 1.3 list, unknown and misplaced names; one name on its own', () => {
  // On a `:`, the whole value.
  const h = hover('server {\n  ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256|:TLS_AES_256_GCM_SHA384:TLS_NOPE:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;\n}\n')!;
  assert.deepEqual(tableSuites(h.markdown), ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384']);
  assert.match(h.markdown, /Unknown, ignored:\*\* `TLS_NOPE`/);
  assert.match(h.markdown, /TLS 1\.2 suites, accepted but useless here:\*\* `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`/);
  assertWellFormed(h.markdown);
  const one = hover('server {\n  ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_G|CM_SHA384;\n}\n')!;
  assert.match(one.markdown, /`TLS_AES_256_GCM_SHA384`, code point `0x13,0x02`/);
  assert.match(one.markdown, /\*\*Whole value:\*\* 2 TLS 1\.3 suites/);
  const none = hover('server {\n  ssl_conf_command Ciphersuites |TLS_NOPE;\n}\n')!;
  assert.match(none.markdown, /no cipher match/);
  // CipherString through ssl_conf_command is a cipher string.
  const cs = hover('server {\n  ssl_conf_command CipherString |ECDHE+AESGCM;\n}\n')!;
  assert.deepEqual(tableSuites(cs.markdown), expandCipherString('ECDHE+AESGCM').ciphers.map((s) => s.name));
});

test('completion in a cipher string: aliases and suite names after : ! - + and at the start', () => {
  const known = knownCipherStringNames();
  const start = complete('server {\n  ssl_ciphers |;\n}\n');
  const startLabels = new Set(start.map((e) => e.label));
  assert.ok(startLabels.has('HIGH:!aNULL:!MD5'), 'documented whole strings at the start');
  for (const n of [...known.aliases, ...known.suites]) assert.ok(startLabels.has(n), n);
  const high = start.find((e) => e.label === 'HIGH')!;
  assert.match(high.detail!, new RegExp(`alias · ${expandCipherString('HIGH', { securityLevel: 0 }).configured.length} suites`));
  const aes = start.find((e) => e.label === 'AES128-SHA')!;
  assert.match(aes.detail!, /SSLv3 · Kx=RSA Au=RSA Enc=AES\(128\) Mac=SHA1 · no-FS, CBC/);

  const bang = complete('server {\n  ssl_ciphers "HIGH:!a|";\n}\n');
  assert.ok(bang.some((e) => e.label === 'aNULL'));
  assert.ok(!bang.some((e) => e.label === 'HIGH:!aNULL:!MD5'), 'whole strings only at the start');
  assert.deepEqual(bang[0].range, { start: { line: 1, character: 21 }, end: { line: 1, character: 22 } });
  const plus = complete('server {\n  ssl_ciphers ECDHE+|;\n}\n');
  assert.ok(plus.some((e) => e.label === 'AESGCM'));
  assert.deepEqual(plus[0].range, { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } });
  const minus = complete('server {\n  ssl_ciphers HIGH:-ECDHE-RSA-|;\n}\n');
  assert.ok(minus.some((e) => e.label === 'ECDHE-RSA-AES128-SHA'));
  assert.deepEqual(minus[0].range, { start: { line: 1, character: 20 }, end: { line: 1, character: 30 } });
  // While the quote is still open.
  assert.ok(complete('server {\n  ssl_ciphers "HIGH:|\n}\n').some((e) => e.label === 'CHACHA20'));
  assert.ok(labelsOf(complete('server {\n  ssl_ciphers HIGH:@|;\n}\n')).includes('SECLEVEL=2'));
  assert.ok(labelsOf(complete('location / {\n  grpc_ssl_ciphers HIGH:|;\n}\n')).includes('ECDHE'));
});

test('completion of TLS 1.3 suites in ssl_conf_command Ciphersuites, without the names already there', () => {
  const items = complete('server {\n  ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:|;\n}\n');
  const names = labelsOf(items);
  assert.ok(names.includes('TLS_AES_256_GCM_SHA384') && names.includes('TLS_CHACHA20_POLY1305_SHA256'));
  assert.ok(!names.includes('TLS_AES_128_GCM_SHA256') && !names.includes('ECDHE-RSA-AES128-GCM-SHA256'));
  // Curves keep their own completion.
  assert.ok(labelsOf(complete('server {\n  ssl_ecdh_curve X25519:|;\n}\n')).includes('prime256v1'));
});

function labelsOf(entries: CompletionEntry[]): string[] {
  return entries.map((e) => e.label);
}
