// Benchmarks (not tests): cipher-string expansion throughput and a full lint of generated nginx trees.
// `npm run bench` prints a table and writes bench/results/latest.json. Build first (`npm run build`).
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = (p) => join(root, 'server', 'out', p);
const { expandCipherString } = require(out('engine/tls/ciphers/expand.js'));
const { Engine } = require(out('engine/engine.js'));
const { MemoryFileSystem } = require(out('engine/fs.js'));
const { normalizeSettings } = require(out('engine/settings.js'));

function timeIt(fn, minMs = 1000) {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  return { runs: n, ms: elapsed, perSecond: (n / elapsed) * 1000 };
}

const results = { machine: { cpus: os.cpus().length, node: process.version }, ciphers: [], lint: [] };

const STRINGS = {
  'nginx default (HIGH:!aNULL:!MD5)': 'HIGH:!aNULL:!MD5',
  'Mozilla intermediate 6.0': 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  'tutorial (EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH)': 'EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH',
  'ALL:COMPLEMENTOFALL:@STRENGTH': 'ALL:COMPLEMENTOFALL:@STRENGTH',
};
for (const [label, str] of Object.entries(STRINGS)) {
  const t = timeIt(() => expandCipherString(str));
  results.ciphers.push({ string: label, expansionsPerSecond: Math.round(t.perSecond), suites: expandCipherString(str).ciphers.length });
}

function tree(n) {
  const files = { '/b/nginx.conf': 'events {}\nhttp {\n  ssl_protocols TLSv1.2 TLSv1.3;\n  include sites/*.conf;\n}\n' };
  for (let i = 0; i < n; i++) {
    files[`/b/sites/s${String(i).padStart(5, '0')}.conf`] =
      `server {\n  listen 443 ssl;\n  server_name s${i}.example.com;\n  ssl_certificate tls/a.crt;\n  ssl_certificate_key tls/a.key;\n  add_header Strict-Transport-Security "max-age=63072000" always;\n  location / { proxy_pass https://up${i}.example.com; }\n}\n`;
  }
  return files;
}
for (const n of [100, 1000]) {
  const files = tree(n);
  const fs = new MemoryFileSystem(files);
  const all = Object.keys(files);
  const settings = normalizeSettings({});
  const engine = new Engine();
  const cold = timeIt(() => new Engine().lint({ fs, files: all, workspaceFiles: all, settings }), 0);
  engine.lint({ fs, files: all, workspaceFiles: all, settings });
  const warm = timeIt(() => engine.lint({ fs, files: all, workspaceFiles: all, settings }), 2000);
  const lines = Object.values(files).reduce((a, t) => a + t.split('\n').length, 0);
  results.lint.push({ vhosts: n, lines, coldMs: Math.round(cold.ms), warmMeanMs: Math.round(warm.ms / warm.runs) });
}

console.log('cipher-string expansion (OpenSSL 3.0 rules, security level 2)');
console.table(results.ciphers);
console.log('full lint of a generated nginx tree (in memory, all rules)');
console.table(results.lint);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
