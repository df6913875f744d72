import type { SeveritySetting } from './types';

export type ProfileName = 'modern' | 'intermediate' | 'old';

export interface TargetVersions {
  nginx: string;
  apache: string;
  squid: string;
  openssl: string;
}

export interface PathMapping {
  /** Path as the server sees it, e.g. `/etc/nginx`. */
  from: string;
  /** Path in the workspace, absolute or relative to the settings' base directory. */
  to: string;
}

export interface Settings {
  profile: ProfileName;
  /** `5.7`, `5.8`, `6.0`, or a path to a JSON file of the same shape. */
  guideline: string;
  rules: Record<string, SeveritySetting>;
  certificateExpiryDays: number;
  pathMappings: PathMapping[];
  extraTrustedCertificates: string[];
  targets: TargetVersions;
  /** Directory relative paths in settings resolve against (the workspace folder, or the rc file's folder). */
  baseDir?: string;
  /** CLI: the lowest severity that makes the run fail (exit 1). */
  failOn: FailOn;
  /** OpenSSL security level the target build applies by default (Debian and Ubuntu: 2). */
  securityLevel: number;
}

export type FailOn = 'error' | 'warning' | 'info' | 'none';

/** Current stable releases (the defaults when nothing is configured). */
export const DEFAULT_TARGETS: TargetVersions = {
  nginx: '1.28.0',
  apache: '2.4.65',
  squid: '5.7',
  openssl: '3.0.19',
};

export function defaultSettings(): Settings {
  return {
    profile: 'intermediate',
    guideline: '6.0',
    rules: {},
    certificateExpiryDays: 30,
    pathMappings: [],
    extraTrustedCertificates: [],
    targets: { ...DEFAULT_TARGETS },
    failOn: 'error',
    securityLevel: 2,
  };
}

const FAIL_ON: FailOn[] = ['error', 'warning', 'info', 'none'];

export function isFailOn(v: unknown): v is FailOn {
  return FAIL_ON.includes(v as FailOn);
}

const PROFILES: ProfileName[] = ['modern', 'intermediate', 'old'];
const LEVELS: SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/**
 * Turn loosely-typed input (VS Code settings, `.tlslintrc.json`) into Settings. Unknown or ill-typed
 * values are dropped and reported, never thrown.
 */
export function normalizeSettings(input: unknown, problems: string[] = []): Settings {
  const s = defaultSettings();
  if (input === undefined || input === null) return s;
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push('settings must be an object');
    return s;
  }
  const o = input as Record<string, unknown>;
  if (o.profile !== undefined) {
    if (PROFILES.includes(o.profile as ProfileName)) s.profile = o.profile as ProfileName;
    else problems.push(`profile: expected one of ${PROFILES.join(', ')}, got ${JSON.stringify(o.profile)}`);
  }
  if (o.guideline !== undefined) {
    if (typeof o.guideline === 'string' && o.guideline.trim()) s.guideline = o.guideline.trim();
    else if (typeof o.guideline === 'number') s.guideline = o.guideline.toFixed(1);
    else problems.push('guideline: expected a version such as "6.0" or a path');
  }
  if (o.rules !== undefined) {
    if (o.rules && typeof o.rules === 'object' && !Array.isArray(o.rules)) {
      for (const [id, level] of Object.entries(o.rules as Record<string, unknown>)) {
        if (LEVELS.includes(level as SeveritySetting)) s.rules[id] = level as SeveritySetting;
        else problems.push(`rules.${id}: expected one of ${LEVELS.join(', ')}`);
      }
    } else problems.push('rules: expected an object of rule id to level');
  }
  if (o.certificateExpiryDays !== undefined) {
    if (typeof o.certificateExpiryDays === 'number' && o.certificateExpiryDays >= 0) s.certificateExpiryDays = o.certificateExpiryDays;
    else problems.push('certificateExpiryDays: expected a non-negative number');
  }
  if (o.pathMappings !== undefined) {
    const pm = o.pathMappings;
    if (Array.isArray(pm)) {
      for (const m of pm) {
        if (m && typeof m === 'object' && typeof (m as PathMapping).from === 'string' && typeof (m as PathMapping).to === 'string') {
          s.pathMappings.push({ from: (m as PathMapping).from, to: (m as PathMapping).to });
        } else problems.push('pathMappings: each entry needs "from" and "to" strings');
      }
    } else if (pm && typeof pm === 'object') {
      for (const [from, to] of Object.entries(pm as Record<string, unknown>)) {
        if (typeof to === 'string') s.pathMappings.push({ from, to });
        else problems.push(`pathMappings.${from}: expected a string`);
      }
    } else problems.push('pathMappings: expected an object or an array');
  }
  if (o.extraTrustedCertificates !== undefined) {
    if (Array.isArray(o.extraTrustedCertificates) && o.extraTrustedCertificates.every((x) => typeof x === 'string')) {
      s.extraTrustedCertificates = [...(o.extraTrustedCertificates as string[])];
    } else problems.push('extraTrustedCertificates: expected an array of paths');
  }
  if (o.targets !== undefined) {
    if (o.targets && typeof o.targets === 'object') {
      for (const key of Object.keys(DEFAULT_TARGETS) as (keyof TargetVersions)[]) {
        const v = (o.targets as Record<string, unknown>)[key];
        if (v === undefined) continue;
        if (typeof v === 'string' && /^\d+(\.\d+)*$/.test(v.trim())) s.targets[key] = v.trim();
        else problems.push(`targets.${key}: expected a version such as "${DEFAULT_TARGETS[key]}"`);
      }
    } else problems.push('targets: expected an object');
  }
  if (o.securityLevel !== undefined) {
    if (typeof o.securityLevel === 'number' && Number.isInteger(o.securityLevel) && o.securityLevel >= 0 && o.securityLevel <= 5) s.securityLevel = o.securityLevel;
    else problems.push('securityLevel: expected an integer from 0 to 5');
  }
  if (o.failOn !== undefined) {
    if (isFailOn(o.failOn)) s.failOn = o.failOn;
    else problems.push(`failOn: expected one of ${FAIL_ON.join(', ')}`);
  }
  if (typeof o.baseDir === 'string') s.baseDir = o.baseDir;
  return s;
}

/** Compare dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}
