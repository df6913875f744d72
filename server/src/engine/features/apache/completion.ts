// Completion for Apache httpd files. httpd reads one directive per line, so the typed line decides what
// is completed: a directive name at the start of a line (those allowed in the enclosing context, TLS
// first, with a snippet of the default), a section name after `<`, the closing tag after `</`, and the
// values of known directives after their name (`SSLProtocol` words, `SSLEngine on|off`, cipher strings…).

import type { Position, Range } from '../../types';
import type { Arg, Directive, ParsedFile } from '../../syntax/tree';
import { walkDirectives } from '../../syntax/tree';
import { allowedInApache, apacheContextOf, apacheDirectives, isHtaccessFile, isTlsRelatedApache, lookupApacheDirective } from '../../docs/apacheDirectives';
import type { ApacheContext, ApacheDirectiveInfo } from '../../docs/apacheDirectives';
import { apacheDirectiveDoc } from '../../docs/apacheDocs';
import type { ApacheValueDoc } from '../../docs/apacheDocs';
import { cipherStringEntries, ciphersuitesEntries, valueEntry, type CompletionEntry } from '../completion';
import { enclosingBlocks } from '../nodeAt';
import { apacheDirectiveMarkdown, APACHE_CIPHER_DIRECTIVES, APACHE_PROTOCOL_DIRECTIVES } from './hover';

function lineBefore(text: string, pos: Position): string | undefined {
  let start = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
  return line.slice(0, pos.character);
}

/** The directive whose first line holds the cursor (what is being typed), if the parser made one. */
function directiveOnLine(parsed: ParsedFile, line: number): Directive | undefined {
  let found: Directive | undefined;
  walkDirectives(parsed.directives, (d) => {
    if (d.range.start.line === line) found = d;
  });
  return found;
}

export function completeApache(parsed: ParsedFile, pos: Position): CompletionEntry[] {
  const before = lineBefore(parsed.text, pos);
  if (before === undefined || /^\s*#/.test(before)) return [];
  const chain = enclosingBlocks(parsed, pos).filter((d) => d.range.start.line !== pos.line);
  const ctx = apacheContextOf(chain, isHtaccessFile(parsed.file));
  let m = /^(\s*)([A-Za-z0-9_]*)$/.exec(before);
  if (m) {
    const range: Range = { start: { line: pos.line, character: m[1].length }, end: pos };
    return directiveEntries(ctx, range, !hasRestOfLine(parsed, pos));
  }
  m = /^(\s*)<([A-Za-z0-9_]*)$/.exec(before);
  if (m) return sectionEntries(ctx, { start: { line: pos.line, character: m[1].length + 1 }, end: pos });
  m = /^(\s*)<\/([A-Za-z0-9_]*)$/.exec(before);
  if (m) {
    const open = [...chain].reverse().find((d) => d.block !== undefined && !d.blockCloseRange) ?? chain[chain.length - 1];
    if (!open) return [];
    return [{ label: open.name, kind: 'keyword', detail: `closes <${open.name}> of line ${open.range.start.line + 1}`, insertText: `${open.name}>`, range: { start: { line: pos.line, character: m[1].length + 2 }, end: pos } }];
  }
  m = /^\s*<?([A-Za-z][A-Za-z0-9_]*)\s+(.*)$/.exec(before);
  if (!m) return [];
  const info = lookupApacheDirective(m[1]);
  if (!info) return [];
  const d = directiveOnLine(parsed, pos.line);
  return valueEntriesFor(info, d, m[2], pos);
}

/** Whether something follows the cursor on its line (then no snippet: the user edits an existing line). */
function hasRestOfLine(parsed: ParsedFile, pos: Position): boolean {
  const lines = parsed.text.split('\n');
  return (lines[pos.line] ?? '').slice(pos.character).trim().length > 0;
}

function detailOf(info: ApacheDirectiveInfo): string {
  return [info.module, info.since ? `since ${info.since}` : undefined].filter(Boolean).join(' · ');
}

function sortKey(info: ApacheDirectiveInfo): string {
  return `${isTlsRelatedApache(info.name.toLowerCase()) ? '0' : '1'}${info.name}`;
}

function allowed(info: ApacheDirectiveInfo, ctx: ApacheContext | undefined): boolean {
  return ctx === undefined || allowedInApache(info, ctx);
}

/** A snippet: the name, then the default (or the choices) as a placeholder. */
function snippetFor(info: ApacheDirectiveInfo): string {
  const choices = /^\S+ ((?:[A-Za-z0-9.+-]+\|)+[A-Za-z0-9.+-]+)$/.exec(info.syntax)?.[1];
  if (choices) {
    const list = choices.split('|');
    const def = info.default && list.includes(info.default) ? info.default : undefined;
    const ordered = def ? [def, ...list.filter((x) => x !== def)] : list;
    return `${info.name} \${1|${ordered.join(',')}|}`;
  }
  if (info.default && !/[\s(]/.test(info.default)) return `${info.name} \${1:${info.default.replace(/[$}\\]/g, '\\$&')}}`;
  return `${info.name} $0`;
}

function directiveEntries(ctx: ApacheContext | undefined, range: Range, snippets: boolean): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const info of apacheDirectives()) {
    if (info.section || !allowed(info, ctx)) continue;
    const entry: CompletionEntry = { label: info.name, kind: 'directive', detail: detailOf(info), range, sortText: sortKey(info) };
    if (apacheDirectiveDoc(info.name)) entry.documentation = apacheDirectiveMarkdown(info.name);
    if (snippets) {
      entry.insertText = snippetFor(info);
      entry.snippet = true;
    }
    out.push(entry);
  }
  return out;
}

const SECTION_ARGUMENT: Record<string, string> = {
  virtualhost: '*:443',
  ifmodule: 'ssl_module',
  directory: '/var/www/html',
  location: '/',
  files: 'name',
  filesmatch: '"\\\\.(cgi|php)$"',
  proxy: '"https://backend/"',
  ifdefine: 'NAME',
  ifversion: '>= 2.4.36',
};

function sectionEntries(ctx: ApacheContext | undefined, range: Range): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const info of apacheDirectives()) {
    if (!info.section || !allowed(info, ctx)) continue;
    const takesArg = !/^<\S+>/.test(info.syntax);
    const arg = SECTION_ARGUMENT[info.name.toLowerCase()];
    const head = takesArg ? ` \${1:${(arg ?? 'arg').replace(/[$}]/g, '\\$&')}}` : '';
    out.push({
      label: info.name,
      kind: 'keyword',
      detail: detailOf(info),
      documentation: apacheDirectiveMarkdown(info.name),
      insertText: `${info.name}${head}>\n\t$0\n</${info.name}>`,
      snippet: true,
      range,
      sortText: sortKey(info),
    });
  }
  return out;
}

/** The choices a syntax line spells out for one argument (`on|off|optional`). */
function choicesOfSyntax(info: ApacheDirectiveInfo): ApacheValueDoc[] {
  const m = /^\S+ ((?:[A-Za-z0-9.+_-]+\|)+[A-Za-z0-9.+_-]+)$/.exec(info.syntax);
  if (!m) return [];
  return m[1].split('|').map((value) => ({ value, doc: value === info.default ? 'The default.' : '' }));
}

function valueEntriesFor(info: ApacheDirectiveInfo, d: Directive | undefined, typedArgs: string, pos: Position): CompletionEntry[] {
  // Arguments typed so far: the one under the cursor is the last word (empty after a blank).
  const words = typedArgs.split(/\s+/);
  const current = words[words.length - 1];
  const argIndex = words.length - 1;
  const range: Range = { start: { line: pos.line, character: pos.character - current.length }, end: pos };
  const lname = info.name.toLowerCase();
  const arg: Arg | undefined = d?.args.find((a) => a.range.start.line === pos.line && a.range.start.character <= pos.character && pos.character <= a.range.end.character);

  if (APACHE_CIPHER_DIRECTIVES.has(lname)) {
    if (argIndex === 0 && !current.includes(':')) {
      const proto = [
        { value: 'TLSv1.3', doc: 'Sets the TLS 1.3 suites (httpd 2.4.36+, OpenSSL 1.1.1+); the next argument lists them.' },
        { value: 'SSL', doc: 'Sets the cipher string for TLS 1.2 and older (the default when no protocol is given).' },
      ].map((v) => valueEntry({ ...v, verdict: 'neutral' }, range));
      return [...proto, ...(cipherStringEntries(arg, pos, []) ?? [])];
    }
    if (argIndex === 1 && /^tlsv1\.3$/i.test(words[0])) return ciphersuitesEntries(arg, pos) ?? [];
    if (argIndex <= 1) return cipherStringEntries(arg, pos, []) ?? [];
    return [];
  }
  const doc = apacheDirectiveDoc(info.name);
  if (APACHE_PROTOCOL_DIRECTIVES.has(lname)) {
    const sign = /^[+-]/.test(current) ? current[0] : '';
    const present = new Set(words.slice(0, -1).map((w) => w.replace(/^[+-]/, '').toLowerCase()));
    const signedRange: Range = { start: { line: pos.line, character: range.start.character + sign.length }, end: pos };
    return (doc?.values ?? [])
      .filter((v) => !present.has(v.value.toLowerCase()))
      .map((v) => valueEntry({ ...v, verdict: sign === '-' ? undefined : v.verdict }, sign ? signedRange : range));
  }
  if (lname === 'listen') {
    // An address first, then the protocol word.
    return (doc?.values ?? []).filter((v) => /^\d/.test(v.value) === (argIndex === 0) && argIndex <= 1).map((v) => valueEntry(v, range));
  }
  const values = doc?.values?.length ? doc.values : choicesOfSyntax(info);
  if (argIndex > 0 && !lname.startsWith('ssloptions') && !/(revocationcheck)$/.test(lname)) return [];
  const present = new Set(words.slice(0, -1));
  return values.filter((v) => !present.has(v.value)).map((v) => valueEntry({ ...v, doc: v.doc }, range));
}
