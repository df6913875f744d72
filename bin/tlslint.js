#!/usr/bin/env node
// The `tlslint` command: runs the bundled CLI (server/dist) when built, else the tsc output (server/out).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// `tlslint … | head` closes the pipe early: stop quietly instead of dying on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  // Into a pipe, Node writes without blocking: a report larger than the pipe goes out 64 kB per turn
  // of the event loop, each waiting for the reader (26 ms for the 1 MB report of the 1,000-vhost nginx
  // tree, against 1 ms written in one blocking call). Files have no such handle; terminals block already.
  const handle = stream._handle;
  if (handle && typeof handle.setBlocking === 'function') handle.setBlocking(true);
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
    throw e;
  });
}

const bundled = path.join(__dirname, '..', 'server', 'dist', 'cli.js');
const cli = fs.existsSync(bundled) ? loadBundle(bundled) : require(path.join(__dirname, '..', 'server', 'out', 'cli.js'));

// A lint keeps nearly everything it makes (syntax trees, policies, findings) until the process ends, so
// a full collection of the old generation finds little to free: on the 10,000-vhost nginx tree the
// second one freed 5 of 158 MB and stopped the program for ~90 ms. A single lint therefore lets the old
// generation grow to 10x what was alive after a full collection before the next one (V8 picks at most
// 4x itself); V8's heap limit still applies. Not with --fix, whose repeated lints leave each earlier
// workspace behind as garbage. Set after the bundle is compiled, since V8 only takes a code cache made
// under the same flags; this process only (the language server keeps V8's defaults).
if (!process.argv.slice(2).some((a) => a.startsWith('--fix'))) require('node:v8').setFlagsFromString('--heap-growing-percent=900');

/**
 * The bundle, compiled with V8's code cache when the build left one (scripts/cli-code-cache.mjs): V8
 * rejects a cache made for other source or another V8 and compiles from source then, as require would.
 */
function loadBundle(file) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(file + '.cache');
  } catch {
    return require(file);
  }
  const Module = require('node:module');
  const vm = require('node:vm');
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {}, filename: file, id: file };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}
cli.main(process.argv.slice(2)).then(
  (code) => exit(code),
  (e) => {
    process.stderr.write(`tlslint: ${e && e.stack ? e.stack : String(e)}\n`);
    exit(2);
  },
);

/**
 * Ends the process as soon as its output is out. Left to end by itself, Node tears the heap down and
 * waits for V8's background work (optimising compiles for a run that is over), a sizeable share of a
 * large lint. Where writes to a pipe are asynchronous (macOS, Windows) and something is still buffered,
 * the process ends by itself once it is written, as before.
 */
function exit(code) {
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}
