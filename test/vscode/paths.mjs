// Where the editor tests find their tools and their workspace.
// Shared by the installer, the runners and the e2e test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function codeServerPaths() {
  const prefix = process.env.TLSLINT_CODE_SERVER_DIR ?? path.join(ROOT, '.vscode-test', 'code-server');
  const pkg = path.join(prefix, 'node_modules', 'code-server');
  const vscodeDir = path.join(pkg, 'lib', 'vscode');
  return { prefix, pkg, vscodeDir, serverMain: path.join(vscodeDir, 'out', 'server-main.js'), cli: path.join(pkg, 'out', 'node', 'entry.js') };
}

/** A fresh copy of the editor tests' workspace (test/vscode/workspace) at `dest`: the tests edit it. */
export function copyWorkspace(dest) {
  fs.cpSync(path.join(ROOT, 'test', 'vscode', 'workspace'), dest, { recursive: true });
  return dest;
}

/** Debian's chromium unless TLSLINT_CHROMIUM names another; undefined when there is none. */
export function chromiumPath() {
  const candidates = [process.env.TLSLINT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}
