// The effective TLS policy of nginx servers and upstreams: for every server block of every root, what
// nginx will actually use after inheritance (http → server → location), each value with its origin —
// the directive it comes from, or the default that applies for the target nginx version.

import type { Range } from '../types';
import type { Directive } from '../syntax/tree';
import { versionAtLeast } from '../settings';
import { canonicalProtocol, PROTOCOLS } from '../tls/protocols';
import { expandCipherString, expandCiphersuites, type CipherExpansion, type Tls13Expansion } from '../tls/ciphers/expand';
import type { Protocol } from '../tls/ciphers/table';

const expansions = new Map<string, CipherExpansion>();

/**
 * Cipher-string expansion, memoized: thousands of servers share a handful of strings. `side`: nginx
 * as the server (ssl_ciphers: each enabled version counts on its own) or as a client to an upstream
 * (proxy_ssl_ciphers: OpenSSL's contiguous version range).
 */
export function expandForProtocols(text: string, protocols: readonly string[], securityLevel: number, side: 'server' | 'client' = 'server'): CipherExpansion {
  const ps = protocols.filter((p): p is Protocol => p !== 'SSLv2');
  const key = `${side}|${securityLevel}|${ps.join(',')}|${text}`;
  let x = expansions.get(key);
  if (!x) {
    if (expansions.size > 500) expansions.clear();
    x = expandCipherString(text, { securityLevel, protocols: ps, side });
    expansions.set(key, x);
  }
  return x;
}
import type { BlockContext, Item, RootContext, Workspace } from './workspace';
import { leftOutSignature, type Focus } from './focus';

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
  names: { name: string; item: Item; range: Range }[];
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

/**
 * Items of `name` directly in `ctx`. Indexed per context on first use: an http block holding
 * thousands of servers is asked about a dozen names for each of them.
 */
export function itemsIn(ctx: BlockContext, name: string): Item[] {
  // A block of a few dozen directives (a server, a location) is scanned: an index per block cost 30 MB
  // for a 10,000-server tree.
  if (ctx.items.length <= SCAN_UP_TO) {
    let found: Item[] | undefined;
    for (const i of ctx.items) if (i.directive.lname === name) (found ??= []).push(i);
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

function flag(ctx: BlockContext, name: string, dflt: boolean): Valued<boolean> {
  const it = effectiveItem(ctx, name);
  if (!it) return { value: dflt, defaultNote: `default: ${dflt ? 'on' : 'off'}` };
  return { value: (it.directive.args[0]?.text ?? '').toLowerCase() === 'on', item: it };
}

function str(ctx: BlockContext, name: string, dflt: string, note?: string): Valued<string> {
  const it = effectiveItem(ctx, name);
  if (!it) return { value: dflt, defaultNote: note ?? `default: ${dflt}` };
  return { value: it.directive.args.map((a) => a.text).join(' '), item: it };
}

/**
 * nginx stores protocols as a bitmask and ORs every `ssl_protocols` of a level together, so the
 * effective set is the union of that level's directives (in nginx's bit order), not the last one.
 */
function protocols(ctx: BlockContext, name: string, version: string): Valued<string[]> {
  const items = effectiveItems(ctx, name);
  if (!items.length) return nginxDefaultProtocols(version);
  const set = new Set<string>();
  for (const it of items) for (const a of it.directive.args) {
    const p = canonicalProtocol(a.text);
    if (p) set.add(p);
  }
  return { value: PROTOCOLS.filter((p) => set.has(p)), item: items[items.length - 1], items };
}

/**
 * The value of an OpenSSL configuration command set with `ssl_conf_command <name> <value>` (all
 * ssl_conf_command of the innermost level that has any apply, in order; the last one of a name wins).
 */
export function confCommand(ctx: BlockContext, name: string): Valued<string> | undefined {
  const items = effectiveItems(ctx, 'ssl_conf_command').filter((i) => i.directive.args[0]?.text.toLowerCase() === name);
  const last = items[items.length - 1];
  return last ? { value: last.directive.args[1]?.text ?? '', item: last } : undefined;
}

/** `ssl_conf_command Options …[-]ServerPreference…`: the last mention decides. */
function serverPreferenceCommand(ctx: BlockContext): Valued<boolean> | undefined {
  const items = effectiveItems(ctx, 'ssl_conf_command').filter((i) => i.directive.args[0]?.text.toLowerCase() === 'options');
  let found: Valued<boolean> | undefined;
  for (const it of items) {
    for (const raw of (it.directive.args[1]?.text ?? '').split(',')) {
      const o = raw.trim().toLowerCase();
      if (o === 'serverpreference') found = { value: true, item: it };
      else if (o === '-serverpreference') found = { value: false, item: it };
    }
  }
  return found;
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

export function parseListen(item: Item): ListenInfo | undefined {
  const d = item.directive;
  const a = d.args[0];
  if (!a) return undefined;
  const address = a.text;
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
  const params = d.args.slice(1).map((x) => x.text.toLowerCase());
  return {
    item,
    address,
    host,
    port,
    ssl: params.includes('ssl'),
    quic: params.includes('quic'),
    http2: params.includes('http2'),
    defaultServer: params.includes('default_server') || params.includes('default'),
    addressRange: a.range,
  };
}

/** max-age of a Strict-Transport-Security value, or null when absent or malformed. */
export function hstsMaxAge(value: string): number | null {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return m ? parseInt(m[1], 10) : null;
}

export function hstsOf(items: Item[]): HstsHeader | undefined {
  for (const it of items) {
    const args = it.directive.args;
    if (args[0]?.text.toLowerCase() === 'strict-transport-security') {
      const value = args[1]?.text ?? '';
      return { item: it, value, maxAge: hstsMaxAge(value), always: args.slice(2).some((x) => x.text.toLowerCase() === 'always') };
    }
  }
  return undefined;
}

function serverOf(ws: Workspace, ctx: BlockContext): NginxServer {
  const version = ws.settings.targets.nginx;
  const kind = ctx.kind === 'stream-server' ? 'stream-server' : ctx.kind === 'mail-server' ? 'mail-server' : 'server';
  const listens = itemsIn(ctx, 'listen').map(parseListen).filter((x): x is ListenInfo => x !== undefined);
  const names: NginxServer['names'] = [];
  for (const it of itemsIn(ctx, 'server_name')) for (const a of it.directive.args) names.push({ name: a.text, item: it, range: a.range });
  const sslItem = effectiveItem(ctx, 'ssl');
  const sslOn = sslItem && sslItem.directive.args[0]?.text.toLowerCase() === 'on' ? sslItem : undefined;
  const certificateItems = effectiveItems(ctx, 'ssl_certificate');
  const keyItems = effectiveItems(ctx, 'ssl_certificate_key');
  const certificates: CertificatePair[] = certificateItems.map((c, i) => ({
    certificate: { value: c.directive.args[0]?.text ?? '', item: c },
    key: keyItems[i] ? { value: keyItems[i].directive.args[0]?.text ?? '', item: keyItems[i] } : undefined,
  }));
  const headers = effectiveItems(ctx, 'add_header');
  const resolverItem = effectiveItem(ctx, 'resolver');
  const dh = effectiveItem(ctx, 'ssl_dhparam');
  const server = {
    kind,
    root: ctx.root,
    ctx,
    directive: ctx.directive!,
    listens,
    names,
    sslOn,
    tls: listens.some((l) => l.ssl || l.quic) || sslOn !== undefined,
    protocols: protocols(ctx, 'ssl_protocols', version),
    protocolBounds: { min: confCommand(ctx, 'minprotocol'), max: confCommand(ctx, 'maxprotocol') },
    ciphers: confCommand(ctx, 'cipherstring') ?? str(ctx, 'ssl_ciphers', 'HIGH:!aNULL:!MD5'),
    preferServerCiphers: serverPreferenceCommand(ctx) ?? flag(ctx, 'ssl_prefer_server_ciphers', false),
    certificates,
    certificateItems,
    keyItems,
    ecdhCurve: str(ctx, 'ssl_ecdh_curve', 'auto'),
    tls13Ciphers: confCommand(ctx, 'ciphersuites'),
    dhparam: dh ? { value: dh.directive.args[0]?.text ?? '', item: dh } : undefined,
    sessionTickets: flag(ctx, 'ssl_session_tickets', true),
    stapling: flag(ctx, 'ssl_stapling', false),
    resolver: resolverItem ? { value: resolverItem.directive.args.map((a) => a.text), item: resolverItem } : undefined,
    rejectHandshake: flag(ctx, 'ssl_reject_handshake', false),
    headers,
    hsts: hstsOf(headers),
  } as Omit<NginxServer, 'suites' | 'tls13Suites'> as NginxServer;
  const level = ws.settings.securityLevel;
  let suites: CipherExpansion | undefined;
  let tls13: Tls13Expansion | undefined;
  Object.defineProperty(server, 'suites', { enumerable: true, get: () => (suites ??= expandForProtocols(server.ciphers.value, enabledProtocols(server), level)) });
  Object.defineProperty(server, 'tls13Suites', { enumerable: true, get: () => (tls13 ??= expandCiphersuites(server.tls13Ciphers?.value)) });
  return server;
}

const PASS_KINDS: Record<string, { kind: UpstreamKind; prefix: string; tlsSchemes: string[] }> = {
  proxy_pass: { kind: 'proxy', prefix: 'proxy_ssl_', tlsSchemes: ['https'] },
  grpc_pass: { kind: 'grpc', prefix: 'grpc_ssl_', tlsSchemes: ['grpcs'] },
  uwsgi_pass: { kind: 'uwsgi', prefix: 'uwsgi_ssl_', tlsSchemes: ['suwsgi'] },
};

function upstreamOf(ws: Workspace, item: Item): NginxUpstream | undefined {
  const d = item.directive;
  const ctx = item.ctx;
  const url = d.args[0]?.text ?? '';
  const version = ws.settings.targets.nginx;
  let kind: UpstreamKind;
  let prefix: string;
  let host: string;
  if (ctx.kind === 'stream-server') {
    // stream: `proxy_pass host:port;` with `proxy_ssl on;` in effect.
    if (d.lname !== 'proxy_pass' || !flag(ctx, 'proxy_ssl', false).value) return undefined;
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
  const nameItem = effectiveItem(ctx, prefix + 'name');
  const trustedItem = effectiveItem(ctx, prefix + 'trusted_certificate');
  const certItem = effectiveItem(ctx, prefix + 'certificate');
  return {
    kind,
    root: ctx.root,
    ctx,
    item,
    url,
    host,
    prefix,
    serverName: flag(ctx, prefix + 'server_name', false),
    name: nameItem ? { value: nameItem.directive.args[0]?.text ?? '', item: nameItem } : undefined,
    verify: flag(ctx, prefix + 'verify', false),
    trusted: trustedItem ? { value: trustedItem.directive.args[0]?.text ?? '', item: trustedItem } : undefined,
    protocols: protocols(ctx, prefix + 'protocols', version),
    ciphers: str(ctx, prefix + 'ciphers', 'DEFAULT'),
    certificate: certItem ? { value: certItem.directive.args[0]?.text ?? '', item: certItem } : undefined,
  };
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
  for (const root of ws.roots) {
    if (root.dialect !== 'nginx') continue;
    for (const ctx of root.contexts) {
      if ((ctx.kind === 'server' || ctx.kind === 'stream-server' || ctx.kind === 'mail-server') && ctx.directive) servers.push(serverOf(ws, ctx));
      for (const it of ctx.items) {
        if (it.directive.lname === 'proxy_pass' || it.directive.lname === 'grpc_pass' || it.directive.lname === 'uwsgi_pass') {
          const u = upstreamOf(ws, it);
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
function skippedTlsSockets(ws: Workspace): Set<string> {
  if (!ws.focus) return new Set();
  const signature = leftOutSignature(ws);
  const known = leftOutTls.get(ws.focus);
  if (known?.signature === signature) return new Set(known.keys);
  const keys = leftOutTlsSockets(ws);
  leftOutTls.set(ws.focus, { signature, keys });
  return new Set(keys);
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
function markSharedTlsSockets(servers: NginxServer[], tls: Set<string>): void {
  for (const s of servers) for (const l of s.listens) if (l.ssl) tls.add(nginxSocketKey(s, l) ?? '');
  tls.delete('');
  for (const s of servers) {
    if (s.tls) continue;
    if (s.listens.some((l) => tls.has(nginxSocketKey(s, l) ?? ''))) s.tls = true;
  }
}
