import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../server/src/engine/model/workspace';
import { checkKeyFile, loadCertificates, loadDhParams, resolveConfigPath } from '../../server/src/engine/model/configFiles';
import { normalizeSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { MemoryFileSystem, type FileSystem } from '../../server/src/engine/fs';
import { requireOracleOrSkip } from '../helpers/oracle';

function emptyWorkspace(fsys: FileSystem = new NodeFileSystem(), settings: unknown = {}): Workspace {
  return new Workspace({ fs: fsys, settings: normalizeSettings(settings), files: [] });
}

test('paths: relative to the prefix, through mappings; variables, data: and engine keys are not files', () => {
  const ws = emptyWorkspace(new MemoryFileSystem({ '/repo/deploy/tls/a.crt': 'x' }), { pathMappings: { '/etc/nginx': '/repo/deploy' } });
  assert.deepEqual(resolveConfigPath(ws, 'tls/a.crt', '/etc/nginx'), { kind: 'file', path: '/repo/deploy/tls/a.crt', serverPath: '/etc/nginx/tls/a.crt' });
  assert.equal(resolveConfigPath(ws, '/certs/$ssl_server_name.crt', '/etc/nginx').kind, 'variable');
  assert.deepEqual(resolveConfigPath(ws, 'data:-----BEGIN CERTIFICATE-----', '/etc/nginx'), { kind: 'data', content: '-----BEGIN CERTIFICATE-----' });
  assert.equal(resolveConfigPath(ws, 'engine:pkcs11:id', '/etc/nginx').kind, 'engine');
});

test('certificate files: ok, missing, a directory, or not a certificate; keys compared with their certificate', (t) => {
  if (!requireOracleOrSkip(t, 'openssl')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-files-'));
  try {
    const gen = (name: string) => {
      const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '3', '-subj', `/CN=${name}`, '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.crt`)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    gen('a');
    gen('b');
    fs.writeFileSync(path.join(dir, 'garbage.crt'), 'not a certificate\n');
    fs.mkdirSync(path.join(dir, 'adir'));
    const ws = emptyWorkspace();
    const a = loadCertificates(ws, path.join(dir, 'a.crt'));
    assert.equal(a.status, 'ok');
    assert.equal(a.status === 'ok' && a.value.certificates[0].subject.commonName, 'a');
    assert.equal(loadCertificates(ws, path.join(dir, 'nope.crt')).status, 'missing');
    assert.equal(loadCertificates(ws, path.join(dir, 'adir')).status, 'directory');
    assert.equal(loadCertificates(ws, path.join(dir, 'garbage.crt')).status, 'unreadable');
    const bundle = a.status === 'ok' ? a.value : undefined;
    const own = checkKeyFile(ws, path.join(dir, 'a.key'), bundle);
    assert.equal(own.status === 'ok' && own.value.matches, true);
    const other = checkKeyFile(ws, path.join(dir, 'b.key'), bundle);
    assert.equal(other.status === 'ok' && other.value.matches, false);
    assert.equal(checkKeyFile(ws, path.join(dir, 'a.crt'), bundle).status, 'unreadable', 'a certificate is not a key');
    // Nothing of the key reaches the result.
    const keyText = fs.readFileSync(path.join(dir, 'a.key'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    assert.ok(!JSON.stringify(own).includes(keyText.slice(0, 24)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DH parameter files: prime size, or why not', (t) => {
  if (!requireOracleOrSkip(t, 'openssl')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-dh-'));
  try {
    const r = spawnSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'dh_param:ffdhe2048', '-out', path.join(dir, 'dh.pem')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    fs.writeFileSync(path.join(dir, 'bad.pem'), '-----BEGIN DH PARAMETERS-----\nAAAA\n-----END DH PARAMETERS-----\n');
    const ws = emptyWorkspace();
    const ok = loadDhParams(ws, path.join(dir, 'dh.pem'));
    assert.equal(ok.status === 'ok' && ok.value.primeBits, 2048);
    assert.equal(loadDhParams(ws, path.join(dir, 'bad.pem')).status, 'unreadable');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
