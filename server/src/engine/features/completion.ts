// Completion for nginx files: directive names valid where the cursor is (TLS directives first) and,
// after a directive name, the values it takes. Pure: parsed file + position in, plain entries out.

import type { Position, Range } from '../types';
import { comparePositions, rangeContains } from '../types';
import type { Arg, Directive, ParsedFile } from '../syntax/tree';
import { lookupNginxDirective, nginxDirectiveNames, nginxDirectivesIn } from '../docs/nginxDirectives';
import type { NginxContext, NginxDirectiveInfo } from '../docs/nginxDirectives';
import { NGINX_LISTEN_PARAMETERS, nginxDirectiveDoc } from '../docs/nginxDocs';
import type { NginxValueDoc } from '../docs/nginxDocs';
import { directiveMarkdown } from './hover';
import { contextOfChain, enclosingBlocks } from './nodeAt';
import { CIPHER_STRING_DIRECTIVES, CONF_COMMAND_DIRECTIVES } from './hover';
import { expandCipherString, knownCipherStringNames } from '../tls/ciphers/expand';
import { describeSuite, suiteByName, TLS13_SUITES } from '../tls/ciphers/table';
import { suiteMarks } from './cipherHover';

export interface CompletionEntry {
  label: string;
  kind: 'directive' | 'value' | 'keyword';
  detail?: string;
  documentation?: string;
  insertText?: string;
  /** `insertText` is a snippet (`$1`, `${1|on,off|}`, `$0`). */
  snippet?: boolean;
  /** The text the entry replaces; absent: insert at the cursor. */
  range?: Range;
  /** Orders entries (compared as strings); TLS directives and recommended values come first. */
  sortText?: string;
}

const TLS_PREFIXES = ['ssl', 'proxy_ssl', 'grpc_ssl', 'uwsgi_ssl', 'quic_', 'http2', 'http3', 'starttls'];
const TLS_NAMES = new Set(['listen', 'server_name', 'resolver', 'add_header']);

export function isTlsDirectiveName(name: string): boolean {
  return TLS_NAMES.has(name) || TLS_PREFIXES.some((p) => name.startsWith(p));
}

/** Arguments that are `:`-separated lists whose elements are completed one by one. */
const COLON_LISTS = /^(ssl_ciphers|ssl_ecdh_curve|(proxy|grpc|uwsgi)_ssl_ciphers)$/;

export function completeNginx(parsed: ParsedFile, pos: Position): CompletionEntry[] {
  if (parsed.comments.some((c) => comparePositions(c.range.start, pos) < 0 && comparePositions(pos, c.range.end) <= 0)) return [];
  const chain = enclosingBlocks(parsed, pos);
  const ctx = contextOfChain(parsed, chain);
  if (ctx === 'data' || ctx === 'opaque') return [];
  const list = chain.length ? chain[chain.length - 1].block! : parsed.directives;
  const stmt = statementAt(list, pos);
  if (!stmt) return directiveEntries(ctx, { start: pos, end: pos }, true);
  if (rangeContains(stmt.nameRange, pos)) {
    const bare = stmt.args.length === 0 && !stmt.terminated && !stmt.block;
    return directiveEntries(ctx, stmt.nameRange, bare);
  }
  return valueEntries(stmt, pos, ctx);
}

/** The statement whose head (name to `;` or `{`) the cursor is in, including one still being typed. */
function statementAt(list: Directive[], pos: Position): Directive | undefined {
  for (const d of list) {
    if (comparePositions(pos, d.range.start) < 0) continue;
    if (d.blockOpenRange) {
      if (comparePositions(pos, d.blockOpenRange.start) <= 0) return d;
      continue;
    }
    if (d.terminated) {
      const semicolon = { line: d.range.end.line, character: d.range.end.character - 1 };
      if (comparePositions(pos, semicolon) <= 0) return d;
      continue;
    }
    // Unterminated: the user is still typing it, on its last line.
    if (comparePositions(pos, d.range.end) <= 0 || pos.line === d.range.end.line) return d;
  }
  return undefined;
}

function directiveEntries(ctx: NginxContext | undefined, range: Range, snippets: boolean): CompletionEntry[] {
  const infos = ctx ? nginxDirectivesIn(ctx) : nginxDirectiveNames().map((n) => lookupNginxDirective(n)!);
  const out: CompletionEntry[] = [];
  for (const info of infos) {
    if (info.removed || info.obsolete) continue;
    const tls = isTlsDirectiveName(info.name);
    const entry: CompletionEntry = {
      label: info.name,
      kind: 'directive',
      detail: detailOf(info),
      range,
      sortText: `${tls ? '0' : '1'}${info.name}`,
    };
    if (nginxDirectiveDoc(info.name)) entry.documentation = directiveMarkdown(info.name, ctx);
    if (snippets) {
      entry.insertText = snippetFor(info);
      entry.snippet = true;
    }
    out.push(entry);
  }
  return out;
}

function detailOf(info: NginxDirectiveInfo): string {
  const parts = [info.modules.join(', ')];
  if (info.since) parts.push(`since ${info.since}`);
  if (info.deprecated) parts.push('deprecated');
  return parts.join(' · ');
}

function snippetFor(info: NginxDirectiveInfo): string {
  if (info.block) return info.args.max === 0 ? `${info.name} {\n\t$0\n}` : `${info.name} $1 {\n\t$0\n}`;
  if (info.args.flag) return `${info.name} \${1|on,off|};`;
  if (info.args.max === 0) return `${info.name};`;
  return `${info.name} $0;`;
}

function valueEntries(d: Directive, pos: Position, ctx: NginxContext | undefined): CompletionEntry[] {
  const current = d.args.findIndex((a) => rangeContains(a.range, pos));
  const argIndex = current >= 0 ? current : d.args.filter((a) => comparePositions(a.range.end, pos) < 0).length;
  const arg: Arg | undefined = current >= 0 ? d.args[current] : undefined;
  const info = lookupNginxDirective(d.name, ctx);
  if (!info) return [];
  // No room for another argument (a flag already set, …), unless the cursor edits an existing one.
  if (!arg && argIndex + 1 > info.args.max) return [];
  const others = new Set(d.args.filter((_, i) => i !== current).map((a) => a.text));
  const range: Range = arg ? { start: arg.range.start, end: pos } : { start: pos, end: pos };

  if (d.name === 'listen') return listenEntries(argIndex, others, range, ctx);
  if (CIPHER_STRING_DIRECTIVES.test(d.name) && argIndex === 0) {
    return cipherStringEntries(arg, pos, nginxDirectiveDoc(d.name)?.values ?? []) ?? [];
  }
  if (CONF_COMMAND_DIRECTIVES.test(d.name) && argIndex === 1) {
    const command = d.args[0]?.text.toLowerCase();
    if (command === 'cipherstring') return cipherStringEntries(arg, pos, []) ?? [];
    if (command === 'ciphersuites') return ciphersuitesEntries(arg, pos) ?? [];
  }

  const doc = nginxDirectiveDoc(d.name);
  let values: NginxValueDoc[] = (doc?.values ?? []).filter((v) => v.at === undefined || v.at.includes(argIndex));
  if (!values.length && info.args.flag) values = [{ value: 'on', doc: 'Enable.' }, { value: 'off', doc: 'Disable.' }];

  if (COLON_LISTS.test(d.name) && arg && !arg.quoted && arg.text.includes(':') && arg.range.start.line === pos.line) {
    // Complete the element after the last `:` before the cursor.
    const typed = arg.text.slice(0, pos.character - arg.range.start.character);
    const cut = typed.lastIndexOf(':') + 1;
    const present = new Set(typed.slice(0, cut).split(':'));
    const elRange: Range = { start: { line: pos.line, character: arg.range.start.character + cut }, end: pos };
    return values.filter((v) => !v.value.includes(':') && !present.has(v.value)).map((v) => valueEntry(v, elRange));
  }
  return values.filter((v) => !others.has(v.value)).map((v) => valueEntry(v, range));
}

export function valueEntry(v: NginxValueDoc, range: Range): CompletionEntry {
  const rank = v.verdict === 'recommended' ? '0' : v.verdict === 'insecure' ? '3' : v.verdict === 'deprecated' ? '2' : '1';
  return {
    label: v.value,
    kind: 'value',
    detail: v.verdict && v.verdict !== 'neutral' ? v.verdict : undefined,
    documentation: v.doc,
    range,
    sortText: `${rank}${v.value}`,
  };
}

const LISTEN_ADDRESSES: NginxValueDoc[] = [
  { value: '443', doc: 'All IPv4 addresses, port 443 (HTTPS). Add `ssl`.' },
  { value: '[::]:443', doc: 'All IPv6 addresses, port 443. Add `ssl`.' },
  { value: '80', doc: 'All IPv4 addresses, port 80 (plain HTTP).' },
  { value: '[::]:80', doc: 'All IPv6 addresses, port 80.' },
];

function listenEntries(argIndex: number, others: Set<string>, range: Range, ctx: NginxContext | undefined): CompletionEntry[] {
  if (argIndex === 0) return LISTEN_ADDRESSES.map((v) => valueEntry(v, range));
  const family = ctx === 'stream-server' ? 'stream' : ctx === 'mail-server' ? 'mail' : 'http';
  const present = new Set([...others].map((a) => a.replace(/=.*$/, '')));
  const out: CompletionEntry[] = [];
  for (const p of NGINX_LISTEN_PARAMETERS) {
    if (p.removed || !p.modules.includes(family) || present.has(p.name)) continue;
    if (p.name === 'default' && present.has('default_server')) continue;
    if (p.name === 'default_server' && present.has('default')) continue;
    const rank = p.deprecated ? '3' : p.name === 'ssl' ? '0' : ['default_server', 'http2', 'quic', 'proxy_protocol', 'reuseport'].includes(p.name) ? '1' : '2';
    out.push({
      label: p.takesValue ? `${p.name}=` : p.name,
      kind: 'keyword',
      detail: p.deprecated ? `deprecated since ${p.deprecated}` : p.since ? `since ${p.since}` : undefined,
      documentation: p.doc,
      range,
      sortText: `${rank}${p.name}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Cipher strings: one element at a time

/** The part of a single-line argument before the cursor, and the column it starts at (after a quote). */
function typedPart(arg: Arg | undefined, pos: Position): { typed: string; base: number } | undefined {
  if (!arg) return { typed: '', base: pos.character };
  // The start line only: an unterminated quote (still being typed) runs on to later lines.
  if (arg.range.start.line !== pos.line) return undefined;
  const quote = arg.raw.startsWith('"') || arg.raw.startsWith("'") ? 1 : 0;
  const typed = arg.raw.slice(quote, Math.max(quote, pos.character - arg.range.start.character));
  if (/[\\\r\n]/.test(typed)) return undefined;
  return { typed, base: arg.range.start.character + quote };
}

/** Commonly used aliases, offered first. */
const COMMON_ALIASES = new Set(['HIGH', 'ECDHE', 'DHE', 'AESGCM', 'CHACHA20', 'AES', 'aNULL', 'eNULL', 'MD5', 'SHA1', 'kRSA', 'RSA', 'PSK', 'SRP', 'CBC', 'DEFAULT', 'ALL', 'aECDSA', 'aRSA', 'kECDHE', 'kDHE', 'MEDIUM', 'LOW', 'CAMELLIA', 'ARIA', 'AESCCM', 'SHA256', 'SHA384']);

let cipherNameEntries: { aliases: CompletionEntry[]; suites: CompletionEntry[] } | undefined;

/** Aliases and suite names with their details; computed once (one cheap expansion per alias). */
function cipherNames(): { aliases: CompletionEntry[]; suites: CompletionEntry[] } {
  if (cipherNameEntries) return cipherNameEntries;
  const known = knownCipherStringNames();
  const aliases: CompletionEntry[] = [...known.aliases, 'DEFAULT', 'COMPLEMENTOFDEFAULT', 'SUITEB128', 'SUITEB192'].filter((n, i, a) => a.indexOf(n) === i).map((name) => {
    const sel = expandCipherString(name, { securityLevel: 0 }).configured;
    return {
      label: name,
      kind: 'keyword',
      detail: `alias · ${sel.length} suite${sel.length === 1 ? '' : 's'}`,
      documentation: sel.length ? sel.slice(0, 12).map((s) => s.name).join(', ') + (sel.length > 12 ? `, … (${sel.length - 12} more)` : '') : 'Selects no suite in this OpenSSL build.',
      sortText: `${COMMON_ALIASES.has(name) ? '1' : '2'}${name}`,
    };
  });
  const suites: CompletionEntry[] = known.suites.map((name) => {
    const s = suiteByName(name)!;
    const d = describeSuite(s);
    const marks = suiteMarks(s);
    return {
      label: name,
      kind: 'value',
      detail: `${d.protocol} · Kx=${d.kx} Au=${d.au} Enc=${d.enc} Mac=${d.mac}${marks.length ? ' · ' + marks.join(', ') : ''}`,
      documentation: s.ianaName,
      sortText: `${s.psk || s.srp ? '5' : marks.length ? '4' : '3'}${name}`,
    };
  });
  cipherNameEntries = { aliases, suites };
  return cipherNameEntries;
}

/**
 * Completion in an OpenSSL cipher string: the name being typed starts after `:` (or `,`, space), after a
 * leading `!`, `-` or `+`, or after a `+` joining names. At the very start, the documented whole strings too.
 */
export function cipherStringEntries(arg: Arg | undefined, pos: Position, recipes: NginxValueDoc[]): CompletionEntry[] | undefined {
  const tp = typedPart(arg, pos);
  if (!tp) return undefined;
  const { typed, base } = tp;
  let elStart = 0;
  for (let i = typed.length - 1; i >= 0; i--) {
    if (':, ;'.includes(typed[i])) {
      elStart = i + 1;
      break;
    }
  }
  const element = typed.slice(elStart);
  let wordStart = elStart;
  if (element.startsWith('@')) {
    const range: Range = { start: { line: pos.line, character: base + elStart + 1 }, end: pos };
    return ['STRENGTH', ...[0, 1, 2, 3, 4, 5].map((n) => `SECLEVEL=${n}`)].map((label, i) => ({
      label,
      kind: 'keyword' as const,
      detail: label === 'STRENGTH' ? 'sort by strength' : 'security level',
      range,
      sortText: String(i),
    }));
  }
  if (/^[!+-]/.test(element)) wordStart++;
  const plus = typed.lastIndexOf('+');
  if (plus >= wordStart) wordStart = plus + 1;
  const range: Range = { start: { line: pos.line, character: base + wordStart }, end: pos };
  const names = cipherNames();
  const out: CompletionEntry[] = [];
  const atStart = elStart === 0 && wordStart === 0;
  const recipeDoc = new Map(recipes.map((v) => [v.value, v]));
  const named = new Set([...names.aliases, ...names.suites].map((e) => e.label));
  if (atStart) for (const v of recipes) if (!named.has(v.value)) out.push({ ...valueEntry(v, range), sortText: `0${v.value}` });
  for (const e of [...names.aliases, ...names.suites]) {
    const doc = recipeDoc.get(e.label)?.doc;
    out.push({ ...e, range, ...(doc ? { documentation: `${doc}\n\n${e.documentation ?? ''}`.trim() } : {}) });
  }
  return out;
}

/** Completion in a TLS 1.3 `Ciphersuites` value: suite names after `:` or at the start. */
export function ciphersuitesEntries(arg: Arg | undefined, pos: Position): CompletionEntry[] | undefined {
  const tp = typedPart(arg, pos);
  if (!tp) return undefined;
  const cut = tp.typed.lastIndexOf(':') + 1;
  const present = new Set(tp.typed.slice(0, cut).split(':'));
  const range: Range = { start: { line: pos.line, character: tp.base + cut }, end: pos };
  return TLS13_SUITES.filter((s) => !present.has(s.name)).map((s, i) => {
    const d = describeSuite(s);
    return {
      label: s.name,
      kind: 'value' as const,
      detail: `TLSv1.3 · Enc=${d.enc}${s.inDefault ? '' : ' · not in OpenSSL\'s default list'}`,
      range,
      sortText: `${s.inDefault ? '0' : '1'}${i}`,
    };
  });
}
