// Apache httpd's virtual host groups (model/sockets.ts) against the real httpd: `apache2 -t -D DUMP_VHOSTS`
// prints, per address:port, the vhosts in the order httpd tries them and the default one. tlslint's
// grouping must list the same vhosts in the same order, with the same default, across the files of a
// Debian-style tree; and sni-duplicate-name must point at the vhost httpd actually gives the name to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Engine } from '../../server/src/engine/engine';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { sockets, socketLabel } from '../../server/src/engine/model/sockets';
import type { Finding } from '../../server/src/engine/types';
import { configFiles } from '../helpers/fixtures';
import { requireOracleOrSkip } from '../helpers/oracle';
import { apacheCheckFile } from '../helpers/apacheOracle';

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apsock-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function lint(dir: string) {
  const files = configFiles(dir);
  return new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: normalizeSettings({ baseDir: dir }) });
}

const vhost = (addr: string, name: string, ...aliases: string[]) =>
  `<VirtualHost ${addr}>\n    ServerName ${name}\n${aliases.map((a) => `    ServerAlias ${a}\n`).join('')}</VirtualHost>\n`;

// No SSLEngine: the grouping does not depend on TLS, and httpd -t then needs no certificates.
const FILES = {
  'apache2.conf': 'Listen 443\nListen 8443 https\nListen 127.0.0.1:9443\nIncludeOptional sites-enabled/*.conf\n',
  'sites-enabled/shop.conf': vhost('*:443', 'shop.example.test', 'dup.example.test') + vhost('127.0.0.1:443', 'ip.example.test') + vhost('_default_:443', 'def.example.test'),
  'sites-enabled/000-default.conf': vhost('_default_:8443', 'zero.example.test') + vhost('*:*', 'any.example.test'),
  'sites-enabled/www.conf': vhost('*:443', 'www.example.test', 'DUP.example.test', '*.wild.example.test') + vhost('*:443 127.0.0.1:443', 'both.example.test') + vhost('*', 'noport.example.test') + vhost('*:8443', 'eight.example.test'),
  'sites-enabled/zz.conf': vhost('[::1]:443', 'six.example.test') + vhost('127.0.0.1:9443', 'nine.example.test'),
};

/** httpd's table: "ADDR" → the vhosts as "file:line", in order, and the default. */
function parseDump(output: string): Map<string, { hosts: string[]; default: string }> {
  const out = new Map<string, { hosts: string[]; default: string }>();
  let current: { hosts: string[]; default: string } | undefined;
  for (const line of output.split('\n')) {
    const single = /^(\S+)\s+(\S+) \((\/[^)]+)\)$/.exec(line);
    if (single) {
      out.set(single[1], { hosts: [single[3]], default: single[3] });
      current = undefined;
      continue;
    }
    const group = /^(\S+)\s+is a NameVirtualHost$/.exec(line);
    if (group) {
      current = { hosts: [], default: '' };
      out.set(group[1], current);
      continue;
    }
    const def = /^\s+default server \S+ \(([^)]+)\)$/.exec(line);
    if (def && current) current.default = def[1];
    const nv = /^\s+port \S+ namevhost \S+ \(([^)]+)\)$/.exec(line);
    if (nv && current) current.hosts.push(nv[1]);
  }
  return out;
}

test('Apache vhosts group per address:port in load order, as apache2 -S lists them', (t) => {
  const dir = tree(FILES);
  try {
    const ws = lint(dir).workspace;
    const where = (d: { file: string; range: { start: { line: number } } }) => `${d.file}:${d.range.start.line + 1}`;
    const ours = new Map(
      sockets(ws)
        .filter((s) => s.dialect === 'apache')
        .map((s) => [socketLabel(s), { hosts: [...new Set(s.hosts.map((h) => where(h.block)))], default: where(s.default.block) }]),
    );
    const rel = (m: typeof ours) => [...m].map(([k, v]) => `${k} ${v.hosts.map((h) => path.relative(dir, h)).join(' ')} default=${path.relative(dir, v.default)}`).sort();
    // What the model says, written out so that a change shows here even without httpd.
    assert.deepEqual(rel(ours), [
      '*:* sites-enabled/000-default.conf:4 sites-enabled/www.conf:9 default=sites-enabled/000-default.conf:4',
      '*:443 sites-enabled/shop.conf:1 sites-enabled/shop.conf:8 sites-enabled/www.conf:1 sites-enabled/www.conf:6 default=sites-enabled/shop.conf:1',
      '*:8443 sites-enabled/000-default.conf:1 sites-enabled/www.conf:12 default=sites-enabled/000-default.conf:1',
      '127.0.0.1:443 sites-enabled/shop.conf:5 sites-enabled/www.conf:6 default=sites-enabled/shop.conf:5',
      '127.0.0.1:9443 sites-enabled/zz.conf:4 default=sites-enabled/zz.conf:4',
      '[::1]:443 sites-enabled/zz.conf:1 default=sites-enabled/zz.conf:1',
    ]);
    if (!requireOracleOrSkip(t, 'apache2', { skipTest: false })) return;
    const r = apacheCheckFile(dir, path.join(dir, 'apache2.conf'), { defines: ['DUMP_VHOSTS'] });
    assert.ok(r.ok, r.output);
    assert.deepEqual(rel(ours), rel(parseDump(r.output)), r.output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Apache sni-duplicate-name points at the vhost httpd gives the name to (first in load order, wildcards included)', (t) => {
  const withTls = Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, k === 'apache2.conf' ? `SSLSessionTickets off\n${v}` : v.replace(/<\/VirtualHost>/g, '    SSLEngine on\n</VirtualHost>')]));
  const dir = tree({ ...withTls, 'sites-enabled/www.conf': withTls['sites-enabled/www.conf'] + vhost('*:443', 'x.wild.example.test').replace('</V', '    SSLEngine on\n</V') });
  try {
    const findings = [...lint(dir).findings.values()].flat().filter((f: Finding) => f.ruleId === 'sni-duplicate-name');
    const got = findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} → ${path.basename(f.related![0].file)}:${f.related![0].range.start.line + 1}`).sort();
    // DUP.example.test (www.conf:3) is dup.example.test of shop.conf:3; x.wild.example.test (www.conf:20) is matched by www.conf's *.wild alias (line 4).
    assert.deepEqual(got, ['www.conf:20 → www.conf:4', 'www.conf:3 → shop.conf:3']);
    if (!requireOracleOrSkip(t, 'apache2', { skipTest: false })) return;
    // httpd's own table lists the aliases under the vhost that has them: the first one listing a name is the one that serves it.
    const r = apacheCheckFile(dir, path.join(dir, 'apache2.conf'), { defines: ['DUMP_VHOSTS'] });
    assert.match(r.output, /namevhost shop\.example\.test \([^)]*shop\.conf:1\)\n\s+alias dup\.example\.test\n[\s\S]*namevhost www\.example\.test[\s\S]*alias DUP\.example\.test/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
