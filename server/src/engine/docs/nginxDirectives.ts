// Lookup over the nginx directive table (nginxDirectiveData.ts, generated from the nginx sources) and
// the directives of common third-party modules (nginxThirdPartyData.ts, generated from their sources),
// so those are neither reported as typos nor judged as nginx's own.

import { ANY, B, R, U, O, D, T, NGINX_CONTEXTS, contextBit, contextsOfMask, isNginxContext } from './nginxContexts';
import type { DirectiveRow, NginxContext } from './nginxContexts';
import { NGINX_DIRECTIVE_ROWS, NGINX_SOURCE_VERSION } from './nginxDirectiveData';
import { THIRD_PARTY_DIRECTIVE_ROWS } from './nginxThirdPartyData';
import { detached } from '../syntax/text';

export type { NginxContext } from './nginxContexts';
export { NGINX_CONTEXTS, NGINX_SOURCE_VERSION };

/** How many arguments a directive takes. */
export interface NginxArity {
  /** As in the table: `'12'`, `'1+'`, `'*'`, `'flag'`. */
  text: string;
  min: number;
  /** `Infinity` for "N or more" and "any". */
  max: number;
  /** The exact allowed counts when they are a list (`'13'`: 1 or 3); undefined for open ranges. */
  counts?: readonly number[];
  /** Exactly one argument, `on` or `off`. */
  flag: boolean;
}

/** One module's definition of a directive. */
export interface NginxDirectiveVariant {
  name: string;
  /** The module, e.g. `ngx_http_ssl_module` (third-party: the project's short name, e.g. `lua`). */
  module: string;
  contexts: NginxContext[];
  /** Bit mask of `contexts` (see nginxContexts.ts). */
  mask: number;
  args: NginxArity;
  block: boolean;
  /** False when nginx refuses a second occurrence in the same block ("directive is duplicate"). */
  repeatable: boolean;
  /** Repeating it merges the values (`ssl_protocols TLSv1.2; ssl_protocols TLSv1.3;` enables both). */
  accumulates: boolean;
  /** First nginx version with this directive (undefined: present since the first public release). */
  since?: string;
  /** First nginx version without it. */
  removed?: string;
  /** Version from which it is accepted but ignored. */
  obsolete?: string;
  /** nginx warns that it is deprecated. */
  deprecated: boolean;
  /** The directive to use instead, when nginx names one. */
  replacement?: string;
  /** Contexts added after `since`, with their version. */
  contextSince?: Partial<Record<NginxContext, string>>;
  thirdParty: boolean;
  /** Reference page on nginx.org, when the module is documented there. */
  docsUrl?: string;
}

/** A directive with all its module variants merged (or those allowed in one context). */
export interface NginxDirectiveInfo extends Omit<NginxDirectiveVariant, 'module' | 'contextSince'> {
  /** The first variant's arity (variants of one name rarely differ; see `variants` when they do). */
  args: NginxArity;
  modules: string[];
  variants: NginxDirectiveVariant[];
}

function parseArity(text: string): NginxArity {
  if (text === 'flag') return { text, min: 1, max: 1, counts: [1], flag: true };
  if (text === '*') return { text, min: 0, max: Infinity, flag: false };
  if (text.endsWith('+')) return { text, min: Number(text.slice(0, -1)), max: Infinity, flag: false };
  const counts = [...text].map(Number);
  return { text, min: Math.min(...counts), max: Math.max(...counts), counts, flag: false };
}

/** Whether nginx accepts `n` arguments for this arity. */
export function acceptsArgCount(arity: NginxArity, n: number): boolean {
  if (arity.counts) return arity.counts.includes(n);
  return n >= arity.min && n <= arity.max;
}

// nginx.org documents several source modules on one page.
const DOC_PAGE: Record<string, string> = {
  core: 'ngx_core_module', errlog: 'ngx_core_module', conf: 'ngx_core_module', events: 'ngx_core_module',
  event_core: 'ngx_core_module', epoll: 'ngx_core_module', openssl: 'ngx_core_module', openssl_cache: 'ngx_core_module',
  regex: 'ngx_core_module', thread_pool: 'ngx_core_module', quic_bpf: 'http/ngx_http_v3_module',
  google_perftools: 'ngx_google_perftools_module',
  http: 'http/ngx_http_core_module', http_copy_filter: 'http/ngx_http_core_module', http_try_files: 'http/ngx_http_core_module',
  http_userid_filter: 'http/ngx_http_userid_module', http_addition_filter: 'http/ngx_http_addition_module',
  http_charset_filter: 'http/ngx_http_charset_module', http_gzip_filter: 'http/ngx_http_gzip_module',
  http_gunzip_filter: 'http/ngx_http_gunzip_module', http_headers_filter: 'http/ngx_http_headers_module',
  http_ssi_filter: 'http/ngx_http_ssi_module', http_sub_filter: 'http/ngx_http_sub_module',
  http_slice_filter: 'http/ngx_http_slice_module', http_xslt_filter: 'http/ngx_http_xslt_module',
  stream: 'stream/ngx_stream_core_module', mail: 'mail/ngx_mail_core_module',
};
// Modules with no reference page (platform-specific event methods, internal modules).
const UNDOCUMENTED = new Set(['kqueue', 'devpoll', 'eventport', 'iocp', 'http_degradation', 'http_static']);

function docsUrlFor(name: string, module: string, thirdParty: boolean, removed: boolean): string | undefined {
  if (thirdParty || removed || UNDOCUMENTED.has(module)) return undefined;
  let page = DOC_PAGE[module];
  if (!page) {
    if (/^http_upstream_/.test(module)) page = 'http/ngx_http_upstream_module';
    else if (/^stream_upstream_/.test(module)) page = 'stream/ngx_stream_upstream_module';
    else if (module.startsWith('http_')) page = `http/ngx_${module}_module`;
    else if (module.startsWith('stream_')) page = `stream/ngx_${module}_module`;
    else if (module.startsWith('mail_')) page = `mail/ngx_${module}_module`;
    else return undefined;
  }
  return `https://nginx.org/en/docs/${page}.html#${name}`;
}

function toVariant(row: DirectiveRow): NginxDirectiveVariant {
  const [name, module, mask, args, flags, since, removed, extra] = row;
  const thirdParty = (flags & T) !== 0;
  return {
    name,
    module: thirdParty ? module : `ngx_${module}_module`,
    contexts: contextsOfMask(mask),
    mask,
    args: parseArity(args),
    block: (flags & B) !== 0,
    repeatable: (flags & R) !== 0,
    accumulates: (flags & U) !== 0,
    since,
    removed,
    obsolete: (flags & O) !== 0 ? extra?.obsolete : undefined,
    deprecated: (flags & D) !== 0,
    replacement: extra?.use,
    contextSince: extra?.ctxSince,
    thirdParty,
    docsUrl: docsUrlFor(name, module, thirdParty, removed !== undefined),
  };
}

let rowIndex: Map<string, DirectiveRow[]> | undefined;

/** The table's rows of a directive name. Only the rows are indexed: a lint looks up a few dozen names of two thousand. */
function rowsOf(name: string): DirectiveRow[] | undefined {
  if (!rowIndex) {
    rowIndex = new Map();
    for (const row of [...NGINX_DIRECTIVE_ROWS, ...THIRD_PARTY_DIRECTIVE_ROWS]) {
      const list = rowIndex.get(row[0]);
      if (list) list.push(row);
      else rowIndex.set(row[0], [row]);
    }
  }
  return rowIndex.get(name);
}

const variants = new Map<string, NginxDirectiveVariant[]>();

function variantsOf(name: string): NginxDirectiveVariant[] | undefined {
  let vs = variants.get(name);
  if (!vs) {
    const rows = rowsOf(name);
    if (!rows) return undefined;
    vs = rows.map(toVariant);
    variants.set(name, vs);
  }
  return vs;
}

/** Compare dotted version strings numerically ("1.9.0" < "1.19.4"). */
export function compareNginxVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function existsIn(v: NginxDirectiveVariant, version: string): boolean {
  if (v.since && compareNginxVersions(version, v.since) < 0) return false;
  if (v.removed && compareNginxVersions(version, v.removed) >= 0) return false;
  return true;
}

function merge(name: string, vs: NginxDirectiveVariant[]): NginxDirectiveInfo {
  const mask = vs.reduce((m, v) => m | v.mask, 0);
  const current = vs.filter((v) => !v.removed);
  const sinces = vs.map((v) => v.since);
  return {
    name,
    contexts: contextsOfMask(mask),
    mask,
    args: vs[0].args,
    block: vs.some((v) => v.block),
    // Without a context to tell the variants apart, never claim a duplicate error one of them would not give.
    repeatable: vs.some((v) => v.repeatable),
    accumulates: vs.some((v) => v.accumulates),
    since: sinces.includes(undefined) ? undefined : sinces.reduce((a, b) => (compareNginxVersions(a!, b!) <= 0 ? a : b)),
    removed: current.length ? undefined : vs.map((v) => v.removed!).reduce((a, b) => (compareNginxVersions(a, b) >= 0 ? a : b)),
    obsolete: vs.every((v) => v.obsolete) ? vs[0].obsolete : undefined,
    deprecated: vs.every((v) => v.deprecated),
    replacement: vs.find((v) => v.replacement)?.replacement,
    thirdParty: vs.every((v) => v.thirdParty),
    modules: [...new Set(vs.map((v) => v.module))],
    docsUrl: (current.length ? current : vs).find((v) => v.docsUrl)?.docsUrl,
    variants: vs,
  };
}

/**
 * Everything known about a directive, or undefined for a name no nginx version nor listed third-party
 * module defines. With a context, only the variants allowed there are merged (the `server` of
 * `upstream` rather than the `server` block of `http`); when none is, all variants are.
 */
export function lookupNginxDirective(name: string, context?: string): NginxDirectiveInfo | undefined {
  // Rules ask about every directive of a tree, often several times: merge each (name, context) once.
  const key = context !== undefined && isNginxContext(context) ? `${context} ${name}` : name;
  if (lookups.has(key)) return lookups.get(key);
  if (name.length > 64) return lookupUncached(name, context); // no directive name is that long: not kept
  // (The record keeps the name: a copy, not the file text it was cut from.)
  const info = lookupUncached(detached(name), context);
  if (lookups.size >= 10000) lookups.clear(); // garbage names must not grow it without bound
  lookups.set(detached(key), info);
  return info;
}

const lookups = new Map<string, NginxDirectiveInfo | undefined>();

function lookupUncached(name: string, context?: string): NginxDirectiveInfo | undefined {
  const vs = variantsOf(name);
  if (!vs) return undefined;
  if (context !== undefined && isNginxContext(context)) {
    const bit = contextBit(context);
    const here = vs.filter((v) => (v.mask & bit) !== 0);
    if (here.length) return merge(name, here);
  }
  return merge(name, vs);
}

/** True for nginx directives (current or removed) and the listed third-party ones. */
export function isKnownNginxDirective(name: string): boolean {
  return rowsOf(name) !== undefined;
}

export interface DirectiveNameOptions {
  /** Include directives removed from nginx (default false). */
  includeRemoved?: boolean;
  /** Include third-party directives (default true). */
  thirdParty?: boolean;
}

const namesCache = new Map<string, readonly string[]>();

/** Sorted directive names (by default: current nginx and third-party, not removed ones). */
export function nginxDirectiveNames(options: DirectiveNameOptions = {}): string[] {
  const key = `${options.includeRemoved === true}:${options.thirdParty !== false}`;
  const cached = namesCache.get(key);
  if (cached) return [...cached];
  rowsOf('');
  const out: string[] = [];
  // What merge() would say of the name, read from the rows: removed when every row is, third-party when every row is.
  for (const [name, rows] of rowIndex!) {
    if (!options.includeRemoved && rows.every((r) => Boolean(r[6]))) continue;
    if (options.thirdParty === false && rows.every((r) => (r[4] & T) !== 0)) continue;
    out.push(name);
  }
  out.sort();
  namesCache.set(key, out);
  return [...out];
}

/**
 * Whether nginx accepts the directive in a context. Contexts outside the fourteen nginx ones
 * (data blocks, unknown fragments) are not judged: true. Unknown directives: false. With a version,
 * the directive (and that context for it) must exist in that version.
 */
export function allowedIn(name: string, context: string, version?: string): boolean {
  const vs = variantsOf(name);
  if (!vs) return false;
  if (!isNginxContext(context)) return true;
  const bit = contextBit(context);
  return vs.some((v) => {
    if ((v.mask & bit) === 0) return false;
    if (version === undefined) return true;
    if (!existsIn(v, version)) return false;
    const from = v.contextSince?.[context];
    return from === undefined || compareNginxVersions(version, from) >= 0;
  });
}

/** Whether some variant of the directive exists in an nginx version (third-party: always). */
export function existsInNginxVersion(name: string, version: string): boolean {
  const vs = variantsOf(name);
  return vs !== undefined && vs.some((v) => v.thirdParty || existsIn(v, version));
}

const inCache = new Map<NginxContext, readonly NginxDirectiveInfo[]>();

/** Current (not removed) directive variants allowed in a context, one per name, sorted by name. */
export function nginxDirectivesIn(context: NginxContext): NginxDirectiveInfo[] {
  const cached = inCache.get(context);
  if (cached) return [...cached];
  const bit = contextBit(context);
  const out: NginxDirectiveInfo[] = [];
  for (const name of nginxDirectiveNames()) {
    const here = variantsOf(name)!.filter((v) => (v.mask & bit) !== 0 && !v.removed);
    if (here.length) out.push(merge(name, here));
  }
  inCache.set(context, out);
  return [...out];
}

/** Whether every context is allowed (`include`). */
export function isAnyContext(info: NginxDirectiveInfo): boolean {
  return (info.mask & ANY) === ANY;
}

// Re-exported for callers that test masks themselves.
export { contextBit, contextsOfMask, isNginxContext };
