// Runs every compiled test (out/test/**/*.test.js) with node's test runner and prints a closing line
// CI can read: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'out', 'test');
const filter = process.argv.slice(2);

function collect(dir) {
  let files = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files = files.concat(collect(p));
    else if (name.endsWith('.test.js')) files.push(p);
  }
  return files;
}

let files = collect(outDir).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => relative(root, f).includes(x)));
if (!files.length) {
  console.error('no test files found under out/test (did the build run?)');
  process.exit(2);
}
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(res.stdout);
const num = (name) => {
  const m = res.stdout.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : 0;
};
const passed = num('pass');
const failed = num('fail') + num('cancelled');
const skipped = num('skipped') + num('todo');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status === 0 && failed === 0 ? 0 : 1);
