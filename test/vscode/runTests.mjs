#!/usr/bin/env node
// The extension-host suite (test/vscode/suite) through @vscode/test-electron's runTests, on a fresh copy
// of test/vscode/workspace.
//
//   node test/vscode/runTests.mjs              VS Code from code-server's package (test/vscode/run.mjs)
//   node test/vscode/runTests.mjs --download   desktop VS Code downloaded by @vscode/test-electron
//                                              (needs access to update.code.visualstudio.com and a display)
// Exit: 0 passed, 1 failed, 3 the editor cannot start here (not installed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { exitIfEditorMissing } from './codeServer.mjs';
import { copyWorkspace, ROOT } from './paths.mjs';

const download = process.argv.includes('--download');
const suite = path.join(ROOT, 'out', 'vscode-test', 'vscode', 'suite', 'index.js');
if (!fs.existsSync(suite)) {
  console.error(`${suite} is missing: run npm run build first`);
  process.exit(2);
}
if (!download) exitIfEditorMissing();

// The tests edit files and settings: they get their own copy of the workspace.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-vscode-'));
const workspace = copyWorkspace(path.join(scratch, 'workspace'));
let code = 1;
try {
  code = await runTests({
    ...(download ? { version: process.env.TLSLINT_VSCODE_VERSION ?? '1.100.3' } : { vscodeExecutablePath: path.join(ROOT, 'test', 'vscode', 'code-server-vscode') }),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
    extensionTestsEnv: {
      TLSLINT_VSCODE_DIALECTS: process.env.TLSLINT_VSCODE_DIALECTS ?? 'nginx,apache,squid',
      ...(process.env.TLSLINT_VSCODE_GREP ? { TLSLINT_VSCODE_GREP: process.env.TLSLINT_VSCODE_GREP } : {}),
    },
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  code = 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
