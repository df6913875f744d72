// Settings for the CLI: a `.tlslintrc.json` (given with --config, or the nearest one above a linted
// file, else above the working directory) with the command line's flags on top. Relative paths in an rc
// file resolve against its folder (Settings.baseDir); paths on the command line against the cwd.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeSettings, type Settings } from '../engine/settings';
import { BUNDLED_GUIDELINES, validateGuideline } from '../engine/tls/profiles';
import type { CliOptions } from './options';
import { InputError } from '../host/discover';

export const RC_NAME = '.tlslintrc.json';

/** The nearest `.tlslintrc.json` in `dir` or one of its ancestors. */
export function findRcFile(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; ) {
    const candidate = path.join(d, RC_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: look further up
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** Read an rc file into Settings; any problem (unreadable, bad JSON, ill-typed value) is an InputError. */
export function loadRcFile(file: string, shown = file): Settings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${shown}: no such file` : `${shown}: cannot read (${code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${shown}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const problems: string[] = [];
  const settings = normalizeSettings(json, problems);
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new InputError(`${shown}: ${problems[0]}${more}`);
  }
  const dir = path.dirname(path.resolve(file));
  settings.baseDir = settings.baseDir ? path.resolve(dir, settings.baseDir) : dir;
  return settings;
}

/** Apply the command line's settings flags on top of settings from a file (or the defaults). */
export function applyFlags(base: Settings, o: CliOptions, cwd: string): Settings {
  const s: Settings = {
    ...base,
    rules: { ...base.rules, ...o.rules },
    pathMappings: [...o.pathMappings.map((m) => ({ from: m.from, to: path.resolve(cwd, m.to) })), ...base.pathMappings],
    extraTrustedCertificates: [...base.extraTrustedCertificates, ...o.ca.map((c) => path.resolve(cwd, c))],
    targets: { ...base.targets, ...o.targets },
  };
  if (o.profile) s.profile = o.profile;
  if (o.failOn) s.failOn = o.failOn;
  if (o.guideline) s.guideline = isGuidelineVersion(o.guideline) ? o.guideline : path.resolve(cwd, o.guideline);
  if (!s.baseDir) s.baseDir = cwd;
  return s;
}

export function isGuidelineVersion(g: string): boolean {
  return /^\d+(\.\d+)?$/.test(g);
}

/**
 * A guideline asked for explicitly must exist: the engine would fall back to the default with a
 * warning, which in CI silently checks against the wrong profile. `origin` names where it was set.
 */
export function checkGuideline(s: Settings, origin: string): void {
  const g = s.guideline;
  if (BUNDLED_GUIDELINES[g]) return;
  if (isGuidelineVersion(g)) throw new InputError(`${origin}: unknown guideline version "${g}" (bundled: ${Object.keys(BUNDLED_GUIDELINES).join(', ')})`);
  const file = path.resolve(s.baseDir ?? '.', g);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${origin}: guideline ${g}: ${code ? `cannot read (${code})` : `invalid JSON: ${e instanceof Error ? e.message : String(e)}`}`);
  }
  const problems = validateGuideline(json);
  if (problems.length) throw new InputError(`${origin}: guideline ${g}: ${problems[0]}`);
}

/**
 * Settings per linted file. With --config every file gets the same; otherwise each file gets the
 * nearest rc above it, falling back to the one above the cwd, falling back to the defaults.
 */
export class SettingsResolver {
  private readonly loaded = new Map<string, Settings>();
  private readonly rcByDir = new Map<string, string>();
  private readonly fixed?: { key: string; settings: Settings };
  private readonly cwdRc?: string;

  constructor(private readonly options: CliOptions, private readonly cwd: string) {
    if (options.config) {
      const file = path.resolve(cwd, options.config);
      const settings = applyFlags(loadRcFile(file, options.config), options, cwd);
      checkGuideline(settings, options.guideline ? '--guideline' : options.config);
      this.fixed = { key: file, settings };
    } else {
      this.cwdRc = findRcFile(cwd);
    }
  }

  /** The rc file that applies to `file` ('' for none), so files can be grouped by it. */
  keyFor(file: string | undefined): string {
    if (this.fixed) return this.fixed.key;
    if (!file) return this.cwdRc ?? '';
    const dir = path.dirname(file);
    let rc = this.rcByDir.get(dir);
    if (rc === undefined) {
      rc = findRcFile(dir) ?? this.cwdRc ?? '';
      this.rcByDir.set(dir, rc);
    }
    return rc;
  }

  settingsFor(key: string): Settings {
    if (this.fixed) return this.fixed.settings;
    let s = this.loaded.get(key);
    if (!s) {
      const base = key ? loadRcFile(key, path.relative(this.cwd, key) || key) : normalizeSettings(undefined);
      s = applyFlags(base, this.options, this.cwd);
      checkGuideline(s, this.options.guideline ? '--guideline' : path.relative(this.cwd, key) || key);
      this.loaded.set(key, s);
    }
    return s;
  }
}
