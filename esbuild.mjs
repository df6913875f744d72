// Bundles for the packaged extension and the CLI: type-checking stays with `tsc -b`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const production = process.argv.includes('--production');
const entries = [
  { in: 'client/src/extension.ts', out: 'client/dist/extension.js', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server/dist/server.js', external: [] },
  { in: 'server/src/cli.ts', out: 'server/dist/cli.js', external: [] },
].filter((e) => existsSync(e.in));

await Promise.all(
  entries.map((e) =>
    esbuild.build({
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
    }),
  ),
);
console.log(`esbuild: ${entries.map((e) => e.out).join(', ')}`);
// The CLI's code cache (scripts/cli-code-cache.mjs): a start-up saving only, so a failure is reported and ignored.
const cache = spawnSync(process.execPath, ['scripts/cli-code-cache.mjs'], { stdio: 'inherit' });
if (cache.status !== 0) console.warn('esbuild: no code cache for the CLI (scripts/cli-code-cache.mjs failed); it starts a little slower');
