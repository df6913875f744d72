// Editor features over the workspace model, by dialect. The language server calls these; each takes the
// workspace of the latest lint, a file and a position.

import type { Position } from '../types';
import type { Workspace } from '../model/workspace';
import { guessNginxPrefix } from '../model/workspace';
import { hasVariable, resolveServerPath } from '../model/paths';
import type { Directive } from '../syntax/tree';
import { hoverNginx, type HoverResult } from './hover';
import { certificateHover } from './certificateHover';
import { completeNginx, type CompletionEntry } from './completion';
import { nginxSymbols, type SymbolEntry } from './symbols';
import { nginxIncludeLinks, type DocumentLinkEntry } from './links';
import type { DialectFeatures } from './dialectFeatures';
import { policyAt, renderPolicyMarkdown } from './policy';
import { nodeAt } from './nodeAt';
import * as path from 'node:path';
import { apacheFeatures } from './apache';
import { squidFeatures } from './squid';

export type { HoverResult, CompletionEntry, SymbolEntry, DocumentLinkEntry };

const OTHER_DIALECTS: Record<string, DialectFeatures> = { apache: apacheFeatures, squid: squidFeatures };

export function hover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const parsed = ws.parsed(file);
  if (parsed && parsed.dialect !== 'nginx') return OTHER_DIALECTS[parsed.dialect]?.hover?.(ws, file, pos);
  if (!parsed) return undefined;
  // A certificate-like path: what the file holds (needs the workspace: prefix, mappings, files).
  const cert = certificateHover(ws, file, pos);
  if (cert) return cert;
  const base = hoverNginx(parsed, pos);
  // On `server {` and `listen …`: the effective policy of that server, above the directive's docs.
  const at = nodeAt(parsed, pos);
  if (at && at.part !== 'other' && (at.directive.lname === 'server' ? at.directive.block !== undefined : at.directive.lname === 'listen')) {
    const line = at.directive.range.start.line;
    const record = policyAt(ws, file, line);
    if (record && (at.directive.lname === 'listen' || record.range.start.line === line)) {
      const summary = renderPolicyMarkdown([record], (f, l) => `${path.posix.basename(f)}:${l + 1}`, { compact: true });
      return { markdown: base ? `${summary}\n\n---\n\n${base.markdown}` : summary, range: base?.range ?? at.directive.nameRange };
    }
  }
  return base;
}

export function complete(ws: Workspace, file: string, pos: Position): CompletionEntry[] {
  const parsed = ws.parsed(file);
  if (parsed && parsed.dialect !== 'nginx') return OTHER_DIALECTS[parsed.dialect]?.complete?.(ws, file, pos) ?? [];
  return parsed ? completeNginx(parsed, pos) : [];
}

export function documentSymbols(ws: Workspace, file: string): SymbolEntry[] {
  const parsed = ws.parsed(file);
  if (parsed && parsed.dialect !== 'nginx') return OTHER_DIALECTS[parsed.dialect]?.symbols?.(ws, file) ?? [];
  return parsed ? nginxSymbols(parsed) : [];
}

/** Prefixes a file's relative paths resolve against: those of the roots reaching it, else a guess. */
function prefixesOf(ws: Workspace, file: string): string[] {
  const roots = ws.rootsOf(file);
  return roots.length ? [...new Set(roots.map((r) => r.prefix))] : [guessNginxPrefix(ws.fs, file)];
}

export function documentLinks(ws: Workspace, file: string): DocumentLinkEntry[] {
  const parsed = ws.parsed(file);
  if (parsed && parsed.dialect !== 'nginx') return OTHER_DIALECTS[parsed.dialect]?.links?.(ws, file) ?? [];
  if (!parsed) return [];
  const prefixes = prefixesOf(ws, file);
  const resolve = (d: Directive): string[] => {
    if (d.lname === 'include') {
      const known = ws.includeTargets.get(d);
      if (known) return known;
      return [...new Set(prefixes.flatMap((p) => ws.resolveInclude(d, p).targets))];
    }
    const arg = d.args[0]?.text ?? '';
    if (!arg || hasVariable(arg)) return [];
    const found = new Set<string>();
    for (const p of prefixes) {
      const r = resolveServerPath(ws.fs, arg, p, ws.settings.pathMappings, ws.settings.baseDir);
      if (ws.fs.stat(r.path)?.isFile) found.add(r.path);
    }
    return [...found];
  };
  return nginxIncludeLinks(parsed, resolve);
}
