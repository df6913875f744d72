// Linting `nginx -T` output: real dumps captured at test time from the local nginx (skipped when nginx
// cannot run here, failing under TLSLINT_REQUIRE_ORACLES=1). Findings must name the files nginx read,
// under their original absolute paths, even when those files no longer exist locally.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasBinary, oracleOrSkip, oraclesRequired } from '../helpers/oracle';
import { makeTestCertificate } from '../helpers/nginxOracle';
import { splitNginxDump } from '../../server/src/engine/syntax/nginxDump';
import { nginxDump, nginxDumpTree, runCli, tempTree } from './helpers';
import { sarifProblems } from './sarifCheck';

interface JsonReport {
  file: string;
  findings: { ruleId: string; line: number; column: number }[];
}

const SITE = `server {
    listen 127.0.0.1:443;
    server_name localhost;
    ssl_certificate     tls/test.crt;
    ssl_certificate_key tls/test.key;
    add_header Strict-Transport-Security "max-age=63072000";
}
`;

/** Capture `nginx -T` of a small tree, then delete the tree: only the dump is left. */
function capturedDump(t: import('node:test').TestContext): { stdout: string; stderr: string; root: string } | undefined {
  if (!oracleOrSkip(t, 'nginx')) return undefined;
  if (!hasBinary('openssl')) {
    if (oraclesRequired()) throw new Error('openssl is required to make the test certificate');
    t.skip('openssl not installed: nginx -T needs a real certificate');
    return undefined;
  }
  const tree = tempTree({
    'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include sites-enabled/*;\n}\n',
    'conf.d/tls.conf': 'ssl_protocols TLSv1 TLSv1.2;\n',
    'sites-enabled/site': SITE,
  });
  try {
    makeTestCertificate(path.join(tree.dir, 'tls'), 'test');
    const run = nginxDumpTree(tree.dir);
    assert.equal(run.status, 0, `nginx -T failed: ${run.stderr}`);
    return { stdout: run.stdout, stderr: run.stderr, root: tree.dir };
  } finally {
    tree.cleanup();
  }
}

function byFile(reports: JsonReport[]): Record<string, string[]> {
  return Object.fromEntries(reports.map((r) => [r.file, r.findings.map((f) => f.ruleId)]));
}

test('nginx -T on stdin: findings under the original file names, from the dump alone', (t) => {
  const dump = capturedDump(t);
  if (!dump) return;
  const cwd = tempTree();
  try {
    assert.ok(!fs.existsSync(dump.root), 'the configuration is gone; only the dump remains');
    const site = path.join(dump.root, 'sites-enabled/site');
    const tls = path.join(dump.root, 'conf.d/tls.conf');
    // Auto-detected with --stdin (stdout only, as `nginx -T 2>/dev/null | tlslint --stdin`).
    const r = runCli(['--stdin', '--format', 'json'], { cwd: cwd.dir, input: dump.stdout });
    assert.equal(r.status, 1, r.stderr);
    const files = byFile(JSON.parse(r.stdout) as JsonReport[]);
    assert.deepEqual(Object.keys(files).sort(), [tls, path.join(dump.root, 'nginx.conf'), site].sort());
    assert.ok(files[site].includes('listen-ssl-missing'), JSON.stringify(files));
    assert.ok(files[site].includes('hsts-not-always'), JSON.stringify(files));
    assert.ok(files[tls].includes('protocol-deprecated'), JSON.stringify(files));
    assert.ok(!Object.values(files).flat().includes('include-unresolved'), 'includes resolve inside the dump');
    // The position is the one in the original file.
    const listen = (JSON.parse(r.stdout) as JsonReport[]).find((x) => x.file === site)!.findings.find((f) => f.ruleId === 'listen-ssl-missing')!;
    assert.deepEqual([listen.line, listen.column], [2, 12]);

    // `nginx -T 2>&1` (status lines first) with --nginx-dump: the same.
    const merged = runCli(['--nginx-dump', '--format', 'json'], { cwd: cwd.dir, input: dump.stderr + dump.stdout });
    assert.deepEqual(byFile(JSON.parse(merged.stdout) as JsonReport[]), files);
    // From a file, and auto-detected from the status line alone.
    fs.writeFileSync(path.join(cwd.dir, 'dump.txt'), dump.stderr + dump.stdout);
    const fromFile = runCli(['--nginx-dump', '--format', 'json', 'dump.txt'], { cwd: cwd.dir });
    assert.deepEqual(byFile(JSON.parse(fromFile.stdout) as JsonReport[]), files);
    const auto = runCli(['-', '--format', 'json'], { cwd: cwd.dir, input: dump.stderr + dump.stdout });
    assert.deepEqual(byFile(JSON.parse(auto.stdout) as JsonReport[]), files);

    // Text and SARIF name the same files.
    const text = runCli(['--stdin'], { cwd: cwd.dir, input: dump.stdout });
    assert.match(text.stdout, new RegExp(`^${site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    const sarif = JSON.parse(runCli(['--stdin', '--format', 'sarif'], { cwd: cwd.dir, input: dump.stdout }).stdout) as any;
    assert.deepEqual(sarifProblems(sarif), []);
    const uris = new Set(sarif.runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(uris.has(`file://${site}`), [...uris].join(', '));
  } finally {
    cwd.cleanup();
  }
});

test('nginx -T input: --fix is refused, --fix-dry-run shows the fixes against the original names', (t) => {
  const dump = capturedDump(t);
  if (!dump) return;
  const cwd = tempTree();
  try {
    const fix = runCli(['--nginx-dump', '--fix'], { cwd: cwd.dir, input: dump.stdout });
    assert.equal(fix.status, 2);
    assert.match(fix.stderr, /--fix cannot write into nginx -T output/);
    const dry = runCli(['--nginx-dump', '--fix-dry-run'], { cwd: cwd.dir, input: dump.stdout });
    const site = path.join(dump.root, 'sites-enabled/site');
    assert.ok(dry.stdout.includes(`--- a${site}\n+++ b${site}\n`), dry.stdout);
    assert.match(dry.stdout, /^\+    listen 127\.0\.0\.1:443 ssl;$/m);
  } finally {
    cwd.cleanup();
  }
});

test('input that is not nginx -T output: exit 2 with the reason', () => {
  const cwd = tempTree();
  try {
    const failed = 'nginx: [emerg] unknown directive "ssl_protocol" in /etc/nginx/nginx.conf:12\nnginx: configuration file /etc/nginx/nginx.conf test failed\n';
    const r = runCli(['--nginx-dump'], { cwd: cwd.dir, input: failed });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nginx reported: unknown directive "ssl_protocol" in \/etc\/nginx\/nginx\.conf:12/);
    assert.match(r.stderr, /holds no configuration file/);
  } finally {
    cwd.cleanup();
  }
});

test('nginx -T of the stock configuration: findings under /etc/nginx/…', (t) => {
  if (!oracleOrSkip(t, 'nginx')) return;
  if (!fs.existsSync('/etc/nginx/nginx.conf')) {
    t.skip('no stock /etc/nginx/nginx.conf here');
    return;
  }
  const run = nginxDump([]);
  assert.equal(run.status, 0, run.stderr);
  const dumped = splitNginxDump(run.stdout).files;
  const cwd = tempTree();
  try {
    const r = runCli(['--stdin', '--format', 'json'], { cwd: cwd.dir, input: run.stderr + run.stdout });
    assert.notEqual(r.status, 2, r.stderr);
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(reports.map((x) => x.file), dumped.map((f) => f.path));
    assert.equal(reports[0].file, '/etc/nginx/nginx.conf');
    // Debian's stock nginx.conf still enables TLS 1.0 and 1.1.
    const main = dumped[0].text;
    if (/^\s*ssl_protocols[^;]*\bTLSv1\b/m.test(main)) {
      assert.ok(reports[0].findings.some((f) => f.ruleId === 'protocol-deprecated'), JSON.stringify(reports[0]));
    }
  } finally {
    cwd.cleanup();
  }
});
