// Certificates, chains and private keys, generated at test time with the real openssl and compared with what
// openssl itself says about them (x509 -text/-subject/-serial/-fingerprint/-ext, verify, pkey).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { TestContext } from 'node:test';
import { findBinary, requireOracleOrSkip } from '../helpers/oracle';
import { spawnSync } from 'node:child_process';
import {
  type CertificateInfo,
  checkChain,
  inspectCertificate,
  readCertificates,
  validityAt,
} from '../../server/src/engine/tls/x509/certificate';
import { inspectPrivateKey, keyMatchesCertificate } from '../../server/src/engine/tls/x509/key';

// ---------------------------------------------------------------------------------------------------
// openssl

function openssl(args: string[], options: { allowFail?: boolean; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string; raw: Buffer } {
  const bin = findBinary('openssl');
  if (!bin) throw new Error('openssl not installed');
  const res = spawnSync(bin, args, { cwd: options.cwd ?? dir(), timeout: 60_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { status: res.status, stdout: res.stdout?.toString('utf8') ?? '', stderr: res.stderr?.toString('utf8') ?? '', raw: res.stdout ?? Buffer.alloc(0) };
  if (!options.allowFail && res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${res.status}): ${out.stderr}`);
  return out;
}

let tmp: string | undefined;
function dir(): string {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-x509-'));
  return tmp;
}
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
const file = (name: string) => path.join(dir(), name);
const readText = (name: string) => fs.readFileSync(file(name), 'utf8');
const readBytes = (name: string) => new Uint8Array(fs.readFileSync(file(name)));
const write = (name: string, text: string) => fs.writeFileSync(file(name), text);

const PASS = 's3cret-pass';

// ---------------------------------------------------------------------------------------------------
// Fixtures, generated once per test process

let generated = false;
function fixtures(): void {
  if (generated) return;
  generated = true;
  const key = (name: string, alg: string[]) => openssl(['genpkey', ...alg, '-out', file(name)]);
  key('root.key', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  key('int.key', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  key('leaf.key', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
  key('rsa1024.key', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']);
  key('ed.key', ['-algorithm', 'ED25519']);

  write('ext.cnf', [
    '[ca_ext]',
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    '[leaf_ext]',
    'basicConstraints = CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth, clientAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    'subjectAltName = DNS:www.example.test, DNS:*.example.test, DNS:example.test, IP:192.0.2.10, IP:2001:db8::1, email:hostmaster@example.test',
    'authorityInfoAccess = OCSP;URI:http://ocsp.example.test/, caIssuers;URI:http://ca.example.test/int.crt',
    'tlsfeature = status_request',
    '[plain_ext]',
    'basicConstraints = CA:FALSE',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    'subjectAltName = DNS:plain.example.test',
    '',
  ].join('\n'));

  // root (P-384, self-signed) -> intermediate (P-256) -> leaf (RSA 2048)
  openssl(['req', '-x509', '-new', '-key', file('root.key'), '-sha384', '-days', '3650', '-subj', '/C=US/O=tlslint test/CN=tlslint Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', file('root.pem')]);
  openssl(['req', '-new', '-key', file('int.key'), '-subj', '/C=US/O=tlslint test/CN=tlslint Test Intermediate', '-out', file('int.csr')]);
  openssl(['x509', '-req', '-in', file('int.csr'), '-CA', file('root.pem'), '-CAkey', file('root.key'), '-sha384', '-days', '1825', '-set_serial', '0x1001', '-extfile', file('ext.cnf'), '-extensions', 'ca_ext', '-out', file('int.pem')]);
  openssl(['req', '-new', '-utf8', '-key', file('leaf.key'), '-subj', '/C=DE/O=Müller, Example GmbH/OU=Web+OU=Ops/CN=www.example.test', '-out', file('leaf.csr')]);
  openssl(['x509', '-req', '-in', file('leaf.csr'), '-CA', file('int.pem'), '-CAkey', file('int.key'), '-sha256', '-days', '90', '-set_serial', '0x00C0FFEE', '-extfile', file('ext.cnf'), '-extensions', 'leaf_ext', '-out', file('leaf.pem')]);
  // Ed25519 leaf without AIA, signed by the intermediate.
  openssl(['req', '-new', '-key', file('ed.key'), '-subj', '/CN=plain.example.test', '-out', file('ed.csr')]);
  openssl(['x509', '-req', '-in', file('ed.csr'), '-CA', file('int.pem'), '-CAkey', file('int.key'), '-days', '30', '-extfile', file('ext.cnf'), '-extensions', 'plain_ext', '-out', file('ed.pem')]);
  // Weak signatures: ECDSA-SHA1 by the intermediate; self-signed RSA 1024 with SHA-1 and with MD5.
  openssl(['x509', '-req', '-in', file('ed.csr'), '-CA', file('int.pem'), '-CAkey', file('int.key'), '-sha1', '-days', '30', '-extfile', file('ext.cnf'), '-extensions', 'plain_ext', '-out', file('sha1-ec.pem')]);
  openssl(['req', '-x509', '-new', '-key', file('rsa1024.key'), '-sha1', '-days', '30', '-subj', '/CN=sha1.example.test', '-addext', 'basicConstraints=CA:FALSE', '-out', file('sha1-rsa.pem')]);
  openssl(['req', '-x509', '-new', '-key', file('rsa1024.key'), '-md5', '-days', '30', '-subj', '/CN=md5.example.test', '-out', file('md5.pem')]);
  // RSASSA-PSS signature, and an Ed25519 self-signed certificate.
  openssl(['req', '-x509', '-new', '-key', file('leaf.key'), '-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-days', '30', '-subj', '/CN=pss.example.test', '-out', file('pss.pem')]);
  openssl(['req', '-x509', '-new', '-key', file('ed.key'), '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1', '-out', file('self-ed.pem')]);

  // Expired and not-yet-valid leaves: `openssl ca` takes explicit start and end dates.
  write('index.txt', '');
  write('serial', '2000\n');
  write('ca.cnf', [
    '[ca]',
    'default_ca = test_ca',
    '[test_ca]',
    `database = ${file('index.txt')}`,
    `new_certs_dir = ${dir()}`,
    `serial = ${file('serial')}`,
    'default_md = sha256',
    'policy = policy_cn',
    'unique_subject = no',
    'email_in_dn = no',
    '[policy_cn]',
    'commonName = supplied',
    '[dated_ext]',
    'basicConstraints = CA:FALSE',
    'subjectAltName = DNS:dated.example.test',
    '',
  ].join('\n'));
  const dated = (out: string, start: string, end: string) =>
    openssl(['ca', '-batch', '-config', file('ca.cnf'), '-cert', file('int.pem'), '-keyfile', file('int.key'), '-in', file('leaf.csr'), '-subj', '/CN=dated.example.test', '-startdate', start, '-enddate', end, '-extfile', file('ca.cnf'), '-extensions', 'dated_ext', '-out', file(out)]);
  dated('expired.pem', '20200101000000Z', '20210101000000Z'); // written with a text dump before the PEM block
  dated('future.pem', '20990101000000Z', '21000101120000Z'); // GeneralizedTime (after 2049)

  // Chain files.
  const cat = (out: string, parts: string[]) => write(out, parts.map(readText).join(''));
  cat('fullchain.pem', ['leaf.pem', 'int.pem']);
  cat('fullchain-root.pem', ['leaf.pem', 'int.pem', 'root.pem']);
  cat('wrong-order.pem', ['int.pem', 'leaf.pem']);
  cat('missing-int.pem', ['leaf.pem', 'root.pem']);
  cat('duplicate.pem', ['leaf.pem', 'int.pem', 'int.pem']);
  write('garbage.pem', `Bag Attributes\r\n    friendlyName: www\r\n${readText('leaf.pem').replace(/\n/g, '\r\n')}\r\nsubject=int\r\n${readText('int.pem')}trailing garbage\n`);
  openssl(['x509', '-in', file('leaf.pem'), '-outform', 'DER', '-out', file('leaf.der')]);

  // Keys in other forms.
  openssl(['pkey', '-in', file('leaf.key'), '-aes256', '-passout', `pass:${PASS}`, '-out', file('leaf-pkcs8-enc.key')]);
  openssl(['rsa', '-in', file('leaf.key'), '-traditional', '-aes128', '-passout', `pass:${PASS}`, '-out', file('leaf-legacy-enc.key')]);
  openssl(['rsa', '-in', file('leaf.key'), '-traditional', '-out', file('leaf-pkcs1.key')]);
  openssl(['pkey', '-in', file('leaf.key'), '-outform', 'DER', '-out', file('leaf-key.der')]);
  openssl(['ec', '-in', file('int.key'), '-outform', 'DER', '-out', file('int-sec1.der')]);
  openssl(['pkcs8', '-topk8', '-in', file('leaf.key'), '-outform', 'DER', '-v2', 'aes256', '-passout', `pass:${PASS}`, '-out', file('leaf-enc.der')]);
  write('combined.pem', readText('leaf.pem') + readText('int.pem') + readText('leaf.key'));
}

/** Skip unless openssl is there; generate the fixtures. Returns false when the test must return. */
function ready(t: TestContext): boolean {
  if (!requireOracleOrSkip(t, 'openssl')) return false;
  fixtures();
  return true;
}

function inspect(name: string): CertificateInfo {
  const r = inspectCertificate(name.endsWith('.der') ? readBytes(name) : readText(name));
  assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error}`);
  return r.certificate;
}

// ---------------------------------------------------------------------------------------------------
// What openssl says about a certificate

interface OracleCert {
  version: number;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
  signatureAlgorithm: string;
  signatureHash?: string;
  publicKeyAlgorithm: string;
  publicKeyBits?: number;
  curve?: string;
  nistCurve?: string;
  isCA: boolean;
  pathLength?: number;
  san: { dns: string[]; ip: string[]; email: string[]; uri: string[] };
  ocsp: string[];
  caIssuers: string[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  mustStaple: boolean;
  selfSigned: boolean;
  expiredNow: boolean;
}

function oracleCert(name: string): OracleCert {
  const inform = name.endsWith('.der') ? ['-inform', 'DER'] : [];
  const f = openssl(['x509', ...inform, '-in', file(name), '-noout', '-nameopt', 'oneline,-esc_msb', '-subject', '-issuer', '-serial', '-fingerprint', '-sha256', '-dates', '-dateopt', 'iso_8601']).stdout;
  const field = (k: string) => {
    const m = f.match(new RegExp(`^${k}=(.*)$`, 'm'));
    assert.ok(m, `openssl printed no ${k}`);
    return m[1];
  };
  const text = openssl(['x509', ...inform, '-in', file(name), '-noout', '-text']).stdout;
  const one = (re: RegExp) => text.match(re)?.[1];
  const extBody = (title: string): string[] => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.trim().startsWith(title));
    if (i < 0) return [];
    const indent = lines[i].match(/^\s*/)![0].length;
    const out: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j].match(/^\s*/)![0].length > indent; j++) out.push(lines[j].trim());
    return out;
  };
  const san = { dns: [] as string[], ip: [] as string[], email: [] as string[], uri: [] as string[] };
  for (const part of extBody('X509v3 Subject Alternative Name').join(', ').split(', ').filter(Boolean)) {
    const [kind, ...rest] = part.split(':');
    const value = rest.join(':');
    if (kind === 'DNS') san.dns.push(value);
    else if (kind === 'IP Address') san.ip.push(normalizeIp(value));
    else if (kind === 'email') san.email.push(value);
    else if (kind === 'URI') san.uri.push(value);
  }
  const aia = extBody('Authority Information Access');
  const bc = extBody('X509v3 Basic Constraints').join(' ');
  const fields: OracleCert = {
    version: Number(one(/Version: (\d+)/)),
    subject: field('subject'),
    issuer: field('issuer'),
    serial: field('serial'),
    notBefore: new Date(field('notBefore').replace(' ', 'T')),
    notAfter: new Date(field('notAfter').replace(' ', 'T')),
    fingerprint: field('sha256 Fingerprint'),
    signatureAlgorithm: one(/Signature Algorithm: (\S+)/)!,
    publicKeyAlgorithm: one(/Public Key Algorithm: (\S+)/)!,
    isCA: /CA:TRUE/.test(bc),
    san,
    ocsp: aia.filter((l) => l.startsWith('OCSP - URI:')).map((l) => l.slice('OCSP - URI:'.length)),
    caIssuers: aia.filter((l) => l.startsWith('CA Issuers - URI:')).map((l) => l.slice('CA Issuers - URI:'.length)),
    keyUsage: extBody('X509v3 Key Usage').join(', ').split(', ').filter(Boolean),
    extendedKeyUsage: extBody('X509v3 Extended Key Usage').join(', ').split(', ').filter(Boolean),
    mustStaple: extBody('TLS Feature').some((l) => l.includes('status_request')),
    // A self-signed certificate verifies against itself as the only trusted certificate.
    selfSigned: openssl(['verify', '-no_check_time', '-auth_level', '0', '-CAfile', file(name), file(name)], { allowFail: true }).status === 0 && !name.endsWith('.der'),
    expiredNow: openssl(['x509', ...inform, '-in', file(name), '-noout', '-checkend', '0'], { allowFail: true }).status !== 0,
  };
  const pathlen = bc.match(/pathlen:(\d+)/);
  if (pathlen) fields.pathLength = Number(pathlen[1]);
  const hash = one(/Hash Algorithm: (\S+)/);
  if (hash) fields.signatureHash = hash;
  const bits = one(/Public-Key: \((\d+) bit\)/);
  if (bits) fields.publicKeyBits = Number(bits);
  const curve = one(/ASN1 OID: (\S+)/);
  if (curve) fields.curve = curve;
  const nist = one(/NIST CURVE: (\S+)/);
  if (nist) fields.nistCurve = nist;
  return fields;
}

/** openssl prints IPv6 SANs uncompressed and uppercase; the URL parser gives RFC 5952 form. */
function normalizeIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

const KEY_ALGORITHM_NAMES: Record<string, string> = { rsaEncryption: 'rsa', 'id-ecPublicKey': 'ec', ED25519: 'ed25519', ED448: 'ed448', rsassaPss: 'rsa-pss', dsaEncryption: 'dsa' };
const USAGE_NAMES: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
  'TLS Web Server Authentication': 'serverAuth',
  'TLS Web Client Authentication': 'clientAuth',
};

/** Every field tlslint reads, compared with openssl's view of the same file. */
function assertAgreesWithOpenssl(name: string, c: CertificateInfo): OracleCert {
  const o = oracleCert(name);
  assert.equal(c.version, o.version, `${name}: version`);
  assert.equal(c.subject.text, o.subject, `${name}: subject`);
  assert.equal(c.issuer.text, o.issuer, `${name}: issuer`);
  assert.equal(c.serialNumber, o.serial, `${name}: serial`);
  assert.equal(c.notBefore.getTime(), o.notBefore.getTime(), `${name}: notBefore`);
  assert.equal(c.notAfter.getTime(), o.notAfter.getTime(), `${name}: notAfter`);
  assert.equal(c.fingerprintSha256, o.fingerprint, `${name}: fingerprint`);
  assert.equal(c.signatureAlgorithm.name, o.signatureAlgorithm, `${name}: signature algorithm`);
  if (o.signatureHash) assert.equal(c.signatureAlgorithm.hash, o.signatureHash, `${name}: PSS hash`);
  assert.equal(c.publicKey.type, KEY_ALGORITHM_NAMES[o.publicKeyAlgorithm], `${name}: key type`);
  if (o.publicKeyBits !== undefined) assert.equal(c.publicKey.bits, o.publicKeyBits, `${name}: key bits`);
  assert.equal(c.publicKey.curve, o.curve, `${name}: curve`);
  assert.equal(c.publicKey.curveNist, o.nistCurve, `${name}: NIST curve`);
  assert.equal(c.isCA, o.isCA, `${name}: CA`);
  assert.equal(c.pathLength, o.pathLength, `${name}: pathlen`);
  assert.deepEqual(c.subjectAltNames, o.san, `${name}: SANs`);
  assert.deepEqual(c.ocspUrls, o.ocsp, `${name}: OCSP URLs`);
  assert.deepEqual(c.caIssuersUrls, o.caIssuers, `${name}: CA issuers URLs`);
  assert.deepEqual(c.keyUsage ?? [], o.keyUsage.map((u) => USAGE_NAMES[u] ?? u), `${name}: key usage`);
  assert.deepEqual(c.extendedKeyUsage ?? [], o.extendedKeyUsage.map((u) => USAGE_NAMES[u] ?? u), `${name}: extended key usage`);
  assert.equal(c.mustStaple, o.mustStaple, `${name}: must-staple`);
  if (!name.endsWith('.der')) assert.equal(c.selfSigned, o.selfSigned, `${name}: self-signed`);
  assert.equal(validityAt(c, new Date()).status === 'expired', o.expiredNow, `${name}: expired now`);
  return o;
}

// ---------------------------------------------------------------------------------------------------
// Certificates

test('every field of every generated certificate agrees with openssl x509', (t) => {
  if (!ready(t)) return;
  const names = ['root.pem', 'int.pem', 'leaf.pem', 'ed.pem', 'sha1-ec.pem', 'sha1-rsa.pem', 'md5.pem', 'pss.pem', 'self-ed.pem', 'expired.pem', 'future.pem', 'leaf.der'];
  for (const name of names) assertAgreesWithOpenssl(name, inspect(name));
});

test('leaf: names, SANs with wildcard and IPs, OCSP and CA issuers URLs, RSA 2048, ECDSA-SHA256 signature', (t) => {
  if (!ready(t)) return;
  const c = inspect('leaf.pem');
  assert.equal(c.subject.commonName, 'www.example.test');
  assert.equal(c.subject.organization, 'Müller, Example GmbH');
  assert.deepEqual(c.subject.attributes.filter((a) => a.type === 'OU').map((a) => [a.rdn, a.value]), [[2, 'Ops'], [2, 'Web']]);
  assert.equal(c.issuer.commonName, 'tlslint Test Intermediate');
  assert.equal(c.serialNumber, 'C0FFEE');
  assert.deepEqual(c.subjectAltNames.dns, ['www.example.test', '*.example.test', 'example.test']);
  assert.deepEqual(c.subjectAltNames.ip, ['192.0.2.10', '2001:db8::1']);
  assert.deepEqual(c.ocspUrls, ['http://ocsp.example.test/']);
  assert.deepEqual(c.caIssuersUrls, ['http://ca.example.test/int.crt']);
  assert.equal(c.mustStaple, true);
  assert.deepEqual([c.publicKey.type, c.publicKey.bits], ['rsa', 2048]);
  // Signed by the P-256 intermediate.
  assert.deepEqual([c.signatureAlgorithm.name, c.signatureAlgorithm.hash, c.signatureAlgorithm.weak], ['ecdsa-with-SHA256', 'sha256', false]);
  assert.deepEqual([c.selfIssued, c.selfSigned, c.isCA], [false, false, false]);
  assert.equal(c.authorityKeyId, inspect('int.pem').subjectKeyId);
  assert.ok(c.x509 instanceof X509Certificate);
  assert.equal(c.x509.fingerprint256, c.fingerprintSha256);
  // The DER file is the same certificate.
  assert.equal(inspect('leaf.der').fingerprintSha256, c.fingerprintSha256);
});

test('key types and sizes: EC P-384 and P-256, Ed25519, RSA 1024; signature algorithms incl. weak ones', (t) => {
  if (!ready(t)) return;
  const root = inspect('root.pem');
  assert.deepEqual([root.publicKey.type, root.publicKey.curve, root.publicKey.curveNist, root.publicKey.bits], ['ec', 'secp384r1', 'P-384', 384]);
  assert.deepEqual([root.signatureAlgorithm.name, root.selfSigned, root.isCA], ['ecdsa-with-SHA384', true, true]);
  const int = inspect('int.pem');
  assert.deepEqual([int.publicKey.curve, int.publicKey.curveNist, int.publicKey.bits, int.pathLength], ['prime256v1', 'P-256', 256, 0]);
  const ed = inspect('ed.pem');
  assert.deepEqual([ed.publicKey.type, ed.ocspUrls, ed.caIssuersUrls, ed.mustStaple], ['ed25519', [], [], false]);
  const weak = (n: string) => inspect(n).signatureAlgorithm;
  assert.deepEqual(weak('sha1-ec.pem'), { oid: '1.2.840.10045.4.1', name: 'ecdsa-with-SHA1', hash: 'sha1', weak: true });
  assert.deepEqual(weak('sha1-rsa.pem'), { oid: '1.2.840.113549.1.1.5', name: 'sha1WithRSAEncryption', hash: 'sha1', weak: true });
  assert.deepEqual(weak('md5.pem'), { oid: '1.2.840.113549.1.1.4', name: 'md5WithRSAEncryption', hash: 'md5', weak: true });
  assert.deepEqual(weak('pss.pem'), { oid: '1.2.840.113549.1.1.10', name: 'rsassaPss', hash: 'sha256', weak: false });
  assert.deepEqual(weak('self-ed.pem'), { oid: '1.3.101.112', name: 'ED25519', weak: false });
  assert.deepEqual([inspect('sha1-rsa.pem').publicKey.bits, inspect('sha1-rsa.pem').selfSigned], [1024, true]);
  assert.deepEqual(inspect('self-ed.pem').subjectAltNames.ip, ['127.0.0.1', '::1']);
});

test('validity: expired, not yet valid (GeneralizedTime), valid; time is a parameter', (t) => {
  if (!ready(t)) return;
  const expired = inspect('expired.pem');
  assert.equal(expired.notBefore.toISOString(), '2020-01-01T00:00:00.000Z');
  assert.equal(expired.notAfter.toISOString(), '2021-01-01T00:00:00.000Z');
  const future = inspect('future.pem');
  assert.equal(future.notBefore.toISOString(), '2099-01-01T00:00:00.000Z');
  assert.equal(future.notAfter.toISOString(), '2100-01-01T12:00:00.000Z');
  const now = new Date();
  assert.equal(validityAt(expired, now).status, 'expired');
  assert.equal(validityAt(future, now).status, 'not-yet-valid');
  const leaf = inspect('leaf.pem');
  const v = validityAt(leaf, now);
  assert.equal(v.status, 'valid');
  assert.ok(v.daysLeft >= 88 && v.daysLeft <= 90, String(v.daysLeft));
  assert.deepEqual(validityAt(expired, new Date('2020-12-31T00:00:00Z')), { status: 'valid', daysLeft: 1 });
  assert.deepEqual(validityAt(expired, new Date('2019-06-01T00:00:00Z')).status, 'not-yet-valid');
  assert.deepEqual(validityAt(expired, new Date('2021-01-03T00:00:00Z')), { status: 'expired', daysLeft: -2 });
  // openssl agrees on "not yet valid" and "expired" (verify error 9 and 10).
  const verify = (n: string) => openssl(['verify', '-CAfile', file('root.pem'), '-untrusted', file('int.pem'), file(n)], { allowFail: true });
  assert.match(verify('future.pem').stdout + verify('future.pem').stderr, /error 9 .*not yet valid/);
  assert.match(verify('expired.pem').stdout + verify('expired.pem').stderr, /error 10 .*expired/);
  assert.equal(verify('leaf.pem').status, 0);
});

test('bundles: lines of each certificate, stray text, DER input, other blocks listed without bytes', (t) => {
  if (!ready(t)) return;
  const leafLines = readText('leaf.pem').trimEnd().split('\n').length;
  const intLines = readText('int.pem').trimEnd().split('\n').length;
  const g = readCertificates(readText('garbage.pem'));
  assert.equal(g.encoding, 'pem');
  assert.deepEqual(g.entries.map((e) => [e.index, e.beginLine, e.endLine, e.error]), [
    [0, 2, 1 + leafLines, undefined],
    [1, 4 + leafLines, 3 + leafLines + intLines, undefined],
  ]);
  assert.deepEqual(g.certificates.map((c) => c.subject.commonName), ['www.example.test', 'tlslint Test Intermediate']);
  assert.deepEqual(g.stray.map((s) => s.position), ['before', 'between', 'after']);
  // openssl reads the same two certificates from the file (it skips the stray text too).
  const crl2pkcs7 = openssl(['crl2pkcs7', '-nocrl', '-certfile', file('garbage.pem')]).stdout;
  assert.match(crl2pkcs7, /BEGIN PKCS7/);
  fs.writeFileSync(file('garbage.p7'), crl2pkcs7);
  const printed = readCertificates(openssl(['pkcs7', '-in', file('garbage.p7'), '-print_certs']).stdout);
  assert.deepEqual(printed.certificates.map((c) => c.fingerprintSha256), g.certificates.map((c) => c.fingerprintSha256));

  const expired = readCertificates(readText('expired.pem')); // `openssl ca` writes a text dump first
  assert.equal(expired.certificates.length, 1);
  assert.equal(expired.stray[0].position, 'before');

  const d = readCertificates(readBytes('leaf.der'));
  assert.equal(d.encoding, 'der');
  assert.equal(d.certificates[0].subject.commonName, 'www.example.test');

  const combined = readCertificates(readText('combined.pem'));
  assert.equal(combined.certificates.length, 2);
  assert.deepEqual(combined.otherBlocks.map((b) => [b.label, b.kind]), [['PRIVATE KEY', 'private-key']]);
  assert.ok(!JSON.stringify(combined.otherBlocks).includes(readText('leaf.key').split('\n')[1]));

  const broken = readCertificates(readText('leaf.pem').replace(/^M/m, '*'));
  assert.equal(broken.certificates.length, 0);
  assert.match(broken.entries[0].error!, /base64/);
  const truncated = readCertificates(readText('leaf.pem').split('\n').filter((_, i) => i !== 5).join('\n'));
  assert.equal(truncated.certificates.length, 0);
  assert.ok(truncated.entries[0].error);
  for (const junk of ['', 'hello', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', new Uint8Array([0x30, 0x00])]) {
    const r = inspectCertificate(junk);
    assert.equal(r.ok, false);
  }
});

// ---------------------------------------------------------------------------------------------------
// Chains

/** Whether openssl says `child` is issued and signed by `parent` (parent as the only, partial-chain anchor). */
function opensslIssued(child: string, parent: string): boolean {
  return openssl(['verify', '-no_check_time', '-partial_chain', '-auth_level', '0', '-CAfile', file(parent), file(child)], { allowFail: true }).status === 0;
}

function splitToFiles(bundle: string): string[] {
  return readCertificates(readText(bundle)).certificates.map((c, i) => {
    const name = `${bundle}.${i}.pem`;
    write(name, c.x509.toString());
    return name;
  });
}

test('chain order: each certificate issued by the next agrees with openssl verify', (t) => {
  if (!ready(t)) return;
  const root = inspect('root.pem');
  for (const bundle of ['fullchain.pem', 'fullchain-root.pem', 'wrong-order.pem', 'missing-int.pem']) {
    const certs = readCertificates(readText(bundle)).certificates;
    const files = splitToFiles(bundle);
    const r = checkChain(certs, [root], { systemRoots: false });
    for (let i = 0; i + 1 < certs.length; i++) {
      if (certs[i].selfSigned) continue;
      assert.equal(r.certificates[i].issuedByNext, opensslIssued(files[i], files[i + 1]), `${bundle}: #${i} issued by #${i + 1}`);
    }
  }
});

test('chain: right order, trusted through the caller root; complete as openssl verify says', (t) => {
  if (!ready(t)) return;
  const root = inspect('root.pem');
  const chain = readCertificates(readText('fullchain.pem')).certificates;
  const r = checkChain(chain, [root.x509], { systemRoots: false });
  assert.deepEqual([r.leafIndex, r.path, r.inOrder, r.trust, r.reachesTrustedRoot], [0, [0, 1], true, 'trusted', true]);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.certificates.map((c) => c.role), ['leaf', 'intermediate']);
  assert.deepEqual(r.anchor, { subject: root.subject.text, fingerprintSha256: root.fingerprintSha256, selfSigned: true, source: 'caller' });
  assert.equal(r.end?.subject, chain[1].subject.text);
  assert.equal(openssl(['verify', '-CAfile', file('root.pem'), '-untrusted', file('fullchain.pem'), file('leaf.pem')], { allowFail: true }).status, 0);

  // The root sent along: still in order, one info finding; trusted first: the intermediate's issuer is trusted.
  const withRoot = checkChain(readCertificates(readText('fullchain-root.pem')).certificates, [root], { systemRoots: false });
  assert.deepEqual([withRoot.inOrder, withRoot.trust, withRoot.anchor?.fingerprintSha256, withRoot.anchor?.fileIndex], [true, 'trusted', root.fingerprintSha256, undefined]);
  // Only the file's own root, not trusted: an untrusted root at the end.
  assert.deepEqual([checkChain(readCertificates(readText('fullchain-root.pem')).certificates, [], { systemRoots: false }).trust], ['untrusted-root']);
  assert.deepEqual(withRoot.findings.map((f) => [f.code, f.index, f.severity]), [['root-included', 2, 'info']]);
  assert.deepEqual(withRoot.certificates.map((c) => c.role), ['leaf', 'intermediate', 'root']);

  // Trusting the intermediate alone is enough ("--ca" with an intermediate), as with openssl -partial_chain.
  const viaInt = checkChain([chain[0]], [chain[1]], { systemRoots: false });
  assert.deepEqual([viaInt.trust, viaInt.anchor?.selfSigned], ['trusted', false]);
  assert.equal(openssl(['verify', '-partial_chain', '-CAfile', file('int.pem'), file('leaf.pem')], { allowFail: true }).status, 0);
});

test('chain: wrong order is found, with the real leaf and the order that would work', (t) => {
  if (!ready(t)) return;
  const certs = readCertificates(readText('wrong-order.pem')).certificates;
  const r = checkChain(certs, [inspect('root.pem')], { systemRoots: false });
  assert.equal(r.inOrder, false);
  assert.equal(r.leafIndex, 1);
  assert.deepEqual(r.path, [1, 0]);
  assert.deepEqual(r.findings.map((f) => [f.code, f.index, f.relatedIndex]), [
    ['leaf-not-first', 0, 1],
    ['not-issued-by-next', 0, 1],
  ]);
  assert.equal(r.trust, 'trusted'); // the certificates are all there, only misordered
  assert.deepEqual(r.certificates.map((c) => c.role), ['intermediate', 'leaf']);
});

test('chain: missing intermediate stops at the leaf; openssl cannot find the local issuer either', (t) => {
  if (!ready(t)) return;
  const root = inspect('root.pem');
  const certs = readCertificates(readText('missing-int.pem')).certificates;
  const r = checkChain(certs, [root], { systemRoots: false });
  assert.equal(r.trust, 'incomplete');
  assert.equal(r.reachesTrustedRoot, false);
  assert.deepEqual(r.path, [0]);
  assert.equal(r.end?.index, 0);
  assert.equal(r.missingIssuer, inspect('int.pem').subject.text);
  assert.equal(r.missingIssuerUrl, 'http://ca.example.test/int.crt');
  assert.deepEqual(r.findings.map((f) => f.code).sort(), ['not-issued-by-next', 'root-included', 'unrelated'].sort());
  const v = openssl(['verify', '-CAfile', file('root.pem'), '-untrusted', file('missing-int.pem'), file('leaf.pem')], { allowFail: true });
  assert.notEqual(v.status, 0);
  assert.match(v.stdout + v.stderr, /error 20 .*unable to get local issuer certificate/);
  assert.equal(`${r.missingIssuer}`, oracleCert('leaf.pem').issuer);

  // Leaf alone, with Node's root store only: incomplete as well (the test root is not a public root).
  const alone = checkChain([inspect('leaf.pem')]);
  assert.deepEqual([alone.trust, alone.missingIssuer], ['incomplete', inspect('int.pem').subject.text]);
});

test('chain: self-signed leaf, duplicates, expired and weak-signature certificates in a chain', (t) => {
  if (!ready(t)) return;
  const self = checkChain([inspect('self-ed.pem')], [], { systemRoots: false });
  assert.deepEqual([self.trust, self.end?.selfSigned, self.findings], ['untrusted-root', true, []]);
  const trustedSelf = checkChain([inspect('self-ed.pem')], [inspect('self-ed.pem')], { systemRoots: false });
  assert.equal(trustedSelf.trust, 'trusted');

  const dup = checkChain(readCertificates(readText('duplicate.pem')).certificates, [inspect('root.pem')], { systemRoots: false });
  assert.deepEqual(dup.findings.map((f) => [f.code, f.index, f.relatedIndex]), [['duplicate', 2, 1]]);
  assert.equal(dup.trust, 'trusted');

  const expiredChain = checkChain([inspect('expired.pem'), inspect('int.pem')], [inspect('root.pem')], { systemRoots: false });
  assert.deepEqual(expiredChain.findings.map((f) => [f.code, f.index]), [['expired', 0]]);
  const earlier = checkChain([inspect('expired.pem'), inspect('int.pem')], [inspect('root.pem')], { systemRoots: false, now: new Date('2020-06-01T00:00:00Z') });
  assert.deepEqual(earlier.findings.map((f) => [f.code, f.index]), [['not-yet-valid', 1]]); // the intermediate was made today
  const futureChain = checkChain([inspect('future.pem'), inspect('int.pem')], [], { systemRoots: false });
  assert.ok(futureChain.findings.some((f) => f.code === 'not-yet-valid' && f.index === 0));

  const sha1 = checkChain([inspect('sha1-ec.pem'), inspect('int.pem')], [inspect('root.pem')], { systemRoots: false });
  assert.deepEqual(sha1.findings.map((f) => [f.code, f.index]), [['weak-signature', 0]]);
  // Self-signed SHA-1/MD5 certificates: their own signature is not what clients check, so no weak-signature.
  assert.deepEqual(checkChain([inspect('md5.pem')], [], { systemRoots: false }).findings, []);
});

test('chain: an intermediate signed by a non-CA certificate is flagged, as openssl verify does', (t) => {
  if (!ready(t)) return;
  // A "leaf" (CA:FALSE) signing another certificate.
  openssl(['x509', '-req', '-in', file('ed.csr'), '-CA', file('leaf.pem'), '-CAkey', file('leaf.key'), '-days', '30', '-extfile', file('ext.cnf'), '-extensions', 'plain_ext', '-out', file('by-leaf.pem')]);
  const r = checkChain([inspect('by-leaf.pem'), inspect('leaf.pem'), inspect('int.pem')], [inspect('root.pem')], { systemRoots: false });
  assert.deepEqual(r.findings.map((f) => [f.code, f.index, f.relatedIndex]), [['issuer-not-ca', 0, 1]]);
  write('by-leaf-chain.pem', readText('leaf.pem') + readText('int.pem'));
  const v = openssl(['verify', '-CAfile', file('root.pem'), '-untrusted', file('by-leaf-chain.pem'), file('by-leaf.pem')], { allowFail: true });
  assert.match(v.stdout + v.stderr, /invalid CA certificate/);
});

test("chain: Node's root store is parsed once and used; a real public root is trusted", (t) => {
  const anyRoot = inspectCertificate(rootCertificates[0]);
  assert.ok(anyRoot.ok);
  const r = checkChain([anyRoot.certificate]);
  assert.deepEqual([r.trust, r.anchor?.source, r.anchor?.fileIndex], ['trusted', 'system', 0]);
  // Without the system store it is just an untrusted self-signed certificate.
  assert.equal(checkChain([anyRoot.certificate], [], { systemRoots: false }).trust, 'untrusted-root');
  // X509Certificate objects are accepted as well.
  assert.equal(checkChain([new X509Certificate(rootCertificates[1])]).trust, 'trusted');
  assert.equal(checkChain([]).trust, 'empty');
  t.diagnostic(`${rootCertificates.length} bundled roots`);
});

test("chain: every root Node bundles is a CA or self-signed, so a leaf that is neither skips the system store", () => {
  // checkChain looks a certificate itself up among the system roots only when it is a CA or
  // self-signed; that shortcut holds only while the bundled store has no other kind of certificate.
  const others = rootCertificates
    .map((pem) => inspectCertificate(pem))
    .filter((r) => !r.ok || !(r.certificate.isCA || r.certificate.selfSigned))
    .map((r) => (r.ok ? r.certificate.subject.text : r.error));
  assert.deepEqual(others, []);
});

// ---------------------------------------------------------------------------------------------------
// Private keys

/** What openssl says about a key's public half: "Public-Key: (N bit)", curve, or the algorithm line. */
function oracleKey(name: string, extra: string[] = []): { bits?: number; curve?: string; type: string } {
  const out = openssl(['pkey', '-in', file(name), ...extra, '-noout', '-text_pub']).stdout;
  const bits = out.match(/Public-Key: \((\d+) bit\)/);
  const curve = out.match(/ASN1 OID: (\S+)/);
  const type = /^ED25519/m.test(out) ? 'ed25519' : curve ? 'ec' : /Modulus:/.test(out) ? 'rsa' : 'unknown';
  const r: { bits?: number; curve?: string; type: string } = { type };
  if (bits) r.bits = Number(bits[1]);
  if (curve) r.curve = curve[1];
  return r;
}

/** openssl's answer to "does this key belong to this certificate": compare the DER public keys it exports. */
function opensslKeyMatches(keyName: string, certName: string, passin: string[] = []): boolean {
  const fromKey = openssl(['pkey', '-in', file(keyName), ...passin, '-pubout', '-outform', 'DER']).raw;
  write(`${certName}.pub.pem`, openssl(['x509', '-in', file(certName), '-noout', '-pubkey']).stdout);
  const fromCert = openssl(['pkey', '-pubin', '-in', file(`${certName}.pub.pem`), '-outform', 'DER']).raw;
  return Buffer.compare(fromKey, fromCert) === 0;
}

test('private keys: type, size and curve agree with openssl pkey', (t) => {
  if (!ready(t)) return;
  for (const name of ['leaf.key', 'rsa1024.key', 'int.key', 'root.key', 'ed.key', 'leaf-pkcs1.key']) {
    const k = inspectPrivateKey(readText(name));
    const o = oracleKey(name);
    assert.equal(k.ok, true, name);
    assert.equal(k.encrypted, false, name);
    assert.equal(k.type, o.type, `${name}: type`);
    if (o.bits !== undefined) assert.equal(k.bits, o.bits, `${name}: bits`);
    assert.equal(k.curve, o.curve, `${name}: curve`);
  }
  assert.deepEqual(pick(inspectPrivateKey(readText('leaf-pkcs1.key'))), { ok: true, type: 'rsa', bits: 2048, label: 'RSA PRIVATE KEY', encrypted: false });
  assert.deepEqual(pick(inspectPrivateKey(readBytes('leaf-key.der'))), { ok: true, type: 'rsa', bits: 2048, label: 'DER', encrypted: false });
  assert.deepEqual(pick(inspectPrivateKey(readBytes('int-sec1.der'))), { ok: true, type: 'ec', bits: 256, label: 'DER', encrypted: false });
  assert.equal(inspectPrivateKey(readText('int.key')).curveNist, 'P-256');
  // A combined certificate + key file: the key block and its lines.
  const combined = inspectPrivateKey(readText('combined.pem'));
  const keyStart = (readText('leaf.pem') + readText('int.pem')).split('\n').length - 1;
  assert.deepEqual([combined.ok, combined.type, combined.beginLine, combined.keyCount], [true, 'rsa', keyStart, 1]);
  // No key at all.
  assert.deepEqual(pick(inspectPrivateKey(readText('leaf.pem'))), { ok: false, problem: 'no-key', encrypted: false });
  assert.deepEqual(pick(inspectPrivateKey(readBytes('leaf.der'))), { ok: false, problem: 'no-key', label: 'DER', encrypted: false });
  assert.equal(inspectPrivateKey('garbage').problem, 'no-key');
  const corrupt = readText('leaf.key').replace(/^(.{10})./m, '$1A');
  assert.equal(inspectPrivateKey(corrupt).ok, false);
});

function pick(k: ReturnType<typeof inspectPrivateKey>) {
  const out: Record<string, unknown> = { ok: k.ok, encrypted: k.encrypted };
  for (const f of ['type', 'bits', 'label', 'problem'] as const) if (k[f] !== undefined) out[f] = k[f];
  return out;
}

test('encrypted keys are reported as encrypted without decrypting; with the passphrase they are read', (t) => {
  if (!ready(t)) return;
  for (const name of ['leaf-pkcs8-enc.key', 'leaf-legacy-enc.key']) {
    const text = readText(name);
    // openssl cannot read them without the passphrase either.
    assert.notEqual(openssl(['pkey', '-in', file(name), '-passin', 'pass:', '-noout'], { allowFail: true }).status, 0);
    const k = inspectPrivateKey(text);
    assert.deepEqual([k.ok, k.encrypted, k.problem], [false, true, 'encrypted'], name);
    const withPass = inspectPrivateKey(text, PASS);
    const o = oracleKey(name, ['-passin', `pass:${PASS}`]);
    assert.deepEqual([withPass.ok, withPass.encrypted, withPass.type, withPass.bits], [true, true, o.type, o.bits], name);
    assert.equal(inspectPrivateKey(text, 'wrong').problem, 'bad-passphrase');
    assert.deepEqual(keyMatchesCertificate(text, readText('leaf.pem')).matches, undefined);
    assert.equal(keyMatchesCertificate(text, readText('leaf.pem')).problem, 'encrypted');
    assert.equal(keyMatchesCertificate(text, readText('leaf.pem'), PASS).matches, true);
  }
  assert.equal(inspectPrivateKey(readText('leaf-legacy-enc.key')).type, 'rsa'); // known from the label
  const der = inspectPrivateKey(readBytes('leaf-enc.der'));
  assert.deepEqual([der.ok, der.encrypted, der.problem], [false, true, 'encrypted']);
  assert.deepEqual([inspectPrivateKey(readBytes('leaf-enc.der'), PASS).bits], [2048]);
});

test('key <-> certificate match agrees with openssl (matching and mismatched keys)', (t) => {
  if (!ready(t)) return;
  const cases: [string, string][] = [
    ['leaf.key', 'leaf.pem'],
    ['rsa1024.key', 'leaf.pem'],
    ['int.key', 'leaf.pem'],
    ['int.key', 'int.pem'],
    ['root.key', 'int.pem'],
    ['ed.key', 'ed.pem'],
    ['ed.key', 'self-ed.pem'],
    ['leaf.key', 'pss.pem'],
    ['leaf-pkcs1.key', 'leaf.pem'],
    ['rsa1024.key', 'md5.pem'],
  ];
  for (const [keyName, certName] of cases) {
    const expected = opensslKeyMatches(keyName, certName);
    assert.equal(keyMatchesCertificate(readText(keyName), readText(certName)).matches, expected, `${keyName} vs ${certName}`);
    assert.equal(keyMatchesCertificate(readText(keyName), inspect(certName)).matches, expected);
    assert.equal(keyMatchesCertificate(readText(keyName), inspect(certName).x509).matches, expected);
  }
  assert.equal(keyMatchesCertificate(readBytes('leaf-key.der'), readBytes('leaf.der')).matches, true);
  assert.equal(keyMatchesCertificate(readText('combined.pem'), readText('combined.pem')).matches, true);
  assert.deepEqual(keyMatchesCertificate(readText('leaf.key'), 'not a certificate').problem, 'bad-certificate');
  assert.deepEqual(keyMatchesCertificate('no key here', readText('leaf.pem')).problem, 'no-key');
});

test('no key material in any result or message', (t) => {
  if (!ready(t)) return;
  // The private components (RSA private exponent and primes, EC/Ed25519 private scalar) as openssl prints them,
  // in every encoding a leak could take: hex either case, base64 in the three byte alignments, base64url.
  const secrets: string[] = [];
  for (const name of ['leaf.key', 'int.key', 'ed.key']) {
    const text = openssl(['pkey', '-in', file(name), '-noout', '-text']).stdout;
    for (const m of text.matchAll(/^(privateExponent|prime1|prime2|priv):\s*\n((?:\s+[0-9a-f:]+\n)+)/gm)) {
      const bytes = Buffer.from(m[2].replace(/[\s:]/g, ''), 'hex').subarray(1, 17);
      assert.equal(bytes.length, 16, `${name} ${m[1]}`);
      const hex = bytes.toString('hex');
      secrets.push(hex, hex.toUpperCase());
      for (const shift of [0, 1, 2]) {
        const b64 = bytes.subarray(shift).toString('base64').slice(0, 16);
        secrets.push(b64, b64.replace(/\+/g, '-').replace(/\//g, '_'));
      }
    }
  }
  assert.equal(secrets.length, 5 * 8); // RSA: d, p, q; EC and Ed25519: the private value
  // The ciphertext of the encrypted keys is key material too.
  for (const name of ['leaf-pkcs8-enc.key', 'leaf-legacy-enc.key']) {
    const lines = readText(name).split('\n').filter((l) => /^[A-Za-z0-9+/=]{64}$/.test(l));
    secrets.push(...lines.slice(2, 6).map((l) => l.slice(8, 40)));
  }
  const results: unknown[] = [];
  for (const name of ['leaf.key', 'int.key', 'ed.key', 'leaf-pkcs1.key', 'leaf-pkcs8-enc.key', 'leaf-legacy-enc.key', 'combined.pem']) {
    results.push(inspectPrivateKey(readText(name)), inspectPrivateKey(readText(name), PASS), inspectPrivateKey(readText(name), 'wrong'));
    results.push(keyMatchesCertificate(readText(name), readText('leaf.pem')), keyMatchesCertificate(readText(name), readText('int.pem'), PASS));
  }
  const bundle = readCertificates(readText('combined.pem'));
  results.push(bundle, checkChain(bundle.certificates, [], { systemRoots: false }), inspectCertificate(readText('combined.pem')));
  const serialized = JSON.stringify(results, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
  assert.ok(serialized.includes('BEGIN CERTIFICATE'), 'certificates (public) are serialized as PEM');
  for (const s of secrets) assert.ok(!serialized.includes(s), `key material leaked: ${s.slice(0, 6)}…`);
});

test('never throws: truncated and mutated certificates, keys and bundles', (t) => {
  if (!ready(t)) return;
  let seed = 0x5eed;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const der = readBytes('leaf.der');
  const pem = readText('fullchain.pem');
  for (let i = 0; i < 300; i++) {
    const m = new Uint8Array(der.subarray(0, i % 3 === 0 ? rand(der.length) : der.length));
    for (let k = 0; k < 1 + rand(4); k++) if (m.length) m[rand(m.length)] = rand(256);
    const r = inspectCertificate(m);
    if (!r.ok) assert.equal(typeof r.error, 'string');
    readCertificates(m);
    inspectPrivateKey(m);
    const cut = pem.slice(0, rand(pem.length));
    const bundle = readCertificates(cut);
    checkChain(bundle.certificates, [], { systemRoots: false });
    const chars = pem.split('');
    for (let k = 0; k < 3; k++) chars[rand(chars.length)] = String.fromCharCode(rand(128));
    readCertificates(chars.join(''));
    inspectPrivateKey(readText('leaf.key').slice(0, rand(1700)));
    keyMatchesCertificate(readText('leaf.key').slice(0, rand(1700)), m);
  }
});
