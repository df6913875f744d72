// The Squid reader against Squid's own: `squid -k parse` prints "Processing: <line>" for every logical
// line it reads (continuations joined, comment lines skipped). tlslint's directives, written back as
// name and arguments, must be those lines, in order, token for token (Squid's trailing `# …` text is a
// comment to its tokenizer, and to tlslint).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseSquid } from '../../server/src/engine/syntax/squid';
import { oracleOrSkip } from '../helpers/oracle';
import { squidCheckFiles } from '../helpers/squidOracle';

/** The logical lines Squid processed, as token lists (its own trailing comments dropped). */
function squidLines(files: Record<string, string>): string[][] {
  const r = squidCheckFiles(files);
  assert.ok(r.ok, `squid -k parse rejected the sample: ${r.message}\n${r.output}`);
  return r.output
    .split('\n')
    .map((l) => /\| Processing: (.*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined)
    .map((l) => {
      const tokens = l.trim().split(/[ \t]+/);
      const hash = tokens.findIndex((t) => t.startsWith('#'));
      return hash >= 0 ? tokens.slice(0, hash) : tokens;
    });
}

function ourLines(text: string): string[][] {
  return parseSquid('/etc/squid/squid.conf', text).directives.map((d) => [d.name, ...d.args.map((a) => a.raw)]);
}

const SAMPLE = [
  '# comment at the top',
  '   # an indented comment',
  'http_port 3128',
  '\thttp_port\t3127   # a trailing comment',
  'acl localnet src 10.0.0.0/8 \\',
  '    192.168.0.0/16 \\',
  '# a comment line inside the continuation is skipped',
  '',
  '    172.16.0.0/12',
  'acl glued dstdomain .exam\\',
  '   ple.com',
  'acl crlf dstdomain .crlf.example\r',
  'acl hashes url_regex a#b',
  'visible_hostname proxy.example',
  'http_access allow localnet',
  'http_access deny all',
  'cache_peer 127.0.0.1 parent 8443 0 no-query tls \\',
  '  tls-min-version=1.2 \\',
  '  tls-flags=DONT_VERIFY_DOMAIN',
  'tls_outgoing_options min-version=1.2 cafile=/etc/ssl/certs/ca-certificates.crt',
  'if ${process_number} = 0',
  'workers 1',
  'endif',
  'coredump_dir /var/spool/squid',
  '',
].join('\n');

test('every logical line Squid processes is a directive of ours, token for token', (t) => {
  if (!oracleOrSkip(t, 'squid')) return;
  // Squid expands macros before it prints the line (`squid -k parse` runs as process 0); the sample's only macro is in the `if` line.
  const ours = ourLines(SAMPLE).map((l) => l.map((x) => (x === '${process_number}' ? '0' : x)));
  assert.deepEqual(ours, squidLines({ 'squid.conf': SAMPLE }));
});

test("Debian's default squid.conf: the same directives as Squid reads", (t) => {
  if (!oracleOrSkip(t, 'squid')) return;
  if (!fs.existsSync('/etc/squid/squid.conf')) return t.skip('/etc/squid/squid.conf not installed');
  // Without its include (conf.d is the package's, not part of this comparison).
  const text = fs.readFileSync('/etc/squid/squid.conf', 'utf8').replace(/^include .*$/m, '# include removed for the test');
  const theirs = squidLines({ 'squid.conf': text });
  assert.ok(theirs.length > 20);
  assert.deepEqual(ourLines(text), theirs);
});
