import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CIPHER_SUITES,
  DEFAULT_TLS13_CIPHERSUITES,
  TLS12_SUITES,
  TLS13_SUITES,
  formatSuiteLine,
  suiteById,
  suiteByIanaName,
  suiteByName,
} from '../../server/src/engine/tls/ciphers/table';

test('cipher table: ids, OpenSSL names and IANA names are unique; bytes and hex ids agree', () => {
  const ids = new Set<number>();
  const names = new Set<string>();
  const iana = new Set<string>();
  for (const s of CIPHER_SUITES) {
    assert.ok(!ids.has(s.id), `duplicate id ${s.hexId}`);
    assert.ok(!names.has(s.name), `duplicate name ${s.name}`);
    ids.add(s.id);
    names.add(s.name);
    if (s.ianaName !== undefined) {
      assert.ok(!iana.has(s.ianaName), `duplicate IANA name ${s.ianaName}`);
      iana.add(s.ianaName);
      assert.match(s.ianaName, /^TLS_[A-Za-z0-9_]+$/);
    }
    assert.ok(s.id > 0 && s.id <= 0xffff);
    assert.deepEqual([...s.bytes], [s.id >> 8, s.id & 0xff]);
    assert.match(s.hexId, /^0x[0-9A-F]{2},0x[0-9A-F]{2}$/);
    assert.equal(parseInt(s.hexId.slice(2, 4), 16), s.bytes[0]);
    assert.equal(parseInt(s.hexId.slice(7, 9), 16), s.bytes[1]);
    assert.equal(suiteByName(s.name), s);
    assert.equal(suiteById(s.id), s);
  }
  // Ordered by code point, as OpenSSL sorts its table.
  for (let i = 1; i < CIPHER_SUITES.length; i++) assert.ok(CIPHER_SUITES[i - 1].id < CIPHER_SUITES[i].id);
});

test('cipher table: every suite has its IANA name except the two private-use GOST code points', () => {
  const missing = CIPHER_SUITES.filter((s) => s.ianaName === undefined).map((s) => s.hexId);
  assert.deepEqual(missing, ['0xFF,0x85', '0xFF,0x87']);
  assert.equal(suiteByIanaName('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')?.name, 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(suiteByIanaName('TLS_RSA_WITH_3DES_EDE_CBC_SHA')?.name, 'DES-CBC3-SHA');
  assert.equal(suiteByIanaName('TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256')?.id, 0xccaa);
  // IANA names of TLS 1.3 suites are their OpenSSL names.
  for (const s of TLS13_SUITES) assert.equal(s.ianaName, s.name);
});

test('cipher table: the five TLS 1.3 suites and the default TLS 1.3 list', () => {
  assert.deepEqual(
    TLS13_SUITES.map((s) => [s.hexId, s.name]),
    [
      ['0x13,0x01', 'TLS_AES_128_GCM_SHA256'],
      ['0x13,0x02', 'TLS_AES_256_GCM_SHA384'],
      ['0x13,0x03', 'TLS_CHACHA20_POLY1305_SHA256'],
      ['0x13,0x04', 'TLS_AES_128_CCM_SHA256'],
      ['0x13,0x05', 'TLS_AES_128_CCM_8_SHA256'],
    ],
  );
  for (const s of TLS13_SUITES) {
    assert.equal(s.tls13, true);
    assert.equal(s.minProtocol, 'TLSv1.3');
    assert.equal(s.maxProtocol, 'TLSv1.3');
    assert.equal(s.kx, 'kANY');
    assert.equal(s.au, 'aANY');
    assert.equal(s.aead, true);
    assert.equal(s.forwardSecrecy, true);
    assert.equal(s.available, true);
  }
  assert.equal(DEFAULT_TLS13_CIPHERSUITES.split(':').length, 3);
  for (const n of DEFAULT_TLS13_CIPHERSUITES.split(':')) assert.ok(suiteByName(n)?.tls13);
  assert.equal(TLS12_SUITES.length + TLS13_SUITES.length, CIPHER_SUITES.length);
  assert.ok(TLS12_SUITES.every((s) => !s.tls13 && s.maxProtocol !== 'TLSv1.3'));
});

test('cipher table: coverage of the families OpenSSL 3.0 has', () => {
  const count = (f: (s: (typeof CIPHER_SUITES)[number]) => boolean): number => TLS12_SUITES.filter(f).length;
  assert.equal(TLS12_SUITES.length, 191);
  assert.equal(count((s) => s.available), 155, "what Debian's OpenSSL 3.0 offers at ALL:COMPLEMENTOFALL:@SECLEVEL=0");
  assert.ok(count((s) => s.psk) > 40);
  assert.ok(count((s) => s.srp) === 9);
  assert.ok(count((s) => s.enc.startsWith('ARIA')) === 16);
  assert.ok(count((s) => s.enc.startsWith('CAMELLIA')) === 28);
  assert.ok(count((s) => s.enc.includes('CCM')) === 20);
  assert.ok(count((s) => s.nullEncryption) > 10);
  assert.ok(count((s) => s.anonymous) > 10);
  assert.equal(count((s) => s.enc === 'RC4'), 10);
  assert.equal(count((s) => s.enc === '3DES'), 14);
  assert.equal(count((s) => s.enc === 'SEED'), 4);
  assert.equal(count((s) => s.enc === 'IDEA'), 1);
  assert.equal(count((s) => s.kx.startsWith('kGOST')), 7);
  assert.equal(count((s) => s.export), 0, 'OpenSSL dropped EXPORT suites in 1.1.0');
  // Why the unavailable ones are unavailable.
  assert.equal(suiteByName('DES-CBC3-SHA')?.unavailableReason, 'weak-ssl-ciphers');
  assert.equal(suiteByName('RC4-SHA')?.unavailableReason, 'weak-ssl-ciphers');
  assert.equal(suiteByName('SEED-SHA')?.unavailableReason, 'legacy-provider');
  assert.equal(suiteByName('IDEA-CBC-SHA')?.unavailableReason, 'legacy-provider');
  assert.equal(suiteByName('GOST2012-MAGMA-MAGMAOMAC')?.unavailableReason, 'gost');
  assert.equal(suiteByName('ECDHE-RSA-AES128-GCM-SHA256')?.unavailableReason, undefined);
});

test('cipher table: properties and flags of representative suites', () => {
  const gcm = suiteByName('ECDHE-RSA-AES128-GCM-SHA256')!;
  assert.equal(gcm.id, 0xc02f);
  assert.equal(gcm.ianaName, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  assert.deepEqual(
    [gcm.minProtocol, gcm.maxProtocol, gcm.kx, gcm.au, gcm.enc, gcm.mac, gcm.strength, gcm.strengthBits, gcm.algBits],
    ['TLSv1.2', 'TLSv1.2', 'kECDHE', 'aRSA', 'AES128GCM', 'AEAD', 'HIGH', 128, 128],
  );
  assert.deepEqual([gcm.aead, gcm.cbc, gcm.forwardSecrecy, gcm.block64, gcm.fips, gcm.inDefault], [true, false, true, false, true, true]);

  const des3 = suiteByName('DES-CBC3-SHA')!;
  assert.deepEqual([des3.strength, des3.strengthBits, des3.algBits, des3.block64, des3.cbc, des3.forwardSecrecy, des3.inDefault, des3.available],
    ['MEDIUM', 112, 168, true, true, false, false, false]);

  const rsa = suiteByName('AES128-SHA')!;
  assert.deepEqual([rsa.minProtocol, rsa.kx, rsa.au, rsa.mac, rsa.cbc, rsa.forwardSecrecy], ['SSLv3', 'kRSA', 'aRSA', 'SHA1', true, false]);

  const ecdheCbc = suiteByName('ECDHE-ECDSA-AES256-SHA')!;
  assert.equal(ecdheCbc.minProtocol, 'TLSv1');

  const adh = suiteByName('ADH-AES128-GCM-SHA256')!;
  assert.deepEqual([adh.anonymous, adh.au, adh.inDefault], [true, 'aNULL', false]);

  const nul = suiteByName('NULL-MD5')!;
  assert.deepEqual([nul.nullEncryption, nul.strength, nul.strengthBits, nul.mac], [true, 'NONE', 0, 'MD5']);

  const rsaPsk = suiteByName('RSA-PSK-AES128-GCM-SHA256')!;
  assert.deepEqual([rsaPsk.kx, rsaPsk.au, rsaPsk.psk, rsaPsk.forwardSecrecy], ['kRSAPSK', 'aRSA', true, false]);
  const dhePsk = suiteByName('DHE-PSK-AES128-GCM-SHA256')!;
  assert.deepEqual([dhePsk.psk, dhePsk.forwardSecrecy], [true, true]);

  const idea = suiteByName('IDEA-CBC-SHA')!;
  assert.deepEqual([idea.maxProtocol, idea.block64], ['TLSv1.1', true]);

  const ccm8 = suiteByName('ECDHE-ECDSA-AES128-CCM8')!;
  assert.deepEqual([ccm8.enc, ccm8.aead, ccm8.inDefault, ccm8.fips], ['AES128CCM8', true, false, false]);

  const cha = suiteByName('ECDHE-RSA-CHACHA20-POLY1305')!;
  assert.deepEqual([cha.id, cha.strengthBits, cha.aead], [0xcca8, 256, true]);

  for (const s of CIPHER_SUITES) {
    assert.equal(s.aead, s.mac === 'AEAD', s.name);
    assert.ok(!(s.aead && s.cbc), s.name);
    assert.ok(s.strengthBits <= s.algBits, s.name);
    assert.equal(s.nullEncryption, s.strengthBits === 0, s.name);
  }
});

test('cipher table: `openssl ciphers -v` style lines', () => {
  assert.equal(
    formatSuiteLine(suiteByName('ECDHE-ECDSA-AES256-GCM-SHA384')!, true),
    '          0xC0,0x2C - ECDHE-ECDSA-AES256-GCM-SHA384  TLSv1.2 Kx=ECDH     Au=ECDSA Enc=AESGCM(256)            Mac=AEAD',
  );
  assert.equal(
    formatSuiteLine(suiteByName('TLS_CHACHA20_POLY1305_SHA256')!),
    'TLS_CHACHA20_POLY1305_SHA256   TLSv1.3 Kx=any      Au=any   Enc=CHACHA20/POLY1305(256) Mac=AEAD',
  );
});
