// protocolSummary reads the protocol directives itself (explicitProtocols' sites are made only when a rule
// has something to report): it must say what a summary of those sites says, side by side and set by set.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Workspace } from '../../server/src/engine/model/workspace';
import { normalizeSettings } from '../../server/src/engine/settings';
import { explicitProtocols } from '../../server/src/engine/rules/protocolSites';
import { protocolSummary } from '../../server/src/engine/rules/protocolSummary';
import { canonicalProtocol, PROTOCOLS, versionsOfMask, versionTokenBit } from '../../server/src/engine/tls/protocols';

/** The summary as the sites give it: distinct version sets per side in walk order, and any unknown token. */
function fromSites(ws: Workspace) {
  const sets = { server: new Map<string, string[]>(), upstream: new Map<string, string[]>() };
  let anyUnknown = false;
  for (const site of explicitProtocols(ws)) {
    const have = new Set(site.tokens.map((t) => t.protocol));
    const set = PROTOCOLS.filter((p) => have.has(p));
    if (!sets[site.side].has(set.join())) sets[site.side].set(set.join(), set);
    if (site.unknown.length) anyUnknown = true;
  }
  return { sets: { server: [...sets.server.values()], upstream: [...sets.upstream.values()] }, anyUnknown };
}

const cases: Record<string, string> = {
  plain: 'events {}\nhttp {\n  server { listen 443 ssl; ssl_protocols TLSv1.2 TLSv1.3; }\n  server { listen 443 ssl; ssl_protocols TLSv1.3 TLSv1.2; }\n}\n',
  mixed: [
    'events {}',
    'http {',
    '  ssl_protocols TLSv1 tlsv1.1;',
    '  proxy_ssl_protocols TLSv1.3 SSLv3;',
    '  server { listen 443 ssl; ssl_protocols SSLv2 TLSv1.2; ssl_protocols TLSV1.3; location / { grpc_ssl_protocols TLSv1.2; uwsgi_ssl_protocols TLSv1.1; proxy_ssl_protocols TLSv1.2; } }',
    '  server { listen 443 ssl; ssl_protocols TLSv1.2; }',
    '  server { listen 443 ssl; ssl_protocols TLSv1; }',
    '  server { listen 443 ssl; ssl_protocols; }',
    '}',
    'stream { proxy_ssl_protocols TLSv1.3; server { listen 1 ssl; ssl_protocols SSLv3; } }',
    '',
  ].join('\n'),
  unknown: 'events {}\nhttp {\n  server { listen 443 ssl; ssl_protocols TLS1.2 TLSv1.3; }\n  server { listen 443 ssl; proxy_ssl_protocols TLSv9; }\n}\n',
  none: 'events {}\nhttp {\n  server { listen 443 ssl; }\n}\n',
};

for (const [name, text] of Object.entries(cases)) {
  test(`protocolSummary agrees with a summary of explicitProtocols' sites (${name})`, () => {
    const file = '/n/nginx.conf';
    const make = () => new Workspace({ fs: new MemoryFileSystem({ [file]: text }), settings: normalizeSettings({}), files: [file] });
    // A workspace each: the summary must not lean on sites made before it.
    assert.deepEqual(protocolSummary(make()), fromSites(make()));
  });
}

test('versionTokenBit and canonicalProtocol name the version the token spells, case-insensitively, as a search of PROTOCOLS does', () => {
  const plain = (token: string) => PROTOCOLS.find((p) => p.toLowerCase() === token.toLowerCase());
  const tokens = ['', 'TLS', 'TLSv1', 'tlsv1', 'TLSV1.1', 'tlsv1.2', 'TlSv1.3', 'TLSv1.4', 'SSLv2', 'sslv3', 'SSLv3 ', ' TLSv1', 'TLSv1.2;', 'TLSv12', 'TLSv1.\u0130', '\u0130TLSv1', 'all', '-all', '+TLSv1.2'];
  for (const p of PROTOCOLS) tokens.push(p, p.toUpperCase(), p.toLowerCase(), p.slice(0, -1));
  for (const t of tokens) {
    const expected = plain(t);
    assert.equal(canonicalProtocol(t), expected, JSON.stringify(t));
    assert.equal(versionTokenBit(t), expected ? 1 << PROTOCOLS.indexOf(expected) : 0, JSON.stringify(t));
  }
  for (let mask = 0; mask < 1 << PROTOCOLS.length; mask++) {
    assert.deepEqual(versionsOfMask(mask), PROTOCOLS.filter((p) => (mask & (1 << PROTOCOLS.indexOf(p))) !== 0), `mask ${mask}`);
  }
});
