// Shared pieces of the Apache httpd rules: the effective vhost records once per lint, where findings
// about a vhost go, and edits that add or change mod_ssl directives.

import type { Range, TextEdit } from '../../types';
import type { Workspace } from '../../model/workspace';
import { apacheCached, type ApachePolicies, type ApacheVhost } from '../../model/apache/policy';
import { insertLinesAfter, insertLinesAtBlockStart, textIndex } from '../helpers';
import type { Directive } from '../../syntax/tree';

/** Effective Apache policies of the workspace, computed once per lint. */
export function apache(ws: Workspace): ApachePolicies {
  return apacheCached(ws);
}

const tlsOnly = new WeakMap<ApachePolicies, ApacheVhost[]>();

/** TLS virtual hosts (SSLEngine on/optional in effect), filtered once per lint. */
export function tlsVhosts(ws: Workspace): ApacheVhost[] {
  const policies = apache(ws);
  let list = tlsOnly.get(policies);
  if (!list) tlsOnly.set(policies, (list = policies.vhosts.filter((v) => v.tls)));
  return list;
}

/** Quote an argument for httpd when it needs it (blanks, quotes, a leading #, backslashes). */
export function apacheQuote(value: string): string {
  return /^[^\s"'#\\]+$/.test(value) ? value : '"' + value.replace(/["\\]/g, '\\$&') + '"';
}

/** Where a finding about a whole vhost goes: the name of its <VirtualHost> tag (main server: its SSLEngine). */
export function vhostAnchor(v: ApacheVhost): { file: string; range: Range; rootFile?: string } {
  return { file: v.directive.file, range: v.directive.nameRange, rootFile: v.root.fragment ? undefined : v.root.file };
}

/** Insert directive lines into a vhost (first lines of its <VirtualHost>; main server: after its SSLEngine). */
export function insertIntoVhost(ws: Workspace, v: ApacheVhost, lines: string[]): TextEdit | undefined {
  if (v.kind === 'virtualhost') return insertLinesAtBlockStart(ws, v.directive, lines);
  return insertLinesAfter(ws, v.directive, lines);
}

/** The profile's protocols as an SSLProtocol value: `-all +TLSv1.2 +TLSv1.3`. */
export function apacheProtocolValue(versions: string[]): string {
  return ['-all', ...versions.map((v) => `+${v}`)].join(' ');
}

/** Findings at the same place from several roots or vhosts are reported once. */
export function once(): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/**
 * Edits that turn a `# …` written after a directive's arguments (which httpd reads as arguments) into a
 * comment line above the directive, indented like it.
 */
export function moveTrailingComment(ws: Workspace, d: Directive, fromArg: number): TextEdit[] {
  const idx = textIndex(ws, d.file);
  const first = d.args[fromArg];
  const last = d.args[d.args.length - 1];
  if (!idx || !first || first.range.start.line !== last.range.end.line) return [];
  const prevEnd = fromArg > 0 ? d.args[fromArg - 1].range.end : d.nameRange.end;
  const comment = idx.slice({ start: first.range.start, end: last.range.end });
  const lineStart = { line: d.range.start.line, character: 0 };
  const indent = /^[ \t]*/.exec(idx.lineText(d.range.start.line))![0];
  return [
    { file: d.file, range: { start: lineStart, end: lineStart }, newText: `${indent}${comment}${idx.eol()}` },
    { file: d.file, range: { start: prevEnd, end: last.range.end }, newText: '' },
  ];
}
