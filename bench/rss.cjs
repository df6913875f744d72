// Preloaded (node --require) into the CLI by the benchmark: writes the process's peak resident set size
// (kilobytes) and CPU time (user + system, microseconds, all threads) to $TLSLINT_BENCH_RSS_FILE as JSON
// when it exits. CPU time is what the wall time would be on an idle machine, about: the benchmark
// reports both, since a shared machine stretches the wall time.
'use strict';
const file = process.env.TLSLINT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    require('node:fs').writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
  });
}
