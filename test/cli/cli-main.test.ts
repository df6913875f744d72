// main() in-process, through its io parameter: colours only for a terminal, and never with --no-color
// or NO_COLOR; paths relative to the given cwd; standard input from any async iterable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { main, type CliIO } from '../../server/src/cli';
import { tempTree } from './helpers';

const LISTEN_NO_SSL = 'events {}\nhttp {\n    server {\n        listen 443;\n        ssl_certificate a.crt;\n        ssl_certificate_key a.key;\n    }\n}\n';

function capture(cwd: string, options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {}): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s), isTTY: options.tty },
      stderr: { write: (s: string) => (err += s) },
      stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
      cwd,
      env: options.env ?? {},
    },
    out: () => out,
    err: () => err,
  };
}

test('colours for a terminal only, and not with --no-color or NO_COLOR', async () => {
  const t = tempTree({ 'nginx.conf': LISTEN_NO_SSL });
  try {
    const tty = capture(t.dir, { tty: true });
    assert.equal(await main(['nginx.conf'], tty.io), 1);
    assert.ok(tty.out().includes('\u001b[31merror'), JSON.stringify(tty.out()));
    const pipe = capture(t.dir, { tty: false });
    await main(['nginx.conf'], pipe.io);
    assert.ok(!pipe.out().includes('\u001b['));
    const flag = capture(t.dir, { tty: true });
    await main(['--no-color', 'nginx.conf'], flag.io);
    assert.ok(!flag.out().includes('\u001b['));
    const env = capture(t.dir, { tty: true, env: { NO_COLOR: '1' } });
    await main(['nginx.conf'], env.io);
    assert.ok(!env.out().includes('\u001b['));
    // Without colours the text is the same.
    assert.equal(tty.out().replace(/\u001b\[[0-9;]*m/g, ''), pipe.out());
  } finally {
    t.cleanup();
  }
});

test('main reads stdin from the io it is given and resolves paths against io.cwd', async () => {
  const t = tempTree();
  try {
    const c = capture(t.dir, { stdin: LISTEN_NO_SSL });
    assert.equal(await main(['--stdin', '--stdin-filename', 'conf/nginx.conf', '--format', 'json'], c.io), 1);
    const reports = JSON.parse(c.out()) as { file: string; findings: { ruleId: string }[] }[];
    assert.equal(reports[0].file, 'conf/nginx.conf');
    assert.ok(reports[0].findings.some((f) => f.ruleId === 'listen-ssl-missing'));
    const bad = capture(t.dir);
    assert.equal(await main(['missing.conf'], bad.io), 2);
    assert.equal(bad.err(), 'tlslint: missing.conf: no such file or directory\n');
  } finally {
    t.cleanup();
  }
});

test('JSON output waits for a full stream to drain before writing on, and all of it gets out', async () => {
  const t = tempTree({ 'nginx.conf': LISTEN_NO_SSL });
  try {
    const expected = capture(t.dir);
    await main(['--format', 'json', 'nginx.conf'], expected.io);
    // A pipe whose reader is slow: every write fills it, and 'drain' comes later.
    let out = '';
    let pending: (() => void) | undefined;
    let writesWhileFull = 0;
    const io: CliIO = {
      stdout: {
        write: (s: string) => {
          if (pending) writesWhileFull++;
          out += s;
          return false;
        },
        once: (_event: 'drain', listener: () => void) => {
          pending = listener;
          setImmediate(() => {
            pending = undefined;
            listener();
          });
        },
      },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      cwd: t.dir,
      env: {},
    };
    assert.equal(await main(['--format', 'json', 'nginx.conf'], io), 1);
    assert.equal(out, expected.out());
    assert.equal(writesWhileFull, 0);
  } finally {
    t.cleanup();
  }
});
