// Cipher and group rules beyond the fixtures: exact ranges inside quoted and unquoted strings, what
// nginx's default cipher string triggers, profile dependence, target-version dependence, and the group table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Engine } from '../../server/src/engine/engine';
import { applyEdits } from '../../server/src/engine/syntax/text';
import type { Finding } from '../../server/src/engine/types';
import { groupByName, groupSupported, parseGroupList, TLS_GROUPS } from '../../server/src/engine/tls/groups';
import { suggestCipherName } from '../../server/src/engine/rules/cipher-unknown-name';
import { hasBinary } from '../helpers/oracle';
import { Workspace } from '../../server/src/engine/model/workspace';
import { expandForProtocols, nginxDefaultProtocols, nginxPolicies } from '../../server/src/engine/model/nginxPolicy';
import { cipherSites } from '../../server/src/engine/rules/cipherSites';
import { explicitProtocols } from '../../server/src/engine/rules/protocolSites';
import { canonicalProtocol } from '../../server/src/engine/tls/protocols';

const FILE = '/n/nginx.conf';

function lint(text: string, settings: unknown = {}): Finding[] {
  const r = new Engine().lint({ fs: new MemoryFileSystem({ [FILE]: text }), files: [FILE], settings: normalizeSettings(settings) });
  return r.findings.get(FILE) ?? [];
}

function server(body: string, listen = 'listen 443 ssl;'): string {
  return `events {}\nhttp {\n    server {\n        ${listen}\n        ssl_certificate a.crt;\n        ssl_certificate_key a.key;\n        ${body}\n    }\n}\n`;
}

/** The source text a finding's range covers (single-line ranges). */
function covered(text: string, f: Finding): string {
  const line = text.split('\n')[f.range.start.line];
  return line.slice(f.range.start.character, f.range.end.character);
}

function only(findings: Finding[], id: string): Finding[] {
  return findings.filter((f) => f.ruleId === id);
}

test('cipher-unknown-name points at the word, in quoted and unquoted strings, with a did-you-mean', () => {
  for (const arg of ['HIGH:!aNUL:!MD5', '"HIGH:!aNUL:!MD5"', "'HIGH:!aNUL:!MD5'"]) {
    const text = server(`ssl_ciphers ${arg};`);
    const [f] = only(lint(text), 'cipher-unknown-name');
    assert.ok(f, arg);
    assert.equal(covered(text, f), 'aNUL', arg);
    assert.match(f.message, /did you mean "aNULL"/);
    const fixed = applyEdits(text, f.fixes![0].edits).text;
    assert.ok(fixed.includes('HIGH:!aNULL:!MD5'), fixed);
  }
});

test('cipher-unknown-name: IANA names map to the OpenSSL name; case-only typos; removed aliases in exclusions are left alone', () => {
  const text = server('ssl_ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:ecdhe+AESGCM:!EXPORT:!DES:!RC4;');
  const found = only(lint(text), 'cipher-unknown-name');
  assert.deepEqual(found.map((f) => covered(text, f)), ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ecdhe']);
  assert.match(found[0].message, /"ECDHE-RSA-AES128-GCM-SHA256"/);
  assert.match(found[1].message, /"ECDHE"/);
  assert.equal(suggestCipherName('ECDHE-RSA-AES128-GCM-SHA265'), 'ECDHE-RSA-AES128-GCM-SHA256');
  assert.equal(suggestCipherName('zzzzqqqq'), undefined);
});

test('nginx default cipher string: no-forward-secrecy and cbc (intermediate) fire on the server, insecure does not', () => {
  const text = server('', 'listen 443 ssl;');
  const ids = lint(text).map((f) => f.ruleId);
  assert.ok(ids.includes('cipher-no-forward-secrecy'));
  assert.ok(ids.includes('cipher-cbc'));
  assert.ok(!ids.includes('cipher-insecure'));
  assert.ok(!ids.includes('cipher-string-invalid'));
  const f = lint(text).find((x) => x.ruleId === 'cipher-no-forward-secrecy')!;
  assert.equal(covered(text, f), 'ssl');
  assert.match(f.message, /default ssl_ciphers "HIGH:!aNULL:!MD5"/);
  // The fix adds ssl_ciphers to the server.
  const fixed = applyEdits(text, f.fixes![0].edits).text;
  assert.ok(fixed.includes('ssl_ciphers HIGH:!aNULL:!MD5:!kRSA;'), fixed);
  assert.ok(!lint(fixed).some((x) => x.ruleId === 'cipher-no-forward-secrecy'));
  // Under the old profile, CBC suites are the profile's own.
  assert.ok(!lint(text, { profile: 'old' }).some((x) => x.ruleId === 'cipher-cbc'));
  // Plain HTTP servers have no cipher string in effect.
  assert.ok(!lint(server('', 'listen 80;')).some((x) => x.ruleId.startsWith('cipher-')));
});

test('cipher-insecure: error when a handshake can use the suites, warning when only the security level stops them', () => {
  const live = only(lint(server('ssl_ciphers "ALL:eNULL:@SECLEVEL=0";')), 'cipher-insecure');
  assert.equal(live.length, 1);
  assert.equal(live[0].severity, 'error');
  assert.match(live[0].message, /no encryption/);
  assert.match(live[0].fixes![0].title, /:!eNULL/);
  assert.match(live[0].fixes![0].title, /:!aNULL/);
  const latent = only(lint(server('ssl_ciphers HIGH;')), 'cipher-insecure');
  assert.equal(latent[0].severity, 'warning');
  assert.equal(latent[0].fixes![0].title, 'Append :!aNULL to the cipher string');
});

test('cipher-tls13-in-list: the word is the range; the safe fix leaves the rest intact; a list of only TLS 1.3 names gets no removal', () => {
  const text = server('ssl_ciphers "ECDHE+AESGCM:TLS_AES_128_GCM_SHA256:ECDHE+CHACHA20";');
  const [f] = only(lint(text), 'cipher-tls13-in-list');
  assert.equal(covered(text, f), 'TLS_AES_128_GCM_SHA256');
  assert.match(f.message, /ssl_conf_command Ciphersuites/);
  assert.equal(f.fixes![0].safety, 'safe');
  assert.ok(applyEdits(text, f.fixes![0].edits).text.includes('"ECDHE+AESGCM:ECDHE+CHACHA20"'));
  const alone = only(lint(server('ssl_ciphers TLS_AES_128_GCM_SHA256;')), 'cipher-tls13-in-list');
  assert.equal(alone[0].fixes?.length ?? 0, 0);
  assert.ok(lint(server('ssl_ciphers TLS_AES_128_GCM_SHA256;')).some((x) => x.ruleId === 'cipher-string-invalid'));
});

test('cipher-string-invalid: syntax errors point at the item', () => {
  const text = server('ssl_ciphers "HIGH:@STRENGHT";');
  const [f] = only(lint(text), 'cipher-string-invalid');
  assert.equal(covered(text, f), '@STRENGHT');
});

test('cipher-no-usable-suite: per enabled version, using the server\'s protocols', () => {
  const bad = only(lint(server('ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n        ssl_ciphers ECDHE+AESGCM;')), 'cipher-no-usable-suite');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /TLS 1\.0 and TLS 1\.1 are enabled/);
  assert.equal(only(lint(server('ssl_protocols TLSv1.2 TLSv1.3;\n        ssl_ciphers ECDHE+AESGCM;')), 'cipher-no-usable-suite').length, 0);
  assert.equal(only(lint(server('ssl_protocols TLSv1.3;\n        ssl_ciphers ECDHE+AESGCM;')), 'cipher-no-usable-suite').length, 0);
});

test('cipher-sweet32 and cipher-no-forward-secrecy respect the profile\'s own suites', () => {
  const old = { profile: 'old', guideline: '5.8' };
  const text = server('ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:DES-CBC3-SHA;');
  assert.equal(only(lint(text, old), 'cipher-sweet32').length, 0);
  assert.equal(only(lint(text, old), 'cipher-no-forward-secrecy').length, 0);
  assert.equal(only(lint(text), 'cipher-sweet32').length, 1);
  assert.equal(only(lint(text), 'cipher-no-forward-secrecy').length, 1);
});

test('curve-unsupported depends on the target OpenSSL: drop before 3.3, "?" from 3.3, nothing from 3.5', () => {
  const text = server('ssl_ecdh_curve X25519MLKEM768:X25519;');
  const on30 = only(lint(text), 'curve-unsupported');
  assert.equal(covered(text, on30[0]), 'X25519MLKEM768');
  assert.match(on30[0].message, /needs OpenSSL 3\.5/);
  assert.ok(applyEdits(text, on30[0].fixes![0].edits).text.includes('ssl_ecdh_curve X25519;'));
  const on33 = only(lint(text, { targets: { openssl: '3.3.1' } }), 'curve-unsupported');
  assert.ok(applyEdits(text, on33[0].fixes![0].edits).text.includes('ssl_ecdh_curve ?X25519MLKEM768:X25519;'));
  assert.equal(only(lint(text, { targets: { openssl: '3.5.0' } }), 'curve-unsupported').length, 0);
  // Unknown names and wrong case.
  const typo = only(lint(server('ssl_conf_command Groups "X25519:SECP256R1";')), 'curve-unsupported');
  assert.equal(typo.length, 1);
  assert.match(typo[0].message, /case-sensitive: "secp256r1"/);
});

test('weak-curves: weak groups by security bits, and lists without any of the profile\'s groups', () => {
  const text = server('ssl_ecdh_curve secp224r1:prime256v1:ffdhe2048;');
  const found = only(lint(text), 'weak-curves');
  assert.deepEqual(found.map((f) => covered(text, f)), ['secp224r1', 'ffdhe2048']);
  assert.ok(applyEdits(text, found[0].fixes![0].edits).text.includes('ssl_ecdh_curve prime256v1;'));
  const setProfile = found[0].fixes!.find((x) => x.title.startsWith('Set the'))!;
  // The profile's X25519MLKEM768 is left out for OpenSSL 3.0 (curve-unsupported would fire otherwise).
  assert.ok(applyEdits(text, setProfile.edits).text.includes('ssl_ecdh_curve X25519:prime256v1:secp384r1;'));
  assert.equal(only(lint(server('ssl_ecdh_curve secp521r1;')), 'weak-curves').length, 1);
  assert.equal(only(lint(server('ssl_ecdh_curve auto;')), 'weak-curves').length, 0);
  assert.equal(only(lint(server('ssl_ecdh_curve X25519:secp384r1;')), 'weak-curves').length, 0);
});

test('group table: aliases, versions, and list parsing with prefixes', () => {
  assert.equal(groupByName('P-256'), groupByName('prime256v1'));
  assert.equal(groupByName('secp256r1')?.bits, 128);
  assert.equal(groupByName('SECP256R1'), undefined);
  assert.equal(groupSupported(groupByName('X25519MLKEM768')!, '3.4.1'), false);
  assert.equal(groupSupported(groupByName('X25519MLKEM768')!, '3.5.0'), true);
  const toks = parseGroupList('?X25519MLKEM768:*X25519:-secp384r1');
  assert.deepEqual(toks.map((t) => [t.name, t.optional, t.removed, t.start]), [
    ['X25519MLKEM768', true, false, 1],
    ['X25519', false, false, 17],
    ['secp384r1', false, true, 25],
  ]);
});

test('group table agrees with the installed OpenSSL 3.0 on which names it accepts', (t) => {
  if (!hasBinary('openssl')) return t.skip('openssl not installed');
  const version = /OpenSSL (\d+\.\d+\.\d+)/.exec(spawnSync('openssl', ['version'], { encoding: 'utf8' }).stdout)?.[1];
  if (!version) return t.skip('no OpenSSL version');
  const disagree: string[] = [];
  for (const g of TLS_GROUPS) {
    for (const name of g.names) {
      const r = spawnSync('openssl', ['s_client', '-groups', name, '-connect', '127.0.0.1:9'], { encoding: 'utf8', input: '', timeout: 5000 });
      const rejected = /failed to set|error setting|group .* cannot be set|invalid/i.test(r.stderr + r.stdout);
      if (rejected === groupSupported(g, version)) disagree.push(`${name}: openssl ${rejected ? 'rejects' : 'accepts'}, table says ${groupSupported(g, version) ? 'supported' : 'unsupported'} in ${version}`);
    }
  }
  assert.deepEqual(disagree, []);
});

test('the securityLevel setting is the level cipher strings are expanded under', () => {
  const text = 'events {}\nhttp { server { listen 443 ssl; ssl_protocols TLSv1.2; ssl_certificate a; ssl_certificate_key b; ssl_ciphers AES128-SHA:AES256-SHA; } }\n';
  const ids = (level: number) =>
    new Engine()
      .lint({ fs: new MemoryFileSystem({ '/lvl/nginx.conf': text }), files: ['/lvl/nginx.conf'], settings: normalizeSettings({ securityLevel: level }) })
      .findings.get('/lvl/nginx.conf')!
      .map((f) => f.ruleId);
  assert.ok(ids(2).includes('cipher-no-forward-secrecy'));
  assert.ok(!ids(2).includes('cipher-no-usable-suite'));
  // Level 3 drops every suite without forward secrecy: nothing is left to negotiate.
  assert.ok(ids(3).includes('cipher-no-usable-suite'));
  assert.ok(!ids(3).includes('cipher-no-forward-secrecy'));
  const problems: string[] = [];
  normalizeSettings({ securityLevel: 9 }, problems);
  assert.match(problems[0], /securityLevel/);
});

test('cipher and protocol sites: shared protocol lists and looked-up expansions agree with computing each site on its own', () => {
  // cipherSites keeps one protocol list per version set and one expansion per (side, set, string);
  // explicitProtocols looks each token text up once and groups directives by block and name. Every
  // site must still read as if computed alone.
  const text = [
    'events {}',
    'http {',
    '    ssl_protocols TLSv1 TLSv1.2;',
    '    ssl_ciphers HIGH:!aNULL;',
    '    proxy_ssl_protocols SSLv3 tlsv1.1 TLSv1.3 TLSv9;',
    '    proxy_ssl_ciphers HIGH:!aNULL;',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_protocols SSLv2 SSLv3 TLSv1.2; ssl_protocols TLSV1.3; location / { proxy_pass https://u; } }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_ciphers HIGH:!aNULL; ssl_protocols TLSv1.2; }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_ciphers HIGH:!aNULL; ssl_protocols TLSv1.2 TLSv1.3; }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_ciphers HIGH:!aNULL; ssl_protocols TLSv1.3 TLSv1.2; }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_protocols TLSv1.2; }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; }',
    '    server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_ciphers AES128-SHA; proxy_ssl_ciphers AES128-SHA; location / { proxy_pass https://v; } }',
    '}',
    '',
  ].join('\n');
  const ws = new Workspace({ fs: new MemoryFileSystem({ [FILE]: text }), settings: normalizeSettings({}), files: [FILE] });
  const order = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const sites = cipherSites(ws);
  assert.equal(sites.length, 7);
  const policies = nginxPolicies(ws);
  for (const site of sites) {
    const users = site.side === 'server' ? site.servers.map((s) => s.protocols.value) : site.upstreams.map((u) => u.protocols.value);
    const union = new Set(users.length ? users.flat() : nginxDefaultProtocols(ws.settings.targets.nginx).value);
    assert.deepEqual(site.protocols, order.filter((p) => union.has(p)), site.text);
    assert.deepEqual(site.expansion, expandForProtocols(site.text, site.protocols, 2, site.side === 'server' ? 'server' : 'client'), site.text);
    for (const other of sites) if (sameItems(other.protocols, site.protocols)) assert.equal(other.protocols, site.protocols);
  }
  assert.ok(policies.servers.length >= 7);
  const explicit = explicitProtocols(ws);
  assert.equal(explicit.length, 8);
  // A group: the directives of the same name in the same block (the http lines, or one server's line).
  const block = (e: (typeof explicit)[number]) => (e.directive.range.start.line <= 5 ? 'http' : String(e.directive.range.start.line));
  for (const e of explicit) {
    assert.deepEqual(e.group, explicit.filter((x) => block(x) === block(e) && x.directive.lname === e.directive.lname));
    assert.equal(e.side, e.directive.lname === 'ssl_protocols' ? 'server' : 'upstream');
    assert.deepEqual(
      [...e.tokens.map((t) => t.range), ...e.unknown.map((u) => u.range)].sort((x, y) => x.start.character - y.start.character),
      e.directive.args.map((x) => x.range),
    );
    assert.deepEqual(e.unknown.map((u) => u.text), e.directive.args.filter((x) => !canonicalProtocol(x.text)).map((x) => x.text));
  }
  assert.equal(explicit.filter((e) => e.group.length === 2).length, 2);
  for (const e of explicit) for (const t of e.tokens) assert.equal(t.protocol, canonicalProtocol(e.directive.args.find((a) => a.range === t.range)!.text));
});

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

test('cipher-string-invalid: an error in what the server appends stays inside the argument, and the message names the server', () => {
  // mod_ssl appends :!aNULL:!eNULL:!EXP, so OpenSSL's complaint about `HIGH:!` lies at "!:", one
  // character past the argument (found by `npm run fuzz`, with the file ending right after it).
  const cases: [string, string, string, RegExp][] = [
    ['/a/apache2/apache2.conf', 'Listen 443\n<VirtualHost *:443>\n  SSLEngine on\n  SSLCipherSuite HIGH:!', 'HIGH:!', /so httpd fails to start$/],
    ['/s/squid/squid.conf', 'https_port 3129 tls-cert=/c.pem cipher=HIGH:!', 'HIGH:!', /so Squid stops$/],
    ['/n/nginx/nginx.conf', 'events {}\nhttp { server { listen 443 ssl; ssl_ciphers HIGH:!; } }', 'HIGH:!', /so nginx fails to start$/],
  ];
  for (const [file, text, arg, said] of cases) {
    const r = new Engine().lint({ fs: new MemoryFileSystem({ [file]: text }), files: [file], settings: normalizeSettings({}) });
    const found = (r.findings.get(file) ?? []).filter((f) => f.ruleId === 'cipher-string-invalid');
    assert.equal(found.length, 1, file);
    assert.match(found[0].message, said);
    const lines = text.split('\n');
    const { start, end } = found[0].range;
    assert.equal(start.line, end.line);
    const argStart = lines[start.line].indexOf(arg);
    assert.ok(start.character >= argStart && end.character <= argStart + arg.length && end.character > start.character, `${file}: ${JSON.stringify(found[0].range)}`);
  }
});
