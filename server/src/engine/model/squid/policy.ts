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
import { splitOption } from '../../syntax/squid';
import type { Item, RootContext, Workspace } from '../workspace';
import { opensslSupports, type ProtocolName } from '../../tls/protocols';

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

export interface Derived<T> {
  value: T;
  /** The options the value comes from (empty: a default applies). */
  from: SquidOption[];
  /** The default that applies, for messages ("OpenSSL's default range"). */
  defaultNote?: string;
}

/** What ports and outgoing contexts share: PeerOptions. */
export interface SquidTlsOptions {
  root: RootContext;
  /** Every option in the order Squid reads them. */
  options: SquidOption[];
  /** The last valid `min-version=`. */
  minVersion?: SquidOption;
  /** `min-version=` values Squid ignores ("Unknown TLS minimum version"). */
  invalidMinVersions: SquidOption[];
  /** The `options=` in effect (the last one) and its flags. */
  sslOptions?: SquidOption;
  optionFlags: SquidFlag[];
  /** Enabled protocol versions, from the target OpenSSL's range narrowed by the options. */
  protocols: Derived<ProtocolName[]>;
  /** `cipher=` in effect; absent: OpenSSL's DEFAULT list. */
  cipher?: SquidOption;
  ciphers: Derived<string>;
  certificates: SquidCertificate[];
  cafiles: SquidOption[];
  /** `flags=` in effect and its flags. */
  flagsOption?: SquidOption;
  flags: SquidFlag[];
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
const PORT_ALIASES: Record<string, string> = {
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
};

/** cache_peer's old `ssl…` spellings. */
const PEER_ALIASES: Record<string, string> = {
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
};

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

const TLS_VERSIONS: ProtocolName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const NO_FLAGS: Record<string, ProtocolName> = { NO_SSLv3: 'SSLv3', NO_TLSv1: 'TLSv1', NO_TLSv1_1: 'TLSv1.1', NO_TLSv1_2: 'TLSv1.2', NO_TLSv1_3: 'TLSv1.3' };

/** The protocol a NO_* option flag disables (Squid compares option names exactly, case included). */
export function protocolOfNoFlag(flag: string): ProtocolName | undefined {
  return Object.prototype.hasOwnProperty.call(NO_FLAGS, flag) ? NO_FLAGS[flag] : undefined;
}

/** Characters of an option name (PeerOptions::parseOptions); anything else but `:`/`,` stops Squid. */
export const OPTION_NAME = /^[A-Za-z0-9_]+$/;

/** `tls-min-version=` values Squid understands: 1.0 … 1.3. */
export function parseMinVersion(value: string): ProtocolName | undefined {
  const m = /^1\.([0-3])$/.exec(value.trim());
  return m ? TLS_VERSIONS[Number(m[1])] : undefined;
}

/** The flags of an `options=` / `flags=` value, split on `:` and `,` (Squid's delimiters), each with its range; `-` or `!` clears. */
export function splitFlags(option: SquidOption): SquidFlag[] {
  const v = option.value;
  if (!v) return [];
  const out: SquidFlag[] = [];
  const exact = v.range.start.line === v.range.end.line;
  const re = /[^:,]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v.text))) {
    let name = m[0];
    let start = m.index;
    let cleared = false;
    if (name.startsWith('-') || name.startsWith('!') || name.startsWith('+')) {
      cleared = !name.startsWith('+');
      name = name.slice(1);
      start++;
    }
    if (!name) continue;
    const range = exact
      ? { start: { line: v.range.start.line, character: v.range.start.character + start }, end: { line: v.range.start.line, character: v.range.start.character + start + name.length } }
      : v.range;
    out.push({ name, cleared, range, option });
  }
  return out;
}

/** Whether `name` is set after every flag is applied in order (PeerOptions::parseOptions: `-`/`!` clears, later wins). */
export function flagInEffect(flags: SquidFlag[], name: string): boolean {
  let on = false;
  for (const f of flags) if (f.name === name) on = !f.cleared;
  return on;
}

function optionOf(arg: Arg, item: Item, keyOf: (name: string) => string | undefined): SquidOption | undefined {
  const kv = splitOption(arg);
  if (kv) {
    const key = keyOf(kv.key);
    return key ? { key, written: kv.key, arg, value: kv.value, item } : undefined;
  }
  const key = keyOf(arg.text);
  return key ? { key, written: arg.text, arg, item } : undefined;
}

function emptyTls(root: RootContext): SquidTlsOptions {
  return {
    root,
    options: [],
    invalidMinVersions: [],
    optionFlags: [],
    protocols: { value: [], from: [] },
    ciphers: { value: 'DEFAULT', from: [] },
    certificates: [],
    cafiles: [],
    flags: [],
    sessionTickets: { value: true, from: [] },
  };
}

/**
 * A port's or peer's record: the fields of its TLS options, then its own. Made from a literal of fixed
 * shape, not a spread of the options: the spread records took a slow path each (a tenth of a keystroke
 * lint in a Squid tree went to building 800 of them, and as much again to collecting their garbage).
 */
function withTls<X extends object>(t: SquidTlsOptions, own: X): SquidTlsOptions & X {
  const record: SquidTlsOptions = {
    root: t.root,
    options: t.options,
    minVersion: t.minVersion,
    invalidMinVersions: t.invalidMinVersions,
    sslOptions: t.sslOptions,
    optionFlags: t.optionFlags,
    protocols: t.protocols,
    cipher: t.cipher,
    ciphers: t.ciphers,
    certificates: t.certificates,
    cafiles: t.cafiles,
    flagsOption: t.flagsOption,
    flags: t.flags,
    sessionTickets: t.sessionTickets,
  };
  return Object.assign(record, own);
}

/** Fold one option into the record, the way PeerOptions::parse does (later values win). */
function absorb(t: SquidTlsOptions, o: SquidOption): void {
  t.options.push(o);
  const v = o.value?.text ?? '';
  switch (o.key) {
    case 'cert':
      t.certificates.push({ cert: o, ignored: t.certificates.length > 0 });
      break;
    case 'key':
      if (t.certificates.length) t.certificates[t.certificates.length - 1].key = o;
      break;
    case 'min-version':
      if (parseMinVersion(v)) t.minVersion = o;
      else t.invalidMinVersions.push(o);
      break;
    case 'options':
      t.sslOptions = o;
      break;
    case 'cipher':
      t.cipher = o;
      break;
    case 'cafile':
      t.cafiles.push(o);
      break;
    case 'flags':
      t.flagsOption = o;
      break;
  }
}

const supportedByOpenssl = new Map<string, readonly ProtocolName[]>();

/** SSLv3 and the TLS versions the target OpenSSL has (a fresh array each time). */
function supportedVersions(openssl: string): ProtocolName[] {
  let list = supportedByOpenssl.get(openssl);
  if (!list) {
    list = (['SSLv3', ...TLS_VERSIONS] as ProtocolName[]).filter((p) => opensslSupports(openssl, p));
    supportedByOpenssl.set(openssl, list);
  }
  return list.slice();
}

/** Derive protocols, ciphers and tickets once every option is in. */
function finish(t: SquidTlsOptions, openssl: string, defaultMin: ProtocolName | undefined, defaultNote: string): void {
  t.optionFlags = t.sslOptions ? splitFlags(t.sslOptions) : [];
  t.flags = t.flagsOption ? splitFlags(t.flagsOption) : [];
  let enabled: ProtocolName[] = supportedVersions(openssl);
  const from: SquidOption[] = [];
  let note: string | undefined;
  const min = t.minVersion ? parseMinVersion(t.minVersion.value!.text) : undefined;
  const version = t.options.filter((o) => o.key === 'version').pop();
  if (min) {
    enabled = enabled.filter((p) => p === 'SSLv3' || TLS_VERSIONS.indexOf(p) >= TLS_VERSIONS.indexOf(min));
    from.push(t.minVersion!);
  } else if (version && /^[3-6]$/.test(version.value?.text ?? '')) {
    // The deprecated version=N picks a single protocol.
    const only = (['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] as ProtocolName[])[Number(version.value!.text) - 3];
    enabled = enabled.filter((p) => p === only);
    from.push(version);
  } else if (defaultMin) {
    enabled = enabled.filter((p) => p === 'SSLv3' || TLS_VERSIONS.indexOf(p) >= TLS_VERSIONS.indexOf(defaultMin));
    note = defaultNote;
  } else note = defaultNote;
  // Squid applies the flags in order (`-FLAG` clears what an earlier one set): the last mention decides.
  const disabled = [...new Set(t.optionFlags.map((f) => f.name))].filter((n) => protocolOfNoFlag(n) && flagInEffect(t.optionFlags, n)).map((n) => protocolOfNoFlag(n)!);
  if (disabled.length) {
    enabled = enabled.filter((p) => !disabled.includes(p));
    from.push(t.sslOptions!);
  }
  t.protocols = { value: enabled, from, defaultNote: from.length ? undefined : note };
  t.ciphers = t.cipher ? { value: t.cipher.value?.text ?? '', from: [t.cipher] } : { value: 'DEFAULT', from: [], defaultNote: "OpenSSL's DEFAULT list (no cipher= is set)" };
  const noTicket = flagInEffect(t.optionFlags, 'NO_TICKET');
  t.sessionTickets = noTicket ? { value: false, from: [t.sslOptions!] } : { value: true, from: [], defaultNote: 'OpenSSL issues session tickets unless options= holds NO_TICKET' };
}

/** `ssl-bump` on a port line (or the deprecated `sslBump`). */
export const isBumpFlag = (a: Arg): boolean => a.text.toLowerCase() === 'ssl-bump' || a.text === 'sslBump';

/** How messages name a port line: "https_port 3129", "http_port 3128 (ssl-bump)". */
export function portLabel(d: Directive, bump: boolean): string {
  return `${d.name} ${d.args[0]?.text ?? ''}${bump ? ' (ssl-bump)' : ''}`.trim();
}

export const portKind = (d: Directive): SquidPort['kind'] => (d.lname === 'https_port' ? 'https_port' : 'http_port');

function parsePort(item: Item, openssl: string): SquidPort {
  const d = item.directive;
  const kind = portKind(d);
  const t = emptyTls(item.ctx.root);
  const address = d.args[0];
  let bumpOption: SquidOption | undefined;
  let dh: SquidPort['dh'];
  let generate: Derived<boolean> | undefined;
  for (const a of d.args.slice(1)) {
    if (isBumpFlag(a)) {
      bumpOption = { key: 'ssl-bump', written: a.text, arg: a, item };
      continue;
    }
    const o = optionOf(a, item, portOptionKey);
    if (!o) continue;
    absorb(t, o);
    if ((o.key === 'dh' || (o.key === 'dhparams' && !dh?.curve)) && o.value) {
      const v = o.value;
      const colon = o.key === 'dh' ? v.text.indexOf(':') : -1;
      if (colon >= 0) {
        const curveText = v.text.slice(0, colon);
        const fileText = v.text.slice(colon + 1);
        dh = { option: o, curve: subArg(v, 0, colon, curveText), file: fileText ? subArg(v, colon + 1, v.text.length, fileText) : undefined };
      } else dh = { option: o, file: v.text ? v : undefined };
    }
    if (o.key === 'generate-host-certificates') generate = { value: (o.value?.text ?? 'on').toLowerCase() !== 'off', from: [o] };
  }
  const bump = !!bumpOption;
  finish(t, openssl, undefined, "OpenSSL's default range (no tls-min-version= is set)");
  const { host, port } = parseAddress(address?.text ?? '');
  return withTls(t, {
    item,
    directive: d,
    kind,
    address,
    host,
    port,
    bump,
    bumpOption,
    tls: kind === 'https_port' || bump,
    encrypts: t.options.some((o) => PEER_OPTION_KEYS.has(o.key)),
    dh,
    generateHostCertificates: generate ?? { value: bump, from: [], defaultNote: 'on by default on ssl-bump ports' },
    label: portLabel(d, bump),
  });
}

/** A part of a value Arg (offsets into its text) with its own range, when the value sits on one line. */
export function subArg(v: Arg, start: number, end: number, text: string): Arg {
  const exact = v.range.start.line === v.range.end.line;
  const range = exact ? { start: { line: v.range.start.line, character: v.range.start.character + start }, end: { line: v.range.start.line, character: v.range.start.character + end } } : v.range;
  return { text, raw: text, range, quoted: false };
}

/** `3128`, `1.2.3.4:3128`, `[::1]:3128`, `host:3128`. */
export function parseAddress(text: string): { host?: string; port?: number } {
  const m = /^(?:(\[[^\]]*\]|[^:]*):)?(\d+)$/.exec(text);
  if (!m) return {};
  return { host: m[1] || undefined, port: Number(m[2]) };
}

function parsePeer(item: Item, openssl: string): SquidOutgoing | undefined {
  const d = item.directive;
  const t = emptyTls(item.ctx.root);
  let tls = false;
  for (const a of d.args.slice(4)) {
    const lower = a.text.toLowerCase();
    if (lower === 'tls' || lower === 'ssl') {
      tls = true;
      continue;
    }
    const o = optionOf(a, item, peerOptionKey);
    if (!o) continue;
    tls = true;
    absorb(t, o);
  }
  if (!tls) return undefined;
  finish(t, openssl, undefined, "OpenSSL's default range (no tls-min-version= is set on this cache_peer)");
  const verify = verifyOf(t);
  return withTls(t, { kind: 'cache_peer' as const, items: [item], host: d.args[0]?.text, verify, label: `cache_peer ${d.args[0]?.text ?? ''}`.trim() });
}

function verifyOf(t: SquidTlsOptions): Derived<boolean> {
  const off = t.flags.some((f) => !f.cleared && f.name.toUpperCase() === 'DONT_VERIFY_PEER');
  return off ? { value: false, from: [t.flagsOption!] } : { value: true, from: [], defaultNote: 'Squid verifies server certificates unless flags= holds DONT_VERIFY_PEER' };
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
    const global = emptyTls(root);
    for (const item of outgoingItems) {
      for (const a of item.directive.args) {
        const o = optionOf(a, item, (n) => n.toLowerCase());
        if (o) absorb(global, o);
      }
    }
    finish(global, openssl, 'TLSv1', 'the tls_outgoing_options default min-version=1.0');
    const outgoing: SquidOutgoing = withTls(global, { kind: 'tls_outgoing_options' as const, items: outgoingItems, verify: verifyOf(global), label: 'tls_outgoing_options' });
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
