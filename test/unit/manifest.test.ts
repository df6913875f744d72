import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine/rules/registry';
import { rulesSchemaProperties } from '../../server/src/tools/settingsSchema';

const ROOT = path.join(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the settings schema lists every rule id (generated: npm run docs)', () => {
  assert.deepEqual(pkg.contributes.configuration.properties['tlslint.rules'].properties, rulesSchemaProperties(allRules().map((r) => r.meta)));
});

test('languages, grammars and language configurations exist and agree', () => {
  const ids = pkg.contributes.languages.map((l: { id: string }) => l.id).sort();
  assert.deepEqual(ids, ['apacheconf', 'nginx', 'squid']);
  for (const l of pkg.contributes.languages) assert.ok(fs.existsSync(path.join(ROOT, l.configuration)), l.configuration);
  for (const g of pkg.contributes.grammars) {
    const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
    assert.ok(ids.includes(g.language));
  }
  for (const id of ['nginx', 'apacheconf', 'squid', 'NGINX', 'apache']) assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), id);
  const nginx = pkg.contributes.languages.find((l: { id: string }) => l.id === 'nginx');
  for (const pattern of ['**/nginx/**/*.conf', '**/sites-enabled/*', '**/sites-available/*']) assert.ok(nginx.filenamePatterns.includes(pattern), pattern);
});

test('every command the client registers is contributed, and the entry points exist after the build', () => {
  const client = fs.readFileSync(path.join(ROOT, 'client/src/extension.ts'), 'utf8');
  const registered = [...client.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(pkg.contributes.commands.map((c: { command: string }) => c.command).sort(), registered);
  assert.equal(pkg.main, './client/dist/extension.js');
  assert.ok(fs.existsSync(path.join(ROOT, 'server/dist/server.js')), 'server bundle built');
  assert.ok(fs.existsSync(path.join(ROOT, 'client/dist/extension.js')), 'client bundle built');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('.vscodeignore ships the bundles, grammars and docs, never sources, tests or node_modules', () => {
  const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**', 'an allowlist: exclude everything first');
  for (const keep of ['!client/dist/extension.js', '!server/dist/server.js', '!syntaxes/**', '!docs/rules/**', '!package.json', '!README.md']) assert.ok(lines.includes(keep), keep);
  assert.ok(!lines.some((l) => /^!.*(node_modules|src|test|out)\b/.test(l)));
});
