// Parser throughput alone: reads every file of a tree, parses them all `--repeat` times with the
// dialect's parser (the same options the workspace passes) and prints MB/s per round, the median, and
// the heap held by one round's trees (kept alive, after a forced GC when node runs with --expose-gc).
//   node [--expose-gc] bench/parse.mjs <dir> [--dialect nginx|apache|squid] [--repeat N] [--out dir]
// `--out` points at another compiled server/out (to compare with an older build).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const dir = args[0];
const dialect = opt('--dialect', 'nginx');
const repeat = Number(opt('--repeat', '7'));
const outDir = resolve(opt('--out', join(new URL('..', import.meta.url).pathname, 'server', 'out')));
const load = (p) => require(join(outDir, p));
const parse = {
  nginx: () => {
    const { parseNginx } = load('engine/syntax/nginx.js');
    const { isKnownNginxDirective } = load('engine/docs/nginxDirectives.js');
    return (f, t) => parseNginx(f, t, { isKnownDirective: isKnownNginxDirective });
  },
  apache: () => load('engine/syntax/apache.js').parseApache,
  squid: () => load('engine/syntax/squid.js').parseSquid,
}[dialect]();

const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p);
    else if (st.isFile() && !/\.(pem|crt|key|der)$/.test(name)) files.push([p, readFileSync(p, 'utf8')]);
  }
};
walk(dir);
const chars = files.reduce((n, [, t]) => n + t.length, 0);
const gc = globalThis.gc ?? (() => {});
// Time spent in garbage collection while parsing (forced collections between rounds excluded).
let gcMs = 0;
let counting = false;
new PerformanceObserver((list) => {
  if (counting) for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const rates = [];
const cpus = [];
const gcs = [];
let kept = [];
let heapDelta = 0;
for (let r = 0; r < repeat; r++) {
  kept = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  await new Promise((r) => setTimeout(r, 0)); // deliver the forced collection's entry before counting
  gcMs = 0;
  counting = true;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const [p, t] of files) kept.push(parse(p, t));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  cpus.push((cpu.user + cpu.system) / 1000);
  await new Promise((r) => setTimeout(r, 0)); // deliver this round's gc entries
  counting = false;
  gcs.push(gcMs);
  gc();
  heapDelta = process.memoryUsage().heapUsed - before;
  rates.push(chars / 1e6 / (ms / 1000));
  console.log(`round ${r + 1}: ${ms.toFixed(1)} ms (cpu ${cpus[r].toFixed(0)} ms, gc ${gcs[r].toFixed(0)} ms), ${rates[r].toFixed(1)} MB/s`);
}
const sorted = [...rates].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const best = Math.max(...rates);
const cpuMedian = [...cpus].sort((a, b) => a - b)[Math.floor(cpus.length / 2)];
console.log(`${files.length} files, ${(chars / 1e6).toFixed(1)} M chars; median ${median.toFixed(1)} MB/s (${((chars / 1e6 / median) * 1000).toFixed(0)} ms; cpu ${cpuMedian.toFixed(0)} ms), best ${best.toFixed(1)} MB/s (${((chars / 1e6 / best) * 1000).toFixed(0)} ms); trees of one round hold ${(heapDelta / 1048576).toFixed(1)} MB of heap${globalThis.gc ? '' : ' (run with --expose-gc for a settled figure)'}`);
