// The certificate rules beyond their fixtures: RFC 6125 name matching, private names, time as a
// parameter, severities, DER and encrypted inputs, agreement with `nginx -t` on key mismatch and chain
// order, and that no key material ever reaches a diagnostic.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coveredBy, isPrivateName, uncoveredIn, nameMatcher, certificateNames } from '../../server/src/engine/rules/certificateSites';
import { normalizeSettings } from '../../server/src/engine/settings';
import { inspectCertificate } from '../../server/src/engine/tls/x509/certificate';
import type { Finding } from '../../server/src/engine/types';
import { configFiles, fixtureSettings, lintDir } from '../helpers/fixtures';
import { certFactoryAvailable, copyScenarioFiles, scenarioFile } from '../helpers/certFactory';
import { findBinary, requireOracleOrSkip, runCommand } from '../helpers/oracle';
import { nginxCheckTree } from '../helpers/nginxOracle';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/rules/nginx');
const TRUST = { extraTrustedCertificates: ['tls/root.crt'] };

function server(port: number, name: string, cert: string, key: string, extra = ''): string {
  return `    server {\n        listen 127.0.0.1:${port} ssl;\n        server_name ${name};\n        ssl_certificate ${cert};\n        ssl_certificate_key ${key};\n${extra}    }\n`;
}

/** Lint a config (servers inside http{}) in a temp dir holding the scenario files; returns findings and the dir. */
function lintConfig(servers: string, settings: object = TRUST, keep = false, now?: Date): { findings: Finding[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-cert-rules-'));
  copyScenarioFiles(path.join(dir, 'tls'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `events {}\nhttp {\n    ssl_session_tickets off;\n${servers}}\n`);
  try {
    const findings = [...lintDir(dir, normalizeSettings(settings), now).values()].flat();
    return { findings, dir };
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const certIds = (fs: Finding[]) => fs.filter((f) => /^(cert-|dhparam-|ocsp-no-responder)/.test(f.ruleId)).map((f) => f.ruleId).sort();

test('certificate wildcards match exactly one whole left-most label (RFC 6125)', () => {
  const dnsNameMatches = (pattern: string, host: string) => coveredBy(nameMatcher({ dns: [pattern], ip: [] }), host);
  assert.ok(dnsNameMatches('*.example.com', 'a.example.com'));
  assert.ok(!dnsNameMatches('*.example.com', 'a.b.example.com'));
  assert.ok(!dnsNameMatches('*.example.com', 'example.com'));
  assert.ok(!dnsNameMatches('f*.example.com', 'foo.example.com'));
  assert.ok(!dnsNameMatches('*.com', 'example.com'));
  assert.ok(dnsNameMatches('www.example.com', 'www.example.com'));
});

test('server names: nginx wildcards and dot names need the matching certificate names', () => {
  const uncoveredParts = (serverName: string, names: { dns: string[]; ip: string[] }) => [...uncoveredIn(nameMatcher(names), serverName)];
  const cert = { dns: ['example.com', '*.example.com'], ip: ['10.0.0.1'] };
  assert.deepEqual(uncoveredParts('www.example.com', cert), []);
  assert.deepEqual(uncoveredParts('WWW.Example.COM.', cert), []);
  assert.deepEqual(uncoveredParts('a.b.example.com', cert), ['a.b.example.com']);
  assert.deepEqual(uncoveredParts('*.example.com', cert), []);
  assert.deepEqual(uncoveredParts('*.example.com', { dns: ['a.example.com', 'b.example.com'], ip: [] }), ['*.example.com']);
  assert.deepEqual(uncoveredParts('.example.com', cert), []);
  assert.deepEqual(uncoveredParts('.example.com', { dns: ['example.com'], ip: [] }), ['*.example.com']);
  assert.deepEqual(uncoveredParts('10.0.0.1', cert), []);
  assert.deepEqual(uncoveredParts('10.0.0.2', cert), ['10.0.0.2']);
});

test('private names: localhost, reserved TLDs, private and loopback IPs', () => {
  for (const n of ['localhost', 'a.test', '*.example.test', 'nas.local', 'db.internal', '10.1.2.3', '192.168.1.1', '172.20.0.1', '127.0.0.1', '::1', 'fd00::1']) assert.ok(isPrivateName(n), n);
  for (const n of ['example.com', 'www.example.org', '8.8.8.8', '172.32.0.1', '2001:db8::1', 'localhost.example.com']) assert.ok(!isPrivateName(n), n);
});

test('the common name counts only when the certificate has no SAN', { skip: !certFactoryAvailable() }, () => {
  const cnOnly = inspectCertificate(fs.readFileSync(scenarioFile('cn-only.pem')));
  assert.ok(cnOnly.ok);
  assert.deepEqual(certificateNames(cnOnly.certificate), { dns: ['cn.example.test'], ip: [] });
  const san = inspectCertificate(fs.readFileSync(scenarioFile('san.pem')));
  assert.ok(san.ok);
  assert.deepEqual(certificateNames(san.certificate).dns, ['shop.example.test', '*.api.example.test']);
});

test('time is a parameter: the same certificate is expiring, expired or not yet valid depending on "now"', { skip: !certFactoryAvailable() }, () => {
  const leaf = inspectCertificate(fs.readFileSync(scenarioFile('chain-ok.pem')));
  assert.ok(leaf.ok);
  const { notBefore, notAfter } = leaf.certificate;
  const cfg = server(8443, 'a.example.test', 'tls/chain-ok.pem', 'tls/leaf.key');
  const soon = new Date(notAfter.getTime() - 10.5 * 86_400_000);
  const expiring = lintConfig(cfg, TRUST, false, soon).findings.filter((f) => f.ruleId === 'cert-expiring');
  assert.equal(expiring.length, 1);
  assert.match(expiring[0].message, new RegExp(`expires on ${notAfter.toISOString().slice(0, 10)}, in 10 days`));
  assert.deepEqual(certIds(lintConfig(cfg, { ...TRUST, certificateExpiryDays: 7 }, false, soon).findings), []);
  assert.deepEqual(certIds(lintConfig(cfg, TRUST, false, new Date(notAfter.getTime() + 3 * 86_400_000)).findings), ['cert-expired']);
  assert.deepEqual(certIds(lintConfig(cfg, TRUST, false, new Date(notBefore.getTime() - 86_400_000)).findings), ['cert-not-yet-valid']);
  assert.deepEqual(certIds(lintConfig(cfg).findings), []);
});

test('cert-self-signed is info for private names and a warning for public ones', { skip: !certFactoryAvailable() }, () => {
  const { findings } = lintConfig(server(8443, 'www.example.com', 'tls/self-signed.crt', 'tls/leaf.key') + server(8444, 'localhost', '"tls/./self-signed.crt"', 'tls/leaf.key'));
  const self = findings.filter((f) => f.ruleId === 'cert-self-signed').map((f) => f.severity).sort();
  assert.deepEqual(self, ['info', 'warning']);
});

test('a DER certificate file is read; an encrypted key is neither unreadable nor a mismatch', { skip: !certFactoryAvailable() }, () => {
  const openssl = findBinary('openssl')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-der-'));
  try {
    const der = path.join(dir, 'leaf.der');
    const enc = path.join(dir, 'enc.key');
    assert.equal(runCommand(openssl, ['x509', '-in', scenarioFile('self-signed.crt'), '-outform', 'DER', '-out', der]).status, 0);
    assert.equal(runCommand(openssl, ['pkey', '-in', scenarioFile('leaf.key'), '-aes256', '-passout', 'pass:secret', '-out', enc]).status, 0);
    const { findings } = lintConfig(server(8443, 'localhost', der, enc));
    assert.deepEqual(certIds(findings), ['cert-self-signed']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('several certificates per server (RSA + ECDSA) are checked pair by pair', { skip: !certFactoryAvailable() }, () => {
  const both = `        ssl_certificate tls/weak-rsa1024.pem;\n        ssl_certificate_key tls/other.key;\n`;
  const { findings } = lintConfig(server(8443, 'a.example.test', 'tls/chain-ok.pem', 'tls/leaf.key', both));
  assert.deepEqual(certIds(findings), ['cert-key-mismatch', 'cert-weak-key']);
});

test('key mismatch and chain order agree with nginx -t', { skip: !certFactoryAvailable() }, (t) => {
  const cases: { cert: string; key: string; rejected: boolean }[] = [
    { cert: 'chain-ok.pem', key: 'leaf.key', rejected: false },
    { cert: 'chain-ok.pem', key: 'other.key', rejected: true },
    { cert: 'chain-reversed.pem', key: 'leaf.key', rejected: true },
    { cert: 'test.crt', key: 'test.key', rejected: false },
  ];
  const nginx = requireOracleOrSkip(t, 'nginx', { skipTest: false });
  for (const c of cases) {
    const { findings, dir } = lintConfig(server(8443, 'a.example.test', `tls/${c.cert}`, `tls/${c.key}`), TRUST, true);
    try {
      const ids = certIds(findings);
      assert.equal(ids.includes('cert-key-mismatch'), c.rejected, `${c.cert} + ${c.key}: ${ids.join(', ')}`);
      assert.equal(ids.includes('cert-chain-order'), c.cert === 'chain-reversed.pem');
      if (nginx) {
        const r = nginxCheckTree(dir, 'nginx.conf');
        assert.equal(!r.ok, c.rejected, `nginx -t on ${c.cert} + ${c.key}: ${r.message ?? 'ok'}`);
        if (c.rejected) assert.match(r.message ?? '', /key values mismatch/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('an upstream client certificate (proxy_ssl_certificate): key mismatch and validity agree with nginx -t; names and self-signedness are not judged', { skip: !certFactoryAvailable() }, (t) => {
  const nginx = requireOracleOrSkip(t, 'nginx', { skipTest: false });
  const cases: { cert: string; key: string; ids: string[]; rejected: boolean }[] = [
    { cert: 'chain-ok.pem', key: 'leaf.key', ids: [], rejected: false },
    { cert: 'chain-ok.pem', key: 'other.key', ids: ['cert-key-mismatch'], rejected: true },
    { cert: 'expired.pem', key: 'leaf.key', ids: ['cert-expired'], rejected: false },
    { cert: 'self-signed.crt', key: 'leaf.key', ids: [], rejected: false },
  ];
  for (const c of cases) {
    const upstream = `    server {\n        listen 127.0.0.1:8080;\n        location / {\n            proxy_pass https://127.0.0.1:9443;\n            proxy_ssl_certificate tls/${c.cert};\n            proxy_ssl_certificate_key tls/${c.key};\n        }\n    }\n`;
    const { findings, dir } = lintConfig(upstream, TRUST, true);
    try {
      assert.deepEqual(certIds(findings), c.ids, `${c.cert} + ${c.key}`);
      if (nginx) {
        const r = nginxCheckTree(dir, 'nginx.conf');
        assert.equal(!r.ok, c.rejected, `nginx -t on ${c.cert} + ${c.key}: ${r.message ?? 'ok'}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('no key material appears in any certificate finding', { skip: !certFactoryAvailable() }, () => {
  // Every base64 line of every key file, and of the certificate fixtures' keys.
  const keyLines = ['leaf.key', 'other.key', 'weak-rsa1024.key', 'test.key']
    .flatMap((k) => fs.readFileSync(scenarioFile(k), 'utf8').split('\n'))
    .filter((l) => l && !l.startsWith('-----'))
    .map((l) => l.slice(0, 24));
  const texts: string[] = [];
  for (const entry of fs.readdirSync(FIXTURES).filter((e) => /^(cert-|dhparam-|ocsp-no-responder)/.test(e))) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-nokey-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, entry), path.join(dir, 'nginx.conf'));
      copyScenarioFiles(path.join(dir, 'tls'));
      const findings = [...lintDir(dir, fixtureSettings(fs.readFileSync(path.join(dir, 'nginx.conf'), 'utf8'))).values()].flat();
      for (const f of findings) texts.push(JSON.stringify(f));
      assert.ok(configFiles(dir).length >= 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.ok(texts.length > 20, `findings collected: ${texts.length}`);
  const all = texts.join('\n');
  for (const line of keyLines) assert.ok(!all.includes(line), 'a finding contains key material');
  assert.ok(!/PRIVATE KEY-----/.test(all));
});

test('a bundle with trailing text is read; inline data: certificates are checked too', { skip: !certFactoryAvailable() }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-trailing-'));
  try {
    const trailing = path.join(dir, 'trailing.pem');
    fs.writeFileSync(trailing, fs.readFileSync(scenarioFile('chain-ok.pem'), 'utf8') + 'exported by some tool\n');
    assert.deepEqual(certIds(lintConfig(server(8443, 'a.example.test', trailing, 'tls/leaf.key')).findings), []);
    // The expired leaf inline: nginx ≥ 1.15.10 reads `data:` PEM from the argument itself.
    const pem = `"data:${fs.readFileSync(scenarioFile('expired.pem'), 'utf8')}"`;
    const ids = certIds(lintConfig(server(8444, 'a.example.test', pem, 'tls/leaf.key')).findings);
    assert.ok(ids.includes('cert-expired'), ids.join(', '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
