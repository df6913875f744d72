// PEM splitting and the DER reader, on hand-made inputs (no openssl needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectEncoding, splitPem } from '../../server/src/engine/tls/x509/pem';
import * as der from '../../server/src/engine/tls/x509/der';

const B64_A = Buffer.from('first block payload').toString('base64');
const B64_B = Buffer.from('second block, a longer payload that wraps over more than one line of base64 text').toString('base64');
const wrap = (b64: string) => b64.match(/.{1,64}/g)!.join('\n');

test('blocks, labels and exact BEGIN/END lines; text around them is stray, not an error', () => {
  const text = [
    'Bag Attributes',
    '    friendlyName: www',
    '-----BEGIN CERTIFICATE-----',
    wrap(B64_A),
    '-----END CERTIFICATE-----',
    '',
    'subject=CN = intermediate',
    '-----BEGIN CERTIFICATE-----',
    wrap(B64_B),
    '-----END CERTIFICATE-----',
    'trailing garbage',
    '',
  ].join('\n');
  const split = splitPem(text);
  assert.equal(split.blocks.length, 2);
  const [a, b] = split.blocks;
  assert.equal(a.label, 'CERTIFICATE');
  assert.equal(a.kind, 'certificate');
  assert.equal(a.beginLine, 2);
  assert.equal(a.endLine, 4);
  assert.equal(Buffer.from(a.der!).toString(), 'first block payload');
  const bLines = wrap(B64_B).split('\n').length;
  assert.equal(b.beginLine, 7);
  assert.equal(b.endLine, 8 + bLines);
  assert.equal(Buffer.from(b.der!).toString(), 'second block, a longer payload that wraps over more than one line of base64 text');
  assert.equal(text.slice(a.startOffset, a.endOffset).split('\n')[0], '-----BEGIN CERTIFICATE-----');
  assert.ok(text.slice(a.startOffset, a.endOffset).endsWith('-----END CERTIFICATE-----'));
  assert.deepEqual(split.stray, [
    { startLine: 0, endLine: 1, position: 'before' },
    { startLine: 6, endLine: 6, position: 'between' },
    { startLine: 9 + bLines, endLine: 9 + bLines, position: 'after' },
  ]);
});

test('CRLF, CR, BOM, indentation and trailing spaces give the same lines as LF', () => {
  const lf = ['-----BEGIN CERTIFICATE-----', wrap(B64_B), '-----END CERTIFICATE-----', ''].join('\n');
  const lfLines = lf.split('\n').length - 1;
  for (const variant of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), `\ufeff${lf}`, lf.replace(/^/gm, '  ').replace(/\n/g, '  \n')]) {
    const split = splitPem(variant);
    assert.equal(split.blocks.length, 1, JSON.stringify(variant.slice(0, 40)));
    assert.equal(split.blocks[0].beginLine, 0);
    assert.equal(split.blocks[0].endLine, lfLines - 1);
    assert.equal(split.blocks[0].error, undefined);
    assert.equal(Buffer.from(split.blocks[0].der!).toString('base64'), B64_B);
    assert.deepEqual(split.stray, []);
  }
  const bytes = new TextEncoder().encode(lf.replace(/\n/g, '\r\n'));
  assert.equal(splitPem(bytes).blocks[0].endLine, lfLines - 1);
});

test('broken blocks are reported, never thrown: bad base64, mismatched END, unterminated, empty', () => {
  const text = [
    '-----BEGIN CERTIFICATE-----', // 0
    'not*base64!', // 1
    '-----END CERTIFICATE-----', // 2
    '-----BEGIN CERTIFICATE-----', // 3
    B64_A, // 4
    '-----END X509 CRL-----', // 5
    '-----BEGIN CERTIFICATE-----', // 6
    B64_A, // 7
    '-----BEGIN CERTIFICATE-----', // 8  (previous one never ended)
    '-----END CERTIFICATE-----', // 9  (empty)
    '-----BEGIN DH PARAMETERS-----', // 10
    B64_A, // 11
  ].join('\n');
  const blocks = splitPem(text).blocks;
  assert.deepEqual(blocks.map((b) => [b.beginLine, b.endLine, b.der === undefined, b.error !== undefined]), [
    [0, 2, true, true],
    [3, 5, true, true],
    [6, 7, true, true],
    [8, 9, true, true],
    [10, 11, true, true],
  ]);
  assert.match(blocks[0].error!, /base64/);
  assert.match(blocks[1].error!, /END X509 CRL/);
  assert.match(blocks[2].error!, /no matching END/);
  assert.match(blocks[3].error!, /empty/);
  for (const junk of ['', '\n\n', '-----BEGIN', '-----BEGIN -----\n-----END -----', '\u0000\u0001garbage', '-----BEGIN CERTIFICATE-----'.repeat(3)]) {
    assert.doesNotThrow(() => splitPem(junk));
  }
});

test('private keys are located and classified but not decoded unless asked; RFC 1421 headers are read', () => {
  const text = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'Proc-Type: 4,ENCRYPTED',
    'DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF',
    '',
    B64_A,
    '-----END RSA PRIVATE KEY-----',
    '-----BEGIN ENCRYPTED PRIVATE KEY-----',
    B64_B,
    '-----END ENCRYPTED PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----',
    B64_A,
    '-----END PRIVATE KEY-----',
  ].join('\n');
  const blocks = splitPem(text).blocks;
  assert.deepEqual(blocks.map((b) => [b.label, b.kind, b.encrypted, b.der]), [
    ['RSA PRIVATE KEY', 'private-key', true, undefined],
    ['ENCRYPTED PRIVATE KEY', 'private-key', true, undefined],
    ['PRIVATE KEY', 'private-key', false, undefined],
  ]);
  assert.deepEqual(blocks[0].headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00112233445566778899AABBCCDDEEFF' });
  assert.equal(blocks[0].error, undefined);
  const decoded = splitPem(text, { decodePrivateKeys: true }).blocks;
  assert.equal(Buffer.from(decoded[0].der!).toString(), 'first block payload');
});

test('detectEncoding tells PEM, DER, empty and other input apart', () => {
  assert.equal(detectEncoding('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'pem');
  assert.equal(detectEncoding(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])), 'der');
  assert.equal(detectEncoding(new Uint8Array([0x30, 0x05, 0x02, 0x01])), 'unknown'); // truncated
  assert.equal(detectEncoding(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05, 0x41])), 'unknown'); // trailing data
  assert.equal(detectEncoding(''), 'empty');
  assert.equal(detectEncoding(new Uint8Array()), 'empty');
  assert.equal(detectEncoding(' \n\t'), 'empty');
  assert.equal(detectEncoding('ssl_certificate foo;'), 'unknown');
});

test('DER reader: headers, long lengths, OIDs, integers, times, strings, errors', () => {
  // SEQUENCE { OID 1.2.840.113549.1.1.11, INTEGER 0x00FF, UTCTime, GeneralizedTime, UTF8String, BMPString }
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
  const int = [0x02, 0x02, 0x00, 0xff];
  const utc = [0x17, 0x0d, ...Buffer.from('491231235959Z')];
  const gen = [0x18, 0x0f, ...Buffer.from('20500101000000Z')];
  const utf8 = [0x0c, 0x07, ...Buffer.from('Müller')];
  const bmp = [0x1e, 0x04, 0x00, 0x48, 0x00, 0x69];
  const body = [...oid, ...int, ...utc, ...gen, ...utf8, ...bmp];
  const buf = new Uint8Array([0x30, 0x81, body.length, ...body]);
  const top = der.readTlv(buf, 0);
  assert.equal(top.contentStart, 3);
  assert.equal(top.end, buf.length);
  const [o, i, u, g, s, b] = der.children(buf, top);
  assert.equal(der.readOid(buf, o), '1.2.840.113549.1.1.11');
  assert.equal(der.readBigInt(buf, i), 255n);
  assert.equal(der.bitLength(der.readUnsignedIntegerBytes(buf, i)), 8);
  assert.equal(der.readTime(buf, u).toISOString(), '2049-12-31T23:59:59.000Z');
  assert.equal(der.readTime(buf, g).toISOString(), '2050-01-01T00:00:00.000Z');
  assert.equal(der.readString(buf, s), 'Müller');
  assert.equal(der.readString(buf, b), 'Hi');
  // 2.999.3 (first arc 2 with a second arc >= 40) and a big arc.
  const big = new Uint8Array([0x06, 0x03, 0x88, 0x37, 0x03]);
  assert.equal(der.readOid(big, der.readTlv(big, 0)), '2.999.3');
  const uuid = new Uint8Array([0x06, 0x0b, 0x69, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
  assert.equal(der.readOid(uuid, der.readTlv(uuid, 0)), `2.25.${(2n ** 63n + 1n).toString()}`);
  assert.equal(der.bitLength(new Uint8Array([0x00, 0x01, 0x00])), 9);
  assert.throws(() => der.readTlv(new Uint8Array([0x30, 0x80]), 0), der.DerError); // indefinite length
  assert.throws(() => der.readTlv(new Uint8Array([0x30, 0x05, 0x00]), 0), der.DerError); // truncated
  const badTime = new Uint8Array([0x17, 0x0d, ...Buffer.from('491331235959Z')]);
  assert.throws(() => der.readTime(badTime, der.readTlv(badTime, 0)), der.DerError); // month 13
  const neg = new Uint8Array([0x02, 0x01, 0x80]);
  assert.throws(() => der.readUnsignedIntegerBytes(neg, der.readTlv(neg, 0)), der.DerError);
});
