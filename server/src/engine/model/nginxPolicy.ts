// The effective TLS policy of nginx servers and upstreams: for every server block of every root, what
// nginx will actually use after inheritance (http → server → location), each value with its origin —
// the directive it comes from, or the default that applies for the target nginx version.

import type { Range } from '../types';
import type { Arg, Directive } from '../syntax/tree';
import { versionAtLeast } from '../settings';
import { canonicalProtocol, versionsOfMask, versionTokenBit } from '../tls/protocols';
import { expandCipherString, expandCiphersuites, type CipherExpansion, type Tls13Expansion } from '../tls/ciphers/expand';
import type { Protocol } from '../tls/ciphers/table';
import { detached } from '../syntax/text';

/** Expansions by side, level and protocols, then by cipher string (the string object keeps its hash). */
const expansions = new Map<string, Map<string, CipherExpansion>>();
let expansionCount = 0;

/**
 * Cipher-string expansion, memoized: thousands of servers share a handful of strings. `side`: nginx
 * as the server (ssl_ciphers: each enabled version counts on its own) or as a client to an upstream
 * (proxy_ssl_ciphers: OpenSSL's contiguous version range).
 */
export function expandForProtocols(text: string, protocols: readonly string[], securityLevel: number, side: 'server' | 'client' = 'server'): CipherExpansion {
  const ps = protocols.filter((p): p is Protocol => p !== 'SSLv2');
  const key = `${side}|${securityLevel}|${ps.join(',')}`;
  let byText = expansions.get(key);
  let x = byText?.get(text);
  if (!x) {
    if (expansionCount > 500) {
      expansions.clear();
      expansionCount = 0;
      byText = undefined;
    }
    if (!byText) {
      byText = new Map();
      expansions.set(key, byText);
    }
    // The expansion keeps pieces of the string: of a copy, not of the file text it was cut from. (A
    // string longer than any real one, e.g. a garbage line, is expanded and not kept.)
    const own = detached(text);
    x = expandCipherString(own, { securityLevel, protocols: ps, side });
    if (own.length <= 4096) byText.set(own, x);
    expansionCount++;
  }
  return x;
}
import type { BlockContext, Item, RootContext, Workspace } from './workspace';
import { leftOutSignature, type Focus } from './focus';
import { lookupTable } from '../lookup';

export interface Valued<T> {
  value: T;
  /** Where the value is set; absent when a default applies. */
  item?: Item;
  /** Human-readable description of the default, e.g. "default of nginx ≥ 1.27.3". */
  defaultNote?: string;
  /** When several directives of one level combine (nginx ORs `ssl_protocols`), all of them. */
  items?: Item[];
}

export function originText(v: Valued<unknown>): string {
  if (v.item) return `${v.item.directive.file}:${v.item.directive.range.start.line + 1}`;
  return v.defaultNote ?? 'default';
}

export interface ListenInfo {
  item: Item;
  /** As written, e.g. `*:443`, `[::]:443`, `unix:/run/x.sock`. */
  address: string;
  host: string;
  port: number | null;
  ssl: boolean;
  quic: boolean;
  http2: boolean;
  defaultServer: boolean;
  /** Range of the address argument. */
  addressRange: Range;
}

export interface CertificatePair {
  certificate: Valued<string>;
  key?: Valued<string>;
}

export interface HstsHeader {
  item: Item;
  value: string;
  maxAge: number | null;
  always: boolean;
}

export interface NginxServer {
  kind: 'server' | 'stream-server' | 'mail-server';
  root: RootContext;
  ctx: BlockContext;
  directive: Directive;
  listens: ListenInfo[];
  /** Each server_name argument, with its item and the file that item is written in. */
  names: { name: string; item: Item; file: string; range: Range }[];
  /** `ssl on;` in effect (deprecated), with where it is. */
  sslOn?: Item;
  /** Does any listen (or `ssl on`) make this server speak TLS? */
  tls: boolean;
  /** What `ssl_protocols` enables (or nginx's default). */
  protocols: Valued<string[]>;
  /**
   * Version bounds set with `ssl_conf_command MinProtocol / MaxProtocol`: nginx applies the commands
   * after ssl_protocols, so they narrow what it enables (see enabledProtocols).
   */
  protocolBounds: { min?: Valued<string>; max?: Valued<string> };
  /** `ssl_ciphers`, or `ssl_conf_command CipherString`, which nginx applies after it and so wins. */
  ciphers: Valued<string>;
  /**
   * TLS 1.3 suites: nginx has no directive of its own for them; `ssl_conf_command Ciphersuites …`
   * passes them to OpenSSL. Absent: OpenSSL's default.
   */
  tls13Ciphers?: Valued<string>;
  /**
   * What OpenSSL makes of `ciphers` for this server's protocols under the target security level:
   * the ordered TLS ≤ 1.2 suites (and what matched nothing). Computed on first use.
   */
  readonly suites: CipherExpansion;
  /** The TLS 1.3 suites in effect (OpenSSL's default when `tls13Ciphers` is absent). */
  readonly tls13Suites: Tls13Expansion;
  /** `ssl_prefer_server_ciphers`, or `ssl_conf_command Options [-]ServerPreference`, which wins. */
  preferServerCiphers: Valued<boolean>;
  certificates: CertificatePair[];
  /** Raw certificate/key items in effect (for rules that count them). */
  certificateItems: Item[];
  keyItems: Item[];
  ecdhCurve: Valued<string>;
  dhparam?: Valued<string>;
  sessionTickets: Valued<boolean>;
  stapling: Valued<boolean>;
  resolver?: Valued<string[]>;
  rejectHandshake: Valued<boolean>;
  /** `add_header` items in effect at the server level. */
  headers: Item[];
  hsts?: HstsHeader;
}

export type UpstreamKind = 'proxy' | 'grpc' | 'uwsgi' | 'stream';

export interface NginxUpstream {
  kind: UpstreamKind;
  root: RootContext;
  ctx: BlockContext;
  /** The proxy_pass / grpc_pass / uwsgi_pass item. */
  item: Item;
  url: string;
  /** Host part of the URL (an upstream{} name or a hostname/IP). */
  host: string;
  /** Directive prefix for this kind's TLS directives: proxy_ssl_ / grpc_ssl_ / uwsgi_ssl_. */
  prefix: string;
  serverName: Valued<boolean>;
  name?: Valued<string>;
  verify: Valued<boolean>;
  trusted?: Valued<string>;
  protocols: Valued<string[]>;
  ciphers: Valued<string>;
  certificate?: Valued<string>;
}

/** The default `ssl_protocols` (and `proxy_ssl_protocols`) of an nginx version. */
export function nginxDefaultProtocols(version: string): Valued<string[]> {
  if (versionAtLeast(version, '1.27.3')) return { value: ['TLSv1.2', 'TLSv1.3'], defaultNote: 'default of nginx ≥ 1.27.3' };
  if (versionAtLeast(version, '1.23.4')) return { value: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], defaultNote: 'default of nginx 1.23.4–1.27.2' };
  return { value: ['TLSv1', 'TLSv1.1', 'TLSv1.2'], defaultNote: 'default of nginx before 1.23.4' };
}

const byNameCache = new WeakMap<BlockContext, Map<string, Item[]>>();
const NONE: Item[] = [];
const SCAN_UP_TO = 32;
/** Blocks of fewer items are scanned even by Lookups.own (a location of four directives). */
const FEW_ITEMS = 8;

/**
 * Items of `name` directly in `ctx`. Indexed per context on first use: an http block holding
 * thousands of servers is asked about a dozen names for each of them.
 */
export function itemsIn(ctx: BlockContext, name: string): Item[] {
  // A block of a few dozen directives (a server, a location) is scanned: an index per block cost 30 MB
  // for a 10,000-server tree.
  if (ctx.items.length <= SCAN_UP_TO) {
    let found: Item[] | undefined;
    // `[i]`, not `[]` and a push: a list grown by push reserves room for 17 items (a location asked
    // about its three proxy_ssl_* directives kept some 400 bytes of empty room per upstream).
    for (const i of ctx.items) if (i.directive.lname === name) found ? found.push(i) : (found = [i]);
    return found ?? NONE;
  }
  let index = byNameCache.get(ctx);
  if (!index) {
    index = new Map();
    for (const i of ctx.items) {
      const list = index.get(i.directive.lname);
      if (list) list.push(i);
      else index.set(i.directive.lname, [i]);
    }
    byNameCache.set(ctx, index);
  }
  return index.get(name) ?? NONE;
}

/** Items of `name` at the innermost level from `ctx` outwards that sets it (nginx's merge). */
export function effectiveItems(ctx: BlockContext, name: string): Item[] {
  for (let c: BlockContext | undefined = ctx; c; c = c.parent) {
    const found = itemsIn(c, name);
    if (found.length) return found;
  }
  return [];
}

export function effectiveItem(ctx: BlockContext, name: string): Item | undefined {
  const items = effectiveItems(ctx, name);
  return items[items.length - 1];
}

/** `on` in any case, without lower-casing every value read (10,000 servers × a dozen flags). */
function isOn(text: string | undefined): boolean {
  return text !== undefined && text.length === 2 && text.toLowerCase() === 'on';
}

/** Case-insensitive equality with a lower-case constant; no new string unless the lengths agree. */
function sameLower(text: string | undefined, lower: string): boolean {
  return text !== undefined && text.length === lower.length && text.toLowerCase() === lower;
}

/**
 * Per computation, one version list per set of versions: a hosting tree repeats one `ssl_protocols` line
 * per server, and each server's record gets the list of its set (read-only, as all policy values are)
 * instead of a list of its own.
 */
type ProtocolLists = Map<number, string[]>;

function protocolSet(items: Item[], lists: ProtocolLists): Valued<string[]> {
  let mask = 0;
  for (const it of items) for (const a of it.directive.args) mask |= versionTokenBit(a.text);
  let value = lists.get(mask);
  if (!value) {
    value = versionsOfMask(mask);
    lists.set(mask, value);
  }
  return { value, item: items[items.length - 1], items };
}

function confCommandIn(items: Item[], name: string): Valued<string> | undefined {
  let last: Item | undefined;
  for (const i of items) if (sameLower(i.directive.args[0]?.text, name)) last = i;
  return last ? { value: last.directive.args[1]?.text ?? '', item: last } : undefined;
}

function serverPreferenceIn(items: Item[]): Valued<boolean> | undefined {
  let found: Valued<boolean> | undefined;
  for (const it of items) {
    if (!sameLower(it.directive.args[0]?.text, 'options')) continue;
    for (const raw of (it.directive.args[1]?.text ?? '').split(',')) {
      const o = raw.trim().toLowerCase();
      if (o === 'serverpreference') found = { value: true, item: it };
      else if (o === '-serverpreference') found = { value: false, item: it };
    }
  }
  return found;
}

/**
 * The value of an OpenSSL configuration command set with `ssl_conf_command <name> <value>` (all
 * ssl_conf_command of the innermost level that has any apply, in order; the last one of a name wins).
 */
export function confCommand(ctx: BlockContext, name: string): Valued<string> | undefined {
  return confCommandIn(effectiveItems(ctx, 'ssl_conf_command'), name);
}

/**
 * The lookups of one computation of the policies. A value a block gives every server (or location)
 * inside it is made once and shared: 10,000 servers of one http block hold one resolver record, one
 * record per default, one protocol set, instead of a copy each. Shared records are read-only, as all
 * policy records are. Values set in the asking block itself are made afresh (no one else has them).
 *
 * Every name asked about is a Slot (its name and its place in the slotted tables), and what is made
 * once per item is kept in a table per kind (a K_ number): a server asks some twenty questions, and a
 * 1,000-server lint runs most of this code interpreted, where each closure, template-string key and
 * Map lookup saved counts.
 */
class Lookups {
  /** Records made once per item that sits outside the asking block, by kind (K_*). */
  private readonly made: Map<Item, unknown>[] = Array.from({ length: KINDS }, () => new Map());
  private flagOn: Valued<boolean> | undefined;
  private flagOff: Valued<boolean> | undefined;
  private readonly strDefaults = new Map<string, Valued<string>>();
  private defaultProtocols: Valued<string[]> | undefined;
  private readonly protocolLists: ProtocolLists = new Map();
  private readonly maxAges = new Map<string, number | null>();
  /** parseListen's table of listen addresses. */
  readonly addresses = new Map<string, ListenAddress>();
  /** The block `own` asked about last (the walks outwards refill it). */
  private readonly slots = new BlockSlots();
  /** The server block last asked about by ownSlots. */
  private readonly server = new BlockSlots();
  /** The block of pass directives last asked about by passSlots. */
  private readonly pass = new BlockSlots();
  /** Per large block (see effective): the items in effect there by slot, as found so far. */
  private readonly outward = new Map<BlockContext, (Item[] | undefined)[]>();
  private lastOuter: BlockContext | undefined;
  private lastOuterItems: (Item[] | undefined)[] = [];

  constructor(readonly version: string) {}

  /**
   * Items of `name` directly in `ctx`, like itemsIn. A server block is asked about some twenty names,
   * its locations about the same server for their proxy_ssl_* names: one pass over the block's items
   * sorts them all into slots, instead of a scan of the whole block per name (a server record took 14 µs a
   * server, a third of it in those scans). Only the last block asked is kept: the computation visits a
   * server and then its locations, and a Lookups lives for one computation only.
   */
  own(ctx: BlockContext, n: Slot): Item[] {
    const length = ctx.items.length;
    if (length < FEW_ITEMS || length > SCAN_UP_TO) return itemsIn(ctx, n.name);
    if (this.server.holds(ctx)) return this.server.slots[n.slot] ?? NONE;
    return this.slots.of(ctx)[n.slot] ?? NONE;
  }

  /**
   * The items directly in a server block by slot (undefined: none), whatever the block's size: it is
   * asked about some twenty names. Kept apart from `own`'s table, which the walks outwards from the
   * server refill, until the next server; its locations then find it here.
   */
  ownSlots(ctx: BlockContext): readonly (Item[] | undefined)[] {
    return this.server.fill(ctx);
  }

  /**
   * The proxy_pass, grpc_pass and uwsgi_pass items of the server block last slotted, in block order,
   * from its table (no scan of its items); undefined when two of the kinds are there (their order
   * is the block's: the caller scans).
   */
  serverPasses(ctx: BlockContext): Item[] | undefined {
    if (ctx !== this.server.block) return undefined;
    const s = this.server.slots;
    const proxy = s[PROXY_PASS.slot];
    const grpc = s[GRPC_PASS.slot];
    const uwsgi = s[UWSGI_PASS.slot];
    if (!grpc && !uwsgi) return proxy ?? NONE;
    if (!proxy && !uwsgi) return grpc;
    if (!proxy && !grpc) return uwsgi;
    return undefined;
  }

  /**
   * The items directly in the block of a pass directive by slot: the server's table when it is the
   * server just slotted, else a table of its own (a location is asked about seven proxy_ssl_* names,
   * one pass over its items instead of a scan per name). Kept apart from the other two tables for the
   * same reason as ownSlots.
   */
  passSlots(ctx: BlockContext): readonly (Item[] | undefined)[] {
    if (this.server.holds(ctx)) return this.server.slots;
    return this.pass.of(ctx);
  }

  /** effective, for a block whose own slots the caller holds (ownSlots). */
  inEffect(ctx: BlockContext, own: readonly (Item[] | undefined)[], n: Slot): Item[] {
    const found = own[n.slot];
    if (found !== undefined) return found;
    return ctx.parent ? this.effective(ctx.parent, n) : NONE;
  }

  /**
   * effectiveItems, through `own`; NONE when no level sets the name. From a block too large to slot
   * (the http block of a hosting tree, holding every server) outwards, the answer is the same for every
   * server inside it: it is looked up there once per name (it was an index lookup in the http block and
   * a scan of the main level for each of some ten names per server).
   */
  effective(ctx: BlockContext, n: Slot): Item[] {
    for (let c: BlockContext | undefined = ctx; c; c = c.parent) {
      if (c.items.length > SCAN_UP_TO) return this.outer(c, n);
      const found = this.own(c, n);
      if (found.length) return found;
    }
    return NONE;
  }

  private outer(c: BlockContext, n: Slot): Item[] {
    let items = this.lastOuterItems;
    if (c !== this.lastOuter) {
      let known = this.outward.get(c);
      if (!known) {
        known = new Array(SLOTTED.size).fill(undefined);
        this.outward.set(c, known);
      }
      this.lastOuter = c;
      this.lastOuterItems = items = known;
    }
    let found = items[n.slot];
    if (found === undefined) {
      found = effectiveItems(c, n.name);
      if (!found.length) found = NONE;
      items[n.slot] = found;
    }
    return found;
  }


  /**
   * `make(a, b)`, once per kind and item when the item sits outside `ctx`. (The callers make a value of
   * the asking block itself directly: a call through `make` here cannot be inlined.)
   */
  private once<A, B, T>(ctx: BlockContext, kind: number, item: Item, make: (a: A, b: B) => T, a: A, b: B): T {
    if (item.ctx === ctx) return make(a, b);
    const byItem = this.made[kind];
    let value = byItem.get(item) as T | undefined;
    if (value === undefined && !byItem.has(item)) {
      value = make(a, b);
      byItem.set(item, value);
    }
    return value as T;
  }

  // The lookups below take the items in effect (effective or inEffect): a server finds each of its
  // names once, without a walk outwards per question.

  flag(ctx: BlockContext, items: Item[], dflt: boolean): Valued<boolean> {
    const it = items[items.length - 1];
    if (!it) return dflt ? (this.flagOn ??= { value: true, defaultNote: 'default: on' }) : (this.flagOff ??= { value: false, defaultNote: 'default: off' });
    return it.ctx === ctx ? flagOf(it) : this.once(ctx, K_FLAG, it, flagOf, it, undefined);
  }

  str(ctx: BlockContext, items: Item[], dflt: string): Valued<string> {
    const it = items[items.length - 1];
    if (!it) {
      let v = this.strDefaults.get(dflt);
      if (!v) {
        v = { value: dflt, defaultNote: `default: ${dflt}` };
        this.strDefaults.set(dflt, v);
      }
      return v;
    }
    return it.ctx === ctx ? strOf(it) : this.once(ctx, K_STR, it, strOf, it, undefined);
  }

  /** The first argument of the directive in effect, if any. */
  firstArg(ctx: BlockContext, items: Item[]): Valued<string> | undefined {
    const it = items[items.length - 1];
    if (!it) return undefined;
    return it.ctx === ctx ? firstArgOf(it) : this.once(ctx, K_FIRST_ARG, it, firstArgOf, it, undefined);
  }

  allArgs(ctx: BlockContext, items: Item[]): Valued<string[]> | undefined {
    const it = items[items.length - 1];
    return it ? this.once(ctx, K_ALL_ARGS, it, allArgsOf, it, undefined) : undefined;
  }

  /**
   * nginx stores protocols as a bitmask and ORs every `ssl_protocols` of a level together, so the
   * effective set is the union of that level's directives (in nginx's bit order), not the last one.
   */
  protocols(ctx: BlockContext, items: Item[]): Valued<string[]> {
    if (!items.length) return (this.defaultProtocols ??= nginxDefaultProtocols(this.version));
    return items[0].ctx === ctx ? protocolSet(items, this.protocolLists) : this.once(ctx, K_PROTOCOLS, items[0], protocolSet, items, this.protocolLists);
  }

  /** `ssl_conf_command <name> …` among the ssl_conf_command items in effect (looked up once per server). */
  confCommand(ctx: BlockContext, items: Item[], kind: number, name: string): Valued<string> | undefined {
    if (!items.length) return undefined;
    return this.once(ctx, kind, items[0], confCommandIn, items, name);
  }

  /** `ssl_conf_command Options …[-]ServerPreference…`: the last mention decides. */
  serverPreference(ctx: BlockContext, items: Item[]): Valued<boolean> | undefined {
    if (!items.length) return undefined;
    return this.once(ctx, K_SERVER_PREFERENCE, items[0], serverPreferenceIn, items, undefined);
  }

  hsts(ctx: BlockContext, headers: Item[]): HstsHeader | undefined {
    if (!headers.length) return undefined;
    return headers[0].ctx === ctx ? hstsOf(headers, this.maxAges) : this.once(ctx, K_HSTS, headers[0], hstsOf, headers, this.maxAges);
  }

  /**
   * Certificate and key pairs: shared when both lists come from one outer block (or there are no keys),
   * which then decides both for every server inside it.
   */
  certificates(ctx: BlockContext, certificateItems: Item[], keyItems: Item[]): CertificatePair[] {
    if (!certificateItems.length || (keyItems.length && keyItems[0].ctx !== certificateItems[0].ctx)) return pairsOf(certificateItems, keyItems);
    return certificateItems[0].ctx === ctx ? pairsOf(certificateItems, keyItems) : this.once(ctx, K_CERTIFICATES, certificateItems[0], pairsOf, certificateItems, keyItems);
  }
}

/**
 * The items directly in one block, sorted into slots by their name's place in SLOTTED (undefined: none),
 * for the block last filled; a block that has grown since is sorted again.
 */
class BlockSlots {
  block: BlockContext | undefined;
  private length = 0;
  readonly slots: (Item[] | undefined)[] = new Array(SLOTTED.size).fill(undefined);

  holds(ctx: BlockContext): boolean {
    return ctx === this.block && ctx.items.length === this.length;
  }

  /** The slots of `ctx`, sorted again only when they are not those of `ctx` as it is now. */
  of(ctx: BlockContext): (Item[] | undefined)[] {
    return this.holds(ctx) ? this.slots : this.fill(ctx);
  }

  fill(ctx: BlockContext): (Item[] | undefined)[] {
    const slots = this.slots;
    const items = ctx.items;
    slots.fill(undefined);
    for (let j = 0; j < items.length; j++) {
      const i = items[j];
      const k = SLOTTED.get(i.directive.lname);
      if (k === undefined) continue;
      const list = slots[k];
      // A second item (a server's two listens) makes a list of two: a push would reserve room for 17.
      if (!list) slots[k] = [i];
      else if (list.length === 1) slots[k] = [list[0], i];
      else list.push(i);
    }
    this.block = ctx;
    this.length = items.length;
    return slots;
  }
}

// The kinds of record Lookups makes once per item (its `made` tables).
const K_FLAG = 0;
const K_STR = 1;
const K_FIRST_ARG = 2;
const K_ALL_ARGS = 3;
const K_PROTOCOLS = 4;
const K_SERVER_PREFERENCE = 5;
const K_HSTS = 6;
const K_CERTIFICATES = 7;
const K_MIN_PROTOCOL = 8;
const K_MAX_PROTOCOL = 9;
const K_CIPHER_STRING = 10;
const K_CIPHERSUITES = 11;
const KINDS = 12;

function flagOf(it: Item): Valued<boolean> {
  return { value: isOn(it.directive.args[0]?.text ?? ''), item: it };
}

function strOf(it: Item): Valued<string> {
  const args = it.directive.args;
  // One argument (nearly always): its text, without a list and a join.
  return { value: args.length === 1 ? args[0].text : args.map((a) => a.text).join(' '), item: it };
}

function firstArgOf(it: Item): Valued<string> {
  return { value: it.directive.args[0]?.text ?? '', item: it };
}

function allArgsOf(it: Item): Valued<string[]> {
  return { value: it.directive.args.map((a) => a.text), item: it };
}

function pairsOf(certificateItems: Item[], keyItems: Item[]): CertificatePair[] {
  // Sized up front (a list grown by push reserves room for 17), filled without a closure per server.
  const pairs = new Array<CertificatePair>(certificateItems.length);
  for (let i = 0; i < certificateItems.length; i++) {
    const c = certificateItems[i];
    const k = keyItems[i];
    pairs[i] = { certificate: { value: c.directive.args[0]?.text ?? '', item: c }, key: k ? { value: k.directive.args[0]?.text ?? '', item: k } : undefined };
  }
  return pairs;
}

const PROTOCOL_ORDER = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The versions a server enables: its ssl_protocols within the ssl_conf_command Min/MaxProtocol bounds. */
export function enabledProtocols(server: Pick<NginxServer, 'protocols' | 'protocolBounds'>): string[] {
  const rank = (p: string | undefined) => (p ? PROTOCOL_ORDER.indexOf(canonicalProtocol(p) ?? '') : -1);
  const min = rank(server.protocolBounds.min?.value);
  const maxRank = rank(server.protocolBounds.max?.value);
  const max = maxRank < 0 ? PROTOCOL_ORDER.length : maxRank;
  return server.protocols.value.filter((p) => PROTOCOL_ORDER.indexOf(p) >= min && PROTOCOL_ORDER.indexOf(p) <= max);
}

/** Host and port of a listen address. */
interface ListenAddress {
  host: string;
  port: number | null;
}

/**
 * `addresses`: host and port by address text, kept by the caller across calls (a hosting tree repeats
 * `443` and `[::]:443` in every server: parsed once, and one host string for all of them).
 */
export function parseListen(item: Item, addresses?: Map<string, ListenAddress>): ListenInfo | undefined {
  const d = item.directive;
  const a = d.args[0];
  if (!a) return undefined;
  const address = a.text;
  let at = addresses?.get(address);
  if (!at) {
    at = listenAddress(address);
    addresses?.set(address, at);
  }
  const host = at.host;
  const port = at.port;
  let ssl = false;
  let quic = false;
  let http2 = false;
  let defaultServer = false;
  for (let i = 1; i < d.args.length; i++) {
    const t = d.args[i].text;
    // The longest parameter looked for is default_server: longer ones need no lower-casing.
    if (t.length > 14) continue;
    const p = t.toLowerCase();
    if (p === 'ssl') ssl = true;
    else if (p === 'quic') quic = true;
    else if (p === 'http2') http2 = true;
    else if (p === 'default_server' || p === 'default') defaultServer = true;
  }
  return new Listen(item, address, host, port, ssl, quic, http2, defaultServer, a);
}

/**
 * A ListenInfo whose addressRange is the address argument's, read when asked: the range of an argument
 * is made on its first read (tree.ts), and few of the 20,000 listens of a hosting tree are ever reported.
 */
class Listen implements ListenInfo {
  // Declared and assigned, not class fields (defined as undefined first, then assigned): 20,000 of them.
  declare readonly item: Item;
  declare readonly address: string;
  declare readonly host: string;
  declare readonly port: number | null;
  declare readonly ssl: boolean;
  declare readonly quic: boolean;
  declare readonly http2: boolean;
  declare readonly defaultServer: boolean;
  declare private readonly addressArg: Arg;

  constructor(item: Item, address: string, host: string, port: number | null, ssl: boolean, quic: boolean, http2: boolean, defaultServer: boolean, addressArg: Arg) {
    this.item = item;
    this.address = address;
    this.host = host;
    this.port = port;
    this.ssl = ssl;
    this.quic = quic;
    this.http2 = http2;
    this.defaultServer = defaultServer;
    this.addressArg = addressArg;
  }

  get addressRange(): Range {
    return this.addressArg.range;
  }
}

/** A server_name of a server record, its range read from the argument when asked (see Listen). */
export class ServerName {
  // Declared and assigned, as in Listen.
  declare readonly name: string;
  declare readonly item: Item;
  declare private readonly arg: Arg;

  constructor(name: string, item: Item, arg: Arg) {
    this.name = name;
    this.item = item;
    this.arg = arg;
  }

  get file(): string {
    return this.item.directive.file;
  }

  get range(): Range {
    return this.arg.range;
  }
}

function listenAddress(address: string): ListenAddress {
  let host = '*';
  let port: number | null = null;
  if (address.startsWith('unix:')) {
    host = address;
  } else if (address.startsWith('[')) {
    const close = address.indexOf(']');
    host = address.slice(0, close + 1);
    const rest = address.slice(close + 1);
    port = rest.startsWith(':') ? parseInt(rest.slice(1), 10) : 80;
  } else if (/^\d+$/.test(address)) {
    port = parseInt(address, 10);
  } else {
    const colon = address.lastIndexOf(':');
    if (colon >= 0) {
      host = address.slice(0, colon);
      port = parseInt(address.slice(colon + 1), 10);
    } else {
      host = address;
      port = 80;
    }
  }
  if (port !== null && Number.isNaN(port)) port = null;
  return { host, port };
}

/** max-age of a Strict-Transport-Security value, or null when absent or malformed. */
export function hstsMaxAge(value: string): number | null {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return m ? parseInt(m[1], 10) : null;
}

/** Whether an `add_header` item names Strict-Transport-Security (any case; the usual spelling is not lower-cased). */
export function namesHsts(it: Item): boolean {
  const name = it.directive.args[0]?.text;
  return name === 'Strict-Transport-Security' || sameLower(name, 'strict-transport-security');
}

/**
 * The first Strict-Transport-Security header among `add_header` items. `maxAges`: max-age by value,
 * kept by the caller across calls (a hosting tree repeats one value in every server).
 */
export function hstsOf(items: Item[], maxAges?: Map<string, number | null>): HstsHeader | undefined {
  for (const it of items) {
    if (!namesHsts(it)) continue;
    const args = it.directive.args;
    const value = args[1]?.text ?? '';
    let always = false;
    for (let i = 2; i < args.length && !always; i++) {
      const t = args[i].text;
      always = t === 'always' || t.toLowerCase() === 'always';
    }
    let maxAge = maxAges?.get(value);
    if (maxAge === undefined) {
      maxAge = hstsMaxAge(value);
      maxAges?.set(value, maxAge);
    }
    return { item: it, value, maxAge, always };
  }
  return undefined;
}

const LEVEL = Symbol('security level');
const SUITES = Symbol('suites');
const TLS13 = Symbol('TLS 1.3 suites');

/**
 * A server's record. `suites` and `tls13Suites` are getters of the class, computed on first use: most
 * lints never read them. (Accessors defined on each record cost a 10,000-server tree more than all its
 * other fields; as class getters they are no longer own properties of the record, which nothing lists.)
 * The hidden state sits under symbols, out of Object.keys and JSON.
 */
class ServerRecord implements NginxServer {
  declare kind: NginxServer['kind'];
  declare root: RootContext;
  declare ctx: BlockContext;
  declare directive: Directive;
  declare listens: ListenInfo[];
  declare names: NginxServer['names'];
  declare sslOn: Item | undefined;
  declare tls: boolean;
  declare protocols: Valued<string[]>;
  declare protocolBounds: NginxServer['protocolBounds'];
  declare ciphers: Valued<string>;
  declare preferServerCiphers: Valued<boolean>;
  declare certificates: CertificatePair[];
  declare certificateItems: Item[];
  declare keyItems: Item[];
  declare ecdhCurve: Valued<string>;
  declare tls13Ciphers: Valued<string> | undefined;
  declare dhparam: Valued<string> | undefined;
  declare sessionTickets: Valued<boolean>;
  declare stapling: Valued<boolean>;
  declare resolver: Valued<string[]> | undefined;
  declare rejectHandshake: Valued<boolean>;
  declare headers: Item[];
  declare hsts: HstsHeader | undefined;
  declare private [LEVEL]: number;
  declare private [SUITES]: CipherExpansion | undefined;
  declare private [TLS13]: Tls13Expansion | undefined;

  get suites(): CipherExpansion {
    return (this[SUITES] ??= expandForProtocols(this.ciphers.value, enabledProtocols(this), this[LEVEL]));
  }

  get tls13Suites(): Tls13Expansion {
    return (this[TLS13] ??= expandCiphersuites(this.tls13Ciphers?.value));
  }

  constructor(ws: Workspace, ctx: BlockContext, look: Lookups) {
    this.kind = ctx.kind === 'stream-server' ? 'stream-server' : ctx.kind === 'mail-server' ? 'mail-server' : 'server';
    this.root = ctx.root;
    this.ctx = ctx;
    this.directive = ctx.directive!;
    const own = look.ownSlots(ctx);
    // Both lists at their exact length (one grown by push reserves room for 17, kept to the end of the
    // lint). Not `[]` literals either: once V8 decided to allocate those in the old generation (after
    // a few thousand servers), it threw away this constructor's optimised code and compiled it again.
    const listenItems = own[LISTEN.slot] ?? NONE;
    const listens = new Array<ListenInfo>(listenItems.length);
    let listenCount = 0;
    let tls = false;
    for (let i = 0; i < listenItems.length; i++) {
      const l = parseListen(listenItems[i], look.addresses);
      if (!l) continue;
      listens[listenCount++] = l;
      if (l.ssl || l.quic) tls = true;
    }
    if (listenCount < listens.length) listens.length = listenCount;
    this.listens = listens;
    const nameItems = own[SERVER_NAME.slot] ?? NONE;
    let nameCount = 0;
    for (let i = 0; i < nameItems.length; i++) nameCount += nameItems[i].directive.args.length;
    const names = new Array<ServerName>(nameCount);
    nameCount = 0;
    for (let i = 0; i < nameItems.length; i++) {
      const it = nameItems[i];
      const args = it.directive.args;
      for (let j = 0; j < args.length; j++) names[nameCount++] = new ServerName(args[j].text, it, args[j]);
    }
    this.names = names;
    const sslItems = look.inEffect(ctx, own, SSL);
    const sslItem = sslItems[sslItems.length - 1];
    const sslOn = sslItem && sslItem.directive.args[0]?.text.toLowerCase() === 'on' ? sslItem : undefined;
    this.sslOn = sslOn;
    this.tls = tls || sslOn !== undefined;
    // Lists the record keeps: a fresh empty one where no level sets the name (not the shared NONE).
    const certificateItems = look.inEffect(ctx, own, SSL_CERTIFICATE);
    const keyItems = look.inEffect(ctx, own, SSL_CERTIFICATE_KEY);
    const headers = look.inEffect(ctx, own, ADD_HEADER);
    const commands = look.inEffect(ctx, own, SSL_CONF_COMMAND);
    this.protocols = look.protocols(ctx, look.inEffect(ctx, own, SSL_PROTOCOLS));
    this.protocolBounds = commands.length ? { min: look.confCommand(ctx, commands, K_MIN_PROTOCOL, 'minprotocol'), max: look.confCommand(ctx, commands, K_MAX_PROTOCOL, 'maxprotocol') } : NO_BOUNDS;
    this.ciphers = look.confCommand(ctx, commands, K_CIPHER_STRING, 'cipherstring') ?? look.str(ctx, look.inEffect(ctx, own, SSL_CIPHERS), 'HIGH:!aNULL:!MD5');
    this.preferServerCiphers = look.serverPreference(ctx, commands) ?? look.flag(ctx, look.inEffect(ctx, own, SSL_PREFER_SERVER_CIPHERS), false);
    this.certificates = look.certificates(ctx, certificateItems, keyItems);
    this.certificateItems = certificateItems.length ? certificateItems : [];
    this.keyItems = keyItems.length ? keyItems : [];
    this.ecdhCurve = look.str(ctx, look.inEffect(ctx, own, SSL_ECDH_CURVE), 'auto');
    this.tls13Ciphers = look.confCommand(ctx, commands, K_CIPHERSUITES, 'ciphersuites');
    this.dhparam = look.firstArg(ctx, look.inEffect(ctx, own, SSL_DHPARAM));
    this.sessionTickets = look.flag(ctx, look.inEffect(ctx, own, SSL_SESSION_TICKETS), true);
    this.stapling = look.flag(ctx, look.inEffect(ctx, own, SSL_STAPLING), false);
    this.resolver = look.allArgs(ctx, look.inEffect(ctx, own, RESOLVER));
    this.rejectHandshake = look.flag(ctx, look.inEffect(ctx, own, SSL_REJECT_HANDSHAKE), false);
    this.headers = headers.length ? headers : [];
    this.hsts = look.hsts(ctx, headers);
    this[LEVEL] = ws.settings.securityLevel;
    this[SUITES] = undefined;
    this[TLS13] = undefined;
  }
}

/** The bounds of a server without ssl_conf_command (most of them): one record for all. */
const NO_BOUNDS: NginxServer['protocolBounds'] = { min: undefined, max: undefined };

const PASS_KINDS = lookupTable<{ kind: UpstreamKind; prefix: string; tlsSchemes: string[] }>({
  proxy_pass: { kind: 'proxy', prefix: 'proxy_ssl_', tlsSchemes: ['https'] },
  grpc_pass: { kind: 'grpc', prefix: 'grpc_ssl_', tlsSchemes: ['grpcs'] },
  uwsgi_pass: { kind: 'uwsgi', prefix: 'uwsgi_ssl_', tlsSchemes: ['suwsgi'] },
});

/** A name a server record or upstreamOf looks up, with its slot in Lookups.own (an index of SLOTTED). */
interface Slot {
  name: string;
  slot: number;
}

const SERVER_NAMES = [
  ...['listen', 'server_name', 'ssl', 'ssl_certificate', 'ssl_certificate_key', 'add_header', 'ssl_conf_command', 'ssl_protocols', 'ssl_ciphers'],
  ...['ssl_prefer_server_ciphers', 'ssl_ecdh_curve', 'ssl_dhparam', 'ssl_session_tickets', 'ssl_stapling', 'resolver', 'ssl_reject_handshake', 'proxy_ssl'],
  ...['proxy_pass', 'grpc_pass', 'uwsgi_pass'],
];
const UPSTREAM_SUFFIXES = ['name', 'trusted_certificate', 'certificate', 'server_name', 'verify', 'protocols', 'ciphers'];
const UPSTREAM_PREFIXES = ['proxy_ssl_', 'grpc_ssl_', 'uwsgi_ssl_'];

/** The names server records and upstreamOf look up, each with its slot in Lookups.own. */
const SLOTTED = new Map(
  [...SERVER_NAMES, ...UPSTREAM_PREFIXES.flatMap((prefix) => UPSTREAM_SUFFIXES.map((s) => prefix + s))].map((name, slot) => [name, slot]),
);

function slot(name: string): Slot {
  return { name, slot: SLOTTED.get(name)! };
}

const LISTEN = slot('listen');
const SERVER_NAME = slot('server_name');
const SSL = slot('ssl');
const SSL_CERTIFICATE = slot('ssl_certificate');
const SSL_CERTIFICATE_KEY = slot('ssl_certificate_key');
const ADD_HEADER = slot('add_header');
const SSL_CONF_COMMAND = slot('ssl_conf_command');
const SSL_PROTOCOLS = slot('ssl_protocols');
const SSL_CIPHERS = slot('ssl_ciphers');
const SSL_PREFER_SERVER_CIPHERS = slot('ssl_prefer_server_ciphers');
const SSL_ECDH_CURVE = slot('ssl_ecdh_curve');
const SSL_DHPARAM = slot('ssl_dhparam');
const SSL_SESSION_TICKETS = slot('ssl_session_tickets');
const SSL_STAPLING = slot('ssl_stapling');
const RESOLVER = slot('resolver');
const SSL_REJECT_HANDSHAKE = slot('ssl_reject_handshake');
const PROXY_SSL = slot('proxy_ssl');
const PROXY_PASS = slot('proxy_pass');
const GRPC_PASS = slot('grpc_pass');
const UWSGI_PASS = slot('uwsgi_pass');

/** The TLS directive names of each upstream prefix, spelled out once. */
const UPSTREAM_DIRECTIVES = new Map(
  UPSTREAM_PREFIXES.map((prefix) => [
    prefix,
    {
      name: slot(prefix + 'name'),
      trusted: slot(prefix + 'trusted_certificate'),
      certificate: slot(prefix + 'certificate'),
      serverName: slot(prefix + 'server_name'),
      verify: slot(prefix + 'verify'),
      protocols: slot(prefix + 'protocols'),
      ciphers: slot(prefix + 'ciphers'),
    },
  ]),
);

function upstreamOf(item: Item, look: Lookups): NginxUpstream | undefined {
  const d = item.directive;
  const ctx = item.ctx;
  const url = d.args[0]?.text ?? '';
  let kind: UpstreamKind;
  let prefix: string;
  let host: string;
  if (ctx.kind === 'stream-server') {
    // stream: `proxy_pass host:port;` with `proxy_ssl on;` in effect.
    if (d.lname !== 'proxy_pass' || !look.flag(ctx, look.effective(ctx, PROXY_SSL), false).value) return undefined;
    kind = 'stream';
    prefix = 'proxy_ssl_';
    host = url.replace(/:\d+$/, '');
  } else {
    const spec = PASS_KINDS[d.lname];
    if (!spec) return undefined;
    const m = /^([a-z0-9+.-]+):\/\/([^/:]+|\[[^\]]+\])/i.exec(url);
    if (!m) {
      // `uwsgi_pass host:port` with `uwsgi_ssl on`? Not modelled beyond the scheme forms.
      return undefined;
    }
    if (!spec.tlsSchemes.includes(m[1].toLowerCase())) return undefined;
    kind = spec.kind;
    prefix = spec.prefix;
    host = m[2];
  }
  return new UpstreamRecord(kind, ctx, item, url, host, prefix, look);
}

/**
 * An upstream's record. A class, not an object literal: after a few thousand upstreams V8 decided to
 * allocate the literal's records in the old generation, and threw away the optimised code of the
 * functions that made them (upstreamOf, then compiled again). `new` has no such per-site decision.
 */
class UpstreamRecord implements NginxUpstream {
  // Declared, not class fields: a field would be defined as undefined first and then assigned.
  declare readonly kind: UpstreamKind;
  declare readonly root: RootContext;
  declare readonly ctx: BlockContext;
  declare readonly item: Item;
  declare readonly url: string;
  declare readonly host: string;
  declare readonly prefix: string;
  declare readonly serverName: Valued<boolean>;
  declare readonly name: Valued<string> | undefined;
  declare readonly verify: Valued<boolean>;
  declare readonly trusted: Valued<string> | undefined;
  declare readonly protocols: Valued<string[]>;
  declare readonly ciphers: Valued<string>;
  declare readonly certificate: Valued<string> | undefined;

  constructor(kind: UpstreamKind, ctx: BlockContext, item: Item, url: string, host: string, prefix: string, look: Lookups) {
    const names = UPSTREAM_DIRECTIVES.get(prefix)!;
    const own = look.passSlots(ctx);
    this.kind = kind;
    this.root = ctx.root;
    this.ctx = ctx;
    this.item = item;
    this.url = url;
    this.host = host;
    this.prefix = prefix;
    this.serverName = look.flag(ctx, look.inEffect(ctx, own, names.serverName), false);
    this.name = look.firstArg(ctx, look.inEffect(ctx, own, names.name));
    this.verify = look.flag(ctx, look.inEffect(ctx, own, names.verify), false);
    this.trusted = look.firstArg(ctx, look.inEffect(ctx, own, names.trusted));
    this.protocols = look.protocols(ctx, look.inEffect(ctx, own, names.protocols));
    this.ciphers = look.str(ctx, look.inEffect(ctx, own, names.ciphers), 'DEFAULT');
    this.certificate = look.firstArg(ctx, look.inEffect(ctx, own, names.certificate));
  }
}

export interface NginxPolicies {
  servers: NginxServer[];
  upstreams: NginxUpstream[];
}

const policiesCache = new WeakMap<Workspace, NginxPolicies>();

/** Effective policies of every server and TLS upstream of every nginx root of the workspace (computed once per workspace). */
export function nginxPolicies(ws: Workspace): NginxPolicies {
  let cached = policiesCache.get(ws);
  if (!cached) {
    cached = computeNginxPolicies(ws);
    policiesCache.set(ws, cached);
  }
  return cached;
}

function computeNginxPolicies(ws: Workspace): NginxPolicies {
  const servers: NginxServer[] = [];
  const upstreams: NginxUpstream[] = [];
  const look = new Lookups(ws.settings.targets.nginx);
  for (const root of ws.roots) {
    if (root.dialect !== 'nginx') continue;
    const contexts = root.contexts;
    for (let j = 0; j < contexts.length; j++) {
      const ctx = contexts[j];
      let passes: Item[] | undefined;
      if ((ctx.kind === 'server' || ctx.kind === 'stream-server' || ctx.kind === 'mail-server') && ctx.directive) {
        servers.push(new ServerRecord(ws, ctx, look));
        passes = look.serverPasses(ctx);
      }
      if (passes) {
        for (let k = 0; k < passes.length; k++) {
          const u = upstreamOf(passes[k], look);
          if (u) upstreams.push(u);
        }
        continue;
      }
      const items = ctx.items;
      for (let k = 0; k < items.length; k++) {
        const it = items[k];
        const lname = it.directive.lname;
        if (lname === 'proxy_pass' || lname === 'grpc_pass' || lname === 'uwsgi_pass') {
          const u = upstreamOf(it, look);
          if (u) upstreams.push(u);
        }
      }
    }
  }
  markSharedTlsSockets(servers, skippedTlsSockets(ws));
  return { servers, upstreams };
}

/** nginx's view of a listen address: the wildcard forms are one, IPv6 is bracketed and lower case. */
export function normalizeNginxHost(host: string): string {
  const h = host.toLowerCase();
  if (h === '*' || h === '0.0.0.0' || h === '') return '*';
  if (h === 'localhost') return '127.0.0.1';
  if (h.startsWith('[')) return h === '[::0]' || h === '[0:0:0:0:0:0:0:0]' ? '[::]' : h;
  return h;
}

/** The socket a listen opens, within its root and context kind (QUIC is UDP: a socket of its own). */
export function nginxSocketKey(s: Pick<NginxServer, 'root' | 'kind'>, l: ListenInfo): string | undefined {
  if (l.port === null || l.host.startsWith('unix:')) return undefined;
  return `${s.root.file}|${s.kind}${l.quic ? '/quic' : ''}|${normalizeNginxHost(l.host)}:${l.port}`;
}

/** Sockets the servers of files a focused lint left out declare `ssl` on (model/focus.ts): made once per focus. */
function skippedTlsSockets(ws: Workspace): ReadonlySet<string> {
  if (!ws.focus) return new Set();
  const signature = leftOutSignature(ws);
  const known = leftOutTls.get(ws.focus);
  if (known?.signature === signature) return known.keys;
  const keys = leftOutTlsSockets(ws);
  leftOutTls.set(ws.focus, { signature, keys });
  return keys;
}

const leftOutTls = new WeakMap<Focus, { signature: string; keys: Set<string> }>();

function leftOutTlsSockets(ws: Workspace): Set<string> {
  const out = new Set<string>();
  if (!ws.focus) return out;
  for (const [rootFile, files] of ws.skipped) {
    const root = ws.roots.find((r) => r.file === rootFile);
    if (!root) continue;
    for (const file of files) {
      const ctx = ws.skippedContexts.get(`${rootFile}\u0000${file}`) ?? 'http';
      const kind = ctx === 'stream' ? 'stream-server' : ctx === 'mail' ? 'mail-server' : 'server';
      for (const summary of ws.focus.servers(file)) {
        for (const l of summary.listens) {
          const key = l.ssl ? nginxSocketKey({ root, kind }, l) : undefined;
          if (key) out.add(key);
        }
      }
    }
  }
  return out;
}

/**
 * nginx ORs the `ssl` listen parameter over every server on an address:port, so a server whose own
 * listen lacks `ssl` still speaks TLS when another server declares it on the same socket.
 */
function markSharedTlsSockets(servers: NginxServer[], leftOut: ReadonlySet<string>): void {
  // Only a server without TLS of its own can gain it, and only from a socket on one of its ports:
  // the other 10,000 sockets of a hosting tree need no key.
  const plain = servers.filter((s) => !s.tls);
  if (!plain.length) return;
  const tls = new Set(leftOut);
  const ports = new Set<number | null>();
  for (const s of plain) for (const l of s.listens) ports.add(l.port);
  for (const s of servers) for (const l of s.listens) if (l.ssl && ports.has(l.port)) tls.add(nginxSocketKey(s, l) ?? '');
  tls.delete('');
  for (const s of plain) {
    if (s.listens.some((l) => tls.has(nginxSocketKey(s, l) ?? ''))) s.tls = true;
  }
}
