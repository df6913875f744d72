// Every rule that judges Squid, against its Squid fixtures (test/fixtures/rules/squid): the inline
// expectations hold; every quick fix, applied, removes its finding without adding any; and the real
// `squid -k parse` accepts the fixed configuration whenever it accepted the original (and, when it
// rejected the original, no longer fails the same way). Where `squid -k parse` stops with FATAL on a
// fixture, tlslint must report at least one error (or warning) there too.
//
// Fixtures name files as a server would (/etc/squid/tls/…): tlslint reaches them through a path
// mapping /etc/squid → the fixture's copy; the oracle mounts that copy over /etc/squid.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../server/src/engine/rules/registry';
import type { Finding } from '../../server/src/engine/types';
import type { Settings } from '../../server/src/engine/settings';
import { checkExpectations, configFiles, countByRule, fixtureSettings, listFixtures, lintDir, parseExpectations, applyFixOnDisk, type Fixture } from '../helpers/fixtures';
import { hasBinary, requireOracleOrSkip } from '../helpers/oracle';
import { squidCheckTree, type SquidResult } from '../helpers/squidOracle';
import { copyScenarioFiles, scenarioFile } from '../helpers/certFactory';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/rules/squid');
const squidRules = allRules().filter((r) => r.meta.dialects.includes('squid'));
const ruleIds = squidRules.map((r) => r.meta.id);
const fixtures = listFixtures(FIXTURES, allRules().map((r) => r.meta.id));

/** Copy a fixture into a fresh directory as squid.conf (or the directory's files as they are). */
function materialize(fixture: Fixture): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-squid-${fixture.name}-`));
  if (fs.statSync(fixture.source).isDirectory()) fs.cpSync(fixture.source, dir, { recursive: true });
  else fs.copyFileSync(fixture.source, path.join(dir, 'squid.conf'));
  prepare(dir);
  return dir;
}

/**
 * The certificate scenario files (test/helpers/certFactory.ts) in tls/, plus combined files Squid
 * configurations use: proxy.pem (test.crt + its key, as Squid reads it without tls-key=), and the
 * placeholders the cert-missing fix inserts (squid.pem; bump-ca.pem: the test root CA and its key), and
 * certificate files holding their key: leaf-bundle.pem (the right one), wrong-key-bundle.pem (another key).
 */
function prepare(dir: string): void {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls, { recursive: true });
  if (!hasBinary('openssl')) return;
  copyScenarioFiles(tls);
  const read = (n: string) => fs.readFileSync(path.join(tls, n), 'utf8');
  fs.writeFileSync(path.join(tls, 'proxy.pem'), read('test.crt') + read('test.key'), { mode: 0o600 });
  fs.writeFileSync(path.join(tls, 'squid.pem'), read('test.crt') + read('test.key'), { mode: 0o600 });
  fs.writeFileSync(path.join(tls, 'bump-ca.pem'), read('root.crt') + fs.readFileSync(scenarioFile('root.key'), 'utf8'), { mode: 0o600 });
  fs.writeFileSync(path.join(tls, 'leaf-bundle.pem'), read('chain-ok.pem') + read('leaf.key'), { mode: 0o600 });
  fs.writeFileSync(path.join(tls, 'wrong-key-bundle.pem'), read('chain-ok.pem') + read('other.key'), { mode: 0o600 });
}

function settingsFor(dir: string): Settings {
  const s = fixtureSettings(fs.readFileSync(path.join(dir, 'squid.conf'), 'utf8'));
  return { ...s, pathMappings: [...s.pathMappings, { from: '/etc/squid', to: dir }] };
}

/**
 * Squid's FATAL, ERROR, WARNING and "unrecognized" lines, except the "Bungled" echo of a FATAL and one
 * harmless Squid 5.7 quirk: `tls-min-version=` on a port without `options=` always logs "ERROR: Unknown
 * TLS option " with an empty name (PeerOptions::updateTlsVersionLimits leaves a leading ":"), and the
 * versions are limited all the same.
 */
function complaints(r: SquidResult): string[] {
  return [...r.fatal.filter((f) => !/^Bungled /.test(f)), ...r.errors.filter((e) => !/^Unknown TLS option\s*$/.test(e)), ...r.warnings, ...r.unrecognized];
}

const applyFix = applyFixOnDisk;

function rebase(finding: Finding, from: string, to: string): Finding {
  return { ...finding, file: path.join(to, path.relative(from, finding.file)), fixes: finding.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: path.join(to, path.relative(from, e.file)) })) })) };
}

test('every rule that judges Squid has a Squid fixture with a triggering case and a near miss', () => {
  const missing: string[] = [];
  for (const id of ruleIds) {
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
  test(`squid fixture ${fixture.name}`, async (t) => {
    const dir = materialize(fixture);
    try {
      const settings = settingsFor(dir);
      const findings = lintDir(dir, settings);
      const expectations = configFiles(dir).flatMap((f) => parseExpectations(f, fs.readFileSync(f, 'utf8')));
      assert.deepEqual(checkExpectations(findings, expectations, fixture.ruleId), [], 'inline expectations');

      const oracle = requireOracleOrSkip(t, 'squid', { skipTest: false }) && hasBinary('openssl');
      const original = oracle ? squidCheckTree(dir) : undefined;
      if (original && original.fatal.length) {
        // A missing file is a warning (the repository may hold it elsewhere: path mappings), so a warning counts.
        const serious = [...findings.values()].flat().filter((f) => f.severity === 'error' || f.severity === 'warning');
        assert.ok(serious.length > 0, `squid -k parse stops ("${original.message}") but tlslint reports no error or warning`);
      }

      const fixable = [...findings.values()].flat().filter((f) => f.fixes?.length && (f.ruleId === fixture.ruleId || expectations.some((e) => e.kind === 'ruleid' && e.ids.includes(f.ruleId))));
      const before = countByRule(findings);
      for (const finding of fixable) {
        for (const fix of finding.fixes!) {
          await t.test(`${finding.ruleId} @${finding.range.start.line + 1}: ${fix.title}`, () => {
            const fixedDir = materialize(fixture);
            try {
              applyFix(rebase({ ...finding, fixes: [fix] }, dir, fixedDir).fixes![0]);
              const after = countByRule(lintDir(fixedDir, settingsFor(fixedDir)));
              assert.ok((after.get(finding.ruleId) ?? 0) < (before.get(finding.ruleId) ?? 0), `the ${finding.ruleId} finding is still there after the fix`);
              for (const [id, n] of after) assert.ok(n <= (before.get(id) ?? 0), `the fix added a ${id} finding (${before.get(id) ?? 0} → ${n})`);
              if (original) {
                const fixed = squidCheckTree(fixedDir);
                if (original.ok) assert.ok(fixed.ok, `squid -k parse accepted the original but rejects the fixed config: ${fixed.message}\n${fixed.output}`);
                // The fix adds no complaint of Squid's, and when Squid complained, it removes at least one.
                const was = complaints(original);
                const now = complaints(fixed);
                assert.deepEqual(now.filter((c) => !was.includes(c)), [], 'squid -k parse complains about the fixed config where it did not before');
                if (!original.ok) assert.ok(fixed.ok || now.length < was.length, `squid -k parse still fails the same way after the fix: ${fixed.message}`);
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
