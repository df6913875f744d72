// Diffie-Hellman parameter files (nginx `ssl_dhparam`, Apache `SSLOpenSSLConfCmd DHParameters` or DH
// parameters appended to the certificate file, Squid `tls-dh=`).
//
//   PKCS#3 `DH PARAMETERS`:        DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER, privateValueLength INTEGER OPTIONAL }
//   X9.42 `X9.42 DH PARAMETERS`:   DomainParameters ::= SEQUENCE { p INTEGER, g INTEGER, q INTEGER, j INTEGER OPTIONAL,
//                                                                  validationParms SEQUENCE OPTIONAL }
//
// Pure and total: garbage gives `{ ok: false, error }`.

import * as der from './der';
import { TAG } from './der';
import { detectEncoding, splitPem } from './pem';

export interface DhParams {
  ok: true;
  format: 'pkcs3' | 'x9.42';
  /** Size of the prime p in bits: the strength of the group. */
  primeBits: number;
  /** The generator g in decimal (2 or 5 for PKCS#3 parameters, a large number for X9.42). */
  generator: string;
  generatorBits: number;
  /** Size of the subgroup order q in bits (X9.42). */
  subgroupBits?: number;
  /** PKCS#3 privateValueLength, when present. */
  privateValueLength?: number;
  /** 0-based lines of the BEGIN/END markers (PEM input). */
  beginLine?: number;
  endLine?: number;
  /** Number of DH parameter blocks in the text (servers use the first). */
  blockCount: number;
}

export interface DhParamsError {
  ok: false;
  error: string;
  beginLine?: number;
  endLine?: number;
}

export type DhParamsResult = DhParams | DhParamsError;

/** Read the first DH parameters of a PEM text (which may hold other blocks too) or of DER bytes. */
export function parseDhParams(input: string | Uint8Array): DhParamsResult {
  try {
    const enc = detectEncoding(input);
    if (enc === 'empty') return { ok: false, error: 'the file is empty' };
    if (enc === 'der') return parseDer(input as Uint8Array, undefined, 1);
    if (enc !== 'pem') return { ok: false, error: 'no DH parameters: the file is neither PEM nor DER' };
    const split = splitPem(input);
    const blocks = split.blocks.filter((b) => b.kind === 'dh-parameters');
    if (blocks.length === 0) {
      const labels = [...new Set(split.blocks.map((b) => b.label))];
      const hint = split.blocks.some((b) => b.kind === 'ec-parameters') ? ' (EC PARAMETERS name a curve; they are not DH parameters)' : '';
      return { ok: false, error: `no DH PARAMETERS block${labels.length ? `; the file holds ${labels.join(', ')}` : ''}${hint}` };
    }
    const block = blocks[0];
    const lines = { beginLine: block.beginLine, endLine: block.endLine };
    if (!block.der) return { ok: false, error: block.error ?? 'the DH parameters block cannot be decoded', ...lines };
    const r = parseDer(block.der, block.label === 'X9.42 DH PARAMETERS' ? 'x9.42' : 'pkcs3', blocks.length);
    return { ...r, ...lines };
  } catch {
    return { ok: false, error: 'the DH parameters cannot be read' };
  }
}

function parseDer(bytes: Uint8Array, format: 'pkcs3' | 'x9.42' | undefined, blockCount: number): DhParamsResult {
  let items: der.Tlv[];
  try {
    const top = der.readTlv(bytes, 0);
    if (top.tag !== TAG.SEQUENCE) return { ok: false, error: 'not DH parameters: the data is not an ASN.1 SEQUENCE' };
    items = der.children(bytes, top);
  } catch (e) {
    return { ok: false, error: `not DH parameters: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (items.length < 2 || items[0].tag !== TAG.INTEGER || items[1].tag !== TAG.INTEGER) {
    return { ok: false, error: 'not DH parameters: expected a SEQUENCE of prime and generator INTEGERs' };
  }
  // Without a PEM label (DER input), three or more INTEGERs mean X9.42 (p, g, q).
  const fmt = format ?? (items.length >= 3 && items[2].tag === TAG.INTEGER && bytesBits(bytes, items[2]) > 64 ? 'x9.42' : 'pkcs3');
  try {
    const p = der.readUnsignedIntegerBytes(bytes, items[0]);
    const gBytes = der.readUnsignedIntegerBytes(bytes, items[1]);
    const pBig = der.bytesToBigInt(p);
    const g = der.bytesToBigInt(gBytes);
    if (pBig < 3n || (pBig & 1n) === 0n) return { ok: false, error: 'invalid DH parameters: the prime is not an odd number greater than 2' };
    if (g < 2n || g >= pBig - 1n) return { ok: false, error: 'invalid DH parameters: the generator must be between 2 and p - 2' };
    const out: DhParams = { ok: true, format: fmt, primeBits: der.bitLength(p), generator: g.toString(10), generatorBits: der.bitLength(gBytes), blockCount };
    if (fmt === 'x9.42') {
      if (items.length < 3 || items[2].tag !== TAG.INTEGER) return { ok: false, error: 'invalid X9.42 DH parameters: the subgroup order q is missing' };
      out.subgroupBits = bytesBits(bytes, items[2]);
    } else if (items.length >= 3) {
      if (items[2].tag !== TAG.INTEGER) return { ok: false, error: 'invalid DH parameters: privateValueLength must be an INTEGER' };
      out.privateValueLength = der.readSmallInt(bytes, items[2]);
    }
    return out;
  } catch (e) {
    return { ok: false, error: `invalid DH parameters: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function bytesBits(bytes: Uint8Array, node: der.Tlv): number {
  return der.bitLength(der.readUnsignedIntegerBytes(bytes, node));
}
