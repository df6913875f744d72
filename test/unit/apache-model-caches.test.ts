// The shortcuts of the Apache model and rules against the straightforward computation they replace:
// SSLProtocol parses shared between items with the same words (parsedProtocolsOf), the item index that
// holds only the names the rules look up (apacheItems / apacheDirectiveItems), and the protocol lists and
// expansions Apache cipher sites share.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace, type Item } from '../../server/src/engine/model/workspace';
import { defaultSettings } from '../../server/src/engine/settings';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { modSslExclusions, parseApacheProtocols, parsedProtocolsOf } from '../../server/src/engine/model/apache/policy';
import { expandForProtocols } from '../../server/src/engine/model/nginxPolicy';
import { argAt } from '../../server/src/engine/model/apache/support';
import { apacheDirectiveItems, apacheItems, apacheSites } from '../../server/src/engine/rules/apache/sites';
import type { Directive } from '../../server/src/engine/syntax/tree';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apcache-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text.replaceAll('ROOT', dir));
  }
  return dir;
}

function workspace(dir: string, files: string[], openssl = '3.0.19'): Workspace {
  const abs = files.map((f) => path.join(dir, f));
  const settings = defaultSettings();
  settings.targets = { ...settings.targets, openssl };
  return new Workspace({ fs: new NodeFileSystem(), settings, files: abs, workspaceFiles: abs });
}

const PROTOCOL_LINES = [
  'all -SSLv3', '-all +TLSv1.2 +TLSv1.3', 'TLSv1.2 TLSv1.3', 'tlsv1.2 +TLSV1.3', '-all', '+SSLv3', 'SSLv2', '-SSLv2 -SSLv3 all',
  'TLSv1.4', '-all +TLSv1 +TLSv1.2 +TLSv1.3', '${PROTOS}', '-all ${PROTOS}', 'all -TLSv1 # a comment', '+TLSv1.3',
];

/** Every SSLProtocol / SSLProxyProtocol item of the workspace's roots, in context order. */
function protocolItems(ws: Workspace): Item[] {
  const out: Item[] = [];
  for (const root of ws.roots) for (const ctx of root.contexts) for (const it of ctx.items) if (it.directive.lname === 'sslprotocol' || it.directive.lname === 'sslproxyprotocol') out.push(it);
  return out;
}

test('parsedProtocolsOf: items with the same words share a parse, and each gets what parseApacheProtocols gives it', () => {
  // Every line three times (in vhosts, the server config and a file included twice), for both directives,
  // with `${VAR}` references whose expansion differs between the two roots.
  const vhosts = PROTOCOL_LINES.flatMap((line, i) => [0, 1, 2].map((k) => `<VirtualHost *:443>\nServerName s${i}-${k}.test\nSSLEngine on\nSSLProtocol ${line}\nSSLProxyProtocol ${line}\n</VirtualHost>\n`)).join('');
  const dir = tree({
    'a/apache2.conf': 'ServerRoot "ROOT/a"\nDefine PROTOS +TLSv1.2\nSSLProtocol all -SSLv3\nInclude ROOT/shared.conf\nInclude ROOT/shared.conf\nInclude ROOT/sites.conf\n',
    'b/apache2.conf': 'ServerRoot "ROOT/b"\nDefine PROTOS "TLSv1 +SSLv3"\nInclude ROOT/shared.conf\nInclude ROOT/sites.conf\n',
    'shared.conf': 'SSLProtocol -all ${PROTOS}\nSSLProxyProtocol -all ${PROTOS}\n',
    'sites.conf': vhosts,
  });
  for (const openssl of ['3.0.19', '1.0.2', '1.1.1']) {
    const ws = workspace(dir, ['a/apache2.conf', 'b/apache2.conf'], openssl);
    const items = protocolItems(ws);
    assert.ok(items.length > 6 * PROTOCOL_LINES.length, `${openssl}: the items are there (${items.length})`);
    for (const it of items) {
      const args = it.directive.args.map((a, i) => argAt(it, i) ?? a);
      const name = it.directive.lname === 'sslproxyprotocol' ? 'SSLProxyProtocol' : 'SSLProtocol';
      const got = parsedProtocolsOf(it, openssl);
      assert.deepEqual(got, parseApacheProtocols(args, name, openssl), `${openssl} ${name} ${args.map((a) => a.text).join(' ')}`);
      // (An argument `${VAR}` expansion changed is a copy with the new text, the range shared.)
      got.tokens.forEach((t, i) => assert.equal(t.arg.range, it.directive.args[i].range, 'each token holds its own item\'s argument'));
      assert.equal(parsedProtocolsOf(it, openssl), got, 'once per item');
    }
  }
});

/** The straightforward index: every item of a name in every Apache root, once per (directive, root), in context order. */
function walked(ws: Workspace, names: string[]): Item[] {
  const out: Item[] = [];
  for (const name of names) {
    for (const root of ws.roots) {
      if (root.dialect !== 'apache') continue;
      const seen = new Set<Directive>();
      for (const ctx of root.contexts) {
        if (ctx.kind === 'macro') continue;
        for (const it of ctx.items) {
          if (it.directive.lname !== name || seen.has(it.directive)) continue;
          seen.add(it.directive);
          out.push(it);
        }
      }
    }
  }
  return out;
}

/** The same items, the same objects, in the same order. */
function sameItems(got: Item[], want: Item[], message: string): void {
  assert.equal(got.length, want.length, message);
  got.forEach((it, i) => assert.ok(it === want[i], `${message}: item ${i}`));
}

function oncePerDirective(items: Item[]): Item[] {
  const seen = new Set<Directive>();
  return items.filter((it) => (seen.has(it.directive) ? false : (seen.add(it.directive), true)));
}

test('apacheItems / apacheDirectiveItems: indexed and other names, one root and two sharing an included file', () => {
  const site = (n: number) => `<VirtualHost *:443>\nServerName s${n}.test\nSSLEngine on\nSSLCertificateFile c${n}.pem\nSSLCipherSuite HIGH\nSSLCompression off\n<IfModule ssl_module>\nSSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256\n</IfModule>\n<Location />\nSSLOpenSSLConfCmd Options -SessionTicket\n</Location>\n</VirtualHost>\n`;
  const dir = tree({
    'a/apache2.conf': 'ServerRoot "ROOT/a"\nSSLCompression on\nInclude ROOT/shared.conf\nInclude ROOT/shared.conf\n<Macro M $x>\nSSLCipherSuite $x\n</Macro>\n' + site(1) + site(2),
    'b/apache2.conf': 'ServerRoot "ROOT/b"\nInclude ROOT/shared.conf\n' + site(3),
    'shared.conf': 'SSLCipherSuite MEDIUM\nSSLInsecureRenegotiation off\nServerName shared.test\n' + site(4),
  });
  const cases = [['sslciphersuite'], ['sslcompression', 'sslinsecurerenegotiation'], ['servername'], ['sslopensslconfcmd', 'sslcertificatefile', 'servername'], ['documentroot'], ['sslciphersuite', 'sslciphersuite']];
  for (const roots of [['a/apache2.conf'], ['a/apache2.conf', 'b/apache2.conf']]) {
    const ws = workspace(dir, roots);
    for (const names of cases) {
      sameItems(apacheItems(ws, names), walked(ws, names), `${roots.length} root(s): apacheItems ${names.join(' ')}`);
      sameItems(apacheDirectiveItems(ws, names), oncePerDirective(walked(ws, names)), `${roots.length} root(s): apacheDirectiveItems ${names.join(' ')}`);
    }
    assert.ok(apacheItems(ws, ['sslciphersuite']).length >= 4, 'the cases hold items');
    if (roots.length === 2) assert.ok(apacheItems(ws, ['sslciphersuite']).length > apacheDirectiveItems(ws, ['sslciphersuite']).length, 'the roots share directives');
  }
});

test('Apache cipher sites: shared protocol lists and memoized expansions match the per-site computation', () => {
  // Vhosts on several version sets (SSLv2 and unknown words count for nothing), explicit strings used by
  // one vhost or many, a string no vhost uses (overridden later in its level), SSLOpenSSLConfCmd
  // CipherString, proxy strings and vhosts on OpenSSL's DEFAULT: the same text under different sets and
  // with and without mod_ssl's exclusions.
  const protocols = ['-all +TLSv1.2 +TLSv1.3', 'TLSv1.2', 'all', '-all +TLSv1.2 +TLSv1.3 +SSLv2', 'TLSv1.3', 'TLSv1.4'];
  const strings = ['HIGH:!aNULL', 'DEFAULT', 'ECDHE+AESGCM'];
  const vhosts: string[] = [];
  protocols.forEach((p, i) =>
    strings.forEach((c, j) => {
      const cipher = (i + j) % 3 === 0 ? `SSLCipherSuite ${c}\n` : (i + j) % 3 === 1 ? `SSLCipherSuite AES128-SHA\nSSLCipherSuite ${c}\n` : '';
      const conf = i === 2 && j === 1 ? `SSLOpenSSLConfCmd CipherString ${c}\n` : '';
      const proxy = j === 2 ? `SSLProxyEngine on\nSSLProxyProtocol ${p}\nSSLProxyCipherSuite ${c}\n` : '';
      vhosts.push(`<VirtualHost *:443>\nServerName s${i}-${j}.test\nSSLEngine on\nSSLProtocol ${p}\n${cipher}${conf}${proxy}</VirtualHost>\n`);
    }),
  );
  const dir = tree({ 'apache2.conf': `ServerRoot "ROOT"\nSSLProtocol all -SSLv3\n${vhosts.join('')}` });
  const order = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  for (const openssl of ['3.0.19', '1.0.2']) {
    const ws = workspace(dir, ['apache2.conf'], openssl);
    const sites = apacheSites.cipherSites!(ws);
    assert.ok(sites.length > protocols.length * strings.length, `${openssl}: the sites are there (${sites.length})`);
    assert.ok(sites.some((s) => !s.directive) && sites.some((s) => s.directive && !s.users?.length) && sites.some((s) => s.side === 'upstream'), `${openssl}: every kind of site`);
    for (const site of sites) {
      const users = site.users ?? [];
      if (users.length) {
        const union = new Set(users.flatMap((u) => u.protocols));
        assert.deepEqual(site.protocols, order.filter((p) => union.has(p)), site.text);
      }
      // Explicit strings are judged with mod_ssl's exclusions appended, the DEFAULT of a vhost without one as it is.
      const text = site.directive ? modSslExclusions(site.text) : site.text;
      assert.deepEqual(site.expansion, expandForProtocols(text, site.protocols, ws.settings.securityLevel), site.text);
      for (const other of sites) if (other.protocols.join() === site.protocols.join()) assert.equal(other.protocols, site.protocols);
    }
  }
});
