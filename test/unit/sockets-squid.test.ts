// Squid ports in the socket model: one entry per http_port/https_port, across included files, keyed by
// address and port, with the port's TLS; and what listen-options-conflict makes of overlapping ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Engine } from '../../server/src/engine/engine';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { sockets, socketLabel, socketsOf } from '../../server/src/engine/model/sockets';
import { configFiles } from '../helpers/fixtures';

test('Squid ports become sockets across included files; overlapping ones are reported with the earlier port as related', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-sqsock-')));
  try {
    fs.mkdirSync(path.join(dir, 'conf.d'));
    fs.writeFileSync(path.join(dir, 'squid.conf'), `http_port 3128\nhttp_port [::1]:3130\ninclude ${dir}/conf.d/*.conf\n`);
    fs.writeFileSync(path.join(dir, 'conf.d', 'tls.conf'), 'https_port 127.0.0.1:3129 tls-cert=/nonexistent.pem\nhttp_port 3128 ssl-bump tls-cert=/nonexistent.pem\nhttp_port 127.0.0.1:3130\n');
    const files = configFiles(dir);
    const result = new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: normalizeSettings({ baseDir: dir }) });
    const got = sockets(result.workspace)
      // conf.d/tls.conf has ports, so Squid's support makes it a root of its own too: look at squid.conf's.
      .filter((s) => s.dialect === 'squid' && path.basename(s.root.file) === 'squid.conf')
      .map((s) => `${s.protocol} ${socketLabel(s)} ${s.hosts.map((h) => `${path.basename(h.block.file)}:${h.block.range.start.line + 1}`).join(',')} tls=${s.tls}`)
      .sort();
    assert.deepEqual(got, ['proxy *:3128 squid.conf:1,tls.conf:2 tls=true', 'proxy 127.0.0.1:3129 tls.conf:1 tls=true', 'proxy 127.0.0.1:3130 tls.conf:3 tls=false', 'proxy [::1]:3130 squid.conf:2 tls=false']);
    const conflicts = [...result.findings.values()].flat().filter((f) => f.ruleId === 'listen-options-conflict');
    // 3128 twice; [::1]:3130 and 127.0.0.1:3130 are different addresses.
    assert.deepEqual(conflicts.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} → ${path.basename(f.related![0].file)}:${f.related![0].range.start.line + 1}`), ['tls.conf:2 → squid.conf:1']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('socketsOf gives each dialect\'s sockets as sockets() orders them, without the other dialects\' hosts', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-sockof-')));
  try {
    fs.mkdirSync(path.join(dir, 'nginx'));
    fs.mkdirSync(path.join(dir, 'squid'));
    fs.writeFileSync(path.join(dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n  server { listen 443 ssl; listen [::]:443 ssl; server_name a; }\n  server { listen 443 ssl; listen [::]:443 ssl; server_name b; }\n  server { listen 80; }\n}\n');
    fs.writeFileSync(path.join(dir, 'squid', 'squid.conf'), 'http_port 3128\nhttps_port 3129 tls-cert=/nonexistent.pem\nhttp_port 3128 ssl-bump\n');
    const files = configFiles(dir);
    const ws = new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: normalizeSettings({ baseDir: dir }) }).workspace;
    const shape = (list: ReturnType<typeof sockets>) => list.map((s) => `${s.key} ${s.hosts.map((h) => h.label).join(',')} tls=${s.tls} default=${s.default.label}`);
    for (const dialect of ['nginx', 'apache', 'squid'] as const) {
      assert.deepEqual(shape(socketsOf(ws, dialect)), shape(sockets(ws).filter((s) => s.dialect === dialect)), dialect);
      assert.ok(socketsOf(ws, dialect).every((s) => s.dialect === dialect && s.hosts.every((h) => h.dialect === dialect)));
    }
    assert.equal(socketsOf(ws, 'nginx').length, 3);
    assert.equal(socketsOf(ws, 'squid').length, 2);
    assert.equal(socketsOf(ws, 'nginx'), socketsOf(ws, 'nginx'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
