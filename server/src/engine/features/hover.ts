// Hover for nginx files: directive reference, `listen` parameters and notes on known values.
// Pure: takes a parsed file and a position, returns markdown and the range it describes.

import type { Position, Range } from '../types';
import type { Arg, Directive, ParsedFile } from '../syntax/tree';
import { lookupNginxDirective } from '../docs/nginxDirectives';
import type { NginxContext, NginxDirectiveInfo } from '../docs/nginxDirectives';
import { nginxDirectiveDoc, nginxListenParameter, nginxValueDoc } from '../docs/nginxDocs';
import type { ListenParameterDoc, NginxDefault, NginxDirectiveDoc, NginxValueDoc } from '../docs/nginxDocs';
import { contextOfChain, nodeAt } from './nodeAt';
import { cipherElementMarkdown, cipherStringMarkdown, ciphersuiteElementMarkdown, ciphersuitesMarkdown } from './cipherHover';
import { expandCipherString } from '../tls/ciphers/expand';

export interface HoverResult {
  markdown: string;
  range: Range;
}

const CONTEXT_LABEL: Record<NginxContext, string> = {
  main: 'main',
  events: 'events',
  http: 'http',
  server: 'server',
  location: 'location',
  'if-server': 'if in server',
  'if-location': 'if in location',
  upstream: 'upstream',
  limit_except: 'limit_except',
  stream: 'stream',
  'stream-server': 'server in stream',
  'stream-upstream': 'upstream in stream',
  mail: 'mail',
  'mail-server': 'server in mail',
};

/** Directives whose argument is a colon-separated list whose elements have their own docs. */
const COLON_LISTS = /^(ssl_ciphers|ssl_ecdh_curve|(proxy|grpc|uwsgi)_ssl_ciphers)$/;
/** Directives whose one argument is an OpenSSL cipher string (TLS 1.2 and older). */
export const CIPHER_STRING_DIRECTIVES = /^(ssl_ciphers|(proxy|grpc|uwsgi)_ssl_ciphers)$/;
/** Directives passing OpenSSL configuration commands (`Ciphersuites`, `CipherString`). */
export const CONF_COMMAND_DIRECTIVES = /^((proxy|grpc|uwsgi)_)?ssl_conf_command$/;

export function hoverNginx(parsed: ParsedFile, pos: Position): HoverResult | undefined {
  const at = nodeAt(parsed, pos);
  if (!at) return undefined;
  const d = at.directive;
  const ctx = contextOfChain(parsed, at.parents);
  if (ctx === 'data' || ctx === 'opaque') return undefined;
  if (at.part === 'name') {
    const markdown = directiveMarkdown(d.name, ctx);
    // Cipher directives: the reference, then what this statement's value expands to.
    const ciphers = markdown ? cipherSectionForName(d) : undefined;
    if (markdown && ciphers) return { markdown: `${markdown}\n\n---\n\n${ciphers}`, range: d.nameRange };
    return markdown ? { markdown, range: d.nameRange } : undefined;
  }
  if (at.part === 'arg' && at.arg && at.argIndex !== undefined) return hoverArg(d, at.arg, at.argIndex, pos);
  return undefined;
}

function hoverArg(d: Directive, arg: Arg, index: number, pos: Position): HoverResult | undefined {
  if (d.name === 'listen' && index > 0) {
    const p = nginxListenParameter(arg.text);
    return p ? { markdown: listenParameterMarkdown(p), range: arg.range } : undefined;
  }
  if (CIPHER_STRING_DIRECTIVES.test(d.name) && index === 0) return hoverCipherString(d, arg, pos, d.name);
  if (CONF_COMMAND_DIRECTIVES.test(d.name) && index === 1) {
    const command = d.args[0]?.text.toLowerCase();
    if (command === 'ciphersuites') return hoverCiphersuites(arg, pos);
    if (command === 'cipherstring') return hoverCipherString(d, arg, pos, d.name);
  }
  const whole = nginxValueDoc(d.name, arg.text, index);
  if (whole) return { markdown: valueMarkdown(d.name, arg.text, whole), range: arg.range };
  if (COLON_LISTS.test(d.name)) {
    const el = colonElementAt(arg, pos);
    if (el) {
      const doc = nginxValueDoc(d.name, el.text.replace(/^[?!+-]/, ''), index) ?? nginxValueDoc(d.name, el.text, index);
      if (doc) return { markdown: valueMarkdown(d.name, el.text, doc), range: el.range };
    }
  }
  return undefined;
}

/**
 * A cipher string: on one element of a string of several, what that element selects (with the element's
 * reference note when there is one); elsewhere (a separator, the quotes, a one-element string) the
 * expansion of the whole string.
 */
export function hoverCipherString(d: Directive, arg: Arg, pos: Position, directive: string): HoverResult {
  const value = arg.text;
  const base = plainArgBase(arg, pos);
  if (base !== undefined) {
    const offset = pos.character - base;
    const tokens = expandCipherString(value).tokens;
    // The element under the cursor: the character at `offset` belongs to it (a `:` or quote does not).
    const t = tokens.find((x) => offset >= x.start && offset < x.end);
    if (t && tokens.length > 1) {
      const elText = value.slice(t.start, t.end);
      const md = cipherElementMarkdown(value, offset, { directive, note: nginxValueDoc(d.name, elText, 0)?.doc });
      if (md) {
        const range: Range = { start: { line: pos.line, character: base + t.start }, end: { line: pos.line, character: base + t.end } };
        return { markdown: md, range };
      }
    }
  }
  const doc = nginxValueDoc(d.name, value, 0);
  const note = doc && doc.value === value ? doc.doc : undefined;
  return { markdown: cipherStringMarkdown(value, { directive, note }), range: arg.range };
}

/** A TLS 1.3 `Ciphersuites` value: one name under the cursor (of several), or the whole list. */
export function hoverCiphersuites(arg: Arg, pos: Position): HoverResult {
  const base = plainArgBase(arg, pos);
  if (base !== undefined && arg.text.includes(':')) {
    const offset = pos.character - base;
    let start = 0;
    for (const part of arg.text.split(':')) {
      const end = start + part.length;
      if (offset >= start && offset < end && part.trim()) {
        const range: Range = { start: { line: pos.line, character: base + start }, end: { line: pos.line, character: base + end } };
        return { markdown: ciphersuiteElementMarkdown(part, arg.text), range };
      }
      start = end + 1;
    }
  }
  return { markdown: ciphersuitesMarkdown(arg.text), range: arg.range };
}

/** For a directive name: the expansion of its cipher string or TLS 1.3 suites, when it has one. */
function cipherSectionForName(d: Directive): string | undefined {
  if (CIPHER_STRING_DIRECTIVES.test(d.name) && d.args.length === 1) return cipherStringMarkdown(d.args[0].text, { directive: d.name });
  if (CONF_COMMAND_DIRECTIVES.test(d.name) && d.args.length === 2) {
    const command = d.args[0].text.toLowerCase();
    if (command === 'ciphersuites') return ciphersuitesMarkdown(d.args[1].text);
    if (command === 'cipherstring') return cipherStringMarkdown(d.args[1].text, { directive: d.name });
  }
  return undefined;
}

/** Column of the argument's first value character when offsets in `arg.text` map 1:1 to columns. */
function plainArgBase(arg: Arg, pos: Position): number | undefined {
  if (arg.range.start.line !== arg.range.end.line || pos.line !== arg.range.start.line) return undefined;
  const inner = arg.quoted ? arg.raw.slice(1, -1) : arg.raw;
  if (inner !== arg.text) return undefined;
  return arg.range.start.character + (arg.quoted ? 1 : 0);
}

/** The `:`-separated element of an argument under the cursor (single-line, unescaped arguments). */
export function colonElementAt(arg: Arg, pos: Position): { text: string; range: Range } | undefined {
  if (arg.range.start.line !== arg.range.end.line || pos.line !== arg.range.start.line) return undefined;
  const inner = arg.quoted ? arg.raw.slice(1, -1) : arg.raw;
  if (inner !== arg.text) return undefined;
  const base = arg.range.start.character + (arg.quoted ? 1 : 0);
  const offset = pos.character - base;
  let start = 0;
  for (const part of arg.text.split(':')) {
    const end = start + part.length;
    if (offset >= start && offset <= end && part) {
      return { text: part, range: { start: { line: pos.line, character: base + start }, end: { line: pos.line, character: base + end } } };
    }
    start = end + 1;
  }
  return undefined;
}

function code(s: string): string {
  // Inline code that may itself hold backticks.
  return s.includes('`') ? '`` ' + s + ' ``' : '`' + s + '`';
}

function formatDefault(name: string, d: NginxDefault): string {
  const when = d.from && d.until ? ` (${d.from} – before ${d.until})` : d.from ? ` (since ${d.from})` : d.until ? ` (before ${d.until})` : '';
  return `${code(`${name} ${d.value};`)}${when}`;
}

function contextsLine(contexts: NginxContext[]): string {
  return contexts.map((c) => CONTEXT_LABEL[c]).join(', ');
}

/** Markdown for a directive name, or undefined for names nginx does not know. */
export function directiveMarkdown(name: string, context?: NginxContext): string | undefined {
  const info = lookupNginxDirective(name, context);
  if (!info) return undefined;
  const doc = nginxDirectiveDoc(name);
  return doc ? documentedMarkdown(doc, info) : tableMarkdown(info);
}

function versionNotes(info: NginxDirectiveInfo): string[] {
  const notes: string[] = [];
  if (info.removed) notes.push(`**Removed in nginx ${info.removed}**${info.obsolete ? ` (obsolete since ${info.obsolete})` : ''}.`);
  else if (info.obsolete) notes.push(`**Obsolete since nginx ${info.obsolete}**: accepted but ignored${info.replacement ? `; use ${code(info.replacement)}` : ''}.`);
  else if (info.deprecated) notes.push(`**Deprecated**${info.replacement ? `: use ${code(info.replacement)}` : ''}.`);
  if (info.since) notes.push(`Since nginx ${info.since}.`);
  return notes;
}

function documentedMarkdown(doc: NginxDirectiveDoc, info: NginxDirectiveInfo): string {
  const out: string[] = [];
  out.push('```nginx\n' + doc.syntax.join('\n') + '\n```');
  const facts: string[] = [];
  if (doc.defaults.length === 0) facts.push('**Default:** none');
  else if (doc.defaults.length === 1 && !doc.defaults[0].from && !doc.defaults[0].until) facts.push(`**Default:** ${formatDefault(doc.name, doc.defaults[0])}`);
  else facts.push('**Default:**\n' + doc.defaults.map((d) => `- ${formatDefault(doc.name, d)}`).join('\n'));
  facts.push(`**Context:** ${contextsLine(doc.contexts.length ? doc.contexts : info.contexts)}`);
  out.push(facts.join('\n\n'));
  const notes = versionNotes(info);
  if (notes.length) out.push(notes.join(' '));
  out.push(doc.summary);
  if (doc.urls.length) out.push(doc.urls.map((u) => `[${moduleOfUrl(u)}](${u})`).join(' · '));
  return out.join('\n\n');
}

function tableMarkdown(info: NginxDirectiveInfo): string {
  const out: string[] = [];
  out.push('```nginx\n' + `${info.name}${info.args.text === 'flag' ? ' on | off' : argsHint(info)}${info.block ? ' { ... }' : ';'}` + '\n```');
  out.push(`**Context:** ${contextsLine(info.contexts)}\n\n**Module:** ${info.modules.map(code).join(', ')}${info.thirdParty ? ' (third-party)' : ''}`);
  const notes = versionNotes(info);
  if (notes.length) out.push(notes.join(' '));
  if (info.docsUrl) out.push(`[${moduleOfUrl(info.docsUrl)}](${info.docsUrl})`);
  return out.join('\n\n');
}

function argsHint(info: NginxDirectiveInfo): string {
  const a = info.args;
  if (a.max === 0) return '';
  if (a.counts) return a.counts.length === 1 ? ' ' + Array.from({ length: a.max }, (_, i) => `arg${i + 1}`).join(' ') : ` arg1 ... (${a.counts.join(' or ')} arguments)`;
  return a.min === 0 ? ' [arg ...]' : ' arg ...';
}

function moduleOfUrl(url: string): string {
  const m = /\/(ngx_[a-z0-9_]+)\.html/.exec(url);
  return m ? m[1] : 'nginx.org';
}

function listenParameterMarkdown(p: ListenParameterDoc): string {
  const out: string[] = ['```nginx\nlisten ... ' + p.syntax + ' ...;\n```'];
  const notes: string[] = [];
  if (p.removed) notes.push(`**Removed in nginx ${p.removed}.**`);
  if (p.deprecated) notes.push(`**Deprecated since nginx ${p.deprecated}.**`);
  if (p.since) notes.push(`Since nginx ${p.since}.`);
  notes.push(`Accepted by \`listen\` in: ${p.modules.join(', ')}.`);
  out.push(notes.join(' '));
  out.push(p.doc);
  out.push('[ngx_http_core_module](https://nginx.org/en/docs/http/ngx_http_core_module.html#listen)');
  return out.join('\n\n');
}

const VERDICT_LABEL: Record<string, string> = {
  insecure: '**Insecure.** ',
  deprecated: '**Deprecated.** ',
  recommended: '',
  neutral: '',
};

function valueMarkdown(directive: string, value: string, doc: NginxValueDoc): string {
  return `${code(value)} in ${code(directive)}\n\n${doc.verdict ? VERDICT_LABEL[doc.verdict] : ''}${doc.doc}`;
}
