// Where TLS <= 1.2 cipher strings are decided in nginx: explicit `ssl_ciphers`-style directives (judged by
// their expansion, wherever they are) and TLS servers that rely on nginx's default string. Each site is
// expanded once per lint with OpenSSL's default security level (2, as Debian builds it) and the
// protocols of the servers or upstreams that use it.

import type { Dialect, Fix, Range, TextEdit } from '../types';
import type { Arg, Directive } from '../syntax/tree';
import type { Workspace } from '../model/workspace';
import { expandForProtocols, nginxDefaultProtocols, type NginxServer, type NginxUpstream } from '../model/nginxPolicy';
import { expandCiphersuites, type CipherExpansion, type Tls13Expansion } from '../tls/ciphers/expand';
import type { CipherSuite, Protocol } from '../tls/ciphers/table';
import { maskProtocols, protocolMask } from '../tls/protocols';
import type { Profile } from '../tls/profiles';
import { parseGroupList, type GroupToken } from '../tls/groups';
import { fix, insertLinesAtBlockStart, nginx, nginxDirectives, nginxQuote } from './helpers';
import { serverAnchor } from './protocolSites';
import type { CertServer } from './certificateSites';
import { otherCipherSites, otherGroupSites, otherTls13Sites } from './dialectSites';

export const SERVER_CIPHER_DIRECTIVES = ['ssl_ciphers'];
export const UPSTREAM_CIPHER_DIRECTIVES = ['proxy_ssl_ciphers', 'grpc_ssl_ciphers', 'uwsgi_ssl_ciphers'];

/** nginx's `ssl_ciphers` default (all versions tlslint targets). */
export const NGINX_DEFAULT_CIPHERS = 'HIGH:!aNULL:!MD5';

/** Security level OpenSSL applies when the string sets none (Debian's build: 2). */
export const DEFAULT_SECURITY_LEVEL = 2;

export interface CipherSite {
  /** Absent for nginx. */
  dialect?: Dialect;
  side: 'server' | 'upstream';
  /** The cipher string as OpenSSL receives it. */
  text: string;
  /** The directive that sets it; absent for a server on nginx's default. */
  directive?: Directive;
  arg?: Arg;
  /** nginx servers (side 'server') or upstreams (side 'upstream') the string is in effect for. */
  servers: NginxServer[];
  upstreams: NginxUpstream[];
  /** Other dialects: the servers the string is in effect for, with their certificate count and protocols. */
  users?: { server: CertServer; certificateCount: number; protocols: string[] }[];
  /** How a new value is written into the argument (default: nginx quoting). */
  quote?: (value: string) => string;
  /** How messages name a site without a directive (a server on its default string). */
  label?: string;
  /** Edits that give a site without a directive a string (default: add ssl_ciphers to each nginx server). */
  setString?: (value: string) => TextEdit[];
  /** Enabled protocol versions the expansion assumes (the union over the users of the string). */
  protocols: Protocol[];
  expansion: CipherExpansion;
  /** Where to report about the string as a whole. */
  file: string;
  range: Range;
  rootFile?: string;
}

/** Expand under a security level (memoized in the model: thousands of servers share a handful of strings). */
export function expandFor(text: string, protocols: readonly Protocol[], securityLevel = DEFAULT_SECURITY_LEVEL, side: 'server' | 'client' = 'server'): CipherExpansion {
  return expandForProtocols(text, protocols, securityLevel, side);
}

const cache = new WeakMap<Workspace, CipherSite[]>();

/** Every cipher string in effect: one site per explicit directive, one per server on the default. */
export function cipherSites(ws: Workspace): CipherSite[] {
  const cached = cache.get(ws);
  if (cached) return cached;
  const policies = nginx(ws);
  const out: CipherSite[] = [];
  const defaults = nginxDefaultProtocols(ws.settings.targets.nginx).value;
  const level = ws.settings.securityLevel;
  // Thousands of sites share a few version sets and strings: one protocol list per set (so equal lists
  // are one array) and one expansion lookup per (side, set, string) for this computation.
  const lists: Protocol[][] = [];
  const listOf = (mask: number) => lists[mask] ?? (lists[mask] = maskProtocols(mask));
  const expanded = { server: new Map<Protocol[], Map<string, CipherExpansion>>(), client: new Map<Protocol[], Map<string, CipherExpansion>>() };
  const expansionOf = (text: string, protocols: Protocol[], side: 'server' | 'client') => {
    let byText = expanded[side].get(protocols);
    if (!byText) {
      byText = new Map();
      expanded[side].set(protocols, byText);
    }
    let x = byText.get(text);
    if (!x) {
      x = expandFor(text, protocols, level, side);
      byText.set(text, x);
    }
    return x;
  };
  // Users of each directive, indexed once (a filter per directive is quadratic in a hosting tree).
  const serversOf = groupBy(policies.servers.filter((s) => s.tls), (s) => s.ciphers.item?.directive);
  const upstreamsOf = groupBy(policies.upstreams, (u) => u.ciphers.item?.directive);
  const directives = nginxDirectives(ws, [...SERVER_CIPHER_DIRECTIVES, ...UPSTREAM_CIPHER_DIRECTIVES]);
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];
    const arg = d.args[0];
    if (!arg) continue;
    const side = SERVER_CIPHER_DIRECTIVES.includes(d.lname) ? 'server' : 'upstream';
    const servers = side === 'server' ? serversOf.get(d) ?? [] : [];
    const upstreams = side === 'upstream' ? upstreamsOf.get(d) ?? [] : [];
    let mask = 0;
    if (side === 'server') for (let j = 0; j < servers.length; j++) mask = protocolMask(servers[j].protocols.value, mask);
    else for (let j = 0; j < upstreams.length; j++) mask = protocolMask(upstreams[j].protocols.value, mask);
    const protocols = listOf(servers.length || upstreams.length ? mask : protocolMask(defaults));
    out.push({
      side,
      text: arg.text,
      directive: d,
      arg,
      servers,
      upstreams,
      protocols,
      expansion: expansionOf(arg.text, protocols, side === 'server' ? 'server' : 'client'),
      file: d.file,
      range: arg.range,
    });
  }
  const servers = policies.servers;
  for (let i = 0; i < servers.length; i++) {
    const s = servers[i];
    if (!s.tls || s.rejectHandshake.value || s.ciphers.item) continue;
    const protocols = listOf(protocolMask(s.protocols.value));
    const at = serverAnchor(s);
    out.push({
      side: 'server',
      text: s.ciphers.value,
      servers: [s],
      upstreams: [],
      protocols,
      expansion: expansionOf(s.ciphers.value, protocols, 'server'),
      file: at.file,
      range: at.range,
      rootFile: s.root.fragment ? undefined : s.root.file,
    });
  }
  out.push(...otherCipherSites(ws));
  cache.set(ws, out);
  return out;
}

function groupBy<T, K>(items: T[], key: (t: T) => K | undefined): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (let i = 0; i < items.length; i++) {
    const t = items[i];
    const k = key(t);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** Range of a span of the cipher string (offsets into the unquoted text) inside the argument. */
export function spanRange(site: CipherSite, start: number, end: number): Range {
  return site.arg ? argSpan(site.arg, start, end) : site.range;
}

/**
 * Characters start..end of an argument's text as a range; the whole argument when its text is not its
 * source character for character (several lines, escapes). Past the text lies only what the server
 * appends to it (mod_ssl's `:!aNULL:!eNULL:!EXP` after an SSLCipherSuite string): the span is cut at the
 * argument's end, or is the whole argument when it lies beyond.
 */
function argSpan(a: Arg, start: number, end: number): Range {
  if (a.range.start.line !== a.range.end.line || a.raw.includes('\\')) return a.range;
  const length = a.text.length;
  if (start >= length) return a.range;
  const base = a.range.start.character + (a.quoted ? 1 : 0);
  return { start: { line: a.range.start.line, character: base + start }, end: { line: a.range.start.line, character: base + Math.min(end, length) } };
}

const profileStrings = new WeakMap<Profile, string | undefined>();

/**
 * The profile's TLS <= 1.2 cipher string, or undefined when the profile has none (modern). Joined once
 * per profile: fixes ask for it for each of thousands of sites, and one string object keeps its hash.
 */
export function profileCipherString(profile: Profile): string | undefined {
  if (profileStrings.has(profile)) return profileStrings.get(profile);
  const value = profile.ciphers.length ? profile.ciphers.join(':') : undefined;
  profileStrings.set(profile, value);
  return value;
}

/** How a site is introduced in messages. */
export function siteLabel(site: CipherSite): string {
  if (site.directive) return `${site.directive.name} "${site.text}"`;
  if (site.label) return site.label;
  return `nginx's default ssl_ciphers "${site.text}" (no ssl_ciphers is set)`;
}

/** Names of suites for a message: the first few, then a count. */
export function suiteList(suites: readonly CipherSuite[], max = 3): string {
  const names = suites.slice(0, max).map((s) => s.name);
  return suites.length > max ? `${names.join(', ')} and ${suites.length - max} more` : names.join(', ');
}

/** Append exclusions to a cipher string, as a new argument value (quoted when needed). */
export function withExclusions(site: CipherSite, exclusions: string[]): string {
  const base = site.text.replace(/[:\s,;]+$/, '');
  return base + exclusions.map((x) => ':' + x).join('');
}

/**
 * A fix that gives the site a new cipher string: replaces the argument, or adds `ssl_ciphers` to each
 * server that relies on the default.
 */
export function setCipherString(ws: Workspace, site: CipherSite, value: string): TextEdit[] {
  if (site.arg && site.directive) return [{ file: site.directive.file, range: site.arg.range, newText: (site.quote ?? nginxQuote)(value) }];
  if (site.setString) return site.setString(value);
  const edits: TextEdit[] = [];
  for (const s of site.servers) {
    const e = insertLinesAtBlockStart(ws, s.directive, [`ssl_ciphers ${nginxQuote(value)};`]);
    if (e) edits.push(e);
  }
  return edits;
}

/** The "set the profile's string" fix, offered only when the profile has a string and it differs. */
export function profileStringFix(ws: Workspace, site: CipherSite, profile: Profile, accept?: (x: CipherExpansion) => boolean): Fix[] {
  const value = profileCipherString(profile);
  if (!value || value === site.text) return [];
  const x = expandFor(value, site.protocols, ws.settings.securityLevel, site.side === 'server' ? 'server' : 'client');
  if (x.errors.length || x.noCipherMatch || !keepsCoverage(site, x) || (accept && !accept(x))) return [];
  return fix(`Set the ${profile.name} cipher string`, 'suggestion', setCipherString(ws, site, value));
}

/** The "append exclusions" fix, offered only when the result still selects suites. */
export function exclusionFix(ws: Workspace, site: CipherSite, exclusions: string[], accept?: (x: CipherExpansion) => boolean): Fix[] {
  if (!exclusions.length) return [];
  const value = withExclusions(site, exclusions);
  const x = expandFor(value, site.protocols, ws.settings.securityLevel, site.side === 'server' ? 'server' : 'client');
  if (x.errors.length || x.noCipherMatch || !x.ciphers.length || !keepsCoverage(site, x) || (accept && !accept(x))) return [];
  return fix(`Append ${exclusions.map((e) => ':' + e).join('')} to the cipher string`, 'suggestion', setCipherString(ws, site, value));
}

/** Suites the selected profile lists itself (the old profile keeps some legacy ones on purpose). */
export function profileSuiteNames(profile: Profile): Set<string> {
  return new Set([...profile.ciphers, ...profile.ciphersuites]);
}

/** Whether offsets into the string map one-to-one onto the argument's source text. */
export function hasExactSpans(site: CipherSite): boolean {
  const a = site.arg;
  return !!a && a.range.start.line === a.range.end.line && !a.raw.includes('\\');
}

/** TLS <= 1.2 versions (among those enabled) that no usable suite of the expansion can negotiate. */
export function uncoveredProtocols(x: CipherExpansion, protocols: readonly Protocol[]): Protocol[] {
  const order: Protocol[] = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const rank = (p: Protocol) => order.indexOf(p);
  return protocols.filter((p) => p !== 'TLSv1.3' && p !== 'SSLv3' && !x.ciphers.some((s) => rank(s.minProtocol) <= rank(p) && rank(p) <= rank(s.maxProtocol)));
}

/** A replacement string must not leave a version without suites that had some before. */
function keepsCoverage(site: CipherSite, x: CipherExpansion): boolean {
  const before = new Set(uncoveredProtocols(site.expansion, site.protocols));
  return uncoveredProtocols(x, site.protocols).every((p) => before.has(p));
}

// ---------------------------------------------------------------------------------------------------------
// Key-exchange groups: `ssl_ecdh_curve` and `ssl_conf_command Groups|Curves` (server side).

export interface GroupSite {
  dialect?: Dialect;
  /** How a new value is written into the argument (default: nginx quoting). */
  quote?: (value: string) => string;
  directive: Directive;
  arg: Arg;
  text: string;
  tokens: GroupToken[];
}

export function groupSites(ws: Workspace): GroupSite[] {
  const out: GroupSite[] = [];
  for (const d of nginxDirectives(ws, ['ssl_ecdh_curve', 'ssl_conf_command'])) {
    let arg: Arg | undefined;
    if (d.lname === 'ssl_ecdh_curve') arg = d.args[0];
    else if (['groups', 'curves'].includes(d.args[0]?.text.toLowerCase() ?? '')) arg = d.args[1];
    if (!arg) continue;
    if (d.lname === 'ssl_ecdh_curve' && arg.text === 'auto') continue;
    out.push({ directive: d, arg, text: arg.text, tokens: parseGroupList(arg.text) });
  }
  out.push(...otherGroupSites(ws));
  return out;
}

/** Range of a span of a group list inside its argument. */
export function groupSpan(site: GroupSite, start: number, end: number): Range {
  return argSpan(site.arg, start, end);
}

/** The list without some elements (and their separators); undefined when nothing would remain. */
export function groupListWithout(site: GroupSite, drop: GroupToken[]): string | undefined {
  const kept = site.text.split(':').filter((el) => !drop.some((t) => el.replace(/^[?*-]+/, '').trim() === t.name));
  return kept.length ? kept.join(':') : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// TLS 1.3 suites: `ssl_conf_command Ciphersuites …` (SSL_CTX_set_ciphersuites).

export interface Tls13Site {
  dialect?: Dialect;
  /** How a new value is written into the argument (default: nginx quoting). */
  quote?: (value: string) => string;
  directive: Directive;
  arg: Arg;
  text: string;
  expansion: Tls13Expansion;
  /** Each name with its offsets in the value. */
  names: { name: string; start: number; end: number }[];
}

export function tls13Sites(ws: Workspace): Tls13Site[] {
  const out: Tls13Site[] = [];
  for (const d of nginxDirectives(ws, ['ssl_conf_command'])) {
    if (d.args[0]?.text.toLowerCase() !== 'ciphersuites' || !d.args[1]) continue;
    const arg = d.args[1];
    const names: Tls13Site['names'] = [];
    const re = /[^:]+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(arg.text))) {
      const lead = m[0].length - m[0].trimStart().length;
      const name = m[0].trim();
      if (name) names.push({ name, start: m.index + lead, end: m.index + lead + name.length });
    }
    out.push({ directive: d, arg, text: arg.text, expansion: expandCiphersuites(arg.text), names });
  }
  out.push(...otherTls13Sites(ws));
  return out;
}

/** Range of a span of a `Ciphersuites` value inside its argument. */
export function tls13Span(site: Tls13Site, start: number, end: number): Range {
  return argSpan(site.arg, start, end);
}
