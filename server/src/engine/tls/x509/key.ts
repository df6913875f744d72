// Private key inspection: what kind of key a file holds and whether it belongs to a certificate.
//
// SECURITY: key material never leaves this module. Results carry only the key's type, size, curve,
// whether it is encrypted, where its block is, and match booleans. Error messages are fixed texts (never
// OpenSSL's or Node's messages, never bytes of the input). Nothing is cached or logged. An encrypted key is
// reported as encrypted and left alone unless the caller supplies a passphrase; nothing ever prompts.
// Pure: callers pass the file's bytes or text.

import type { X509Certificate, KeyObject } from 'node:crypto';
import { nodeCrypto } from './nodeCrypto';
import * as der from './der';
import { TAG } from './der';
import { type CertificateInfo, inspectCertificate } from './certificate';
import { curveByName } from './oids';
import { type PemBlock, detectEncoding, splitPem, toText } from './pem';
import { lookupTable } from '../../lookup';

export type PrivateKeyType = 'rsa' | 'rsa-pss' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'x25519' | 'x448' | 'dh' | 'unknown';

export type PrivateKeyProblem =
  /** No private key in the input. */
  | 'no-key'
  /** Encrypted and no passphrase was given: type and size may be unknown, the key cannot be matched. */
  | 'encrypted'
  /** A passphrase was given but does not decrypt the key. */
  | 'bad-passphrase'
  /** A key block or DER structure OpenSSL cannot read. */
  | 'unreadable'
  /** A format servers do not load (e.g. OpenSSH's own format). */
  | 'unsupported';

export interface PrivateKeyInfo {
  /** The key could be loaded (type and size are known). */
  ok: boolean;
  problem?: PrivateKeyProblem;
  /** A fixed, material-free explanation when not ok. */
  message?: string;
  encrypted: boolean;
  type?: PrivateKeyType;
  /** RSA/DSA modulus bits, EC field size, 256 for Ed25519, 456 for Ed448. */
  bits?: number;
  curve?: string;
  curveNist?: string;
  /** PEM label (`PRIVATE KEY`, `RSA PRIVATE KEY`, …) or `DER`. */
  label?: string;
  /** 0-based lines of the block's BEGIN/END markers (PEM input). */
  beginLine?: number;
  endLine?: number;
  /** Number of private-key blocks in the input (servers use the first). */
  keyCount: number;
}

/** Inspect the first private key of a PEM text (which may also hold certificates) or a DER key. */
export function inspectPrivateKey(input: string | Uint8Array, passphrase?: string): PrivateKeyInfo {
  return infoOf(loadKey(input, passphrase));
}

/** A private key's facts and its public half, from one parse (the private KeyObject is dropped here). */
export interface PrivateKeyCheck {
  info: PrivateKeyInfo;
  /** The public half, when the key loaded and one could be derived from it. */
  publicKey?: KeyObject;
}

/**
 * inspectPrivateKey, keeping the key's public half for publicHalfMatchesCertificate: OpenSSL's parse of
 * a private key is the costly part of a key check, and keyMatchesCertificate would parse it again.
 */
export function inspectPrivateKeyForMatching(input: string | Uint8Array): PrivateKeyCheck {
  const loaded = loadKey(input, undefined);
  const out: PrivateKeyCheck = { info: infoOf(loaded) };
  if (loaded.key) {
    try {
      out.publicKey = nodeCrypto().createPublicKey(loaded.key);
    } catch {
      // judged unreadable when compared, as keyMatchesCertificate judges it
    }
  }
  return out;
}

/**
 * keyMatchesCertificate for a key that loaded (inspectPrivateKeyForMatching's info.ok), given its public
 * half (undefined when none could be derived).
 */
export function publicHalfMatchesCertificate(publicKey: KeyObject | undefined, certificate: X509Certificate): KeyMatchResult {
  let certKey: KeyObject;
  try {
    certKey = certificate.publicKey;
  } catch {
    return { matches: undefined, problem: 'bad-certificate', message: 'the certificate has no usable public key' };
  }
  if (!publicKey) return { matches: undefined, problem: 'unreadable', message: MESSAGES.unreadable };
  return { matches: samePublicKey(publicKey, certKey) };
}

function infoOf(loaded: Loaded): PrivateKeyInfo {
  const info: PrivateKeyInfo = { ok: loaded.key !== undefined, encrypted: loaded.encrypted, keyCount: loaded.keyCount };
  if (loaded.problem) {
    info.problem = loaded.problem;
    info.message = MESSAGES[loaded.problem];
  }
  if (loaded.label) info.label = loaded.label;
  if (loaded.beginLine !== undefined) {
    info.beginLine = loaded.beginLine;
    info.endLine = loaded.endLine;
  }
  if (loaded.typeHint) info.type = loaded.typeHint;
  if (loaded.key) Object.assign(info, describeKey(loaded.key));
  return info;
}

export interface KeyMatchResult {
  /** true / false when both keys could be read; undefined when the question cannot be answered. */
  matches: boolean | undefined;
  /** Why `matches` is undefined. */
  problem?: PrivateKeyProblem | 'bad-certificate';
  message?: string;
}

/**
 * Whether a private key belongs to a certificate: the public half of the key equals the certificate's
 * public key (SubjectPublicKeyInfo DER, with a component-wise comparison as fallback so that point
 * encodings or RSA vs RSA-PSS labelling do not cause false mismatches).
 */
export function keyMatchesCertificate(
  key: string | Uint8Array,
  certificate: X509Certificate | CertificateInfo | string | Uint8Array,
  passphrase?: string,
): KeyMatchResult {
  let certKey: KeyObject;
  try {
    let x509: X509Certificate;
    if (certificate instanceof nodeCrypto().X509Certificate) x509 = certificate;
    else if (typeof certificate === 'string' || certificate instanceof Uint8Array) {
      const r = inspectCertificate(certificate);
      if (!r.ok) return { matches: undefined, problem: 'bad-certificate', message: r.error };
      x509 = r.certificate.x509;
    } else x509 = certificate.x509;
    certKey = x509.publicKey;
  } catch {
    return { matches: undefined, problem: 'bad-certificate', message: 'the certificate has no usable public key' };
  }
  const loaded = loadKey(key, passphrase);
  if (!loaded.key) {
    const problem = loaded.problem ?? 'unreadable';
    return { matches: undefined, problem, message: MESSAGES[problem] };
  }
  try {
    const pub = nodeCrypto().createPublicKey(loaded.key);
    return { matches: samePublicKey(pub, certKey) };
  } catch {
    return { matches: undefined, problem: 'unreadable', message: MESSAGES.unreadable };
  }
}

const MESSAGES: Record<PrivateKeyProblem, string> = {
  'no-key': 'no private key found',
  encrypted: 'the private key is encrypted (protected by a passphrase); it was not decrypted',
  'bad-passphrase': 'the passphrase does not decrypt the private key',
  unreadable: 'the private key cannot be read (corrupt or not a private key)',
  unsupported: 'the private key is in a format TLS servers do not load (OpenSSH format?)',
};

/** Key types whose JWK Node exports whole (EC: the curves JWK names), so equal keys compare equal below. */
const JWK_TYPES: ReadonlySet<string> = new Set(['rsa', 'ec', 'ed25519', 'ed448', 'x25519', 'x448']);
const JWK_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1']);

export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  // OpenSSL's own comparison first: exporting both keys (its encoder framework) costs far more. When it
  // says equal, the comparison below says so too (same encoding, or the same JWK), for these types;
  // otherwise that comparison decides, as it always did.
  try {
    const type = a.asymmetricKeyType;
    if (type !== undefined && type === b.asymmetricKeyType && JWK_TYPES.has(type) && (type !== 'ec' || JWK_CURVES.has(a.asymmetricKeyDetails?.namedCurve ?? '')) && a.equals(b)) return true;
  } catch {
    // the comparison below decides
  }
  const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  try {
    if (Buffer.compare(spki(a), spki(b)) === 0) return true;
  } catch {
    // fall through to the component comparison
  }
  try {
    // Public JWK components (n/e, crv/x/y, x): independent of point compression and of the SPKI algorithm label.
    const ja = a.export({ format: 'jwk' });
    const jb = b.export({ format: 'jwk' });
    const fields = ['kty', 'crv', 'n', 'e', 'x', 'y'] as const;
    return fields.every((f) => ja[f] === jb[f]) && (ja.n !== undefined || ja.x !== undefined);
  } catch {
    return false;
  }
}

function describeKey(key: KeyObject): Partial<PrivateKeyInfo> {
  const out: Partial<PrivateKeyInfo> = {};
  const type = (key.asymmetricKeyType ?? 'unknown') as PrivateKeyType;
  out.type = type;
  const d = key.asymmetricKeyDetails;
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') {
    if (d?.modulusLength !== undefined) out.bits = d.modulusLength;
  } else if (type === 'ec' && d?.namedCurve) {
    const c = curveByName(d.namedCurve);
    out.curve = c.name;
    if (c.nist) out.curveNist = c.nist;
    if (c.bits !== undefined) out.bits = c.bits;
  } else if (type === 'ed25519' || type === 'x25519') out.bits = 256;
  else if (type === 'ed448') out.bits = 456;
  else if (type === 'x448') out.bits = 448;
  return out;
}

interface Loaded {
  key?: KeyObject;
  problem?: PrivateKeyProblem;
  encrypted: boolean;
  keyCount: number;
  label?: string;
  beginLine?: number;
  endLine?: number;
  typeHint?: PrivateKeyType;
}

const TYPE_BY_LABEL = lookupTable<PrivateKeyType>({
  'RSA PRIVATE KEY': 'rsa',
  'EC PRIVATE KEY': 'ec',
  'DSA PRIVATE KEY': 'dsa',
});

/** Load the first private key. The KeyObject stays inside this module. */
function loadKey(input: string | Uint8Array, passphrase: string | undefined): Loaded {
  try {
    const enc = detectEncoding(input);
    if (enc === 'der') return loadDer(input as Uint8Array, passphrase);
    if (enc !== 'pem') return { problem: 'no-key', encrypted: false, keyCount: 0 };
    const text = toText(input);
    const blocks = splitPem(text).blocks.filter((b) => b.kind === 'private-key');
    if (blocks.length === 0) return { problem: 'no-key', encrypted: false, keyCount: 0 };
    const block = blocks[0];
    const base: Loaded = { encrypted: block.encrypted, keyCount: blocks.length, label: block.label, beginLine: block.beginLine, endLine: block.endLine };
    const hint = TYPE_BY_LABEL[block.label];
    if (hint) base.typeHint = hint;
    return { ...base, ...loadPemBlock(text, block, passphrase) };
  } catch {
    return { problem: 'unreadable', encrypted: false, keyCount: 0 };
  }
}

function loadPemBlock(text: string, block: PemBlock, passphrase: string | undefined): Partial<Loaded> {
  if (block.label === 'OPENSSH PRIVATE KEY') return { problem: 'unsupported' };
  if (block.error) return { problem: 'unreadable' };
  if (block.encrypted && passphrase === undefined) return { problem: 'encrypted' };
  // The block's own text (headers included, for legacy Proc-Type encryption).
  const pem = `${text.slice(block.startOffset, block.endOffset).split(/\r\n|\r|\n/).map((l) => l.trim()).join('\n')}\n`;
  try {
    const key = nodeCrypto().createPrivateKey(block.encrypted ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
    return { key };
  } catch {
    return { problem: block.encrypted ? 'bad-passphrase' : 'unreadable' };
  }
}

function loadDer(bytes: Uint8Array, passphrase: string | undefined): Loaded {
  const buf = Buffer.from(bytes);
  let encrypted = false;
  try {
    // EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier SEQUENCE; PrivateKeyInfo, PKCS#1 and SEC1 with an INTEGER.
    const top = der.readTlv(bytes, 0);
    const [first, second] = der.children(bytes, top);
    encrypted = first?.tag === TAG.SEQUENCE && second?.tag === TAG.OCTET_STRING && der.children(bytes, first)[0]?.tag === TAG.OID;
  } catch {
    return { problem: 'unreadable', encrypted: false, keyCount: 0 };
  }
  const base: Loaded = { encrypted, keyCount: 1, label: 'DER' };
  if (encrypted && passphrase === undefined) return { ...base, problem: 'encrypted' };
  const attempts: { type: 'pkcs8' | 'pkcs1' | 'sec1' }[] = encrypted ? [{ type: 'pkcs8' }] : [{ type: 'pkcs8' }, { type: 'pkcs1' }, { type: 'sec1' }];
  for (const a of attempts) {
    try {
      const key = nodeCrypto().createPrivateKey(encrypted ? { key: buf, format: 'der', type: a.type, passphrase } : { key: buf, format: 'der', type: a.type });
      return { ...base, key };
    } catch {
      // try the next structure
    }
  }
  return { ...base, problem: encrypted ? 'bad-passphrase' : 'no-key' };
}
