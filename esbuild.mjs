// Bundles for the packaged extension and the CLI: type-checking stays with `tsc -b`.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawnSync } from 'node:child_process';

const production = process.argv.includes('--production');
const entries = [
  { in: 'client/src/extension.ts', out: 'client/dist/extension.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server/dist/server.js', external: [] },
  { in: 'server/src/cli.ts', out: 'server/dist/cli.js', external: [] },
].filter((e) => existsSync(e.in));

await Promise.all(
  entries.map(async (e) => {
    const result = await esbuild.build({
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: e.external,
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      write: false,
    });
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
    }
  }),
);

/**
 * esbuild escapes every non-ASCII character of code (charset ascii) but copies comments as they are; one
 * `…` in a comment makes V8 hold the whole bundle as a two-byte string, decoded and scanned at twice the
 * cost on every start (callgrind: about 11M instructions of `tlslint --version`, 25M of a small lint).
 * Each such character becomes one `?`, so columns, and with them the source map, stay as they were.
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/gu, (c) => (c.length === 1 ? '?' : '??'));
}
console.log(`esbuild: ${entries.map((e) => e.out).join(', ')}`);
// The CLI's code cache (scripts/cli-code-cache.mjs): a start-up saving only, so a failure is reported and ignored.
const cache = spawnSync(process.execPath, ['scripts/cli-code-cache.mjs'], { stdio: 'inherit' });
if (cache.status !== 0) console.warn('esbuild: no code cache for the CLI (scripts/cli-code-cache.mjs failed); it starts a little slower');
