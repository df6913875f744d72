// Mozilla Server Side TLS profiles as data: the guideline JSON files (bundled: 5.7, 5.8, 6.0) or an
// organisation's own file of the same shape. Guideline 6.0 has no `old` profile; `old` then comes from
// 5.8, the newest guideline that still defines it.

import * as path from 'node:path';
import type { ProfileName, Settings } from '../settings';
import g57 from './guidelines/5.7.json';
import g58 from './guidelines/5.8.json';
import g60 from './guidelines/6.0.json';
import { lookupTable } from '../lookup';

export interface Profile {
  name: ProfileName;
  /** Guideline version (or file) the values come from. */
  guideline: string;
  /** `TLSv1.2` style names. */
  tlsVersions: string[];
  /** OpenSSL names of the TLS ≤ 1.2 suites. */
  ciphers: string[];
  /** TLS 1.3 suites. */
  ciphersuites: string[];
  tlsCurves: string[];
  certificateTypes: string[];
  certificateCurves: string[];
  certificateSignatures: string[];
  rsaKeySize: number | null;
  dhParamSize: number | null;
  ecdhParamSize: number | null;
  hstsMinAge: number;
  ocspStaple: boolean;
  serverPreferredOrder: boolean;
  /**
   * Not in Mozilla's JSON: its generated nginx configurations turn tickets off where nginx cannot
   * rotate ticket keys itself (before 1.23.2), for forward secrecy. tlslint keeps that as the profile's
   * stance; the session-tickets rule applies it where keys are not rotated.
   */
  sessionTickets: boolean;
  maximumCertificateLifespan: number | null;
  recommendedCertificateLifespan: number | null;
}

interface GuidelineConfiguration {
  certificate_curves?: string[];
  certificate_signatures?: string[];
  certificate_types?: string[];
  /** Names per naming scheme: `openssl`, `iana`, and in some versions `go`, `caddy`. */
  ciphers?: { openssl?: string[]; iana?: string[]; [scheme: string]: string[] | undefined };
  ciphersuites?: string[];
  dh_param_size?: number | null;
  ecdh_param_size?: number | null;
  hsts_min_age?: number;
  maximum_certificate_lifespan?: number | null;
  ocsp_staple?: boolean;
  recommended_certificate_lifespan?: number | null;
  rsa_key_size?: number | null;
  server_preferred_order?: boolean;
  tls_curves?: string[];
  tls_versions?: string[];
}

interface Guideline {
  version: number | string;
  /** Where the data was published. */
  href?: string;
  configurations: Partial<Record<ProfileName, GuidelineConfiguration>>;
}

export const BUNDLED_GUIDELINES = lookupTable<Guideline>({ '5.7': g57 as Guideline, '5.8': g58 as Guideline, '6.0': g60 as Guideline });
export const DEFAULT_GUIDELINE = '6.0';

const PROFILE_NAMES: ProfileName[] = ['modern', 'intermediate', 'old'];

function toProfile(name: ProfileName, guideline: string, c: GuidelineConfiguration): Profile {
  return {
    name,
    guideline,
    tlsVersions: c.tls_versions ?? [],
    ciphers: c.ciphers?.openssl ?? [],
    ciphersuites: c.ciphersuites ?? [],
    tlsCurves: c.tls_curves ?? [],
    certificateTypes: c.certificate_types ?? [],
    certificateCurves: c.certificate_curves ?? [],
    certificateSignatures: c.certificate_signatures ?? [],
    rsaKeySize: c.rsa_key_size ?? null,
    dhParamSize: c.dh_param_size ?? null,
    ecdhParamSize: c.ecdh_param_size ?? null,
    hstsMinAge: c.hsts_min_age ?? 63072000,
    ocspStaple: c.ocsp_staple ?? false,
    serverPreferredOrder: c.server_preferred_order ?? false,
    sessionTickets: false,
    maximumCertificateLifespan: c.maximum_certificate_lifespan ?? null,
    recommendedCertificateLifespan: c.recommended_certificate_lifespan ?? null,
  };
}

// Field kinds of one configuration, so a custom file with `"ciphersuites": "TLS_AES_128_GCM_SHA256"`
// (a string where a list belongs) is caught here instead of breaking a rule later.
const STRING_LIST_FIELDS = ['certificate_curves', 'certificate_signatures', 'certificate_types', 'ciphersuites', 'tls_curves'] as const;
const NUMBER_OR_NULL_FIELDS = ['dh_param_size', 'ecdh_param_size', 'maximum_certificate_lifespan', 'recommended_certificate_lifespan', 'rsa_key_size'] as const;
const BOOLEAN_FIELDS = ['ocsp_staple', 'server_preferred_order'] as const;

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Problems with a custom guideline's shape, empty when usable. */
export function validateGuideline(value: unknown): string[] {
  const problems: string[] = [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['the guideline is not a JSON object'];
  const confs = (value as Guideline).configurations;
  if (!confs || typeof confs !== 'object' || Array.isArray(confs)) return ['the guideline has no "configurations" object'];
  const names = Object.keys(confs).filter((n) => PROFILE_NAMES.includes(n as ProfileName));
  if (!names.length) problems.push('"configurations" defines none of modern, intermediate, old');
  for (const n of names) {
    const c = (confs as Record<string, unknown>)[n];
    if (!c || typeof c !== 'object' || Array.isArray(c)) {
      problems.push(`configurations.${n} is not an object`);
      continue;
    }
    const conf = c as Record<string, unknown>;
    if (!isStringList(conf.tls_versions)) problems.push(`configurations.${n}.tls_versions must be an array of protocol names`);
    for (const f of STRING_LIST_FIELDS) {
      if (conf[f] !== undefined && !isStringList(conf[f])) problems.push(`configurations.${n}.${f} must be an array of strings`);
    }
    for (const f of NUMBER_OR_NULL_FIELDS) {
      if (conf[f] !== undefined && conf[f] !== null && typeof conf[f] !== 'number') problems.push(`configurations.${n}.${f} must be a number or null`);
    }
    for (const f of BOOLEAN_FIELDS) {
      if (conf[f] !== undefined && typeof conf[f] !== 'boolean') problems.push(`configurations.${n}.${f} must be true or false`);
    }
    if (conf.hsts_min_age !== undefined && typeof conf.hsts_min_age !== 'number') problems.push(`configurations.${n}.hsts_min_age must be a number`);
    const ciphers = conf.ciphers as Record<string, unknown> | undefined;
    if (ciphers !== undefined && (!ciphers || typeof ciphers !== 'object' || Array.isArray(ciphers) || (ciphers.openssl !== undefined && !isStringList(ciphers.openssl)))) {
      problems.push(`configurations.${n}.ciphers.openssl must be an array of OpenSSL cipher names`);
    }
  }
  return problems;
}

/**
 * The profile settings ask for. Never throws: an unreadable or malformed custom guideline, or one
 * lacking the profile, falls back to the bundled guidelines with a problem message.
 */
export function loadProfile(settings: Settings, readFile?: (path: string) => string | undefined): { profile: Profile; problems: string[] } {
  const problems: string[] = [];
  const name = settings.profile;
  const requested = settings.guideline || DEFAULT_GUIDELINE;
  let guideline: Guideline | undefined = BUNDLED_GUIDELINES[requested];
  let label = requested;
  if (!guideline) {
    const file = path.isAbsolute(requested) ? requested : path.resolve(settings.baseDir ?? process.cwd(), requested);
    const text = readFile?.(file);
    if (text === undefined) problems.push(`guideline "${requested}" is neither a bundled version (${Object.keys(BUNDLED_GUIDELINES).join(', ')}) nor a readable file (${file}); using ${DEFAULT_GUIDELINE}`);
    else {
      try {
        const parsed = JSON.parse(text) as unknown;
        const shape = validateGuideline(parsed);
        if (shape.length) problems.push(`guideline file ${file} is not usable (${shape.join('; ')}); using ${DEFAULT_GUIDELINE}`);
        else {
          guideline = parsed as Guideline;
          label = file;
        }
      } catch (e) {
        problems.push(`guideline file ${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); using ${DEFAULT_GUIDELINE}`);
      }
    }
  }
  if (!guideline) {
    guideline = BUNDLED_GUIDELINES[DEFAULT_GUIDELINE];
    label = DEFAULT_GUIDELINE;
  }
  const own = guideline.configurations[name];
  if (own) return { profile: toProfile(name, label, own), problems };
  // The documented case: 6.0 dropped `old`; take it from the newest bundled guideline that has it.
  const fallback = Object.keys(BUNDLED_GUIDELINES)
    .sort((a, b) => parseFloat(b) - parseFloat(a))
    .find((v) => BUNDLED_GUIDELINES[v].configurations[name]);
  if (!(name === 'old' && label === DEFAULT_GUIDELINE)) {
    problems.push(`guideline ${label} has no "${name}" profile; using it from guideline ${fallback}`);
  }
  return { profile: toProfile(name, fallback!, BUNDLED_GUIDELINES[fallback!].configurations[name]!), problems };
}

export function profileCipherString(profile: Profile): string {
  return profile.ciphers.join(':');
}

export function profileProtocolsNginx(profile: Profile): string {
  return profile.tlsVersions.join(' ');
}
