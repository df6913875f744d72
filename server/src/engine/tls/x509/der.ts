// A small reader for DER (the binary encoding of ASN.1 used by certificates, keys and DH parameters).
// It reads only what the inspection modules need: tag/length headers, children of constructed values,
// INTEGER, OBJECT IDENTIFIER, BIT/OCTET STRING, the string types and the two time types.
//
// Readers throw DerError on malformed input; the public inspection functions catch it and turn it into
// a result, so nothing here reaches a caller as an exception.

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Universal tag numbers used here. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

/** One tag-length-value element, as offsets into the buffer it was read from. */
export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number < 31). */
  tag: number;
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  tagClass: number;
  constructed: boolean;
  /** Tag number (for context-specific tags: the [n]). */
  tagNumber: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the last content octet. */
  end: number;
}

/** Read the element starting at `offset`; it must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset >= limit) throw new DerError(`expected an element at offset ${offset}, found the end of the data`);
  const first = buf[offset];
  let pos = offset + 1;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    // High tag number form: base-128 digits. Not used by the structures read here, but skip it properly.
    tagNumber = 0;
    let b: number;
    do {
      if (pos >= limit) throw new DerError('truncated tag');
      b = buf[pos++];
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber > 0xffffff) throw new DerError('tag number too large');
    } while (b & 0x80);
  }
  if (pos >= limit) throw new DerError('truncated length');
  let length = buf[pos++];
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('length too large');
    if (pos + count > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > limit) throw new DerError(`element at offset ${offset} claims ${length} bytes but only ${limit - pos} remain`);
  return { tag: first, tagClass: first >> 6, constructed: (first & 0x20) !== 0, tagNumber, start: offset, contentStart: pos, end };
}

/** The elements inside a constructed element, in order. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  if (!parent.constructed) throw new DerError('expected a constructed element');
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Throw unless the element has the given identifier octet. */
export function expectTag(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node) throw new DerError(`missing ${what}`);
  if (node.tag !== tag) throw new DerError(`${what}: expected tag 0x${hex2(tag)}, found 0x${hex2(node.tag)}`);
  return node;
}

/** Whether the element is the context-specific tag [n] (constructed or not). */
export function isContext(node: Tlv | undefined, n: number): boolean {
  return node !== undefined && node.tagClass === 2 && node.tagNumber === n;
}

export function content(buf: Uint8Array, node: Tlv): Uint8Array {
  return buf.subarray(node.contentStart, node.end);
}

/** The whole encoding of the element (header and content). */
export function encoding(buf: Uint8Array, node: Tlv): Uint8Array {
  return buf.subarray(node.start, node.end);
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readOid(buf: Uint8Array, node: Tlv): string {
  expectTag(node, TAG.OID, 'OBJECT IDENTIFIER');
  const bytes = content(buf, node);
  if (bytes.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  let inArc = false;
  for (const b of bytes) {
    value = (value << 7n) | BigInt(b & 0x7f);
    inArc = (b & 0x80) !== 0;
    if (!inArc) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (inArc) throw new DerError('truncated OBJECT IDENTIFIER');
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].map(String).join('.');
}

/** The magnitude bytes of a non-negative INTEGER, without the leading 0x00 sign octet(s). */
export function readUnsignedIntegerBytes(buf: Uint8Array, node: Tlv): Uint8Array {
  expectTag(node, TAG.INTEGER, 'INTEGER');
  const bytes = content(buf, node);
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  if (bytes[0] & 0x80) throw new DerError('negative INTEGER');
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** A non-negative INTEGER as a bigint. */
export function readBigInt(buf: Uint8Array, node: Tlv): bigint {
  return bytesToBigInt(readUnsignedIntegerBytes(buf, node));
}

/** A small non-negative INTEGER (throws when it does not fit a safe JS number). */
export function readSmallInt(buf: Uint8Array, node: Tlv): number {
  const v = readBigInt(buf, node);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DerError('INTEGER too large');
  return Number(v);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Number of significant bits of an unsigned big-endian magnitude. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

/** The content of a BIT STRING without its unused-bits octet. */
export function readBitString(buf: Uint8Array, node: Tlv): Uint8Array {
  expectTag(node, TAG.BIT_STRING, 'BIT STRING');
  const bytes = content(buf, node);
  if (bytes.length === 0) throw new DerError('empty BIT STRING');
  return bytes.subarray(1);
}

/** The bits of a (named-bit) BIT STRING: bit 0 is the most significant bit of the first octet. */
export function readBitFlags(buf: Uint8Array, node: Tlv): boolean[] {
  expectTag(node, TAG.BIT_STRING, 'BIT STRING');
  const bytes = content(buf, node);
  if (bytes.length === 0) throw new DerError('empty BIT STRING');
  const unused = bytes[0];
  const bits: boolean[] = [];
  const total = (bytes.length - 1) * 8 - unused;
  for (let i = 0; i < total; i++) bits.push((bytes[1 + (i >> 3)] & (0x80 >> (i & 7))) !== 0);
  return bits;
}

export function readBoolean(buf: Uint8Array, node: Tlv): boolean {
  expectTag(node, TAG.BOOLEAN, 'BOOLEAN');
  const bytes = content(buf, node);
  if (bytes.length !== 1) throw new DerError('BOOLEAN must be one octet');
  return bytes[0] !== 0;
}

/** ISO 8859-1: each octet is the code point (TextDecoder's 'latin1' is really windows-1252). */
const latin1 = {
  decode(bytes: Uint8Array): string {
    let s = '';
    for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return s;
  },
};
const utf8 = new TextDecoder('utf-8');
const utf16be = new TextDecoder('utf-16be');

/** Any of the ASN.1 character string types, decoded to a JS string (implicitly tagged strings via `asTag`). */
export function readString(buf: Uint8Array, node: Tlv, asTag: number = node.tag): string {
  const bytes = content(buf, node);
  switch (asTag) {
    case TAG.UTF8_STRING:
      return utf8.decode(bytes);
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.VISIBLE_STRING:
    case TAG.T61_STRING: // Teletex: in practice Latin-1
      return latin1.decode(bytes);
    case TAG.BMP_STRING:
      return utf16be.decode(bytes);
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < bytes.length; i += 4) {
        const cp = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      throw new DerError(`not a string type: 0x${hex2(asTag)}`);
  }
}

/** UTCTime or GeneralizedTime as a Date (UTC). */
export function readTime(buf: Uint8Array, node: Tlv): Date {
  const s = latin1.decode(content(buf, node));
  let m: RegExpMatchArray | null;
  let year: number;
  let rest: string;
  if (node.tag === TAG.UTC_TIME) {
    m = s.match(/^(\d{2})(.*)$/s);
    if (!m) throw new DerError(`bad UTCTime "${s}"`);
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy; // RFC 5280 4.1.2.5.1
    rest = m[2];
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    m = s.match(/^(\d{4})(.*)$/s);
    if (!m) throw new DerError(`bad GeneralizedTime "${s}"`);
    year = Number(m[1]);
    rest = m[2];
  } else {
    throw new DerError(`expected a time, found tag 0x${hex2(node.tag)}`);
  }
  const t = rest.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})$/);
  if (!t) throw new DerError(`bad time "${s}"`);
  const [, mo, d, h, mi, sec, frac, zone] = t;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let time = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), sec ? Number(sec) : 0, ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '+' ? 1 : -1;
    time -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new DerError(`bad time "${s}"`);
  // Date.UTC tolerates overflow (month 13); a real calendar check keeps garbage out.
  if (date.getUTCMonth() !== Number(mo) - 1 && zone === 'Z') throw new DerError(`bad time "${s}"`);
  return date;
}

/** Uppercase hex of bytes, optionally joined by a separator. */
export function toHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(hex2(b));
  return parts.join(separator);
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** Whether the whole of `buf` is exactly one DER element (optionally followed only by whitespace/NULs). */
export function isSingleElement(buf: Uint8Array): boolean {
  try {
    const tlv = readTlv(buf, 0);
    for (let i = tlv.end; i < buf.length; i++) {
      const b = buf[i];
      if (b !== 0 && b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
    }
    return true;
  } catch {
    return false;
  }
}
