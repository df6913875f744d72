// TLS key-exchange groups (curves and finite-field groups) as OpenSSL names them in
// `SSL_CTX_set1_groups_list` (nginx `ssl_ecdh_curve`, `ssl_conf_command Groups|Curves`): which names and
// aliases each OpenSSL version accepts, and the security bits OpenSSL rates each group at.
//
// Facts from OpenSSL's sources (ssl/t1_lib.c group table, providers/common/capabilities.c TLS-GROUP
// entries with their `secbits`, CHANGES for the versions that added names) and checked against the
// installed OpenSSL 3.0 (`openssl s_client -groups <name>` accepts or rejects each name). Names are
// matched case-sensitively, except the curve short names OpenSSL also looks up through its object table.

import { versionAtLeast } from '../settings';

export interface TlsGroup {
  /** The name OpenSSL prints (`openssl s_client` "Server Temp Key", `-groups` lists). */
  name: string;
  /** Every spelling the group list parser accepts, `name` included. */
  names: readonly string[];
  /** IANA NamedGroup code point. */
  id: number;
  kind: 'ec' | 'ecx' | 'ffdhe' | 'hybrid' | 'mlkem';
  /** Security bits as OpenSSL rates the group (its `secbits`). */
  bits: number;
  /** First OpenSSL version whose default build accepts it in a group list. */
  since: string;
  /** Deprecated for TLS by RFC 8422 (binary and small prime curves) or RFC 9325. */
  deprecated?: boolean;
}

function g(name: string, names: string[], id: number, kind: TlsGroup['kind'], bits: number, since = '1.1.1', deprecated?: boolean): TlsGroup {
  return { name, names: [name, ...names], id, kind, bits, since, deprecated };
}

// prettier-ignore
export const TLS_GROUPS: readonly TlsGroup[] = [
  g('sect163k1', ['K-163'], 1, 'ec', 80, '1.1.1', true),
  g('sect163r1', [], 2, 'ec', 80, '1.1.1', true),
  g('sect163r2', ['B-163'], 3, 'ec', 80, '1.1.1', true),
  g('sect193r1', [], 4, 'ec', 80, '1.1.1', true),
  g('sect193r2', [], 5, 'ec', 80, '1.1.1', true),
  g('sect233k1', ['K-233'], 6, 'ec', 112, '1.1.1', true),
  g('sect233r1', ['B-233'], 7, 'ec', 112, '1.1.1', true),
  g('sect239k1', [], 8, 'ec', 112, '1.1.1', true),
  g('sect283k1', ['K-283'], 9, 'ec', 128, '1.1.1', true),
  g('sect283r1', ['B-283'], 10, 'ec', 128, '1.1.1', true),
  g('sect409k1', ['K-409'], 11, 'ec', 192, '1.1.1', true),
  g('sect409r1', ['B-409'], 12, 'ec', 192, '1.1.1', true),
  g('sect571k1', ['K-571'], 13, 'ec', 256, '1.1.1', true),
  g('sect571r1', ['B-571'], 14, 'ec', 256, '1.1.1', true),
  g('secp160k1', [], 15, 'ec', 80, '1.1.1', true),
  g('secp160r1', [], 16, 'ec', 80, '1.1.1', true),
  g('secp160r2', [], 17, 'ec', 80, '1.1.1', true),
  g('secp192k1', [], 18, 'ec', 80, '1.1.1', true),
  g('secp192r1', ['P-192', 'prime192v1'], 19, 'ec', 80, '1.1.1', true),
  g('secp224k1', [], 20, 'ec', 112, '1.1.1', true),
  g('secp224r1', ['P-224'], 21, 'ec', 112, '1.1.1', true),
  g('secp256k1', [], 22, 'ec', 128, '1.1.1', true),
  g('secp256r1', ['P-256', 'prime256v1'], 23, 'ec', 128),
  g('secp384r1', ['P-384'], 24, 'ec', 192),
  g('secp521r1', ['P-521'], 25, 'ec', 256),
  g('brainpoolP256r1', [], 26, 'ec', 128),
  g('brainpoolP384r1', [], 27, 'ec', 192),
  g('brainpoolP512r1', [], 28, 'ec', 256),
  g('x25519', ['X25519'], 29, 'ecx', 128),
  g('x448', ['X448'], 30, 'ecx', 224),
  g('brainpoolP256r1tls13', [], 31, 'ec', 128, '3.2'),
  g('brainpoolP384r1tls13', [], 32, 'ec', 192, '3.2'),
  g('brainpoolP512r1tls13', [], 33, 'ec', 256, '3.2'),
  g('ffdhe2048', [], 256, 'ffdhe', 112, '3.0'),
  g('ffdhe3072', [], 257, 'ffdhe', 128, '3.0'),
  g('ffdhe4096', [], 258, 'ffdhe', 128, '3.0'),
  g('ffdhe6144', [], 259, 'ffdhe', 128, '3.0'),
  g('ffdhe8192', [], 260, 'ffdhe', 192, '3.0'),
  g('MLKEM512', [], 512, 'mlkem', 128, '3.5'),
  g('MLKEM768', [], 513, 'mlkem', 192, '3.5'),
  g('MLKEM1024', [], 514, 'mlkem', 256, '3.5'),
  g('SecP256r1MLKEM768', [], 4587, 'hybrid', 192, '3.5'),
  g('X25519MLKEM768', [], 4588, 'hybrid', 192, '3.5'),
  g('SecP384r1MLKEM1024', [], 4589, 'hybrid', 256, '3.5'),
];

const byName = new Map<string, TlsGroup>();
for (const grp of TLS_GROUPS) for (const n of grp.names) byName.set(n, grp);

/** A group by any name OpenSSL accepts for it (case-sensitive, as OpenSSL matches). */
export function groupByName(name: string): TlsGroup | undefined {
  return byName.get(name);
}

/** A group whose name differs only in case (for did-you-mean). */
export function groupByNameIgnoringCase(name: string): TlsGroup | undefined {
  const l = name.toLowerCase();
  return TLS_GROUPS.find((x) => x.names.some((n) => n.toLowerCase() === l));
}

/** Every accepted spelling. */
export function allGroupNames(): string[] {
  return [...byName.keys()];
}

/** Does this OpenSSL version accept the group? */
export function groupSupported(grp: TlsGroup, openssl: string): boolean {
  return versionAtLeast(openssl, grp.since);
}

/** `?name` (ignore the group when unknown) is understood from OpenSSL 3.3. */
export function optionalPrefixSupported(openssl: string): boolean {
  return versionAtLeast(openssl, '3.3');
}

export interface GroupToken {
  /** The name without prefixes. */
  name: string;
  /** Offsets of the name in the list string (end exclusive). */
  start: number;
  end: number;
  /** Offsets of the whole element including prefixes and the `/`, `:` around it are not included. */
  elementStart: number;
  optional: boolean;
  /** `-name` (3.5: remove from DEFAULT). */
  removed: boolean;
  group?: TlsGroup;
}

/**
 * Split a group list: `:`-separated (3.5 also `/` between tuples); each element may start with `?`
 * (optional, 3.3+), `*` (send a key share, 3.5+) or `-` (3.5: remove). `DEFAULT` (3.5) is kept as a name.
 */
export function parseGroupList(list: string): GroupToken[] {
  const out: GroupToken[] = [];
  const re = /[^:/]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(list))) {
    const el = m[0];
    let i = 0;
    let optional = false;
    let removed = false;
    while (i < el.length && '?*-'.includes(el[i])) {
      if (el[i] === '?') optional = true;
      if (el[i] === '-') removed = true;
      i++;
    }
    const raw = el.slice(i);
    const lead = raw.length - raw.trimStart().length;
    const name = raw.trim();
    if (!name) continue;
    const start = m.index + i + lead;
    out.push({ name, start, end: start + name.length, elementStart: m.index, optional, removed, group: groupByName(name) });
  }
  return out;
}

/** OpenSSL 3.0's default group list (what nginx's `ssl_ecdh_curve auto` leaves in place). */
export const OPENSSL_30_DEFAULT_GROUPS = ['x25519', 'secp256r1', 'x448', 'secp521r1', 'secp384r1', 'ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'];
