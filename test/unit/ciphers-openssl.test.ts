// Differential test: the cipher table and the cipher-string engine against the real `openssl ciphers`
// (OpenSSL 3.0 as Debian ships it). Skipped without openssl; required under TLSLINT_REQUIRE_ORACLES=1.
//
//   plain `openssl ciphers STR`          -> expansion.configured (TLS 1.3 suites, listed first, dropped)
//   `openssl ciphers -s -tls1_2 STR`      -> expansion.ciphers (security level, no PSK/SRP, TLS 1.2)
//   an "Error in cipher list" exit        -> expansion.errors non-empty or noCipherMatch
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oracleOrSkip, runCommand } from '../helpers/oracle';
import { CIPHER_SUITES, TLS12_SUITES, TLS13_SUITES, formatSuiteLine, suiteByName } from '../../server/src/engine/tls/ciphers/table';
import { expandCipherString, expandCiphersuites, type ExpandOptions } from '../../server/src/engine/tls/ciphers/expand';

const TLS13_NAMES = new Set(TLS13_SUITES.map((s) => s.name));

interface OracleResult {
  ok: boolean;
  list: string[];
}

function opensslCiphers(bin: string, flags: string[], str: string): OracleResult {
  // `--` so strings starting with '-' are not taken as options.
  const r = runCommand(bin, ['ciphers', ...flags, '--', str]);
  if (r.status !== 0) return { ok: false, list: [] };
  const list = r.stdout
    .trim()
    .split(':')
    .filter((x) => x !== '' && !TLS13_NAMES.has(x));
  return { ok: true, list };
}

/** Compare one string in one mode; undefined when the engine agrees, else a description. */
function compare(bin: string, str: string, flags: string[], options: ExpandOptions, supported: boolean): string | undefined {
  const want = opensslCiphers(bin, flags, str);
  const got = expandCipherString(str, options);
  const gotOk = got.errors.length === 0 && !got.noCipherMatch;
  if (gotOk !== want.ok) {
    return `${JSON.stringify(str)} [${flags.join(' ')}]: openssl ${want.ok ? 'accepts' : 'rejects'} it, tlslint ${gotOk ? 'accepts' : 'rejects'} it (${got.errors.map((e) => e.message).join('; ') || (got.noCipherMatch ? 'no cipher match' : '')})`;
  }
  if (!want.ok) return undefined;
  const list = (supported ? got.ciphers : got.configured).map((s) => s.name);
  if (list.join(':') !== want.list.join(':')) {
    return `${JSON.stringify(str)} [${flags.join(' ')}]:\n  openssl: ${want.list.join(':')}\n  tlslint: ${list.join(':')}`;
  }
  return undefined;
}

test('table: every available suite matches `openssl ciphers -V` (id, name, protocol, kx, au, enc, mac)', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const r = runCommand(bin, ['ciphers', '-V', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const seen = new Set<string>();
  for (const line of lines) {
    const name = line.trim().split(/\s+/)[2];
    const s = suiteByName(name);
    assert.ok(s, `openssl lists ${name}, the table lacks it`);
    assert.equal(formatSuiteLine(s, true).trimEnd(), line.trimEnd(), name);
    assert.equal(s.available, true, `${name} is offered, so it must be marked available`);
    seen.add(name);
  }
  const missing = TLS12_SUITES.filter((s) => s.available && !seen.has(s.name)).map((s) => s.name);
  assert.deepEqual(missing, [], 'suites marked available that openssl does not offer');
  assert.equal(seen.size, 155 + 3);

  // IANA names.
  const std = runCommand(bin, ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0']);
  assert.equal(std.status, 0, std.stderr);
  for (const line of std.stdout.split('\n').filter((l) => l.trim() !== '')) {
    const [, , iana, , name] = line.trim().split(/\s+/);
    assert.equal(suiteByName(name)?.ianaName, iana, name);
  }

  // The TLS 1.3 suites, including the two CCM ones that are not in the default list.
  const all13 = TLS13_SUITES.map((s) => s.name).join(':');
  const v13 = runCommand(bin, ['ciphers', '-V', '-s', '-tls1_3', '-ciphersuites', all13]);
  assert.equal(v13.status, 0, v13.stderr);
  const l13 = v13.stdout.split('\n').filter((l) => l.trim() !== '');
  assert.equal(l13.length, 5);
  for (const line of l13) {
    const s = suiteByName(line.trim().split(/\s+/)[2])!;
    assert.equal(formatSuiteLine(s, true).trimEnd(), line.trimEnd());
  }
});

test('table: strength classes, DEFAULT membership, FIPS and strength bits agree with openssl', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const avail = TLS12_SUITES.filter((s) => s.available);
  const sets: [string, (s: (typeof CIPHER_SUITES)[number]) => boolean][] = [
    ['HIGH', (s) => s.strength === 'HIGH'],
    ['MEDIUM', (s) => s.strength === 'MEDIUM'],
    ['COMPLEMENTOFALL', (s) => s.nullEncryption],
    ['COMPLEMENTOFDEFAULT', (s) => !s.inDefault],
    ['FIPS', (s) => s.fips && !s.nullEncryption],
    // Protocol aliases select by minimum version only; unlike ALL they do not leave out eNULL.
    ['SSLv3', (s) => s.minProtocol === 'SSLv3'],
    ['TLSv1', (s) => s.minProtocol === 'TLSv1'],
    ['TLSv1.2', (s) => s.minProtocol === 'TLSv1.2'],
    ['CBC', (s) => s.cbc],
  ];
  for (const [alias, pred] of sets) {
    const got = opensslCiphers(bin, [], `${alias}:@SECLEVEL=0`);
    const want = avail.filter(pred).map((s) => s.name).sort();
    assert.deepEqual(got.list.slice().sort(), want, alias);
  }
  // Strength bits: level 3 keeps >= 128 bits, level 4 >= 192 (and no SHA-1).
  const l4 = opensslCiphers(bin, ['-s', '-tls1_2', '-psk', '-srp'], 'ALL:COMPLEMENTOFALL:@SECLEVEL=4');
  assert.deepEqual(
    l4.list.slice().sort(),
    avail.filter((s) => s.strengthBits >= 192 && s.mac !== 'SHA1' && !s.anonymous && s.forwardSecrecy).map((s) => s.name).sort(),
  );
});

// At least 60 strings: aliases, combinations, exclusions, reordering, @STRENGTH, @SECLEVEL, DEFAULT,
// guideline and server-default strings, unknown tokens, and strings that select nothing.
const STRINGS: string[] = [
  // aliases alone
  'ALL', 'COMPLEMENTOFALL', 'DEFAULT', 'COMPLEMENTOFDEFAULT', 'HIGH', 'MEDIUM', 'LOW', 'eNULL', 'NULL', 'aNULL',
  'kRSA', 'RSA', 'aRSA', 'aECDSA', 'ECDSA', 'kECDHE', 'ECDHE', 'EECDH', 'kDHE', 'DHE', 'EDH', 'ADH', 'AECDH',
  'AESGCM', 'AES', 'AES128', 'AES256', 'AESCCM', 'AESCCM8', 'CHACHA20', 'CAMELLIA', 'CAMELLIA128', 'ARIA', 'ARIA256',
  '3DES', 'DES', 'RC4', 'SHA1', 'SHA', 'SHA256', 'SHA384', 'MD5', 'TLSv1.2', 'TLSv1.0', 'TLSv1', 'SSLv3', 'PSK',
  'SRP', 'aDSS', 'DSS', 'DH', 'ECDH', 'kEDH', 'kEECDH', 'FIPS', 'CBC', 'SUITEB128', 'SUITEB128ONLY', 'SUITEB192',
  'SUITEB128C2', 'EDH-RSA-DES-CBC3-SHA',
  // server defaults and typical configurations
  'HIGH:!aNULL:!MD5', // nginx default
  'HIGH:MEDIUM:!MD5:!RC4:!3DES', // Apache/Debian typical
  'DEFAULT:!EXP:!MD5:!RC4:!3DES', // Squid examples
  'HIGH:!aNULL:!MD5:!3DES:!CAMELLIA:!AES128',
  'EECDH+AESGCM:EDH+AESGCM',
  'EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH',
  'ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL',
  'kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED',
  'ALL:!ADH:!EXPORT:!SSLv2:RC4+RSA:+HIGH:+MEDIUM:+LOW',
  'HIGH:!aNULL:!eNULL:!EXPORT:!CAMELLIA:!DES:!MD5:!PSK:!RC4',
  // Mozilla guidelines 5.7 / 5.8 / 6.0
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA',
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA',
  // combinations, exclusions, reordering
  'ECDHE+AESGCM', 'ECDHE+AESGCM+AES128', 'kECDHE+aRSA+SHA384', 'RSA+AESGCM', 'AES128-SHA+RSA', 'RSA+AES128-SHA',
  'COMPLEMENTOFDEFAULT+HIGH', 'HIGH+COMPLEMENTOFDEFAULT', 'ALL+NULL', 'TLSv1.2+TLSv1', 'ALL:-AES:AES256', 'ALL:!AES:AES256',
  'ALL:+kRSA', 'ALL:+AES128:+SHA1', 'HIGH:-kRSA:kRSA', 'ECDHE+AESGCM:+AES128', 'ALL:COMPLEMENTOFALL:-eNULL:+aNULL',
  'HIGH!aNULL', 'FOO!aNULL:HIGH', 'HIGH@STRENGTH', 'HIGH,MEDIUM;!CBC AESGCM',
  // @STRENGTH and @SECLEVEL
  'ALL:@STRENGTH', 'AES128-SHA:AES256-SHA:@STRENGTH', 'ALL:+AES256:@STRENGTH', 'ALL:@SECLEVEL=0', 'ALL:@SECLEVEL=1',
  'ALL:@SECLEVEL=2', 'ALL:@SECLEVEL=3', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0', 'HIGH:@SECLEVEL=3:@SECLEVEL=1',
  'aNULL:@SECLEVEL=0', 'NULL:@SECLEVEL=0', 'ALL:@SECLEVEL=4', 'ALL:@SECLEVEL=5',
  // DEFAULT
  'DEFAULT:!RSA', 'DEFAULT:@SECLEVEL=3', 'DEFAULT!aRSA', 'DEFAULTS', 'aNULL:DEFAULT', 'DEFAULT:+AES128', 'DEFAULT,AESCCM',
  // unknown tokens, unavailable ones, errors, nothing matched
  'HIGH:FOO', 'FOO:BAR', 'FOO', '', 'high', 'RC4-SHA', 'RC4:HIGH', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256:HIGH',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLSv1.1:HIGH', 'aNULL:!aNULL', 'ECDHE+kRSA', '3DES:HIGH', 'HIGH:!ALL',
  'HIGH+', 'ALL:-', '!', 'HIGH:*', 'HIGH\tAES', 'HIGH:@strength', 'HIGH:@SECLEVEL=9', '@SECLEVEL=', 'HIGH:@FOO',
  '-HIGH', '+HIGH', '!HIGH:HIGH', ':::HIGH:::', 'HIGH:!aNULL:', 'eNULL:@SECLEVEL=2',
];

test(`engine agrees with openssl ciphers on ${STRINGS.length} strings (plain and -s -tls1_2)`, (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  assert.ok(STRINGS.length >= 60);
  const failures: string[] = [];
  for (const s of STRINGS) {
    const plain = compare(bin, s, [], {}, false);
    if (plain) failures.push(plain);
    const supported = compare(bin, s, ['-s', '-tls1_2'], {}, true);
    if (supported) failures.push(supported);
  }
  t.diagnostic(`${STRINGS.length * 2 - failures.length}/${STRINGS.length * 2} comparisons agree`);
  assert.deepEqual(failures, []);
});

test('engine agrees with openssl ciphers -s with PSK, SRP and protocol options', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const modes: [string[], ExpandOptions][] = [
    [['-s', '-psk', '-srp', '-tls1_2'], { psk: true, srp: true }],
    [['-s', '-tls1'], { protocols: ['TLSv1'] }],
    [['-s', '-tls1_1', '-psk'], { protocols: ['TLSv1.1'], psk: true }],
    [['-s'], {}],
  ];
  const strings = [
    'ALL:COMPLEMENTOFALL', 'PSK', 'SRP', 'HIGH:!aNULL:!MD5', 'DEFAULT', 'ALL:@SECLEVEL=3', 'ALL:@SECLEVEL=0',
    'ALL:COMPLEMENTOFALL:@SECLEVEL=4', 'ECDHE+AESGCM:ECDHE-RSA-AES128-SHA', 'TLSv1:TLSv1.2', 'kRSA:kPSK:kSRP:@SECLEVEL=1',
  ];
  const failures: string[] = [];
  for (const [flags, opts] of modes) {
    for (const s of strings) {
      const f = compare(bin, s, flags, opts, true);
      if (f) failures.push(f);
    }
  }
  assert.deepEqual(failures, []);
});

/** Small deterministic PRNG (LCG) so failures reproduce. */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

test('engine agrees with openssl ciphers on seeded random strings', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const seed = Number(process.env.TLSLINT_CIPHER_SEED ?? 20240501);
  const count = Number(process.env.TLSLINT_CIPHER_CASES ?? 300);
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const aliases = [
    'ALL', 'COMPLEMENTOFALL', 'COMPLEMENTOFDEFAULT', 'HIGH', 'MEDIUM', 'LOW', 'eNULL', 'NULL', 'aNULL', 'kRSA', 'RSA',
    'aRSA', 'aECDSA', 'ECDSA', 'kECDHE', 'ECDHE', 'EECDH', 'kDHE', 'DHE', 'EDH', 'ADH', 'AECDH', 'AESGCM', 'AES',
    'AES128', 'AES256', 'CHACHA20', 'CAMELLIA', 'ARIA', '3DES', 'RC4', 'SHA1', 'SHA256', 'SHA384', 'MD5', 'TLSv1.2',
    'TLSv1', 'SSLv3', 'PSK', 'kPSK', 'SRP', 'FIPS', 'CBC', 'AESCCM', 'DSS', 'kDHEPSK', 'kRSAPSK', 'DES', 'SEED',
    'DEFAULT', 'TLSv1.1', 'foo',
  ];
  const suites = TLS12_SUITES.map((s) => s.name);
  const specials = ['@STRENGTH', '@SECLEVEL=0', '@SECLEVEL=1', '@SECLEVEL=3', '@SECLEVEL=4', '@SECLEVEL=7', '@FOO'];
  const word = (): string => (rnd() < 0.75 ? pick(aliases) : pick(suites));
  const item = (): string => {
    if (rnd() < 0.05) return pick(specials);
    let w = word();
    while (rnd() < 0.3) w += '+' + word();
    return pick(['', '', '', '!', '-', '+']) + w;
  };
  const failures: string[] = [];
  for (let i = 0; i < count; i++) {
    const items = Array.from({ length: 1 + Math.floor(rnd() * 6) }, item);
    let s = items.join(pick([':', ':', ':', ',', ' ', ';']));
    if (rnd() < 0.1) s = 'DEFAULT:' + s;
    const plain = compare(bin, s, [], {}, false);
    if (plain) failures.push(plain);
    const supported = compare(bin, s, ['-s', '-tls1_2'], {}, true);
    if (supported) failures.push(supported);
  }
  t.diagnostic(`seed ${seed}: ${count * 2 - failures.length}/${count * 2} comparisons agree`);
  assert.deepEqual(failures.slice(0, 5), [], `seed ${seed}, ${failures.length} disagreements`);
});

test('TLS 1.3 Ciphersuites values agree with openssl ciphers -ciphersuites', (t) => {
  const bin = oracleOrSkip(t, 'openssl');
  if (!bin) return;
  const values = [
    'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256',
    'TLS_AES_128_GCM_SHA256',
    ' TLS_AES_128_GCM_SHA256 : FOO:TLS_AES_128_CCM_8_SHA256',
    'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256',
    'FOO',
    'TLS_AES_128_GCM_SHA256::TLS_AES_256_GCM_SHA384',
  ];
  for (const v of values) {
    const r = runCommand(bin, ['ciphers', '-s', '-tls1_3', '-ciphersuites', v]);
    const got = expandCiphersuites(v);
    assert.equal(r.status === 0, !got.noCipherMatch, JSON.stringify(v));
    if (r.status === 0) assert.deepEqual(got.ciphers.map((s) => s.name).join(':'), r.stdout.trim(), JSON.stringify(v));
  }
});
