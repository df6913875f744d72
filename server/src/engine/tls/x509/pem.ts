// Splitting PEM files (RFC 7468, with RFC 1421 headers) into their blocks, with the exact lines of each
// BEGIN/END marker so a diagnostic can point at, say, the second certificate of a chain file.
//
// Pure: takes the file's text or bytes, never reads files, never throws. Private-key blocks are located and
// classified but their bytes are not decoded unless the caller (key.ts) asks for them explicitly.

import { isSingleElement } from './der';
import { lookupTable } from '../../lookup';

export type PemKind =
  | 'certificate'
  | 'private-key'
  | 'public-key'
  | 'dh-parameters'
  | 'ec-parameters'
  | 'crl'
  | 'certificate-request'
  | 'pkcs7'
  | 'other';

export interface PemBlock {
  /** The label between `BEGIN ` and `-----`, e.g. `CERTIFICATE`, `RSA PRIVATE KEY`. */
  label: string;
  kind: PemKind;
  /** 0-based line of the BEGIN marker. */
  beginLine: number;
  /** 0-based line of the END marker (the last line of the text when the block is unterminated). */
  endLine: number;
  /** Offsets into the (decoded) text: start of the BEGIN line, end of the END line (before its line break). */
  startOffset: number;
  endOffset: number;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`), names as written. */
  headers: Record<string, string>;
  /** A legacy-encrypted (`Proc-Type: 4,ENCRYPTED`) or PKCS#8 `ENCRYPTED PRIVATE KEY` block. */
  encrypted: boolean;
  /**
   * The decoded bytes. Present for every well-formed block except private keys (`kind === 'private-key'`),
   * whose material is only decoded when `splitPem` is called with `decodePrivateKeys: true`.
   */
  der?: Uint8Array;
  /** Why the block is unusable (bad base64, missing or mismatched END line). Absent when well formed. */
  error?: string;
}

/** Lines outside any block that hold something other than whitespace. */
export interface PemStrayText {
  /** 0-based first and last line of a run of consecutive non-blank lines. */
  startLine: number;
  endLine: number;
  /** 'before' the first block, 'between' two blocks, 'after' the last one, or 'only' when there is no block. */
  position: 'before' | 'between' | 'after' | 'only';
}

export interface PemSplit {
  blocks: PemBlock[];
  stray: PemStrayText[];
  /** Number of lines of the text (a final line break does not start a new line). */
  lineCount: number;
}

export type InputEncoding = 'pem' | 'der' | 'empty' | 'unknown';

export interface SplitOptions {
  /** Decode private-key blocks too (only for key.ts, which never returns the bytes). Default false. */
  decodePrivateKeys?: boolean;
}

const KIND_BY_LABEL = lookupTable<PemKind>({
  CERTIFICATE: 'certificate',
  'X509 CERTIFICATE': 'certificate',
  'TRUSTED CERTIFICATE': 'certificate',
  'PRIVATE KEY': 'private-key',
  'ENCRYPTED PRIVATE KEY': 'private-key',
  'RSA PRIVATE KEY': 'private-key',
  'EC PRIVATE KEY': 'private-key',
  'DSA PRIVATE KEY': 'private-key',
  'ANY PRIVATE KEY': 'private-key',
  'OPENSSH PRIVATE KEY': 'private-key',
  'PUBLIC KEY': 'public-key',
  'RSA PUBLIC KEY': 'public-key',
  'DH PARAMETERS': 'dh-parameters',
  'X9.42 DH PARAMETERS': 'dh-parameters',
  'EC PARAMETERS': 'ec-parameters',
  'X509 CRL': 'crl',
  'CERTIFICATE REQUEST': 'certificate-request',
  'NEW CERTIFICATE REQUEST': 'certificate-request',
  PKCS7: 'pkcs7',
  CMS: 'pkcs7',
});

export function pemKind(label: string): PemKind {
  return KIND_BY_LABEL[label] ?? (/PRIVATE KEY$/.test(label) ? 'private-key' : 'other');
}

const BEGIN_RE = /^-----BEGIN ([^-]*(?:-[^-]+)*)-----$/;
const END_RE = /^-----END ([^-]*(?:-[^-]+)*)-----$/;
const HEADER_RE = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decode bytes (UTF-8, replacement for invalid sequences) or pass a string through. */
export function toText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  return new TextDecoder('utf-8').decode(input);
}

/** What the input looks like: PEM text, a single DER element, nothing, or something else. */
export function detectEncoding(input: string | Uint8Array): InputEncoding {
  try {
    if (typeof input !== 'string') {
      if (input.length === 0) return 'empty';
      if (input[0] === 0x30 && isSingleElement(input)) return 'der';
    }
    const text = toText(input);
    if (text.trim() === '') return 'empty';
    if (/-----BEGIN [^\r\n]*-----/.test(text)) return 'pem';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    lines.push({ text: text.slice(start, m.index), start, end: m.index });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), start, end: text.length });
  return lines;
}

/**
 * Split a PEM file into blocks. Tolerates CRLF/CR line ends, a BOM, text before/between/after blocks
 * (reported in `stray`), indentation and trailing spaces. Never throws.
 */
export function splitPem(input: string | Uint8Array, options: SplitOptions = {}): PemSplit {
  const blocks: PemBlock[] = [];
  const strayLines: number[] = [];
  let lineCount = 0;
  try {
    const text = toText(input);
    const lines = splitLines(text);
    lineCount = lines.length;
    let i = 0;
    while (i < lines.length) {
      const begin = lines[i].text.trim().match(BEGIN_RE);
      if (!begin) {
        if (lines[i].text.trim() !== '') strayLines.push(i);
        i++;
        continue;
      }
      const label = begin[1].trim();
      const kind = pemKind(label);
      const beginLine = i;
      const headers: Record<string, string> = {};
      const body: string[] = [];
      let error: string | undefined;
      let endLine = -1;
      let inHeaders = true;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const t = lines[j].text.trim();
        const end = t.match(END_RE);
        if (end) {
          if (end[1].trim() !== label) error = `the block starts with BEGIN ${label} but ends with END ${end[1].trim()}`;
          endLine = j;
          break;
        }
        if (BEGIN_RE.test(t)) break; // a new block starts before this one ended
        if (inHeaders) {
          const h = t.match(HEADER_RE);
          if (h) {
            // Base64 has no ':', so this is an RFC 1421 header line (Proc-Type, DEK-Info).
            headers[h[1]] = h[2].trim();
            continue;
          }
          if (t === '' && Object.keys(headers).length > 0) {
            inHeaders = false;
            continue;
          }
          inHeaders = false;
        }
        body.push(t);
      }
      if (endLine < 0) {
        error = `BEGIN ${label} has no matching END line`;
        endLine = j - 1;
      }
      const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(headers['Proc-Type'] ?? '');
      const block: PemBlock = {
        label,
        kind,
        beginLine,
        endLine,
        startOffset: lines[beginLine].start,
        endOffset: lines[endLine].end,
        headers,
        encrypted,
      };
      const b64 = body.join('');
      if (!error) {
        if (b64 === '') error = 'the block is empty';
        else if (!BASE64_RE.test(b64) || b64.length % 4 === 1) error = 'the block is not valid base64';
      }
      if (error) block.error = error;
      else if (kind !== 'private-key' || options.decodePrivateKeys) block.der = new Uint8Array(Buffer.from(b64, 'base64'));
      blocks.push(block);
      // An unterminated block that ran into the next BEGIN resumes at that line (endLine = j - 1).
      i = endLine + 1;
    }
  } catch {
    // Unreachable in practice (everything above is total); keep what was found.
  }
  return { blocks, stray: groupStray(strayLines, blocks), lineCount };
}

function groupStray(lines: number[], blocks: PemBlock[]): PemStrayText[] {
  const out: PemStrayText[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last && last.endLine === line - 1) {
      last.endLine = line;
      continue;
    }
    out.push({ startLine: line, endLine: line, position: 'only' });
  }
  for (const s of out) {
    if (blocks.length === 0) s.position = 'only';
    else if (s.endLine < blocks[0].beginLine) s.position = 'before';
    else if (s.startLine > blocks[blocks.length - 1].endLine) s.position = 'after';
    else s.position = 'between';
  }
  return out;
}

/** The blocks of one kind, in file order. */
export function blocksOfKind(split: PemSplit, kind: PemKind): PemBlock[] {
  return split.blocks.filter((b) => b.kind === kind);
}
