// Certificates, keys and DH parameters for tests, made with the real `openssl` once per test process
// (into a cache directory) and copied where a test needs them.
//
// A small private PKI: a root CA, an intermediate signed by it, and leaves signed by the intermediate
// for each scenario. Keys are EC P-256 wherever the scenario allows (fast); RSA only where RSA is the
// point (the weak 1024-bit key, and `test.crt`, which other rules' fixtures have always used as RSA).
//
// Files (all PEM):
//   root.crt / root.key          "tlslint Test Root" (self-signed CA)
//   int.crt                      "tlslint Test Intermediate", signed by the root
//   chain-ok.pem                 leaf + intermediate (leaf.key); SAN *.example.test, example.test, localhost
//   chain-reversed.pem           intermediate + leaf
//   leaf-only.pem                the leaf without its intermediate
//   leaf.key                     key of every EC leaf below
//   other.key                    an EC key that belongs to no certificate
//   expired.pem                  leaf valid 2020-01-01 … 2021-01-01 + intermediate
//   future.pem                   leaf valid from 2040 + intermediate
//   expiring.pem                 leaf valid 5 days + intermediate
//   weak-rsa1024.pem / .key      RSA 1024 leaf + intermediate
//   sha1.pem                     leaf signed with ecdsa-with-SHA1 by the intermediate + intermediate
//   ocsp.pem                     leaf with an AIA OCSP URL + intermediate (chain-ok.pem has none)
//   san.pem                      leaf for shop.example.test, *.api.example.test + intermediate
//   cn-only.pem                  leaf with CN=cn.example.test and no SAN + intermediate
//   self-signed.crt              self-signed leaf (leaf.key) for localhost, *.example.test, www.example.com
//   test.crt / test.key          RSA 2048 leaf for *.example.test, example.test, localhost, 127.0.0.1,
//                                signed by the root, followed by the root: a complete private chain
//   dh1024.pem                   X9.42 DH parameters, 1024-bit prime
//   dh2048.pem                   ffdhe2048 (PKCS#3 DH PARAMETERS)
//   garbage.crt                  text that is no PEM at all

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBinary, runCommand } from './oracle';

let cacheDir: string | undefined;

const COMMON_SAN = 'DNS:*.example.test,DNS:example.test,DNS:localhost';

/** Whether the factory can run here (it needs the openssl binary). */
export function certFactoryAvailable(): boolean {
  return findBinary('openssl') !== undefined;
}

/** Directory holding every scenario file (generated on first call in this process). */
export function certFactoryDir(): string {
  if (cacheDir) return cacheDir;
  const openssl = findBinary('openssl');
  if (!openssl) throw new Error('openssl not installed: cannot generate test certificates');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-certs-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const r = runCommand(openssl, args, { timeoutMs: 60_000, cwd: dir });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error}`);
  };
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const cat = (out: string, ...names: string[]) => write(out, names.map(read).join(''));
  const ecKey = (name: string) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  const ext = (name: string, lines: string[]) => write(name, lines.join('\n') + '\n');

  // CA hierarchy.
  ecKey('root.key');
  run('req', '-x509', '-new', '-key', 'root.key', '-days', '3650', '-subj', '/CN=tlslint Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.crt');
  ecKey('int.key');
  run('req', '-new', '-key', 'int.key', '-subj', '/CN=tlslint Test Intermediate', '-out', 'int.csr');
  ext('ca.ext', ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid']);
  run('x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3650', '-extfile', 'ca.ext', '-out', 'int.crt');

  // Leaves signed by the intermediate.
  ecKey('leaf.key');
  ecKey('other.key');
  const leafExt = (name: string, san: string | undefined, extra: string[] = []) =>
    ext(name, ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', ...(san ? [`subjectAltName=${san}`] : []), ...extra]);
  const leaf = (out: string, opts: { key?: string; cn?: string; san?: string | undefined; days?: number; md?: string; extra?: string[] } = {}) => {
    const key = opts.key ?? 'leaf.key';
    const base = out.replace(/\.\w+$/, '');
    run('req', '-new', '-key', key, '-subj', `/CN=${opts.cn ?? 'leaf.example.test'}`, '-out', `${base}.csr`);
    leafExt(`${base}.ext`, 'san' in opts ? opts.san : COMMON_SAN, opts.extra);
    run('x509', '-req', '-in', `${base}.csr`, '-CA', 'int.crt', '-CAkey', 'int.key', '-CAcreateserial', '-days', String(opts.days ?? 365), `-${opts.md ?? 'sha256'}`, '-extfile', `${base}.ext`, '-out', `${base}.leaf.crt`);
    cat(out, `${base}.leaf.crt`, 'int.crt');
    return `${base}.leaf.crt`;
  };
  const okLeaf = leaf('chain-ok.pem');
  cat('chain-reversed.pem', 'int.crt', okLeaf);
  cat('leaf-only.pem', okLeaf);
  leaf('expiring.pem', { days: 5 });
  run('genrsa', '-out', 'weak-rsa1024.key', '1024');
  leaf('weak-rsa1024.pem', { key: 'weak-rsa1024.key' });
  leaf('sha1.pem', { md: 'sha1' });
  leaf('ocsp.pem', { extra: ['authorityInfoAccess=OCSP;URI:http://ocsp.example.test/'] });
  leaf('san.pem', { cn: 'shop.example.test', san: 'DNS:shop.example.test,DNS:*.api.example.test' });
  leaf('cn-only.pem', { cn: 'cn.example.test', san: undefined });

  // Dates outside "now" need `openssl ca` (x509 -req cannot set notBefore in OpenSSL 3.0).
  fs.mkdirSync(path.join(dir, 'ca-db'));
  write('ca-db/index.txt', '');
  write('ca-db/serial', '1000\n');
  ext('ca.cnf', [
    '[ca]',
    'default_ca = test_ca',
    '[test_ca]',
    `dir = ${path.join(dir, 'ca-db')}`,
    'database = $dir/index.txt',
    'serial = $dir/serial',
    'new_certs_dir = $dir',
    `certificate = ${path.join(dir, 'int.crt')}`,
    `private_key = ${path.join(dir, 'int.key')}`,
    'default_md = sha256',
    'policy = any',
    'unique_subject = no',
    'copy_extensions = none',
    'x509_extensions = leaf_ext',
    '[any]',
    'commonName = supplied',
    '[leaf_ext]',
    'basicConstraints = CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = ${COMMON_SAN}`,
  ]);
  run('req', '-new', '-key', 'leaf.key', '-subj', '/CN=leaf.example.test', '-out', 'dated.csr');
  const dated = (out: string, start: string, end: string) => {
    run('ca', '-batch', '-notext', '-config', 'ca.cnf', '-startdate', start, '-enddate', end, '-in', 'dated.csr', '-out', `${out}.leaf.crt`);
    cat(`${out}.pem`, `${out}.leaf.crt`, 'int.crt');
  };
  dated('expired', '20200101000000Z', '20210101000000Z');
  dated('future', '20400101000000Z', '20410101000000Z');

  // A self-signed leaf.
  run('req', '-x509', '-new', '-key', 'leaf.key', '-days', '365', '-subj', '/CN=self.example.test', '-addext', `subjectAltName=${COMMON_SAN},DNS:www.example.com`, '-out', 'self-signed.crt');

  // The certificate every other rule's fixtures use: RSA, a complete private chain, names covered.
  run('genrsa', '-out', 'test.key', '2048');
  run('req', '-new', '-key', 'test.key', '-subj', '/CN=localhost', '-out', 'test.csr');
  leafExt('test.ext', `${COMMON_SAN},IP:127.0.0.1`);
  run('x509', '-req', '-in', 'test.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-days', '365', '-sha256', '-extfile', 'test.ext', '-out', 'test.leaf.crt');
  cat('test.crt', 'test.leaf.crt', 'root.crt');

  run('dhparam', '-dsaparam', '-out', 'dh1024.pem', '1024');
  run('genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', 'dh2048.pem');
  write('garbage.crt', 'this is not a certificate\n');
  cacheDir = dir;
  return dir;
}

/** The scenario files fixtures use (everything but intermediate products and CA secrets). */
export const SCENARIO_FILES = [
  'root.crt', 'int.crt', 'chain-ok.pem', 'chain-reversed.pem', 'leaf-only.pem', 'leaf.key', 'other.key',
  'expired.pem', 'future.pem', 'expiring.pem', 'weak-rsa1024.pem', 'weak-rsa1024.key', 'sha1.pem', 'ocsp.pem',
  'san.pem', 'cn-only.pem', 'self-signed.crt', 'test.crt', 'test.key', 'dh1024.pem', 'dh2048.pem', 'garbage.crt',
];

/** Copy every scenario file into `dir` (created when missing). */
export function copyScenarioFiles(dir: string): void {
  const from = certFactoryDir();
  fs.mkdirSync(dir, { recursive: true });
  for (const name of SCENARIO_FILES) {
    fs.copyFileSync(path.join(from, name), path.join(dir, name));
    if (name.endsWith('.key')) fs.chmodSync(path.join(dir, name), 0o600);
  }
}

/** Path of one scenario file in the cache. */
export function scenarioFile(name: string): string {
  return path.join(certFactoryDir(), name);
}
