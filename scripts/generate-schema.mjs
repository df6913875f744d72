// Writes the rule ids of the registry into package.json's `tlslint.rules` schema (run after `tsc -b`).
// With --check-only it changes nothing (the build stays side-effect free); the test suite fails when the
// manifest is out of date.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { allRules } = require(join(root, 'server/out/engine/rules/registry.js'));
const { rulesSchemaProperties } = require(join(root, 'server/out/tools/settingsSchema.js'));

const file = join(root, 'package.json');
const text = readFileSync(file, 'utf8');
const pkg = JSON.parse(text);
pkg.contributes.configuration.properties['tlslint.rules'].properties = rulesSchemaProperties(allRules().map((r) => r.meta));
const next = JSON.stringify(pkg, null, 2) + '\n';
if (process.argv.includes('--check-only')) {
  if (next !== text) console.warn('package.json: the tlslint.rules schema is out of date; run `npm run docs`');
} else if (next !== text) {
  writeFileSync(file, next);
  console.log('package.json: tlslint.rules schema updated');
}
