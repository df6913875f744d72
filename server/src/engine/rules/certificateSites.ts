// Where nginx configurations name certificate-like files, what those files hold, and the facts the
// cert-*, dhparam-weak and ocsp-no-responder rules share. Everything is computed once per lint (per
// workspace) and every file is read through model/configFiles (the workspace's FileSystem). Key files
// yield only facts (type, size, match verdict): no key material is kept or put into a message.

import * as path from 'node:path';
import type { Dialect, Range } from '../types';
import type { Arg, Directive } from '../syntax/tree';
import type { Item, RootContext, Workspace } from '../model/workspace';
import {
  checkKeyFile,
  loadCertificates,
  loadDhParams,
  resolutionOf,
  resolutionsFor,
  type KeyFacts,
  type Loaded,
  type PathResolution,
} from '../model/configFiles';
import { NGINX_FILE_DIRECTIVES, NGINX_FILE_KINDS, type FileKind } from '../model/configFiles';
import { checkChain, readCertificates, type CertificateBundle, type CertificateInfo, type ChainResult } from '../tls/x509/certificate';
import type { Report, RuleContext } from './rule';
import { nginx } from './helpers';
import { supportFor } from '../model/dialects';
import { effectiveItem } from '../model/nginxPolicy';
import { otherCertificateUses, otherFileSites } from './dialectSites';
import { nginxDirectiveWalk } from './nginxDirectiveWalk';

export { NGINX_FILE_DIRECTIVES, type FileKind };

/** One file argument as one root sees it. */
export interface FileSite {
  directive: Directive;
  arg: Arg;
  kind: FileKind;
  root: RootContext;
  resolution: PathResolution;
}

export function rootFileOf(root: RootContext): string | undefined {
  return root.fragment ? undefined : root.file;
}

const siteCache = new WeakMap<Workspace, FileSite[]>();

/** Every file argument of the nginx roots, once per (directive, resolved path). */
export function fileSites(ws: Workspace): FileSite[] {
  const cached = siteCache.get(ws);
  if (cached) return cached;
  const out: FileSite[] = [];
  // What each directive already resolved to: one path (nearly always), or several (other roots' prefixes).
  const seen = new Map<Directive, string | Set<string>>();
  eachNginxFileArg(ws, (directive, arg, kind, root, resolution) => {
    if (firstTime(seen, directive, resolution.kind === 'file' ? resolution.path : resolution.kind)) out.push({ directive, arg, kind, root, resolution });
  });
  eachOtherFileSite(ws, (site) => out.push(site));
  siteCache.set(ws, out);
  return out;
}

const distinctCache = new WeakMap<Workspace, FileSite[]>();

/** A bit per file kind, for the kinds already seen naming one path. */
const KIND_BIT: Record<FileKind, number> = { certificate: 1, key: 2, ca: 4, dhparam: 8 };

/**
 * The first of fileSites(ws) for each (kind, file) in table order, and every site that is not a file
 * (inline data, variables), found in one walk without building fileSites' whole table: a hosting tree
 * names four or five files from some 30,000 directives, and the rules need the whole table only when
 * one of those files is flagged. A repeat fileSites drops (same directive, same path) has the kind and
 * path of an earlier site, so dropping by (kind, path) alone keeps the same firsts.
 */
export function distinctFileSites(ws: Workspace): FileSite[] {
  const cached = distinctCache.get(ws);
  if (cached) return cached;
  const out: FileSite[] = [];
  const kindsByPath = new Map<string, number>();
  const firstOfKind = (kind: FileKind, path: string): boolean => {
    const bit = KIND_BIT[kind];
    const known = kindsByPath.get(path);
    if (known === undefined) kindsByPath.set(path, bit);
    else if (known & bit) return false;
    else kindsByPath.set(path, known | bit);
    return true;
  };
  // Sites that are not files are each kept once per directive (and argument), as fileSites keeps them.
  const seen = new Map<Directive, string | Set<string>>();
  eachNginxFileArg(ws, (directive, arg, kind, root, resolution) => {
    if (resolution.kind === 'file' ? firstOfKind(kind, resolution.path) : firstTime(seen, directive, resolution.kind)) out.push({ directive, arg, kind, root, resolution });
  });
  eachOtherFileSite(ws, (site) => {
    if (site.resolution.kind !== 'file' || firstOfKind(site.kind, site.resolution.path)) out.push(site);
  });
  distinctCache.set(ws, out);
  return out;
}

/**
 * Each file argument of the nginx roots in table order, resolved, repeats included (fileSites and
 * distinctFileSites drop them their own way). The items come from the lint's one directive walk.
 */
function eachNginxFileArg(ws: Workspace, visit: (directive: Directive, arg: Arg, kind: FileKind, root: RootContext, resolution: PathResolution) => void): void {
  const items = nginxDirectiveWalk(ws).fileItems;
  // The resolution table of the root of the last item (a tree has one or a few roots).
  let tableRoot: RootContext | undefined;
  let byText: Map<string, PathResolution> | undefined;
  for (let i = 0; i < items.length; i++) {
    const directive = items[i].directive;
    const root = items[i].ctx.root;
    if (root !== tableRoot || !byText) {
      tableRoot = root;
      byText = resolutionsFor(ws, root.prefix);
    }
    const arg = directive.args[0];
    visit(directive, arg, NGINX_FILE_KINDS.get(directive.lname)!, root, resolutionOf(ws, arg.text, root.prefix, byText));
  }
}

/** otherFileSites(ws), each (directive, argument column, resolved path) once. */
function eachOtherFileSite(ws: Workspace, visit: (site: FileSite) => void): void {
  const seen = new Map<Directive, string | Set<string>>();
  for (const site of otherFileSites(ws)) {
    const r = site.resolution;
    if (firstTime(seen, site.directive, `${site.arg.range.start.character}|${r.kind === 'file' ? r.path : r.kind}`)) visit(site);
  }
}

/** Records `key` for `d`; false when it was there already. */
function firstTime(seen: Map<Directive, string | Set<string>>, d: Directive, key: string): boolean {
  const known = seen.get(d);
  if (known === undefined) {
    seen.set(d, key);
    return true;
  }
  if (typeof known === 'string') {
    if (known === key) return false;
    seen.set(d, new Set([known, key]));
    return true;
  }
  if (known.has(key)) return false;
  known.add(key);
  return true;
}

/**
 * What the certificate rules need of a server that uses a certificate. nginx servers (NginxServer) have
 * it as they are; Apache virtual hosts and Squid ports provide it through rules/dialectSites.ts.
 */
export interface CertServer {
  /** Absent for nginx. */
  dialect?: Dialect;
  kind: string;
  root: RootContext;
  directive: Directive;
  tls: boolean;
  rejectHandshake: { value: boolean };
  /** Names clients reach the server by (nginx server_name; Apache ServerName/ServerAlias). */
  names: { name: string; item: Item; range: Range }[];
  /** How messages name the server ("server \"example.com\"", "<VirtualHost *:443>", "https_port 3129"). */
  label?: string;
  /**
   * 'client': the certificate is presented to an upstream (nginx proxy_ssl_certificate): names, OCSP
   * stapling and self-signedness are the upstream's business, validity, key and chain order are not.
   */
  role?: 'server' | 'client';
}

/** A certificate (and its key) one server of another dialect uses. */
export interface CertificateUse {
  server: CertServer;
  certificate: { directive: Directive; arg: Arg };
  key?: { directive: Directive; arg: Arg };
}

/**
 * A file argument as `root` resolves it (one resolution per argument text and prefix: a certificate
 * named by thousands of servers is stat'ed once). `arg` may be a part of an argument (Squid's `tls-cert=` value).
 */
export function siteOf(ws: Workspace, directive: Directive, arg: Arg, root: RootContext, kind: FileKind): FileSite {
  return { directive, arg, kind, root, resolution: resolutionOf(ws, arg.text, root.prefix) };
}

/** The certificates a site names: from its file, or inline (`data:`). undefined when not checkable. */
export function certificatesOf(ws: Workspace, resolution: PathResolution): Loaded<CertificateBundle> | undefined {
  if (resolution.kind === 'file') return loadCertificates(ws, resolution.path);
  if (resolution.kind === 'data') {
    const bundle = readCertificates(resolution.content);
    return bundle.certificates.length ? { status: 'ok', value: bundle } : { status: 'unreadable', error: 'holds no certificate' };
  }
  return undefined;
}

/** Per lint: key path, then certificate path ('' for none), to the facts (no key material). */
const keyCache = new WeakMap<Workspace, Map<string, Map<string, Loaded<KeyFacts>>>>();

/**
 * Facts about a key file, compared with a certificate bundle's first certificate (cached per lint; no
 * material). Two map levels, not a joined key: a hosting tree asks once per server, about a handful of
 * (key, certificate) pairs.
 */
export function keyFactsOf(ws: Workspace, keyPath: string, certPath: string | undefined, bundle: CertificateBundle | undefined): Loaded<KeyFacts> {
  let byKey = keyCache.get(ws);
  if (!byKey) {
    byKey = new Map();
    keyCache.set(ws, byKey);
  }
  let byCert = byKey.get(keyPath);
  if (!byCert) {
    byCert = new Map();
    byKey.set(keyPath, byCert);
  }
  const certKey = certPath ?? '';
  let facts = byCert.get(certKey);
  if (!facts) {
    facts = checkKeyFile(ws, keyPath, bundle);
    byCert.set(certKey, facts);
  }
  return facts;
}

export function dhParamsOf(ws: Workspace, filePath: string): Loaded<{ primeBits: number }> {
  return loadDhParams(ws, filePath);
}

/** A server certificate (ssl_certificate) as one server uses it. */
export interface ServerCertificate {
  server: CertServer;
  site: FileSite;
  bundle: CertificateBundle;
  chain: ChainResult;
  leaf: CertificateInfo;
  /** The key's site, when the key names a file or inline data. */
  keySite?: FileSite;
}

const serverCertCache = new WeakMap<Workspace, ServerCertificate[]>();

/** Server certificates that could be read, for every server using them (each server × pair). */
export function serverCertificates(ctx: RuleContext): ServerCertificate[] {
  const ws = ctx.workspace;
  const cached = serverCertCache.get(ws);
  if (cached) return cached;
  const out: ServerCertificate[] = [];
  const trusted = trustedCertificates(ctx);
  const chains = new Map<string, ChainResult>();
  // The resolution table of the root last asked about (a tree has one or a few roots).
  let tableRoot: RootContext | undefined;
  let table: Map<string, PathResolution> | undefined;
  const resolve = (root: RootContext, text: string): PathResolution => {
    if (root !== tableRoot || !table) {
      tableRoot = root;
      table = resolutionsFor(ws, root.prefix);
    }
    return resolutionOf(ws, text, root.prefix, table);
  };
  // What a resolution gives (bundle, chain, leaf; null: nothing readable), once per resolution: a
  // hosting tree's thousands of certificate directives name a handful of files. Inline data is read
  // for each use, as certificatesOf reads it (each use has its own bundle).
  const uses = new Map<PathResolution, { bundle: CertificateBundle; chain: ChainResult; leaf: CertificateInfo } | null>();
  // Each use is judged as it is met (nginx servers, then upstreams, then the other dialects), without
  // a list of uses in between: a hosting tree has one per server.
  const add = (server: CertServer, directive: Directive, arg: Arg, keyDirective: Directive | undefined, keyArg: Arg | undefined) => {
    const root = server.root;
    const resolution = resolve(root, arg.text);
    let use = uses.get(resolution);
    if (use === undefined) {
      use = null;
      const loaded = certificatesOf(ws, resolution);
      if (loaded && loaded.status === 'ok') {
        const bundle = loaded.value;
        const chainKey = resolution.kind === 'file' ? resolution.path : `data:${arg.text}`;
        let chain = chains.get(chainKey);
        if (!chain) {
          chain = checkChain(bundle.certificates, trusted, { now: ws.now });
          chains.set(chainKey, chain);
        }
        // The leaf as the chain shows it (a reversed file is cert-chain-order's finding; judging the
        // intermediate's names or dates as the leaf's would only add noise).
        use = { bundle, chain, leaf: bundle.certificates[chain.leafIndex] ?? bundle.certificates[0] };
      }
      if (resolution.kind !== 'data') uses.set(resolution, use);
    }
    if (!use) return;
    const site: FileSite = { directive, arg, kind: 'certificate', root, resolution };
    const entry: ServerCertificate = { server, site, bundle: use.bundle, chain: use.chain, leaf: use.leaf };
    if (keyDirective && keyArg) entry.keySite = { directive: keyDirective, arg: keyArg, kind: 'key', root, resolution: resolve(root, keyArg.text) };
    out.push(entry);
  };
  const policies = nginx(ws);
  const servers = policies.servers;
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i];
    const pairs = server.certificates;
    for (let j = 0; j < pairs.length; j++) {
      const pair = pairs[j];
      const item = pair.certificate.item;
      const arg = item?.directive.args[0];
      if (!item || !arg) continue;
      const keyDirective = pair.key?.item?.directive;
      add(server, item.directive, arg, keyDirective, keyDirective?.args[0]);
    }
  }
  for (const u of policies.upstreams) {
    const item = u.certificate?.item;
    const arg = item?.directive.args[0];
    if (!item || !arg) continue;
    const keyItem = effectiveItem(u.ctx, `${u.prefix}certificate_key`);
    const server: CertServer = {
      kind: 'upstream',
      root: u.root,
      directive: u.item.directive,
      tls: true,
      rejectHandshake: { value: false },
      names: [],
      label: `${u.item.directive.name} ${u.url}`,
      role: 'client',
    };
    add(server, item.directive, arg, keyItem?.directive, keyItem?.directive.args[0]);
  }
  for (const use of otherCertificateUses(ws)) add(use.server, use.certificate.directive, use.certificate.arg, use.key?.directive, use.key?.arg);
  serverCertCache.set(ws, out);
  return out;
}

/** Certificates from settings.extraTrustedCertificates (paths relative to settings.baseDir). */
export function trustedCertificates(ctx: RuleContext): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  for (const p of ctx.settings.extraTrustedCertificates) {
    const abs = path.posix.isAbsolute(p) ? p : path.posix.resolve(ctx.settings.baseDir ?? '/', p);
    const loaded = loadCertificates(ctx.workspace, abs);
    if (loaded.status === 'ok') out.push(...loaded.value.certificates);
  }
  return out;
}

/**
 * Visit each (certificate directive, root) once, with every server that uses it, so that an http-level
 * certificate shared by many servers gives one finding, not one per server.
 */
export function byCertificateDirective(list: ServerCertificate[]): ServerCertificate[][] {
  // A dozen certificate rules group the same (memoized) list: group it once. The groups are read-only.
  let known = groupCache.get(list);
  if (!known) {
    known = groupByCertificateDirective(list);
    groupCache.set(list, known);
  }
  return known;
}

const groupCache = new WeakMap<ServerCertificate[], ServerCertificate[][]>();

function groupByCertificateDirective(list: ServerCertificate[]): ServerCertificate[][] {
  const groups = new Map<string, ServerCertificate[]>();
  const ids = new Map<Directive, number>();
  for (const sc of list) {
    if (!ids.has(sc.site.directive)) ids.set(sc.site.directive, ids.size);
    const key = `${ids.get(sc.site.directive)}|${sc.server.root.file}`;
    const g = groups.get(key);
    if (g) g.push(sc);
    else groups.set(key, [sc]);
  }
  return [...groups.values()];
}

/** A certificate as messages name it: its subject CN (or whole subject). */
export function certName(c: CertificateInfo): string {
  return c.subject.commonName ?? c.subject.text;
}

/** Where a site's file was looked for, for messages. */
export function describeResolution(r: PathResolution & { kind: 'file' }): string {
  return r.path === r.serverPath ? r.path : `${r.serverPath} (looked for at ${r.path} after path mappings)`;
}

export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function serverLabel(s: CertServer): string {
  if (s.label) return s.label;
  const name = s.names.find((n) => n.name && n.name !== '_')?.name;
  return name ? `server "${name}"` : 'server';
}

export function serverRelated(s: CertServer, message?: string): { file: string; range: Range; message: string } {
  if (s.role === 'client') return { file: s.directive.file, range: s.directive.range, message: message ?? `${s.label ?? 'upstream'} presenting this certificate` };
  const n = s.names.find((x) => x.name && x.name !== '_');
  if (n) return { file: n.item.directive.file, range: n.range, message: message ?? `server_name ${n.name}` };
  return { file: s.directive.file, range: s.directive.nameRange, message: message ?? 'server using this certificate' };
}

// ---------------------------------------------------------------------------------------------------
// Host names (RFC 6125)

/** Names a server name check skips: regular expressions, the catch-all `_`, empty, variables, trailing wildcards. */
export function checkableServerName(name: string): boolean {
  return name !== '' && name !== '_' && !name.startsWith('~') && !name.includes('$') && !name.endsWith('*') && !name.endsWith('.*');
}

function normalizeHost(n: string): string {
  const lower = n.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function isIp(n: string): boolean {
  const c = n.charCodeAt(0);
  return (c >= 48 && c <= 57 && /^\d{1,3}(\.\d{1,3}){3}$/.test(n)) || n.includes(':');
}

/** The DNS names (and IPs) a certificate is valid for: SANs, or the CN when it has no SAN. */
export function certificateNames(c: CertificateInfo): { dns: string[]; ip: string[] } {
  const san = c.subjectAltNames;
  if (san.dns.length || san.ip.length) return { dns: san.dns.map(normalizeHost), ip: san.ip.map((x) => x.toLowerCase()) };
  const cn = c.subject.commonName;
  if (!cn) return { dns: [], ip: [] };
  return isIp(cn) ? { dns: [], ip: [cn] } : { dns: [normalizeHost(cn)], ip: [] };
}

/**
 * A certificate's names as sets, for many coverage questions against the same certificate: a hosting
 * tree asks about each of its tens of thousands of server names, where a walk of the name list (with
 * its slices per pattern) was most of the rule's time.
 */
export interface NameMatcher {
  /** The DNS names as written (wildcards too: a server name `*.example.com` needs that very name). */
  exact: Set<string>;
  /** What follows `*.` in each wildcard the matching honours (one containing a dot, or empty). */
  wildcardRests: Set<string>;
  ip: Set<string>;
}

export function nameMatcher(names: { dns: string[]; ip: string[] }): NameMatcher {
  const wildcardRests = new Set<string>();
  for (const p of names.dns) {
    if (!p.startsWith('*.')) continue;
    const rest = p.slice(2);
    if (rest.includes('.') || rest === '') wildcardRests.add(rest);
  }
  return { exact: new Set(names.dns), wildcardRests, ip: new Set(names.ip) };
}

/** Whether the matcher's certificate names cover every host `serverName` stands for (see uncoveredIn). */
export function coveredBy(m: NameMatcher, serverName: string): boolean {
  return uncoveredIn(m, serverName).length === 0;
}

/** What uncoveredIn answers for a covered name (shared: read only). */
const COVERED: readonly string[] = [];

/**
 * The host names a server name stands for that the matcher's certificate names do not cover (empty: all
 * covered). `*.example.com` (nginx wildcard) needs the certificate wildcard `*.example.com`;
 * `.example.com` needs example.com and its subdomains (`*.example.com`); other names need a matching
 * SAN. In one pass: a hosting tree has tens of thousands of names its certificates do not cover.
 */
export function uncoveredIn(m: NameMatcher, serverName: string): readonly string[] {
  const n = normalizeHost(serverName);
  if (isIp(n)) return m.ip.has(n.replace(/^\[|\]$/g, '')) ? COVERED : [n];
  const c0 = n.charCodeAt(0);
  if (c0 === 42 && n.charCodeAt(1) === 46) return m.exact.has(n) ? COVERED : [n]; // `*.`
  if (c0 === 46) {
    const base = n.slice(1);
    const wildcard = `*.${base}`;
    const baseCovered = matchedBy(m, base);
    const wildcardCovered = m.exact.has(wildcard);
    if (baseCovered && wildcardCovered) return COVERED;
    const out: string[] = [];
    if (!baseCovered) out.push(base);
    if (!wildcardCovered) out.push(wildcard);
    return out;
  }
  return matchedBy(m, n) ? COVERED : [n];
}

/**
 * Whether a certificate name matches `host`: the name itself, or a wildcard standing for its whole
 * left-most label (RFC 6125: `*` only as the whole left-most label, one label; `*.com`-like wildcards
 * are not honoured, see nameMatcher).
 */
function matchedBy(m: NameMatcher, host: string): boolean {
  if (m.exact.has(host)) return true;
  const dot = host.indexOf('.');
  return dot > 0 && m.wildcardRests.has(host.slice(dot + 1));
}

/** localhost, reserved private TLDs, and IPs in private, loopback or link-local ranges. */
export function isPrivateName(name: string): boolean {
  const n = normalizeHost(name).replace(/^\*\./, '').replace(/^\./, '').replace(/^\[|\]$/g, '');
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  if (/\.(test|local|internal|localdomain|lan|home\.arpa|example|invalid|intranet|corp|home)$/.test(n) || /^(test|local|internal|example|invalid)$/.test(n)) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(n);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (n.includes(':')) return n === '::1' || /^f[cd]/.test(n) || /^fe[89ab]/.test(n);
  return false;
}

/** Where a finding about a certificate file goes: its path argument, with every server using it as related information. */
export function atCertificate(group: ServerCertificate[]): Pick<Report, 'file' | 'range' | 'related' | 'rootFile'> {
  const sc = group[0];
  return { file: sc.site.directive.file, range: sc.site.arg.range, related: group.map((g) => serverRelated(g.server)), rootFile: rootFileOf(sc.server.root) };
}

/**
 * What the server does when a file it names cannot be used (missing, unreadable, wrong key), for
 * messages: nginx refuses to start; Squid stops for a port's certificate or key and only warns for CA
 * files and DH parameters (facts from `squid -k parse`).
 */
export function fileFailure(site: { kind: FileKind; root: RootContext }, nginxText: string): string {
  if (site.root.dialect !== 'squid') return site.root.dialect === 'nginx' ? nginxText : nginxText.replace(/^nginx\b/, supportFor(site.root.dialect).serverName);
  if (site.kind === 'certificate' || site.kind === 'key') return 'Squid stops ("No valid signing certificate configured")';
  if (site.kind === 'ca') return 'Squid only warns ("Ignoring error setting CA certificate location") and verifies without it';
  return 'Squid only warns and runs without DH parameters, which silently disables the DHE suites';
}
