// Listening sockets across all files of a root, and the virtual hosts that share each one. A TLS client
// reaches an address:port; the server picks the virtual host by SNI among those on that socket, and the
// default one answers everything else. The SNI rules, the effective-policy view and the ground-truth
// tests read this grouping.
//
// nginx: one entry per (server, listen). `listen 443`, `*:443` and `0.0.0.0:443` are one socket;
// `[::]:443` is another (ipv6only is on by default); `127.0.0.1:443` is its own socket (nginx dispatches
// by the exact address the connection arrived on). The `ssl` parameter is per socket: nginx ORs it over
// the servers on it, so one `listen 443 ssl` makes every server on that socket TLS.
//
// Apache httpd (checked against `apache2 -t -D DUMP_VHOSTS`): one entry per (<VirtualHost>, address).
// `*:443` and `_default_:443` are one name-based group, in load order: `_default_` does not make a vhost
// the default, the first vhost loaded for the address:port is. `*:*` and `*` (no port) form a group of
// their own (port `*`, kept as port 0), used on ports no `*:port` group serves. An IP address
// (`192.0.2.1:443`) is its own group, and it wins for connections to that IP: the `*:443` vhosts are not
// considered there. TLS is per vhost (SSLEngine), so `tls` on an Apache socket means some vhost has it.
// The main server is not a vhost of any group. In a focused lint the vhosts of left-out files come back
// from their summaries (model/apache/focus.ts), like nginx's servers.
//
// Squid: one entry per http_port/https_port, host `*` for a port without address (Squid listens on
// [::], IPv4 and IPv6) and for 0.0.0.0. There is no SNI selection: a socket with two ports is a conflict
// (rules/squid/listens.ts, which also knows that 3128 overlaps 127.0.0.1:3128). In a focused lint the ports
// of left-out Squid files are not hosts here: that rule reads them from SquidPolicy.listens instead.

import type { Dialect, Range } from '../types';
import type { Directive } from '../syntax/tree';
import type { Item, RootContext, Workspace } from './workspace';
import { nginxPolicies, normalizeNginxHost, type ListenInfo, type NginxServer } from './nginxPolicy';
import { apacheCached, vhostLabel, type ApacheVhost, type VhostAddress } from './apache/policy';
import { squid, type SquidPort } from './squid/policy';
import { leftOutSignature, type Focus } from './focus';
import { apacheLoadOrder, apachePhantomVhosts, type PhantomVhost } from './apache/focus';

export { normalizeNginxHost };

export interface VirtualHost {
  dialect: Dialect;
  root: RootContext;
  /** http, stream or mail (nginx; `/quic` for QUIC); `http` for Apache vhosts; `proxy` for Squid ports. */
  protocol: string;
  /** Normalised host part: `*`, `[::]`, an IP or a host name (lower case). */
  host: string;
  port: number;
  /** This declaration asks for TLS (nginx `ssl`/`quic` parameter, Apache `SSLEngine on`). */
  declaresTls: boolean;
  /** Marked as the default (nginx `default_server`; Apache and Squid have no such mark: always false). */
  explicitDefault: boolean;
  /** The listen directive (nginx `listen`; Apache `<VirtualHost>`; Squid the port line) and its address argument. */
  listen: { directive: Directive; item?: Item; range: Range };
  /** Names the host answers to, in order (nginx server_name; Apache ServerName then ServerAlias). */
  names: { name: string; file: string; range: Range }[];
  /** The block: for ranges and related information. */
  block: Directive;
  /** How messages name it. */
  label: string;
  /** The dialect's own record. */
  nginx?: NginxServer;
  nginxListen?: ListenInfo;
  apache?: ApacheVhost;
  apacheAddress?: VhostAddress;
  squid?: SquidPort;
  /** Position in load order within the root (the first host of a socket is its implicit default). */
  order: number;
}

export interface Socket {
  key: string;
  dialect: Dialect;
  root: RootContext;
  protocol: string;
  host: string;
  port: number;
  /** In load order. */
  hosts: VirtualHost[];
  /** Any host on it declares TLS (nginx makes the whole socket TLS then). */
  tls: boolean;
  /** The host that answers clients without SNI or with a name no host claims. */
  default: VirtualHost;
  /** Whether `default` was chosen explicitly, or is just the first in load order. */
  defaultIsExplicit: boolean;
  /**
   * Focused lints (model/focus.ts): the hosts of `hosts` that come from summaries of left-out files
   * (nginx servers, Apache vhosts), in load order. The same array comes back for every lint of a run of keystrokes, so a rule can compute
   * what it needs from them once (a WeakMap keyed by this array). Their findings would be in files the
   * lint does not report on: rules need them only to judge the hosts in `linted`.
   */
  leftOut?: readonly VirtualHost[];
  /** The hosts of `hosts` that are not `leftOut` (all of them in a full lint), in load order. */
  linted: VirtualHost[];
}

/** `*:443` written as the user would read it (port 0 is Apache's any-port `*`). */
export function socketLabel(s: { host: string; port: number }): string {
  return `${s.host === '*' ? '*' : s.host}:${s.port === 0 ? '*' : s.port}`;
}

const cache = new WeakMap<Workspace, Socket[]>();

export function sockets(ws: Workspace): Socket[] {
  const cached = cache.get(ws);
  if (cached) return cached;
  const out = socketsFrom(ws, [...nginxHosts(ws), ...apacheHosts(ws), ...squidHosts(ws)], undefined);
  cache.set(ws, out);
  return out;
}

type SocketDialect = 'nginx' | 'apache' | 'squid';
const byDialectCache = new WeakMap<Workspace, Map<SocketDialect, Socket[]>>();

/**
 * The sockets of one dialect, in the order sockets() gives them, made from that dialect's hosts alone:
 * the rules about nginx or Apache sockets read these, so a Squid lint does not group its ports (20,000
 * hosts in squid-10000) for rules that skip them. Socket keys hold the dialect, so no socket mixes two.
 */
export function socketsOf(ws: Workspace, dialect: SocketDialect): Socket[] {
  let byDialect = byDialectCache.get(ws);
  if (!byDialect) byDialectCache.set(ws, (byDialect = new Map()));
  let out = byDialect.get(dialect);
  if (!out) {
    const hosts = dialect === 'nginx' ? nginxHosts(ws) : dialect === 'apache' ? apacheHosts(ws) : squidHosts(ws);
    out = socketsFrom(ws, hosts, dialect);
    byDialect.set(dialect, out);
  }
  return out;
}

/** Sockets from hosts in load order; with `only`, left-out hosts of other dialects are not merged in. */
function socketsFrom(ws: Workspace, hosts: VirtualHost[], only: SocketDialect | undefined): Socket[] {
  const byKey = groupHosts(hosts);
  for (const list of byKey.values()) list.sort(byOrder);
  // Left-out servers of a focused lint: grouped and sorted once per focus, merged with this lint's hosts.
  const phantomGroups = ws.focus ? phantomSockets(ws, ws.focus) : undefined;
  const keys = [...byKey.keys()];
  if (phantomGroups) for (const [key, list] of phantomGroups) if (!byKey.has(key) && (!only || list[0].dialect === only)) keys.push(key);
  const out: Socket[] = [];
  const rootByFile = new Map(ws.roots.map((r) => [r.file, r]));
  for (const key of keys) {
    const linted = byKey.get(key) ?? [];
    const leftOut = phantomGroups?.get(key);
    const list = !leftOut ? linted : linted.length ? mergeByOrder(linted, leftOut) : leftOut.slice();
    const explicit = list.find((h) => h.explicitDefault);
    out.push({
      key,
      dialect: list[0].dialect,
      // (The first host may be a cached summary of an earlier focused lint: take this workspace's root.)
      root: rootByFile.get(list[0].root.file) ?? list[0].root,
      protocol: list[0].protocol,
      host: list[0].host,
      port: list[0].port,
      hosts: list,
      tls: list.some((h) => h.declaresTls),
      default: explicit ?? list[0],
      defaultIsExplicit: explicit !== undefined,
      leftOut,
      linted,
    });
  }
  return out;
}

const byOrder = (a: VirtualHost, b: VirtualHost) => a.order - b.order;

/**
 * Hosts by socket key (root file, dialect, protocol, host and port), keys in the order their first host
 * comes. The lists are found through one map per part of the key, so the key string is made once per
 * socket rather than once for each of the 20,000 hosts of a hosting tree (short-lived strings the young
 * collections pay for).
 */
function groupHosts(hosts: VirtualHost[]): Map<string, VirtualHost[]> {
  const byKey = new Map<string, VirtualHost[]>();
  const byFile = new Map<string, Map<string, Map<string, Map<string, Map<number, VirtualHost[]>>>>>();
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i];
    const file = h.root.file;
    let byDialect = byFile.get(file);
    if (!byDialect) byFile.set(file, (byDialect = new Map()));
    let byProtocol = byDialect.get(h.dialect);
    if (!byProtocol) byDialect.set(h.dialect, (byProtocol = new Map()));
    let byHost = byProtocol.get(h.protocol);
    if (!byHost) byProtocol.set(h.protocol, (byHost = new Map()));
    let byPort = byHost.get(h.host);
    if (!byPort) byHost.set(h.host, (byPort = new Map()));
    const list = byPort.get(h.port);
    if (list) list.push(h);
    else {
      const first = [h];
      byPort.set(h.port, first);
      byKey.set(`${file}|${h.dialect}|${h.protocol}|${h.host}:${h.port}`, first);
    }
  }
  return byKey;
}

/** Two lists sorted by load order, as one (a new array; `b` is shared and stays as it is). */
export function mergeByOrder<T extends { order: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j].order < a[i].order ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * Per focus: the hosts of the servers and vhosts its lints leave out, grouped by socket and sorted, with
 * what they were made from: the signature of the left-out files (a lint whose expansion left out other
 * files, e.g. right after an edit added an include, gets groups of its own) and the list of Apache
 * phantom vhosts (itself kept per focus by model/apache/focus.ts).
 */
const phantomCache = new WeakMap<Focus, { signature: string; apache: readonly PhantomVhost[]; groups: Map<string, VirtualHost[]> }>();

function phantomSockets(ws: Workspace, focus: Focus): Map<string, VirtualHost[]> {
  const signature = leftOutSignature(ws);
  const apache = apachePhantomVhosts(ws);
  const known = phantomCache.get(focus);
  if (known && known.signature === signature && known.apache === apache) return known.groups;
  const groups = groupHosts([...leftOutHosts(ws, focus), ...apachePhantomHosts(apache)]);
  for (const list of groups.values()) list.sort(byOrder);
  phantomCache.set(focus, { signature, apache, groups });
  return groups;
}

/** The order of a host within its root: in a focused lint, the full lint's file order first. */
function orderIn(focus: Focus | undefined, file: string, i: number): number {
  return focus ? (focus.rank(file) ?? 1e6) * 1e6 + i : i;
}

function nginxHosts(ws: Workspace): VirtualHost[] {
  const out: VirtualHost[] = [];
  const servers = nginxPolicies(ws).servers;
  const focus = ws.focus;
  // In a focused lint (model/focus.ts) the servers of left-out files come back as summaries: load order
  // is then the full lint's file order, so real and summarised hosts sort as they would together.
  // Plain loops, no callback per server: V8 compiled the forEach callback (with everything inlined into
  // it) and dropped that code again at the first server record of another shape.
  for (let i = 0; i < servers.length; i++) {
    const s = servers[i];
    const listens = s.listens;
    if (!listens.length) continue;
    const protocol = s.kind === 'server' ? 'http' : s.kind === 'stream-server' ? 'stream' : 'mail';
    // The server record's own list: its names carry their file and range already.
    const names: VirtualHost['names'] = s.names;
    const label = hostLabel(names, s.directive);
    const order = orderIn(focus, s.directive.file, i);
    const sslOn = s.sslOn !== undefined;
    for (let j = 0; j < listens.length; j++) {
      const h = nginxHost(s.root, protocol, listens[j], names, s.directive, order, sslOn, label, s);
      if (h) out.push(h);
    }
  }
  return out;
}

/** In a focused lint (model/focus.ts): the hosts of the servers of left-out files, from their summaries. */
function leftOutHosts(ws: Workspace, focus: Focus): VirtualHost[] {
  const out: VirtualHost[] = [];
  for (const [rootFile, files] of ws.skipped) {
    const root = ws.roots.find((r) => r.file === rootFile);
    if (!root || root.dialect !== 'nginx') continue;
    for (const file of files) {
      const kind = ws.skippedContexts.get(`${rootFile}\u0000${file}`) ?? 'http';
      const protocol = kind === 'stream' ? 'stream' : kind === 'mail' ? 'mail' : 'http';
      focus.servers(file).forEach((summary, j) => {
        for (const l of summary.listens) {
          const h = nginxHost(root, protocol, l, summary.names, summary.block, orderIn(focus, file, j), false);
          if (h) out.push(h);
        }
      });
    }
  }
  return out;
}

function hostLabel(names: VirtualHost['names'], block: Directive): string {
  const label = names.find((n) => n.name && n.name !== '_')?.name;
  return label ? `server "${label}"` : `server at ${block.file.split('/').pop()}:${block.range.start.line + 1}`;
}

/**
 * The host one listen of a server stands for. With `server` (a server of the lint, not a summary of a
 * left-out file) the record also points to the listen's item and the server's policy. Built in one go,
 * not copied and extended: the copies gave each of 20,000 hosts a hidden class of its own.
 */
function nginxHost(
  root: RootContext,
  protocol: string,
  l: ListenInfo,
  names: VirtualHost['names'],
  block: Directive,
  order: number,
  sslOn: boolean,
  label = hostLabel(names, block),
  server?: NginxServer,
): VirtualHost | undefined {
  if (l.port === null || l.host.startsWith('unix:')) return undefined;
  // QUIC listens on UDP: a socket of its own beside the TCP one.
  const proto = l.quic ? `${protocol}/quic` : protocol;
  const host = normalizeNginxHost(l.host);
  const declaresTls = l.ssl || sslOn;
  const d = l.item.directive;
  if (!server) {
    return { dialect: 'nginx', root, protocol: proto, host, port: l.port, declaresTls, explicitDefault: l.defaultServer, listen: { directive: d, range: l.addressRange }, names, block, label, nginxListen: l, order };
  }
  return {
    dialect: 'nginx',
    root,
    protocol: proto,
    host,
    port: l.port,
    declaresTls,
    explicitDefault: l.defaultServer,
    listen: new ListenAt(d, l),
    names,
    block,
    label,
    nginxListen: l,
    order,
    nginx: server,
  };
}

/**
 * A server host's listen directive, item and address range, read from the listen record when asked:
 * argument ranges are made on their first read (syntax/tree.ts), and few of a hosting tree's tens of
 * thousands of listens are reported.
 */
class ListenAt {
  constructor(
    readonly directive: Directive,
    private readonly listen: ListenInfo,
  ) {}

  get item(): Item {
    return this.listen.item;
  }

  get range(): Range {
    return this.listen.addressRange;
  }
}

/** httpd's host part of a vhost address: `_default_` is `*`; IPv6 and names lower case. */
export function normalizeApacheHost(host: string): string {
  return host === '_default_' || host === '*' ? '*' : host.toLowerCase();
}

function apacheHosts(ws: Workspace): VirtualHost[] {
  const out: VirtualHost[] = [];
  apacheCached(ws).vhosts.forEach((v, i) => {
    if (v.kind !== 'virtualhost' || !v.item) return;
    const order = apacheLoadOrder(ws, v, i);
    const names = v.names.map((n) => ({ name: n.name, file: n.item.directive.file, range: n.range }));
    for (const a of v.addresses) {
      out.push({
        dialect: 'apache',
        root: v.root,
        protocol: 'http',
        host: normalizeApacheHost(a.host),
        port: a.port ?? 0,
        declaresTls: v.tls,
        explicitDefault: false,
        listen: { directive: v.directive, item: v.item, range: a.arg.range },
        names,
        block: v.directive,
        label: vhostLabel(v),
        apache: v,
        apacheAddress: a,
        order,
      });
    }
  });
  return out;
}

/**
 * In a focused lint, the vhosts of left-out files (model/apache/focus.ts), without an `apache` record:
 * rules report nothing on them (their files are not linted), only against them.
 */
function apachePhantomHosts(phantoms: readonly PhantomVhost[]): VirtualHost[] {
  const out: VirtualHost[] = [];
  for (const p of phantoms) {
    const v = p.summary;
    for (const a of v.addresses) {
      out.push({
        dialect: 'apache',
        root: p.root,
        protocol: 'http',
        host: normalizeApacheHost(a.host),
        port: a.port ?? 0,
        declaresTls: p.tls,
        explicitDefault: false,
        listen: { directive: v.block, range: a.arg.range },
        names: v.names,
        block: v.block,
        label: v.label,
        apacheAddress: a,
        order: p.order,
      });
    }
  }
  return out;
}

function squidHosts(ws: Workspace): VirtualHost[] {
  const out: VirtualHost[] = [];
  let order = 0;
  for (const p of squid(ws)) {
    for (const port of p.ports) {
      order++;
      if (port.port === undefined || !port.address) continue;
      out.push({
        dialect: 'squid',
        root: p.root,
        protocol: 'proxy',
        host: port.host ? normalizeNginxHost(port.host) : '*',
        port: port.port,
        declaresTls: port.tls,
        explicitDefault: false,
        listen: { directive: port.directive, item: port.item, range: port.address.range },
        names: [],
        block: port.directive,
        label: port.label,
        squid: port,
        order,
      });
    }
  }
  return out;
}
