// OpenSSL 3.0's cipher-string engine, reimplemented: expands `HIGH:!aNULL:!MD5` into the ordered list of
// TLS <= 1.2 suites OpenSSL would configure, then applies what `openssl ciphers -s` applies (security
// level, PSK/SRP availability, protocol range) to get the suites a handshake can actually use.
//
// The behaviour follows OpenSSL 3.0's ssl/ssl_ciph.c (grammar, alias table, default ordering, `+`/`-`/`!`,
// `@STRENGTH`, `@SECLEVEL`, `DEFAULT` prefix, Suite B strings), ssl/t1_lib.c (which suites are "supported")
// and ssl/ssl_cert.c (the default security callback). Quirks are kept on purpose, because servers behave
// that way: a word OpenSSL does not know silently swallows the rest of its token, `DEFAULT` only means
// something at the very start, `COMPLEMENTOFDEFAULT+HIGH` is just `HIGH`, and so on.
//
// Cost: one pass over the string; each token is one pass over the ~120 available suites.

import {
  type Authentication,
  type CipherSuite,
  type Encryption,
  type KeyExchange,
  type Mac,
  type Protocol,
  type StrengthClass,
  CIPHER_SUITES,
  DEFAULT_CIPHER_STRING,
  DEFAULT_TLS13_CIPHERSUITES,
  TLS12_SUITES,
  TLS13_SUITES,
  suiteByIanaName,
} from './table';

// ---------------------------------------------------------------------------------------------------------
// Bit sets (our own numbering; only the set semantics matter)

const KX_BITS: Record<KeyExchange, number> = {
  kRSA: 1 << 0, kDHE: 1 << 1, kECDHE: 1 << 2, kPSK: 1 << 3, kGOST: 1 << 4, kSRP: 1 << 5,
  kRSAPSK: 1 << 6, kECDHEPSK: 1 << 7, kDHEPSK: 1 << 8, kGOST18: 1 << 9, kANY: 0,
};
const AU_BITS: Record<Authentication, number> = {
  aRSA: 1 << 0, aDSS: 1 << 1, aNULL: 1 << 2, aECDSA: 1 << 3, aPSK: 1 << 4, aGOST01: 1 << 5,
  aSRP: 1 << 6, aGOST12: 1 << 7, aANY: 0,
};
const ENC_BITS: Record<Encryption, number> = {
  DES: 1 << 0, '3DES': 1 << 1, RC4: 1 << 2, RC2: 1 << 3, IDEA: 1 << 4, NULL: 1 << 5, AES128: 1 << 6,
  AES256: 1 << 7, CAMELLIA128: 1 << 8, CAMELLIA256: 1 << 9, GOST89: 1 << 10, SEED: 1 << 11,
  AES128GCM: 1 << 12, AES256GCM: 1 << 13, AES128CCM: 1 << 14, AES256CCM: 1 << 15, AES128CCM8: 1 << 16,
  AES256CCM8: 1 << 17, GOST89CNT12: 1 << 18, CHACHA20POLY1305: 1 << 19, ARIA128GCM: 1 << 20,
  ARIA256GCM: 1 << 21, MAGMA: 1 << 22, KUZNYECHIK: 1 << 23,
};
const MAC_BITS: Record<Mac, number> = {
  MD5: 1 << 0, SHA1: 1 << 1, GOST94: 1 << 2, GOST89MAC: 1 << 3, SHA256: 1 << 4, SHA384: 1 << 5,
  AEAD: 1 << 6, GOST12_256: 1 << 7, GOST89MAC12: 1 << 8, MAGMAOMAC: 1 << 9, KUZNYECHIKOMAC: 1 << 10,
};
const PROTO_CODE: Record<Protocol, number> = {
  SSLv3: 0x300, TLSv1: 0x301, 'TLSv1.1': 0x302, 'TLSv1.2': 0x303, 'TLSv1.3': 0x304,
};
const CLASS_BITS: Record<StrengthClass, number> = { NONE: 1, LOW: 2, MEDIUM: 4, HIGH: 8 };
const S_FIPS = 16;
const S_NOT_DEFAULT = 32;
const STRONG_MASK = 0x1f;
const DEFAULT_MASK = 0x20;

const ALL_ENC = (1 << 24) - 1;
const ALL_AU = (1 << 8) - 1;
const e = ENC_BITS;
const k = KX_BITS;
const a = AU_BITS;
const m = MAC_BITS;
const AESGCM = e.AES128GCM | e.AES256GCM;
const AESCCM = e.AES128CCM | e.AES256CCM | e.AES128CCM8 | e.AES256CCM8;
const AES = e.AES128 | e.AES256 | AESGCM | AESCCM;
const PSK_KX = k.kPSK | k.kRSAPSK | k.kECDHEPSK | k.kDHEPSK;
const CBC =
  e.DES | e['3DES'] | e.RC2 | e.IDEA | e.AES128 | e.AES256 | e.CAMELLIA128 | e.CAMELLIA256 | e.SEED;
const FORWARD_SECRET_KX = k.kDHE | k.kECDHE | k.kDHEPSK | k.kECDHEPSK;

/** A selection pattern: the fields of an SSL_CIPHER OpenSSL compares (0 = any). */
interface Pattern {
  kx: number;
  au: number;
  enc: number;
  mac: number;
  minTls: number;
  strength: number;
}

interface Alias extends Pattern {
  name: string;
}

function alias(name: string, p: Partial<Pattern>): Alias {
  return { name, kx: p.kx ?? 0, au: p.au ?? 0, enc: p.enc ?? 0, mac: p.mac ?? 0, minTls: p.minTls ?? 0, strength: p.strength ?? 0 };
}

// OpenSSL 3.0's alias table (ssl_ciph.c cipher_aliases), in its order.
const ALIASES: readonly Alias[] = [
  alias('ALL', { enc: ALL_ENC & ~e.NULL }),
  alias('COMPLEMENTOFALL', { enc: e.NULL }),
  alias('COMPLEMENTOFDEFAULT', { strength: S_NOT_DEFAULT }),
  alias('kRSA', { kx: k.kRSA }),
  alias('kEDH', { kx: k.kDHE }),
  alias('kDHE', { kx: k.kDHE }),
  alias('DH', { kx: k.kDHE }),
  alias('kEECDH', { kx: k.kECDHE }),
  alias('kECDHE', { kx: k.kECDHE }),
  alias('ECDH', { kx: k.kECDHE }),
  alias('kPSK', { kx: k.kPSK }),
  alias('kRSAPSK', { kx: k.kRSAPSK }),
  alias('kECDHEPSK', { kx: k.kECDHEPSK }),
  alias('kDHEPSK', { kx: k.kDHEPSK }),
  alias('kSRP', { kx: k.kSRP }),
  alias('kGOST', { kx: k.kGOST }),
  alias('kGOST18', { kx: k.kGOST18 }),
  alias('aRSA', { au: a.aRSA }),
  alias('aDSS', { au: a.aDSS }),
  alias('DSS', { au: a.aDSS }),
  alias('aNULL', { au: a.aNULL }),
  alias('aECDSA', { au: a.aECDSA }),
  alias('ECDSA', { au: a.aECDSA }),
  alias('aPSK', { au: a.aPSK }),
  alias('aGOST01', { au: a.aGOST01 }),
  alias('aGOST12', { au: a.aGOST12 }),
  alias('aGOST', { au: a.aGOST01 | a.aGOST12 }),
  alias('aSRP', { au: a.aSRP }),
  alias('EDH', { kx: k.kDHE, au: ALL_AU & ~a.aNULL }),
  alias('DHE', { kx: k.kDHE, au: ALL_AU & ~a.aNULL }),
  alias('EECDH', { kx: k.kECDHE, au: ALL_AU & ~a.aNULL }),
  alias('ECDHE', { kx: k.kECDHE, au: ALL_AU & ~a.aNULL }),
  alias('NULL', { enc: e.NULL }),
  alias('RSA', { kx: k.kRSA, au: a.aRSA }),
  alias('ADH', { kx: k.kDHE, au: a.aNULL }),
  alias('AECDH', { kx: k.kECDHE, au: a.aNULL }),
  alias('PSK', { kx: PSK_KX }),
  alias('SRP', { kx: k.kSRP }),
  alias('3DES', { enc: e['3DES'] }),
  alias('RC4', { enc: e.RC4 }),
  alias('RC2', { enc: e.RC2 }),
  alias('IDEA', { enc: e.IDEA }),
  alias('SEED', { enc: e.SEED }),
  alias('eNULL', { enc: e.NULL }),
  alias('GOST89', { enc: e.GOST89 | e.GOST89CNT12 | e.MAGMA | e.KUZNYECHIK }),
  alias('AES128', { enc: e.AES128 | e.AES128GCM | e.AES128CCM | e.AES128CCM8 }),
  alias('AES256', { enc: e.AES256 | e.AES256GCM | e.AES256CCM | e.AES256CCM8 }),
  alias('AES', { enc: AES }),
  alias('AESGCM', { enc: AESGCM }),
  alias('AESCCM', { enc: AESCCM }),
  alias('AESCCM8', { enc: e.AES128CCM8 | e.AES256CCM8 }),
  alias('CAMELLIA128', { enc: e.CAMELLIA128 }),
  alias('CAMELLIA256', { enc: e.CAMELLIA256 }),
  alias('CAMELLIA', { enc: e.CAMELLIA128 | e.CAMELLIA256 }),
  alias('CHACHA20', { enc: e.CHACHA20POLY1305 }),
  alias('GOST2012-GOST8912-GOST8912', { enc: e.GOST89CNT12 }),
  alias('ARIA', { enc: e.ARIA128GCM | e.ARIA256GCM }),
  alias('ARIAGCM', { enc: e.ARIA128GCM | e.ARIA256GCM }),
  alias('ARIA128', { enc: e.ARIA128GCM }),
  alias('ARIA256', { enc: e.ARIA256GCM }),
  alias('CBC', { enc: CBC }),
  alias('MD5', { mac: m.MD5 }),
  alias('SHA1', { mac: m.SHA1 }),
  alias('SHA', { mac: m.SHA1 }),
  alias('GOST94', { mac: m.GOST94 }),
  alias('GOST89MAC', { mac: m.GOST89MAC | m.GOST89MAC12 }),
  alias('SHA256', { mac: m.SHA256 }),
  alias('SHA384', { mac: m.SHA384 }),
  alias('GOST12', { mac: m.GOST12_256 }),
  alias('SSLv3', { minTls: PROTO_CODE.SSLv3 }),
  alias('TLSv1', { minTls: PROTO_CODE.TLSv1 }),
  alias('TLSv1.0', { minTls: PROTO_CODE.TLSv1 }),
  alias('TLSv1.2', { minTls: PROTO_CODE['TLSv1.2'] }),
  alias('LOW', { strength: CLASS_BITS.LOW }),
  alias('MEDIUM', { strength: CLASS_BITS.MEDIUM }),
  alias('HIGH', { strength: CLASS_BITS.HIGH }),
  alias('FIPS', { enc: ALL_ENC & ~e.NULL, strength: S_FIPS }),
  alias('EDH-DSS-DES-CBC3-SHA', { kx: k.kDHE, au: a.aDSS, enc: e['3DES'], mac: m.SHA1, strength: CLASS_BITS.HIGH | S_FIPS }),
  alias('EDH-RSA-DES-CBC3-SHA', { kx: k.kDHE, au: a.aRSA, enc: e['3DES'], mac: m.SHA1, strength: CLASS_BITS.HIGH | S_FIPS }),
];

/** What a libssl build lacks (its "disabled masks"). */
interface Build {
  disabledKx: number;
  disabledAu: number;
  disabledEnc: number;
  disabledMac: number;
}

// Debian's OpenSSL 3.0: no weak-ssl-ciphers, only the default provider (no RC4/RC2/IDEA/SEED/DES), no GOST.
const DEBIAN_3_0: Build = {
  disabledKx: k.kGOST | k.kGOST18,
  disabledAu: a.aGOST01 | a.aGOST12,
  disabledEnc: e.DES | e.RC4 | e.RC2 | e.IDEA | e.SEED | e.GOST89 | e.GOST89CNT12 | e.MAGMA | e.KUZNYECHIK,
  disabledMac: m.GOST94 | m.GOST89MAC | m.GOST12_256 | m.GOST89MAC12 | m.MAGMAOMAC | m.KUZNYECHIKOMAC,
};

function aliasAvailable(al: Pattern, b: Build): boolean {
  if (al.kx && !(al.kx & ~b.disabledKx)) return false;
  if (al.au && !(al.au & ~b.disabledAu)) return false;
  if (al.enc && !(al.enc & ~b.disabledEnc)) return false;
  if (al.mac && !(al.mac & ~b.disabledMac)) return false;
  return true;
}

/** A suite as the engine sees it: its pattern bits. */
interface Entry extends Pattern {
  suite: CipherSuite;
  id: number;
  bits: number;
}

function entryOf(s: CipherSuite): Entry {
  let strength = CLASS_BITS[s.strength];
  if (s.fips) strength |= S_FIPS;
  if (!s.inDefault) strength |= S_NOT_DEFAULT;
  return {
    suite: s,
    id: s.id,
    kx: KX_BITS[s.kx],
    au: AU_BITS[s.au],
    enc: ENC_BITS[s.enc],
    mac: MAC_BITS[s.mac],
    minTls: PROTO_CODE[s.minProtocol],
    strength,
    bits: s.strengthBits,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The ordered list: a doubly linked list over entry indexes, exactly as OpenSSL keeps it.

const ADD = 1;
const KILL = 2;
const DEL = 3;
const ORD = 4;
const BUMP = 6;
type Rule = typeof ADD | typeof KILL | typeof DEL | typeof ORD | typeof BUMP;

class OrderList {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly active: Uint8Array;
  head = -1;
  tail = -1;

  constructor(
    readonly entries: readonly Entry[],
    order: readonly number[],
  ) {
    const n = entries.length;
    this.prev = new Int32Array(n).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    this.active = new Uint8Array(n);
    for (let i = 0; i < order.length; i++) {
      const x = order[i];
      this.prev[x] = i > 0 ? order[i - 1] : -1;
      this.next[x] = i + 1 < order.length ? order[i + 1] : -1;
    }
    if (order.length) {
      this.head = order[0];
      this.tail = order[order.length - 1];
    }
  }

  private unlink(x: number): void {
    const p = this.prev[x];
    const n = this.next[x];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.prev[x] = -1;
    this.next[x] = -1;
  }

  private toTail(x: number): void {
    if (x === this.tail) return;
    this.unlink(x);
    this.prev[x] = this.tail;
    this.next[x] = -1;
    if (this.tail >= 0) this.next[this.tail] = x;
    else this.head = x;
    this.tail = x;
  }

  private toHead(x: number): void {
    if (x === this.head) return;
    this.unlink(x);
    this.next[x] = this.head;
    this.prev[x] = -1;
    if (this.head >= 0) this.prev[this.head] = x;
    else this.tail = x;
    this.head = x;
  }

  /**
   * Apply one rule to every entry the pattern selects (or, with strengthBits >= 0, every entry of that
   * strength). Walks from the head (from the tail for DEL and BUMP, which keeps relative order) and
   * stops at the element that was last when the walk began, as OpenSSL does.
   */
  apply(p: Pattern, cipherId: number, rule: Rule, strengthBits = -1): void {
    const reverse = rule === DEL || rule === BUMP;
    let nextX = reverse ? this.tail : this.head;
    const last = reverse ? this.head : this.tail;
    let curr = -2;
    for (;;) {
      if (curr === last) break;
      curr = nextX;
      if (curr < 0) break;
      nextX = reverse ? this.prev[curr] : this.next[curr];
      const c = this.entries[curr];
      if (strengthBits >= 0) {
        if (strengthBits !== c.bits) continue;
      } else if (!matches(p, cipherId, c)) {
        continue;
      }
      switch (rule) {
        case ADD:
          if (!this.active[curr]) {
            this.toTail(curr);
            this.active[curr] = 1;
          }
          break;
        case ORD:
          if (this.active[curr]) this.toTail(curr);
          break;
        case DEL:
          if (this.active[curr]) {
            this.toHead(curr);
            this.active[curr] = 0;
          }
          break;
        case BUMP:
          if (this.active[curr]) this.toHead(curr);
          break;
        case KILL:
          this.unlink(curr);
          this.active[curr] = 0;
          break;
      }
    }
  }

  /** `@STRENGTH`: stable sort of the active entries by strength bits, strongest first. */
  strengthSort(): void {
    const used = new Set<number>();
    for (let x = this.head; x >= 0; x = this.next[x]) if (this.active[x]) used.add(this.entries[x].bits);
    const levels = [...used].sort((p, q) => q - p);
    for (const bits of levels) this.apply(NO_PATTERN, 0, ORD, bits);
  }

  order(): number[] {
    const out: number[] = [];
    for (let x = this.head; x >= 0; x = this.next[x]) out.push(x);
    return out;
  }

  activeEntries(): Entry[] {
    const out: Entry[] = [];
    for (let x = this.head; x >= 0; x = this.next[x]) if (this.active[x]) out.push(this.entries[x]);
    return out;
  }
}

const NO_PATTERN: Pattern = { kx: 0, au: 0, enc: 0, mac: 0, minTls: 0, strength: 0 };

function matches(p: Pattern, cipherId: number, c: Entry): boolean {
  if (cipherId !== 0 && cipherId !== c.id) return false;
  if (p.kx && !(p.kx & c.kx)) return false;
  if (p.au && !(p.au & c.au)) return false;
  if (p.enc && !(p.enc & c.enc)) return false;
  if (p.mac && !(p.mac & c.mac)) return false;
  if (p.minTls && p.minTls !== c.minTls) return false;
  if (p.strength & STRONG_MASK && !(p.strength & STRONG_MASK & c.strength)) return false;
  if (p.strength & DEFAULT_MASK && !(p.strength & DEFAULT_MASK & c.strength)) return false;
  return true;
}

function pat(p: Partial<Pattern>): Pattern {
  return { ...NO_PATTERN, ...p };
}

/** Per build: the available suites, OpenSSL's starting order and the names a cipher string may use. */
interface Engine {
  entries: Entry[];
  initialOrder: number[];
  /** Names OpenSSL looks up: available suite names first, then available aliases. */
  lookup: Map<string, { entry?: Entry; alias?: Alias }>;
  /** Aliases this build lacks. */
  missingAliases: Set<string>;
}

let debianEngine: Engine | undefined;

function engineFor(build: Build): Engine {
  if (build === DEBIAN_3_0 && debianEngine) return debianEngine;
  // OpenSSL sorts its table by id and hands it out from the end: collection order is descending id.
  const entries = TLS12_SUITES.filter((s) => s.available)
    .slice()
    .sort((x, y) => y.id - x.id)
    .map(entryOf);
  const list = new OrderList(
    entries,
    entries.map((_, i) => i),
  );
  // OpenSSL's preference order (ssl_create_cipher_list), built with every suite, then all disabled.
  list.apply(pat({ kx: k.kECDHE, au: a.aECDSA }), 0, ADD);
  list.apply(pat({ kx: k.kECDHE }), 0, ADD);
  list.apply(pat({ kx: k.kECDHE }), 0, DEL);
  list.apply(pat({ enc: AESGCM }), 0, ADD);
  list.apply(pat({ enc: e.CHACHA20POLY1305 }), 0, ADD);
  list.apply(pat({ enc: AES ^ AESGCM }), 0, ADD);
  list.apply(NO_PATTERN, 0, ADD);
  list.apply(pat({ mac: m.MD5 }), 0, ORD);
  list.apply(pat({ au: a.aNULL }), 0, ORD);
  list.apply(pat({ kx: k.kRSA }), 0, ORD);
  list.apply(pat({ kx: k.kPSK }), 0, ORD);
  list.apply(pat({ enc: e.RC4 }), 0, ORD);
  list.strengthSort();
  list.apply(pat({ minTls: PROTO_CODE['TLSv1.2'] }), 0, BUMP);
  list.apply(pat({ mac: m.AEAD }), 0, BUMP);
  list.apply(pat({ kx: k.kDHE | k.kECDHE }), 0, BUMP);
  list.apply(pat({ kx: k.kDHE | k.kECDHE, mac: m.AEAD }), 0, BUMP);
  list.apply(NO_PATTERN, 0, DEL);

  const lookup = new Map<string, { entry?: Entry; alias?: Alias }>();
  for (const en of entries) lookup.set(en.suite.name, { entry: en });
  const missingAliases = new Set<string>();
  for (const al of ALIASES) {
    if (lookup.has(al.name)) continue;
    if (aliasAvailable(al, build)) lookup.set(al.name, { alias: al });
    else missingAliases.add(al.name);
  }
  const eng: Engine = { entries, initialOrder: list.order(), lookup, missingAliases };
  if (build === DEBIAN_3_0) debianEngine = eng;
  return eng;
}

// ---------------------------------------------------------------------------------------------------------
// Public API

export interface ExpandOptions {
  /** Security level in effect before the string's own `@SECLEVEL=n` (default 2, as Debian builds OpenSSL). */
  securityLevel?: number;
  /**
   * Target OpenSSL version. Only OpenSSL 3.0's rules are modelled (3.1–3.5 expand the same way for the
   * suites Debian offers); recorded for callers and future differences.
   */
  opensslVersion?: string;
  /** The server has a PSK callback (web servers do not): PSK suites count as usable. Default false. */
  psk?: boolean;
  /** The server has SRP set up: SRP suites count as usable. Default false. */
  srp?: boolean;
  /**
   * Enabled protocol versions (default TLSv1–TLSv1.3). Suites the resulting range cannot use are excluded;
   * see effectiveProtocolRange for how OpenSSL derives the range (security level, gaps).
   */
  protocols?: readonly Protocol[];
  /**
   * Which end of the handshake uses the list. 'client' (default, and what `openssl ciphers -s` shows):
   * the contiguous range of effectiveProtocolRange. 'server': a server accepts each enabled version on
   * its own (OpenSSL's ssl_choose_server_version checks versions one by one), so a suite counts when any
   * enabled version the security level allows can use it, gaps or not.
   */
  side?: 'client' | 'server';
}

/** How OpenSSL saw one word of the string. */
export type CipherWordKind =
  | 'suite' // an available suite name
  | 'alias' // an alias this build knows
  | 'unavailable' // a suite name or alias OpenSSL has, but not this build (RC4-SHA, IDEA, kGOST…)
  | 'tls13-suite' // a TLS 1.3 suite name: not part of this list, ignored
  | 'unknown'; // anything else: ignored by OpenSSL

export interface CipherWord {
  text: string;
  /** Offsets into the input string (end exclusive). */
  start: number;
  end: number;
  kind: CipherWordKind;
  /** The suite: for 'suite', 'tls13-suite', unavailable suite names, and unknown words that are IANA names. */
  suite?: CipherSuite;
}

export type CipherOperator = '' | '!' | '-' | '+' | '@';

export interface CipherToken {
  /** The item without its operator (`aNULL` for `!aNULL`, `ECDHE+AESGCM`, `STRENGTH`). */
  text: string;
  /** Offsets of the whole item including the operator (end exclusive). */
  start: number;
  end: number;
  op: CipherOperator;
  words: CipherWord[];
  /** Whether OpenSSL applied it (every word known and the combination not empty; or a valid @command). */
  applied: boolean;
  /** Available suites the item selects (regardless of what the list held at that point); 0 for @commands. */
  selects: number;
}

export type ExclusionReason = 'protocol' | 'psk' | 'srp' | 'security-level';

export interface CipherExpansion {
  /** Suites a handshake can use, in OpenSSL's order (what `openssl ciphers -s` lists, TLS 1.3 aside). */
  ciphers: CipherSuite[];
  /** OpenSSL's configured TLS <= 1.2 list before filtering (what plain `openssl ciphers` lists). */
  configured: CipherSuite[];
  /** Configured suites left out of `ciphers`, with the first reason OpenSSL checks. */
  excluded: { suite: CipherSuite; reason: ExclusionReason }[];
  /** Items whose names OpenSSL knows but that select no suite in this build (`3DES`, `ECDHE+kRSA`). */
  unmatched: string[];
  /** Words OpenSSL does not know at all (typos, IANA names, removed aliases such as `DES`, `kEDH`…). */
  unknown: string[];
  /** Names OpenSSL has but this build lacks (`RC4`, `RC4-SHA`, `SEED`, `IDEA`, GOST). Ignored like unknown ones. */
  unavailable: string[];
  /** TLS 1.3 suite names in the list: OpenSSL ignores them here. */
  tls13Names: string[];
  /** Syntax errors and bad @commands: OpenSSL rejects the whole string. */
  errors: { token: string; message: string; start: number; end: number }[];
  /** OpenSSL's "no cipher match": the string is valid but selects no TLS <= 1.2 suite (the server fails to start). */
  noCipherMatch: boolean;
  /** Security level after the string's `@SECLEVEL`. */
  securityLevel: number;
  /** Suite B mode when the string starts with SUITEB128, SUITEB128ONLY, SUITEB128C2 or SUITEB192. */
  suiteB?: 'SUITEB128' | 'SUITEB128ONLY' | 'SUITEB128C2' | 'SUITEB192';
  tokens: CipherToken[];
}

const MIN_BITS = [0, 80, 112, 128, 192, 256];

function isWordChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x3d // =
  );
}

function isSep(ch: string | undefined): boolean {
  return ch === ':' || ch === ' ' || ch === ';' || ch === ',';
}

const tls13ByName = new Map(TLS13_SUITES.map((s) => [s.name, s]));
const anySuiteByName = new Map(CIPHER_SUITES.map((s) => [s.name, s]));
const allAliasNames = new Set(ALIASES.map((x) => x.name));

function classify(word: string, eng: Engine): { kind: CipherWordKind; suite?: CipherSuite } {
  const hit = eng.lookup.get(word);
  if (hit?.entry) return { kind: 'suite', suite: hit.entry.suite };
  if (hit?.alias) return { kind: 'alias' };
  const t13 = tls13ByName.get(word);
  if (t13) return { kind: 'tls13-suite', suite: t13 };
  const s = anySuiteByName.get(word);
  if (s) return { kind: 'unavailable', suite: s };
  if (allAliasNames.has(word)) return { kind: 'unavailable' };
  // An IANA name: OpenSSL does not know it here; keep the suite for a did-you-mean.
  const iana = suiteByIanaName(word);
  if (iana) return { kind: 'unknown', suite: iana };
  return { kind: 'unknown' };
}

/** Clamp a security level to OpenSSL's 0..5. */
function clampLevel(n: number): number {
  if (!Number.isFinite(n)) return 2;
  return Math.max(0, Math.min(5, Math.trunc(n)));
}

/** Suite B strings replace the whole string (ssl_ciph.c check_suiteb_cipher_list). */
function suiteBRewrite(str: string): { mode: CipherExpansion['suiteB']; rules: string } | undefined {
  if (str.startsWith('SUITEB128ONLY')) return { mode: 'SUITEB128ONLY', rules: 'ECDHE-ECDSA-AES128-GCM-SHA256' };
  if (str.startsWith('SUITEB128C2')) return { mode: 'SUITEB128C2', rules: 'ECDHE-ECDSA-AES256-GCM-SHA384' };
  if (str.startsWith('SUITEB128'))
    return { mode: 'SUITEB128', rules: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384' };
  if (str.startsWith('SUITEB192')) return { mode: 'SUITEB192', rules: 'ECDHE-ECDSA-AES256-GCM-SHA384' };
  return undefined;
}

interface RunState {
  list: OrderList;
  eng: Engine;
  level: number;
  tokens: CipherToken[];
  errors: CipherExpansion['errors'];
  /** Offset of the processed text in the caller's string; -1 when the text is not the caller's (DEFAULT). */
  base: number;
}

/**
 * Process one rule string (ssl_cipher_process_rulestr). Returns false on a fatal syntax error; bad
 * @commands are recorded and processing continues, as OpenSSL does (the result is still an error).
 */
function processRules(str: string, st: RunState): boolean {
  const { list, eng } = st;
  const record = st.base >= 0;
  const at = (i: number): number => (record ? st.base + i : 0);
  let l = 0;
  const n = str.length;
  for (;;) {
    if (l >= n) break;
    const ch = str[l];
    const tokenStart = l;
    let rule: Rule | 0 = ADD; // 0: @command
    let op: CipherOperator = '';
    if (ch === '-') {
      rule = DEL;
      op = '-';
      l++;
    } else if (ch === '+') {
      rule = ORD;
      op = '+';
      l++;
    } else if (ch === '!') {
      rule = KILL;
      op = '!';
      l++;
    } else if (ch === '@') {
      rule = 0;
      op = '@';
      l++;
    }
    if (isSep(ch)) {
      l++;
      continue;
    }

    const p: Pattern = { ...NO_PATTERN };
    let cipherId = 0;
    let found = false;
    const words: CipherWord[] = [];
    let bodyStart = l;
    let word = '';
    let wordLen = 0;
    // Read words joined by '+'.
    for (;;) {
      const ws = l;
      while (l < n && isWordChar(str.charCodeAt(l))) l++;
      wordLen = l - ws;
      word = str.slice(ws, l);
      if (wordLen === 0) {
        const bad = l < n ? `'${str[l]}'` : 'end of string';
        if (record) {
          st.errors.push({
            token: str.slice(tokenStart, Math.min(n, l + 1)),
            message: `invalid cipher string: expected a name at ${bad}`,
            start: at(tokenStart),
            end: at(Math.min(n, l + 1)),
          });
        } else {
          st.errors.push({ token: str, message: 'invalid built-in cipher string', start: 0, end: 0 });
        }
        return false;
      }
      if (rule === 0) break;
      const multi = str[l] === '+';
      if (multi) l++;

      const hit = eng.lookup.get(word);
      if (hit) {
        const cls = classify(word, eng);
        words.push({ text: word, start: at(ws), end: at(ws + wordLen), kind: cls.kind, suite: cls.suite });
      } else {
        // OpenSSL reads `TLS_AES_128_GCM_SHA256` as the word `TLS` followed by junk it skips; report the
        // whole name so diagnostics can say what it is.
        let rawEnd = ws + wordLen;
        while (rawEnd < n && !isSep(str[rawEnd]) && !'+!@'.includes(str[rawEnd])) rawEnd++;
        const raw = str.slice(ws, rawEnd);
        const cls = classify(raw, eng);
        words.push({ text: raw, start: at(ws), end: at(rawEnd), kind: cls.kind, suite: cls.suite });
      }
      cipherId = 0;
      if (!hit) {
        found = false;
        // OpenSSL stops here; note the remaining words of the item for diagnostics only.
        if (multi) noteRest(str, l, st, words);
        break;
      }
      found = true;
      const src: Pattern = hit.entry ?? hit.alias!;
      if (!mergeInto(p, src, hit.entry !== undefined)) {
        found = false;
        if (multi) noteRest(str, l, st, words);
        break;
      }
      if (hit.entry) cipherId = hit.entry.id;
      if (!multi) break;
    }

    let applied = false;
    let selects = 0;
    if (rule === 0) {
      if (word === 'STRENGTH') {
        list.strengthSort();
        applied = true;
      } else if (wordLen === 10 && word.startsWith('SECLEVEL=')) {
        const level = word.charCodeAt(9) - 0x30;
        if (level < 0 || level > 5) {
          pushError(st, str, tokenStart, l, `@SECLEVEL takes a level from 0 to 5`);
        } else {
          st.level = level;
          applied = true;
        }
      } else {
        pushError(st, str, tokenStart, l, `unknown command @${word} (OpenSSL knows @STRENGTH and @SECLEVEL=n)`);
      }
      while (l < n && !isSep(str[l])) l++;
    } else if (found) {
      list.apply(p, cipherId, rule);
      applied = true;
      for (const en of eng.entries) if (matches(p, cipherId, en)) selects++;
    } else {
      while (l < n && !isSep(str[l])) l++;
    }
    if (record) {
      if (op === '') bodyStart = tokenStart;
      st.tokens.push({
        text: str.slice(bodyStart, l),
        start: at(tokenStart),
        end: at(l),
        op,
        words,
        applied,
        selects,
      });
    }
    if (l >= n) break;
  }
  return st.errors.length === 0;
}

function pushError(st: RunState, str: string, from: number, to: number, message: string): void {
  const at = (i: number): number => (st.base >= 0 ? st.base + i : 0);
  let end = to;
  while (end < str.length && !isSep(str[end])) end++;
  st.errors.push({ token: str.slice(from, end), message, start: at(from), end: at(end) });
}

/** After OpenSSL gave up on an item, classify its remaining words (no effect on the result). */
function noteRest(str: string, from: number, st: RunState, words: CipherWord[]): void {
  if (st.base < 0) return;
  let l = from;
  const n = str.length;
  for (;;) {
    const ws = l;
    while (l < n && !isSep(str[l]) && !'+!@'.includes(str[l])) l++;
    if (l === ws) return;
    const w = str.slice(ws, l);
    const cls = classify(w, st.eng);
    words.push({ text: w, start: st.base + ws, end: st.base + l, kind: cls.kind, suite: cls.suite });
    if (str[l] !== '+') return;
    l++;
  }
}

/** Combine one word's pattern into the item's (OpenSSL's bitwise AND per field). False when empty. */
function mergeInto(p: Pattern, src: Pattern, isSuite: boolean): boolean {
  if (src.kx) {
    p.kx = p.kx ? p.kx & src.kx : src.kx;
    if (!p.kx) return false;
  }
  if (src.au) {
    p.au = p.au ? p.au & src.au : src.au;
    if (!p.au) return false;
  }
  if (src.enc) {
    p.enc = p.enc ? p.enc & src.enc : src.enc;
    if (!p.enc) return false;
  }
  if (src.mac) {
    p.mac = p.mac ? p.mac & src.mac : src.mac;
    if (!p.mac) return false;
  }
  if (src.strength & STRONG_MASK) {
    if (p.strength & STRONG_MASK) {
      p.strength &= (src.strength & STRONG_MASK) | ~STRONG_MASK;
      if (!(p.strength & STRONG_MASK)) return false;
    } else {
      // OpenSSL assigns here, dropping a COMPLEMENTOFDEFAULT seen earlier in the item.
      p.strength = src.strength & STRONG_MASK;
    }
  }
  if (src.strength & DEFAULT_MASK) {
    if (p.strength & DEFAULT_MASK) {
      p.strength &= (src.strength & DEFAULT_MASK) | ~DEFAULT_MASK;
      if (!(p.strength & DEFAULT_MASK)) return false;
    } else {
      p.strength |= src.strength & DEFAULT_MASK;
    }
  }
  // An explicit suite's protocol version does not become part of the pattern; an alias's does.
  if (!isSuite && src.minTls) {
    if (p.minTls !== 0 && p.minTls !== src.minTls) return false;
    p.minTls = src.minTls;
  }
  return true;
}

function exclusionReason(s: Entry, level: number, opts: ExpandOptions, versions: readonly Protocol[]): ExclusionReason | undefined {
  if (!opts.psk && (s.kx & PSK_KX || s.au & a.aPSK)) return 'psk';
  if (!opts.srp && (s.kx & k.kSRP || s.au & a.aSRP)) return 'srp';
  if (!versions.some((v) => s.minTls <= PROTO_CODE[v] && PROTO_CODE[v] <= PROTO_CODE[s.suite.maxProtocol])) return 'protocol';
  if (level > 0) {
    const minBits = MIN_BITS[level];
    if (
      s.bits < minBits ||
      s.au & a.aNULL ||
      s.mac & m.MD5 ||
      (minBits > 160 && s.mac & m.SHA1) ||
      (level >= 2 && s.enc === e.RC4) ||
      (level >= 3 && !(s.kx & FORWARD_SECRET_KX))
    ) {
      return 'security-level';
    }
  }
  return undefined;
}

export interface VersionRange {
  min: Protocol;
  max: Protocol;
}

/** Highest first, as OpenSSL walks its version table. */
const VERSION_TABLE: readonly Protocol[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1', 'SSLv3'];

/**
 * The protocol range OpenSSL 3.0 (Debian: built without SSLv3) actually uses for a set of enabled
 * versions at a security level (ssl_get_min_max_version): versions the level forbids count as disabled
 * (level 2: SSLv3, 3: also TLSv1, 4+: also TLSv1.1), and when the enabled versions have a gap, the
 * lowest contiguous run wins (`TLSv1 TLSv1.3` means TLS 1.0 only). Undefined: no version at all.
 */
export function effectiveProtocolRange(
  protocols: readonly Protocol[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
  securityLevel = 2,
): VersionRange | undefined {
  const level = clampLevel(securityLevel);
  const enabled = new Set(protocols);
  let hole = true;
  let max: Protocol | undefined;
  let min: Protocol | undefined;
  for (const v of VERSION_TABLE) {
    const allowed =
      v !== 'SSLv3' && // not compiled into Debian's OpenSSL 3.0 (elsewhere, level 2+ forbids it)
      enabled.has(v) &&
      !(level >= 3 && v === 'TLSv1') &&
      !(level >= 4 && v === 'TLSv1.1');
    if (!allowed) {
      hole = true;
    } else if (!hole) {
      min = v;
    } else {
      max = v;
      min = v;
      hole = false;
    }
  }
  return max && min ? { min, max } : undefined;
}

/**
 * The versions a server with these enabled versions accepts at a security level: each on its own
 * (no contiguity rule, unlike a client), minus what the level forbids and what Debian's build lacks.
 */
export function serverProtocolVersions(
  protocols: readonly Protocol[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
  securityLevel = 2,
): Protocol[] {
  const level = clampLevel(securityLevel);
  return VERSION_TABLE.filter(
    (v) => v !== 'SSLv3' && protocols.includes(v) && !(level >= 3 && v === 'TLSv1') && !(level >= 4 && v === 'TLSv1.1'),
  ).reverse();
}

/** Every version from min to max of a range (none for undefined). */
function versionsOf(range: VersionRange | undefined): Protocol[] {
  if (!range) return [];
  return [...VERSION_TABLE].reverse().filter((v) => PROTO_CODE[v] >= PROTO_CODE[range.min] && PROTO_CODE[v] <= PROTO_CODE[range.max]);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Expand an OpenSSL cipher string (TLS <= 1.2 suites) as OpenSSL 3.0 on Debian does.
 * `configured` is SSL_CTX_set_cipher_list's list; `ciphers` what a handshake can use of it.
 */
export function expandCipherString(str: string, options: ExpandOptions = {}): CipherExpansion {
  const eng = engineFor(DEBIAN_3_0);
  const list = new OrderList(eng.entries, eng.initialOrder);
  const st: RunState = {
    list,
    eng,
    level: clampLevel(options.securityLevel ?? 2),
    tokens: [],
    errors: [],
    base: 0,
  };

  let rules = str;
  const sb = suiteBRewrite(str);
  if (sb) {
    rules = sb.rules;
    st.base = -1; // the words processed are not the caller's text
    const w = sb.mode!;
    st.tokens.push({
      text: w,
      start: 0,
      end: w.length,
      op: '',
      words: [{ text: w, start: 0, end: w.length, kind: 'alias' }],
      applied: true,
      selects: sb.rules.split(':').length,
    });
  }

  let ok = true;
  let rest = rules;
  let restBase = 0;
  if (rules.startsWith('DEFAULT')) {
    const saveBase = st.base;
    st.base = -1;
    ok = processRules(DEFAULT_CIPHER_STRING, st);
    st.base = saveBase;
    if (saveBase >= 0) {
      st.tokens.push({
        text: 'DEFAULT',
        start: 0,
        end: 7,
        op: '',
        words: [{ text: 'DEFAULT', start: 0, end: 7, kind: 'alias' }],
        applied: true,
        selects: eng.entries.filter((x) => x.suite.inDefault && !x.suite.nullEncryption).length,
      });
    }
    restBase = rules[7] === ':' ? 8 : 7;
    rest = rules.slice(restBase);
  }
  if (ok && rest.length > 0) {
    if (st.base >= 0) st.base = restBase;
    ok = processRules(rest, st);
  }

  const result: CipherExpansion = {
    ciphers: [],
    configured: [],
    excluded: [],
    unmatched: [],
    unknown: [],
    unavailable: [],
    tls13Names: [],
    errors: st.errors,
    noCipherMatch: false,
    securityLevel: st.level,
    suiteB: sb?.mode,
    tokens: st.tokens,
  };
  for (const t of st.tokens) {
    for (const w of t.words) {
      if (w.kind === 'unknown') result.unknown.push(w.text);
      else if (w.kind === 'unavailable') result.unavailable.push(w.text);
      else if (w.kind === 'tls13-suite') result.tls13Names.push(w.text);
    }
    const allKnown = t.words.length > 0 && t.words.every((w) => w.kind === 'suite' || w.kind === 'alias');
    if (t.op !== '@' && allKnown && t.selects === 0) result.unmatched.push(t.text);
  }
  result.unknown = uniq(result.unknown);
  result.unavailable = uniq(result.unavailable);
  result.tls13Names = uniq(result.tls13Names);
  result.unmatched = uniq(result.unmatched);
  if (!ok || st.errors.length) return result;

  const active = list.activeEntries();
  result.configured = active.map((x) => x.suite);
  if (active.length === 0) {
    result.noCipherMatch = true;
    return result;
  }
  const versions = options.side === 'server' ? serverProtocolVersions(options.protocols, st.level) : versionsOf(effectiveProtocolRange(options.protocols, st.level));
  for (const x of active) {
    const why = exclusionReason(x, st.level, options, versions);
    if (why) result.excluded.push({ suite: x.suite, reason: why });
    else result.ciphers.push(x.suite);
  }
  return result;
}

export interface Tls13Expansion {
  /** The TLS 1.3 suites, in the order given. */
  ciphers: CipherSuite[];
  /** Names OpenSSL does not know as suites (ignored). */
  unknown: string[];
  /** TLS <= 1.2 suites given by IANA name: OpenSSL 3.0 accepts them here although they do nothing for TLS 1.3. */
  misplaced: CipherSuite[];
  /** OpenSSL rejects the value: "no cipher match" (non-empty value without one suite). */
  noCipherMatch: boolean;
}

/**
 * Parse a TLS 1.3 `Ciphersuites` value (SSL_CTX_set_ciphersuites): colon-separated IANA names,
 * whitespace around names ignored, unknown names skipped, an empty value allowed (no TLS 1.3 suites).
 */
export function expandCiphersuites(str: string = DEFAULT_TLS13_CIPHERSUITES): Tls13Expansion {
  const out: Tls13Expansion = { ciphers: [], unknown: [], misplaced: [], noCipherMatch: false };
  if (str === '') return out;
  for (const raw of str.split(':')) {
    const name = raw.replace(/^[\s]+|[\s]+$/g, '');
    if (!name) continue;
    const t13 = tls13ByName.get(name);
    if (t13) {
      if (t13.available) out.ciphers.push(t13);
      continue;
    }
    const other = suiteByIanaName(name);
    if (other) out.misplaced.push(other);
    else out.unknown.push(name);
  }
  out.noCipherMatch = out.ciphers.length + out.misplaced.length === 0;
  return out;
}

/** Every name a cipher string may use in this build: aliases and available suite names (for completion). */
export function knownCipherStringNames(): { aliases: string[]; suites: string[] } {
  const eng = engineFor(DEBIAN_3_0);
  const aliases: string[] = [];
  const suites: string[] = [];
  for (const [name, v] of eng.lookup) (v.entry ? suites : aliases).push(name);
  return { aliases, suites };
}

/** Aliases OpenSSL 3.0 defines that this build cannot use (RC4, IDEA, SEED, GOST…). */
export function unavailableAliases(): string[] {
  return [...engineFor(DEBIAN_3_0).missingAliases];
}
