// Files a configuration points to (certificates, keys, CA bundles, DH parameters): where they are, as
// the server resolves them, and what they hold. Loaded through the workspace's FileSystem, once per
// lint. Private keys are read only to compare them with their certificate: nothing of them is kept
// beyond the match verdict (and, for the length of one lint, the key's public half), logged, or
// written anywhere.

import type { Workspace } from './workspace';
import { hasVariable, resolveServerPath } from './paths';
import { readCertificates, type CertificateBundle } from '../tls/x509/certificate';
import { inspectPrivateKeyForMatching, publicHalfMatchesCertificate, type PrivateKeyCheck } from '../tls/x509/key';
import { parseDhParams } from '../tls/x509/dh';
import { reuseForFileVersion } from './fileCache';
import { lookupTable } from '../lookup';

export type FileKind = 'certificate' | 'key' | 'ca' | 'dhparam';

/** nginx directives whose first argument names a file, and what the file must hold. */
export const NGINX_FILE_DIRECTIVES = lookupTable<FileKind>({
  ssl_certificate: 'certificate',
  ssl_certificate_key: 'key',
  ssl_trusted_certificate: 'ca',
  ssl_client_certificate: 'ca',
  ssl_dhparam: 'dhparam',
  proxy_ssl_certificate: 'certificate',
  proxy_ssl_certificate_key: 'key',
  proxy_ssl_trusted_certificate: 'ca',
  grpc_ssl_certificate: 'certificate',
  grpc_ssl_certificate_key: 'key',
  grpc_ssl_trusted_certificate: 'ca',
  uwsgi_ssl_certificate: 'certificate',
  uwsgi_ssl_certificate_key: 'key',
  uwsgi_ssl_trusted_certificate: 'ca',
});

/**
 * NGINX_FILE_DIRECTIVES as a Map, for the walks that ask it about directive names: a keyed load on the
 * object, with another name at every site, goes megamorphic.
 */
export const NGINX_FILE_KINDS: ReadonlyMap<string, FileKind> = new Map(Object.entries(NGINX_FILE_DIRECTIVES));

export type PathResolution =
  | { kind: 'file'; path: string; serverPath: string }
  /** Contains a variable (`$ssl_server_name`): only known per handshake, not checkable statically. */
  | { kind: 'variable'; value: string }
  /** Inline PEM (`data:…`, nginx ≥ 1.15.10): the value is the content. */
  | { kind: 'data'; content: string }
  /** An OpenSSL engine or store key (`engine:…`, `store:…`): not a file. */
  | { kind: 'engine'; value: string };

/** Resolve a file argument the way nginx does: relative to the prefix, then path mappings. */
export function resolveConfigPath(ws: Workspace, value: string, prefix: string): PathResolution {
  if (value.startsWith('data:')) return { kind: 'data', content: value.slice(5) };
  if (/^(engine|store):/.test(value)) return { kind: 'engine', value };
  if (hasVariable(value)) return { kind: 'variable', value };
  const r = resolveServerPath(ws.fs, value, prefix, ws.settings.pathMappings, ws.settings.baseDir);
  return { kind: 'file', path: r.path, serverPath: r.serverPath };
}

/**
 * Resolutions by prefix and argument text, for the certificate rules of every dialect: a path depends on
 * nothing else, and the 10,000 servers of a hosting tree name four or five files. Callers share the
 * resolution objects (read them, never change them).
 */
const resolutionCache = new WeakMap<Workspace, Map<string, Map<string, PathResolution>>>();

/** The resolutions of one prefix by argument text. */
export function resolutionsFor(ws: Workspace, prefix: string): Map<string, PathResolution> {
  let byPrefix = resolutionCache.get(ws);
  if (!byPrefix) {
    byPrefix = new Map();
    resolutionCache.set(ws, byPrefix);
  }
  let byText = byPrefix.get(prefix);
  if (!byText) {
    byText = new Map();
    byPrefix.set(prefix, byText);
  }
  return byText;
}

/** The resolution of `text` under `prefix` (`byText`: that prefix's table, when the caller holds it already). */
export function resolutionOf(ws: Workspace, text: string, prefix: string, byText = resolutionsFor(ws, prefix)): PathResolution {
  let resolution = byText.get(text);
  if (!resolution) {
    resolution = resolveConfigPath(ws, text, prefix);
    byText.set(text, resolution);
  }
  return resolution;
}

export type Loaded<T> =
  | { status: 'missing' }
  | { status: 'directory' }
  | { status: 'unreadable'; error: string }
  | { status: 'ok'; value: T };

export interface KeyFacts {
  type: string;
  bits?: number;
  encrypted: boolean;
  /** undefined when the key could not be compared (encrypted, unreadable). */
  matches?: boolean;
  problem?: string;
}

const certCache = new WeakMap<Workspace, Map<string, Loaded<CertificateBundle>>>();

function bytesOf(ws: Workspace, path: string): Loaded<Uint8Array> {
  const st = ws.fs.stat(path);
  if (!st) return { status: 'missing' };
  if (st.isDirectory) return { status: 'directory' };
  let bytes = ws.fs.readBytes?.(path);
  if (!bytes) {
    const text = ws.fs.readFile(path);
    if (text !== undefined) bytes = Buffer.from(text, 'utf8');
  }
  if (!bytes) return { status: 'unreadable', error: 'cannot be read' };
  return { status: 'ok', value: bytes };
}

/** The certificates of a PEM/DER file, parsed once per lint. */
export function loadCertificates(ws: Workspace, path: string): Loaded<CertificateBundle> {
  let cache = certCache.get(ws);
  if (!cache) {
    cache = new Map();
    certCache.set(ws, cache);
  }
  const known = cache.get(path);
  if (known) return known;
  const result = reuseForFileVersion(ws.fs, path, 'certificates', () => readCertificateFile(ws, path));
  cache.set(path, result);
  return result;
}

function readCertificateFile(ws: Workspace, path: string): Loaded<CertificateBundle> {
  const raw = bytesOf(ws, path);
  let result: Loaded<CertificateBundle>;
  if (raw.status !== 'ok') result = raw;
  else {
    const bundle = readCertificates(raw.value);
    result = bundle.certificates.length ? { status: 'ok', value: bundle } : { status: 'unreadable', error: 'holds no certificate (PEM "CERTIFICATE" block or DER)' };
  }
  return result;
}

/**
 * Facts about a private key file and whether it belongs to the certificate: the verdict (no material) is
 * kept per file version and leaf; of the key, only its public half outlives the parse, for one lint.
 */
export function checkKeyFile(ws: Workspace, keyPath: string, certificate?: CertificateBundle): Loaded<KeyFacts> {
  // The verdict (no material) for this key file version and this leaf.
  const leafId = certificate?.certificates[0]?.x509.fingerprint256 ?? '';
  return reuseForFileVersion(ws.fs, keyPath, `key ${leafId}`, () => readKeyFile(ws, keyPath, certificate));
}

/**
 * Each key file parsed once per lint: cert-unreadable asks about the key alone and cert-key-mismatch
 * about the key and its certificate, and OpenSSL's parse of a private key is the costly part of both.
 * Only the public half is kept, with the facts.
 */
const parsedKeys = new WeakMap<Workspace, Map<string, Loaded<PrivateKeyCheck>>>();

function parsedKeyFile(ws: Workspace, keyPath: string): Loaded<PrivateKeyCheck> {
  let byPath = parsedKeys.get(ws);
  if (!byPath) {
    byPath = new Map();
    parsedKeys.set(ws, byPath);
  }
  let parsed = byPath.get(keyPath);
  if (!parsed) {
    const raw = bytesOf(ws, keyPath);
    parsed = raw.status === 'ok' ? { status: 'ok', value: inspectPrivateKeyForMatching(raw.value) } : raw;
    byPath.set(keyPath, parsed);
  }
  return parsed;
}

function readKeyFile(ws: Workspace, keyPath: string, certificate?: CertificateBundle): Loaded<KeyFacts> {
  const parsed = parsedKeyFile(ws, keyPath);
  if (parsed.status !== 'ok') return parsed;
  const key = parsed.value.info;
  if (!key.ok) {
    if (key.encrypted) return { status: 'ok', value: { type: 'unknown', encrypted: true, problem: 'the key is encrypted (nginx needs ssl_password_file); not compared' } };
    return { status: 'unreadable', error: key.message ?? 'is not a readable private key' };
  }
  const facts: KeyFacts = { type: key.type ?? 'unknown', bits: key.bits, encrypted: false };
  const leaf = certificate?.certificates[0];
  if (leaf) {
    const m = publicHalfMatchesCertificate(parsed.value.publicKey, leaf.x509);
    facts.matches = m.matches;
    if (m.message) facts.problem = m.message;
  }
  return { status: 'ok', value: facts };
}

/** DH parameters of a file (nginx ssl_dhparam). */
export function loadDhParams(ws: Workspace, path: string): Loaded<{ primeBits: number }> {
  return reuseForFileVersion(ws.fs, path, 'dhparam', () => readDhFile(ws, path));
}

function readDhFile(ws: Workspace, path: string): Loaded<{ primeBits: number }> {
  const raw = bytesOf(ws, path);
  if (raw.status !== 'ok') return raw;
  const dh = parseDhParams(raw.value);
  return dh.ok ? { status: 'ok', value: { primeBits: dh.primeBits } } : { status: 'unreadable', error: dh.error };
}
