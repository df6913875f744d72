// The nginx policies find each server's directives through per-computation tables (a server block's own
// items sorted by name once, the outer blocks' answers kept, max-age per HSTS value): every record must
// read as if each value were looked up on its own, level by level, whatever the sizes of the blocks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Workspace, type BlockContext, type Item } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { effectiveItems, hstsMaxAge, itemsIn, nginxPolicies, parseListen } from '../../server/src/engine/model/nginxPolicy';

/** A block of `n` filler directives (none of them a name the policies read). */
const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `set $${tag}${i} ${i};`).join(' ');

const text = [
  'events {}',
  'http {',
  // An http block small enough to be sorted by name itself (between 8 and 32 items).
  '  resolver 10.0.0.1;',
  '  ssl_stapling on;',
  '  ssl_ciphers HIGH;',
  '  ssl_certificate /c/http.pem;',
  '  ssl_certificate_key /c/http.key;',
  '  add_header Strict-Transport-Security "max-age=100";',
  '  proxy_ssl_verify on;',
  '  proxy_ssl_protocols TLSv1.2;',
  `  ${filler(3, 'h')}`,
  // A small server (fewer than 8 items): everything but its listen comes from http.
  '  server { listen 443 ssl; server_name small.test; location / { proxy_pass https://a.test; } }',
  // A middle-sized one with its own values and locations asking about proxy_ssl_*.
  `  server { listen 8443 ssl default_server; listen [::]:8443 ssl; server_name mid.test www.mid.test; ssl_protocols TLSv1.3; ssl_ciphers ECDHE+AESGCM; ssl_prefer_server_ciphers on; ssl_session_tickets off; ssl_certificate /c/mid.pem; ssl_certificate_key /c/mid.key; add_header Strict-Transport-Security "max-age=200" always; ${filler(2, 'm')}`,
  '    location /x { proxy_pass https://b.test; proxy_ssl_verify off; proxy_ssl_name b; }',
  '    location /y { grpc_pass grpcs://c.test; }',
  '  }',
  // A large one (more than 32 items), with ssl on and a resolver of its own.
  `  server { listen 10.0.0.2:443; ssl on; server_name large.test; resolver 10.0.0.9 10.0.0.8; ssl_stapling off; ssl_dhparam /c/dh.pem; ssl_ecdh_curve X25519; ${filler(40, 'l')}`,
  '    location / { proxy_pass https://d.test; }',
  '  }',
  // A middle-sized one with ssl_conf_command, add_header without HSTS, and a small location with many names.
  `  server { listen 443 ssl; server_name conf.test; ssl_conf_command CipherString ECDHE; ssl_conf_command Options -ServerPreference; add_header X-Frame-Options DENY; ssl_reject_handshake on; ${filler(5, 'c')}`,
  '    location / { proxy_pass https://e.test; proxy_ssl_protocols TLSv1.3; proxy_ssl_ciphers ECDHE; proxy_ssl_certificate /c/client.pem; proxy_ssl_trusted_certificate /c/ca.pem; proxy_ssl_server_name on; }',
  '  }',
  // Pass directives in the server block itself: one kind (read from the server's table), and three kinds
  // in a mixed order (the block's order, found by a scan).
  `  server { listen 443 ssl; server_name pass.test; grpc_pass grpcs://k.test; ${filler(8, 'p')} grpc_pass grpcs://l.test; }`,
  `  server { listen 443 ssl; server_name mixed.test; uwsgi_pass suwsgi://m.test; ${filler(8, 'x')} proxy_pass https://n.test; grpc_pass grpcs://o.test; proxy_pass https://p.test; }`,
  '  server { listen 80; server_name plain.test; add_header Strict-Transport-Security "max-age=100"; location / { uwsgi_pass suwsgi://f.test; } }',
  '}',
  `stream { ${filler(10, 's')} proxy_ssl on; server { listen 5000 ssl; proxy_pass g.test:5001; proxy_ssl_verify on; } }`,
  '',
].join('\n');

const last = (items: Item[]) => items[items.length - 1];

test('server and upstream records equal a level-by-level lookup of each name', () => {
  const file = '/n/nginx.conf';
  const ws = new Workspace({ fs: new MemoryFileSystem({ [file]: text }), settings: normalizeSettings({}), files: [file] });
  const { servers, upstreams } = nginxPolicies(ws);
  assert.equal(servers.length, 8);
  assert.equal(upstreams.length, 13);
  // Every pass item of the tree makes an upstream here, in the order of a plain scan of every block.
  const passes = ws.roots.flatMap((r) => r.contexts.flatMap((c) => c.items.filter((i) => ['proxy_pass', 'grpc_pass', 'uwsgi_pass'].includes(i.directive.lname))));
  assert.deepEqual(upstreams.map((u) => u.item), passes);
  const sizes = new Set(servers.map((s) => (s.ctx.items.length < 8 ? 'small' : s.ctx.items.length > 32 ? 'large' : 'mid')));
  assert.deepEqual([...sizes].sort(), ['large', 'mid', 'small']);
  for (const s of servers) {
    const c: BlockContext = s.ctx;
    const label = s.names[0]?.name ?? s.kind;
    assert.deepEqual(s.listens.map((l) => l.item), itemsIn(c, 'listen'), label);
    assert.deepEqual(
      s.names.map((n) => [n.name, n.item]),
      itemsIn(c, 'server_name').flatMap((it) => it.directive.args.map((a) => [a.text, it])),
      label,
    );
    assert.deepEqual(s.certificateItems, effectiveItems(c, 'ssl_certificate'), label);
    assert.deepEqual(s.keyItems, effectiveItems(c, 'ssl_certificate_key'), label);
    assert.deepEqual(s.headers, effectiveItems(c, 'add_header'), label);
    assert.deepEqual(s.protocols.items, effectiveItems(c, 'ssl_protocols').length ? effectiveItems(c, 'ssl_protocols') : undefined, label);
    const commands = effectiveItems(c, 'ssl_conf_command');
    if (!commands.length) assert.equal(s.ciphers.item, last(effectiveItems(c, 'ssl_ciphers')), label);
    if (!commands.length) assert.equal(s.preferServerCiphers.item, last(effectiveItems(c, 'ssl_prefer_server_ciphers')), label);
    assert.equal(s.ecdhCurve.item, last(effectiveItems(c, 'ssl_ecdh_curve')), label);
    assert.equal(s.dhparam?.item, last(effectiveItems(c, 'ssl_dhparam')), label);
    assert.equal(s.sessionTickets.item, last(effectiveItems(c, 'ssl_session_tickets')), label);
    assert.equal(s.stapling.item, last(effectiveItems(c, 'ssl_stapling')), label);
    assert.equal(s.resolver?.item, last(effectiveItems(c, 'resolver')), label);
    assert.deepEqual(s.resolver?.value, last(effectiveItems(c, 'resolver'))?.directive.args.map((a) => a.text), label);
    assert.equal(s.rejectHandshake.item, last(effectiveItems(c, 'ssl_reject_handshake')), label);
    assert.equal(s.sslOn, last(effectiveItems(c, 'ssl')), label);
    const hsts = effectiveItems(c, 'add_header').find((i) => i.directive.args[0]?.text.toLowerCase() === 'strict-transport-security');
    assert.equal(s.hsts?.item, hsts, label);
    if (s.hsts) assert.equal(s.hsts.maxAge, hstsMaxAge(s.hsts.value), label);
  }
  // The two HSTS values of the tree each keep their own max-age.
  assert.deepEqual([...new Set(servers.map((s) => s.hsts?.maxAge))].sort(), [100, 200, undefined].sort());
  for (const u of upstreams) {
    const c = u.ctx;
    const p = u.prefix;
    assert.equal(u.verify.item, last(effectiveItems(c, p + 'verify')), u.url);
    assert.equal(u.name?.item, last(effectiveItems(c, p + 'name')), u.url);
    assert.equal(u.trusted?.item, last(effectiveItems(c, p + 'trusted_certificate')), u.url);
    assert.equal(u.certificate?.item, last(effectiveItems(c, p + 'certificate')), u.url);
    assert.equal(u.serverName.item, last(effectiveItems(c, p + 'server_name')), u.url);
    assert.equal(u.ciphers.item, last(effectiveItems(c, p + 'ciphers')), u.url);
    assert.deepEqual(u.protocols.items, effectiveItems(c, p + 'protocols').length ? effectiveItems(c, p + 'protocols') : undefined, u.url);
  }
});

test('listen addresses parsed through the shared table equal a parse of each on its own', () => {
  const addresses = ['443', '444', '8443', '[::]', '[::]:443', '[::1]:8443', 'unix:/run/x.sock', 'unix:/run/y.sock', '127.0.0.1', '127.0.0.1:80', '127.0.0.2:80', 'localhost:8080', 'example.test', '*:443', '*:444', '443x', '[::]:abc', ''];
  const file = '/n/nginx.conf';
  const conf = `events {}\nhttp {\n${[...addresses, ...addresses.slice().reverse()].map((a) => `  server { listen "${a}" ssl; }`).join('\n')}\n}\n`;
  const ws = new Workspace({ fs: new MemoryFileSystem({ [file]: conf }), settings: normalizeSettings({}), files: [file] });
  const { servers } = nginxPolicies(ws);
  assert.equal(servers.length, addresses.length * 2);
  const table = new Map();
  for (const s of servers) {
    const item = s.ctx.items[0];
    const alone = parseListen(item);
    assert.ok(alone);
    for (const l of [s.listens[0], parseListen(item, table)]) {
      assert.equal(l?.host, alone.host, alone.address);
      assert.equal(l?.port, alone.port, alone.address);
      assert.equal(l?.address, alone.address);
    }
  }
});
