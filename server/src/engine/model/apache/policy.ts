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
import { argAt, argTexts, levelItems } from './support';

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

/** mod_ssl's default SSLProtocol / SSLProxyProtocol: `all` without SSLv3. */
export function apacheDefaultProtocols(openssl: string): Valued<ProtocolName[]> {
  return { value: exact(apacheAllProtocols(openssl).filter((p) => p !== 'SSLv3')), defaultNote: 'mod_ssl default (all -SSLv3)' };
}

const WORDS: Record<string, ProtocolName> = { sslv3: 'SSLv3', tlsv1: 'TLSv1', 'tlsv1.1': 'TLSv1.1', 'tlsv1.2': 'TLSv1.2', 'tlsv1.3': 'TLSv1.3' };

const parsedItems = new WeakMap<Item, { openssl: string; parsed: ParsedProtocols }>();

/**
 * parseApacheProtocols over an SSLProtocol / SSLProxyProtocol item as its root sees it, once per item
 * and target OpenSSL: the vhost records and the protocol rules read the same items (parsed twice, the
 * 10,000 of the 10k-vhost Apache tree held 7.6 MB more at the end of the lint). Shared: read it, never
 * change it.
 */
export function parsedProtocolsOf(item: Item, openssl: string): ParsedProtocols {
  const known = parsedItems.get(item);
  if (known?.openssl === openssl) return known.parsed;
  const name = item.directive.lname === 'sslproxyprotocol' ? 'SSLProxyProtocol' : 'SSLProtocol';
  const parsed = parseApacheProtocols(item.directive.args.map((a, i) => argAt(item, i) ?? a), name, openssl);
  parsedItems.set(item, { openssl, parsed });
  return parsed;
}

/** mod_ssl's ssl_cmd_protocol_parse over the arguments of SSLProtocol / SSLProxyProtocol. */
export function parseApacheProtocols(args: Arg[], directiveName: string, openssl: string): ParsedProtocols {
  const all = apacheAllProtocols(openssl);
  let set = new Set<ProtocolName>();
  const tokens: ProtocolToken[] = [];
  for (const arg of args) {
    let w = arg.text;
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
        tokens.push({ arg, action, word: w, versions: [] });
        continue;
      }
      rejected = `${directiveName}: SSLv2 is no longer supported`;
    } else if (lw === 'sslv3' && !all.includes('SSLv3')) {
      if (action === '-') {
        tokens.push({ arg, action, word: w, versions: [] });
        continue;
      }
      rejected = 'SSLv3 not supported by this version of OpenSSL';
    } else if (lw === 'all') versions = all;
    else if (WORDS[lw] && (WORDS[lw] !== 'TLSv1.3' || all.includes('TLSv1.3'))) versions = [WORDS[lw]];
    else rejected = `${directiveName}: Illegal protocol '${w}'`;
    tokens.push({ arg, action, word: w, versions, rejected });
    if (!versions) continue;
    if (action === '-') for (const v of versions) set.delete(v);
    else if (action === '+') for (const v of versions) set.add(v);
    else set = new Set(versions);
  }
  return { versions: exact(contiguous(PROTOCOLS.filter((p) => set.has(p)), openssl)), listed: exact(PROTOCOLS.filter((p) => set.has(p))), tokens: exact(tokens) };
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

const CONF_VERSIONS: Record<string, ProtocolName> = { sslv3: 'SSLv3', tlsv1: 'TLSv1', 'tlsv1.1': 'TLSv1.1', 'tlsv1.2': 'TLSv1.2', 'tlsv1.3': 'TLSv1.3' };

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

/** The last item of each name at one level (through conditionals), and all of some names. */
class Level {
  readonly byName = new Map<string, Item[]>();
  constructor(readonly ctx: BlockContext | undefined) {
    if (!ctx) return;
    for (const it of levelItems(ctx)) {
      const l = this.byName.get(it.directive.lname);
      if (l) l.push(it);
      else this.byName.set(it.directive.lname, [it]);
    }
  }
  all(name: string): Item[] {
    return this.byName.get(name) ?? [];
  }
  last(name: string): Item | undefined {
    const l = this.byName.get(name);
    return l ? l[l.length - 1] : undefined;
  }
  /** SSLOpenSSLConfCmd items whose command is one of `cmds` (case-insensitive). */
  confCmd(cmds: string[]): Item | undefined {
    const l = this.all('sslopensslconfcmd').filter((it) => cmds.includes((argTexts(it.directive, it.ctx.root)[0] ?? '').toLowerCase()));
    return l[l.length - 1];
  }
}

function merged(vh: Level, srv: Level, name: string): Item | undefined {
  return vh.last(name) ?? srv.last(name);
}

/**
 * One string for each note on an on/off default: made by a template per record, the four defaults of
 * each of the 10,000 vhosts of a large tree held 80,000 concatenation pieces (2.6 MB).
 */
const onOffNotes = new Map<string, { on: string; off: string }>();

function onOffNote(what: string, dflt: boolean): string {
  let notes = onOffNotes.get(what);
  if (!notes) onOffNotes.set(what, (notes = { on: `${what} default: on`, off: `${what} default: off` }));
  return dflt ? notes.on : notes.off;
}

function onOff(it: Item | undefined, dflt: boolean, what: string): Valued<boolean> {
  if (!it) return { value: dflt, defaultNote: onOffNote(what, dflt) };
  const v = (argTexts(it.directive, it.ctx.root)[0] ?? '').toLowerCase();
  return { value: v === 'on' || v === 'true' || v === 'optional', item: it };
}

/**
 * `SSLOpenSSLConfCmd Options [-]ServerPreference|SessionTicket,…` applied after mod_ssl's own setting
 * (SSL_CONF runs last): the last option naming the flag wins.
 */
function withConfOption(v: Valued<boolean>, items: Item[], option: string): Valued<boolean> {
  let out = v;
  for (const it of items) {
    for (const raw of (argTexts(it.directive, it.ctx.root)[1] ?? '').split(',')) {
      const w = raw.trim().toLowerCase();
      if (w === option) out = { value: true, item: it };
      else if (w === `-${option}`) out = { value: false, item: it };
    }
  }
  return out;
}

function stringValue(it: Item | undefined, dflt: string, note: string): Valued<string> {
  if (!it) return { value: dflt, defaultNote: note };
  return { value: argTexts(it.directive, it.ctx.root).join(' '), item: it };
}

/** `SSLCipherSuite [protocol] string`: the TLS ≤ 1.2 string and the TLS 1.3 one of a level. */
function cipherItems(level: Level): { tls12?: Item; tls13?: Item } {
  let tls12: Item | undefined;
  let tls13: Item | undefined;
  for (const it of level.all('sslciphersuite')) {
    const args = argTexts(it.directive, it.ctx.root);
    // mod_ssl compares the protocol argument case-sensitively: `SSL` or `TLSv1.3` (anything else is refused).
    if (args.length >= 2 && args[0] === 'TLSv1.3') tls13 = it;
    else tls12 = it;
  }
  return { tls12, tls13 };
}

/** The cipher-string argument of an SSLCipherSuite/SSLProxyCipherSuite item (the last one). */
export function cipherArg(it: Item): Arg | undefined {
  const n = it.directive.args.length;
  return n ? argAt(it, n - 1) : undefined;
}

function mergeCertKeys(add: Item[], base: Item[]): Item[] {
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

function hstsOf(items: Item[]): ApacheHsts[] {
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

function proxyPasses(level: Level): ApacheProxyPass[] {
  const out: ApacheProxyPass[] = [];
  for (const name of ['proxypass', 'proxypassmatch', 'balancermember']) {
    for (const it of level.all(name)) {
      const args = it.directive.args;
      // ProxyPass [path] url [params]: in a <Location>, the url comes first.
      const idx = name === 'balancermember' ? 0 : args.findIndex((_a, i) => /^[a-z][a-z0-9+.-]*:\/\//i.test(argTexts(it.directive, it.ctx.root)[i] ?? ''));
      if (idx < 0) continue;
      const url = argTexts(it.directive, it.ctx.root)[idx];
      if (/^(https|wss|h2):\/\//i.test(url)) out.push({ item: it, url, urlArg: argAt(it, idx)! });
    }
  }
  return exact(out);
}

/** Items of a vhost's nested per-directory sections too (ProxyPass inside <Location>): every level below. */
function deepItems(ctx: BlockContext): Item[] {
  const out: Item[] = [];
  const stack: Item[][] = [ctx.items];
  while (stack.length) {
    for (const it of stack.pop()!) {
      if (it.block && it.directive.lname === 'virtualhost') continue;
      out.push(it);
      if (it.block) stack.push(it.block.items);
    }
  }
  return out;
}

function vhostOf(ws: Workspace, root: RootContext, srv: Level, listens: ListenEntry[], item: Item | undefined): ApacheVhost | undefined {
  const openssl = ws.settings.targets.openssl;
  const ctx = item?.block ?? root.main;
  const vh = item ? new Level(item.block) : new Level(undefined);
  const addresses = item ? item.directive.args.map((a, i) => parseAddress(argAt(item, i) ?? a)) : [];
  const names: ApacheVhost['names'] = [];
  for (const it of vh.all('servername').concat(vh.all('serveralias'))) {
    const texts = argTexts(it.directive, it.ctx.root);
    it.directive.args.forEach((a, i) => {
      const name = it.directive.lname === 'servername' ? serverNameHost(texts[i]) : texts[i];
      if (name) names.push({ name, item: it, range: a.range });
    });
  }
  const engineItem = merged(vh, srv, 'sslengine');
  const engine = stringValue(engineItem, 'off', 'mod_ssl default: off');
  const tls = ['on', 'optional'].includes(engine.value.toLowerCase());
  if (!item && !tls) return undefined;
  const httpsPorts = new Set(listens.filter((l) => l.protocol === 'https' && l.port !== null).map((l) => l.port!));
  const tlsPort = addresses.some((a) => a.port === 443 || (a.port !== null && httpsPorts.has(a.port)));

  const protoItem = merged(vh, srv, 'sslprotocol');
  let protocolTokens: ParsedProtocols | undefined;
  let protocols: Valued<ProtocolName[]> = apacheDefaultProtocols(openssl);
  if (protoItem) {
    protocolTokens = parsedProtocolsOf(protoItem, openssl);
    protocols = { value: protocolTokens.versions, item: protoItem };
  }
  // SSLOpenSSLConfCmd protocol commands (server config first, then the vhost's, as mod_ssl merges them).
  const confProtocolItems = srv.all('sslopensslconfcmd').concat(vh.all('sslopensslconfcmd')).filter((it) => ['minprotocol', 'maxprotocol', 'protocol'].includes((argTexts(it.directive, it.ctx.root)[0] ?? '').toLowerCase()));
  if (confProtocolItems.length) {
    const cmds = confProtocolItems.map((it) => ({ cmd: argTexts(it.directive, it.ctx.root)[0], value: argTexts(it.directive, it.ctx.root)[1] ?? '' }));
    protocols = { ...protocols, value: applyConfProtocols(protocols.value, cmds, openssl), items: confProtocolItems };
  }

  const vc = cipherItems(vh);
  const sc = cipherItems(srv);
  const c12 = vc.tls12 ?? sc.tls12;
  const confCipher = vh.confCmd(['cipherstring']) ?? srv.confCmd(['cipherstring']);
  // mod_ssl applies SSLOpenSSLConfCmd after its own settings (server config's commands, then the vhost's),
  // so a CipherString / Ciphersuites command wins over SSLCipherSuite at any level (seen with httpd 2.4).
  const ciphers: Valued<string> = confCipher
    ? { value: argTexts(confCipher.directive, confCipher.ctx.root)[1] ?? '', item: confCipher }
    : c12
      ? { value: cipherArg(c12)?.text ?? '', item: c12 }
      : { value: APACHE_DEFAULT_CIPHERS, defaultNote: "OpenSSL's DEFAULT (mod_ssl sets no cipher string of its own)" };
  const c13 = vh.confCmd(['ciphersuites']) ?? srv.confCmd(['ciphersuites']) ?? vc.tls13 ?? sc.tls13;
  const tls13Ciphers: Valued<string> | undefined = c13
    ? { value: (c13.directive.lname === 'sslciphersuite' ? cipherArg(c13)?.text : argTexts(c13.directive, c13.ctx.root)[1]) ?? '', item: c13 }
    : undefined;

  const certItems = mergeCertKeys(vh.all('sslcertificatefile'), srv.all('sslcertificatefile'));
  const keyItems = mergeCertKeys(vh.all('sslcertificatekeyfile'), srv.all('sslcertificatekeyfile'));
  const certificates: ApacheCertificate[] = [];
  certItems.forEach((c, i) => {
    const certificateArg = argAt(c, 0);
    if (!certificateArg) return;
    const k = keyItems[i];
    certificates.push({ certificate: c, certificateArg, key: k, keyArg: k ? argAt(k, 0) : undefined });
  });

  const confOptions = srv.all('sslopensslconfcmd').concat(vh.all('sslopensslconfcmd')).filter((it) => (argTexts(it.directive, it.ctx.root)[0] ?? '').toLowerCase() === 'options');
  const headerItems = srv.all('header').concat(vh.all('header'));
  const proxyProtoItem = merged(vh, srv, 'sslproxyprotocol');
  const proxyProtocols: Valued<ProtocolName[]> = proxyProtoItem
    ? { value: parsedProtocolsOf(proxyProtoItem, openssl).versions, item: proxyProtoItem }
    : apacheDefaultProtocols(openssl);
  const pc = merged(vh, srv, 'sslproxyciphersuite');
  const passLevel = new Level(undefined);
  for (const it of item ? deepItems(item.block!) : []) {
    const l = passLevel.byName.get(it.directive.lname);
    if (l) l.push(it);
    else passLevel.byName.set(it.directive.lname, [it]);
  }
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
    honorOrder: withConfOption(onOff(merged(vh, srv, 'sslhonorcipherorder'), false, 'mod_ssl'), confOptions, 'serverpreference'),
    certificates: exact(certificates),
    certificateItems: certItems,
    keyItems,
    chainFile: merged(vh, srv, 'sslcertificatechainfile'),
    sessionTickets: withConfOption(onOff(merged(vh, srv, 'sslsessiontickets'), true, 'mod_ssl'), confOptions, 'sessionticket'),
    compression: onOff(merged(vh, srv, 'sslcompression'), false, 'mod_ssl'),
    insecureReneg: onOff(merged(vh, srv, 'sslinsecurerenegotiation'), false, 'mod_ssl'),
    stapling: onOff(merged(vh, srv, 'sslusestapling'), false, 'mod_ssl'),
    staplingCache: srv.last('sslstaplingcache'),
    strictSni: onOff(merged(vh, srv, 'sslstrictsnivhostcheck'), false, 'mod_ssl'),
    groups: vh.confCmd(['curves', 'groups']) ?? srv.confCmd(['curves', 'groups']),
    dhParameters: vh.confCmd(['dhparameters']) ?? srv.confCmd(['dhparameters']),
    hsts: hstsOf(headerItems),
    proxy: {
      engine: onOff(merged(vh, srv, 'sslproxyengine'), false, 'mod_ssl'),
      verify: stringValue(merged(vh, srv, 'sslproxyverify'), 'none', 'mod_ssl default: none'),
      checkPeerName: onOff(merged(vh, srv, 'sslproxycheckpeername'), true, 'mod_ssl'),
      checkPeerCN: onOff(merged(vh, srv, 'sslproxycheckpeercn'), true, 'mod_ssl'),
      protocols: proxyProtocols,
      protocolItem: proxyProtoItem,
      ciphers: pc ? { value: cipherArg(pc)?.text ?? '', item: pc } : { value: APACHE_DEFAULT_CIPHERS, defaultNote: "OpenSSL's DEFAULT" },
      caFile: merged(vh, srv, 'sslproxycacertificatefile'),
      caPath: merged(vh, srv, 'sslproxycacertificatepath'),
      httpsPasses: proxyPasses(item ? passLevel : srv),
    },
  };
}

/** Every virtual host of every Apache root (and each root's main server when SSLEngine is on there). */
export function apachePolicies(ws: Workspace): ApachePolicies {
  const vhosts: ApacheVhost[] = [];
  const listens: ListenEntry[] = [];
  for (const root of ws.roots) {
    if (root.dialect !== 'apache') continue;
    const srv = new Level(root.main);
    const rootListens = srv.all('listen').map(parseListen).filter((l): l is ListenEntry => l !== undefined);
    listens.push(...rootListens);
    const main = vhostOf(ws, root, srv, rootListens, undefined);
    if (main) vhosts.push(main);
    for (const it of levelItems(root.main)) {
      if (it.directive.lname !== 'virtualhost' || !it.block) continue;
      const v = vhostOf(ws, root, srv, rootListens, it);
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
    value = stringValue(new Level(root.main).last('sslengine'), 'off', '').value;
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
