// Start VS Code's server (from code-server's package) and a headless chromium that opens its workbench.
// Used by the extension-host runner (run.mjs), the click-through test and the .vsix test.
// Every process is started in its own process group and the whole group is killed at the end:
// the server's helpers (extension host, pty host, file watcher) outlive it otherwise.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromiumPath, codeServerPaths } from './paths.mjs';

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

function killGroup(child, signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Groups still running when this process ends (a failure, a timeout of ours or a signal from the caller)
// are killed on the way out: an exit handler can still send signals.
const liveGroups = new Set();
process.once('exit', () => {
  for (const child of liveGroups) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

/** Kill a process group: TERM, then KILL after a grace period. Resolves once the leader has exited. */
export async function stopGroup(child, graceMs = 3000) {
  if (!child?.pid) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  // Helpers that ignored TERM go with the group.
  await new Promise((r) => setTimeout(r, 200));
  killGroup(child, 'SIGKILL');
  clearTimeout(timer);
  liveGroups.delete(child);
}

/** Why the editor cannot start here, or undefined when it can. */
export function editorMissing() {
  const { serverMain } = codeServerPaths();
  if (!fs.existsSync(serverMain)) return `VS Code server not installed (${serverMain}); run: node test/vscode/install-code-server.mjs`;
  if (!chromiumPath()) return 'chromium not found (Debian: apt-get install chromium; or set TLSLINT_CHROMIUM)';
  try {
    import.meta.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
  return undefined;
}

/** Exit with status 3 (what the runners and run-editor-tests read as "editor missing") when it cannot start. */
export function exitIfEditorMissing() {
  const missing = editorMissing();
  if (!missing) return;
  console.error(`cannot start the editor: ${missing}`);
  process.exit(3);
}

/**
 * Install a .vsix into an extensions folder with code-server's CLI (what a user does with
 * `code --install-extension`), without starting a server. `stateDir` takes the CLI's config and logs,
 * which otherwise land in the home directory.
 */
export function installVsix(vsix, extensionsDir, stateDir) {
  const { cli } = codeServerPaths();
  const xdg = { XDG_CONFIG_HOME: path.join(stateDir, 'config'), XDG_DATA_HOME: path.join(stateDir, 'data'), XDG_CACHE_HOME: path.join(stateDir, 'cache') };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  const r = spawnSync(process.execPath, [cli, '--user-data-dir', path.join(stateDir, 'user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, ...xdg, EXTENSIONS_GALLERY: '{}' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/**
 * Start VS Code's server. `runDir` receives the user data, server data, caches and the log.
 * Returns { port, origin, child, logFile, stop() }.
 */
export async function startServer({ runDir, extensionsDir, env = {}, settings = {}, readyTimeoutMs = 60_000 }) {
  const { serverMain } = codeServerPaths();
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    serverData: path.join(runDir, 'server-data'),
    extensions: extensionsDir ?? path.join(runDir, 'extensions'),
    config: path.join(runDir, 'xdg-config'),
    cache: path.join(runDir, 'xdg-cache'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  // The workbench reads user settings from the server's --user-data-dir (not --server-data-dir).
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const logFile = path.join(runDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--user-data-dir', dirs.userData,
      '--server-data-dir', dirs.serverData,
      '--extensions-dir', dirs.extensions,
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ...env,
        EXTENSIONS_GALLERY: '{}',
        XDG_CONFIG_HOME: dirs.config,
        XDG_CACHE_HOME: dirs.cache,
        TMPDIR: dirs.tmp,
      },
    },
  );
  fs.closeSync(log);
  liveGroups.add(child);
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  const deadline = Date.now() + readyTimeoutMs;
  let early;
  child.once('exit', (code, signal) => (early = `VS Code server exited early (${code ?? signal}); see ${logFile}`));
  while (!(await httpOk(`${origin}/version`))) {
    if (early) throw new Error(early);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`VS Code server did not answer on ${origin} within ${readyTimeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, origin, child, logFile, dirs, stop };
}

/** A workbench URL that opens `folder` and passes extension development / test paths in the payload. */
export function workbenchUrl(origin, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://${new URL(origin).host}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const params = new URLSearchParams();
  if (folder) params.set('folder', path.resolve(folder));
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${origin}/?${params}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Headless Debian chromium through playwright-core (no browser download). `stateDir` takes what chromium
 * writes outside its profile (crash reports under XDG_CONFIG_HOME).
 */
export async function launchChromium(stateDir) {
  const { chromium } = await import('playwright-core');
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(stateDir, 'chromium-config'), XDG_CACHE_HOME: path.join(stateDir, 'chromium-cache') };
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, env, timeout: 60_000 });
}
