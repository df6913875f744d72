// Writes server/dist/cli.js.cache: V8's code cache for the bundled CLI, made after one warm-up lint of
// examples/ so that it holds the functions a lint compiles, not only the top level. bin/tlslint.js hands
// it to V8 when it loads the bundle; V8 checks it against the source and its own version and flags, and
// compiles from source as usual when it does not fit (another Node.js, a rebuilt bundle). Saves about
// half of the CLI's start-up compile time.
//
//   node scripts/cli-code-cache.mjs        (run by esbuild.mjs after bundling)

import { existsSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'server', 'dist', 'cli.js');
const cacheFile = bundle + '.cache';
rmSync(cacheFile, { force: true });
if (!existsSync(bundle)) process.exit(0);

const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
const sink = { write: () => true };
const examples = join(root, 'examples');
if (existsSync(examples)) {
  await mod.exports.main(['--format', 'json', examples], { stdout: sink, stderr: sink, stdin: (async function* () {})(), cwd: root, env: {} });
}
writeFileSync(cacheFile, script.createCachedData());
