// Writes docs/rules/*.md from the compiled rule registry (run after `tsc -b`).
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { allRules } = require(join(root, 'server/out/engine/rules/registry.js'));
const { renderRuleDoc, renderRuleIndex } = require(join(root, 'server/out/tools/ruleDocs.js'));

const dir = join(root, 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const metas = allRules().map((r) => r.meta);
const keep = new Set(metas.map((m) => `${m.id}.md`).concat('README.md'));
for (const f of readdirSync(dir)) if (f.endsWith('.md') && !keep.has(f)) rmSync(join(dir, f));
for (const m of metas) writeFileSync(join(dir, `${m.id}.md`), renderRuleDoc(m));
writeFileSync(join(dir, 'README.md'), renderRuleIndex(metas));
console.log(`wrote ${metas.length} rule pages to docs/rules/`);
