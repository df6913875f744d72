// The effective TLS record of every Apache httpd virtual host (and of the main server when it speaks TLS
// itself), after mod_ssl's merge: a value set in the <VirtualHost> wins, else the server config's, else
// the default of the target httpd/OpenSSL. Every value carries its origin (Valued: the item, or a note on
// the default). Conditional sections (<IfModule>…) are looked through when httpd reads their body.
//
// Facts from httpd 2.4's mod_ssl (ssl_engine_config.c, ssl_private.h):
//   - SSLProtocol starts from nothing; a word without +/- replaces the set, `+`/`-` add/remove;
//     `all` is every version the OpenSSL build has (TLSv1–TLSv1.3 with OpenSSL 3; SSLv3 only when built);
//     the default is `all` without SSLv3 (SSL_PROTOCOL_DEFAULT); the last SSLProtocol of a level wins;
//   - SSLCertificateFile/KeyFile accumulate; the vhost's first two knock out the server config's first
//     two (modssl_ctx_cfg_merge_certkeys_array); certificate i pairs with key i, else the key is in the
//     certificate file;
//   - SSLCipherSuite without protocol argument (or `SSL`) is the TLS ≤ 1.2 string (default: OpenSSL's
//     DEFAULT); `SSLCipherSuite TLSv1.3 …` (2.4.36+) the TLS 1.3 suites;
//   - defaults: SSLHonorCipherOrder off, SSLSessionTickets on, SSLCompression off, SSLInsecureRenegotiation
//     off, SSLUseStapling off, SSLStrictSNIVHostCheck off, SSLProxyEngine off, SSLProxyVerify none,
//     SSLProxyCheckPeerName on, SSLProxyCheckPeerCN on, SSLProxyProtocol as SSLProtocol;
//   - mod_headers concatenates the server config's Header directives with the vhost's.

import type { Range } from '../../types';
import type { Arg, Directive } from '../../syntax/tree';
import type { BlockContext, Item, RootContext, Workspace } from '../workspace';
import type { Valued } from '../nginxPolicy';
import { hstsMaxAge } from '../nginxPolicy';
import { opensslSupports, PROTOCOLS, type ProtocolName } from '../../tls/protocols';
import { versionAtLeast } from '../../settings';
import { detached } from '../../syntax/text';
import { APACHE_CONDITIONAL_SECTIONS, argAt, argText, argTexts, levelItems } from './support';
import { lookupTable } from '../../lookup';

export type { Valued };

export interface VhostAddress {
  /** As written: `*:443`, `_default_:443`, `192.0.2.1:443`, `[::1]:443`, `example.com`. */
  text: string;
  host: string;
  /** null: any port (`*`) or none given. */
  port: number | null;
  arg: Arg;
}

export interface ListenEntry {
  item: Item;
  host: string;
  port: number | null;
  /** The protocol argument, or the default: `https` for port 443, else `http`. */
  protocol: string;
  explicitProtocol: boolean;
}

export interface ProtocolToken {
  arg: Arg;
  /** `+`, `-` or none. */
  action: '+' | '-' | '';
  /** The word without its action. */
  word: string;
  /** The versions it names (`all`: every one the build has); undefined for a word httpd rejects. */
  versions?: ProtocolName[];
  /** Why httpd rejects it (its own message), for SSLv2/SSLv3/unknown words. */
  rejected?: string;
}

export interface ParsedProtocols {
  /** The versions httpd enables: with OpenSSL ≥ 1.1.0, the contiguous range below the highest one listed. */
  versions: ProtocolName[];
  /** The versions the words select (before the range is made contiguous). */
  listed: ProtocolName[];
  tokens: ProtocolToken[];
}

export interface ApacheCertificate {
  certificate: Item;
  certificateArg: Arg;
  /** The matching SSLCertificateKeyFile (same index); absent: the key must be in the certificate file. */
  key?: Item;
  keyArg?: Arg;
}

export interface ApacheHsts {
  item: Item;
  value: string;
  maxAge: number | null;
  /** `Header always …` (sent on every response, error responses too). */
  always: boolean;
  /** `set`, `add`, `append`, `merge`, `setifempty`, `unset`, … */
  action: string;
}

export interface ApacheProxyPass {
  item: Item;
  url: string;
  urlArg: Arg;
}

/** The upstream (reverse proxy) TLS settings of one virtual host. */
export interface ApacheProxy {
  engine: Valued<boolean>;
  verify: Valued<string>;
  checkPeerName: Valued<boolean>;
  checkPeerCN: Valued<boolean>;
  protocols: Valued<ProtocolName[]>;
  protocolItem?: Item;
  ciphers: Valued<string>;
  caFile?: Item;
  caPath?: Item;
  /** ProxyPass / ProxyPassMatch / <Proxy https://…> / BalancerMember to https:// URLs in this vhost. */
  httpsPasses: ApacheProxyPass[];
}

export interface ApacheVhost {
  kind: 'virtualhost' | 'main';
  root: RootContext;
  /** The <VirtualHost> context (the root's top level for the main server). */
  ctx: BlockContext;
  /** The <VirtualHost> directive (main server: the SSLEngine directive that makes it TLS). */
  directive: Directive;
  item?: Item;
  addresses: VhostAddress[];
  /** ServerName (scheme and port removed) and ServerAlias names, with the ranges of their arguments. */
  names: { name: string; item: Item; range: Range }[];
  engine: Valued<string>;
  /** SSLEngine on/optional in effect. */
  tls: boolean;
  /** The vhost is reached on a TLS port (443, or a `Listen … https` port). */
  tlsPort: boolean;
  protocols: Valued<ProtocolName[]>;
  /** The SSLProtocol item in effect with its parsed tokens. */
  protocolTokens?: ParsedProtocols;
  ciphers: Valued<string>;
  /** The SSLCipherSuite (TLS ≤ 1.2) in effect, also when an SSLOpenSSLConfCmd CipherString replaces it later (OpenSSL still parses it first). */
  cipherSuite?: Valued<string>;
  /** `SSLCipherSuite TLSv1.3 …` or `SSLOpenSSLConfCmd Ciphersuites …`; absent: OpenSSL's default. */
  tls13Ciphers?: Valued<string>;
  honorOrder: Valued<boolean>;
  certificates: ApacheCertificate[];
  certificateItems: Item[];
  keyItems: Item[];
  chainFile?: Item;
  sessionTickets: Valued<boolean>;
  compression: Valued<boolean>;
  insecureReneg: Valued<boolean>;
  stapling: Valued<boolean>;
  /** SSLStaplingCache (server config only). */
  staplingCache?: Item;
  strictSni: Valued<boolean>;
  /** SSLOpenSSLConfCmd Curves/Groups in effect. */
  groups?: Item;
  dhParameters?: Item;
  /** Header directives naming Strict-Transport-Security (server config first, then the vhost's). */
  hsts: ApacheHsts[];
  proxy: ApacheProxy;
}

export interface ApachePolicies {
  vhosts: ApacheVhost[];
  listens: ListenEntry[];
}

/** The cipher string mod_ssl leaves to OpenSSL when SSLCipherSuite is not set. */
export const APACHE_DEFAULT_CIPHERS = 'DEFAULT';

/**
 * The cipher string mod_ssl hands to OpenSSL for a TLS ≤ 1.2 value: SSLCipherSuite, SSLProxyCipherSuite
 * and `SSLOpenSSLConfCmd CipherString` all get `:!aNULL:!eNULL:!EXP` appended ("always disable null and
 * export ciphers"; httpd's own error message shows the appended text), so `ALL` offers no anonymous suite
 * (checked against httpd 2.4 / OpenSSL 3.0). The default (no directive) goes to OpenSSL as it is.
 */
export function modSslCipherString(v: Valued<string>): string {
  return v.item ? modSslExclusions(v.value) : v.value;
}

/** A cipher string with mod_ssl's `:!aNULL:!eNULL:!EXP` appended. */
export function modSslExclusions(text: string): string {
  return `${text}:!aNULL:!eNULL:!EXP`;
}

/**
 * The array at its length. One grown from empty by push, or made by filter, keeps room for 17 items
 * (184 bytes); the lists of a vhost record mostly hold one or two, and a 10,000-vhost tree has 10,000
 * records of a dozen lists (trimmed, 12 MB less live heap at the end of its lint).
 */
function exact<T>(a: T[]): T[] {
  return a.slice();
}

const allByOpenssl = new Map<string, readonly ProtocolName[]>();

/** Every protocol version `all` stands for with this OpenSSL (a fresh array: callers may keep it). */
export function apacheAllProtocols(openssl: string): ProtocolName[] {
  let all = allByOpenssl.get(openssl);
  if (!all) {
    all = PROTOCOLS.filter((p) => p !== 'SSLv2' && opensslSupports(openssl, p));
    allByOpenssl.set(openssl, all);
  }
  return all.slice();
}

const defaultProtocols = new Map<string, Valued<ProtocolName[]>>();

/**
 * mod_ssl's default SSLProtocol / SSLProxyProtocol: `all` without SSLv3. One record per target OpenSSL,
 * shared by every vhost on the default (read it, never change it).
 */
export function apacheDefaultProtocols(openssl: string): Valued<ProtocolName[]> {
  let v = defaultProtocols.get(openssl);
  if (!v) {
    v = { value: exact(apacheAllProtocols(openssl).filter((p) => p !== 'SSLv3')), defaultNote: 'mod_ssl default (all -SSLv3)' };
    defaultProtocols.set(openssl, v);
  }
  return v;
}

const WORDS = lookupTable<ProtocolName>({ sslv3: 'SSLv3', tlsv1: 'TLSv1', 'tlsv1.1': 'TLSv1.1', 'tlsv1.2': 'TLSv1.2', 'tlsv1.3': 'TLSv1.3' });

const parsedItems = new WeakMap<Item, { openssl: string; parsed: ParsedProtocols }>();

/** A parse of argument texts, without the arguments: what any SSLProtocol with the same words gets. */
interface ProtocolShape {
  versions: ProtocolName[];
  listed: ProtocolName[];
  /** Per argument: `versions`/`rejected` of its token; `removal`: `-SSLv2`, or `-SSLv3` with a build without it (a token with empty versions and no `rejected`). */
  tokens: { action: ProtocolToken['action']; versions?: ProtocolName[]; rejected?: string; removal: boolean }[];
}

/**
 * Shapes by target OpenSSL, directive (0: SSLProtocol, 1: SSLProxyProtocol), then argument texts
 * (NUL-joined): a tree of many vhosts repeats a handful of SSLProtocol lines, and a parse was two Sets
 * and seven arrays. Texts and messages are copies (the table outlives the lint: see detached); bounded,
 * as garbage lines are all different.
 */
const shapes = new Map<string, [Map<string, ProtocolShape>, Map<string, ProtocolShape>]>();
let shapeCount = 0;

/**
 * parseApacheProtocols over an SSLProtocol / SSLProxyProtocol item as its root sees it, once per item
 * and target OpenSSL: the vhost records and the protocol rules read the same items (parsed twice, the
 * 10,000 of the 10k-vhost Apache tree held 7.6 MB more at the end of the lint). Items with the same words
 * share the versions lists (not the tokens: each holds its own argument). Shared: read it, never change it.
 */
export function parsedProtocolsOf(item: Item, openssl: string): ParsedProtocols {
  const known = parsedItems.get(item);
  if (known?.openssl === openssl) return known.parsed;
  const name = item.directive.lname === 'sslproxyprotocol' ? 'SSLProxyProtocol' : 'SSLProtocol';
  const args = item.directive.args.map((a, i) => argAt(item, i) ?? a);
  let key = '';
  for (let i = 0; i < args.length; i++) key = i ? `${key}\u0000${args[i].text}` : args[i].text;
  const proxy = name === 'SSLProxyProtocol' ? 1 : 0;
  let shape = shapes.get(openssl)?.[proxy].get(key);
  if (!shape) {
    shape = protocolShape(args.map((a) => a.text), name, openssl);
    if (key.length <= 1024) {
      if (shapeCount >= 500) {
        shapes.clear();
        shapeCount = 0;
      }
      let byDirective = shapes.get(openssl);
      if (!byDirective) shapes.set(detached(openssl), (byDirective = [new Map(), new Map()]));
      byDirective[proxy].set(detached(key), detachedShape(shape));
      shapeCount++;
    }
  }
  const parsed = withArgs(shape, args);
  parsedItems.set(item, { openssl, parsed });
  return parsed;
}

/** mod_ssl's ssl_cmd_protocol_parse over the arguments of SSLProtocol / SSLProxyProtocol. */
export function parseApacheProtocols(args: Arg[], directiveName: string, openssl: string): ParsedProtocols {
  return withArgs(protocolShape(args.map((a) => a.text), directiveName, openssl), args);
}

/** The parse of a shape's words at these arguments (one per word). */
function withArgs(shape: ProtocolShape, args: Arg[]): ParsedProtocols {
  const tokens: ProtocolToken[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const t = shape.tokens[i];
    const word = t.action ? arg.text.slice(1) : arg.text;
    if (t.removal) tokens.push({ arg, action: t.action, word, versions: [] });
    else tokens.push({ arg, action: t.action, word, versions: t.versions, rejected: t.rejected });
  }
  return { versions: shape.versions, listed: shape.listed, tokens: exact(tokens) };
}

/** A shape made of copies only (see detached). */
function detachedShape(shape: ProtocolShape): ProtocolShape {
  return { ...shape, tokens: shape.tokens.map((t) => (t.rejected === undefined ? t : { ...t, rejected: detached(t.rejected) })) };
}

/** ssl_cmd_protocol_parse over the argument texts. */
function protocolShape(texts: string[], directiveName: string, openssl: string): ProtocolShape {
  const all = apacheAllProtocols(openssl);
  let set = new Set<ProtocolName>();
  const tokens: ProtocolShape['tokens'] = [];
  for (const text of texts) {
    let w = text;
    let action: ProtocolToken['action'] = '';
    if (w.startsWith('+') || w.startsWith('-')) {
      action = w[0] as '+' | '-';
      w = w.slice(1);
    }
    const lw = w.toLowerCase();
    let versions: ProtocolName[] | undefined;
    let rejected: string | undefined;
    if (lw === 'sslv2') {
      if (action === '-') {
        tokens.push({ action, removal: true });
        continue;
      }
      rejected = `${directiveName}: SSLv2 is no longer supported`;
    } else if (lw === 'sslv3' && !all.includes('SSLv3')) {
      if (action === '-') {
        tokens.push({ action, removal: true });
        continue;
      }
      rejected = 'SSLv3 not supported by this version of OpenSSL';
    } else if (lw === 'all') versions = all;
    else if (WORDS[lw] && (WORDS[lw] !== 'TLSv1.3' || all.includes('TLSv1.3'))) versions = [WORDS[lw]];
    else rejected = `${directiveName}: Illegal protocol '${w}'`;
    tokens.push({ action, versions, rejected, removal: false });
    if (!versions) continue;
    if (action === '-') for (const v of versions) set.delete(v);
    else if (action === '+') for (const v of versions) set.add(v);
    else set = new Set(versions);
  }
  return { versions: exact(contiguous(PROTOCOLS.filter((p) => set.has(p)), openssl)), listed: exact(PROTOCOLS.filter((p) => set.has(p))), tokens };
}

/**
 * With OpenSSL ≥ 1.1.0 mod_ssl sets a minimum and a maximum version (ssl_init_ctx_protocol): the highest
 * enabled version, and downwards as long as the next lower one is enabled too ("we do not allow holes
 * between max and min"): `SSLProtocol -all +TLSv1 +TLSv1.2` enables TLS 1.2 only.
 */
function contiguous(versions: ProtocolName[], openssl: string): ProtocolName[] {
  if (!versionAtLeast(openssl, '1.1.0') || versions.length === 0) return versions;
  const order: ProtocolName[] = PROTOCOLS.filter((p) => p !== 'SSLv2');
  let i = order.indexOf(versions[versions.length - 1]);
  const out: ProtocolName[] = [];
  while (i >= 0 && versions.includes(order[i])) out.unshift(order[i--]);
  return out;
}

const CONF_VERSIONS = lookupTable<ProtocolName>({ sslv3: 'SSLv3', tlsv1: 'TLSv1', 'tlsv1.1': 'TLSv1.1', 'tlsv1.2': 'TLSv1.2', 'tlsv1.3': 'TLSv1.3' });

/** `SSLOpenSSLConfCmd MinProtocol|MaxProtocol|Protocol …` applied after SSLProtocol, as OpenSSL's SSL_CONF does. */
export function applyConfProtocols(versions: ProtocolName[], cmds: { cmd: string; value: string }[], openssl: string): ProtocolName[] {
  const all = apacheAllProtocols(openssl);
  let set = new Set(versions);
  for (const { cmd, value } of cmds) {
    const c = cmd.toLowerCase();
    const v = CONF_VERSIONS[value.trim().toLowerCase()];
    // mod_ssl turns SSLProtocol into a min/max range; MinProtocol/MaxProtocol move one end of it (they can
    // widen it: `SSLProtocol TLSv1` with `MaxProtocol TLSv1.3` enables TLS 1.0–1.3, seen with httpd 2.4).
    if ((c === 'minprotocol' || c === 'maxprotocol') && v) {
      const idx = [...set].map((p) => PROTOCOLS.indexOf(p));
      let lo = idx.length ? Math.min(...idx) : PROTOCOLS.indexOf('TLSv1');
      let hi = idx.length ? Math.max(...idx) : PROTOCOLS.indexOf(all[all.length - 1]);
      if (c === 'minprotocol') lo = PROTOCOLS.indexOf(v);
      else hi = PROTOCOLS.indexOf(v);
      set = new Set(all.filter((p) => PROTOCOLS.indexOf(p) >= lo && PROTOCOLS.indexOf(p) <= hi));
    }
    else if (c === 'protocol') {
      for (const raw of value.split(',')) {
        let w = raw.trim();
        const neg = w.startsWith('-');
        if (neg || w.startsWith('+')) w = w.slice(1);
        const names = w.toLowerCase() === 'all' ? all : CONF_VERSIONS[w.toLowerCase()] ? [CONF_VERSIONS[w.toLowerCase()]] : [];
        for (const n of names) {
          if (neg) set.delete(n);
          else set.add(n);
        }
      }
    }
  }
  return PROTOCOLS.filter((p) => set.has(p));
}

// The names vhostOf reads at a level, each with its slot. A level's items are sorted into the slots in
// one pass: a Map of every name a level holds (an array each, DocumentRoot and CustomLog included) was
// made for each of the 10,000 vhosts of a large tree, then asked some thirty questions by string.
// Slots below LIST_SLOTS keep every item of their name (Level.all); the others only the last one
// (Level.last), with no list for it.
const S_LISTEN = 0;
const S_SERVERNAME = 1;
const S_SERVERALIAS = 2;
const S_CONFCMD = 3;
const S_CIPHERSUITE = 4;
const S_CERTIFICATE = 5;
const S_KEY = 6;
const S_HEADER = 7;
const S_PROXY_PASS = 8;
const S_PROXY_PASS_MATCH = 9;
const S_BALANCER_MEMBER = 10;
const LIST_SLOTS = 11;
const S_ENGINE = 11;
const S_PROTOCOL = 12;
const S_PROXY_PROTOCOL = 13;
const S_PROXY_CIPHERSUITE = 14;
const S_HONOR_ORDER = 15;
const S_CHAIN = 16;
const S_TICKETS = 17;
const S_COMPRESSION = 18;
const S_INSECURE_RENEG = 19;
const S_STAPLING = 20;
const S_STAPLING_CACHE = 21;
const S_STRICT_SNI = 22;
const S_PROXY_ENGINE = 23;
const S_PROXY_VERIFY = 24;
const S_PROXY_PEER_NAME = 25;
const S_PROXY_PEER_CN = 26;
const S_PROXY_CA_FILE = 27;
const S_PROXY_CA_PATH = 28;

const SLOTS = new Map<string, number>([
  ['listen', S_LISTEN], ['servername', S_SERVERNAME], ['serveralias', S_SERVERALIAS], ['sslopensslconfcmd', S_CONFCMD], ['sslciphersuite', S_CIPHERSUITE],
  ['sslcertificatefile', S_CERTIFICATE], ['sslcertificatekeyfile', S_KEY], ['header', S_HEADER], ['proxypass', S_PROXY_PASS],
  ['proxypassmatch', S_PROXY_PASS_MATCH], ['balancermember', S_BALANCER_MEMBER],
  ['sslengine', S_ENGINE], ['sslprotocol', S_PROTOCOL], ['sslproxyprotocol', S_PROXY_PROTOCOL], ['sslproxyciphersuite', S_PROXY_CIPHERSUITE],
  ['sslhonorcipherorder', S_HONOR_ORDER], ['sslcertificatechainfile', S_CHAIN], ['sslsessiontickets', S_TICKETS], ['sslcompression', S_COMPRESSION],
  ['sslinsecurerenegotiation', S_INSECURE_RENEG], ['sslusestapling', S_STAPLING], ['sslstaplingcache', S_STAPLING_CACHE],
  ['sslstrictsnivhostcheck', S_STRICT_SNI], ['sslproxyengine', S_PROXY_ENGINE], ['sslproxyverify', S_PROXY_VERIFY],
  ['sslproxycheckpeername', S_PROXY_PEER_NAME], ['sslproxycheckpeercn', S_PROXY_PEER_CN], ['sslproxycacertificatefile', S_PROXY_CA_FILE],
  ['sslproxycacertificatepath', S_PROXY_CA_PATH],
]);

/** The answer for a name a level does not set (shared: never handed out to be kept or changed). */
const NONE: readonly Item[] = [];

/**
 * The items of the slotted names at one level, in order: its own and those of the conditional sections
 * read inside it (levelItems' walk, without its list).
 */
class Level {
  /** By slot: the list of items (below LIST_SLOTS), else the last item. */
  private readonly slots: (Item[] | Item | undefined)[] = new Array<Item[] | Item | undefined>(SLOTS.size).fill(undefined);

  constructor(ctx: BlockContext | undefined) {
    if (ctx) this.sortLevel(ctx);
  }

  /**
   * The level of another context, in this object: apachePolicies reads one vhost level at a time and
   * keeps none (what a record keeps of a level's lists is copied), so one scratch level serves them all.
   */
  reset(ctx: BlockContext | undefined): this {
    this.slots.fill(undefined);
    if (ctx) this.sortLevel(ctx);
    return this;
  }

  private add(it: Item, k: number): void {
    if (k >= LIST_SLOTS) {
      this.slots[k] = it;
      return;
    }
    const l = this.slots[k] as Item[] | undefined;
    if (l) l.push(it);
    else this.slots[k] = [it];
  }

  private sortLevel(ctx: BlockContext): void {
    // Explicit stack, made only when a conditional section is met (any depth, as levelItems).
    let stack: (Item[] | number)[] | undefined;
    let list = ctx.items;
    let i = 0;
    for (;;) {
      if (i >= list.length) {
        if (!stack?.length) return;
        i = stack.pop() as number;
        list = stack.pop() as Item[];
        continue;
      }
      const it = list[i++];
      if (it.block && APACHE_CONDITIONAL_SECTIONS.has(it.directive.lname)) {
        (stack ??= []).push(list, i);
        list = it.block.items;
        i = 0;
        continue;
      }
      const k = SLOTS.get(it.directive.lname);
      if (k !== undefined) this.add(it, k);
    }
  }

  /** The items of a list slot. */
  all(slot: number): readonly Item[] {
    return (this.slots[slot] as Item[] | undefined) ?? NONE;
  }

  /** The last item of a slot. */
  last(slot: number): Item | undefined {
    const v = this.slots[slot];
    if (slot >= LIST_SLOTS || v === undefined) return v as Item | undefined;
    const l = v as Item[];
    return l[l.length - 1];
  }
}

/** A level's SSLOpenSSLConfCmd items by command, sorted in one pass (each item's command read once). */
interface ConfCmds {
  /** The last CipherString, Ciphersuites, Curves or Groups, DHParameters command. */
  cipherString?: Item;
  ciphersuites?: Item;
  groups?: Item;
  dhParameters?: Item;
  /** Every MinProtocol, MaxProtocol and Protocol command, in order. */
  protocol: readonly Item[];
  /** Every Options command, in order. */
  options: readonly Item[];
}

function confCmds(level: Level): ConfCmds {
  const out: ConfCmds = { protocol: NONE, options: NONE };
  let protocol: Item[] | undefined;
  let options: Item[] | undefined;
  for (const it of level.all(S_CONFCMD)) {
    const cmd = (argText(it.directive, it.ctx.root, 0) ?? '').toLowerCase();
    if (cmd === 'cipherstring') out.cipherString = it;
    else if (cmd === 'ciphersuites') out.ciphersuites = it;
    else if (cmd === 'curves' || cmd === 'groups') out.groups = it;
    else if (cmd === 'dhparameters') out.dhParameters = it;
    else if (cmd === 'minprotocol' || cmd === 'maxprotocol' || cmd === 'protocol') (protocol ??= []).push(it);
    else if (cmd === 'options') (options ??= []).push(it);
  }
  if (protocol) out.protocol = protocol;
  if (options) out.options = options;
  return out;
}

/** The server config of one root, read once for all its vhosts. */
interface ServerConfig {
  level: Level;
  listens: ListenEntry[];
  /** Ports a `Listen … https` names. */
  httpsPorts: Set<number>;
  conf: ConfCmds;
  ciphers: { tls12?: Item; tls13?: Item };
}

function serverConfig(root: RootContext): ServerConfig {
  const level = new Level(root.main);
  const listens = level.all(S_LISTEN).map(parseListen).filter((l): l is ListenEntry => l !== undefined);
  const httpsPorts = new Set(listens.filter((l) => l.protocol === 'https' && l.port !== null).map((l) => l.port!));
  return { level, listens, httpsPorts, conf: confCmds(level), ciphers: cipherItems(level) };
}

/** The two lists one after the other (NONE when both are empty: only read, never kept). */
function both(a: readonly Item[], b: readonly Item[]): readonly Item[] {
  return a.length === 0 ? b : b.length === 0 ? a : a.concat(b);
}

/**
 * One record for each on/off default, shared by the vhosts it applies to (records are read, never
 * changed): made by a template per record, the four defaults of each of the 10,000 vhosts of a large
 * tree held 80,000 concatenation pieces (2.6 MB), and then 40,000 records alike.
 */
const onOffDefaults = new Map<string, { on: Valued<boolean>; off: Valued<boolean> }>();

function onOffDefault(what: string, dflt: boolean): Valued<boolean> {
  let d = onOffDefaults.get(what);
  if (!d) onOffDefaults.set(what, (d = { on: { value: true, defaultNote: `${what} default: on` }, off: { value: false, defaultNote: `${what} default: off` } }));
  return dflt ? d.on : d.off;
}

function onOff(it: Item | undefined, dflt: boolean, what: string): Valued<boolean> {
  if (!it) return onOffDefault(what, dflt);
  const v = (argText(it.directive, it.ctx.root, 0) ?? '').toLowerCase();
  return { value: v === 'on' || v === 'true' || v === 'optional', item: it };
}

/**
 * `SSLOpenSSLConfCmd Options [-]ServerPreference|SessionTicket,…` applied after mod_ssl's own setting
 * (SSL_CONF runs last): the last option naming the flag wins.
 */
function withConfOption(v: Valued<boolean>, items: readonly Item[], option: string): Valued<boolean> {
  let out = v;
  for (const it of items) {
    for (const raw of (argText(it.directive, it.ctx.root, 1) ?? '').split(',')) {
      const w = raw.trim().toLowerCase();
      if (w === option) out = { value: true, item: it };
      else if (w === `-${option}`) out = { value: false, item: it };
    }
  }
  return out;
}

/** The arguments of the item in effect, joined, or the (shared) default record. */
function stringValue(it: Item | undefined, dflt: Valued<string>): Valued<string> {
  if (!it) return dflt;
  // (One argument, nearly always: its text is the joined string, without a list to join.)
  const d = it.directive;
  return { value: d.args.length === 1 ? argText(d, it.ctx.root, 0)! : argTexts(d, it.ctx.root).join(' '), item: it };
}

// Defaults every vhost without its own value shares.
const ENGINE_DEFAULT: Valued<string> = { value: 'off', defaultNote: 'mod_ssl default: off' };
const PROXY_VERIFY_DEFAULT: Valued<string> = { value: 'none', defaultNote: 'mod_ssl default: none' };
const CIPHERS_DEFAULT: Valued<string> = { value: APACHE_DEFAULT_CIPHERS, defaultNote: "OpenSSL's DEFAULT (mod_ssl sets no cipher string of its own)" };
const PROXY_CIPHERS_DEFAULT: Valued<string> = { value: APACHE_DEFAULT_CIPHERS, defaultNote: "OpenSSL's DEFAULT" };

/** `SSLCipherSuite [protocol] string`: the TLS ≤ 1.2 string and the TLS 1.3 one of a level. */
function cipherItems(level: Level): { tls12?: Item; tls13?: Item } {
  let tls12: Item | undefined;
  let tls13: Item | undefined;
  for (const it of level.all(S_CIPHERSUITE)) {
    // mod_ssl compares the protocol argument case-sensitively: `SSL` or `TLSv1.3` (anything else is refused).
    if (it.directive.args.length >= 2 && argText(it.directive, it.ctx.root, 0) === 'TLSv1.3') tls13 = it;
    else tls12 = it;
  }
  return { tls12, tls13 };
}

/** The cipher-string argument of an SSLCipherSuite/SSLProxyCipherSuite item (the last one). */
export function cipherArg(it: Item): Arg | undefined {
  const n = it.directive.args.length;
  return n ? argAt(it, n - 1) : undefined;
}

function mergeCertKeys(add: readonly Item[], base: readonly Item[]): Item[] {
  const out: Item[] = [];
  let i = 0;
  for (; i < add.length && i <= 1; i++) out.push(add[i]);
  for (let j = i; j < base.length; j++) out.push(base[j]);
  for (let j = 2; j < add.length; j++) out.push(add[j]);
  return exact(out);
}

export function parseAddress(arg: Arg): VhostAddress {
  const text = arg.text;
  let host = text;
  let port: number | null = null;
  const v6 = /^\[([^\]]*)\](?::(\d+|\*))?$/.exec(text);
  if (v6) {
    host = `[${v6[1]}]`;
    port = v6[2] && v6[2] !== '*' ? Number(v6[2]) : null;
  } else {
    const i = text.lastIndexOf(':');
    if (i > 0 && !text.slice(0, i).includes(':')) {
      host = text.slice(0, i);
      const p = text.slice(i + 1);
      port = /^\d+$/.test(p) ? Number(p) : null;
    }
  }
  return { text, host, port, arg };
}

export function parseListen(item: Item): ListenEntry | undefined {
  const args = argTexts(item.directive, item.ctx.root);
  if (!args[0]) return undefined;
  const a0 = item.directive.args[0];
  const a = parseAddress({ text: args[0], raw: a0.raw, range: a0.range, quoted: a0.quoted });
  let port = a.port;
  let host = a.host;
  if (/^\d+$/.test(args[0])) {
    port = Number(args[0]);
    host = '*';
  }
  const explicit = args[1] !== undefined;
  return { item, host, port, protocol: explicit ? args[1].toLowerCase() : port === 443 ? 'https' : 'http', explicitProtocol: explicit };
}

/** Host name from ServerName `[scheme://]name[:port]`. */
export function serverNameHost(v: string): string {
  let s = v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (s.startsWith('[')) return s.slice(0, s.indexOf(']') + 1);
  const i = s.lastIndexOf(':');
  if (i > 0) s = s.slice(0, i);
  return s;
}

function hstsOf(items: readonly Item[]): ApacheHsts[] {
  const out: ApacheHsts[] = [];
  for (const it of items) {
    const args = argTexts(it.directive, it.ctx.root);
    let k = 0;
    let always = false;
    if (args[k]?.toLowerCase() === 'always' || args[k]?.toLowerCase() === 'onsuccess') {
      always = args[k].toLowerCase() === 'always';
      k++;
    }
    const action = (args[k] ?? '').toLowerCase();
    if (args[k + 1]?.toLowerCase() !== 'strict-transport-security') continue;
    const value = args[k + 2] ?? '';
    out.push({ item: it, value, maxAge: action === 'unset' ? null : hstsMaxAge(value), always, action });
  }
  return exact(out);
}

/** ProxyPass, ProxyPassMatch and BalancerMember items, in this order of names. */
type PassItems = readonly [readonly Item[], readonly Item[], readonly Item[]];

const NO_PASSES: PassItems = [NONE, NONE, NONE];

/**
 * The PassItems of every level below a vhost but nested <VirtualHost>s (per-directory sections too:
 * ProxyPass inside <Location>), in the order of a walk that takes a list's items before the bodies of
 * its sections, the last section's first.
 */
function deepPasses(ctx: BlockContext): PassItems {
  let passes: [Item[], Item[], Item[]] | undefined;
  const stack: Item[][] = [ctx.items];
  while (stack.length) {
    for (const it of stack.pop()!) {
      const l = it.directive.lname;
      if (it.block) {
        if (l === 'virtualhost') continue;
        stack.push(it.block.items);
      }
      const k: number = l === 'proxypass' ? 0 : l === 'proxypassmatch' ? 1 : l === 'balancermember' ? 2 : -1;
      if (k < 0) continue;
      passes ??= [[], [], []];
      passes[k].push(it);
    }
  }
  return passes ?? NO_PASSES;
}

function proxyPasses(passes: PassItems): ApacheProxyPass[] {
  const out: ApacheProxyPass[] = [];
  for (let k = 0; k < 3; k++) {
    for (const it of passes[k]) {
      const texts = argTexts(it.directive, it.ctx.root);
      // ProxyPass [path] url [params]: in a <Location>, the url comes first.
      const idx = k === 2 ? 0 : texts.findIndex((t) => /^[a-z][a-z0-9+.-]*:\/\//i.test(t));
      if (idx < 0 || idx >= texts.length) continue;
      const url = texts[idx];
      if (/^(https|wss|h2):\/\//i.test(url)) out.push({ item: it, url, urlArg: argAt(it, idx)! });
    }
  }
  return exact(out);
}

/** `scratch`: a Level to read the vhost's level into (see Level.reset). */
function vhostOf(ws: Workspace, root: RootContext, server: ServerConfig, item: Item | undefined, scratch: Level): ApacheVhost | undefined {
  const openssl = ws.settings.targets.openssl;
  const srv = server.level;
  const ctx = item?.block ?? root.main;
  const vh = scratch.reset(item?.block);
  const addresses = item ? item.directive.args.map((a, i) => parseAddress(argAt(item, i) ?? a)) : [];
  const names: ApacheVhost['names'] = [];
  for (const slot of [S_SERVERNAME, S_SERVERALIAS]) {
    for (const it of vh.all(slot)) {
      const texts = argTexts(it.directive, it.ctx.root);
      const args = it.directive.args;
      for (let i = 0; i < args.length; i++) {
        const name = slot === S_SERVERNAME ? serverNameHost(texts[i]) : texts[i];
        if (name) names.push({ name, item: it, range: args[i].range });
      }
    }
  }
  const engineItem = vh.last(S_ENGINE) ?? srv.last(S_ENGINE);
  const engine = stringValue(engineItem, ENGINE_DEFAULT);
  const engineValue = engine.value.toLowerCase();
  const tls = engineValue === 'on' || engineValue === 'optional';
  if (!item && !tls) return undefined;
  const httpsPorts = server.httpsPorts;
  const tlsPort = addresses.some((a) => a.port === 443 || (a.port !== null && httpsPorts.has(a.port)));

  const protoItem = vh.last(S_PROTOCOL) ?? srv.last(S_PROTOCOL);
  let protocolTokens: ParsedProtocols | undefined;
  let protocols: Valued<ProtocolName[]>;
  if (protoItem) {
    protocolTokens = parsedProtocolsOf(protoItem, openssl);
    protocols = { value: protocolTokens.versions, item: protoItem };
  } else protocols = apacheDefaultProtocols(openssl);
  // SSLOpenSSLConfCmd protocol commands (server config first, then the vhost's, as mod_ssl merges them).
  const vconf = vh.all(S_CONFCMD).length ? confCmds(vh) : NO_CONF;
  const sconf = server.conf;
  if (sconf.protocol.length || vconf.protocol.length) {
    const confProtocolItems = sconf.protocol.concat(vconf.protocol);
    const cmds = confProtocolItems.map((it) => ({ cmd: argTexts(it.directive, it.ctx.root)[0], value: argTexts(it.directive, it.ctx.root)[1] ?? '' }));
    protocols = { ...protocols, value: applyConfProtocols(protocols.value, cmds, openssl), items: confProtocolItems };
  }

  const vc = vh.all(S_CIPHERSUITE).length ? cipherItems(vh) : NO_CIPHERS;
  const sc = server.ciphers;
  const c12 = vc.tls12 ?? sc.tls12;
  const confCipher = vconf.cipherString ?? sconf.cipherString;
  // mod_ssl applies SSLOpenSSLConfCmd after its own settings (server config's commands, then the vhost's),
  // so a CipherString / Ciphersuites command wins over SSLCipherSuite at any level (seen with httpd 2.4).
  const ciphers: Valued<string> = confCipher
    ? { value: argTexts(confCipher.directive, confCipher.ctx.root)[1] ?? '', item: confCipher }
    : c12
      ? { value: cipherArg(c12)?.text ?? '', item: c12 }
      : CIPHERS_DEFAULT;
  const c13 = vconf.ciphersuites ?? sconf.ciphersuites ?? vc.tls13 ?? sc.tls13;
  const tls13Ciphers: Valued<string> | undefined = c13
    ? { value: (c13.directive.lname === 'sslciphersuite' ? cipherArg(c13)?.text : argTexts(c13.directive, c13.ctx.root)[1]) ?? '', item: c13 }
    : undefined;

  const certItems = mergeCertKeys(vh.all(S_CERTIFICATE), srv.all(S_CERTIFICATE));
  const keyItems = mergeCertKeys(vh.all(S_KEY), srv.all(S_KEY));
  const certificates: ApacheCertificate[] = [];
  for (let i = 0; i < certItems.length; i++) {
    const c = certItems[i];
    const certificateArg = argAt(c, 0);
    if (!certificateArg) continue;
    const k = keyItems[i];
    certificates.push({ certificate: c, certificateArg, key: k, keyArg: k ? argAt(k, 0) : undefined });
  }

  const confOptions = both(sconf.options, vconf.options);
  const headerItems = both(srv.all(S_HEADER), vh.all(S_HEADER));
  const proxyProtoItem = vh.last(S_PROXY_PROTOCOL) ?? srv.last(S_PROXY_PROTOCOL);
  const proxyProtocols: Valued<ProtocolName[]> = proxyProtoItem
    ? { value: parsedProtocolsOf(proxyProtoItem, openssl).versions, item: proxyProtoItem }
    : apacheDefaultProtocols(openssl);
  const pc = vh.last(S_PROXY_CIPHERSUITE) ?? srv.last(S_PROXY_CIPHERSUITE);
  return {
    kind: item ? 'virtualhost' : 'main',
    root,
    ctx,
    directive: item?.directive ?? engineItem!.directive,
    item,
    addresses,
    names: exact(names),
    engine,
    tls,
    tlsPort,
    protocols,
    protocolTokens,
    ciphers,
    cipherSuite: c12 ? { value: cipherArg(c12)?.text ?? '', item: c12 } : undefined,
    tls13Ciphers,
    honorOrder: withConfOption(onOff(vh.last(S_HONOR_ORDER) ?? srv.last(S_HONOR_ORDER), false, 'mod_ssl'), confOptions, 'serverpreference'),
    certificates: exact(certificates),
    certificateItems: certItems,
    keyItems,
    chainFile: vh.last(S_CHAIN) ?? srv.last(S_CHAIN),
    sessionTickets: withConfOption(onOff(vh.last(S_TICKETS) ?? srv.last(S_TICKETS), true, 'mod_ssl'), confOptions, 'sessionticket'),
    compression: onOff(vh.last(S_COMPRESSION) ?? srv.last(S_COMPRESSION), false, 'mod_ssl'),
    insecureReneg: onOff(vh.last(S_INSECURE_RENEG) ?? srv.last(S_INSECURE_RENEG), false, 'mod_ssl'),
    stapling: onOff(vh.last(S_STAPLING) ?? srv.last(S_STAPLING), false, 'mod_ssl'),
    staplingCache: srv.last(S_STAPLING_CACHE),
    strictSni: onOff(vh.last(S_STRICT_SNI) ?? srv.last(S_STRICT_SNI), false, 'mod_ssl'),
    groups: vconf.groups ?? sconf.groups,
    dhParameters: vconf.dhParameters ?? sconf.dhParameters,
    hsts: hstsOf(headerItems),
    proxy: {
      engine: onOff(vh.last(S_PROXY_ENGINE) ?? srv.last(S_PROXY_ENGINE), false, 'mod_ssl'),
      verify: stringValue(vh.last(S_PROXY_VERIFY) ?? srv.last(S_PROXY_VERIFY), PROXY_VERIFY_DEFAULT),
      checkPeerName: onOff(vh.last(S_PROXY_PEER_NAME) ?? srv.last(S_PROXY_PEER_NAME), true, 'mod_ssl'),
      checkPeerCN: onOff(vh.last(S_PROXY_PEER_CN) ?? srv.last(S_PROXY_PEER_CN), true, 'mod_ssl'),
      protocols: proxyProtocols,
      protocolItem: proxyProtoItem,
      ciphers: pc ? { value: cipherArg(pc)?.text ?? '', item: pc } : PROXY_CIPHERS_DEFAULT,
      caFile: vh.last(S_PROXY_CA_FILE) ?? srv.last(S_PROXY_CA_FILE),
      caPath: vh.last(S_PROXY_CA_PATH) ?? srv.last(S_PROXY_CA_PATH),
      httpsPasses: proxyPasses(item ? deepPasses(item.block!) : [srv.all(S_PROXY_PASS), srv.all(S_PROXY_PASS_MATCH), srv.all(S_BALANCER_MEMBER)]),
    },
  };
}

/** What a level without SSLOpenSSLConfCmd / SSLCipherSuite items has of them (shared, read only). */
const NO_CONF: ConfCmds = { protocol: NONE, options: NONE };
const NO_CIPHERS: { tls12?: Item; tls13?: Item } = {};

/** Every virtual host of every Apache root (and each root's main server when SSLEngine is on there). */
export function apachePolicies(ws: Workspace): ApachePolicies {
  const vhosts: ApacheVhost[] = [];
  const listens: ListenEntry[] = [];
  for (const root of ws.roots) {
    if (root.dialect !== 'apache') continue;
    const server = serverConfig(root);
    listens.push(...server.listens);
    const scratch = new Level(undefined);
    const main = vhostOf(ws, root, server, undefined, scratch);
    if (main) vhosts.push(main);
    for (const it of levelItems(root.main)) {
      if (it.directive.lname !== 'virtualhost' || !it.block) continue;
      const v = vhostOf(ws, root, server, it, scratch);
      if (v) vhosts.push(v);
    }
  }
  return { vhosts, listens };
}

const serverEngines = new WeakMap<RootContext, string>();

/** The SSLEngine value of a root's server config (`off` when none is set), what vhosts without their own inherit. */
export function apacheServerEngine(root: RootContext): string {
  let value = serverEngines.get(root);
  if (value === undefined) {
    value = stringValue(new Level(root.main).last(S_ENGINE), ENGINE_DEFAULT).value;
    serverEngines.set(root, value);
  }
  return value;
}

const policyCache = new WeakMap<Workspace, ApachePolicies>();

/** apachePolicies(ws), computed once per workspace (per lint). */
export function apacheCached(ws: Workspace): ApachePolicies {
  let p = policyCache.get(ws);
  if (!p) {
    p = apachePolicies(ws);
    policyCache.set(ws, p);
  }
  return p;
}

/** Whether the target httpd has `SSLCipherSuite TLSv1.3 …` (2.4.36+). */
export function apacheHasTls13CipherSuite(version: string): boolean {
  return versionAtLeast(version, '2.4.36');
}

/** How messages name a vhost: `<VirtualHost *:443>` "example.com". */
export function vhostLabel(v: ApacheVhost): string {
  if (v.kind === 'main') return 'the main server';
  // Made once per vhost: the socket model labels each of its addresses with it, so a `<VirtualHost`
  // line of 4,000 garbage "addresses" (fuzzing) made 4,000 labels of 4,000 addresses each.
  let label = labels.get(v);
  if (label === undefined) {
    const name = v.names[0]?.name;
    label = `<VirtualHost ${v.addresses.map((a) => a.text).join(' ')}>${name ? ` (${name})` : ''}`;
    labels.set(v, label);
  }
  return label;
}

const labels = new WeakMap<ApacheVhost, string>();
