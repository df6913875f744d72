// Editor features for Squid files: hover (TLS directives, every TLS option of ports, tls_outgoing_options
// and cache_peer, each options=/flags= flag, and what a certificate, key, CA or DH file holds),
// completion (directive names; option names after http_port/https_port/tls_outgoing_options/cache_peer;
// flags and versions inside values), one symbol per port, outgoing context and TLS cache_peer, and links
// for include targets and certificate paths.

import * as path from 'node:path';
import type { Position, Range } from '../../types';
import { rangeContains } from '../../types';
import type { Workspace } from '../../model/workspace';
import type { Arg, Directive } from '../../syntax/tree';
import { splitOption } from '../../syntax/squid';
import { TextIndex } from '../../syntax/text';
import { resolveConfigPath, type FileKind } from '../../model/configFiles';
import { parseAddress, peerOptionKey, portOptionKey, subArg } from '../../model/squid/policy';
import { SQUID_DIRECTIVE_NAMES } from '../../docs/squidDirectiveNames';
import {
  SQUID_FLAG_DOCS,
  SQUID_OPTION_DOCS,
  SQUID_BUMP_ACTIONS,
  SQUID_TLS_ACL_TYPES,
  SQUID_TLS_DIRECTIVES,
  squidDirectiveDoc,
  squidFlagDoc,
  squidOptionDoc,
  type SquidOptionDoc,
} from '../../docs/squidDocs';
import { describeConfigFile } from '../certificateHover';
import type { DialectFeatures } from '../dialectFeatures';
import type { HoverResult } from '../hover';
import { withPolicySummary } from '../policy';
import type { CompletionEntry } from '../completion';
import type { SymbolEntry } from '../symbols';
import type { DocumentLinkEntry } from '../links';
import { lookupTable } from '../../lookup';

type OptionPlace = 'port' | 'outgoing' | 'peer';

/** Where a directive takes options, and how its option names map to Squid's own keys. */
function placeOf(d: Directive): OptionPlace | undefined {
  if (d.lname === 'http_port' || d.lname === 'https_port') return 'port';
  if (d.lname === 'tls_outgoing_options') return 'outgoing';
  if (d.lname === 'cache_peer') return 'peer';
  return undefined;
}

function keyOf(place: OptionPlace, name: string): string | undefined {
  if (place === 'port') return portOptionKey(name);
  if (place === 'peer') return peerOptionKey(name);
  return name.toLowerCase();
}

const FILE_KEYS = lookupTable<FileKind>({ cert: 'certificate', key: 'key', cafile: 'ca', clientca: 'ca', dh: 'dhparam', dhparams: 'dhparam' });

/** The file part of an option value (`tls-dh=curve:file` → file), with its range; undefined when the option names no file. */
function fileValue(place: OptionPlace, arg: Arg): { kind: FileKind; value: Arg; written: string } | undefined {
  const kv = splitOption(arg);
  if (!kv) return undefined;
  const key = keyOf(place, kv.key);
  const kind = key ? FILE_KEYS[key] : undefined;
  if (!kind || !kv.value.text) return undefined;
  if (key === 'dh') {
    const colon = kv.value.text.indexOf(':');
    if (colon >= 0) {
      const file = kv.value.text.slice(colon + 1);
      return file ? { kind, value: subArg(kv.value, colon + 1, kv.value.text.length, file), written: kv.key } : undefined;
    }
  }
  return { kind, value: kv.value, written: kv.key };
}

function directiveAt(ws: Workspace, file: string, pos: Position): Directive | undefined {
  const parsed = ws.parsed(file);
  return parsed?.directives.find((d) => rangeContains({ start: d.range.start, end: d.range.end }, pos));
}

function prefixOf(ws: Workspace, file: string): string {
  return ws.rootsOf(file)[0]?.prefix ?? path.posix.dirname(file);
}

function optionMarkdown(o: SquidOptionDoc): string {
  const lines = [`**\`${o.name}\`** (${o.on.map((x) => (x === 'port' ? 'http_port/https_port' : x === 'outgoing' ? 'tls_outgoing_options' : 'cache_peer')).join(', ')})`, '', o.summary];
  if (o.default) lines.push('', `Default: ${o.default}`);
  if (o.status) lines.push('', `**${o.status}**`);
  return lines.join('\n');
}

/** On a http_port/https_port line (its name or address): the port's effective policy above the usual hover. */
function hover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const base = directiveHover(ws, file, pos);
  const d = directiveAt(ws, file, pos);
  if (d && (d.lname === 'http_port' || d.lname === 'https_port') && (rangeContains(d.nameRange, pos) || (d.args[0] && rangeContains(d.args[0].range, pos)))) {
    return withPolicySummary(ws, file, d.range.start.line, base, d.nameRange) ?? base;
  }
  return base;
}

function directiveHover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const d = directiveAt(ws, file, pos);
  if (!d) return undefined;
  if (rangeContains(d.nameRange, pos)) {
    const doc = squidDirectiveDoc(d.lname);
    if (!doc) return undefined;
    const lines = [`**${doc.name}** — \`${doc.syntax}\``, '', doc.summary];
    if (doc.default) lines.push('', `Default: ${doc.default}`);
    if (doc.status) lines.push('', `**${doc.status}**`);
    return { markdown: lines.join('\n'), range: d.nameRange };
  }
  const arg = d.args.find((a) => rangeContains(a.range, pos));
  if (d.lname === 'ssl_bump' && arg && arg === d.args[0] && SQUID_BUMP_ACTIONS[arg.text]) {
    return { markdown: `**ssl_bump \`${arg.text}\`**\n\n${SQUID_BUMP_ACTIONS[arg.text]}`, range: arg.range };
  }
  if (d.lname === 'acl' && arg && arg === d.args[1] && SQUID_TLS_ACL_TYPES[arg.text]) {
    return { markdown: `**acl type \`${arg.text}\`**\n\n${SQUID_TLS_ACL_TYPES[arg.text]}`, range: arg.range };
  }
  const place = placeOf(d);
  if (!place || !arg) return undefined;
  const fv = fileValue(place, arg);
  if (fv && rangeContains(fv.value.range, pos)) {
    const r = resolveConfigPath(ws, fv.value.text, prefixOf(ws, file));
    const lines = describeConfigFile(ws, r, fv.kind, 'The path holds a macro (`${service_name}`, `${process_name}`…): Squid fills it in at start-up, so tlslint cannot read the file ahead of time.');
    return { markdown: `\`${fv.written}=\` → \`${fv.value.text}\`\n\n` + lines.join('\n'), range: fv.value.range };
  }
  const kv = splitOption(arg);
  const key = kv ? keyOf(place, kv.key) : undefined;
  if (kv && (key === 'options' || key === 'flags')) {
    const inValue = rangeContains(kv.value.range, pos);
    if (inValue) {
      const offset = pos.character - kv.value.range.start.character;
      const m = [...kv.value.text.matchAll(/[^:,]+/g)].find((x) => x.index! <= offset && offset <= x.index! + x[0].length);
      const flag = m ? squidFlagDoc(m[0].replace(/^[-+!]/, '')) : undefined;
      if (flag && m) {
        const start = kv.value.range.start.character + m.index!;
        return { markdown: `**\`${flag.name}\`** (${flag.list}=)\n\n${flag.summary}`, range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: start + m[0].length } } };
      }
    }
  }
  const doc = squidOptionDoc(arg.text, place);
  if (!doc) return undefined;
  return { markdown: optionMarkdown(doc), range: arg.range };
}

const MIN_VERSIONS = ['1.2', '1.3', '1.1', '1.0'];

/** Port spellings that have a `tls-` form: completion offers the `tls-` one only. */
const OLD_PORT_SPELLINGS = new Set(['cert=', 'key=', 'options=', 'cipher=', 'cafile=', 'capath=', 'crlfile=', 'sslflags=', 'sslcontext=']);

function complete(ws: Workspace, file: string, pos: Position): CompletionEntry[] {
  const parsed = ws.parsed(file);
  if (!parsed) return [];
  const idx = new TextIndex(parsed.text);
  const before = idx.lineText(pos.line).slice(0, pos.character);
  if (/^\s*#/.test(before)) return [];
  const words = before.trimStart().split(/\s+/);
  const current = words[words.length - 1] ?? '';
  const range: Range = { start: { line: pos.line, character: pos.character - current.length }, end: pos };
  if (words.length <= 1) {
    const tls = new Set(SQUID_TLS_DIRECTIVES);
    const all = [...new Set([...SQUID_TLS_DIRECTIVES, 'http_port', 'https_port', 'cache_peer', ...SQUID_DIRECTIVE_NAMES])];
    return all
      .filter((n) => n.startsWith(current.toLowerCase()) && !squidDirectiveDoc(n)?.status)
      .map((n) => {
        const doc = squidDirectiveDoc(n);
        return { label: n, kind: 'directive' as const, detail: doc?.syntax, documentation: doc?.summary, range, sortText: `${tls.has(n) || doc ? '0' : '1'}${n}` };
      });
  }
  const name = words[0].toLowerCase();
  const valueEntries = (values: Record<string, string>, keys = Object.keys(values)) =>
    keys.filter((k) => k.startsWith(current)).map((k, i) => ({ label: k, kind: 'value' as const, documentation: values[k], range, sortText: String(i).padStart(2, '0') }));
  if (name === 'ssl_bump' && words.length === 2) return valueEntries(SQUID_BUMP_ACTIONS, ['peek', 'stare', 'splice', 'bump', 'terminate']);
  if (name === 'acl' && words.length === 3) return valueEntries(SQUID_TLS_ACL_TYPES);
  if ((name === 'sslproxy_cert_error' || name === 'http_access') && words.length === 2) return ['allow', 'deny'].filter((k) => k.startsWith(current)).map((k) => ({ label: k, kind: 'value' as const, range }));
  const place: OptionPlace | undefined = name === 'http_port' || name === 'https_port' ? 'port' : name === 'tls_outgoing_options' ? 'outgoing' : name === 'cache_peer' ? 'peer' : undefined;
  if (!place) return [];
  const eq = current.indexOf('=');
  if (eq >= 0) {
    const key = keyOf(place, current.slice(0, eq));
    const valueText = current.slice(eq + 1);
    const lastSep = Math.max(valueText.lastIndexOf(':'), valueText.lastIndexOf(','));
    const partial = valueText.slice(lastSep + 1).replace(/^[-+!]/, '');
    const valueRange: Range = { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
    if (key === 'options' || key === 'flags') {
      return SQUID_FLAG_DOCS.filter((f) => f.list === key && f.name.startsWith(partial)).map((f) => ({ label: f.name, kind: 'value' as const, documentation: f.summary, range: valueRange, sortText: f.name }));
    }
    if (key === 'min-version') return MIN_VERSIONS.filter((v) => v.startsWith(valueText)).map((v, i) => ({ label: v, kind: 'value' as const, range: { start: { line: pos.line, character: pos.character - valueText.length }, end: pos }, sortText: String(i) }));
    if (key === 'generate-host-certificates') return ['on', 'off'].map((v) => ({ label: v, kind: 'value' as const, range: { start: { line: pos.line, character: pos.character - valueText.length }, end: pos } }));
    return [];
  }
  // Ports: the address comes first.
  if (place === 'port' && words.length === 2) return [];
  if (place === 'peer' && words.length <= 5) return [];
  return SQUID_OPTION_DOCS.filter((o) => o.on.includes(place) && !o.status && o.name.toLowerCase().startsWith(current.toLowerCase()) && !(place === 'port' && OLD_PORT_SPELLINGS.has(o.name))).map((o) => ({
    label: o.name,
    kind: 'keyword' as const,
    documentation: o.summary,
    range,
    sortText: o.name,
  }));
}

function symbols(ws: Workspace, file: string): SymbolEntry[] {
  const parsed = ws.parsed(file);
  if (!parsed) return [];
  const out: SymbolEntry[] = [];
  for (const d of parsed.directives) {
    if (d.lname === 'http_port' || d.lname === 'https_port') {
      const address = d.args[0]?.text ?? '';
      const bump = d.args.some((a) => a.text === 'ssl-bump' || a.text === 'sslBump');
      const { port } = parseAddress(address);
      const tls = d.lname === 'https_port' || bump;
      const cert = d.args.map((a) => splitOption(a)).find((kv) => kv && portOptionKey(kv.key) === 'cert');
      out.push({
        name: `${d.name} ${address}${bump ? ' (ssl-bump)' : ''}`,
        detail: tls ? (cert ? `TLS, certificate ${cert.value.text}` : 'TLS, no certificate') : port !== undefined ? 'plain HTTP' : undefined,
        kind: 'server',
        range: d.range,
        selectionRange: d.nameRange,
        children: [],
      });
    } else if (d.lname === 'tls_outgoing_options') {
      out.push({ name: 'tls_outgoing_options', detail: d.args.map((a) => a.text).join(' '), kind: 'block', range: d.range, selectionRange: d.nameRange, children: [] });
    } else if (d.lname === 'cache_peer') {
      const tls = d.args.slice(4).some((a) => /^(tls|ssl)$/i.test(a.text) || (peerOptionKey(splitOption(a)?.key ?? a.text) !== undefined && /^(tls-|ssl)/i.test(a.text)));
      out.push({ name: `cache_peer ${d.args[0]?.text ?? ''}${tls ? ' (tls)' : ''}`, detail: d.args.slice(1, 4).map((a) => a.text).join(' '), kind: 'upstream', range: d.range, selectionRange: d.nameRange, children: [] });
    }
  }
  return out;
}

function links(ws: Workspace, file: string): DocumentLinkEntry[] {
  const parsed = ws.parsed(file);
  if (!parsed) return [];
  const prefix = prefixOf(ws, file);
  const out: DocumentLinkEntry[] = [];
  for (const d of parsed.directives) {
    if (d.lname === 'include' && d.args[0]) {
      const targets = ws.includeTargets.get(d) ?? ws.resolveInclude(d, prefix).targets;
      if (targets.length === 1) out.push({ range: d.args[0].range, target: targets[0] });
      continue;
    }
    const place = placeOf(d);
    if (!place) continue;
    for (const a of d.args) {
      const fv = fileValue(place, a);
      if (!fv) continue;
      const r = resolveConfigPath(ws, fv.value.text, prefix);
      if (r.kind === 'file' && ws.fs.stat(r.path)?.isFile) out.push({ range: fv.value.range, target: r.path });
    }
  }
  return out;
}

export const squidFeatures: DialectFeatures = { hover, complete, symbols, links };

