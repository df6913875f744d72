// Process-wide tables (interned words, lookups by name, cipher expansions) outlive every lint, so what
// they keep must not be a slice of a file's text: V8 keeps the whole text alive behind a slice of 13 or
// more characters (a 100,000-case fuzzing run reached a 4 GB heap). The heap is measured after forced
// collections: twenty 1 MB texts kept alive would be 20 MB or more, none of them well under that.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { detached } from '../../server/src/engine/syntax/text';
import { parseNginx } from '../../server/src/engine/syntax/nginx';
import { lookupNginxDirective } from '../../server/src/engine/docs/nginxDirectives';
import { expandForProtocols } from '../../server/src/engine/model/nginxPolicy';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap growth (MB) over `make(i)` for i = 0..19, where each call's result is dropped at once. */
function retainedMb(make: (i: number) => void): number {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20; i++) make(i);
  gc();
  gc();
  return (process.memoryUsage().heapUsed - before) / 1e6;
}

/** About 1 MB of comment, then `body`: a fresh text each call. */
const bigText = (i: number, body: string) => `# ${'x'.repeat(1_000_000)} ${i}\n${body}\n`;

test('detached: the copy of a slice does not keep the text it was cut from', () => {
  const kept: string[] = [];
  const grew = retainedMb((i) => {
    const text = bigText(i, `ssl_certificate_key_${i}_abcdef`);
    kept.push(detached(text.slice(text.length - 30, text.length - 1)));
  });
  assert.ok(grew < 10, `${grew.toFixed(1)} MB kept for twenty 30-character words`);
  assert.ok(kept.every((w, i) => w.endsWith(`_${i}_abcdef`)));
});

test('nginx: interned words, directive lookups and cipher expansions keep no file text', () => {
  const grew = retainedMb((i) => {
    // A new word of 13 to 40 characters each time (interned), an unknown directive name (looked up) and
    // a cipher string of its own (expanded and remembered).
    const text = bigText(i, `unknown_directive_${i} on;\nssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:HIGH:!kRSA${i};`);
    const tree = parseNginx('/x.conf', text);
    for (const d of tree.directives) lookupNginxDirective(d.name, 'server');
    const ciphers = tree.directives.find((d) => d.lname === 'ssl_ciphers')!.args[0].text;
    expandForProtocols(ciphers, ['TLSv1.2', 'TLSv1.3'], 2);
  });
  assert.ok(grew < 10, `${grew.toFixed(1)} MB kept after twenty 1 MB files`);
});
