// Hostile Squid configurations (options without values, stray quotes and backslashes, half-written
// directives): linting under every profile and both OpenSSL generations, and every editor feature at
// every few columns, never throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Workspace } from '../../server/src/engine/model/workspace';
import { complete, documentLinks, documentSymbols, hover } from '../../server/src/engine/features';

const PIECES = [
  'https_port', 'http_port', 'tls_outgoing_options', 'cache_peer', 'ssl_bump', 'acl', 'include', 'sslproxy_cipher', '3129', 'ssl-bump',
  'tls-cert=', 'tls-key=', 'tls-dh=', 'tls-dh=:', 'tls-dh=x:', 'tls-dh=:y', 'options=', 'options=,,', 'options=-', 'flags=',
  'flags=DONT_VERIFY_PEER', 'min-version=', 'tls-min-version=', 'cipher=', 'cipher=:::', 'tls', 'intercept', 'generate-host-certificates=',
  'bump', 'peek', 'all', '!step1', 'step1', 'at_step', 'SslBump1', '"', '\\', '\n', ' ', '#', 'default-ca=off', 'version=', 'version=3',
  'accel', 'defaultsite=', 'cert=', 'key=', '${x}', '*',
];

test('the Squid dialect never throws on hostile input', () => {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const file = '/etc/squid/squid.conf';
  let findings = 0;
  for (let i = 0; i < 300; i++) {
    let text = '';
    for (let j = 0; j < 40; j++) text += PIECES[Math.floor(rnd() * PIECES.length)] + (rnd() < 0.7 ? ' ' : '');
    const fs = new MemoryFileSystem({ [file]: text });
    for (const profile of ['intermediate', 'old', 'modern']) {
      const settings = normalizeSettings({ profile, targets: { openssl: i % 2 ? '1.0.2' : '3.0.19' } });
      const result = new Engine().lint({ fs, files: [file], settings });
      findings += [...result.findings.values()].flat().length;
    }
    const ws = new Workspace({ fs, settings: normalizeSettings({}), files: [file] });
    text.split('\n').forEach((line, l) => {
      for (let c = 0; c <= line.length; c += 5) {
        hover(ws, file, { line: l, character: c });
        complete(ws, file, { line: l, character: c });
      }
    });
    documentSymbols(ws, file);
    documentLinks(ws, file);
  }
  // The inputs are full of mistakes: the rules did run.
  assert.ok(findings > 300);
});
