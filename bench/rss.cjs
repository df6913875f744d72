// Preloaded (node --require) into the CLI by the benchmark: writes the process's peak resident set size
// (kilobytes) to $TLSLINT_BENCH_RSS_FILE when it exits.
'use strict';
const file = process.env.TLSLINT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
