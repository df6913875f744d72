// Protocol versions as the servers name them, and what a given OpenSSL can still negotiate.

import { versionAtLeast } from '../settings';
import type { Protocol } from './ciphers/table';

export type ProtocolName = 'SSLv2' | 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const PROTOCOLS: ProtocolName[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export const INSECURE_PROTOCOLS: ReadonlySet<ProtocolName> = new Set<ProtocolName>(['SSLv2', 'SSLv3']);
export const DEPRECATED_PROTOCOLS: ReadonlySet<ProtocolName> = new Set<ProtocolName>(['TLSv1', 'TLSv1.1']);

const LABELS: Record<ProtocolName, string> = {
  SSLv2: 'SSL 2.0',
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

export function protocolLabel(p: ProtocolName): string {
  return LABELS[p];
}

/** Each version's bit (PROTOCOLS order), under its own spelling and in lower case. */
const VERSION_BIT = new Map<string, number>(PROTOCOLS.flatMap((p, i): [string, number][] => [[p, 1 << i], [p.toLowerCase(), 1 << i]]));

/**
 * The bit of the version a token names (PROTOCOLS order), 0 when it names none: nginx compares protocol
 * tokens case-insensitively. The usual spelling is found without lower-casing the token.
 */
export function versionTokenBit(token: string): number {
  return VERSION_BIT.get(token) ?? VERSION_BIT.get(token.toLowerCase()) ?? 0;
}

/** The versions of a mask of versionTokenBit bits, in PROTOCOLS order. */
export function versionsOfMask(mask: number): ProtocolName[] {
  return PROTOCOLS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** nginx compares protocol tokens case-insensitively. */
export function canonicalProtocol(token: string): ProtocolName | undefined {
  const bit = versionTokenBit(token);
  return bit ? PROTOCOLS[31 - Math.clz32(bit)] : undefined;
}

/**
 * Can the target OpenSSL negotiate this version at all? SSLv2 is gone since 1.1.0 and SSLv3 is not
 * built by default since 1.1.0 (Debian and most distributions ship without it); TLS 1.3 needs 1.1.1.
 */
export function opensslSupports(openssl: string, p: ProtocolName): boolean {
  if (p === 'SSLv2') return !versionAtLeast(openssl, '1.1.0');
  if (p === 'SSLv3') return !versionAtLeast(openssl, '1.1.0');
  if (p === 'TLSv1.3') return versionAtLeast(openssl, '1.1.1');
  return true;
}

/** The protocol token nearest to a misspelt one (`TLS1.2` → `TLSv1.2`, `TLSv13` → `TLSv1.3`). */
export function nearestProtocol(token: string): ProtocolName {
  const t = token.toLowerCase().replace(/[^a-z0-9.]/g, '');
  const digits = /(\d)(?:\.?(\d))?/.exec(t.replace(/^sslv?|^tlsv?/, ''));
  if (t.startsWith('ssl')) return digits && digits[1] === '2' ? 'SSLv2' : 'SSLv3';
  if (digits) {
    const major = digits[1];
    const minor = digits[2];
    if (major === '1') {
      if (minor === undefined || minor === '0') return 'TLSv1';
      if (minor === '1') return 'TLSv1.1';
      if (minor === '2') return 'TLSv1.2';
      return 'TLSv1.3';
    }
    if (major === '2') return 'TLSv1.2';
    if (major === '3') return 'TLSv1.3';
  }
  return 'TLSv1.3';
}

/**
 * OpenSSL 3.0 rates the MD5+SHA-1 and SHA-1 signatures TLS 1.0 and 1.1 handshakes need below the 80
 * bits of security level 1, so from 3.0 on those versions complete a handshake only at level 0 (a
 * server's `@SECLEVEL=0`), whatever the protocol setting says. Before 3.0, level 1 still allowed them.
 */
export function legacyVersionsNeedLevel0(openssl: string): boolean {
  return versionAtLeast(openssl, '3.0.0');
}

const OPENSSL_PROTOCOLS: readonly Protocol[] = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const PROTOCOL_BIT = new Map<string, number>(OPENSSL_PROTOCOLS.map((p, i) => [p, 1 << i]));

/**
 * The bits of the OpenSSL versions among `names` (others, SSLv2, count for nothing): the cipher sites
 * keep one protocol list per set of versions, found by its mask.
 */
export function protocolMask(names: readonly string[], mask = 0): number {
  for (const n of names) mask |= PROTOCOL_BIT.get(n) ?? 0;
  return mask;
}

/** The versions of a mask, in OpenSSL's order. */
export function maskProtocols(mask: number): Protocol[] {
  return OPENSSL_PROTOCOLS.filter((_, i) => (mask & (1 << i)) !== 0);
}
