// Focused lints (the server's keystroke lints, engine/model/focus.ts) must give exactly the findings of
// a full lint for the files they are about, while reading less of the workspace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { includeGraphOf, isIsolated, leftOutFiles, planFocus, updateIncludeGraph } from '../../server/src/engine/model/focus';
import { parseFile } from '../../server/src/engine/model/workspace';

const settings = normalizeSettings({});

function site(i: number, extra = ''): string {
  return `server {
    listen 443 ssl;
    server_name s${i}.example.test;
    ssl_certificate tls/s${i}.pem;
    ssl_certificate_key tls/s${i}.key;
    include snippets/common.conf;
${extra}    location / {
        proxy_pass https://backend${i}.example.test;
    }
}
`;
}

/** A hosting tree: http-level settings in conf.d (inherited, never left out), one site per file. */
function tree(): Record<string, string> {
  const files: Record<string, string> = {
    '/w/nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include sites/*.conf;\n}\n',
    '/w/conf.d/tls.conf': 'ssl_protocols TLSv1 TLSv1.2;\nssl_ciphers HIGH:!aNULL;\n',
    '/w/snippets/common.conf': 'add_header Strict-Transport-Security "max-age=300";\n',
    // A port another site serves with TLS: listen-ssl-missing's message depends on it.
    '/w/sites/a-tls8443.conf': site(0, '    listen 8443 ssl;\n'),
    '/w/sites/b-plain8443.conf': site(1, '    listen 8443;\n'),
    '/w/sites/c-plain443.conf': site(2).replace('listen 443 ssl;', 'listen 443;'),
    '/w/sites/d-upstream.conf': 'upstream pool {\n    server 10.0.0.1:443;\n}\n' + site(3),
  };
  for (let i = 4; i < 30; i++) files[`/w/sites/s${String(i).padStart(2, '0')}.conf`] = site(i);
  // The socket rules compare servers across files: a name another site already claims, and two
  // default_server marks on one socket (sni-duplicate-name, listen-options-conflict, sni-no-default).
  files['/w/sites/u-dup.conf'] = site(40).replace('s40.example.test', 's5.example.test');
  files['/w/sites/v-default.conf'] = site(41).replace('listen 443 ssl;', 'listen 443 ssl default_server;');
  files['/w/sites/w-default.conf'] = site(42).replace('listen 443 ssl;', 'listen 443 ssl default_server;');
  return files;
}

test('a focused lint of one site file gives the full lint findings, parsing fewer files', () => {
  const files = tree();
  const fsys = new MemoryFileSystem(files);
  const all = Object.keys(files);
  const full = new Engine().lint({ fs: fsys, files: all, workspaceFiles: all, settings });
  const graph = includeGraphOf(full.workspace);
  let compared = 0;
  for (const wanted of all.filter((f) => f.startsWith('/w/sites/'))) {
    const plan = planFocus(graph, [wanted]);
    const engine = new Engine();
    const focused = engine.lint({ fs: fsys, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], settings, focus: plan.focus });
    const reference = new Engine().lint({ fs: fsys, files: [wanted], workspaceFiles: all, settings });
    assert.deepEqual(focused.findings.get(wanted), reference.findings.get(wanted), `findings of ${wanted}`);
    assert.ok((reference.findings.get(wanted) ?? []).length > 0, 'the comparison is about something');
    // The other sites were left out (the upstream{} file is not isolated: it stays).
    assert.ok(focused.workspace.files.size <= 6, `${wanted}: ${focused.workspace.files.size} files parsed`);
    assert.ok(full.workspace.files.size >= 33);
    compared++;
  }
  assert.equal(compared, 33);
  // The socket rules were part of the comparison: their findings need the servers of left-out files.
  for (const [file, id] of [['/w/sites/u-dup.conf', 'sni-duplicate-name'], ['/w/sites/w-default.conf', 'listen-options-conflict']]) {
    const reference = new Engine().lint({ fs: fsys, files: [file], workspaceFiles: all, settings });
    assert.ok((reference.findings.get(file) ?? []).some((f) => f.ruleId === id), `${file}: ${id}`);
  }
  // What the server drops from its parse cache after a full lint: the other sites, nothing the open file needs.
  const dropped = leftOutFiles(graph, ['/w/sites/s10.conf']).sort();
  assert.equal(dropped.length, 31, dropped.join(' '));
  assert.ok(!dropped.includes('/w/sites/s10.conf') && !dropped.includes('/w/sites/d-upstream.conf') && !dropped.some((f) => !f.startsWith('/w/sites/')));
  // The port summary matters: the plain 8443 listener is judged against the TLS one left out.
  const b = new Engine().lint({ fs: fsys, files: ['/w/sites/b-plain8443.conf'], workspaceFiles: all, settings });
  assert.ok((b.findings.get('/w/sites/b-plain8443.conf') ?? []).some((f) => f.ruleId === 'listen-ssl-missing' && f.message.includes('8443')));
});

test('focused lints follow edits: a new include in the open file, then an edit that makes it a root', () => {
  const files = tree();
  const fsys = new MemoryFileSystem(files);
  const all = Object.keys(files);
  const graph = includeGraphOf(new Engine().lint({ fs: fsys, files: all, workspaceFiles: all, settings }).workspace);
  const wanted = '/w/sites/s10.conf';
  const engine = new Engine();
  const edits = [
    site(10).replace('include snippets/common.conf;', 'include snippets/common.conf;\n    include snippets/extra.conf;'),
    site(10).replace('listen 443 ssl;', 'listen 443;'),
    `events {}\nhttp {\n${site(10)}}\n`,
  ];
  fsys.set('/w/snippets/extra.conf', 'ssl_protocols SSLv3;\n');
  for (const text of edits) {
    fsys.set(wanted, text);
    const plan = planFocus(graph, [wanted]);
    const focused = engine.lint({ fs: fsys, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], settings, focus: plan.focus });
    updateIncludeGraph(graph, focused.workspace);
    const reference = new Engine().lint({ fs: fsys, files: [wanted], workspaceFiles: [...all, '/w/snippets/extra.conf'], settings });
    assert.deepEqual(focused.findings.get(wanted), reference.findings.get(wanted), text.slice(0, 120));
  }
});

test('isolation: only files of server blocks (nginx), <VirtualHost> sections (Apache), ports and acls (Squid) are left out', () => {
  const p = (t: string) => parseFile('/x/a.conf', t, 'nginx');
  assert.equal(isIsolated(p('server { listen 443 ssl; }\nserver { }\n')), true);
  assert.equal(isIsolated(p('ssl_protocols TLSv1;\nserver { }\n')), false, 'an inherited directive');
  assert.equal(isIsolated(p('upstream u { server a; }\n')), false);
  assert.equal(isIsolated(p('include x.conf;\n')), false);
  const a = (t: string) => parseFile('/x/apache2/sites-enabled/a.conf', t, 'apache');
  assert.equal(isIsolated(a('<VirtualHost *:443>\n    ServerName a.test\n    Include snippets/x.conf\n</VirtualHost>\n')), true, 'Apache: <VirtualHost> sections only');
  assert.equal(isIsolated(a('SSLProtocol all\n<VirtualHost *:443>\n</VirtualHost>\n')), false, 'a server-config directive');
  assert.equal(isIsolated(a('<IfModule ssl_module>\n<VirtualHost *:443>\n</VirtualHost>\n</IfModule>\n')), false, 'a conditional around the vhost');
  assert.equal(isIsolated(a('<VirtualHost *:443>\n    Define X 1\n</VirtualHost>\n')), false, 'Define is process-wide');
  assert.equal(isIsolated(a('<VirtualHost ${IP}:443>\n</VirtualHost>\n')), false, 'an address from a Define');
  assert.equal(isIsolated(a('<VirtualHost *:443>\n    <IfDefine TLS>\n        SSLEngine on\n    </IfDefine>\n</VirtualHost>\n')), false, 'SSLEngine under a condition');
  const q = (t: string) => parseFile('/x/squid/conf.d/a.conf', t, 'squid');
  assert.equal(isIsolated(q('https_port 3129\nacl s dstdomain .a.test\n')), true, 'Squid: port lines and acls (test/unit/focus-squid.test.ts has the rest)');
  assert.equal(isIsolated(q('https_port 3129\ntls_outgoing_options min-version=1.0\n')), false, 'Squid: a line that adds to the global outgoing options');
});

/** A Debian-style Apache tree: server config and TLS defaults in the root, one or two vhosts per site file. */
function apacheTree(): Record<string, string> {
  const vhost = (addr: string, name: string, tls = true, extra = '') =>
    `<VirtualHost ${addr}>\n    ServerName ${name}\n${tls ? '    SSLEngine on\n    SSLCertificateFile tls/missing.pem\n' : ''}    Include snippets/common.conf\n${extra}</VirtualHost>\n`;
  const files: Record<string, string> = {
    '/a/apache2/apache2.conf': 'Listen 443\nListen 8443\nSSLProtocol all -SSLv3\nIncludeOptional sites-enabled/*.conf\n',
    '/a/apache2/snippets/common.conf': 'SSLCompression off\n',
    '/a/apache2/sites-enabled/000-default.conf': vhost('_default_:443', 'default.example.test'),
  };
  for (let i = 1; i < 20; i++) files[`/a/apache2/sites-enabled/s${String(i).padStart(2, '0')}.conf`] = vhost('*:443', `s${i}.example.test`, true, `    ServerAlias www.s${i}.example.test\n`);
  // Across files: a name an earlier vhost has, one an earlier wildcard alias shadows, a plain vhost on a TLS port.
  files['/a/apache2/sites-enabled/t-wild.conf'] = vhost('*:443', 'wild.example.test', true, '    ServerAlias *.shop.example.test\n');
  files['/a/apache2/sites-enabled/u-dup.conf'] = vhost('*:443', 's5.example.test') + vhost('*:443', 'a.shop.example.test');
  files['/a/apache2/sites-enabled/v-8443.conf'] = vhost('*:8443', 'tls8443.example.test');
  files['/a/apache2/sites-enabled/w-plain8443.conf'] = vhost('*:8443', 'plain8443.example.test', false);
  // Not isolated: a server-config directive beside the vhost.
  files['/a/apache2/sites-enabled/x-mixed.conf'] = 'SSLStrictSNIVHostCheck off\n' + vhost('*:443', 'mixed.example.test');
  return files;
}

test('Apache: a focused lint of one <VirtualHost> file gives the full lint findings, parsing fewer files', () => {
  const files = apacheTree();
  const fsys = new MemoryFileSystem(files);
  const all = Object.keys(files);
  const full = new Engine().lint({ fs: fsys, files: all, workspaceFiles: all, settings });
  const graph = includeGraphOf(full.workspace);
  const sites = all.filter((f) => f.includes('/sites-enabled/'));
  assert.equal(sites.filter((f) => graph.isolated.has(f)).length, sites.length - 1, 'every site file but the mixed one is isolated');
  const ids = new Set<string>();
  for (const wanted of sites) {
    const plan = planFocus(graph, [wanted]);
    const focused = new Engine().lint({ fs: fsys, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], settings, focus: plan.focus });
    const reference = new Engine().lint({ fs: fsys, files: [wanted], workspaceFiles: all, settings });
    assert.deepEqual(focused.findings.get(wanted), reference.findings.get(wanted), `findings of ${wanted}`);
    for (const f of reference.findings.get(wanted) ?? []) ids.add(f.ruleId);
    // The root, the snippet, the open file and the mixed file: the other site files are left out.
    assert.ok(focused.workspace.files.size <= 4, `${wanted}: ${focused.workspace.files.size} files parsed`);
  }
  // The cross-file rules were part of the comparison.
  for (const id of ['sni-duplicate-name', 'sni-strict-check', 'listen-ssl-missing']) assert.ok(ids.has(id), id);
  const u = new Engine().lint({ fs: fsys, files: ['/a/apache2/sites-enabled/u-dup.conf'], workspaceFiles: all, settings }).findings.get('/a/apache2/sites-enabled/u-dup.conf') ?? [];
  assert.equal(u.filter((f) => f.ruleId === 'sni-duplicate-name').length, 2, JSON.stringify(u.map((f) => f.message)));
  assert.ok(leftOutFiles(graph, ['/a/apache2/sites-enabled/s03.conf']).length >= 20);
});

test('Apache: focused lints follow edits of the open vhost file and of the server config', () => {
  const files = apacheTree();
  const fsys = new MemoryFileSystem(files);
  const all = Object.keys(files);
  const graph = includeGraphOf(new Engine().lint({ fs: fsys, files: all, workspaceFiles: all, settings }).workspace);
  const wanted = '/a/apache2/sites-enabled/s10.conf';
  const engine = new Engine();
  const base = files[wanted];
  const edits = [
    base.replace('ServerName s10.example.test', 'ServerName s3.example.test'),
    base.replace('    SSLEngine on\n', ''),
    base.replace('*:443', '*:8443'),
    'SSLEngine on\n' + base,
  ];
  for (const text of edits) {
    fsys.set(wanted, text);
    const plan = planFocus(graph, [wanted]);
    const focused = engine.lint({ fs: fsys, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], settings, focus: plan.focus });
    updateIncludeGraph(graph, focused.workspace);
    const reference = new Engine().lint({ fs: fsys, files: [wanted], workspaceFiles: all, settings });
    assert.deepEqual(focused.findings.get(wanted), reference.findings.get(wanted), text.slice(0, 160));
  }
});
