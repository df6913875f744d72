// Apache certificates against the real httpd: `apache2 -t` does not load certificates and keys (mod_ssl
// does it in post_config), so each scenario is started for real (foreground, 127.0.0.1, a free high port,
// stopped right after) and tlslint's startup-fatal certificate findings (cert-key-mismatch,
// cert-chain-order, cert-key-missing) must agree with whether httpd starts. The scenarios cover key/
// certificate pairing by order (RSA + ECDSA), a key inside the certificate file, a reversed chain, a
// foreign key and a missing key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { hasBinary, requireOracleOrSkip } from '../helpers/oracle';
import { apacheCheckFile, apacheStart } from '../helpers/apacheOracle';
import { copyScenarioFiles } from '../helpers/certFactory';

/** [name, SSLCertificateFile/SSLCertificateKeyFile lines, whether httpd should start] */
const SCENARIOS: [string, string[], boolean][] = [
  ['matching EC pair', ['SSLCertificateFile tls/chain-ok.pem', 'SSLCertificateKeyFile tls/leaf.key'], true],
  ['RSA and ECDSA pairs, by order', ['SSLCertificateFile tls/test.crt', 'SSLCertificateKeyFile tls/test.key', 'SSLCertificateFile tls/chain-ok.pem', 'SSLCertificateKeyFile tls/leaf.key'], true],
  ['key inside the certificate file', ['SSLCertificateFile tls/combined.pem'], true],
  ['foreign key', ['SSLCertificateFile tls/chain-ok.pem', 'SSLCertificateKeyFile tls/other.key'], false],
  ['reversed chain (intermediate first)', ['SSLCertificateFile tls/chain-reversed.pem', 'SSLCertificateKeyFile tls/leaf.key'], false],
  ['no key at all', ['SSLCertificateFile tls/chain-ok.pem'], false],
  ['RSA and ECDSA keys swapped', ['SSLCertificateFile tls/test.crt', 'SSLCertificateKeyFile tls/leaf.key', 'SSLCertificateFile tls/chain-ok.pem', 'SSLCertificateKeyFile tls/test.key'], false],
];

const FATAL = new Set(['cert-key-mismatch', 'cert-chain-order', 'cert-key-missing']);

test('certificate/key findings agree with a real httpd start', async (t) => {
  if (!requireOracleOrSkip(t, 'apache2')) return;
  if (!hasBinary('openssl')) {
    t.skip('openssl not installed: no certificates can be generated');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apcert-'));
  try {
    const tls = path.join(dir, 'tls');
    fs.mkdirSync(tls);
    copyScenarioFiles(tls);
    fs.writeFileSync(path.join(tls, 'combined.pem'), fs.readFileSync(path.join(tls, 'chain-ok.pem'), 'utf8') + fs.readFileSync(path.join(tls, 'leaf.key'), 'utf8'));
    const disagreements: string[] = [];
    for (const [name, lines, starts] of SCENARIOS) {
      const file = path.join(dir, 'apache2.conf');
      fs.writeFileSync(file, ['<VirtualHost *:443>', '    ServerName a.example.test', '    SSLEngine on', ...lines.map((l) => `    ${l}`), '</VirtualHost>', ''].join('\n'));
      const settings = normalizeSettings({ extraTrustedCertificates: [path.join(tls, 'root.crt')] });
      const findings = [...new Engine().lint({ fs: new NodeFileSystem(), settings, files: [file], workspaceFiles: [file], dialect: 'apache' }).findings.values()].flat();
      const fatal = findings.filter((f) => FATAL.has(f.ruleId));
      const checked = apacheCheckFile(dir, file);
      assert.ok(checked.ok, `${name}: apache2 -t accepts it (it does not load keys): ${checked.message}`);
      const run = await apacheStart(dir, file);
      assert.ok(!run.timedOut, `${name}: httpd neither started nor failed in time`);
      if (run.ok !== starts) disagreements.push(`${name}: expected httpd to ${starts ? 'start' : 'fail'}; it ${run.ok ? 'started' : `failed: ${run.message}`}`);
      if ((fatal.length === 0) !== run.ok) {
        disagreements.push(`${name}: httpd ${run.ok ? 'starts' : `fails (${run.message})`} but tlslint reports ${fatal.map((f) => `${f.ruleId}: ${f.message}`).join('; ') || 'nothing fatal'}`);
      }
    }
    assert.deepEqual(disagreements, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cert-missing agrees with a real httpd start, the main server included', async (t) => {
  if (!requireOracleOrSkip(t, 'apache2')) return;
  if (!hasBinary('openssl')) {
    t.skip('openssl not installed: no certificates can be generated');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apmissing-'));
  try {
    const tls = path.join(dir, 'tls');
    fs.mkdirSync(tls);
    copyScenarioFiles(tls);
    const vhost = '<VirtualHost *:443>\n    ServerName a.example.test\n    SSLCertificateFile tls/chain-ok.pem\n    SSLCertificateKeyFile tls/leaf.key\n</VirtualHost>\n';
    const cases: [string, string][] = [
      ['SSLEngine on in the server config, certificate only in the vhost', `SSLEngine on\n${vhost}`],
      ['SSLEngine on and a certificate in the server config', 'SSLEngine on\nSSLCertificateFile tls/chain-ok.pem\nSSLCertificateKeyFile tls/leaf.key\n'],
      ['SSLEngine on in a vhost without certificate', '<VirtualHost *:443>\n    ServerName b.example.test\n    SSLEngine on\n</VirtualHost>\n'],
      ['SSLEngine on in a vhost with its certificate', `<VirtualHost *:443>\n    ServerName a.example.test\n    SSLEngine on\n    SSLCertificateFile tls/chain-ok.pem\n    SSLCertificateKeyFile tls/leaf.key\n</VirtualHost>\n`],
    ];
    const disagreements: string[] = [];
    for (const [name, text] of cases) {
      const file = path.join(dir, 'apache2.conf');
      fs.writeFileSync(file, text);
      const findings = [...new Engine().lint({ fs: new NodeFileSystem(), settings: normalizeSettings({}), files: [file], workspaceFiles: [file], dialect: 'apache' }).findings.values()].flat();
      const missing = findings.filter((f) => f.ruleId === 'cert-missing');
      const run = await apacheStart(dir, file);
      assert.ok(!run.timedOut, `${name}: httpd neither started nor failed in time`);
      if ((missing.length === 0) !== run.ok) disagreements.push(`${name}: httpd ${run.ok ? 'starts' : `fails (${run.message})`}, tlslint reports ${missing.length} cert-missing`);
    }
    assert.deepEqual(disagreements, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ocsp-no-resolver (SSLUseStapling without SSLStaplingCache) agrees with a real httpd start', async (t) => {
  if (!requireOracleOrSkip(t, 'apache2')) return;
  if (!hasBinary('openssl')) {
    t.skip('openssl not installed: no certificates can be generated');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apstapling-'));
  try {
    const tls = path.join(dir, 'tls');
    fs.mkdirSync(tls);
    copyScenarioFiles(tls);
    const vhost = '<VirtualHost *:443>\n    ServerName a.example.test\n    SSLEngine on\n    SSLCertificateFile tls/ocsp.pem\n    SSLCertificateKeyFile tls/leaf.key\n    SSLUseStapling on\n</VirtualHost>\n';
    for (const [name, text] of [['without a stapling cache', vhost], ['with a stapling cache', `SSLStaplingCache shmcb:${dir}/ocsp(32768)\n${vhost}`]]) {
      const file = path.join(dir, 'apache2.conf');
      fs.writeFileSync(file, text);
      const findings = [...new Engine().lint({ fs: new NodeFileSystem(), settings: normalizeSettings({}), files: [file], workspaceFiles: [file], dialect: 'apache' }).findings.values()].flat();
      const reported = findings.some((f) => f.ruleId === 'ocsp-no-resolver');
      const run = await apacheStart(dir, file);
      assert.ok(!run.timedOut, `${name}: httpd neither started nor failed in time`);
      assert.equal(reported, !run.ok, `${name}: httpd ${run.ok ? 'starts' : `fails (${run.message})`}, tlslint ${reported ? 'reports' : 'does not report'} ocsp-no-resolver`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
