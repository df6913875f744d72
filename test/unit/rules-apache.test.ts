// Every Apache httpd rule against its fixtures (test/fixtures/rules/apache/*.conf or directories holding
// apache2.conf; every fixture in the folder is picked up, whoever wrote it): the inline expectations hold,
// and every quick fix, applied, removes its finding without adding any, and leaves a configuration the
// real `apache2 -t` accepts whenever it accepted the original (or at least no longer fails the same way).
// The fixture's directory is ServerRoot, for tlslint and for httpd; certificates come from certFactory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { allRules } from '../../server/src/engine/rules/registry';
import type { Settings } from '../../server/src/engine/settings';
import type { Finding, Fix } from '../../server/src/engine/types';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { checkExpectations, configFiles, countByRule, fixtureSettings, listFixtures, parseExpectations, applyFixOnDisk, type Fixture } from '../helpers/fixtures';
import { hasBinary, requireOracleOrSkip } from '../helpers/oracle';
import { apacheCheckFile } from '../helpers/apacheOracle';
import { copyScenarioFiles } from '../helpers/certFactory';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/rules/apache');
const MAIN = 'apache2.conf';
const ruleIds = allRules().map((r) => r.meta.id);
const fixtures = fs.existsSync(FIXTURES) ? listFixtures(FIXTURES, ruleIds) : [];
/**
 * Fixtures of these rules hold what `apache2 -t` refuses (an unknown SSLProtocol word, SSLv3 with an
 * OpenSSL without it, SSLCompression without zlib, a missing file, a missing include, a syntax error);
 * every other fixture must be a configuration `apache2 -t` accepts.
 */
const REFUSED_BY_HTTPD = new Set(['cipher-string-invalid-protocol', 'cipher-string-invalid-protocol13', 'syntax-error', 'cert-file-not-found', 'protocol-insecure', 'protocol-unknown', 'tls-compression', 'include-unresolved', 'include-cycle']);
/** Rules whose Apache fixtures the other Apache engineer writes (directive table). */
const DIRECTIVE_RULES = new Set(['directive-typo', 'directive-context', 'directive-duplicate']);

/** Copy a fixture into a fresh directory (a file becomes apache2.conf). */
function materializeApache(fixture: Fixture): { dir: string; main: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-apx-${fixture.name}-`));
  if (fs.statSync(fixture.source).isDirectory()) fs.cpSync(fixture.source, dir, { recursive: true });
  else fs.copyFileSync(fixture.source, path.join(dir, MAIN));
  return { dir, main: path.join(dir, MAIN) };
}

/**
 * Certificates under `tls/` (see certFactory: test.crt/test.key is a complete private chain for
 * *.example.test, so certificate rules stay quiet where they are not the point). cert-missing's fix
 * inserts tls/<ServerName>.crt/.key: they get content; combined.pem is chain-ok.pem followed by its key, so that the fixed config is judged on the fix.
 */
function prepare(dir: string): void {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls, { recursive: true });
  if (!hasBinary('openssl')) return;
  copyScenarioFiles(tls);
  // A certificate file that holds its key too (mod_ssl then needs no SSLCertificateKeyFile).
  fs.writeFileSync(path.join(tls, 'combined.pem'), fs.readFileSync(path.join(tls, 'chain-ok.pem'), 'utf8') + fs.readFileSync(path.join(tls, 'leaf.key'), 'utf8'));
  for (const file of configFiles(dir)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*ServerName\s+(\S+)/gim)) {
      const base = m[1].replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '').replace(/[^A-Za-z0-9.-]/g, '_');
      for (const ext of ['crt', 'key']) {
        const target = path.join(tls, `${base}.${ext}`);
        if (!fs.existsSync(target)) fs.copyFileSync(path.join(tls, `test.${ext}`), target);
      }
    }
  }
}

function lintApache(dir: string, settings: Settings): Map<string, Finding[]> {
  const files = configFiles(dir);
  return new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: { ...settings, baseDir: settings.baseDir ?? dir }, dialect: 'apache' }).findings;
}

const applyFix = applyFixOnDisk;

function rebase(fix: Fix, from: string, to: string): Fix {
  return { ...fix, edits: fix.edits.map((e) => ({ ...e, file: path.join(to, path.relative(from, e.file)) })) };
}

test('every Apache rule has a fixture with a triggering case and a near miss', () => {
  const apacheRules = allRules().filter((r) => r.meta.dialects.includes('apache') && !DIRECTIVE_RULES.has(r.meta.id) && r.meta.id !== 'unused-suppression');
  assert.ok(apacheRules.length >= 45, `${apacheRules.length} rules cover Apache`);
  const missing: string[] = [];
  for (const rule of apacheRules) {
    const id = rule.meta.id;
    const annotations = fixtures
      .filter((f) => f.ruleId === id)
      .flatMap((f) => (fs.statSync(f.source).isDirectory() ? configFiles(f.source) : [f.source]).flatMap((file) => parseExpectations(file, fs.readFileSync(file, 'utf8'))));
    if (!annotations.some((a) => a.kind === 'ruleid' && a.ids.includes(id))) missing.push(`${id}: no "# ruleid: ${id}"`);
    if (!annotations.some((a) => a.kind === 'ok' && a.ids.includes(id))) missing.push(`${id}: no "# ok: ${id}"`);
  }
  assert.deepEqual(missing, []);
});

for (const fixture of fixtures) {
  test(`apache fixture ${fixture.name}`, async (t) => {
    const { dir, main } = materializeApache(fixture);
    try {
      prepare(dir);
      const settings = fixtureSettings(fs.readFileSync(main, 'utf8'));
      const findings = lintApache(dir, settings);
      const expectations = configFiles(dir).flatMap((f) => parseExpectations(f, fs.readFileSync(f, 'utf8')));
      assert.ok(expectations.length > 0, 'the fixture has annotations');
      assert.deepEqual(checkExpectations(findings, expectations, fixture.ruleId), [], 'inline expectations');

      const oracle = requireOracleOrSkip(t, 'apache2', { skipTest: false });
      const original = oracle ? apacheCheckFile(dir, main) : undefined;
      if (original && !DIRECTIVE_RULES.has(fixture.ruleId)) {
        if (REFUSED_BY_HTTPD.has(fixture.ruleId) || REFUSED_BY_HTTPD.has(fixture.name)) assert.ok(!original.ok, 'apache2 -t accepts a fixture meant to hold what httpd refuses');
        else assert.ok(original.ok, `apache2 -t rejects the fixture: ${original.message} (line ${original.line})`);
      }
      const fixable = [...findings.values()].flat().filter((f) => f.fixes?.length && (f.ruleId === fixture.ruleId || expectations.some((e) => e.kind === 'ruleid' && e.ids.includes(f.ruleId))));
      if (fixable.length === 0) return;
      const before = countByRule(findings);
      for (const finding of fixable) {
        for (const fix of finding.fixes!) {
          await t.test(`${finding.ruleId} @${finding.range.start.line + 1}: ${fix.title}`, () => {
            const { dir: fixedDir, main: fixedMain } = materializeApache(fixture);
            try {
              prepare(fixedDir);
              applyFix(rebase(fix, dir, fixedDir));
              const after = countByRule(lintApache(fixedDir, settings));
              assert.ok((after.get(finding.ruleId) ?? 0) < (before.get(finding.ruleId) ?? 0), `the ${finding.ruleId} finding is still there after the fix`);
              for (const [id, n] of after) assert.ok(n <= (before.get(id) ?? 0), `the fix added a ${id} finding (${before.get(id) ?? 0} → ${n})`);
              if (original) {
                const fixed = apacheCheckFile(fixedDir, fixedMain);
                if (original.ok) assert.ok(fixed.ok, `apache2 -t accepted the original but rejects the fixed config: ${fixed.message} (line ${fixed.line})`);
                else assert.ok(fixed.ok || fixed.message !== original.message, `apache2 -t still fails the same way after the fix: ${fixed.message}`);
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
