// The rules' shared index of nginx directives by name: the names it collects in its one walk, and any
// other name (walked for on first use) give the same lists, in the order of a walk of the trees.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { nginxDirectives, nginxDirectivesWithSiblings } from '../../server/src/engine/rules/helpers';
import type { Directive } from '../../server/src/engine/syntax/tree';

const files = {
  '/etc/nginx/nginx.conf': 'events {}\nhttp {\n  ssl_protocols TLSv1.2;\n  include /etc/nginx/sites/*.conf;\n  map $a $b { ssl_ciphers x; }\n}\n',
  '/etc/nginx/sites/a.conf': 'server {\n  listen 443 ssl;\n  ssl_ciphers HIGH;\n  location / { listen 8443; ssl_ciphers LOW; proxy_ssl_verify on; }\n}\n',
  '/etc/nginx/sites/b.conf': 'server { listen 80; ssl_protocols TLSv1.3; add_header X y; }\n',
};

/** The directives with these names, in the order of the index's own walk (files in parse order, data blocks skipped). */
function walk(ws: Workspace, names: string[]): Directive[] {
  const out: { d: Directive; seq: number }[] = [];
  let seq = 0;
  for (const parsed of ws.files.values()) {
    const stack: Directive[][] = [parsed.directives];
    while (stack.length) {
      for (const d of stack.pop()!) {
        if (names.includes(d.lname)) out.push({ d, seq });
        seq++;
        if (d.block && d.lname !== 'map') stack.push(d.block);
      }
    }
  }
  return out.sort((a, b) => a.seq - b.seq).map((x) => x.d);
}

test('names collected in the walk and names walked for later give walk-ordered lists', () => {
  const all = Object.keys(files);
  const ws = new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings({}), files: all, workspaceFiles: all });
  for (const names of [['ssl_ciphers'], ['listen'], ['ssl_protocols', 'listen'], ['listen', 'ssl_ciphers', 'proxy_ssl_verify'], ['add_header'], ['no_such_directive']]) {
    const expected = walk(ws, names);
    assert.deepEqual(nginxDirectives(ws, names), expected, names.join(','));
    assert.deepEqual(nginxDirectivesWithSiblings(ws, names).map((x) => x.directive), expected, `${names.join(',')} (with siblings)`);
  }
  assert.equal(nginxDirectives(ws, ['listen']).length, 3, 'listen is no indexed name: walked for, inside location too');
  assert.equal(nginxDirectives(ws, ['ssl_ciphers']).length, 2, 'the map entry named ssl_ciphers is data');
  const [inLocation] = nginxDirectivesWithSiblings(ws, ['proxy_ssl_verify']);
  assert.deepEqual(inLocation.siblings.map((d) => d.name), ['listen', 'ssl_ciphers', 'proxy_ssl_verify']);
});
