import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginx } from '../../server/src/engine/syntax/nginx';
import type { Directive } from '../../server/src/engine/syntax/tree';
import { contextOfChain, enclosingBlocks, nodeAt } from '../../server/src/engine/features/nodeAt';
import { hoverNginx } from '../../server/src/engine/features/hover';
import type { CompletionEntry } from '../../server/src/engine/features/completion';
import { nginxSymbols } from '../../server/src/engine/features/symbols';
import { nginxIncludeLinks } from '../../server/src/engine/features/links';
import { at, completeAt, hoverAt } from '../helpers/cursor';

const hover = hoverAt;
const complete = completeAt;

const labels = (entries: CompletionEntry[]) => entries.map((e) => e.label);

function fencesBalanced(md: string): boolean {
  return (md.match(/^```/gm) ?? []).length % 2 === 0;
}

// ---------------------------------------------------------------------------------------------
// nodeAt

test('nodeAt finds the directive, the argument and the enclosing blocks', () => {
  const { parsed, pos } = at('http {\n  server {\n    ssl_protocols TLSv1.2 TL|Sv1.3;\n  }\n}\n');
  const n = nodeAt(parsed, pos)!;
  assert.equal(n.directive.name, 'ssl_protocols');
  assert.equal(n.part, 'arg');
  assert.equal(n.argIndex, 1);
  assert.equal(n.arg!.text, 'TLSv1.3');
  assert.deepEqual(n.parents.map((p) => p.name), ['http', 'server']);
  assert.equal(contextOfChain(parsed, n.parents), 'server');
});

test('nodeAt on a block head, and in whitespace inside a block', () => {
  const a = at('server {\n  locat|ion /api {\n  }\n}\n');
  const n = nodeAt(a.parsed, a.pos)!;
  assert.equal(n.directive.name, 'location');
  assert.equal(n.part, 'name');
  assert.deepEqual(n.parents.map((p) => p.name), ['server']);
  const b = at('stream {\n  server {\n    |\n  }\n}\n');
  assert.equal(nodeAt(b.parsed, b.pos), undefined);
  const chain = enclosingBlocks(b.parsed, b.pos);
  assert.deepEqual(chain.map((d) => d.name), ['stream', 'server']);
  assert.equal(contextOfChain(b.parsed, chain), 'stream-server');
});

test('contexts of if, upstream, limit_except and data blocks', () => {
  const ctxAt = (src: string) => {
    const { parsed, pos } = at(src);
    return contextOfChain(parsed, enclosingBlocks(parsed, pos));
  };
  assert.equal(ctxAt('events {}\nhttp { server { if ($x) { | } } }'), 'if-server');
  assert.equal(ctxAt('events {}\nhttp { server { location / { if ($x) { | } } } }'), 'if-location');
  assert.equal(ctxAt('events {}\nhttp { upstream u { | } }'), 'upstream');
  assert.equal(ctxAt('events {}\nstream { upstream u { | } }'), 'stream-upstream');
  assert.equal(ctxAt('events {}\nhttp { server { location / { limit_except GET { | } } } }'), 'limit_except');
  assert.equal(ctxAt('events {}\nhttp { map $a $b { | } }'), 'data');
  assert.equal(ctxAt('events {}\n|'), 'main');
  // A fragment with server blocks at the top is read as an http context; an empty one is unknown.
  assert.equal(ctxAt('server { listen 80; }\n|'), 'http');
  assert.equal(ctxAt('|'), undefined);
});

// ---------------------------------------------------------------------------------------------
// hover

test('hover on a TLS directive name shows syntax, defaults by version, contexts and the reference link', () => {
  const src = 'server {\n  ssl_prot|ocols TLSv1.2 TLSv1.3;\n}\n';
  const h = hover(src)!;
  assert.ok(h);
  assert.deepEqual(h.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 15 } });
  assert.match(h.markdown, /```nginx\nssl_protocols \[SSLv2\] \[SSLv3\] \[TLSv1\] \[TLSv1\.1\] \[TLSv1\.2\] \[TLSv1\.3\];\n```/);
  assert.match(h.markdown, /`ssl_protocols TLSv1\.2 TLSv1\.3;` \(since 1\.27\.3\)/);
  assert.match(h.markdown, /`ssl_protocols TLSv1 TLSv1\.1 TLSv1\.2 TLSv1\.3;` \(1\.23\.4 – before 1\.27\.3\)/);
  assert.match(h.markdown, /\*\*Context:\*\* http, server, stream, server in stream, mail, server in mail/);
  assert.match(h.markdown, /\(https:\/\/nginx\.org\/en\/docs\/http\/ngx_http_ssl_module\.html#ssl_protocols\)/);
  assert.ok(fencesBalanced(h.markdown));
});

test('hover on removed, obsolete, undocumented and third-party directives', () => {
  const ssl = hover('server {\n  s|sl on;\n}\n')!;
  assert.match(ssl.markdown, /Removed in nginx 1\.25\.1/);
  assert.match(ssl.markdown, /listen 443 ssl/);
  const push = hover('server {\n  http2_pu|sh /a;\n}\n')!;
  assert.match(push.markdown, /Obsolete since nginx 1\.25\.1/);
  const gzip = hover('http {\n  gz|ip on;\n}\n')!;
  assert.match(gzip.markdown, /```nginx\ngzip on \| off;\n```/);
  assert.match(gzip.markdown, /ngx_http_gzip_filter_module/);
  assert.match(gzip.markdown, /ngx_http_gzip_module\.html#gzip/);
  const lua = hover('server {\n  location / {\n    more_set_hea|ders "X: y";\n  }\n}\n')!;
  assert.match(lua.markdown, /third-party/);
  for (const h of [ssl, push, gzip, lua]) assert.ok(fencesBalanced(h.markdown));
});

test('no hover on unknown directives, whitespace or data blocks', () => {
  assert.equal(hover('server {\n  ssl_protoc|ol TLSv1.2;\n}\n'), undefined);
  assert.equal(hover('server {\n  | \n}\n'), undefined);
  assert.equal(hover('http {\n  map $a $b {\n    defa|ult 0;\n  }\n}\n'), undefined);
});

test('hover on protocol values explains why they are deprecated or insecure', () => {
  const tls1 = hover('server {\n  ssl_protocols TLS|v1 TLSv1.2;\n}\n')!;
  assert.match(tls1.markdown, /RFC 8996/);
  assert.match(tls1.markdown, /\*\*Deprecated\.\*\*/);
  assert.deepEqual(tls1.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 21 } });
  const ssl3 = hover('http {\n  proxy_ssl_protocols SSL|v3;\n}\n')!;
  assert.match(ssl3.markdown, /POODLE/);
  assert.match(ssl3.markdown, /\*\*Insecure\.\*\*/);
  assert.equal(hover('server {\n  ssl_protocols TLS|v1.4;\n}\n'), undefined);
  const verify = hover('location / {\n  proxy_ssl_verify o|ff;\n}\n')!;
  assert.match(verify.markdown, /impersonation/);
  const always = hover('server {\n  add_header Strict-Transport-Security "max-age=63072000" alw|ays;\n}\n')!;
  assert.match(always.markdown, /error/);
});

test('hover on an element of a curve or cipher list covers that element only', () => {
  const h = hover('server {\n  ssl_ecdh_curve X25519:prime2|56v1:secp384r1;\n}\n')!;
  assert.match(h.markdown, /P-256/);
  assert.deepEqual(h.range, { start: { line: 1, character: 24 }, end: { line: 1, character: 34 } });
  const c = hover('server {\n  ssl_ciphers "ECDHE+AESGCM:!aN|ULL";\n}\n')!;
  assert.match(c.markdown, /unauthenticated/);
  assert.deepEqual(c.range, { start: { line: 1, character: 28 }, end: { line: 1, character: 34 } });
});

test('hover on listen parameters', () => {
  const ssl = hover('server {\n  listen 443 s|sl;\n}\n')!;
  assert.match(ssl.markdown, /wrong version number/);
  assert.deepEqual(ssl.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 16 } });
  const h2 = hover('server {\n  listen 443 ssl htt|p2;\n}\n')!;
  assert.match(h2.markdown, /Deprecated since nginx 1\.25\.1/);
  assert.match(h2.markdown, /http2 on;/);
  const backlog = hover('server {\n  listen 443 ssl back|log=511;\n}\n')!;
  assert.match(backlog.markdown, /backlog=number/);
  assert.equal(hover('server {\n  listen 44|3 ssl;\n}\n'), undefined);
  assert.ok(fencesBalanced(ssl.markdown) && fencesBalanced(h2.markdown));
});

// ---------------------------------------------------------------------------------------------
// completion

test('directive names valid in location: upstream TLS yes, handshake settings no', () => {
  const items = complete('events {}\nhttp {\n  server {\n    location / {\n      |\n    }\n  }\n}\n');
  const names = labels(items);
  assert.ok(names.includes('proxy_ssl_verify') && names.includes('add_header') && names.includes('proxy_pass'));
  assert.ok(!names.includes('ssl_protocols') && !names.includes('listen') && !names.includes('worker_processes'));
  assert.ok(!names.includes('ssl'), 'removed directives are not offered');
  assert.ok(!names.includes('http2_push'), 'obsolete directives are not offered');
});

test('directive names in server: TLS ones sorted first, snippets for new statements', () => {
  const items = complete('events {}\nhttp {\n  server {\n    |\n  }\n}\n');
  const names = labels(items);
  assert.ok(names.includes('ssl_protocols') && names.includes('listen') && names.includes('location'));
  const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
  const firstNonTls = sorted.findIndex((e) => !/^(ssl|proxy_ssl|grpc_ssl|uwsgi_ssl|quic_|http2|http3|listen|server_name|resolver|add_header)/.test(e.label));
  const lastTls = sorted.map((e) => e.label).lastIndexOf('ssl_verify_depth');
  assert.ok(lastTls < firstNonTls, 'TLS directives come first');
  const stapling = items.find((e) => e.label === 'ssl_stapling')!;
  assert.equal(stapling.insertText, 'ssl_stapling ${1|on,off|};');
  assert.equal(stapling.snippet, true);
  assert.match(stapling.documentation!, /OCSP/);
  const loc = items.find((e) => e.label === 'location')!;
  assert.equal(loc.insertText, 'location $1 {\n\t$0\n}');
});

test('directive names: a partly typed name is replaced; top level of an unknown fragment offers everything', () => {
  const items = complete('server {\n  ssl_pro|\n}\n');
  const p = items.find((e) => e.label === 'ssl_protocols')!;
  assert.deepEqual(p.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
  assert.equal(p.insertText, 'ssl_protocols $0;');
  const all = labels(complete('|'));
  assert.ok(all.includes('ssl_protocols') && all.includes('worker_processes') && all.includes('proxy_pass') && all.includes('ssl_preread'));
  const main = labels(complete('events {}\n|'));
  assert.ok(main.includes('worker_processes') && main.includes('http') && !main.includes('ssl_protocols'));
  const stream = labels(complete('stream {\n  server {\n    |\n  }\n}\n'));
  assert.ok(stream.includes('ssl_preread') && stream.includes('proxy_ssl') && !stream.includes('add_header'));
});

test('values: protocols not yet present', () => {
  const items = complete('server {\n  ssl_protocols TLSv1.2 |;\n}\n');
  const names = labels(items);
  assert.ok(names.includes('TLSv1.3') && names.includes('TLSv1') && !names.includes('TLSv1.2'));
  const v13 = items.find((e) => e.label === 'TLSv1.3')!;
  const v1 = items.find((e) => e.label === 'TLSv1')!;
  assert.ok(v13.sortText! < v1.sortText!, 'recommended before deprecated');
  assert.equal(v1.detail, 'deprecated');
  // Editing an argument replaces it up to the cursor.
  const partial = complete('server {\n  ssl_protocols TLSv1.|\n}\n').find((e) => e.label === 'TLSv1.3')!;
  assert.deepEqual(partial.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 22 } });
});

test('values: on/off for flags, nothing after a flag is set', () => {
  assert.deepEqual(labels(complete('server {\n  ssl_stapling |\n}\n')).sort(), ['off', 'on']);
  assert.deepEqual(labels(complete('server {\n  ssl_early_data |;\n}\n')).sort(), ['off', 'on']);
  assert.deepEqual(complete('server {\n  ssl_stapling on |;\n}\n'), []);
  assert.deepEqual(labels(complete('server {\n  ssl_verify_client |;\n}\n')).sort(), ['off', 'on', 'optional', 'optional_no_ca']);
});

test('values: listen parameters by module, without the ones already written', () => {
  const http = labels(complete('server {\n  listen 443 |;\n}\n'));
  assert.ok(http.includes('ssl') && http.includes('default_server') && http.includes('quic') && http.includes('backlog='));
  assert.ok(!http.includes('udp') && !http.includes('spdy'));
  const again = labels(complete('server {\n  listen 443 ssl |;\n}\n'));
  assert.ok(!again.includes('ssl') && again.includes('reuseport'));
  const withValue = labels(complete('server {\n  listen 443 backlog=511 |;\n}\n'));
  assert.ok(!withValue.includes('backlog='));
  const stream = labels(complete('stream {\n  server {\n    listen 53 |;\n  }\n}\n'));
  assert.ok(stream.includes('udp') && !stream.includes('quic'));
  assert.ok(labels(complete('server {\n  listen |\n}\n')).includes('[::]:443'));
});

test('values: curves one element at a time, header names and always for add_header, schemes', () => {
  const curves = complete('server {\n  ssl_ecdh_curve X25519:|;\n}\n');
  const names = labels(curves);
  assert.ok(names.includes('prime256v1') && !names.includes('X25519') && !names.includes('auto:'));
  assert.deepEqual(curves[0].range, { start: { line: 1, character: 24 }, end: { line: 1, character: 24 } });
  assert.ok(labels(complete('server {\n  ssl_ecdh_curve |;\n}\n')).includes('X25519'));
  assert.ok(labels(complete('server {\n  add_header |\n}\n')).includes('Strict-Transport-Security'));
  assert.ok(!labels(complete('server {\n  add_header |\n}\n')).includes('always'));
  assert.deepEqual(labels(complete('server {\n  add_header Strict-Transport-Security "max-age=63072000" |;\n}\n')), ['always']);
  assert.ok(labels(complete('location / {\n  proxy_pass |\n}\n')).includes('https://'));
  assert.ok(labels(complete('location / {\n  grpc_pass |\n}\n')).includes('grpcs://'));
});

test('no completion in comments or data blocks', () => {
  assert.deepEqual(complete('server {\n  # ssl_|\n}\n'), []);
  assert.deepEqual(complete('http {\n  map $a $b {\n    |\n  }\n}\n'), []);
});

// ---------------------------------------------------------------------------------------------
// symbols

test('symbols: servers named by server_name or listen, locations with modifiers, nesting', () => {
  const parsed = parseNginx('/etc/nginx/nginx.conf', [
    'events {}',
    'http {',
    '  upstream backend { server 10.0.0.1:443; }',
    '  map $host $x { default 0; }',
    '  server {',
    '    listen 443 ssl;',
    '    listen [::]:443 ssl;',
    '    server_name example.com www.example.com;',
    '    location = /health { return 200; }',
    '    location /api {',
    '      location ~* \\.json$ { }',
    '    }',
    '    location @fallback { }',
    '  }',
    '  server {',
    '    listen 8443;',
    '  }',
    '  server { }',
    '}',
    'stream {',
    '  server { listen 12345 ssl; }',
    '}',
  ].join('\n'));
  const syms = nginxSymbols(parsed);
  assert.deepEqual(syms.map((s) => [s.kind, s.name]), [['events', 'events'], ['http', 'http'], ['stream', 'stream']]);
  const http = syms[1];
  assert.deepEqual(http.children.map((s) => [s.kind, s.name]), [
    ['upstream', 'upstream backend'],
    ['map', 'map $host $x'],
    ['server', 'server example.com www.example.com'],
    ['server', 'server :8443'],
    ['server', 'server'],
  ]);
  const tls = http.children[2];
  assert.equal(tls.detail, ':443 ssl, [::]:443 ssl');
  assert.deepEqual(tls.children.map((s) => s.name), ['location = /health', 'location /api', 'location @fallback']);
  assert.deepEqual(tls.children[1].children.map((s) => [s.kind, s.name]), [['location', 'location ~* \\.json$']]);
  assert.deepEqual(tls.selectionRange, { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } });
  assert.deepEqual(tls.range.start, { line: 4, character: 2 });
  assert.deepEqual(tls.range.end, { line: 13, character: 3 });
  assert.deepEqual(syms[2].children.map((s) => [s.kind, s.name, s.detail]), [['server', 'server :12345', ':12345 ssl']]);
});

// ---------------------------------------------------------------------------------------------
// links

test('links: include and TLS file arguments resolving to exactly one file', () => {
  const parsed = parseNginx('/etc/nginx/nginx.conf', [
    'include conf.d/one.conf;',
    'include conf.d/*.conf;',
    'include missing.conf;',
    'server {',
    '  ssl_certificate /etc/ssl/site.pem;',
    '  ssl_certificate_key "data:-----BEGIN PRIVATE KEY-----";',
    '  ssl_trusted_certificate $ca;',
    '  proxy_ssl_trusted_certificate /etc/ssl/ca.pem;',
    '  ssl_protocols TLSv1.3;',
    '}',
  ].join('\n'));
  const asked: string[] = [];
  const resolve = (d: Directive): string[] => {
    asked.push(d.args[0].text);
    const v = d.args[0].text;
    if (v === 'conf.d/one.conf') return ['/etc/nginx/conf.d/one.conf'];
    if (v === 'conf.d/*.conf') return ['/etc/nginx/conf.d/a.conf', '/etc/nginx/conf.d/b.conf'];
    if (v.startsWith('/etc/ssl/')) return [v];
    return [];
  };
  const links = nginxIncludeLinks(parsed, resolve);
  assert.deepEqual(links, [
    { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 23 } }, target: '/etc/nginx/conf.d/one.conf' },
    { range: { start: { line: 4, character: 18 }, end: { line: 4, character: 35 } }, target: '/etc/ssl/site.pem' },
    { range: { start: { line: 7, character: 32 }, end: { line: 7, character: 47 } }, target: '/etc/ssl/ca.pem' },
  ]);
  assert.ok(!asked.some((a) => a.startsWith('data:')), 'inline PEM is never resolved');
  assert.ok(!asked.includes('TLSv1.3'));
});

test('deeply nested blocks do not overflow the stack', () => {
  const depth = 10000;
  const text = 'server {\n' + 'location / {\n'.repeat(depth) + 'ssl_certificate /c.pem;\n' + '}\n'.repeat(depth) + '}\n';
  const parsed = parseNginx('/etc/nginx/deep.conf', text);
  let deepest = nginxSymbols(parsed)[0];
  let levels = 0;
  while (deepest.children.length) {
    deepest = deepest.children[0];
    levels++;
  }
  assert.equal(levels, depth);
  assert.equal(nginxIncludeLinks(parsed, (d) => [d.args[0].text]).length, 1);
  const pos = { line: depth + 1, character: 5 };
  assert.equal(nodeAt(parsed, pos)!.directive.name, 'ssl_certificate');
  assert.equal(hoverNginx(parsed, pos)!.range.start.line, depth + 1);
});
