// Installs the VS Code that the editor tests run in: code-server's npm package, which carries VS Code's
// server and web workbench (code-server 4.100.3 = VS Code 1.100.3, the newest that runs on Node 20).
// It goes into .vscode-test/code-server/, apart from the extension's own dependencies, and is kept there
// between runs. Offline-safe: @vscode/ripgrep's download is answered from a seeded cache (Debian's rg).
//
//   node test/vscode/install-code-server.mjs          install when missing, print the VS Code folder
// TLSLINT_CODE_SERVER_DIR installs elsewhere (CI keeps it in a cache folder outside the clone).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, codeServerPaths } from './paths.mjs';

const { prefix, vscodeDir, serverMain } = codeServerPaths();

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(prefix, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** @vscode/ripgrep's postinstall looks in this cache before it tries GitHub. */
function seedRipgrepCache(tmp) {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => fs.existsSync(p));
  if (!rg) throw new Error('ripgrep is not installed (Debian: apt-get install ripgrep); @vscode/ripgrep would try to download it');
  const cache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  const r = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
  fs.rmSync(staging, { recursive: true, force: true });
  if (r.status !== 0) throw new Error('could not build the ripgrep cache tarball');
}

// Written last, so an install that was cut short is done again.
const marker = path.join(prefix, `.installed-${CODE_SERVER_VERSION}`);
if (installedVersion() === CODE_SERVER_VERSION && fs.existsSync(serverMain) && fs.existsSync(marker)) {
  console.log(vscodeDir);
  process.exit(0);
}

const started = Date.now();
fs.mkdirSync(prefix, { recursive: true });
fs.writeFileSync(
  path.join(prefix, 'package.json'),
  JSON.stringify({ name: 'tlslint-vscode-test', private: true, description: 'code-server for the editor tests; not part of the extension' }, null, 2) + '\n',
);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-code-server-install-'));
seedRipgrepCache(tmp);
const env = {
  ...process.env,
  TMPDIR: tmp,
  // As root, code-server's postinstall refuses to run without these (node-pty builds through `npx node-gyp`).
  npm_config_unsafe_perm: 'true',
  npm_config_yes: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
// node-gyp builds the native modules against the installed Node's headers instead of downloading them.
if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h') && process.execPath.startsWith('/usr/')) env.npm_config_nodedir = '/usr';
const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: prefix, env, stdio: ['ignore', 'inherit', 'inherit'] });
fs.rmSync(tmp, { recursive: true, force: true });
if (r.status !== 0 || !fs.existsSync(serverMain)) {
  console.error(`code-server ${CODE_SERVER_VERSION} did not install into ${prefix} (npm exit ${r.status})`);
  process.exit(1);
}
fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
console.error(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(vscodeDir);
