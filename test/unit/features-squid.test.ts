// Squid editor features through the public entry points (features/index.ts): hover on directives,
// options, flags and certificate paths; completion; symbols; links.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from '../../server/src/engine/model/workspace';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { complete, documentLinks, documentSymbols, hover } from '../../server/src/engine/features';
import type { Position } from '../../server/src/engine/types';
import { SQUID_DIRECTIVE_DOCS, SQUID_OPTION_DOCS } from '../../server/src/engine/docs/squidDocs';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';

const FILE = '/etc/squid/squid.conf';

/** A workspace of one squid.conf where `|` marks the cursor. */
function at(src: string, files: Record<string, string> = {}): { ws: Workspace; pos: Position } {
  const i = src.indexOf('|');
  const before = src.slice(0, i);
  const lines = before.split('\n');
  const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const mem = new MemoryFileSystem({ [FILE]: before + src.slice(i + 1), ...files });
  return { ws: new Workspace({ fs: mem, settings: normalizeSettings({}), files: [FILE] }), pos };
}

const hoverAt = (src: string) => {
  const { ws, pos } = at(src);
  return hover(ws, FILE, pos);
};
const completeAt = (src: string) => {
  const { ws, pos } = at(src);
  return complete(ws, FILE, pos).map((e) => e.label);
};

test('hover on TLS directives names their syntax, and removed ones their replacement', () => {
  assert.match(hoverAt('https_p|ort 3129 tls-cert=/a\n')!.markdown, /https_port \[address:\]port/);
  assert.match(hoverAt('tls_outgoing_opt|ions min-version=1.2\n')!.markdown, /Default: min-version=1.0/);
  assert.match(hoverAt('sslproxy_ci|pher HIGH\n')!.markdown, /removed in Squid 4.*cipher=/);
  assert.equal(hoverAt('coredump_|dir /var/spool/squid\n'), undefined);
});

test('hover on every TLS option of a port, tls_outgoing_options and cache_peer', () => {
  assert.match(hoverAt('https_port 3129 tls-ce|rt=/a\n')!.markdown, /tls-cert=/);
  assert.match(hoverAt('http_port 3128 ssl-b|ump\n')!.markdown, /ssl_bump/);
  assert.match(hoverAt('https_port 3129 tls-cert=/a tls-min-vers|ion=1.2\n')!.markdown, /1\.0, 1\.1, 1\.2 or 1\.3/);
  assert.match(hoverAt('https_port 3129 tls-cert=/a versi|on=4\n')!.markdown, /deprecated/);
  assert.match(hoverAt('tls_outgoing_options min-ver|sion=1.0\n')!.markdown, /Default: 1\.0/);
  assert.match(hoverAt('cache_peer a parent 443 0 tls tls-fla|gs=DONT_VERIFY_PEER\n')!.markdown, /DONT_VERIFY_PEER/);
  // Each documented option gets a hover of its own.
  for (const o of SQUID_OPTION_DOCS) {
    const directive = o.on.includes('port') ? 'https_port 3129 ' : o.on.includes('outgoing') ? 'tls_outgoing_options ' : 'cache_peer a parent 443 0 ';
    const h = hoverAt(`${directive}${o.name.slice(0, 1)}|${o.name.slice(1)}${o.name.endsWith('=') ? 'x' : ''}\n`);
    assert.ok(h && h.markdown.includes(`\`${o.name}\``), `no hover for ${o.name}: ${h?.markdown}`);
  }
  for (const d of SQUID_DIRECTIVE_DOCS) assert.ok(hoverAt(`${d.name.slice(0, 1)}|${d.name.slice(1)} x\n`), `no hover for ${d.name}`);
});

test('hover on TLS acl types', () => {
  assert.match(hoverAt('acl sites ssl::server_na|me .example.com\n')!.markdown, /SNI/);
  assert.match(hoverAt('acl step1 at_st|ep SslBump1\n')!.markdown, /SslBump1/);
  assert.equal(hoverAt('acl a s|rc 10.0.0.0/8\n'), undefined);
  assert.match(hoverAt('ssl_bump pe|ek step1\n')!.markdown, /client hello/);
});

test('hover on an options= or flags= flag explains that flag', () => {
  const h = hoverAt('https_port 3129 tls-cert=/a tls-options=NO_SSLv3,NO_TI|CKET\n')!;
  assert.match(h.markdown, /NO_TICKET/);
  assert.deepEqual(h.range, { start: { line: 0, character: 49 }, end: { line: 0, character: 58 } });
  assert.match(hoverAt('tls_outgoing_options flags=DONT_VERIFY_P|EER\n')!.markdown, /no verification/);
});

test('hover on a certificate path shows what the file holds', (t) => {
  if (!certFactoryAvailable()) return t.skip('openssl not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-squid-hover-'));
  try {
    copyScenarioFiles(path.join(dir, 'tls'));
    const conf = path.join(dir, 'squid.conf');
    const text = `https_port 3129 tls-cert=${dir}/tls/chain-ok.pem tls-key=${dir}/tls/leaf.key tls-dh=prime256v1:${dir}/tls/dh2048.pem\n`;
    fs.writeFileSync(conf, text);
    const ws = new Workspace({ fs: new NodeFileSystem(), settings: normalizeSettings({}), files: [conf] });
    const certAt = { line: 0, character: text.indexOf('chain-ok') };
    const h = hover(ws, conf, certAt)!;
    assert.match(h.markdown, /leaf\.example\.test/);
    assert.equal(h.range.start.character, text.indexOf('tls-cert=') + 'tls-cert='.length);
    assert.match(hover(ws, conf, { line: 0, character: text.indexOf('leaf.key') })!.markdown, /Private key: EC/);
    const dh = hover(ws, conf, { line: 0, character: text.indexOf('dh2048') })!;
    assert.match(dh.markdown, /2048-bit prime/);
    // The curve part of tls-dh= is not the file.
    assert.doesNotMatch(hover(ws, conf, { line: 0, character: text.indexOf('prime256v1') + 2 })?.markdown ?? '', /DH parameters:/);
    const macro = at('https_port 3129 tls-cert=/etc/squid/${service_name}.p|em\n');
    assert.match(hover(macro.ws, FILE, macro.pos)!.markdown, /macro/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('completion: directive names, port options after https_port, flags and versions in values', () => {
  assert.ok(completeAt('tls_out|').includes('tls_outgoing_options'));
  assert.ok(completeAt('ssl_b|').includes('ssl_bump'));
  assert.ok(!completeAt('sslproxy_c|').includes('sslproxy_cipher'), 'removed directives are not offered');
  const port = completeAt('https_port 3129 tls-|');
  for (const o of ['tls-cert=', 'tls-key=', 'tls-min-version=', 'tls-options=', 'tls-cipher=', 'tls-dh=', 'tls-cafile=']) assert.ok(port.includes(o), o);
  assert.ok(completeAt('http_port 3128 ssl|').includes('ssl-bump'));
  assert.ok(completeAt('http_port 3128 ssl-bump gen|').includes('generate-host-certificates'));
  assert.deepEqual(completeAt('https_port 3129|'), []);
  assert.ok(completeAt('https_port 3129 tls-options=NO_SSLv3,NO_T|').includes('NO_TICKET'));
  assert.deepEqual(completeAt('https_port 3129 tls-min-version=|'), ['1.2', '1.3', '1.1', '1.0']);
  const out = completeAt('tls_outgoing_options |');
  assert.ok(out.includes('min-version=') && out.includes('flags=') && out.includes('cafile='));
  assert.ok(completeAt('tls_outgoing_options flags=DONT|').includes('DONT_VERIFY_PEER'));
  assert.ok(completeAt('cache_peer a parent 443 0 tls tls-|').includes('tls-min-version='));
  assert.deepEqual(completeAt('ssl_bump |'), ['peek', 'stare', 'splice', 'bump', 'terminate']);
  assert.deepEqual(completeAt('ssl_bump s|'), ['stare', 'splice']);
  assert.ok(completeAt('acl step1 at|').includes('at_step'));
  assert.deepEqual(completeAt('sslproxy_cert_error |'), ['allow', 'deny']);
});

test('symbols: one per port, outgoing options and cache peers', () => {
  const { ws } = at('|http_port 3128 ssl-bump tls-cert=/ca.pem\nhttps_port 3129 tls-cert=/a.pem\nhttp_port 8080\ntls_outgoing_options min-version=1.2\ncache_peer p.example parent 443 0 tls\nacl a src all\n');
  const s = documentSymbols(ws, FILE);
  assert.deepEqual(s.map((x) => x.name), ['http_port 3128 (ssl-bump)', 'https_port 3129', 'http_port 8080', 'tls_outgoing_options', 'cache_peer p.example (tls)']);
  assert.equal(s[1].detail, 'TLS, certificate /a.pem');
  assert.equal(s[2].detail, 'plain HTTP');
});

test('links: include targets and certificate paths that exist', () => {
  const { ws } = at('|include /etc/squid/conf.d/*.conf\nhttps_port 3129 tls-cert=/etc/squid/tls/a.pem tls-key=/etc/squid/tls/missing.key\n', {
    '/etc/squid/conf.d/one.conf': 'http_port 3128\n',
    '/etc/squid/tls/a.pem': 'not parsed here\n',
  });
  const links = documentLinks(ws, FILE);
  assert.deepEqual(links.map((l) => [l.target, l.range.start.character]), [
    ['/etc/squid/conf.d/one.conf', 8],
    ['/etc/squid/tls/a.pem', 25],
  ]);
});
