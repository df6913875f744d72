#!/usr/bin/env node
// The packaged extension: build the .vsix (npm run package, offline), check what it holds and its size,
// install it with code-server's `--install-extension`, then
//   1. run the extension-host suite on the installed files (catches files .vscodeignore leaves out and
//      bundles that need something not shipped), and
//   2. run the click-through test with the extension installed, loaded the way users get it.
//
//   node test/vscode/vsix.mjs [--vsix=<file>]     (default: package this checkout)
// Exit: 0 passed, 1 failed, 3 the editor cannot start here.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exitIfEditorMissing, installVsix } from './codeServer.mjs';
import { copyWorkspace, ROOT } from './paths.mjs';

/** The vsix must stay small: it is two bundles, grammars and docs. */
const MAX_BYTES = 1024 * 1024;
const REQUIRED = ['extension/package.json', 'extension/client/dist/extension.js', 'extension/server/dist/server.js', 'extension/syntaxes/nginx.tmLanguage.json', 'extension/syntaxes/apache.tmLanguage.json', 'extension/syntaxes/squid.tmLanguage.json', 'extension/readme.md', 'extension/LICENSE.txt'];
const FORBIDDEN = [/^extension\/node_modules\//, /^extension\/(client|server)\/src\//, /^extension\/out\//, /^extension\/test\//, /^extension\/docs\/images\//, /^extension\/\.vscode-test\//, /\.map$/, /\.ts$/];

exitIfEditorMissing();

/** Entry names from a zip's central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLen = buf.readUInt16LE(p + 28);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return names;
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? '✔' : '✖'} ${name}${ok || !detail ? '' : `\n    ${detail}`}`);
  return ok;
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit', timeout: 300_000 });
  return r.status ?? 1;
}

const started = Date.now();
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
let vsix = process.argv.find((a) => a.startsWith('--vsix='))?.slice(7);
if (!vsix) {
  vsix = path.join(ROOT, `tlslint-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  check('npm run package builds the .vsix offline', run('npm', ['run', '--silent', 'package']) === 0 && fs.existsSync(vsix), 'npm run package failed');
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-vsix-'));
try {
  if (!failed) {
    const size = fs.statSync(vsix).size;
    console.log(`  ${path.basename(vsix)}: ${(size / 1024).toFixed(1)} KB`);
    check(`the .vsix is under ${MAX_BYTES / 1024} KB`, size < MAX_BYTES, `${size} bytes`);
    const entries = zipEntries(vsix);
    const absent = REQUIRED.filter((r) => !entries.includes(r));
    check('it holds the bundles, grammars, manifest, README and LICENSE', absent.length === 0, `missing: ${absent.join(', ')}`);
    const extra = entries.filter((e) => FORBIDDEN.some((f) => f.test(e)));
    check('it holds no sources, tests, source maps, screenshots or node_modules', extra.length === 0, `unexpected: ${extra.slice(0, 10).join(', ')}`);

    const extensionsDir = path.join(scratch, 'extensions');
    const install = installVsix(vsix, extensionsDir, path.join(scratch, 'cli'));
    const installed = path.join(extensionsDir, `tlslint.tlslint-${version}`);
    check('code-server --install-extension installs it', install.status === 0 && fs.existsSync(path.join(installed, 'package.json')), install.output.trim());

    if (!failed) {
      const workspace = copyWorkspace(path.join(scratch, 'workspace'));
      const suite = path.join(ROOT, 'out', 'vscode-test', 'vscode', 'suite', 'index.js');
      const code = run(process.execPath, [path.join(ROOT, 'test', 'vscode', 'run.mjs'), `--extensionDevelopmentPath=${installed}`, `--extensionTestsPath=${suite}`, workspace], {
        TLSLINT_VSCODE_EXTENSION_PATH: installed,
        TLSLINT_VSCODE_RESULTS: path.join(ROOT, 'test-results', 'vsix'),
        TLSLINT_VSCODE_DIALECTS: process.env.TLSLINT_VSCODE_DIALECTS ?? 'nginx,apache,squid',
      });
      check('the extension-host suite passes on the installed files', code === 0, `exit code ${code}`);
      const e2e = run(process.execPath, [path.join(ROOT, 'test', 'e2e', 'clickthrough.mjs'), `--extensions-dir=${extensionsDir}`]);
      check('the click-through passes with the installed extension', e2e === 0, `exit code ${e2e}`);
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(`vsix test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`vsix: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
