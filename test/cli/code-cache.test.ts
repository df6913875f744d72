// The CLI's start-up code cache (scripts/cli-code-cache.mjs, loaded by bin/tlslint.js): the build's
// cache fits the bundle (V8 accepts it), and a cache that does not fit changes nothing but speed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';

const root = path.resolve(__dirname, '..', '..', '..');
const bundle = path.join(root, 'server', 'dist', 'cli.js');

test('the build leaves a code cache V8 accepts for the bundled CLI', { skip: fs.existsSync(bundle) ? false : 'no bundle (run npm run build)' }, () => {
  const cachedData = fs.readFileSync(bundle + '.cache');
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  assert.equal(script.cachedDataRejected, false, 'stale or foreign cache: scripts/cli-code-cache.mjs must run after the bundle is written');
});

test('a code cache that does not fit the bundle is ignored: same output, same exit code', { skip: fs.existsSync(bundle) ? false : 'no bundle (run npm run build)' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-cache-'));
  try {
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.mkdirSync(path.join(tmp, 'server', 'dist'), { recursive: true });
    fs.copyFileSync(path.join(root, 'bin', 'tlslint.js'), path.join(tmp, 'bin', 'tlslint.js'));
    fs.copyFileSync(bundle, path.join(tmp, 'server', 'dist', 'cli.js'));
    const conf = path.join(tmp, 'nginx.conf');
    fs.writeFileSync(conf, 'events {}\nhttp {\n  server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.2;\n  }\n}\n');
    const run = () => spawnSync(process.execPath, [path.join(tmp, 'bin', 'tlslint.js'), '--format', 'json', conf], { encoding: 'utf8' });
    const reference = spawnSync(process.execPath, [path.join(root, 'bin', 'tlslint.js'), '--format', 'json', conf], { encoding: 'utf8' });
    assert.equal(reference.status, 1, reference.stderr);
    assert.ok(JSON.parse(reference.stdout)[0].findings.some((f: { ruleId: string }) => f.ruleId === 'protocol-deprecated'));
    for (const cache of [undefined, Buffer.from('not a code cache'), fs.readFileSync(bundle + '.cache').subarray(0, 1000)]) {
      if (cache) fs.writeFileSync(path.join(tmp, 'server', 'dist', 'cli.js.cache'), cache);
      const r = run();
      assert.equal(r.status, reference.status, r.stderr);
      assert.equal(r.stdout.replaceAll(tmp, '<tmp>'), reference.stdout.replaceAll(tmp, '<tmp>'));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
