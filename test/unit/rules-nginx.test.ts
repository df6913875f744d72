// Every nginx rule against its fixtures: the inline expectations hold, and every quick fix, applied,
// removes its finding without adding any, and leaves a config the real `nginx -t` accepts whenever it
// accepted the original.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine/rules/registry';
import type { Finding } from '../../server/src/engine/types';
import {
  checkExpectations,
  configFiles,
  countByRule,
  fixtureSettings,
  listFixtures,
  lintDir,
  materialize,
  parseExpectations,
  applyFixOnDisk,
} from '../helpers/fixtures';
import { hasBinary, requireOracleOrSkip } from '../helpers/oracle';
import { nginxCheckTree } from '../helpers/nginxOracle';
import { copyScenarioFiles } from '../helpers/certFactory';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/rules/nginx');
const ruleIds = allRules().map((r) => r.meta.id);
const fixtures = listFixtures(FIXTURES, ruleIds);

/**
 * Put the certificate scenario files (test/helpers/certFactory.ts) into the fixture's `tls/`. `test.crt`,
 * which most fixtures use, is a complete private chain (leaf + root) for *.example.test, valid a year,
 * so the certificate rules stay quiet in fixtures that are about something else.
 */
function prepare(dir: string): void {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls, { recursive: true });
  if (hasBinary('openssl')) {
    copyScenarioFiles(tls);
    // cert-missing's quick fix inserts placeholder paths /etc/nginx/tls/<server name>.crt/.key (which
    // tlslint finds under the fixture's prefix): give them content, so that re-linting the fixed config
    // judges the fix rather than reporting the placeholder files as missing.
    for (const file of configFiles(dir)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*server_name\s+([^;]+);/gm)) {
        for (const name of m[1].split(/\s+/)) {
          if (!name || name === '_' || name.startsWith('~') || name.includes('$')) continue;
          const base = name.replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9.-]/g, '_');
          if (!fs.existsSync(path.join(tls, `${base}.crt`))) fs.copyFileSync(path.join(tls, 'test.crt'), path.join(tls, `${base}.crt`));
          if (!fs.existsSync(path.join(tls, `${base}.key`))) fs.copyFileSync(path.join(tls, 'test.key'), path.join(tls, `${base}.key`));
        }
      }
    }
  } else {
    fs.writeFileSync(path.join(tls, 'test.crt'), 'placeholder\n');
    fs.writeFileSync(path.join(tls, 'test.key'), 'placeholder\n');
  }
}

const applyFix = applyFixOnDisk;

/** Map a finding's file from one materialized copy to another. */
function rebase(finding: Finding, from: string, to: string): Finding {
  const rel = path.relative(from, finding.file);
  return { ...finding, file: path.join(to, rel), fixes: finding.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: path.join(to, path.relative(from, e.file)) })) })) };
}

test('every rule has a fixture with a triggering case and a near miss', () => {
  const missing: string[] = [];
  // Rules of other dialects only (squid-…) have their fixtures in their dialect's folder.
  const nginxRuleIds = allRules().filter((r) => r.meta.dialects.includes('nginx')).map((r) => r.meta.id);
  for (const id of nginxRuleIds) {
    const own = fixtures.filter((f) => f.ruleId === id);
    const annotations = own.flatMap((f) => {
      const files = fs.statSync(f.source).isDirectory() ? configFiles(f.source) : [f.source];
      return files.flatMap((file) => parseExpectations(file, fs.readFileSync(file, 'utf8')));
    });
    if (!annotations.some((a) => a.kind === 'ruleid' && a.ids.includes(id))) missing.push(`${id}: no "# ruleid: ${id}"`);
    if (!annotations.some((a) => a.kind === 'ok' && a.ids.includes(id))) missing.push(`${id}: no "# ok: ${id}"`);
  }
  assert.deepEqual(missing, []);
});

for (const fixture of fixtures) {
  test(`fixture ${fixture.name}`, async (t) => {
    const { dir, main } = materialize(fixture);
    try {
      prepare(dir);
      const settings = fixtureSettings(fs.readFileSync(main, 'utf8'));
      const findings = lintDir(dir, settings);
      const expectations = configFiles(dir).flatMap((f) => parseExpectations(f, fs.readFileSync(f, 'utf8')));
      assert.deepEqual(checkExpectations(findings, expectations, fixture.ruleId), [], 'inline expectations');

      const fixable = [...findings.values()].flat().filter((f) => f.fixes?.length && (f.ruleId === fixture.ruleId || expectations.some((e) => e.kind === 'ruleid' && e.ids.includes(f.ruleId))));
      if (fixable.length === 0) return;
      const before = countByRule(findings);
      const nginxAvailable = requireOracleOrSkip(t, 'nginx', { skipTest: false });
      const original = nginxAvailable ? nginxCheckTree(dir, 'nginx.conf') : undefined;
      for (const finding of fixable) {
        for (const fix of finding.fixes!) {
          await t.test(`${finding.ruleId} @${finding.range.start.line + 1}: ${fix.title}`, () => {
            const { dir: fixedDir } = materialize(fixture);
            try {
              prepare(fixedDir);
              applyFix(rebase({ ...finding, fixes: [fix] }, dir, fixedDir).fixes![0]);
              const after = countByRule(lintDir(fixedDir, settings));
              assert.ok((after.get(finding.ruleId) ?? 0) < (before.get(finding.ruleId) ?? 0), `the ${finding.ruleId} finding is still there after the fix`);
              for (const [id, n] of after) assert.ok(n <= (before.get(id) ?? 0), `the fix added a ${id} finding (${before.get(id) ?? 0} → ${n})`);
              if (original) {
                const fixed = nginxCheckTree(fixedDir, 'nginx.conf');
                if (original.ok) assert.ok(fixed.ok, `nginx -t accepted the original but rejects the fixed config: ${fixed.message}`);
                else assert.ok(fixed.ok || fixed.message !== original.message, `nginx -t still fails the same way after the fix: ${fixed.message}`);
              }
            } finally {
              fs.rmSync(fixedDir, { recursive: true, force: true });
            }
          });
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
