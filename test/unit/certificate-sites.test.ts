// The certificate rules' tables against the plain computations they replace: distinctFileSites is walked
// on its own (without fileSites' whole table), so it must keep the same firsts in the same order; key
// files are parsed once per lint, so every (key, certificate) verdict must be the one a fresh parse gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { certificateNames, certificatesOf, coveredBy, distinctFileSites, keyFactsOf, nameMatcher, uncoveredIn, fileSites, serverCertificates, siteOf, trustedCertificates, type FileSite, type ServerCertificate } from '../../server/src/engine/rules/certificateSites';
import { nginxPolicies } from '../../server/src/engine/model/nginxPolicy';
import { loadProfile } from '../../server/src/engine/tls/profiles';
import type { Report, RuleContext } from '../../server/src/engine/rules/rule';
import { certKeyMismatch } from '../../server/src/engine/rules/cert-key-mismatch';
import { checkKeyFile, loadCertificates, NGINX_FILE_DIRECTIVES, resolveConfigPath, type KeyFacts, type Loaded } from '../../server/src/engine/model/configFiles';
import { lookupNginxDirective } from '../../server/src/engine/docs/nginxDirectives';
import { inspectPrivateKey, keyMatchesCertificate, samePublicKey } from '../../server/src/engine/tls/x509/key';
import * as crypto from 'node:crypto';
import { checkChain, inspectCertificate, type CertificateBundle, type ChainResult } from '../../server/src/engine/tls/x509/certificate';
import { matcherOf } from '../../server/src/engine/rules/certificateGroups';
import { certFactoryAvailable, scenarioFile } from '../helpers/certFactory';
import { findBinary, runCommand } from '../helpers/oracle';

// Two roots sharing a snippet included twice; one file named by two texts and as three kinds; variables,
// inline data and engine keys repeated; a Squid root adding sites of another dialect.
const files = {
  '/etc/nginx/nginx.conf':
    'events {}\nhttp {\n  ssl_dhparam tls/dh.pem;\n  include /etc/nginx/snippets/tls.conf;\n  include /etc/nginx/sites/*.conf;\n}\n',
  '/etc/nginx/snippets/tls.conf': 'ssl_trusted_certificate tls/ca.pem;\nssl_certificate /certs/$ssl_server_name.crt;\nssl_certificate_key /certs/$ssl_server_name.key;\n',
  '/etc/nginx/sites/a.conf':
    'server {\n  listen 443 ssl;\n  ssl_certificate tls/a.crt;\n  ssl_certificate_key tls/a.key;\n  include /etc/nginx/snippets/tls.conf;\n' +
    '  location / { proxy_ssl_certificate /etc/nginx/tls/a.crt; proxy_ssl_certificate_key engine:pkcs11:a; proxy_ssl_trusted_certificate tls/a.crt; }\n}\n',
  '/etc/nginx/sites/b.conf':
    'server {\n  listen 443 ssl;\n  ssl_certificate /etc/nginx/tls/a.crt;\n  ssl_certificate_key tls/ca.pem;\n  ssl_client_certificate tls/a.key;\n' +
    '  ssl_certificate "data:-----BEGIN CERTIFICATE-----";\n  ssl_certificate_key "data:-----BEGIN PRIVATE KEY-----";\n}\n' +
    'server {\n  listen 8443 ssl;\n  ssl_certificate tls/b.crt;\n  ssl_certificate_key engine:pkcs11:a;\n  ssl_dhparam tls/dh.pem;\n}\n',
  '/opt/other/nginx.conf': 'events {}\nhttp {\n  include /etc/nginx/snippets/tls.conf;\n  server { listen 443 ssl; ssl_certificate tls/a.crt; ssl_certificate_key tls/a.key; }\n}\n',
  '/etc/squid/squid.conf': 'https_port 3129 tls-cert=/etc/nginx/tls/a.crt tls-key=/etc/nginx/tls/a.key tls-dh=/etc/nginx/tls/dh.pem\nhttps_port 3130 tls-cert=/etc/nginx/tls/a.crt tls-key=/etc/squid/k.pem\n',
};

/** The plain computation: the first site of each (kind, file) of fileSites' table, and every site that is not a file. */
function plainDistinct(all: FileSite[]): FileSite[] {
  const seen = new Set<string>();
  return all.filter((site) => {
    if (site.resolution.kind !== 'file') return true;
    const key = `${site.kind}\u0000${site.resolution.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

test('distinctFileSites keeps the firsts of fileSites for each (kind, file) and every site that is not a file, in order', () => {
  const all = Object.keys(files);
  const ws = new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings({}), files: all, workspaceFiles: all });
  const table = fileSites(ws);
  const expected = plainDistinct(table);
  const distinct = distinctFileSites(ws);
  const show = (s: FileSite) => `${s.kind} ${s.directive.file}:${s.arg.range.start.line}:${s.arg.range.start.character} ${s.root.file} ${s.resolution.kind === 'file' ? s.resolution.path : s.resolution.kind}`;
  assert.deepEqual(distinct.map(show), expected.map(show));
  for (let i = 0; i < expected.length; i++) {
    assert.equal(distinct[i].directive, expected[i].directive);
    assert.equal(distinct[i].arg, expected[i].arg);
    assert.equal(distinct[i].root, expected[i].root);
    assert.equal(distinct[i].resolution, expected[i].resolution);
  }
  // The inputs exercise what the walk has to get right.
  assert.ok(table.length > expected.length, 'some sites repeat a (kind, file)');
  assert.ok(new Set(expected.filter((s) => s.resolution.kind === 'file' && s.resolution.path === '/etc/nginx/tls/a.crt').map((s) => s.kind)).size >= 2, 'one file as several kinds');
  assert.ok(expected.filter((s) => s.resolution.kind === 'variable').length >= 2, 'variable sites from two roots');
  assert.ok(expected.some((s) => s.root.dialect === 'squid'), 'sites of another dialect');
  assert.equal(distinctFileSites(ws), distinct, 'computed once per workspace');
});

/**
 * The plain computation of fileSites' nginx part: every item of every context of every nginx root, data
 * and foreign blocks included, whose name is a file directive with an argument, once per (directive,
 * resolved path). fileSites takes these items from the lint's one directive walk instead.
 */
function plainNginxSites(ws: Workspace): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const root of ws.roots) {
    if (root.dialect !== 'nginx') continue;
    for (const ctx of root.contexts) {
      for (const item of ctx.items) {
        const d = item.directive;
        const kind = NGINX_FILE_DIRECTIVES[d.lname];
        if (!kind || d.args.length === 0) continue;
        const r = resolveConfigPath(ws, d.args[0].text, root.prefix);
        const where = r.kind === 'file' ? r.path : r.kind;
        const key = `${d.file}:${d.range.start.line}:${d.range.start.character}\u0000${where}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(`${kind} ${d.file}:${d.args[0].range.start.line}:${d.args[0].range.start.character} ${root.file} ${where}`);
      }
    }
  }
  return out;
}

test('fileSites finds the nginx file arguments a walk of every block finds, in the same order, foreign and data blocks included', () => {
  const tree = {
    '/etc/nginx/nginx.conf':
      'events {}\nhttp {\n  ssl_certificate tls/http.crt;\n  include /etc/nginx/conf.d/*.conf;\n' +
      '  server {\n    listen 443 ssl;\n    ssl_certificate_key tls/a.key;\n    ssl_certificate;\n    ssl_certifcate tls/typo.crt;\n' +
      '    location / {\n      proxy_ssl_trusted_certificate tls/ca.pem;\n      if ($x) { proxy_ssl_certificate tls/if.crt; }\n    }\n' +
      '    map $a $b { ssl_certificate tls/in-map.crt; }\n    unknown_block { ssl_dhparam tls/in-unknown.pem; ssl_certificate_key tls/deeper.key; }\n  }\n}\n' +
      'stream {\n  server {\n    listen 5000 ssl;\n    ssl_certificate tls/stream.crt;\n    ssl_certificate_key tls/stream.key;\n  }\n}\n',
    '/etc/nginx/conf.d/a.conf': 'server {\n  listen 8443 ssl;\n  ssl_certificate tls/http.crt;\n  ssl_trusted_certificate /abs/ca.pem;\n  grpc_ssl_certificate $var;\n}\n',
    '/etc/nginx/conf.d/b.conf': 'uwsgi_ssl_certificate_key tls/u.key;\nserver { listen 443 ssl; ssl_client_certificate tls/clients.pem; }\n',
  };
  const all = Object.keys(tree);
  const ws = new Workspace({ fs: new MemoryFileSystem(tree), settings: normalizeSettings({}), files: all, workspaceFiles: all });
  const show = (s: FileSite) => `${s.kind} ${s.directive.file}:${s.arg.range.start.line}:${s.arg.range.start.character} ${s.root.file} ${s.resolution.kind === 'file' ? s.resolution.path : s.resolution.kind}`;
  const expected = plainNginxSites(ws);
  assert.deepEqual(fileSites(ws).map(show), expected);
  // The inputs exercise what the walk has to get right.
  const text = expected.join('\n');
  for (const part of ['in-map.crt', 'in-unknown.pem', 'deeper.key', 'if.crt', 'stream.crt', 'u.key', ' variable']) assert.ok(text.includes(part), part);
  assert.ok(!text.includes('typo.crt'), 'a misspelled name names no file');
  assert.equal(expected.filter((l) => l.startsWith('certificate ') && l.includes('nginx.conf:')).length, 4, 'ssl_certificate without an argument is no site');
});

test('every nginx file directive is a known directive (the directive walk reads file directives among the known ones)', () => {
  for (const name of Object.keys(NGINX_FILE_DIRECTIVES)) assert.ok(lookupNginxDirective(name), name);
});

/** A key check as two separate parses make it: the facts, then the comparison with the first certificate. */
function plainKeyFacts(bytes: Uint8Array | undefined, bundle: CertificateBundle | undefined): Loaded<KeyFacts> {
  if (!bytes) return { status: 'missing' };
  const key = inspectPrivateKey(bytes);
  if (!key.ok) {
    if (key.encrypted) return { status: 'ok', value: { type: 'unknown', encrypted: true, problem: 'the key is encrypted (nginx needs ssl_password_file); not compared' } };
    return { status: 'unreadable', error: key.message ?? 'is not a readable private key' };
  }
  const facts: KeyFacts = { type: key.type ?? 'unknown', bits: key.bits, encrypted: false };
  const leaf = bundle?.certificates[0];
  if (leaf) {
    const m = keyMatchesCertificate(bytes, leaf.x509);
    facts.matches = m.matches;
    if (m.message) facts.problem = m.message;
  }
  return { status: 'ok', value: facts };
}

test('key files parsed once per lint give every (key, certificate) pair the verdict of a fresh parse', { skip: !certFactoryAvailable() }, () => {
  const keys = ['leaf.key', 'other.key', 'test.key', 'weak-rsa1024.key', 'garbage.crt', 'chain-ok.pem'];
  const certs = ['chain-ok.pem', 'self-signed.crt', 'test.crt', 'weak-rsa1024.pem'];
  const files: Record<string, string> = {};
  for (const name of new Set([...keys, ...certs])) files[`/k/${name}`] = fs.readFileSync(scenarioFile(name), 'utf8');
  const ws = new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings({}), files: [] });
  const bundles = certs.map((c) => {
    const loaded = loadCertificates(ws, `/k/${c}`);
    assert.equal(loaded.status, 'ok', c);
    return loaded.status === 'ok' ? loaded.value : undefined;
  });
  const bytes = (name: string) => (files[`/k/${name}`] === undefined ? undefined : Buffer.from(files[`/k/${name}`], 'utf8'));
  let matches = 0;
  // The key alone first (as cert-unreadable asks), then with each certificate, then alone again.
  for (const round of [0, 1]) {
    for (const k of [...keys, 'missing.key']) {
      assert.deepEqual(checkKeyFile(ws, `/k/${k}`), plainKeyFacts(bytes(k), undefined), `${k} alone (${round})`);
      for (let i = 0; i < certs.length; i++) {
        const got = checkKeyFile(ws, `/k/${k}`, bundles[i]);
        assert.deepEqual(got, plainKeyFacts(bytes(k), bundles[i]), `${k} with ${certs[i]}`);
        if (got.status === 'ok' && got.value.matches) matches++;
      }
    }
  }
  assert.ok(matches >= 4, 'some pairs match, so a verdict given to the wrong key would show');
});

/** serverCertificates' nginx servers as plain code makes them: every use resolved, loaded and chained on its own. */
function plainServerCertificates(ctx: RuleContext): ServerCertificate[] {
  const ws = ctx.workspace;
  const out: ServerCertificate[] = [];
  const trusted = trustedCertificates(ctx);
  const chains = new Map<string, ChainResult>();
  for (const server of nginxPolicies(ws).servers) {
    for (const pair of server.certificates) {
      const item = pair.certificate.item;
      const arg = item?.directive.args[0];
      if (!item || !arg) continue;
      const site = siteOf(ws, item.directive, arg, server.root, 'certificate');
      const loaded = certificatesOf(ws, site.resolution);
      if (!loaded || loaded.status !== 'ok') continue;
      const chainKey = site.resolution.kind === 'file' ? site.resolution.path : `data:${arg.text}`;
      let chain = chains.get(chainKey);
      if (!chain) {
        chain = checkChain(loaded.value.certificates, trusted, { now: ws.now });
        chains.set(chainKey, chain);
      }
      const entry: ServerCertificate = { server, site, bundle: loaded.value, chain, leaf: loaded.value.certificates[chain.leafIndex] ?? loaded.value.certificates[0] };
      const keyDirective = pair.key?.item?.directive;
      const keyArg = keyDirective?.args[0];
      if (keyDirective && keyArg) entry.keySite = siteOf(ws, keyDirective, keyArg, server.root, 'key');
      out.push(entry);
    }
  }
  return out;
}

test('serverCertificates, judging each file once, gives each server the entry a use-by-use computation gives', { skip: !certFactoryAvailable() }, () => {
  const pem = (name: string) => fs.readFileSync(scenarioFile(name), 'utf8');
  const inline = pem('self-signed.crt').trim().replace(/\n/g, '\\n');
  const server = (name: string, cert: string, key: string) => `  server { listen 443 ssl; server_name ${name}; ssl_certificate ${cert}; ssl_certificate_key ${key}; }\n`;
  // Two roots whose prefixes resolve the same text to different files; inline data in two servers; a missing file.
  const files: Record<string, string> = {
    '/a/nginx.conf': `events {}\nhttp {\n${server('a1', 'tls/c.pem', 'tls/k.pem')}${server('a2', 'tls/c.pem', 'tls/other.key')}${server('a3', 'tls/r.pem', 'tls/k.pem')}${server('a4', `"data:${inline}"`, 'tls/k.pem')}${server('a5', 'tls/none.pem', 'tls/k.pem')}${server('a6', `"data:${inline}"`, 'tls/k.pem')}}\n`,
    '/b/nginx.conf': `events {}\nhttp {\n${server('b1', 'tls/c.pem', 'tls/k.pem')}${server('b2', `"data:${inline}"`, 'tls/k.pem')}${server('b3', '/a/tls/c.pem', '/a/tls/k.pem')}${server('b4', 'tls/c.pem', 'tls/k.pem')}}\n`,
    '/a/tls/c.pem': pem('chain-ok.pem'),
    '/a/tls/r.pem': pem('chain-reversed.pem'),
    '/a/tls/k.pem': pem('leaf.key'),
    '/b/tls/c.pem': pem('self-signed.crt'),
    '/b/tls/k.pem': pem('other.key'),
  };
  const all = ['/a/nginx.conf', '/b/nginx.conf'];
  const settings = normalizeSettings({});
  const ws = new Workspace({ fs: new MemoryFileSystem(files), settings, files: all, workspaceFiles: all });
  const ctx: RuleContext = { workspace: ws, settings, profile: loadProfile(settings).profile, report: () => undefined };
  const got = serverCertificates(ctx);
  const expected = plainServerCertificates(ctx);
  const show = (sc: ServerCertificate) =>
    `${sc.server.names[0]?.name} ${sc.site.resolution.kind === 'file' ? sc.site.resolution.path : sc.site.resolution.kind} ${sc.leaf.subject.text} ${sc.chain.trust} ${sc.bundle.certificates.length} ${sc.keySite?.resolution.kind === 'file' ? sc.keySite.resolution.path : ''}`;
  assert.deepEqual(got.map(show), expected.map(show));
  assert.deepEqual(got, expected);
  // Same file, same objects; inline data read for each use, as certificatesOf reads it.
  const byName = new Map(got.map((sc) => [sc.server.names[0]?.name, sc]));
  assert.equal(byName.get('a1')?.bundle, byName.get('a2')?.bundle);
  assert.equal(byName.get('a1')?.bundle, byName.get('b3')?.bundle);
  assert.notEqual(byName.get('a1')?.bundle, byName.get('b1')?.bundle, 'another prefix, another file');
  assert.notEqual(byName.get('a4')?.bundle, byName.get('a6')?.bundle, 'inline data: a bundle per use');
  assert.equal(byName.get('a4')?.chain, byName.get('a6')?.chain);
  assert.ok(!byName.has('a5'), 'a missing file gives no entry');
  assert.equal(got.length, 9);
});

const SERVER_NAMES = [
  'example.com', 'EXAMPLE.com.', 'www.example.com', 'a.b.example.com', '*.example.com', '*.EXAMPLE.com', '.example.com', '.b.example.com',
  'example.org', 'www.example.org', '*.org', 'org', 'com', 'a', 'a.', 'a..', '.', '*.', '*', 'x.*.example.com', 'www.other.test',
  '10.0.0.1', '10.0.0.2', '[2001:db8::1]', '2001:DB8::1', '::1', 'shop.example.test', 'x.api.example.test', 'api.example.test', 'cn.example.test',
];
const NAME_SETS = [
  { dns: ['example.com', '*.example.com'], ip: ['10.0.0.1'] },
  { dns: ['*.example.com'], ip: [] },
  { dns: ['example.com'], ip: ['2001:db8::1'] },
  { dns: ['*.com', '*.', '*.example.org', 'www.example.org'], ip: [] },
  { dns: ['f*.example.com', '*.b.example.com', 'a.'], ip: ['::1'] },
  { dns: [], ip: [] },
];

/**
 * The reference for the matcher: the rules of name coverage written out over the name lists, one
 * wildcard match per certificate name (what the rules computed before they had matchers).
 */
function dnsNameMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const rest = pattern.slice(2);
  if (!rest.includes('.') && rest !== '') return false; // `*.com`-like wildcards are not honoured
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === rest;
}

function uncoveredParts(serverName: string, names: { dns: string[]; ip: string[] }): string[] {
  const lower = serverName.toLowerCase();
  const n = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  const any = (host: string) => names.dns.some((p) => dnsNameMatches(p, host));
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(n) || n.includes(':')) return names.ip.includes(n.replace(/^\[|\]$/g, '')) ? [] : [n];
  if (n.startsWith('*.')) return names.dns.includes(n) ? [] : [n];
  if (n.startsWith('.')) {
    const base = n.slice(1);
    return [...(any(base) ? [] : [base]), ...(names.dns.includes(`*.${base}`) ? [] : [`*.${base}`])];
  }
  return any(n) ? [] : [n];
}

test('coveredBy with nameMatcher answers as uncoveredParts does', () => {
  for (const names of NAME_SETS) {
    const m = nameMatcher(names);
    for (const n of SERVER_NAMES) assert.equal(coveredBy(m, n), uncoveredParts(n, names).length === 0, `${n} against ${names.dns.join(',')} ${names.ip.join(',')}`);
  }
});

test('uncoveredIn with nameMatcher gives what uncoveredParts gives', () => {
  let partial = 0;
  for (const names of NAME_SETS) {
    const m = nameMatcher(names);
    for (const n of SERVER_NAMES) {
      const want = uncoveredParts(n, names);
      assert.deepEqual(uncoveredIn(m, n), want, `${n} against ${names.dns.join(',')} ${names.ip.join(',')}`);
      if (want.length === 1 && n.startsWith('.')) partial++;
    }
  }
  assert.ok(partial > 0, 'some leading-dot name is half covered');
});

test('matcherOf gives each certificate its own names', { skip: !certFactoryAvailable() }, () => {
  const certs = ['san.pem', 'cn-only.pem', 'chain-ok.pem', 'self-signed.crt'].map((name) => {
    const r = inspectCertificate(fs.readFileSync(scenarioFile(name)));
    assert.ok(r.ok, name);
    return r.certificate;
  });
  let covered = 0;
  for (const round of [0, 1]) {
    for (const c of certs) {
      const names = certificateNames(c);
      for (const n of [...SERVER_NAMES, ...names.dns, ...names.dns.map((d) => d.replace('*', 'x'))]) {
        const want = uncoveredParts(n, names).length === 0;
        assert.equal(coveredBy(matcherOf(c), n), want, `${n} against ${c.subject.text} (${round})`);
        if (want) covered++;
      }
    }
  }
  assert.ok(covered > 8, 'some names are covered, so another certificate\'s matcher would show');
});

/** The comparison samePublicKey made before asking OpenSSL first: the SPKI encodings, then the JWK fields. */
function exportedKeysEqual(a: crypto.KeyObject, b: crypto.KeyObject): boolean {
  const spki = (k: crypto.KeyObject) => k.export({ type: 'spki', format: 'der' });
  try {
    if (Buffer.compare(spki(a), spki(b)) === 0) return true;
  } catch {
    // JWK below
  }
  try {
    const ja = a.export({ format: 'jwk' });
    const jb = b.export({ format: 'jwk' });
    return (['kty', 'crv', 'n', 'e', 'x', 'y'] as const).every((f) => ja[f] === jb[f]) && (ja.n !== undefined || ja.x !== undefined);
  } catch {
    return false;
  }
}

/** Private keys (PEM) of the types and curves the key factory does not make, generated by openssl. */
function otherTypeKeys(): string[] {
  const openssl = findBinary('openssl')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-keys-'));
  try {
    const run = (...args: string[]) => {
      const r = runCommand(openssl, args, { timeoutMs: 60_000, cwd: dir });
      if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error}`);
      return r.stdout;
    };
    run('genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-pkeyopt', 'dsa_paramgen_q_bits:160', '-out', 'dsa-params.pem');
    return [
      run('genpkey', '-algorithm', 'ED25519'),
      run('genpkey', '-algorithm', 'X25519'),
      run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp384r1'),
      run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:brainpoolP256r1'),
      run('genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:1024'),
      run('genpkey', '-paramfile', 'dsa-params.pem'),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('samePublicKey agrees with comparing the exported keys', { skip: !certFactoryAvailable() }, () => {
  const keys: crypto.KeyObject[] = [];
  for (const name of ['leaf.key', 'other.key', 'test.key', 'weak-rsa1024.key']) keys.push(crypto.createPublicKey(crypto.createPrivateKey(fs.readFileSync(scenarioFile(name)))));
  for (const name of ['chain-ok.pem', 'self-signed.crt', 'test.crt', 'weak-rsa1024.pem', 'root.crt', 'int.crt']) keys.push(new crypto.X509Certificate(fs.readFileSync(scenarioFile(name))).publicKey);
  // Other types and curves: Ed25519, X25519, P-384, a curve JWK does not name, RSA-PSS, DSA. Made by the
  // openssl binary, not crypto.generateKeyPairSync: Node 20 can deadlock when the garbage collector
  // destroys the key generation job while a key it made is being exported (the job's destructor waits
  // for the lock the export holds, and the JWK export of brainpoolP256r1 allocates an error under it).
  for (const pem of otherTypeKeys()) {
    const priv = crypto.createPrivateKey(pem);
    const pub = crypto.createPublicKey(priv);
    keys.push(pub, crypto.createPublicKey(pub.export({ type: 'spki', format: 'pem' })));
  }
  let equal = 0;
  for (const a of keys) {
    for (const b of keys) {
      const want = exportedKeysEqual(a, b);
      assert.equal(samePublicKey(a, b), want, `${a.asymmetricKeyType} ${b.asymmetricKeyType}`);
      if (want && a !== b) equal++;
    }
  }
  assert.ok(equal >= 8, 'equal keys from different objects are compared');
});

test('cert-key-mismatch, remembering verdicts per (key, certificate) resolution, flags the keys a verdict per server flags', { skip: !certFactoryAvailable() }, () => {
  const pem = (name: string) => fs.readFileSync(scenarioFile(name), 'utf8');
  const server = (name: string, cert: string, key: string) => `  server { listen 443 ssl; server_name ${name}; ssl_certificate ${cert}; ssl_certificate_key ${key}; }\n`;
  // The same key with two certificates (and the same certificate with two keys), in both orders, across two prefixes.
  const files: Record<string, string> = {
    '/a/nginx.conf': `events {}\nhttp {\n${server('a1', 'tls/c.pem', 'tls/k.pem')}${server('a2', 'tls/t.pem', 'tls/k.pem')}${server('a3', 'tls/c.pem', 'tls/o.pem')}${server('a4', 'tls/c.pem', 'tls/k.pem')}${server('a5', 'tls/t.pem', 'tls/t.key')}${server('a6', 'tls/c.pem', 'tls/t.key')}}\n`,
    '/b/nginx.conf': `events {}\nhttp {\n${server('b1', 'tls/c.pem', 'tls/k.pem')}${server('b2', 'tls/c.pem', 'tls/o.pem')}${server('b3', '/a/tls/c.pem', 'tls/k.pem')}}\n`,
    '/a/tls/c.pem': pem('chain-ok.pem'),
    '/a/tls/t.pem': pem('test.crt'),
    '/a/tls/k.pem': pem('leaf.key'),
    '/a/tls/o.pem': pem('other.key'),
    '/a/tls/t.key': pem('test.key'),
    '/b/tls/c.pem': pem('self-signed.crt'),
    '/b/tls/k.pem': pem('other.key'),
    '/b/tls/o.pem': pem('leaf.key'),
  };
  const all = ['/a/nginx.conf', '/b/nginx.conf'];
  const settings = normalizeSettings({});
  const ws = new Workspace({ fs: new MemoryFileSystem(files), settings, files: all, workspaceFiles: all });
  const reports: Report[] = [];
  const ctx: RuleContext = { workspace: ws, settings, profile: loadProfile(settings).profile, report: (r) => reports.push(r) };
  certKeyMismatch.check(ctx);
  // Each server's own verdict, in table order; a key directive is reported once.
  const expected: string[] = [];
  const done = new Set<unknown>();
  for (const sc of serverCertificates(ctx)) {
    const key = sc.keySite;
    if (!key || key.resolution.kind !== 'file' || done.has(key.directive)) continue;
    const certPath = sc.site.resolution.kind === 'file' ? sc.site.resolution.path : undefined;
    const facts = keyFactsOf(ws, key.resolution.path, certPath, sc.bundle);
    if (facts.status !== 'ok' || facts.value.matches !== false) continue;
    done.add(key.directive);
    expected.push(`${key.directive.file}:${key.arg.range.start.line} ${sc.server.names[0]?.name}`);
  }
  const got = reports.map((r) => `${r.file}:${r.range.start.line} ${r.related?.[1]?.message.replace('server_name ', '')}`);
  assert.deepEqual(got, expected);
  assert.ok(expected.length >= 4, 'several mismatches, some after a match of the same key or certificate');
});
