// Words that are names of Object.prototype members (constructor, toString, __proto__, hasOwnProperty)
// written where tlslint looks words up in its tables: in configurations, PEM labels, language ids and
// command lines. Each must be an unknown word like any other, never a table entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import type { Finding } from '../../server/src/engine/types';
import { Workspace } from '../../server/src/engine/model/workspace';
import { documentSymbols, hover } from '../../server/src/engine/features';
import { pemKind } from '../../server/src/engine/tls/x509/pem';
import { detectDialect } from '../../server/src/engine/model/dialect';
import { parseArgs } from '../../server/src/cli/options';

const WORDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

function lint(files: Record<string, string>): Finding[] {
  const names = Object.keys(files);
  const result = new Engine().lint({ fs: new MemoryFileSystem(files), files: names, workspaceFiles: names, settings: normalizeSettings({}) });
  return [...result.findings.values()].flat();
}

test('Apache protocol words named like Object.prototype members are unknown words', () => {
  for (const w of WORDS) {
    const conf = `<VirtualHost *:443>\n  SSLEngine on\n  SSLProtocol ${w} +TLSv1.2\n  SSLProxyProtocol ${w}\n  SSLOpenSSLConfCmd MinProtocol ${w}\n</VirtualHost>\n`;
    const findings = lint({ '/etc/apache2/apache2.conf': conf });
    const unknown = findings.filter((f) => f.ruleId === 'protocol-unknown').map((f) => f.range.start.line);
    assert.deepEqual(unknown, [2, 3], `${w}: SSLProtocol and SSLProxyProtocol name an unknown word`);
    assert.ok(!findings.some((f) => f.ruleId === 'protocol-none'), `${w}: not read as a protocol that leaves none enabled`);
  }
});

test('Squid options named like Object.prototype members are not deprecated options, and version= fixes need a known version', () => {
  for (const w of WORDS) {
    const conf = `https_port 3129 tls-cert=/x.pem ${w}=1\nhttps_port 3130 tls-cert=/x.pem version=${w}\nhttps_port 3131 tls-cert=/x.pem version=4\n`;
    const findings = lint({ '/etc/squid/squid.conf': conf }).filter((f) => f.ruleId === 'ssl-directive-deprecated');
    assert.deepEqual(findings.map((f) => f.range.start.line), [1, 2], `${w}: only version= is deprecated`);
    for (const f of findings) assert.doesNotMatch(f.message, /undefined|function/, f.message);
    const edits = findings.flatMap((f) => (f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.newText)));
    assert.ok(edits.some((t) => t.includes('tls-min-version=1.0')), 'version=4 still has its rewrite');
    assert.ok(!edits.some((t) => /function|undefined|\[native code\]/.test(t)), `${w}: no rewrite into a function's text`);
  }
});

test('Squid hovers, nginx and Apache symbols, PEM labels, language ids and --target do not take these words for table entries', () => {
  for (const w of WORDS) {
    const squid = `ssl_bump ${w} all\nacl x ${w} y\n`;
    const file = '/etc/squid/squid.conf';
    const ws = new Workspace({ fs: new MemoryFileSystem({ [file]: squid }), settings: normalizeSettings({}), files: [file], workspaceFiles: [file] });
    for (const [line, character] of [[0, 10], [1, 7]]) assert.doesNotMatch(hover(ws, file, { line, character })?.markdown ?? '', /native code|function/, `${w}: hover`);

    const nginxFile = '/etc/nginx/nginx.conf';
    const apacheFile = '/etc/apache2/apache2.conf';
    const files = { [nginxFile]: `${w} {\n}\nhttp {\n}\n`, [apacheFile]: `<${w} x>\n</${w}>\n<VirtualHost *:443>\n</VirtualHost>\n` };
    const ws2 = new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings({}), files: Object.keys(files), workspaceFiles: Object.keys(files) });
    assert.deepEqual(documentSymbols(ws2, nginxFile).map((s) => s.kind), ['block', 'http'], `${w}: nginx symbols`);
    assert.deepEqual(documentSymbols(ws2, apacheFile).map((s) => s.kind), ['block', 'server'], `${w}: Apache symbols`);

    assert.equal(pemKind(w), 'other', `${w}: PEM label`);
    assert.equal(detectDialect('/etc/x/site.conf', 'server {\n  listen 443 ssl;\n}\n', w), 'nginx', `${w}: language id`);
    assert.throws(() => parseArgs(['--target', `${w}=1`, '.']), /expected one of nginx, apache, squid, openssl/, `${w}: --target`);
  }
});
