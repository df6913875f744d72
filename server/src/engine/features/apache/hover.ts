// Hover for Apache httpd files: the reference of a directive or section (syntax, default, contexts,
// module, version, our notes), notes on known values (`+TLSv1.2`, `SSLEngine on`), and the expansion of
// cipher strings and TLS 1.3 suite lists. Pure: a parsed file and a position in, markdown out.

import type { Position } from '../../types';
import { rangeContains } from '../../types';
import type { Arg, Directive, ParsedFile } from '../../syntax/tree';
import { APACHE_CONTEXT_LABEL, lookupApacheDirective } from '../../docs/apacheDirectives';
import type { ApacheDirectiveInfo } from '../../docs/apacheDirectives';
import { apacheDirectiveDoc, apacheValueDoc } from '../../docs/apacheDocs';
import type { ApacheValueDoc } from '../../docs/apacheDocs';
import { cipherStringMarkdown, ciphersuitesMarkdown } from '../cipherHover';
import { hoverCipherString, hoverCiphersuites, type HoverResult } from '../hover';
import { nodeAt } from '../nodeAt';
import { walkDirectives } from '../../syntax/tree';

/** Directives whose last argument is an OpenSSL cipher string, optionally preceded by a protocol (`TLSv1.3`). */
export const APACHE_CIPHER_DIRECTIVES = new Set(['sslciphersuite', 'sslproxyciphersuite']);

/** Directives whose arguments are `+`/`-` protocol words. */
export const APACHE_PROTOCOL_DIRECTIVES = new Set(['sslprotocol', 'sslproxyprotocol']);

export function hoverApache(parsed: ParsedFile, pos: Position): HoverResult | undefined {
  const closing = closingTagAt(parsed, pos);
  if (closing) {
    const md = apacheDirectiveMarkdown(closing.name);
    return md ? { markdown: md, range: closing.blockCloseRange! } : undefined;
  }
  const at = nodeAt(parsed, pos);
  if (!at) return undefined;
  const d = at.directive;
  // The `<` of a section tag belongs to the name.
  const onOpeningBracket = at.part === 'other' && d.block !== undefined && pos.line === d.nameRange.start.line && pos.character === d.nameRange.start.character - 1;
  if (at.part === 'name' || onOpeningBracket) {
    const md = apacheDirectiveMarkdown(d.name);
    if (!md) return undefined;
    const ciphers = cipherSection(d);
    return { markdown: ciphers ? `${md}\n\n---\n\n${ciphers}` : md, range: d.nameRange };
  }
  if (at.part === 'arg' && at.arg && at.argIndex !== undefined) return hoverArg(d, at.arg, at.argIndex, pos);
  return undefined;
}

/** A `</Section>` tag under the cursor: the section it closes. */
function closingTagAt(parsed: ParsedFile, pos: Position): Directive | undefined {
  let found: Directive | undefined;
  walkDirectives(parsed.directives, (d) => {
    if (!found && d.blockCloseRange && rangeContains(d.blockCloseRange, pos)) found = d;
  });
  return found;
}

/** `SSLCipherSuite [protocol] string`: which argument is the string and what the protocol word selects. */
function cipherArgs(d: Directive): { protocol?: string; value: Arg } | undefined {
  if (!APACHE_CIPHER_DIRECTIVES.has(d.lname) || d.args.length === 0 || d.args.length > 2) return undefined;
  return d.args.length === 2 ? { protocol: d.args[0].text, value: d.args[1] } : { value: d.args[0] };
}

function isTls13(protocol: string | undefined): boolean {
  return protocol !== undefined && /^tlsv1\.3$/i.test(protocol);
}

function cipherSection(d: Directive): string | undefined {
  const c = cipherArgs(d);
  if (!c) return undefined;
  return isTls13(c.protocol) ? ciphersuitesMarkdown(c.value.text) : cipherStringMarkdown(c.value.text, { directive: d.name });
}

function hoverArg(d: Directive, arg: Arg, index: number, pos: Position): HoverResult | undefined {
  const c = cipherArgs(d);
  if (c && arg === c.value) return isTls13(c.protocol) ? hoverCiphersuites(arg, pos) : hoverCipherString(d, arg, pos, d.name);
  if (c && c.protocol !== undefined && index === 0) {
    const note = isTls13(c.protocol)
      ? 'The next argument lists TLS 1.3 suites (OpenSSL `Ciphersuites` syntax), separate from the cipher string for older versions. httpd 2.4.36+ with OpenSSL 1.1.1+.'
      : /^ssl$/i.test(c.protocol)
        ? 'The next argument is the cipher string for TLS 1.2 and older (the same as leaving the protocol out).'
        : 'httpd knows only `SSL` (TLS 1.2 and older) and `TLSv1.3` here.';
    return { markdown: `${code(arg.text)} in ${code(d.name)}\n\n${note}`, range: arg.range };
  }
  const doc = apacheValueDoc(d.name, arg.text);
  if (doc) return { markdown: valueMarkdown(d.name, arg.text, doc, APACHE_PROTOCOL_DIRECTIVES.has(d.lname)), range: arg.range };
  return undefined;
}

function code(s: string): string {
  return s.includes('`') ? '`` ' + s + ' ``' : '`' + s + '`';
}

const VERDICT_LABEL: Record<string, string> = { insecure: '**Insecure.** ', deprecated: '**Deprecated.** ', recommended: '', neutral: '' };

function valueMarkdown(directive: string, value: string, doc: ApacheValueDoc, signed: boolean): string {
  let sign = '';
  if (signed && value.startsWith('+')) sign = ' Enabled by this word (added to what is set so far).';
  else if (signed && value.startsWith('-')) sign = ' Disabled by this word (removed from what is set so far).';
  else if (signed) sign = ' Without a `+` or `-`, this word replaces every protocol set before it on the line.';
  return `${code(value)} in ${code(directive)}\n\n${doc.verdict ? VERDICT_LABEL[doc.verdict] : ''}${doc.doc}${sign}`;
}

/** The httpd reference page of a module, with the directive's anchor. */
export function apacheDocsUrl(info: ApacheDirectiveInfo): string {
  return `https://httpd.apache.org/docs/2.4/mod/${info.module}.html#${info.name.toLowerCase()}`;
}

/** Markdown for a directive or section name (with or without `<`), or undefined when httpd does not know it. */
export function apacheDirectiveMarkdown(name: string): string | undefined {
  const info = lookupApacheDirective(name);
  if (!info) return undefined;
  const doc = apacheDirectiveDoc(info.name);
  const out: string[] = ['```apache\n' + info.syntax + '\n```'];
  const facts: string[] = [];
  // A directive the 2.4 reference does not describe has only its name in the table (syntax `Name ...`).
  const described = info.syntax !== `${info.name} ...`;
  if (described) facts.push(`**Default:** ${info.default ? code(`${info.name} ${info.default}`) : 'none'}`);
  facts.push(`**Context:** ${info.contexts.map((c) => APACHE_CONTEXT_LABEL[c]).join(', ')}`);
  facts.push(`**Module:** ${code(info.module)}${info.since ? ` · since httpd ${info.since}` : ''}`);
  if (info.contexts.includes('htaccess') && info.override.length) facts.push(`**.htaccess:** needs \`AllowOverride ${info.override.join('` or `')}\``);
  out.push(facts.join('\n\n'));
  if (doc) out.push(doc.summary);
  out.push(`[${info.module}](${apacheDocsUrl(info)})`);
  return out.join('\n\n');
}
