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

function valueEntry(v: NginxValueDoc, range: Range): CompletionEntry {
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
