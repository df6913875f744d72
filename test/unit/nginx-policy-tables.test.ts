// The nginx policies look protocol tokens up in a table per computation and share one version list per
// set of versions: every server's and upstream's protocols must read as if computed on their own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { nginxPolicies } from '../../server/src/engine/model/nginxPolicy';
import { canonicalProtocol, PROTOCOLS } from '../../server/src/engine/tls/protocols';
import type { Item } from '../../server/src/engine/model/workspace';

/** The versions a list of ssl_protocols-style items enables, computed directly. */
function plain(items: Item[]): string[] {
  const set = new Set(items.flatMap((i) => i.directive.args.map((a) => canonicalProtocol(a.text))));
  return PROTOCOLS.filter((p) => set.has(p));
}

const text = [
  'events {}',
  'http {',
  '  ssl_protocols TLSv1 tlsv1.1;',
  '  proxy_ssl_protocols TLSv1.3 SSLv3;',
  '  server { listen 443 ssl; ssl_protocols SSLv2 TLSv1.2; ssl_protocols TLSV1.3; location / { proxy_pass https://a; proxy_ssl_protocols TLSv1.2 TLSv1; } }',
  '  server { listen 443 ssl; ssl_protocols TLSv1.2 TLSv1.3; location / { proxy_pass https://b; } }',
  '  server { listen 443 ssl; ssl_protocols TLSv1.3 TLSv1.2; }',
  '  server { listen 443 ssl; ssl_protocols TLSv1.2 TLS1.3; }',
  '  server { listen 443 ssl; ssl_protocols tlsv1.2; }',
  '  server { listen 443 ssl; ssl_protocols TLSv1.3; }',
  '  server { listen 443 ssl; ssl_protocols; }',
  '  server { listen 443 ssl; }',
  '}',
  'stream { server { listen 1 ssl; ssl_protocols SSLv3 TLSv1.1; proxy_ssl on; proxy_pass x:1; proxy_ssl_protocols TLSv1.1; } }',
  '',
].join('\n');

test('protocols from the per-computation token table and shared lists equal the plain computation', () => {
  const file = '/n/nginx.conf';
  const ws = new Workspace({ fs: new MemoryFileSystem({ [file]: text }), settings: normalizeSettings({}), files: [file] });
  const { servers, upstreams } = nginxPolicies(ws);
  assert.equal(servers.length, 9);
  assert.equal(upstreams.length, 3);
  const seen = new Set<string>();
  for (const x of [...servers, ...upstreams]) {
    const v = x.protocols;
    if (!v.items) continue;
    assert.deepEqual(v.value, plain(v.items), v.items.map((i) => i.directive.args.map((a) => a.text).join(' ')).join(' + '));
    assert.equal(v.item, v.items[v.items.length - 1]);
    seen.add(v.value.join(' '));
  }
  assert.equal(seen.size, 10, 'distinct sets: ' + [...seen].join(' | '));
});
