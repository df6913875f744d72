// Rule fixtures: configs with inline expectations (`# ruleid:` / `# ok:`, see annotations.ts).
//   # tlslint-settings: {…}   (first line) settings for this fixture
// A fixture is a single file (copied as nginx.conf) or a directory holding nginx.conf.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings, type Settings } from '../../server/src/engine/settings';
import type { Finding, Fix } from '../../server/src/engine/types';
import { applyEdits } from '../../server/src/engine/syntax/text';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import type { Expectation } from './annotations';

export { type Expectation, parseExpectations } from './annotations';

const SETTINGS = /^\s*#\s*tlslint-settings:\s*(\{.*\})\s*$/;

export function fixtureSettings(text: string): Settings {
  const first = text.split(/\r?\n/, 1)[0];
  const m = SETTINGS.exec(first);
  return normalizeSettings(m ? JSON.parse(m[1]) : {});
}

export interface Fixture {
  name: string;
  /** Rule the fixture is named after (file or directory name up to the first variant suffix). */
  ruleId: string;
  source: string;
}

/** Fixtures of a dialect folder: `<rule-id>.conf`, `<rule-id>-<variant>.conf` or `<rule-id>/`. */
export function listFixtures(dir: string, knownIds: string[]): Fixture[] {
  const out: Fixture[] = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    const name = entry.replace(/\.conf$/, '');
    const ruleId = [...knownIds].sort((a, b) => b.length - a.length).find((id) => name === id || name.startsWith(id + '-'));
    if (!ruleId) throw new Error(`fixture ${entry} is not named after a rule id`);
    out.push({ name, ruleId, source: path.join(dir, entry) });
  }
  return out;
}

/** Copy a fixture into a fresh temporary prefix; returns the prefix and the main file. */
export function materialize(fixture: Fixture, extraFiles: Record<string, string> = {}): { dir: string; main: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-fx-${fixture.name}-`));
  if (fs.statSync(fixture.source).isDirectory()) fs.cpSync(fixture.source, dir, { recursive: true });
  else fs.copyFileSync(fixture.source, path.join(dir, 'nginx.conf'));
  for (const [rel, text] of Object.entries(extraFiles)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { dir, main: path.join(dir, 'nginx.conf') };
}

export function configFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.conf')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function lintDir(dir: string, settings: Settings, now?: Date): Map<string, Finding[]> {
  const files = configFiles(dir);
  // Relative paths in a fixture's settings (extraTrustedCertificates, pathMappings) resolve against
  // the fixture's own directory, as they would against the folder of a .tlslintrc.json.
  const withBase = { ...settings, baseDir: settings.baseDir ?? dir };
  return new Engine().lint({ fs: new NodeFileSystem(), files, workspaceFiles: files, settings: withBase, now }).findings;
}

/** Compare findings with the fixture's annotations; returns readable problems (empty when all hold). */
export function checkExpectations(findings: Map<string, Finding[]>, expectations: Expectation[], ruleId: string): string[] {
  const problems: string[] = [];
  const checked = new Set([ruleId, ...expectations.filter((e) => e.kind === 'ruleid').flatMap((e) => e.ids)]);
  const expected = new Set<string>();
  for (const e of expectations) {
    const onLine = (findings.get(e.file) ?? []).filter((f) => f.range.start.line === e.line);
    for (const id of e.ids) {
      const hit = onLine.some((f) => f.ruleId === id);
      if (e.kind === 'ruleid') {
        expected.add(`${e.file}:${e.line}:${id}`);
        if (!hit) problems.push(`${path.basename(e.file)}:${e.line + 1}: expected ${id} (annotation on line ${e.annotationLine}); found ${onLine.map((f) => f.ruleId).join(', ') || 'nothing'} there`);
      } else if (hit) {
        problems.push(`${path.basename(e.file)}:${e.line + 1}: unexpected ${id} (ok annotation on line ${e.annotationLine}): ${onLine.find((f) => f.ruleId === id)!.message}`);
      }
    }
  }
  for (const [file, list] of findings) {
    for (const f of list) {
      if (!checked.has(f.ruleId)) continue;
      if (!expected.has(`${file}:${f.range.start.line}:${f.ruleId}`)) {
        problems.push(`${path.basename(file)}:${f.range.start.line + 1}: unannotated ${f.ruleId}: ${f.message}`);
      }
    }
  }
  return problems;
}

export function countByRule(findings: Map<string, Finding[]>): Map<string, number> {
  const m = new Map<string, number>();
  for (const list of findings.values()) for (const f of list) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

/** Apply a fix to the files on disk; throws when two of its edits overlap (a broken fix). */
export function applyFixOnDisk(fix: Fix): void {
  const byFile = new Map<string, typeof fix.edits>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    const result = applyEdits(fs.readFileSync(file, 'utf8'), edits);
    if (result.skipped.length) throw new Error(`fix "${fix.title}" has overlapping edits`);
    fs.writeFileSync(file, result.text);
  }
}

