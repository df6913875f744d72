// The cipher-string engine on its own (no OpenSSL needed). ciphers-openssl.test.ts checks the same
// engine against the real `openssl ciphers`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveProtocolRange,
  expandCipherString,
  expandCiphersuites,
  knownCipherStringNames,
  unavailableAliases,
} from '../../server/src/engine/tls/ciphers/expand';

const names = (xs: readonly { name: string }[]): string[] => xs.map((x) => x.name);

test('expand: nginx default HIGH:!aNULL:!MD5, order and security level 2', () => {
  const r = expandCipherString('HIGH:!aNULL:!MD5');
  assert.deepEqual(r.errors, []);
  assert.equal(r.noCipherMatch, false);
  assert.equal(r.securityLevel, 2);
  assert.deepEqual(names(r.ciphers).slice(0, 6), [
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'DHE-DSS-AES256-GCM-SHA384',
    'DHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ]);
  assert.ok(r.ciphers.every((s) => s.strength === 'HIGH' && !s.anonymous && s.mac !== 'MD5'));
  // PSK and SRP suites are configured but a web server cannot negotiate them.
  assert.ok(r.configured.some((s) => s.psk));
  assert.ok(r.excluded.some((x) => x.reason === 'psk'));
  assert.ok(r.excluded.some((x) => x.reason === 'srp'));
  assert.ok(!r.ciphers.some((s) => s.psk || s.srp));
});

test('expand: operators ! - + and @STRENGTH', () => {
  // '-' removes but lets a later item add back; '!' removes for good.
  const minus = expandCipherString('ECDHE+AESGCM:-ECDSA:ECDHE-ECDSA-AES128-GCM-SHA256');
  assert.ok(names(minus.configured).includes('ECDHE-ECDSA-AES128-GCM-SHA256'));
  const bang = expandCipherString('ECDHE+AESGCM:!ECDSA:ECDHE-ECDSA-AES128-GCM-SHA256');
  assert.ok(!names(bang.configured).includes('ECDHE-ECDSA-AES128-GCM-SHA256'));
  // '+' moves to the end.
  const plus = expandCipherString('ECDHE+AESGCM:+AES128');
  const n = names(plus.configured);
  assert.ok(n.indexOf('ECDHE-RSA-AES128-GCM-SHA256') > n.indexOf('ECDHE-RSA-AES256-GCM-SHA384'));
  assert.ok(n.slice(-2).every((x) => x.includes('AES128')));
  // @STRENGTH: stable sort by strength bits.
  const st = expandCipherString('AES128-SHA:AES256-SHA:@STRENGTH');
  assert.deepEqual(names(st.configured), ['AES256-SHA', 'AES128-SHA']);
});

test('expand: OpenSSL grammar quirks are kept', () => {
  // No separator needed before an operator once a word was applied...
  assert.equal(expandCipherString('HIGH!aNULL').configured.some((s) => s.anonymous), false);
  // ...but an unknown word swallows the rest of its item, operators included.
  const swallowed = expandCipherString('FOO!aNULL:HIGH');
  assert.equal(swallowed.configured.some((s) => s.anonymous), true);
  assert.deepEqual(swallowed.unknown, ['FOO']);
  assert.equal(swallowed.tokens[0].text, 'FOO!aNULL');
  // DEFAULT only means something at the start.
  const lateDefault = expandCipherString('aNULL:DEFAULT');
  assert.ok(lateDefault.configured.every((s) => s.anonymous));
  assert.deepEqual(lateDefault.unknown, ['DEFAULT']);
  assert.equal(expandCipherString('DEFAULT:!RSA').configured.length, 51);
  // COMPLEMENTOFDEFAULT+HIGH is plain HIGH (OpenSSL overwrites the class bits), the reverse is not.
  assert.deepEqual(names(expandCipherString('COMPLEMENTOFDEFAULT+HIGH').configured), names(expandCipherString('HIGH').configured));
  assert.ok(expandCipherString('HIGH+COMPLEMENTOFDEFAULT').configured.every((s) => !s.inDefault));
  // Separators: ':' ',' ' ' ';'.
  assert.deepEqual(names(expandCipherString('AES128-SHA,AES256-SHA AES128-GCM-SHA256;AES256-GCM-SHA384').configured),
    ['AES128-SHA', 'AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384']);
  // Names are case-sensitive.
  assert.equal(expandCipherString('high').noCipherMatch, true);
});

test('expand: errors and no cipher match', () => {
  for (const bad of ['HIGH+', 'ALL:-', 'HIGH\tAES', '@SECLEVEL=9', 'HIGH:@strength', 'HIGH:@SECLEVEL=10', '!', 'HIGH:*']) {
    const r = expandCipherString(bad);
    assert.ok(r.errors.length > 0, `error expected for ${JSON.stringify(bad)}`);
    assert.deepEqual(r.ciphers, []);
  }
  const e = expandCipherString('HIGH:@FOO');
  assert.equal(e.errors[0].token, '@FOO');
  assert.deepEqual([e.errors[0].start, e.errors[0].end], [5, 9]);
  for (const none of ['', 'FOO', '3DES', 'RC4-SHA', 'TLS_AES_128_GCM_SHA256', 'aNULL:!aNULL', 'DEFAULT:!ALL']) {
    const r = expandCipherString(none);
    assert.deepEqual(r.errors, [], none);
    assert.equal(r.noCipherMatch, true, none);
  }
  // Valid, but nothing usable at the security level: not "no cipher match" (the server starts).
  const nulls = expandCipherString('eNULL');
  assert.equal(nulls.noCipherMatch, false);
  assert.ok(nulls.configured.length > 0);
  assert.deepEqual(nulls.ciphers, []);
  assert.ok(nulls.excluded.every((x) => x.reason === 'security-level' || x.reason === 'psk'));
});

test('expand: unknown, unavailable, unmatched, TLS 1.3 names, tokens', () => {
  const s = 'RC4:DES:3DES:TLSv1.1:TLS_AES_128_GCM_SHA256:kEDH:RC4-SHA:ECDHE+kRSA:TLS_RSA_WITH_AES_128_CBC_SHA:HIGH';
  const r = expandCipherString(s);
  assert.deepEqual(r.unknown, ['DES', 'TLSv1.1', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
  assert.deepEqual(r.unavailable, ['RC4', 'RC4-SHA']);
  assert.deepEqual(r.unmatched, ['3DES', 'ECDHE+kRSA']);
  assert.deepEqual(r.tls13Names, ['TLS_AES_128_GCM_SHA256']);
  const iana = r.tokens.find((t) => t.text === 'TLS_RSA_WITH_AES_128_CBC_SHA')!;
  assert.equal(iana.words[0].suite?.name, 'AES128-SHA', 'an IANA name keeps its suite for a did-you-mean');
  for (const t of r.tokens) assert.equal(s.slice(t.start, t.end), (t.op as string) + t.text);
  const kedh = r.tokens.find((t) => t.text === 'kEDH')!;
  assert.equal(kedh.applied, true);
  assert.ok(kedh.selects > 0);
  // Offsets after a DEFAULT prefix and with operators.
  const d = expandCipherString('DEFAULT:!aNULL:+RSA');
  assert.deepEqual(d.tokens.map((t) => [t.op, t.text, t.start, t.end]), [
    ['', 'DEFAULT', 0, 7],
    ['!', 'aNULL', 8, 14],
    ['+', 'RSA', 15, 19],
  ]);
});

test('expand: @SECLEVEL and the securityLevel option', () => {
  const l3 = expandCipherString('ALL:@SECLEVEL=3');
  assert.equal(l3.securityLevel, 3);
  assert.ok(l3.ciphers.every((s) => s.forwardSecrecy && s.strengthBits >= 128));
  assert.ok(l3.excluded.some((x) => x.suite.name === 'AES128-GCM-SHA256' && x.reason === 'security-level'));
  const l0 = expandCipherString('ALL:COMPLEMENTOFALL:@SECLEVEL=0', { psk: true, srp: true });
  assert.equal(l0.ciphers.length, l0.configured.length);
  assert.ok(l0.ciphers.some((s) => s.nullEncryption));
  assert.equal(expandCipherString('ALL', { securityLevel: 3 }).securityLevel, 3);
  assert.equal(expandCipherString('ALL:@SECLEVEL=1', { securityLevel: 3 }).securityLevel, 1);
  const l4 = expandCipherString('ALL', { securityLevel: 4 });
  assert.ok(l4.ciphers.every((s) => s.strengthBits >= 192 && s.mac !== 'SHA1'));
});

test('expand: SUITEB strings replace the whole string', () => {
  assert.deepEqual(names(expandCipherString('SUITEB128:HIGH').configured), ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.deepEqual(names(expandCipherString('SUITEB128ONLY').configured), ['ECDHE-ECDSA-AES128-GCM-SHA256']);
  assert.deepEqual(names(expandCipherString('SUITEB192').configured), ['ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.equal(expandCipherString('SUITEB128C2').suiteB, 'SUITEB128C2');
});

test('expand: protocol range as OpenSSL derives it', () => {
  assert.deepEqual(effectiveProtocolRange(), { min: 'TLSv1', max: 'TLSv1.3' });
  assert.deepEqual(effectiveProtocolRange(['TLSv1.2', 'TLSv1.3']), { min: 'TLSv1.2', max: 'TLSv1.3' });
  // A gap: the lowest contiguous run wins.
  assert.deepEqual(effectiveProtocolRange(['TLSv1', 'TLSv1.3']), { min: 'TLSv1', max: 'TLSv1' });
  // The security level forbids old versions.
  assert.deepEqual(effectiveProtocolRange(['TLSv1', 'TLSv1.1', 'TLSv1.2'], 3), { min: 'TLSv1.1', max: 'TLSv1.2' });
  assert.equal(effectiveProtocolRange(['TLSv1'], 3), undefined);
  assert.equal(effectiveProtocolRange(['SSLv3']), undefined);
  // TLS 1.2-only suites cannot be used with TLS 1.0/1.1 only.
  const r = expandCipherString('ECDHE+AESGCM:ECDHE-RSA-AES128-SHA', { protocols: ['TLSv1', 'TLSv1.1'] });
  assert.deepEqual(names(r.ciphers), ['ECDHE-RSA-AES128-SHA']);
  assert.ok(r.excluded.every((x) => x.reason === 'protocol'));
});

test('expand: TLS 1.3 Ciphersuites values', () => {
  assert.deepEqual(names(expandCiphersuites().ciphers), ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
  const r = expandCiphersuites(' TLS_AES_128_GCM_SHA256 : FOO:TLS_AES_128_CCM_SHA256');
  assert.deepEqual(names(r.ciphers), ['TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256']);
  assert.deepEqual(r.unknown, ['FOO']);
  assert.equal(r.noCipherMatch, false);
  assert.equal(expandCiphersuites('FOO').noCipherMatch, true);
  assert.equal(expandCiphersuites('').noCipherMatch, false, 'an empty value disables TLS 1.3 suites, it is not an error');
  const mis = expandCiphersuites('TLS_RSA_WITH_AES_128_CBC_SHA');
  assert.deepEqual(names(mis.misplaced), ['AES128-SHA']);
  assert.equal(mis.noCipherMatch, false);
});

test('expand: names for completion; aliases this build lacks', () => {
  const k = knownCipherStringNames();
  for (const a of ['ALL', 'HIGH', 'ECDHE', 'AESGCM', 'CHACHA20', 'TLSv1.2', 'CBC', 'kEDH'])
    assert.ok(k.aliases.includes(a), a);
  assert.ok(k.suites.includes('ECDHE-RSA-AES128-GCM-SHA256'));
  assert.ok(!k.suites.includes('DES-CBC3-SHA'));
  assert.deepEqual(unavailableAliases().sort(), [
    'GOST12', 'GOST2012-GOST8912-GOST8912', 'GOST89', 'GOST89MAC', 'GOST94', 'IDEA', 'RC2', 'RC4', 'SEED',
    'aGOST', 'aGOST01', 'aGOST12', 'kGOST', 'kGOST18',
  ].sort());
});

test('expand: cost grows linearly with the string', () => {
  const item = 'ECDHE+AESGCM:!aNULL:+AES128:-kRSA:';
  const t0 = process.hrtime.bigint();
  expandCipherString(item.repeat(2000));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(ms < 2000, `8000 items took ${ms} ms`);
});
