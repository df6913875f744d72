// DH parameter files generated with the real openssl (PKCS#3 and X9.42, 1024 and 2048 bits), compared with
// `openssl dhparam -text` and `openssl asn1parse`.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { findBinary, requireOracleOrSkip } from '../helpers/oracle';
import { parseDhParams } from '../../server/src/engine/tls/x509/dh';

function openssl(args: string[], allowFail = false): { status: number | null; stdout: string; stderr: string } {
  const bin = findBinary('openssl');
  if (!bin) throw new Error('openssl not installed');
  const res = spawnSync(bin, args, { cwd: dir(), encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!allowFail && res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

let tmp: string | undefined;
function dir(): string {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-dh-'));
  return tmp;
}
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
const file = (name: string) => path.join(dir(), name);
const readText = (name: string) => fs.readFileSync(file(name), 'utf8');

let generated = false;
function ready(t: TestContext): boolean {
  if (!requireOracleOrSkip(t, 'openssl')) return false;
  if (generated) return true;
  generated = true;
  // PKCS#3 "DH PARAMETERS": named groups need no prime search (ffdhe2048: RFC 7919, dh_1024_160: RFC 5114).
  openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', file('pkcs3-2048.pem')]);
  openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:dh_1024_160', '-out', file('pkcs3-1024.pem')]);
  // A freshly generated safe prime (small, so it is quick), generator 5.
  openssl(['dhparam', '-5', '-out', file('pkcs3-512-g5.pem'), '512']);
  // `dhparam -dsaparam` (the fast way to make DH parameters) writes X9.42 parameters in OpenSSL 3.
  openssl(['dhparam', '-dsaparam', '-out', file('x942-1024.pem'), '1024']);
  openssl(['dhparam', '-dsaparam', '-out', file('x942-2048.pem'), '2048']);
  openssl(['dhparam', '-in', file('x942-1024.pem'), '-outform', 'DER', '-out', file('x942-1024.der')]);
  openssl(['dhparam', '-in', file('pkcs3-2048.pem'), '-outform', 'DER', '-out', file('pkcs3-2048.der')]);
  // PKCS#3 with the optional privateValueLength (openssl writes none; append one to a real DHParameter).
  openssl(['dhparam', '-in', file('pkcs3-512-g5.pem'), '-outform', 'DER', '-out', file('g5.der')]);
  const g5 = fs.readFileSync(file('g5.der'));
  const body = Buffer.concat([g5.subarray(2), Buffer.from([0x02, 0x02, 0x00, 0xc8])]);
  assert.ok(g5[1] < 0x80 && body.length < 0x80);
  const pvl = Buffer.concat([Buffer.from([0x30, body.length]), body]);
  fs.writeFileSync(file('pkcs3-pvl.pem'), `-----BEGIN DH PARAMETERS-----\n${pvl.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END DH PARAMETERS-----\n`);
  // A certificate with DH parameters appended (Apache reads them from the certificate file).
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('k.pem'), '-subj', '/CN=dh.example.test', '-days', '1', '-out', file('cert.pem')]);
  fs.writeFileSync(file('cert-dh.pem'), readText('cert.pem') + readText('pkcs3-2048.pem'));
  openssl(['genpkey', '-genparam', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file('ec-params.pem')]);
  return true;
}

interface OracleDh {
  bits: number;
  label: string;
  p: bigint;
  g: bigint;
  third?: bigint;
}

/** openssl's view: size from `dhparam -text`, the integers from `asn1parse`. */
function oracle(name: string): OracleDh {
  const inform = name.endsWith('.der') ? ['-inform', 'DER'] : [];
  const text = openssl(['dhparam', ...inform, '-in', file(name), '-noout', '-text']).stdout;
  const bits = Number(text.match(/DH Parameters: \((\d+) bit\)/)![1]);
  const ints = openssl(['asn1parse', ...inform, '-in', file(name)]).stdout
    .split('\n')
    .filter((l) => /d=1 .*INTEGER/.test(l))
    .map((l) => BigInt(`0x${l.split(':').pop()!.trim()}`));
  const label = name.endsWith('.der') ? 'DER' : readText(name).match(/BEGIN (.*)-----/)![1];
  const out: OracleDh = { bits, label, p: ints[0], g: ints[1] };
  if (ints.length > 2) out.third = ints[2];
  // Where dhparam prints the generator, it must be the second INTEGER.
  const g = text.match(/G:\s+(\d+) \(0x/);
  if (g) assert.equal(BigInt(g[1]), out.g);
  return out;
}

const bitLen = (v: bigint) => v.toString(2).length;

test('DH parameters: size, generator, format and subgroup agree with openssl, PKCS#3 and X9.42, 1024 and 2048', (t) => {
  if (!ready(t)) return;
  const expected: Record<string, [format: string, bits: number]> = {
    'pkcs3-2048.pem': ['pkcs3', 2048],
    'pkcs3-1024.pem': ['pkcs3', 1024],
    'pkcs3-512-g5.pem': ['pkcs3', 512],
    'x942-1024.pem': ['x9.42', 1024],
    'x942-2048.pem': ['x9.42', 2048],
    'x942-1024.der': ['x9.42', 1024],
    'pkcs3-2048.der': ['pkcs3', 2048],
    'pkcs3-pvl.pem': ['pkcs3', 512],
  };
  for (const [name, [format, bits]] of Object.entries(expected)) {
    const input = name.endsWith('.der') ? new Uint8Array(fs.readFileSync(file(name))) : readText(name);
    const r = parseDhParams(input);
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error}`);
    const o = oracle(name);
    assert.equal(r.primeBits, o.bits, `${name}: bits`);
    assert.equal(r.primeBits, bitLen(o.p), `${name}: bits of p`);
    assert.equal(r.primeBits, bits, `${name}: expected size`);
    assert.equal(r.generator, o.g.toString(), `${name}: generator`);
    assert.equal(r.generatorBits, bitLen(o.g), `${name}: generator bits`);
    assert.equal(r.format, format, `${name}: format`);
    if (o.label !== 'DER') assert.equal(r.format, o.label === 'X9.42 DH PARAMETERS' ? 'x9.42' : 'pkcs3', `${name}: label`);
    if (r.format === 'x9.42') assert.equal(r.subgroupBits, bitLen(o.third!), `${name}: q`);
    else assert.equal(r.privateValueLength, o.third === undefined ? undefined : Number(o.third), `${name}: privateValueLength`);
    if (o.label !== 'DER') assert.deepEqual([r.beginLine, r.endLine, r.blockCount], [0, readText(name).trimEnd().split('\n').length - 1, 1]);
  }
  const ff = parseDhParams(readText('pkcs3-2048.pem'));
  assert.ok(ff.ok);
  assert.equal(ff.generator, '2');
  const g5 = parseDhParams(readText('pkcs3-512-g5.pem'));
  assert.ok(g5.ok);
  assert.equal(g5.generator, '5');
  const pvl = parseDhParams(readText('pkcs3-pvl.pem'));
  assert.ok(pvl.ok);
  assert.equal(pvl.privateValueLength, 200);
});

test('DH parameters after a certificate (Apache style) are found, with their lines', (t) => {
  if (!ready(t)) return;
  const r = parseDhParams(readText('cert-dh.pem'));
  assert.ok(r.ok);
  assert.equal(r.primeBits, 2048);
  const certLines = readText('cert.pem').split('\n').length - 1;
  assert.equal(r.beginLine, certLines);
  // Two blocks: the first one counts.
  const two = parseDhParams(readText('x942-1024.pem') + readText('pkcs3-2048.pem'));
  assert.ok(two.ok);
  assert.deepEqual([two.primeBits, two.format, two.blockCount], [1024, 'x9.42', 2]);
});

test('garbage gives a clear error, as openssl refuses it too', (t) => {
  if (!ready(t)) return;
  const cases: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['text', 'ssl_dhparam /etc/nginx/dh.pem;\n', /neither PEM nor DER/],
    ['certificate', readText('cert.pem'), /no DH PARAMETERS block; the file holds CERTIFICATE/],
    ['ec params', readText('ec-params.pem'), /EC PARAMETERS/],
    ['bad base64', '-----BEGIN DH PARAMETERS-----\n!!!!\n-----END DH PARAMETERS-----\n', /base64/],
    ['not asn.1', `-----BEGIN DH PARAMETERS-----\n${Buffer.from('hello world!').toString('base64')}\n-----END DH PARAMETERS-----\n`, /not DH parameters/],
    ['unterminated', readText('pkcs3-2048.pem').split('\n').slice(0, 4).join('\n'), /no matching END/],
    ['truncated', (() => { const l = readText('pkcs3-2048.pem').split('\n'); l.splice(3, 2); return l.join('\n'); })(), /not DH parameters|invalid/],
  ];
  // g = 1 and an even "prime", built from a real prime.
  const real = fs.readFileSync(file('pkcs3-2048.der'));
  const pTlv = real.subarray(4, 4 + 4 + 257);
  const build = (p: Buffer, g: number[]) => {
    const body = Buffer.concat([p, Buffer.from([0x02, g.length, ...g])]);
    const der = Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]);
    return `-----BEGIN DH PARAMETERS-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END DH PARAMETERS-----\n`;
  };
  cases.push(['generator 1', build(pTlv, [1]), /generator/]);
  const even = Buffer.from(pTlv);
  even[even.length - 1] &= 0xfe;
  cases.push(['even prime', build(even, [2]), /prime/]);
  for (const [what, text, re] of cases) {
    const r = parseDhParams(text);
    assert.equal(r.ok, false, what);
    if (!r.ok) assert.match(r.error, re, what);
    if (text.includes('BEGIN DH')) {
      fs.writeFileSync(file('bad.pem'), text);
      const o = openssl(['dhparam', '-in', file('bad.pem'), '-noout', '-check'], true);
      assert.ok(o.status !== 0 || /not|unable|error/i.test(o.stdout + o.stderr), `${what}: openssl accepts it: ${o.stdout}`);
    }
  }
  assert.equal(parseDhParams(new Uint8Array([0x30, 0x03, 0x02, 0x01])).ok, false);
  assert.equal(parseDhParams(new Uint8Array([1, 2, 3])).ok, false);
});
