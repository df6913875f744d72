// The effective TLS policy of Squid, per root: one record per listening port that speaks TLS (or could:
// every `http_port`/`https_port` is listed, `tls` says whether TLS is in effect) and one per outgoing TLS
// context (`tls_outgoing_options`, each `cache_peer … tls`), with every option kept as written (its
// argument and the exact range of its value) and the values Squid derives from them: protocols,
// cipher string, certificates with their keys, DH parameters and curve, session tickets, verification.
// Defaults follow the target Squid and OpenSSL versions (settings.targets); each derived value says
// where it comes from (the options, or the default and why).
//
// Facts (Squid 5.7 and 6.x sources: src/cache_cf.cc parse_port_option, src/security/PeerOptions.cc,
// ServerOptions.cc, src/cf.data.pre):
// - Port options: `tls-<name>` is PeerOptions/ServerOptions' `<name>`; the old spellings `cert=`, `key=`,
//   `version=`, `options=`, `cipher=`, `clientca=`, `cafile=`, `capath=`, `crlfile=`, `dhparams=`,
//   `sslflags=`, `sslcontext=` are still read (some with an UPGRADE WARNING).
// - `key=` pairs with the `cert=` before it; without one the certificate file must also hold the key.
//   With OpenSSL only the first `tls-cert=` is used ("OpenSSL does not support multiple server
//   certificates. Ignoring additional cert= parameters").
// - `tls-min-version=1.N` adds NO_TLSv1…; any other value is ignored with "WARNING: Unknown TLS minimum
//   version". Without it the old `version=` (3–6) still limits protocols; otherwise OpenSSL's own range
//   applies. `options=` flags remove versions (NO_SSLv3, NO_TLSv1, NO_TLSv1_1, NO_TLSv1_2, NO_TLSv1_3).
// - No `cipher=`: Squid does not set a list, so OpenSSL's DEFAULT applies.
// - Session tickets are on unless `options=` holds NO_TICKET (Squid never rotates the ticket key).
// - `tls_outgoing_options` defaults to `min-version=1.0`; several lines add up, later values win.
// - `generate-host-certificates` is on by default on ssl-bump ports.

import type { Range } from '../../types';
import type { Arg, Directive } from '../../syntax/tree';
import { optionValue } from '../../syntax/squid';
import { detached } from '../../syntax/text';
import type { Item, RootContext, Workspace } from '../workspace';
import { opensslSupports, type ProtocolName } from '../../tls/protocols';
import { lookupTable } from '../../lookup';

/** One option argument (`tls-cert=/etc/squid/proxy.pem`, `ssl-bump`, `tls`). */
export interface SquidOption {
  /** Squid's own name for it (PeerOptions / ServerOptions: `cert`, `key`, `min-version`, `options`, `cipher`, `cafile`, `dh`, `flags`…), lower case. */
  key: string;
  /** The name as written (`tls-cert`, `cert`, `sslcert`). */
  written: string;
  arg: Arg;
  /** The value after `=`, as a synthetic Arg covering exactly that part; absent for bare options. */
  value?: Arg;
  item: Item;
}

/** A certificate and the key Squid pairs with it. */
export interface SquidCertificate {
  cert: SquidOption;
  /** `tls-key=` after it; absent when the certificate file must hold the key too. */
  key?: SquidOption;
  /** With OpenSSL, certificates after the first are ignored. */
  ignored: boolean;
}

/** A flag of `options=` or `flags=` with its exact range. */
export interface SquidFlag {
  name: string;
  /** `-NAME` clears instead of setting. */
  cleared: boolean;
  range: Range;
  option: SquidOption;
}

/** A derived value. Records share the ones that are defaults, so they are read-only. */
export interface Derived<T> {
  readonly value: T;
  /** The options the value comes from (empty: a default applies). */
  readonly from: readonly SquidOption[];
  /** The default that applies, for messages ("OpenSSL's default range"). */
  readonly defaultNote?: string;
}

/**
 * What ports and outgoing contexts share: PeerOptions. The lists are read-only: records that hold
 * nothing of a kind share one empty list, and derived values and protocol lists are shared too.
 */
export interface SquidTlsOptions {
  root: RootContext;
  /** Every option in the order Squid reads them. */
  options: readonly SquidOption[];
  /** The last valid `min-version=`. */
  minVersion?: SquidOption;
  /** `min-version=` values Squid ignores ("Unknown TLS minimum version"). */
  invalidMinVersions: readonly SquidOption[];
  /** The `options=` in effect (the last one) and its flags. */
  sslOptions?: SquidOption;
  optionFlags: readonly SquidFlag[];
  /** Enabled protocol versions, from the target OpenSSL's range narrowed by the options. */
  protocols: Derived<readonly ProtocolName[]>;
  /** `cipher=` in effect; absent: OpenSSL's DEFAULT list. */
  cipher?: SquidOption;
  ciphers: Derived<string>;
  certificates: readonly SquidCertificate[];
  cafiles: readonly SquidOption[];
  /** `flags=` in effect and its flags. */
  flagsOption?: SquidOption;
  flags: readonly SquidFlag[];
  /** Session tickets on (no NO_TICKET). */
  sessionTickets: Derived<boolean>;
}

export interface SquidPort extends SquidTlsOptions {
  item: Item;
  directive: Directive;
  kind: 'http_port' | 'https_port';
  /** The address argument (`3129`, `0.0.0.0:3129`, `[::1]:3129`). */
  address?: Arg;
  host?: string;
  port?: number;
  /** `ssl-bump` (or the deprecated `sslBump`) is set. */
  bump: boolean;
  bumpOption?: SquidOption;
  /** The port speaks TLS with clients: https_port, or an ssl-bump http_port (once it bumps). */
  tls: boolean;
  /**
   * An option Squid hands to PeerOptions (cert, key, min-version, options, cipher, cafile, flags…) is
   * set: Squid then builds a TLS context for the port and requires a certificate, even on a plain
   * http_port ("http_port requires a cert= parameter").
   */
  encrypts: boolean;
  /** `tls-dh=[curve:]file` or `dhparams=file`, split. */
  dh?: { option: SquidOption; curve?: Arg; file?: Arg };
  generateHostCertificates: Derived<boolean>;
  /** For messages and symbols: "https_port 3129", "http_port 3128 (ssl-bump)". */
  label: string;
}

export interface SquidOutgoing extends SquidTlsOptions {
  kind: 'tls_outgoing_options' | 'cache_peer';
  /** The directives that set it (several tls_outgoing_options lines add up); empty for the default. */
  items: Item[];
  /** cache_peer's host. */
  host?: string;
  /** Certificates are verified (no DONT_VERIFY_PEER flag). */
  verify: Derived<boolean>;
  label: string;
}

export interface SquidBumpRule {
  item: Item;
  /** splice, bump, peek, stare, terminate, or the old client-first, server-first, none. */
  action: string;
  actionArg?: Arg;
  acls: Arg[];
}

/**
 * A port line as the listen rules compare them across files (listen-options-conflict,
 * squid-ssl-bump-port-missing): a port of this lint (`linted`), or in a focused lint a port of a file
 * left out of it, summarised when the include graph was made (./focus.ts).
 */
export interface SquidListen {
  host?: string;
  port?: number;
  bump: boolean;
  tls: boolean;
  label: string;
  /** The file the port line is written in. */
  file: string;
  /** The address argument's range (absent when the line has no address). */
  addressRange?: Range;
  /** The port's full record, for ports of this lint. */
  linted?: SquidPort;
}

/** An acl line as the ssl_bump rules read it. */
export interface SquidAcl {
  name: string;
  /** The SslBump steps an `at_step` acl names (SslBump1…SslBump3); undefined for an acl of another type. */
  steps?: number[];
}

/** The acl a directive defines (undefined without a name). */
export function squidAcl(d: Directive): SquidAcl | undefined {
  const name = d.args[0]?.text;
  if (!name) return undefined;
  if ((d.args[1]?.text ?? '').toLowerCase() !== 'at_step') return { name, steps: undefined };
  const steps: number[] = [];
  for (const a of d.args.slice(2)) {
    const m = /^sslbump([1-3])$/i.exec(a.text);
    if (m) steps.push(Number(m[1]));
  }
  return { name, steps };
}

export interface SquidPolicy {
  root: RootContext;
  /** The port lines of the files this lint reads (in a focused lint, not those of left-out files). */
  ports: SquidPort[];
  /** Every port line of the root in load order: `ports` and, in a focused lint, those of left-out files. */
  listens: SquidListen[];
  /** The global outgoing context first (default or set), then each TLS cache_peer. */
  outgoing: SquidOutgoing[];
  bumpRules: SquidBumpRule[];
  sslcrtdProgram?: Item;
  /**
   * acl name → its definitions (`acl step1 at_step SslBump1`), in load order, left-out files' included.
   * Made on first use (only the ssl_bump rules read it).
   */
  readonly acls: Map<string, SquidAcl[]>;
  /** Every item of the root in order (includes expanded; in a focused lint, left-out files are not). */
  items: Item[];
}

/** Old port option spellings and the PeerOptions/ServerOptions name they stand for. */
const PORT_ALIASES = lookupTable<string>({
  cert: 'cert',
  key: 'key',
  version: 'version',
  options: 'options',
  cipher: 'cipher',
  clientca: 'clientca',
  cafile: 'cafile',
  capath: 'capath',
  crlfile: 'crlfile',
  dhparams: 'dhparams',
  sslflags: 'flags',
  sslcontext: 'context',
  'generate-host-certificates': 'generate-host-certificates',
  dynamic_cert_mem_cache_size: 'dynamic_cert_mem_cache_size',
});

/** cache_peer's old `ssl…` spellings. */
const PEER_ALIASES = lookupTable<string>({
  sslcert: 'cert',
  sslkey: 'key',
  sslversion: 'version',
  ssloptions: 'options',
  sslcipher: 'cipher',
  sslcafile: 'cafile',
  sslcapath: 'capath',
  sslcrlfile: 'crlfile',
  sslflags: 'flags',
  ssldomain: 'domain',
});

/** Option keys PeerOptions::parse handles (each turns TLS on for the port or peer). */
const PEER_OPTION_KEYS = new Set(['cert', 'key', 'version', 'min-version', 'options', 'cipher', 'cafile', 'capath', 'crlfile', 'flags', 'default-ca', 'no-default-ca', 'domain', 'no-npn']);

/** The canonical option key of a port argument, or undefined when it is no TLS option. */
export function portOptionKey(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n.startsWith('tls-')) return n.slice(4);
  return PORT_ALIASES[n];
}

export function peerOptionKey(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n.startsWith('tls-')) return n.slice(4);
  return PEER_ALIASES[n];
}

/** An option name as written and Squid's key for it. */
interface OptionName {
  key: string;
  written: string;
}

/**
 * A key function remembered by the name as written: a tree repeats a handful of spellings on every
 * line, and each lookup made a lower-cased copy and a slice (the policy build of squid-1000 allocates
 * 8.8 MB with this, 10.2 MB without). The spelling kept is the first one seen, so the options of every
 * record share one string per spelling instead of each keeping its own slice. Bounded, as names come
 * from the files.
 */
function rememberedNames(keyOf: (name: string) => string | undefined): (name: string) => OptionName | undefined {
  const known = new Map<string, OptionName | null>();
  return (name) => {
    const k = known.get(name);
    if (k !== undefined) return k ?? undefined;
    const key = keyOf(name);
    if (known.size >= 512 || name.length > 64) return key === undefined ? undefined : { key, written: name };
    const own = detached(name);
    const found = key === undefined ? undefined : { key, written: own };
    known.set(own, found ?? null);
    return found;
  };
}

const portName = rememberedNames(portOptionKey);
const peerName = rememberedNames(peerOptionKey);
const outgoingName = rememberedNames((name) => name.toLowerCase());

const TLS_VERSIONS: ProtocolName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const NO_FLAGS = lookupTable<ProtocolName>({ NO_SSLv3: 'SSLv3', NO_TLSv1: 'TLSv1', NO_TLSv1_1: 'TLSv1.1', NO_TLSv1_2: 'TLSv1.2', NO_TLSv1_3: 'TLSv1.3' });

/** The protocol a NO_* option flag disables (Squid compares option names exactly, case included). */
export function protocolOfNoFlag(flag: string): ProtocolName | undefined {
  return NO_FLAGS[flag];
}

/** Characters of an option name (PeerOptions::parseOptions); anything else but `:`/`,` stops Squid. */
export const OPTION_NAME = /^[A-Za-z0-9_]+$/;

/** `tls-min-version=` values Squid understands: 1.0 … 1.3. */
export function parseMinVersion(value: string): ProtocolName | undefined {
  // `1.N` as written, the usual case, read without a regex match (each port's and peer's value is read).
  const digit = value.length === 3 && value[0] === '1' && value[1] === '.' ? value.charCodeAt(2) - 48 : -1;
  if (digit >= 0 && digit <= 3) return TLS_VERSIONS[digit];
  const m = /^1\.([0-3])$/.exec(value.trim());
  return m ? TLS_VERSIONS[Number(m[1])] : undefined;
}

/** The flags of an `options=` / `flags=` value, split on `:` and `,` (Squid's delimiters), each with its range; `-` or `!` clears. */
export function splitFlags(option: SquidOption): SquidFlag[] {
  const v = option.value;
  if (!v) return [];
  let out: SquidFlag[] | undefined;
  const text = v.text;
  for (let at = 0; at < text.length; ) {
    let end = at;
    while (end < text.length && text[end] !== ':' && text[end] !== ',') end++;
    let start = at;
    let cleared = false;
    const sign = text[start];
    if (end > start && (sign === '-' || sign === '!' || sign === '+')) {
      cleared = sign !== '+';
      start++;
    }
    if (end > start) {
      const flag = FlagSpan.make(text.slice(start, end), cleared, option, start);
      // A list of one (the usual `options=NO_TICKET`) is made to measure.
      if (out) out.push(flag);
      else out = [flag];
    }
    at = end + 1;
  }
  return out ?? [];
}

/**
 * A flag whose range is made from its option value's the first time it is read: every port of a tree
 * has its options= flags split, and rules read the ranges of the few they report. Made as an object
 * literal, as SpanArg is (syntax/tree.ts), so that V8 can allocate these long-lived objects old.
 */
class FlagSpan implements SquidFlag {
  declare readonly name: string;
  declare readonly cleared: boolean;
  declare readonly option: SquidOption;
  /** Where the name starts in the value's text. */
  declare private readonly offset: number;
  declare private cachedRange: Range | undefined;

  private constructor() {}

  static make(name: string, cleared: boolean, option: SquidOption, offset: number): FlagSpan {
    return { __proto__: FlagSpan.prototype, name, cleared, option, offset, cachedRange: undefined } as unknown as FlagSpan;
  }

  get range(): Range {
    if (this.cachedRange) return this.cachedRange;
    const v = this.option.value!.range;
    const exact = v.start.line === v.end.line;
    const start = v.start.character + this.offset;
    return (this.cachedRange = exact ? { start: { line: v.start.line, character: start }, end: { line: v.start.line, character: start + this.name.length } } : v);
  }
  set range(r: Range) {
    this.cachedRange = r;
  }
}

/** Whether `name` is set after every flag is applied in order (PeerOptions::parseOptions: `-`/`!` clears, later wins). */
export function flagInEffect(flags: readonly SquidFlag[], name: string): boolean {
  let on = false;
  // (Indexed: asked for every port and peer, often before V8 optimizes it, where for-of allocates.)
  for (let i = 0; i < flags.length; i++) if (flags[i].name === name) on = !flags[i].cleared;
  return on;
}

function optionOf(arg: Arg, item: Item, nameOf: (name: string) => OptionName | undefined): SquidOption | undefined {
  // The key first: most arguments of a cache_peer line are no TLS option, and need no value split off.
  const eq = arg.quoted ? -1 : arg.text.indexOf('=');
  if (eq > 0) {
    const name = nameOf(arg.text.slice(0, eq));
    return name ? { key: name.key, written: name.written, arg, value: optionValue(arg, eq), item } : undefined;
  }
  const name = nameOf(arg.text);
  return name ? { key: name.key, written: name.written, arg, item } : undefined;
}

/**
 * The options of the record being read. They are collected here and copied into a list of their own
 * length when the record is done: a list grown by push keeps room for 17, and records keep their lists
 * for the whole lint.
 */
const reading: SquidOption[] = [];

function readOptions(): readonly SquidOption[] {
  const list = reading.length ? reading.slice() : NONE;
  reading.length = 0;
  return list;
}

/** The one empty list records share for what they hold none of (never added to: see `added`). */
const NONE: readonly never[] = Object.freeze([]);

/** `list` with `x` added: a list of the record's own the first time, instead of the shared NONE. */
function added<T>(list: readonly T[], x: T): readonly T[] {
  if (list === NONE) return [x];
  (list as T[]).push(x);
  return list;
}

const DEFAULT_CIPHERS: Derived<string> = Object.freeze({ value: 'DEFAULT', from: NONE, defaultNote: "OpenSSL's DEFAULT list (no cipher= is set)" });
const TICKETS_ON: Derived<boolean> = Object.freeze({ value: true, from: NONE, defaultNote: 'OpenSSL issues session tickets unless options= holds NO_TICKET' });
const VERIFY_ON: Derived<boolean> = Object.freeze({ value: true, from: NONE, defaultNote: 'Squid verifies server certificates unless flags= holds DONT_VERIFY_PEER' });
const GENERATE_NOTE = 'on by default on ssl-bump ports';
const GENERATE_ON: Derived<boolean> = Object.freeze({ value: true, from: NONE, defaultNote: GENERATE_NOTE });
const GENERATE_OFF: Derived<boolean> = Object.freeze({ value: false, from: NONE, defaultNote: GENERATE_NOTE });
/** Until finish() derives them. */
const NO_PROTOCOLS: Derived<readonly ProtocolName[]> = Object.freeze({ value: NONE, from: NONE });

/*
 * The records are object literals of one fixed shape each, made before their options are read and
 * filled in place: no spread, no Object.assign of a port's own fields onto a copy of its TLS fields,
 * and nothing allocated for what a line does not hold (the policy build of squid-1000, a port and a
 * TLS cache_peer per unit, allocated 22.4 MB before, 8.8 MB now).
 */

function portRecord(item: Item, kind: SquidPort['kind']): SquidPort {
  return {
    root: item.ctx.root,
    options: NONE,
    minVersion: undefined,
    invalidMinVersions: NONE,
    sslOptions: undefined,
    optionFlags: NONE,
    protocols: NO_PROTOCOLS,
    cipher: undefined,
    ciphers: DEFAULT_CIPHERS,
    certificates: NONE,
    cafiles: NONE,
    flagsOption: undefined,
    flags: NONE,
    sessionTickets: TICKETS_ON,
    item,
    directive: item.directive,
    kind,
    address: item.directive.args[0],
    host: undefined,
    port: undefined,
    bump: false,
    bumpOption: undefined,
    tls: false,
    encrypts: false,
    dh: undefined,
    generateHostCertificates: GENERATE_OFF,
    label: '',
  };
}

function peerRecord(item: Item): SquidOutgoing {
  const host = item.directive.args[0]?.text;
  return {
    root: item.ctx.root,
    options: NONE,
    minVersion: undefined,
    invalidMinVersions: NONE,
    sslOptions: undefined,
    optionFlags: NONE,
    protocols: NO_PROTOCOLS,
    cipher: undefined,
    ciphers: DEFAULT_CIPHERS,
    certificates: NONE,
    cafiles: NONE,
    flagsOption: undefined,
    flags: NONE,
    sessionTickets: TICKETS_ON,
    kind: 'cache_peer',
    items: [item],
    host,
    verify: VERIFY_ON,
    label: `cache_peer ${host ?? ''}`.trim(),
  };
}

/** The global outgoing context (no host: it is no peer). */
function outgoingRecord(root: RootContext, items: Item[]): SquidOutgoing {
  return {
    root,
    options: NONE,
    minVersion: undefined,
    invalidMinVersions: NONE,
    sslOptions: undefined,
    optionFlags: NONE,
    protocols: NO_PROTOCOLS,
    cipher: undefined,
    ciphers: DEFAULT_CIPHERS,
    certificates: NONE,
    cafiles: NONE,
    flagsOption: undefined,
    flags: NONE,
    sessionTickets: TICKETS_ON,
    kind: 'tls_outgoing_options',
    items,
    verify: VERIFY_ON,
    label: 'tls_outgoing_options',
  };
}

/** Fold one option into the record, the way PeerOptions::parse does (later values win). */
function absorb(t: SquidTlsOptions, o: SquidOption): void {
  reading.push(o);
  switch (o.key) {
    case 'cert':
      t.certificates = added(t.certificates, { cert: o, ignored: t.certificates.length > 0 });
      break;
    case 'key':
      if (t.certificates.length) t.certificates[t.certificates.length - 1].key = o;
      break;
    case 'min-version':
      if (parseMinVersion(o.value?.text ?? '')) t.minVersion = o;
      else t.invalidMinVersions = added(t.invalidMinVersions, o);
      break;
    case 'options':
      t.sslOptions = o;
      break;
    case 'cipher':
      t.cipher = o;
      break;
    case 'cafile':
      t.cafiles = added(t.cafiles, o);
      break;
    case 'flags':
      t.flagsOption = o;
      break;
  }
}

/** Bits of protocol masks, in the order protocol lists are given. */
const MASKED: readonly ProtocolName[] = ['SSLv3', ...TLS_VERSIONS];
const bitOf = (p: ProtocolName): number => 1 << MASKED.indexOf(p);

/** SSLv3 and the TLS versions the target OpenSSL has, as a mask. */
const supportedByOpenssl = new Map<string, number>();
function supportedMask(openssl: string): number {
  let mask = supportedByOpenssl.get(openssl);
  if (mask === undefined) {
    mask = 0;
    for (const p of MASKED) if (opensslSupports(openssl, p)) mask |= bitOf(p);
    supportedByOpenssl.set(openssl, mask);
  }
  return mask;
}

/** The protocols of a mask, in order: one shared list per mask (records do not change them). */
const protocolLists: (readonly ProtocolName[])[] = [];
function protocolList(mask: number): readonly ProtocolName[] {
  return (protocolLists[mask] ??= Object.freeze(MASKED.filter((p) => mask & bitOf(p))));
}

/** `SSLv3` and the TLS versions from `min` up (tls-min-version= leaves SSLv3 to the NO_* flags). */
function fromMinimum(min: ProtocolName): number {
  let mask = bitOf('SSLv3');
  for (let i = TLS_VERSIONS.indexOf(min); i < TLS_VERSIONS.length; i++) mask |= bitOf(TLS_VERSIONS[i]);
  return mask;
}

/** The default protocols of a kind of record (no option narrows them), one record per note and mask. */
const defaultProtocols = new Map<string, Derived<readonly ProtocolName[]>[]>();
function defaultProtocolsOf(mask: number, note: string): Derived<readonly ProtocolName[]> {
  let byMask = defaultProtocols.get(note);
  if (!byMask) defaultProtocols.set(note, (byMask = []));
  return (byMask[mask] ??= Object.freeze({ value: protocolList(mask), from: NONE, defaultNote: note }));
}

/** Derive protocols, ciphers and tickets once every option is in. */
function finish(t: SquidTlsOptions, openssl: string, defaultMin: ProtocolName | undefined, defaultNote: string): void {
  if (t.sslOptions) t.optionFlags = splitFlags(t.sslOptions);
  if (t.flagsOption) t.flags = splitFlags(t.flagsOption);
  let enabled = supportedMask(openssl);
  let by: SquidOption | undefined;
  const min = t.minVersion ? parseMinVersion(t.minVersion.value!.text) : undefined;
  let version: SquidOption | undefined;
  for (let i = t.options.length - 1; i >= 0 && !version; i--) if (t.options[i].key === 'version') version = t.options[i];
  if (min) {
    enabled &= fromMinimum(min);
    by = t.minVersion;
  } else if (version && /^[3-6]$/.test(version.value?.text ?? '')) {
    // The deprecated version=N picks a single protocol.
    enabled &= bitOf((['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] as ProtocolName[])[Number(version.value!.text) - 3]);
    by = version;
  } else if (defaultMin) enabled &= fromMinimum(defaultMin);
  // Squid applies the flags in order (`-FLAG` clears what an earlier one set): the last mention decides.
  let disabled = 0;
  for (let i = 0; i < t.optionFlags.length; i++) {
    const f = t.optionFlags[i];
    const p = protocolOfNoFlag(f.name);
    if (!p) continue;
    if (f.cleared) disabled &= ~bitOf(p);
    else disabled |= bitOf(p);
  }
  // A NO_* flag in effect names options= as a source, whether or not its version was enabled.
  const noFlag = disabled !== 0;
  enabled &= ~disabled;
  if (by && noFlag) t.protocols = { value: protocolList(enabled), from: [by, t.sslOptions!], defaultNote: undefined };
  else if (by || noFlag) t.protocols = { value: protocolList(enabled), from: [by ?? t.sslOptions!], defaultNote: undefined };
  else t.protocols = defaultProtocolsOf(enabled, defaultNote);
  if (t.cipher) t.ciphers = { value: t.cipher.value?.text ?? '', from: [t.cipher] };
  if (flagInEffect(t.optionFlags, 'NO_TICKET')) t.sessionTickets = { value: false, from: [t.sslOptions!] };
}

/** `ssl-bump` on a port line (or the deprecated `sslBump`). */
export const isBumpFlag = (a: Arg): boolean => (a.text.length === 8 && a.text.toLowerCase() === 'ssl-bump') || a.text === 'sslBump';

/** How messages name a port line: "https_port 3129", "http_port 3128 (ssl-bump)". */
export function portLabel(d: Directive, bump: boolean): string {
  return `${d.name} ${d.args[0]?.text ?? ''}${bump ? ' (ssl-bump)' : ''}`.trim();
}

export const portKind = (d: Directive): SquidPort['kind'] => (d.lname === 'https_port' ? 'https_port' : 'http_port');

function parsePort(item: Item, openssl: string): SquidPort {
  const d = item.directive;
  const t = portRecord(item, portKind(d));
  let generate: Derived<boolean> | undefined;
  reading.length = 0;
  for (let i = 1; i < d.args.length; i++) {
    const a = d.args[i];
    if (isBumpFlag(a)) {
      t.bumpOption = { key: 'ssl-bump', written: a.text, arg: a, item };
      continue;
    }
    const o = optionOf(a, item, portName);
    if (!o) continue;
    absorb(t, o);
    if ((o.key === 'dh' || (o.key === 'dhparams' && !t.dh?.curve)) && o.value) {
      const v = o.value;
      const colon = o.key === 'dh' ? v.text.indexOf(':') : -1;
      if (colon >= 0) {
        const curveText = v.text.slice(0, colon);
        const fileText = v.text.slice(colon + 1);
        t.dh = { option: o, curve: subArg(v, 0, colon, curveText), file: fileText ? subArg(v, colon + 1, v.text.length, fileText) : undefined };
      } else t.dh = { option: o, file: v.text ? v : undefined };
    }
    if (o.key === 'generate-host-certificates') generate = { value: (o.value?.text ?? 'on').toLowerCase() !== 'off', from: [o] };
  }
  const bump = t.bumpOption !== undefined;
  t.options = readOptions();
  finish(t, openssl, undefined, "OpenSSL's default range (no tls-min-version= is set)");
  const { host, port } = parseAddress(t.address?.text ?? '');
  t.host = host;
  t.port = port;
  t.bump = bump;
  t.tls = t.kind === 'https_port' || bump;
  for (const o of t.options) if (PEER_OPTION_KEYS.has(o.key)) t.encrypts = true;
  t.generateHostCertificates = generate ?? (bump ? GENERATE_ON : GENERATE_OFF);
  t.label = portLabel(d, bump);
  return t;
}

/** A part of a value Arg (offsets into its text) with its own range, when the value sits on one line. */
export function subArg(v: Arg, start: number, end: number, text: string): Arg {
  const exact = v.range.start.line === v.range.end.line;
  const range = exact ? { start: { line: v.range.start.line, character: v.range.start.character + start }, end: { line: v.range.start.line, character: v.range.start.character + end } } : v.range;
  return { text, raw: text, range, quoted: false };
}

/** `3128`, `1.2.3.4:3128`, `[::1]:3128`, `host:3128`. */
export function parseAddress(text: string): { host?: string; port?: number } {
  if (isDigits(text)) return { host: undefined, port: Number(text) };
  const m = /^(?:(\[[^\]]*\]|[^:]*):)?(\d+)$/.exec(text);
  if (!m) return {};
  return { host: m[1] || undefined, port: Number(m[2]) };
}

/** A port number alone (`3128`), the usual address: no regex match needed. */
function isDigits(text: string): boolean {
  if (!text.length) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function parsePeer(item: Item, openssl: string): SquidOutgoing | undefined {
  const d = item.directive;
  // Made at the first TLS argument: most peers of a proxy speak plain HTTP.
  let t: SquidOutgoing | undefined;
  reading.length = 0;
  for (let i = 4; i < d.args.length; i++) {
    const a = d.args[i];
    if (a.text.length === 3 && (a.text.toLowerCase() === 'tls' || a.text.toLowerCase() === 'ssl')) {
      t ??= peerRecord(item);
      continue;
    }
    const o = optionOf(a, item, peerName);
    if (!o) continue;
    t ??= peerRecord(item);
    absorb(t, o);
  }
  if (!t) return undefined;
  t.options = readOptions();
  finish(t, openssl, undefined, "OpenSSL's default range (no tls-min-version= is set on this cache_peer)");
  t.verify = verifyOf(t);
  return t;
}

function verifyOf(t: SquidTlsOptions): Derived<boolean> {
  const off = t.flags.some((f) => !f.cleared && f.name.toUpperCase() === 'DONT_VERIFY_PEER');
  return off ? { value: false, from: [t.flagsOption!] } : VERIFY_ON;
}

/** Every Squid root's policy, in root order. */
export function squidPolicies(ws: Workspace): SquidPolicy[] {
  const openssl = ws.settings.targets.openssl;
  const out: SquidPolicy[] = [];
  for (const root of ws.roots) {
    if (root.dialect !== 'squid') continue;
    const items: Item[] = [];
    const ports: SquidPort[] = [];
    const listens: SquidListen[] = [];
    const peers: SquidOutgoing[] = [];
    const outgoingItems: Item[] = [];
    const bumpRules: SquidBumpRule[] = [];
    let sslcrtdProgram: Item | undefined;
    for (const entry of inLoadOrder(ws, root)) {
      if (typeof entry === 'string') {
        // A file a focused lint left out (model/squid/focus.ts: port lines, peers and acls only).
        const summary = ws.focus?.squid?.(entry);
        if (summary) for (const l of summary.listens) listens.push(l);
        continue;
      }
      const item = entry;
      items.push(item);
      const d = item.directive;
      switch (d.lname) {
        case 'http_port':
        case 'https_port': {
          const port = parsePort(item, openssl);
          ports.push(port);
          listens.push({ host: port.host, port: port.port, bump: port.bump, tls: port.tls, label: port.label, file: d.file, addressRange: port.address?.range, linted: port });
          break;
        }
        case 'cache_peer': {
          const p = parsePeer(item, openssl);
          if (p) peers.push(p);
          break;
        }
        case 'tls_outgoing_options':
          outgoingItems.push(item);
          break;
        case 'ssl_bump':
          bumpRules.push({ item, action: (d.args[0]?.text ?? '').toLowerCase(), actionArg: d.args[0], acls: d.args.slice(1) });
          break;
        case 'sslcrtd_program':
          sslcrtdProgram = item;
          break;
      }
    }
    const outgoing = outgoingRecord(root, outgoingItems);
    reading.length = 0;
    for (const item of outgoingItems) {
      for (const a of item.directive.args) {
        const o = optionOf(a, item, outgoingName);
        if (o) absorb(outgoing, o);
      }
    }
    outgoing.options = readOptions();
    finish(outgoing, openssl, 'TLSv1', 'the tls_outgoing_options default min-version=1.0');
    outgoing.verify = verifyOf(outgoing);
    let acls: Map<string, SquidAcl[]> | undefined;
    out.push({
      root,
      ports,
      listens,
      outgoing: [outgoing, ...peers],
      bumpRules,
      sslcrtdProgram,
      get acls() {
        return (acls ??= aclsOf(ws, root));
      },
      items,
    });
  }
  return out;
}

/** The acl definitions of a root by name, in load order (those of files a focused lint left out too). */
function aclsOf(ws: Workspace, root: RootContext): Map<string, SquidAcl[]> {
  const acls = new Map<string, SquidAcl[]>();
  const add = (acl: SquidAcl | undefined): void => {
    if (!acl) return;
    const defs = acls.get(acl.name);
    if (defs) defs.push(acl);
    else acls.set(acl.name, [acl]);
  };
  for (const entry of inLoadOrder(ws, root)) {
    if (typeof entry === 'string') for (const acl of ws.focus?.squid?.(entry)?.acls ?? []) add(acl);
    else if (entry.directive.lname === 'acl') add(squidAcl(entry.directive));
  }
  return acls;
}

/**
 * A root's items in order (Squid has no blocks: everything is in the top context), and in a focused
 * lint the files it left out (their paths), each where its lines would have been.
 */
function* inLoadOrder(ws: Workspace, root: RootContext): Generator<Item | string> {
  for (const c of root.contexts) {
    const skipped = ws.skippedAt.get(c) ?? [];
    let k = 0;
    for (let i = 0; i < c.items.length; i++) {
      while (k < skipped.length && skipped[k].at <= i) yield skipped[k++].file;
      yield c.items[i];
    }
    while (k < skipped.length) yield skipped[k++].file;
  }
}

const cache = new WeakMap<Workspace, SquidPolicy[]>();

/** The policies, computed once per lint. */
export function squid(ws: Workspace): SquidPolicy[] {
  let p = cache.get(ws);
  if (!p) {
    p = squidPolicies(ws);
    cache.set(ws, p);
  }
  return p;
}

/** The root file for findings (undefined for a fragment). */
export function squidRootFile(root: RootContext): string | undefined {
  return root.fragment ? undefined : root.file;
}
