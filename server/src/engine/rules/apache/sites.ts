// Apache httpd's cipher strings, suite lists, group lists, file arguments and certificate uses, in the shapes
// the shared cipher and certificate rules read (see ../dialectSites.ts). Arguments are given with their
// `${VAR}` references expanded (same ranges), so the rules judge what httpd reads.

import type { Arg, Directive } from '../../syntax/tree';
import type { BlockContext, Item, RootContext, Workspace } from '../../model/workspace';
import type { DialectSites } from '../dialectSites';
// Type-only imports from the shared site modules: they import ../dialectSites, which imports this module.
import type { CipherSite, GroupSite, Tls13Site } from '../cipherSites';
import type { CertServer, CertificateUse, FileSite } from '../certificateSites';
import { expandForProtocols } from '../../model/nginxPolicy';
import { expandCiphersuites, type CipherExpansion } from '../../tls/ciphers/expand';
import type { Protocol } from '../../tls/ciphers/table';
import { maskProtocols, protocolMask } from '../../tls/protocols';
import { parseGroupList } from '../../tls/groups';
import { resolutionOf } from '../../model/configFiles';
import { argAt, argText } from '../../model/apache/support';
import { APACHE_FILE_DIRECTIVES, apacheFileArg } from '../../model/apache/files';
import { apacheDefaultProtocols, cipherArg, modSslExclusions, vhostLabel, type ApacheVhost } from '../../model/apache/policy';
import { apache, apacheQuote, insertIntoVhost } from './helpers';

/**
 * The names the Apache rules look up in the item index (every caller of apacheItems and
 * apacheDirectiveItems asks for some of these). Only they are indexed: the whole tree by name was a
 * list and a seen-set entry for each of the 230,000 items of the 10,000-vhost tree, DocumentRoot and
 * CustomLog included, for some 60,000 that anyone reads. A name outside the list is still answered, by a
 * walk of its own (see namedItems).
 */
const INDEXED_NAMES: readonly string[] = [
  'sslciphersuite', 'sslproxyciphersuite', 'sslopensslconfcmd', 'sslprotocol', 'sslproxyprotocol', 'sslcompression', 'sslinsecurerenegotiation',
  ...Object.keys(APACHE_FILE_DIRECTIVES),
];
const INDEXED = new Set(INDEXED_NAMES);

interface ItemIndex {
  byName: Map<string, Item[]>;
  /** Apache roots indexed: with one, no directive is listed twice (each root lists a directive once). */
  roots: number;
}

const itemIndex = new WeakMap<Workspace, ItemIndex>();

/** The items of the indexed names of every Apache root by name, once per (directive, root); built once per lint. */
function indexOf(ws: Workspace): ItemIndex {
  let idx = itemIndex.get(ws);
  if (idx) return idx;
  idx = { byName: new Map(), roots: 0 };
  for (const root of ws.roots) {
    if (root.dialect !== 'apache') continue;
    idx.roots++;
    collect(root, INDEXED, idx.byName);
  }
  itemIndex.set(ws, idx);
  return idx;
}

/** Items of `names` in one root, in context order, once per directive, appended to their lists in `into`. */
function collect(root: RootContext, names: ReadonlySet<string>, into: Map<string, Item[]>): void {
  // (A directive is met more than once in a root when its file is included more than once.)
  const seen = new Set<Directive>();
  for (const ctx of root.contexts) {
    if (ctx.kind === 'macro') continue;
    for (const it of ctx.items) {
      const name = it.directive.lname;
      if (!names.has(name) || seen.has(it.directive)) continue;
      seen.add(it.directive);
      const l = into.get(name);
      if (l) l.push(it);
      else into.set(name, [it]);
    }
  }
}

const otherNames = new WeakMap<Workspace, Map<string, Item[]>>();

/** The items of one name in every Apache root, as the index would list them (for a name it does not hold). */
function namedItems(ws: Workspace, name: string): Item[] {
  const idx = indexOf(ws);
  if (INDEXED.has(name)) return idx.byName.get(name) ?? [];
  let byName = otherNames.get(ws);
  if (!byName) otherNames.set(ws, (byName = new Map()));
  let items = byName.get(name);
  if (!items) {
    const into = new Map<string, Item[]>();
    for (const root of ws.roots) if (root.dialect === 'apache') collect(root, new Set([name]), into);
    byName.set(name, (items = into.get(name) ?? []));
  }
  return items;
}

/** Every item of these names in every Apache root, once per (directive, root). */
export function apacheItems(ws: Workspace, names: string[]): Item[] {
  if (names.length === 1) return namedItems(ws, names[0]).slice();
  return names.flatMap((n) => namedItems(ws, n));
}

/** The same items, once per directive (the first root that reaches it). */
export function apacheDirectiveItems(ws: Workspace, names: string[]): Item[] {
  const items = apacheItems(ws, names);
  // One root lists each directive once, under its one name.
  if (indexOf(ws).roots <= 1 && new Set(names).size === names.length) return items;
  const seen = new Set<Directive>();
  return items.filter((it) => (seen.has(it.directive) ? false : (seen.add(it.directive), true)));
}

const certServers = new WeakMap<ApacheVhost, CertServer>();

/** A vhost as the certificate rules see a server (one object per vhost: rules key maps by it). */
export function certServer(v: ApacheVhost): CertServer {
  let s = certServers.get(v);
  if (!s) {
    s = { dialect: 'apache', kind: v.kind, root: v.root, directive: v.directive, tls: v.tls, rejectHandshake: { value: false }, names: v.names, label: vhostLabel(v) };
    certServers.set(v, s);
  }
  return s;
}

/** Whether an `SSLCipherSuite` sets the TLS 1.3 suites (`SSLCipherSuite TLSv1.3 …`; mod_ssl matches the word case-sensitively). */
function isTls13Suite(it: Item): boolean {
  return it.directive.args.length >= 2 && argText(it.directive, it.ctx.root, 0) === 'TLSv1.3';
}

function groupBy<K>(list: ApacheVhost[], key: (v: ApacheVhost) => K | undefined): Map<K, ApacheVhost[]> {
  const m = new Map<K, ApacheVhost[]>();
  for (const v of list) {
    const k = key(v);
    if (k === undefined) continue;
    const g = m.get(k);
    if (g) g.push(v);
    else m.set(k, [v]);
  }
  return m;
}

const vhostByContext = new WeakMap<ApacheVhost[], Map<BlockContext, ApacheVhost>>();

/** The protocols of the vhost a directive sits in (server config: mod_ssl's default). */
function enclosingProtocols(vhosts: ApacheVhost[], it: Item, side: 'server' | 'upstream', openssl: string): string[] {
  let c: BlockContext | undefined = it.ctx;
  while (c && c.kind !== 'virtualhost') c = c.parent;
  let byCtx = vhostByContext.get(vhosts);
  if (!byCtx) {
    byCtx = new Map();
    // The first vhost of a context, as a find over the list would give.
    for (const x of vhosts) if (!byCtx.has(x.ctx)) byCtx.set(x.ctx, x);
    vhostByContext.set(vhosts, byCtx);
  }
  const v = c ? byCtx.get(c) : undefined;
  if (v) return side === 'server' ? v.protocols.value : v.proxy.protocols.value;
  return apacheDefaultProtocols(openssl).value;
}

function cipherSites(ws: Workspace): CipherSite[] {
  const out: CipherSite[] = [];
  const { vhosts } = apache(ws);
  const tls = vhosts.filter((v) => v.tls);
  const level = ws.settings.securityLevel;
  const userOf = (v: ApacheVhost, protocols: string[]) => ({ server: certServer(v), certificateCount: v.certificates.length, protocols });
  // As rules/cipherSites.ts does for nginx: 10,000 vhosts share a few version sets and strings, so one
  // protocol list per set (equal lists are one array) and one expansion lookup per (set, string, whether
  // mod_ssl's exclusions are appended) for this computation, instead of a set, a key string and a
  // joined cipher string per site. Both sides expand as 'server' (expandForProtocols' default), as before.
  const lists: Protocol[][] = [];
  const listOf = (mask: number) => lists[mask] ?? (lists[mask] = maskProtocols(mask));
  const expanded = { written: new Map<Protocol[], Map<string, CipherExpansion>>(), bare: new Map<Protocol[], Map<string, CipherExpansion>>() };
  const expansionOf = (text: string, protocols: Protocol[], exclusions: boolean) => {
    const byList = exclusions ? expanded.written : expanded.bare;
    let byText = byList.get(protocols);
    if (!byText) byList.set(protocols, (byText = new Map()));
    let x = byText.get(text);
    if (!x) byText.set(text, (x = expandForProtocols(exclusions ? modSslExclusions(text) : text, protocols, level)));
    return x;
  };
  const serverUsers = groupBy(tls, (v) => v.ciphers.item?.directive);
  const proxyUsers = groupBy(vhosts, (v) => v.proxy.ciphers.item?.directive);
  for (const it of apacheDirectiveItems(ws, ['sslciphersuite', 'sslproxyciphersuite', 'sslopensslconfcmd'])) {
    const d = it.directive;
    let arg: Arg | undefined;
    let side: 'server' | 'upstream' = 'server';
    if (d.lname === 'sslopensslconfcmd') {
      if ((argText(d, it.ctx.root, 0) ?? '').toLowerCase() !== 'cipherstring') continue;
      arg = argAt(it, 1);
    } else {
      if (isTls13Suite(it)) continue;
      // A protocol word other than `SSL`: httpd refuses the directive (cipher-string-invalid says so), no string to judge.
      if (d.args.length >= 2 && argText(d, it.ctx.root, 0) !== 'SSL') continue;
      arg = cipherArg(it);
      side = d.lname === 'sslproxyciphersuite' ? 'upstream' : 'server';
    }
    if (!arg) continue;
    const usersV = (side === 'server' ? serverUsers : proxyUsers).get(d) ?? [];
    const users = usersV.map((v) => userOf(v, side === 'server' ? v.protocols.value : v.proxy.protocols.value));
    let mask = 0;
    for (const u of users) mask = protocolMask(u.protocols, mask);
    // A string no vhost uses (overridden later in its level): judged with the protocols of its vhost.
    const protocols = listOf(users.length ? mask : protocolMask(enclosingProtocols(vhosts, it, side, ws.settings.targets.openssl)));
    out.push({
      dialect: 'apache',
      side,
      text: arg.text,
      directive: d,
      arg,
      servers: [],
      upstreams: [],
      users,
      quote: apacheQuote,
      protocols,
      expansion: expansionOf(arg.text, protocols, true),
      file: d.file,
      range: arg.range,
    });
  }
  for (const v of tls) {
    if (v.ciphers.item) continue;
    const protocols = listOf(protocolMask(v.protocols.value));
    out.push({
      dialect: 'apache',
      side: 'server',
      text: v.ciphers.value,
      servers: [],
      upstreams: [],
      users: [userOf(v, v.protocols.value)],
      quote: apacheQuote,
      label: `${vhostLabel(v)} (no SSLCipherSuite: OpenSSL's DEFAULT applies)`,
      setString: (value) => {
        const e = insertIntoVhost(ws, v, [`SSLCipherSuite ${apacheQuote(value)}`]);
        return e ? [e] : [];
      },
      protocols,
      expansion: expansionOf(v.ciphers.value, protocols, false),
      file: v.directive.file,
      range: v.directive.nameRange,
      rootFile: v.root.fragment ? undefined : v.root.file,
    });
  }
  return out;
}

function namesOf(text: string): Tls13Site['names'] {
  const names: Tls13Site['names'] = [];
  const re = /[^:]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lead = m[0].length - m[0].trimStart().length;
    const name = m[0].trim();
    if (name) names.push({ name, start: m.index + lead, end: m.index + lead + name.length });
  }
  return names;
}

function tls13Sites(ws: Workspace): Tls13Site[] {
  const out: Tls13Site[] = [];
  for (const it of apacheDirectiveItems(ws, ['sslciphersuite', 'sslproxyciphersuite', 'sslopensslconfcmd'])) {
    const d = it.directive;
    let arg: Arg | undefined;
    if (d.lname === 'sslopensslconfcmd') {
      if ((argText(d, it.ctx.root, 0) ?? '').toLowerCase() !== 'ciphersuites') continue;
      arg = argAt(it, 1);
    } else if (isTls13Suite(it)) arg = argAt(it, 1);
    if (!arg) continue;
    out.push({ dialect: 'apache', quote: apacheQuote, directive: d, arg, text: arg.text, expansion: expandCiphersuites(arg.text), names: namesOf(arg.text) });
  }
  return out;
}

function groupSites(ws: Workspace): GroupSite[] {
  const out: GroupSite[] = [];
  for (const it of apacheDirectiveItems(ws, ['sslopensslconfcmd'])) {
    const cmd = (argText(it.directive, it.ctx.root, 0) ?? '').toLowerCase();
    if (cmd !== 'curves' && cmd !== 'groups') continue;
    const arg = argAt(it, 1);
    if (!arg) continue;
    out.push({ dialect: 'apache', quote: apacheQuote, directive: it.directive, arg, text: arg.text, tokens: parseGroupList(arg.text) });
  }
  return out;
}


function fileSites(ws: Workspace): FileSite[] {
  const out: FileSite[] = [];
  for (const it of apacheItems(ws, [...Object.keys(APACHE_FILE_DIRECTIVES), 'sslopensslconfcmd'])) {
    const f = apacheFileArg(it);
    if (!f) continue;
    const root = it.ctx.root;
    out.push({ directive: it.directive, arg: f.arg, kind: f.kind, root, resolution: resolutionOf(ws, f.arg.text, root.prefix) });
  }
  return out;
}

/** Whether a certificate file also holds a private key (mod_ssl then needs no SSLCertificateKeyFile). */
const holdsKeyCache = new WeakMap<Workspace, Map<string, boolean | undefined>>();

export function fileHoldsKey(ws: Workspace, root: RootContext, arg: Arg): boolean | undefined {
  const r = resolutionOf(ws, arg.text, root.prefix);
  if (r.kind !== 'file') return undefined;
  let cache = holdsKeyCache.get(ws);
  if (!cache) holdsKeyCache.set(ws, (cache = new Map()));
  if (cache.has(r.path)) return cache.get(r.path);
  const text = ws.fs.readFile(r.path);
  // Only whether a key block is there: nothing of the key is kept.
  const holds = text === undefined ? undefined : /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
  cache.set(r.path, holds);
  return holds;
}

function certificateUses(ws: Workspace): CertificateUse[] {
  const out: CertificateUse[] = [];
  for (const v of apache(ws).vhosts) {
    if (!v.tls) continue;
    const server = certServer(v);
    for (const c of v.certificates) {
      const certificate = { directive: c.certificate.directive, arg: c.certificateArg };
      let key = c.key && c.keyArg ? { directive: c.key.directive, arg: c.keyArg } : undefined;
      // No SSLCertificateKeyFile for this certificate: mod_ssl reads the key from the certificate file.
      if (!key && fileHoldsKey(ws, v.root, c.certificateArg)) key = certificate;
      out.push({ server, certificate, key });
    }
  }
  return out;
}

export const apacheSites: DialectSites = { cipherSites, tls13Sites, groupSites, fileSites, certificateUses };
