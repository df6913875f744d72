import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Workspace } from '../../server/src/engine/model/workspace';
import { nginxPolicies, nginxDefaultProtocols, originText, effectiveItems, effectiveItem, itemsIn, confCommand } from '../../server/src/engine/model/nginxPolicy';
import { Engine } from '../../server/src/engine/engine';
import { PROTOCOLS, canonicalProtocol } from '../../server/src/engine/tls/protocols';
import { expandGlob, globSegmentToRegExp, applyPathMappings } from '../../server/src/engine/model/paths';

function ws(files: Record<string, string>, opts: { lint?: string[]; settings?: unknown } = {}): Workspace {
  const fs = new MemoryFileSystem(files);
  const all = Object.keys(files);
  return new Workspace({ fs, settings: normalizeSettings(opts.settings ?? {}), files: opts.lint ?? all, workspaceFiles: all });
}

test('globs follow glob(3): sorted, no leading-dot matches, character classes', () => {
  const fs = new MemoryFileSystem({ '/e/a/b.conf': '', '/e/a/a.conf': '', '/e/a/.hidden.conf': '', '/e/a/c.txt': '', '/e/a/d1.conf': '' });
  assert.deepEqual(expandGlob(fs, '/e/a/*.conf'), ['/e/a/a.conf', '/e/a/b.conf', '/e/a/d1.conf']);
  assert.deepEqual(expandGlob(fs, '/e/a/[ab].conf'), ['/e/a/a.conf', '/e/a/b.conf']);
  assert.deepEqual(expandGlob(fs, '/e/a/d?.conf'), ['/e/a/d1.conf']);
  assert.deepEqual(expandGlob(fs, '/e/*/a.conf'), ['/e/a/a.conf']);
  assert.ok(!globSegmentToRegExp('[!a]*').test('abc'));
  assert.ok(globSegmentToRegExp('[!a]*').test('bcd'));
});

test('path mappings: longest prefix wins, relative targets resolve against baseDir', () => {
  const m = [{ from: '/etc', to: '/x' }, { from: '/etc/nginx', to: 'deploy/nginx' }];
  assert.equal(applyPathMappings('/etc/nginx/conf.d/a.conf', m, '/repo'), '/repo/deploy/nginx/conf.d/a.conf');
  assert.equal(applyPathMappings('/etc/ssl/x.pem', m, '/repo'), '/x/ssl/x.pem');
  assert.equal(applyPathMappings('/etcetera/x', m, '/repo'), '/etcetera/x');
});

test('includes resolve relative to the root prefix and splice directives into the including block', () => {
  const w = ws({
    '/srv/nginx/nginx.conf': 'events {}\nhttp {\n  ssl_protocols TLSv1.2;\n  include sites/*.conf;\n}\n',
    '/srv/nginx/sites/a.conf': 'server { listen 443 ssl; server_name a.test; location / { include snippets/x.conf; } }\n',
    '/srv/nginx/snippets/x.conf': 'proxy_pass https://up.test;\n',
  });
  assert.equal(w.roots.length, 1);
  const root = w.roots[0];
  assert.equal(root.fragment, false);
  assert.deepEqual([...root.files].sort(), ['/srv/nginx/nginx.conf', '/srv/nginx/sites/a.conf', '/srv/nginx/snippets/x.conf']);
  const { servers, upstreams } = nginxPolicies(w);
  assert.equal(servers.length, 1);
  assert.deepEqual(servers[0].protocols.value, ['TLSv1.2']);
  assert.equal(servers[0].protocols.item?.directive.file, '/srv/nginx/nginx.conf');
  assert.equal(originText(servers[0].protocols), '/srv/nginx/nginx.conf:3');
  assert.equal(upstreams.length, 1);
  assert.equal(upstreams[0].host, 'up.test');
  assert.equal(upstreams[0].ctx.kind, 'location');
  assert.deepEqual(w.dependents('/srv/nginx/snippets/x.conf').sort(), ['/srv/nginx/nginx.conf', '/srv/nginx/sites/a.conf']);
});

test('absolute /etc/nginx includes fall back to the root prefix when the workspace holds a copy', () => {
  const w = ws({
    '/repo/deploy/nginx/nginx.conf': 'events {}\nhttp { include /etc/nginx/conf.d/*.conf; include /etc/nginx/tls.conf; }\n',
    '/repo/deploy/nginx/conf.d/a.conf': 'server { listen 443 ssl; }\n',
    '/repo/deploy/nginx/tls.conf': 'ssl_protocols TLSv1.3;\n',
  });
  assert.ok(w.roots[0].files.has('/repo/deploy/nginx/conf.d/a.conf'));
  assert.ok(w.roots[0].files.has('/repo/deploy/nginx/tls.conf'));
  assert.deepEqual(w.problems, []);
});

test('explicit path mappings are applied to includes', () => {
  const w = ws(
    {
      '/repo/nginx.conf': 'events {}\nhttp { include /opt/conf/site.conf; }\n',
      '/repo/other/site.conf': 'server { listen 80; }\n',
    },
    { settings: { pathMappings: { '/opt/conf': '/repo/other' } } },
  );
  assert.ok(w.roots[0].files.has('/repo/other/site.conf'));
});

test('a missing literal include is reported; an empty glob is not; cycles stop', () => {
  const w = ws({
    '/n/nginx.conf': 'events {}\nhttp {\n include missing.conf;\n include empty/*.conf;\n include loop.conf;\n}\n',
    '/n/loop.conf': 'include loop.conf;\n',
  });
  const ids = w.problems.map((p) => `${p.ruleId}@${p.file}:${p.range.start.line}`).sort();
  assert.deepEqual(ids, ['include-cycle@/n/loop.conf:0', 'include-unresolved@/n/nginx.conf:2']);
});

test('fragments: context inferred, included fragments linted inside their includer', () => {
  const w = ws(
    {
      '/p/sites-available/a': 'server { listen 443 ssl; include ../snippets/tls.conf; }\n',
      '/p/snippets/tls.conf': 'ssl_protocols TLSv1.2;\n',
      '/p/snippets/lonely.conf': 'ssl_ciphers HIGH;\n',
    },
    { lint: ['/p/sites-available/a', '/p/snippets/tls.conf', '/p/snippets/lonely.conf'] },
  );
  const kinds = w.roots.map((r) => `${r.file}:${r.main.kind}:${r.fragment}`).sort();
  assert.deepEqual(kinds, ['/p/sites-available/a:http:true', '/p/snippets/lonely.conf:unknown:true']);
  const s = nginxPolicies(w).servers[0];
  assert.deepEqual(s.protocols.value, ['TLSv1.2']);
});


test('a file that only looks like an entry point is a root of its own only when no entry point includes it', () => {
  const roots = (w: Workspace) => w.roots.map((r) => `${r.file}:${r.fragment}`).sort();
  // nginx: a stream {} file nginx.conf includes; the same kind of file that nothing includes (nginx -c).
  const n = ws({
    '/n/nginx.conf': 'events {}\ninclude /n/stream.conf;\n',
    '/n/stream.conf': 'stream { server { listen 443 ssl; } }\n',
    '/n/alt.conf': 'http { server { listen 443 ssl; } }\n',
  });
  assert.deepEqual(roots(n), ['/n/alt.conf:false', '/n/nginx.conf:false']);
  assert.deepEqual(n.rootsOf('/n/stream.conf').map((r) => r.file), ['/n/nginx.conf']);
  // Apache: Debian's mods-enabled/*.load hold LoadModule lines.
  const a = ws({
    '/a/apache2.conf': 'IncludeOptional mods-enabled/*.load\n',
    '/a/mods-enabled/ssl.load': 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n',
  });
  assert.deepEqual(roots(a), ['/a/apache2.conf:false']);
  // Squid: a conf.d of port files; two look-alikes including each other still get linted.
  const s = ws({
    '/s/squid.conf': 'include /s/conf.d/*.conf\n',
    '/s/conf.d/ports.conf': 'http_port 3128\n',
    '/t/a.conf': 'http_port 3129\ninclude /t/b.conf\n',
    '/t/b.conf': 'https_port 3130 tls-cert=/t/c.pem\ninclude /t/a.conf\n',
  });
  assert.deepEqual(roots(s), ['/s/squid.conf:false', '/t/a.conf:false']);
  assert.ok(s.rootsOf('/t/b.conf').length > 0);
});
test('inheritance: server overrides http; add_header is all-or-nothing per level', () => {
  const w = ws({
    '/n/nginx.conf': [
      'events {}',
      'http {',
      '  ssl_protocols TLSv1.2;',
      '  ssl_session_tickets off;',
      '  add_header Strict-Transport-Security "max-age=10";',
      '  server { listen 443 ssl; ssl_protocols TLSv1.3; }',
      '  server { listen 443 ssl; add_header X-A b; }',
      '}',
    ].join('\n'),
  });
  const [a, b] = nginxPolicies(w).servers;
  assert.deepEqual(a.protocols.value, ['TLSv1.3']);
  assert.deepEqual(b.protocols.value, ['TLSv1.2']);
  assert.equal(a.sessionTickets.value, false);
  assert.equal(a.hsts?.maxAge, 10);
  assert.equal(b.hsts, undefined);
});

test('several ssl_protocols in one block add up, as nginx ORs its bitmask', () => {
  const w = ws({ '/n/nginx.conf': 'events {}\nhttp { server { listen 443 ssl; ssl_protocols TLSv1.3; ssl_protocols tlsv1.2; } }\n' });
  const s = nginxPolicies(w).servers[0];
  assert.deepEqual(s.protocols.value, ['TLSv1.2', 'TLSv1.3']);
  assert.equal(s.protocols.items?.length, 2);
  const r = new Engine().lint({ fs: new MemoryFileSystem({ '/n/nginx.conf': w.files.get('/n/nginx.conf')!.text }), files: ['/n/nginx.conf'], settings: normalizeSettings({}) });
  const ids = r.findings.get('/n/nginx.conf')!.map((f) => f.ruleId);
  assert.ok(!ids.includes('protocol-tls13-missing'));
  assert.ok(!ids.includes('directive-duplicate'));
});

test('ssl_protocols default depends on the target nginx version', () => {
  assert.deepEqual(nginxDefaultProtocols('1.22.1').value, ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
  assert.deepEqual(nginxDefaultProtocols('1.23.4').value, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.deepEqual(nginxDefaultProtocols('1.27.3').value, ['TLSv1.2', 'TLSv1.3']);
  const files = { '/n/nginx.conf': 'events {}\nhttp { server { listen 443 ssl; ssl_certificate a; ssl_certificate_key b; } }\n' };
  const old = new Engine().lint({ fs: new MemoryFileSystem(files), files: ['/n/nginx.conf'], settings: normalizeSettings({ targets: { nginx: '1.22.1' } }) });
  const current = new Engine().lint({ fs: new MemoryFileSystem(files), files: ['/n/nginx.conf'], settings: normalizeSettings({ targets: { nginx: '1.28.0' } }) });
  const ids = (r: typeof old) => r.findings.get('/n/nginx.conf')!.map((f) => f.ruleId);
  assert.ok(ids(old).includes('protocol-deprecated'));
  assert.ok(ids(old).includes('protocol-tls13-missing'));
  assert.ok(!ids(current).includes('protocol-deprecated'));
});

test('listen parsing: addresses, ports, parameters', () => {
  const w = ws({
    '/n/nginx.conf': 'events {}\nhttp { server { listen 443 ssl http2; listen [::]:8443 ssl default_server; listen 127.0.0.1; listen unix:/run/x.sock; listen *:80 default; } }\n',
  });
  const l = nginxPolicies(w).servers[0].listens.map((x) => `${x.host}|${x.port}|${x.ssl}|${x.defaultServer}|${x.http2}`);
  assert.deepEqual(l, ['*|443|true|false|true', '[::]|8443|true|true|false', '127.0.0.1|80|false|false|false', 'unix:/run/x.sock|null|false|false|false', '*|80|false|true|false']);
});

test('stream servers and proxy_ssl upstreams are modelled', () => {
  const w = ws({
    '/n/nginx.conf': 'events {}\nstream { server { listen 5000 ssl; proxy_pass db.test:5432; proxy_ssl on; } }\n',
  });
  const { servers, upstreams } = nginxPolicies(w);
  assert.equal(servers[0].kind, 'stream-server');
  assert.equal(upstreams[0].kind, 'stream');
  assert.equal(upstreams[0].host, 'db.test');
});

test('the engine lints only requested files, dedups across roots, and reports settings problems', () => {
  const files = {
    '/a/nginx.conf': 'events {}\nhttp { include /shared/tls.conf; }\n',
    '/b/nginx.conf': 'events {}\nhttp { include /shared/tls.conf; }\n',
    '/shared/tls.conf': 'ssl_protocols TLSv1 TLSv1.2 TLSv1.3;\n',
  };
  const r = new Engine().lint({ fs: new MemoryFileSystem(files), files: ['/shared/tls.conf'], workspaceFiles: Object.keys(files), settings: normalizeSettings({}) });
  assert.deepEqual([...r.findings.keys()], ['/shared/tls.conf']);
  const dep = r.findings.get('/shared/tls.conf')!.filter((f) => f.ruleId === 'protocol-deprecated');
  assert.equal(dep.length, 1);
  assert.deepEqual(r.dependents('/shared/tls.conf').sort(), ['/a/nginx.conf', '/b/nginx.conf']);
});

test('TLS 1.3 suites come from ssl_conf_command Ciphersuites, inherited like other ssl_* settings', () => {
  const w = ws({
    '/n/nginx.conf': 'events {}\nhttp {\n  ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;\n  server { listen 443 ssl; }\n  server { listen 443 ssl; ssl_conf_command Options PrioritizeChaCha; }\n}\n',
  });
  const [a, b] = nginxPolicies(w).servers;
  assert.equal(a.tls13Ciphers?.value, 'TLS_AES_256_GCM_SHA384');
  assert.equal(a.tls13Ciphers?.item?.directive.range.start.line, 2);
  // A server with its own ssl_conf_command no longer inherits http's (nginx merges the whole list).
  assert.equal(b.tls13Ciphers, undefined);
});

test('the effective record carries the expanded suites: TLS ≤ 1.2 from ssl_ciphers for the server\'s protocols, TLS 1.3 from Ciphersuites or OpenSSL\'s default', () => {
  const w = ws({
    '/n/nginx.conf': 'events {}\nhttp {\n  server { listen 443 ssl; ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers ECDHE+AESGCM; ssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384; }\n  server { listen 443 ssl; }\n}\n',
  });
  const [a, b] = nginxPolicies(w).servers;
  assert.deepEqual(a.suites.ciphers.map((c) => c.name), ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256']);
  assert.deepEqual(a.tls13Suites.ciphers.map((c) => c.name), ['TLS_AES_256_GCM_SHA384']);
  assert.deepEqual(b.tls13Suites.ciphers.map((c) => c.name), ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']);
  assert.ok(b.suites.ciphers.some((c) => c.name === 'AES128-SHA'), "nginx's default HIGH:!aNULL:!MD5 keeps static-RSA suites");
});

test('policies read through the slotted and per-block shortcuts agree with effectiveItems on blocks of every size', () => {
  // Lookups slots a block of 8 to 32 items, scans a smaller one, and looks a larger one (an http block
  // holding many servers) up once per name for all servers inside it: every record must still name the
  // items a plain walk outwards finds.
  const filler = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}root /x${i};`).join(' ');
  const server = (i: number) => {
    const own = [
      `listen ${8000 + i}${i % 3 ? ' ssl' : ''};`,
      i % 2 ? 'ssl_protocols TLSv1.3;' : '',
      i % 4 === 1 ? 'ssl_ciphers HIGH;' : '',
      i % 5 === 2 ? 'ssl_conf_command MinProtocol TLSv1.2; ssl_conf_command CipherString DEFAULT;' : '',
      i % 6 === 3 ? 'add_header X-A b; ssl_session_tickets on; resolver 10.0.0.1;' : '',
      i % 7 === 4 ? 'ssl_certificate c.pem; ssl_certificate_key k.pem; ssl on;' : '',
      i % 3 === 0 ? 'ssl_prefer_server_ciphers on; ssl_dhparam dh.pem; ssl_ecdh_curve X25519;' : '',
    ].join(' ');
    const size = [0, 9, 40][i % 3];
    const loc = i % 2 ? `location /${i} { proxy_pass https://up${i}.test; ${i % 4 === 1 ? 'proxy_ssl_verify on;' : ''} ${filler(i % 5 === 0 ? 10 : 1, '')} }` : '';
    return `server { ${own} ${filler(size, '')} ${loc} }`;
  };
  const http = [
    'ssl_protocols TLSv1.2; ssl_certificate h.pem; ssl_certificate_key hk.pem; resolver 1.1.1.1 ipv6=off;',
    'add_header Strict-Transport-Security "max-age=5"; ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256;',
    'proxy_ssl_trusted_certificate ca.pem; proxy_ssl_protocols TLSv1.2; ssl_stapling on;',
    filler(30, ''),
    ...Array.from({ length: 24 }, (_, i) => server(i)),
  ].join('\n');
  const small = 'events {}\nhttp { ssl_session_tickets off; server { listen 443 ssl; location / { proxy_pass https://a.test; } } }\n';
  const stream = 'events {}\nstream { proxy_ssl_verify on; server { listen 5000 ssl; proxy_pass db.test:5432; proxy_ssl on; } ' + filler(0, '') + '}\n';
  const w = ws({ '/n/nginx.conf': `events {}\nhttp {\n${http}\n}\n`, '/m/nginx.conf': small, '/s/nginx.conf': stream });
  const { servers, upstreams } = nginxPolicies(w);
  assert.equal(servers.length, 26);
  const last = (v: { item?: unknown } | undefined) => v?.item;
  for (const s of servers) {
    const c = s.ctx;
    assert.deepEqual(s.certificateItems, effectiveItems(c, 'ssl_certificate'));
    assert.deepEqual(s.keyItems, effectiveItems(c, 'ssl_certificate_key'));
    assert.deepEqual(s.headers, effectiveItems(c, 'add_header'));
    assert.equal(s.protocols.item, effectiveItem(c, 'ssl_protocols'));
    assert.equal(s.sslOn, effectiveItem(c, 'ssl'));
    assert.equal(last(s.ecdhCurve), effectiveItem(c, 'ssl_ecdh_curve'));
    assert.equal(last(s.dhparam), effectiveItem(c, 'ssl_dhparam'));
    assert.equal(last(s.sessionTickets), effectiveItem(c, 'ssl_session_tickets'));
    assert.equal(last(s.stapling), effectiveItem(c, 'ssl_stapling'));
    assert.equal(last(s.resolver), effectiveItem(c, 'resolver'));
    assert.equal(last(s.rejectHandshake), effectiveItem(c, 'ssl_reject_handshake'));
    const commands = effectiveItems(c, 'ssl_conf_command');
    assert.deepEqual(s.protocolBounds, { min: confCommand(c, 'minprotocol'), max: confCommand(c, 'maxprotocol') });
    assert.deepEqual(s.tls13Ciphers, confCommand(c, 'ciphersuites'));
    assert.equal(last(s.ciphers), confCommand(c, 'cipherstring')?.item ?? effectiveItem(c, 'ssl_ciphers'));
    assert.equal(last(s.preferServerCiphers), effectiveItem(c, 'ssl_prefer_server_ciphers'));
    assert.ok(commands.length || s.tls13Ciphers === undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(s.listens.map((l) => l.address))), itemsIn(c, 'listen').map((i) => i.directive.args[0].text));
  }
  assert.equal(upstreams.length, 14);
  for (const u of upstreams) {
    const c = u.ctx;
    assert.equal(last(u.verify), effectiveItem(c, u.prefix + 'verify'));
    assert.equal(last(u.trusted), effectiveItem(c, u.prefix + 'trusted_certificate'));
    assert.equal(u.protocols.item, effectiveItem(c, u.prefix + 'protocols'));
    assert.equal(last(u.ciphers), effectiveItem(c, u.prefix + 'ciphers'));
    assert.equal(last(u.name), effectiveItem(c, u.prefix + 'name'));
  }
  // Values the http block gives every server are one record; values a server sets are its own.
  const plain = servers.filter((s) => s.ctx.root.file === '/n/nginx.conf' && !itemsIn(s.ctx, 'resolver').length);
  assert.ok(plain.length > 2 && plain.every((s) => s.resolver === plain[0].resolver && s.resolver?.value.join(' ') === '1.1.1.1 ipv6=off'));
  const own = servers.filter((s) => itemsIn(s.ctx, 'ssl_protocols').length);
  assert.ok(own.length > 2 && new Set(own.map((s) => s.protocols)).size === own.length);
});

test('ssl_protocols tokens are read as canonicalProtocol reads them, in any case; listen ports as /^\\d+$/ reads them', () => {
  const tokens = ['tlsV1.2', 'TLSV1', 'sslv3', 'SSLv2', 'TLSv1.3', 'tlsv1.1', 'TLSv1.4', 'TLS1.2', 'garbage-token-longer', 'İTLSv1'];
  const w = ws({ '/n/nginx.conf': `events {}\nhttp { server { listen 443 ssl; ssl_protocols ${tokens.join(' ')}; } server { listen 8443 ssl; ssl_protocols TLSV1.3; } }\n` });
  const [a, b] = nginxPolicies(w).servers;
  const expected = PROTOCOLS.filter((p) => tokens.some((t) => canonicalProtocol(t) === p));
  assert.deepEqual(a.protocols.value, expected);
  assert.deepEqual(b.protocols.value, ['TLSv1.3']);
  for (const address of ['443', '0', '44a', '٣', '', '8443 ', '1.2.3.4:443', '[::1]:8443', 'unix:/x']) {
    const d = ws({ '/n/nginx.conf': `events {}\nhttp { server { listen "${address}"; } }\n` });
    const l = nginxPolicies(d).servers[0].listens[0];
    if (/^\d+$/.test(address)) assert.deepEqual([l.host, l.port], ['*', parseInt(address, 10)]);
    else assert.notEqual(l.host, '*', address);
  }
});
