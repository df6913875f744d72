// Certificate inspection: what a certificate says (names, validity, SANs, key, signature algorithm,
// extensions) and whether a list of certificates forms a chain a client can follow to a trusted root.
//
// Node's X509Certificate does the cryptography (signature verification, fingerprint, public key); the
// fields are read from the DER with ./der, so values are exact (no parsing of display strings).
// Pure: callers pass bytes or text; nothing is read from disk. No function here throws.

import type { X509Certificate, KeyObject } from 'node:crypto';
import { nodeCrypto } from './nodeCrypto';
import * as der from './der';
import { type Tlv, TAG } from './der';
import {
  ACCESS_METHOD,
  CURVES,
  EXT,
  EXTENDED_KEY_USAGES,
  HASH_ALGORITHMS,
  type HashName,
  KEY_ALGORITHMS,
  KEY_USAGE_BITS,
  NAME_ATTRIBUTES,
  SIGNATURE_ALGORITHMS,
  WEAK_HASHES,
  curveByName,
} from './oids';
import { type InputEncoding, type PemBlock, type PemStrayText, detectEncoding, splitPem } from './pem';

export interface NameAttribute {
  /** Index of the relative distinguished name this attribute belongs to (several share one in `a + b`). */
  rdn: number;
  oid: string;
  /** OpenSSL's short name (`CN`, `O`, `OU`, `C`, …) or the dotted OID when unknown. */
  type: string;
  value: string;
}

export interface DistinguishedName {
  /** One line in `openssl x509 -subject` style: `C = US, O = "Acme, Inc.", CN = www.example.com`. */
  text: string;
  attributes: NameAttribute[];
  /** The last (most specific) common name, as OpenSSL picks it. */
  commonName?: string;
  organization?: string;
  /** Normalised form used to compare names (case and whitespace folded). */
  canonical: string;
}

export type KeyType = 'rsa' | 'rsa-pss' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'x25519' | 'x448' | 'dh' | 'unknown';

export interface PublicKeyInfo {
  type: KeyType;
  /** RSA/DSA modulus bits, EC field size, 256 for Ed25519, 456 for Ed448. */
  bits?: number;
  /** EC curve as OpenSSL names it (`prime256v1`, `secp384r1`). */
  curve?: string;
  /** NIST name of the curve (`P-256`) when it has one. */
  curveNist?: string;
  /** OID of the key algorithm in the SubjectPublicKeyInfo. */
  algorithmOid: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER (hex): identifies the key across certificates. */
  spkiSha256: string;
}

export interface SignatureAlgorithmInfo {
  oid: string;
  /** OpenSSL's name: `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `rsassaPss`, `ED25519`; the OID when unknown. */
  name: string;
  hash?: HashName;
  /** MD2/MD4/MD5/SHA-1: collisions are practical, so the signature can be forged. */
  weak: boolean;
}

export interface SubjectAltNames {
  dns: string[];
  /** IPv4 dotted, IPv6 in RFC 5952 form (`2001:db8::1`). */
  ip: string[];
  email: string[];
  uri: string[];
}

export interface CertificateInfo {
  version: number;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Uppercase hex, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  subjectAltNames: SubjectAltNames;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithmInfo;
  /** Issuer and subject are the same name. */
  selfIssued: boolean;
  /** Self-issued and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  /** basicConstraints cA. */
  isCA: boolean;
  pathLength?: number;
  keyUsage?: string[];
  extendedKeyUsage?: string[];
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** TLS feature extension asks for status_request (OCSP must-staple). */
  mustStaple: boolean;
  /** OCSP responder URLs from the Authority Information Access extension. */
  ocspUrls: string[];
  /** CA issuer (certificate download) URLs from the Authority Information Access extension. */
  caIssuersUrls: string[];
  /** `AA:BB:…`, uppercase, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintSha256: string;
  /** The DER of the certificate. */
  der: Uint8Array;
  /** Node's object, for verification and chaining. */
  x509: X509Certificate;
}

export type CertificateResult = { ok: true; certificate: CertificateInfo } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------------
// Single certificates

/**
 * Inspect one certificate given as DER bytes, or PEM (text or bytes; the first certificate block is used).
 */
export function inspectCertificate(input: string | Uint8Array | X509Certificate): CertificateResult {
  try {
    // An X509Certificate object (neither text nor bytes): told apart without loading node:crypto for text and bytes.
    if (typeof input !== 'string' && !(input instanceof Uint8Array)) return inspectDer(new Uint8Array(input.raw), input);
    const enc = detectEncoding(input);
    if (enc === 'der') return inspectDer(input as Uint8Array);
    if (enc === 'empty') return { ok: false, error: 'the input is empty' };
    if (enc !== 'pem') return { ok: false, error: 'not a certificate: neither PEM nor DER' };
    const block = splitPem(input).blocks.find((b) => b.kind === 'certificate');
    if (!block) return { ok: false, error: 'no CERTIFICATE block in the PEM text' };
    if (!block.der) return { ok: false, error: block.error ?? 'the certificate block cannot be decoded' };
    return inspectDer(block.der);
  } catch (e) {
    return { ok: false, error: `cannot read the certificate: ${errorText(e)}` };
  }
}

function inspectDer(input: Uint8Array, given?: X509Certificate): CertificateResult {
  let parsed: ParsedCertificate;
  try {
    parsed = parseCertificateDer(input);
  } catch (e) {
    return { ok: false, error: `malformed certificate: ${errorText(e)}` };
  }
  let x509: X509Certificate;
  try {
    x509 = given ?? new (nodeCrypto().X509Certificate)(Buffer.from(parsed.der));
  } catch (e) {
    return { ok: false, error: `the certificate is rejected by OpenSSL: ${errorText(e)}` };
  }
  const selfIssued = parsed.subject.canonical === parsed.issuer.canonical;
  let selfSigned = false;
  let keyObject: KeyObject | undefined;
  try {
    keyObject = x509.publicKey;
  } catch {
    keyObject = undefined; // e.g. explicit EC parameters: the DER fallback below still names the key
  }
  if (selfIssued && keyObject) selfSigned = safeVerify(x509, keyObject);
  const certificate: CertificateInfo = {
    version: parsed.version,
    subject: parsed.subject,
    issuer: parsed.issuer,
    serialNumber: safe(() => x509.serialNumber.toUpperCase(), parsed.serialHex),
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    subjectAltNames: parsed.san,
    publicKey: publicKeyInfo(parsed, keyObject),
    signatureAlgorithm: parsed.signatureAlgorithm,
    selfIssued,
    selfSigned,
    isCA: parsed.isCA,
    mustStaple: parsed.mustStaple,
    ocspUrls: parsed.ocspUrls,
    caIssuersUrls: parsed.caIssuersUrls,
    fingerprintSha256: safe(() => x509.fingerprint256, colonHex(nodeCrypto().createHash('sha256').update(parsed.der).digest())),
    der: parsed.der,
    x509,
  };
  if (parsed.pathLength !== undefined) certificate.pathLength = parsed.pathLength;
  if (parsed.keyUsage) certificate.keyUsage = parsed.keyUsage;
  if (parsed.extendedKeyUsage) certificate.extendedKeyUsage = parsed.extendedKeyUsage;
  if (parsed.subjectKeyId) certificate.subjectKeyId = parsed.subjectKeyId;
  if (parsed.authorityKeyId) certificate.authorityKeyId = parsed.authorityKeyId;
  return { ok: true, certificate };
}

function publicKeyInfo(parsed: ParsedCertificate, key: KeyObject | undefined): PublicKeyInfo {
  const info: PublicKeyInfo = {
    type: KEY_ALGORITHMS[parsed.spki.algorithmOid] ?? 'unknown',
    algorithmOid: parsed.spki.algorithmOid,
    spkiSha256: nodeCrypto().createHash('sha256').update(parsed.spki.der).digest('hex'),
  };
  const details = key ? safe(() => key.asymmetricKeyDetails, undefined) : undefined;
  if (info.type === 'rsa' || info.type === 'rsa-pss' || info.type === 'dsa') {
    info.bits = details?.modulusLength ?? parsed.spki.bits;
  } else if (info.type === 'ec') {
    const curve = details?.namedCurve ? curveByName(details.namedCurve) : parsed.spki.curveOid ? CURVES[parsed.spki.curveOid] : undefined;
    if (curve) {
      info.curve = curve.name;
      if (curve.nist) info.curveNist = curve.nist;
      if (curve.bits) info.bits = curve.bits;
    } else if (parsed.spki.curveOid) {
      info.curve = parsed.spki.curveOid;
    }
  } else if (info.type === 'ed25519' || info.type === 'x25519') {
    info.bits = 256;
  } else if (info.type === 'ed448') {
    info.bits = 456;
  } else if (info.type === 'x448') {
    info.bits = 448;
  }
  return info;
}

// ---------------------------------------------------------------------------------------------------
// Bundles (chain files)

export interface BundleEntry {
  /** Position among the certificates of the file (0 = first). */
  index: number;
  /** 0-based lines of the BEGIN/END markers (both 0 for DER input). */
  beginLine: number;
  endLine: number;
  label: string;
  certificate?: CertificateInfo;
  error?: string;
}

export interface CertificateBundle {
  encoding: InputEncoding;
  /** Every certificate block (parsed or not), in file order. */
  entries: BundleEntry[];
  /** The certificates that parsed, in file order. */
  certificates: CertificateInfo[];
  /** Other PEM blocks in the file (private keys, DH parameters, …): labels and lines only, never their bytes. */
  otherBlocks: { label: string; kind: PemBlock['kind']; beginLine: number; endLine: number; encrypted: boolean; error?: string }[];
  /** Text outside the blocks. OpenSSL ignores it; a linter may mention it. */
  stray: PemStrayText[];
}

/** Read every certificate of a PEM bundle (or the one certificate of a DER file). Never throws. */
export function readCertificates(input: string | Uint8Array): CertificateBundle {
  const bundle: CertificateBundle = { encoding: 'unknown', entries: [], certificates: [], otherBlocks: [], stray: [] };
  try {
    bundle.encoding = detectEncoding(input);
    if (bundle.encoding === 'der') {
      const r = inspectDer(input as Uint8Array);
      bundle.entries.push(r.ok ? { index: 0, beginLine: 0, endLine: 0, label: 'DER', certificate: r.certificate } : { index: 0, beginLine: 0, endLine: 0, label: 'DER', error: r.error });
    } else if (bundle.encoding === 'pem') {
      const split = splitPem(input);
      bundle.stray = split.stray;
      for (const block of split.blocks) {
        if (block.kind !== 'certificate') {
          const other: CertificateBundle['otherBlocks'][number] = { label: block.label, kind: block.kind, beginLine: block.beginLine, endLine: block.endLine, encrypted: block.encrypted };
          if (block.error) other.error = block.error;
          bundle.otherBlocks.push(other);
          continue;
        }
        const entry: BundleEntry = { index: bundle.entries.length, beginLine: block.beginLine, endLine: block.endLine, label: block.label };
        if (!block.der) entry.error = block.error ?? 'the certificate block cannot be decoded';
        else {
          const r = inspectDer(block.der);
          if (r.ok) entry.certificate = r.certificate;
          else entry.error = r.error;
        }
        bundle.entries.push(entry);
      }
    }
  } catch {
    // keep what was read
  }
  bundle.certificates = bundle.entries.flatMap((e) => (e.certificate ? [e.certificate] : []));
  return bundle;
}

// ---------------------------------------------------------------------------------------------------
// Validity

export interface ValidityAt {
  status: 'valid' | 'expired' | 'not-yet-valid';
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
}

const DAY_MS = 86_400_000;

export function validityAt(cert: Pick<CertificateInfo, 'notBefore' | 'notAfter'>, now: Date): ValidityAt {
  const t = now.getTime();
  const daysLeft = Math.floor((cert.notAfter.getTime() - t) / DAY_MS);
  if (t < cert.notBefore.getTime()) return { status: 'not-yet-valid', daysLeft };
  if (t > cert.notAfter.getTime()) return { status: 'expired', daysLeft };
  return { status: 'valid', daysLeft };
}

// ---------------------------------------------------------------------------------------------------
// Chains

export type ChainFindingCode =
  /** The file does not start with the leaf: its first certificate issued another one in the file. */
  | 'leaf-not-first'
  /** The next certificate in the file is not the issuer (names differ). */
  | 'not-issued-by-next'
  /** The next certificate has the issuer's name but its key did not make the signature. */
  | 'bad-signature-by-next'
  /** The issuer of this certificate is not a CA (basicConstraints), so clients reject the chain. */
  | 'issuer-not-ca'
  /** The same certificate appears earlier in the file. */
  | 'duplicate'
  /** Not on the leaf's path (belongs to another chain). */
  | 'unrelated'
  /** A self-signed root in the file: harmless, clients use their own copy; it only adds bytes. */
  | 'root-included'
  | 'expired'
  | 'not-yet-valid'
  /** Signed with MD5 or SHA-1 (self-signed roots excepted: their signature is not checked). */
  | 'weak-signature';

export interface ChainFinding {
  code: ChainFindingCode;
  severity: 'error' | 'warning' | 'info';
  /** Index of the certificate (file order) the finding is about. */
  index: number;
  /** Another certificate involved (the next one, the real issuer, the earlier duplicate). */
  relatedIndex?: number;
  message: string;
}

export type ChainCertificateRole = 'leaf' | 'intermediate' | 'root' | 'unrelated';

export interface ChainCertificate {
  index: number;
  role: ChainCertificateRole;
  subject: string;
  issuer: string;
  /** Whether the next certificate in the file issued this one (undefined for the last). */
  issuedByNext?: boolean;
  /** Index of the certificate in the file that issued this one, when there is one. */
  issuerIndex?: number;
  findings: ChainFinding[];
}

export type TrustStatus =
  /** The chain reaches a trusted certificate. */
  | 'trusted'
  /** The chain stops at a certificate whose issuer is neither in the file nor trusted: an intermediate is missing. */
  | 'incomplete'
  /** The chain ends at a self-signed certificate nobody trusts (self-signed leaf, private root). */
  | 'untrusted-root'
  /** No certificates. */
  | 'empty';

export interface TrustAnchor {
  subject: string;
  fingerprintSha256: string;
  selfSigned: boolean;
  /** 'system': Node's bundled root store; 'caller': the extra certificates passed in. */
  source: 'system' | 'caller';
  /** The anchor is itself one of the file's certificates (file index), not only its issuer. */
  fileIndex?: number;
}

export interface ChainResult {
  /** Index of the certificate taken as the leaf (the first one that issued no other certificate in the file). */
  leafIndex: number;
  /** File indexes from the leaf up through issuers found in the file. */
  path: number[];
  /** The file lists exactly the path, leaf first, each certificate issued by the next. */
  inOrder: boolean;
  certificates: ChainCertificate[];
  /** All findings, in file order. */
  findings: ChainFinding[];
  /** Where the served chain stops (last certificate of the path). */
  end?: { index: number; subject: string; issuer: string; selfSigned: boolean };
  trust: TrustStatus;
  reachesTrustedRoot: boolean;
  anchor?: TrustAnchor;
  /** Issuer name the chain needs next when it is incomplete. */
  missingIssuer?: string;
  /** URL where the missing issuer can be downloaded (AIA CA Issuers of the last certificate). */
  missingIssuerUrl?: string;
}

export interface ChainOptions {
  /** Also trust Node's bundled root certificates (default true). */
  systemRoots?: boolean;
  /** Time for the expiry findings (default: now). */
  now?: Date;
}

type CertLike = CertificateInfo | X509Certificate;

/**
 * Check a certificate list as a server sends it (file order): each certificate issued by the next, the leaf
 * first, and whether the chain reaches a trusted certificate (Node's root store plus `trusted`). Trust
 * follows OpenSSL's "trusted first": the walk stops at the first certificate that is trusted or is issued by
 * a trusted certificate, so a cross-signed intermediate in the file does not hide a trusted root.
 */
export function checkChain(certs: readonly CertLike[], trusted: readonly CertLike[] = [], options: ChainOptions = {}): ChainResult {
  const now = options.now ?? new Date();
  const list = certs.map(toInfo);
  const n = list.length;
  const result: ChainResult = { leafIndex: 0, path: [], inOrder: true, certificates: [], findings: [], trust: 'empty', reachesTrustedRoot: false };
  if (n === 0) return result;

  const usable = list.map((c): c is CertificateInfo => c !== undefined);
  const issues = (child: number, parent: number): boolean => usable[child] && usable[parent] && issuedBy(list[child]!, list[parent]!);

  // Duplicates (same DER twice) are skipped when looking for issuers.
  const firstByFingerprint = new Map<string, number>();
  const duplicateOf: (number | undefined)[] = list.map((c, i) => {
    if (!c) return undefined;
    const prev = firstByFingerprint.get(c.fingerprintSha256);
    if (prev === undefined) firstByFingerprint.set(c.fingerprintSha256, i);
    return prev;
  });

  // Issuer of each certificate within the file: prefer the next one, then any other (not itself).
  const issuerIndex: (number | undefined)[] = list.map((c, i) => {
    if (!c || c.selfSigned) return undefined;
    if (i + 1 < n && issues(i, i + 1)) return i + 1;
    for (let j = 0; j < n; j++) if (j !== i && duplicateOf[j] === undefined && issues(i, j)) return j;
    return undefined;
  });
  const issuedSomething = list.map((_, i) => issuerIndex.some((p, c) => p === i && c !== i));

  // The leaf: the first certificate that issued nothing in the file (falls back to the first).
  let leafIndex = list.findIndex((c, i) => c !== undefined && duplicateOf[i] === undefined && !issuedSomething[i]);
  if (leafIndex < 0) leafIndex = 0;
  result.leafIndex = leafIndex;
  const path: number[] = [leafIndex];
  for (let cur = issuerIndex[leafIndex]; cur !== undefined && !path.includes(cur); cur = issuerIndex[cur]) path.push(cur);
  result.path = path;

  const findings: ChainFinding[][] = list.map(() => []);
  const add = (f: ChainFinding) => findings[f.index].push(f);
  const name = (i: number) => list[i]?.subject.text ?? `certificate #${i + 1}`;

  if (leafIndex !== 0 && usable[0] && issuedSomething[0]) {
    add({ code: 'leaf-not-first', severity: 'error', index: 0, relatedIndex: leafIndex, message: `the file starts with "${name(0)}", which issued another certificate in the file; the leaf ("${name(leafIndex)}") must come first` });
  }
  const onPath = new Set(path);
  for (let i = 0; i < n; i++) {
    const c = list[i];
    if (!c) continue;
    if (duplicateOf[i] !== undefined) {
      add({ code: 'duplicate', severity: 'warning', index: i, relatedIndex: duplicateOf[i], message: `"${c.subject.text}" appears twice in the file (also certificate #${duplicateOf[i]! + 1})` });
      continue;
    }
    // (A duplicate next is reported as the duplicate it is, not as a second order problem.)
    if (i + 1 < n && usable[i + 1] && duplicateOf[i + 1] === undefined && !c.selfSigned) {
      const next = list[i + 1]!;
      if (!issuedBy(c, next)) {
        const sameName = c.issuer.canonical === next.subject.canonical;
        const real = issuerIndex[i];
        const hint = real !== undefined ? ` (its issuer is certificate #${real + 1})` : '';
        add(sameName
          ? { code: 'bad-signature-by-next', severity: 'error', index: i, relatedIndex: i + 1, message: `"${c.subject.text}" is not signed by the key of the next certificate, although it has the issuer's name "${next.subject.text}" (a different or renewed issuer certificate?)${hint}` }
          : { code: 'not-issued-by-next', severity: 'error', index: i, relatedIndex: i + 1, message: `"${c.subject.text}" is issued by "${c.issuer.text}", but the next certificate is "${next.subject.text}"${hint}` });
      }
    }
    const parent = issuerIndex[i];
    if (parent !== undefined && list[parent] && !actsAsCA(list[parent]!)) {
      add({ code: 'issuer-not-ca', severity: 'error', index: i, relatedIndex: parent, message: `"${c.subject.text}" is signed by "${name(parent)}", which is not a CA certificate (no basicConstraints CA:TRUE)` });
    }
    if (!onPath.has(i)) {
      add({ code: 'unrelated', severity: 'warning', index: i, message: `"${c.subject.text}" is not part of the chain of "${name(leafIndex)}"` });
    }
    if (c.selfSigned && i !== leafIndex) {
      add({ code: 'root-included', severity: 'info', index: i, message: `the self-signed root "${c.subject.text}" is sent with the chain; clients use their own copy, so it only adds bytes to each handshake` });
    }
    const v = validityAt(c, now);
    if (v.status === 'expired') add({ code: 'expired', severity: 'error', index: i, message: `"${c.subject.text}" expired on ${c.notAfter.toISOString()}` });
    else if (v.status === 'not-yet-valid') add({ code: 'not-yet-valid', severity: 'error', index: i, message: `"${c.subject.text}" is not valid before ${c.notBefore.toISOString()}` });
    if (!c.selfSigned && c.signatureAlgorithm.weak) {
      add({ code: 'weak-signature', severity: 'error', index: i, message: `"${c.subject.text}" is signed with ${c.signatureAlgorithm.name}; clients reject ${c.signatureAlgorithm.hash?.toUpperCase()} signatures` });
    }
  }

  result.inOrder = path.length === n && path.every((p, k) => p === k) && findings.every((fs) => !fs.some((f) => f.code === 'not-issued-by-next' || f.code === 'bad-signature-by-next' || f.code === 'leaf-not-first'));
  result.certificates = list.map((c, i): ChainCertificate => {
    const role: ChainCertificateRole = !onPath.has(i) ? 'unrelated' : i === leafIndex ? 'leaf' : c?.selfSigned ? 'root' : 'intermediate';
    const entry: ChainCertificate = { index: i, role, subject: c?.subject.text ?? '', issuer: c?.issuer.text ?? '', findings: findings[i] };
    if (i + 1 < n && c && list[i + 1]) entry.issuedByNext = issues(i, i + 1);
    if (issuerIndex[i] !== undefined) entry.issuerIndex = issuerIndex[i];
    return entry;
  });
  result.findings = findings.flat();

  // Trust: walk the path, stop at the first trusted certificate or trusted issuer.
  const store = buildStore(trusted.map(toInfo).filter((c): c is CertificateInfo => c !== undefined), options.systemRoots !== false);
  const last = path[path.length - 1];
  const lastCert = list[last];
  if (!lastCert) {
    result.trust = 'incomplete';
    return result;
  }
  result.end = { index: last, subject: lastCert.subject.text, issuer: lastCert.issuer.text, selfSigned: lastCert.selfSigned };
  for (const i of path) {
    const c = list[i]!;
    const same = store.find(c);
    if (same) {
      result.anchor = { ...same, fileIndex: i };
      break;
    }
    if (c.selfSigned) break;
    const up = store.issuerOf(c);
    if (up) {
      result.anchor = up;
      break;
    }
  }
  if (result.anchor) {
    result.trust = 'trusted';
    result.reachesTrustedRoot = true;
  } else if (lastCert.selfSigned) {
    result.trust = 'untrusted-root';
  } else {
    result.trust = 'incomplete';
    result.missingIssuer = lastCert.issuer.text;
    if (lastCert.caIssuersUrls.length) result.missingIssuerUrl = lastCert.caIssuersUrls[0];
  }
  return result;
}

/** basicConstraints CA:TRUE, or a version 1 self-signed root (which OpenSSL accepts as a CA). */
function actsAsCA(c: CertificateInfo): boolean {
  return c.isCA || (c.version === 1 && c.selfSigned);
}

function toInfo(c: CertLike): CertificateInfo | undefined {
  if (c instanceof nodeCrypto().X509Certificate) {
    const r = inspectCertificate(c);
    return r.ok ? r.certificate : undefined;
  }
  return c;
}

/** `child` names `parent` as issuer and `parent`'s key verifies `child`'s signature. */
export function issuedBy(child: CertificateInfo, parent: CertificateInfo): boolean {
  if (child.issuer.canonical !== parent.subject.canonical) return false;
  if (child.authorityKeyId && parent.subjectKeyId && child.authorityKeyId !== parent.subjectKeyId) return false;
  // A signature check per pair of certificate objects: the same files are checked on every lint.
  let known = verified.get(child);
  if (!known) verified.set(child, (known = new WeakMap()));
  let ok = known.get(parent);
  if (ok === undefined) {
    ok = safeVerify(child.x509, safe(() => parent.x509.publicKey, undefined));
    known.set(parent, ok);
  }
  return ok;
}

const verified = new WeakMap<CertificateInfo, WeakMap<CertificateInfo, boolean>>();

function safeVerify(cert: X509Certificate, key: KeyObject | undefined): boolean {
  if (!key) return false;
  try {
    return cert.verify(key);
  } catch {
    return false;
  }
}

interface TrustStore {
  find(c: CertificateInfo): TrustAnchor | undefined;
  issuerOf(c: CertificateInfo): TrustAnchor | undefined;
}

interface StoreEntry {
  cert: CertificateInfo;
  source: 'system' | 'caller';
}

let systemSubjects: Map<string, string[]> | undefined;
const systemEntries = new Map<string, StoreEntry[]>();

/**
 * Node's bundled root certificates with a given canonical subject. The subjects are read once (DER
 * only, cheap); a root is inspected (OpenSSL object, self-signature check) only when a chain asks about
 * its subject: inspecting all ~140 cost every CLI run about 100 ms.
 */
function systemRootsFor(subject: string): StoreEntry[] {
  if (!systemSubjects) {
    systemSubjects = new Map();
    // node:tls loaded here, not at start-up: most lints never ask (and loading it costs every CLI run).
    const { rootCertificates } = require('node:tls') as typeof import('node:tls');
    for (const pem of rootCertificates) {
      let key: string;
      try {
        const block = splitPem(pem).blocks.find((b) => b.kind === 'certificate');
        key = block?.der ? parseCertificateDer(block.der).subject.canonical : '';
      } catch {
        key = ''; // not parsed here: inspected with the others of no known subject
      }
      systemSubjects.set(key, [...(systemSubjects.get(key) ?? []), pem]);
    }
  }
  let entries = systemEntries.get(subject);
  if (!entries) {
    entries = [];
    for (const pem of systemSubjects.get(subject) ?? []) {
      const r = inspectCertificate(pem);
      if (r.ok && r.certificate.subject.canonical === subject) entries.push({ cert: r.certificate, source: 'system' });
    }
    systemEntries.set(subject, entries);
  }
  return entries;
}

/** Number of root certificates in Node's bundled store (inspects them all on first use). */
export function systemRootCount(): number {
  systemRootsFor('');
  let count = 0;
  for (const subject of systemSubjects!.keys()) {
    if (subject === '') {
      for (const pem of systemSubjects!.get('')!) if (inspectCertificate(pem).ok) count++;
    } else count += systemRootsFor(subject).length;
  }
  return count;
}

function addToIndex(index: Map<string, StoreEntry[]>, e: StoreEntry): void {
  const list = index.get(e.cert.subject.canonical);
  if (list) list.push(e);
  else index.set(e.cert.subject.canonical, [e]);
}

function buildStore(extra: CertificateInfo[], system: boolean): TrustStore {
  const local = new Map<string, StoreEntry[]>();
  for (const cert of extra) addToIndex(local, { cert, source: 'caller' });
  // The caller's certificates first, then the system's: those are parsed (once per process, ~140 roots
  // with their signatures checked) only when a chain does not end in the caller's.
  const first = (subject: string, match: (e: StoreEntry) => boolean, inSystem = system): StoreEntry | undefined =>
    (local.get(subject) ?? []).find(match) ?? (inSystem ? systemRootsFor(subject).find(match) : undefined);
  const anchor = (e: StoreEntry): TrustAnchor => ({ subject: e.cert.subject.text, fingerprintSha256: e.cert.fingerprintSha256, selfSigned: e.cert.selfSigned, source: e.source });
  return {
    find(c) {
      // Every root Node bundles is a CA certificate or self-signed (a unit test checks it), so a server's
      // leaf that is neither is not one of them, and the system subjects need not be read for it (about
      // 20 ms of a CLI run whose chains end in --ca certificates).
      const e = first(c.subject.canonical, (t) => t.cert.publicKey.spkiSha256 === c.publicKey.spkiSha256, system && (c.isCA || c.selfSigned));
      return e && anchor(e);
    },
    issuerOf(c) {
      const e = first(c.issuer.canonical, (t) => issuedBy(c, t.cert));
      return e && anchor(e);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// DER parsing of the certificate structure

/** What the DER parser reads itself; the rest of CertificateInfo comes from Node (fingerprint, key, signature check). */
type ParsedCertificate = Pick<
  CertificateInfo,
  | 'der'
  | 'version'
  | 'signatureAlgorithm'
  | 'issuer'
  | 'subject'
  | 'notBefore'
  | 'notAfter'
  | 'isCA'
  | 'pathLength'
  | 'keyUsage'
  | 'extendedKeyUsage'
  | 'subjectKeyId'
  | 'authorityKeyId'
  | 'mustStaple'
  | 'ocspUrls'
  | 'caIssuersUrls'
> & {
  serialHex: string;
  spki: { der: Uint8Array; algorithmOid: string; curveOid?: string; bits?: number };
  san: SubjectAltNames;
};

/** Parse the fields of a DER certificate. Throws DerError when malformed. Trailing data after it is ignored. */
function parseCertificateDer(input: Uint8Array): ParsedCertificate {
  const outer = der.expectTag(der.readTlv(input, 0), TAG.SEQUENCE, 'Certificate');
  const buf = input.subarray(0, outer.end); // a TRUSTED CERTIFICATE block carries auxiliary data after it
  const [tbs, sigAlg, sigValue] = der.children(buf, outer);
  der.expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate');
  der.expectTag(sigAlg, TAG.SEQUENCE, 'signatureAlgorithm');
  der.expectTag(sigValue, TAG.BIT_STRING, 'signatureValue');
  const fields = der.children(buf, tbs);
  let k = 0;
  let version = 1;
  if (der.isContext(fields[0], 0)) {
    version = der.readSmallInt(buf, der.children(buf, fields[0])[0]) + 1;
    k++;
  }
  const serial = der.expectTag(fields[k++], TAG.INTEGER, 'serialNumber');
  der.expectTag(fields[k++], TAG.SEQUENCE, 'signature');
  const issuer = parseName(buf, der.expectTag(fields[k++], TAG.SEQUENCE, 'issuer'));
  const validity = der.children(buf, der.expectTag(fields[k++], TAG.SEQUENCE, 'validity'));
  if (validity.length !== 2) throw new der.DerError('validity must hold two times');
  const subject = parseName(buf, der.expectTag(fields[k++], TAG.SEQUENCE, 'subject'));
  const spkiNode = der.expectTag(fields[k++], TAG.SEQUENCE, 'subjectPublicKeyInfo');
  const parsed: ParsedCertificate = {
    der: buf,
    version,
    serialHex: der.toHex(der.content(buf, serial)),
    signatureAlgorithm: parseSignatureAlgorithm(buf, sigAlg),
    issuer,
    subject,
    notBefore: der.readTime(buf, validity[0]),
    notAfter: der.readTime(buf, validity[1]),
    spki: parseSpki(buf, spkiNode),
    san: { dns: [], ip: [], email: [], uri: [] },
    isCA: false,
    mustStaple: false,
    ocspUrls: [],
    caIssuersUrls: [],
  };
  for (; k < fields.length; k++) {
    if (!der.isContext(fields[k], 3)) continue;
    const exts = der.expectTag(der.children(buf, fields[k])[0], TAG.SEQUENCE, 'extensions');
    for (const ext of der.children(buf, exts)) parseExtension(buf, ext, parsed);
  }
  return parsed;
}

function parseSignatureAlgorithm(buf: Uint8Array, alg: Tlv): SignatureAlgorithmInfo {
  const parts = der.children(buf, alg);
  const oid = der.readOid(buf, parts[0]);
  const known = SIGNATURE_ALGORITHMS[oid];
  let hash = known?.hash;
  if (known?.scheme === 'rsa-pss') {
    hash = 'sha1'; // RSASSA-PSS-params hashAlgorithm DEFAULT sha1
    const params = parts[1];
    if (params && params.tag === TAG.SEQUENCE) {
      const h = der.children(buf, params).find((p) => der.isContext(p, 0));
      if (h) {
        const algId = der.children(buf, h)[0];
        const hashOid = der.readOid(buf, der.children(buf, algId)[0]);
        hash = HASH_ALGORITHMS[hashOid];
      }
    }
  }
  const info: SignatureAlgorithmInfo = { oid, name: known?.name ?? oid, weak: hash !== undefined && WEAK_HASHES.has(hash) };
  if (hash) info.hash = hash;
  return info;
}

function parseSpki(buf: Uint8Array, spki: Tlv): ParsedCertificate['spki'] {
  const [alg, key] = der.children(buf, spki);
  const algParts = der.children(buf, der.expectTag(alg, TAG.SEQUENCE, 'algorithm'));
  const algorithmOid = der.readOid(buf, algParts[0]);
  const out: ParsedCertificate['spki'] = { der: der.encoding(buf, spki), algorithmOid };
  const params = algParts[1];
  const type = KEY_ALGORITHMS[algorithmOid];
  try {
    if (type === 'ec' && params?.tag === TAG.OID) out.curveOid = der.readOid(buf, params);
    if (type === 'rsa' || type === 'rsa-pss') {
      const bits = der.readBitString(buf, key);
      const rsa = der.readTlv(bits, 0);
      out.bits = der.bitLength(der.readUnsignedIntegerBytes(bits, der.children(bits, rsa)[0]));
    }
    if (type === 'dsa' && params?.tag === TAG.SEQUENCE) {
      out.bits = der.bitLength(der.readUnsignedIntegerBytes(buf, der.children(buf, params)[0]));
    }
  } catch {
    // sizes are best effort here; Node's key details usually provide them
  }
  return out;
}

function parseExtension(buf: Uint8Array, ext: Tlv, out: ParsedCertificate): void {
  const parts = der.children(buf, ext);
  const oid = der.readOid(buf, parts[0]);
  const valueNode = parts[parts.length - 1];
  der.expectTag(valueNode, TAG.OCTET_STRING, 'extnValue');
  const v = der.content(buf, valueNode);
  const top = (): Tlv => der.readTlv(v, 0);
  switch (oid) {
    case EXT.SUBJECT_ALT_NAME:
      for (const gn of der.children(v, top())) addGeneralName(v, gn, out.san);
      break;
    case EXT.BASIC_CONSTRAINTS: {
      const items = der.children(v, top());
      let i = 0;
      if (items[i]?.tag === TAG.BOOLEAN) out.isCA = der.readBoolean(v, items[i++]);
      if (items[i]?.tag === TAG.INTEGER) out.pathLength = der.readSmallInt(v, items[i]);
      break;
    }
    case EXT.KEY_USAGE: {
      const bits = der.readBitFlags(v, top());
      out.keyUsage = KEY_USAGE_BITS.filter((_, i) => bits[i]);
      break;
    }
    case EXT.EXT_KEY_USAGE:
      out.extendedKeyUsage = der.children(v, top()).map((o) => {
        const id = der.readOid(v, o);
        return EXTENDED_KEY_USAGES[id] ?? id;
      });
      break;
    case EXT.SUBJECT_KEY_ID:
      out.subjectKeyId = der.toHex(der.content(v, der.expectTag(top(), TAG.OCTET_STRING, 'subjectKeyIdentifier')), ':');
      break;
    case EXT.AUTHORITY_KEY_ID: {
      const keyId = der.children(v, top()).find((p) => der.isContext(p, 0) && !p.constructed);
      if (keyId) out.authorityKeyId = der.toHex(der.content(v, keyId), ':');
      break;
    }
    case EXT.AUTHORITY_INFO_ACCESS:
      for (const ad of der.children(v, top())) {
        const [method, location] = der.children(v, ad);
        const m = der.readOid(v, method);
        if (!der.isContext(location, 6) || location.constructed) continue;
        const url = der.readString(v, location, TAG.IA5_STRING);
        if (m === ACCESS_METHOD.OCSP) out.ocspUrls.push(url);
        else if (m === ACCESS_METHOD.CA_ISSUERS) out.caIssuersUrls.push(url);
      }
      break;
    case EXT.TLS_FEATURE:
      out.mustStaple = der.children(v, top()).some((f) => f.tag === TAG.INTEGER && der.readSmallInt(v, f) === 5);
      break;
    default:
      break;
  }
}

function addGeneralName(buf: Uint8Array, gn: Tlv, san: SubjectAltNames): void {
  if (gn.tagClass !== 2 || gn.constructed) return; // otherName, directoryName, … are not names clients match
  switch (gn.tagNumber) {
    case 1:
      san.email.push(der.readString(buf, gn, TAG.IA5_STRING));
      break;
    case 2:
      san.dns.push(der.readString(buf, gn, TAG.IA5_STRING));
      break;
    case 6:
      san.uri.push(der.readString(buf, gn, TAG.IA5_STRING));
      break;
    case 7:
      san.ip.push(formatIp(der.content(buf, gn)));
      break;
    default:
      break;
  }
}

/** IPv4 dotted quad; IPv6 in RFC 5952 form (lowercase, longest zero run compressed); other lengths hex. */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return der.toHex(bytes, ':');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function parseName(buf: Uint8Array, name: Tlv): DistinguishedName {
  const attributes: NameAttribute[] = [];
  der.children(buf, name).forEach((rdn, rdnIndex) => {
    der.expectTag(rdn, TAG.SET, 'RelativeDistinguishedName');
    for (const atv of der.children(buf, rdn)) {
      const [typeNode, valueNode] = der.children(buf, atv);
      const oid = der.readOid(buf, typeNode);
      let value: string;
      try {
        value = der.readString(buf, valueNode);
      } catch {
        value = `#${der.toHex(der.encoding(buf, valueNode))}`;
      }
      attributes.push({ rdn: rdnIndex, oid, type: NAME_ATTRIBUTES[oid] ?? oid, value });
    }
  });
  const dn: DistinguishedName = { text: nameText(attributes), attributes, canonical: canonicalName(attributes) };
  const cn = attributes.filter((a) => a.type === 'CN').pop();
  if (cn) dn.commonName = cn.value;
  const o = attributes.find((a) => a.type === 'O');
  if (o) dn.organization = o.value;
  return dn;
}

/** `C = US, O = "Acme, Inc.", CN = example.com` (OpenSSL's default one-line form, without its \XX escapes). */
function nameText(attributes: NameAttribute[]): string {
  let s = '';
  attributes.forEach((a, i) => {
    if (i > 0) s += a.rdn === attributes[i - 1].rdn ? ' + ' : ', ';
    s += `${a.type} = ${quoteValue(a.value)}`;
  });
  return s;
}

function quoteValue(v: string): string {
  // Control characters are shown escaped so a name can never break a message across lines.
  const shown = v.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (/[,+;<>"\\]/.test(v) || /^[ #]|[ ]$/.test(v)) return `"${shown.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return shown;
}

function canonicalName(attributes: NameAttribute[]): string {
  return attributes.map((a) => `${a.rdn}/${a.oid}=${a.value.trim().replace(/\s+/g, ' ').toLowerCase()}`).join('\u0000');
}

function colonHex(bytes: Uint8Array): string {
  return der.toHex(bytes, ':');
}

function safe<T, F>(f: () => T, fallback: F): T | F {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
