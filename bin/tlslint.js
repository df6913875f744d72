#!/usr/bin/env node
// The `tlslint` command: runs the bundled CLI (server/dist) when built, else the tsc output (server/out).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// `tlslint … | head` closes the pipe early: stop quietly instead of dying on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
    throw e;
  });
}

const bundled = path.join(__dirname, '..', 'server', 'dist', 'cli.js');
const cli = require(fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'server', 'out', 'cli.js'));
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`tlslint: ${e && e.stack ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
