// Editor features for Apache httpd files: hover, completion, document symbols and links.

import type { DialectFeatures } from '../dialectFeatures';
import type { Position } from '../../types';
import type { Workspace } from '../../model/workspace';
import type { HoverResult } from '../hover';
import { hoverApache } from './hover';
import { apacheCertificateHover } from './certificateHover';
import { completeApache } from './completion';
import { apacheSymbols } from './symbols';
import { apacheLinks, apachePrefixes } from './links';
import { nodeAt } from '../nodeAt';
import { apacheListenSummary, withPolicySummary } from '../policy';

/** On the argument of Include/IncludeOptional: the files it reads, as the workspace resolved them. */
function includeHover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const parsed = ws.parsed(file);
  const at = parsed ? nodeAt(parsed, pos) : undefined;
  if (!at || at.part !== 'arg' || at.argIndex !== 0) return undefined;
  const d = at.directive;
  if (d.lname !== 'include' && d.lname !== 'includeoptional') return undefined;
  const targets = ws.includeTargets.get(d) ?? [...new Set(apachePrefixes(ws, file).flatMap((p) => ws.resolveInclude(d, p).targets))];
  const shown = targets.slice(0, 20).map((t) => `- \`${t}\``);
  const body = targets.length
    ? `Reads ${targets.length} file${targets.length === 1 ? '' : 's'}, in this order:\n\n${shown.join('\n')}${targets.length > 20 ? `\n- … (${targets.length - 20} more)` : ''}`
    : d.lname === 'include'
      ? 'Matches no file: httpd refuses to start.'
      : 'Matches no file (ignored by `IncludeOptional`).';
  return { markdown: `\`${d.name}\` → \`${at.arg!.text}\`\n\n${body}`, range: at.arg!.range };
}

export const apacheFeatures: DialectFeatures = {
  hover(ws, file, pos) {
    const parsed = ws.parsed(file);
    if (!parsed) return undefined;
    // A certificate, key, CA or DH file argument: what the file holds (certificateHover.ts).
    const found = apacheCertificateHover(ws, file, pos) ?? includeHover(ws, file, pos);
    if (found) return found;
    const base = hoverApache(parsed, pos);
    // On a Listen line: the vhost groups of that port and their policies, above the docs.
    const at = nodeAt(parsed, pos);
    if (at && at.directive.lname === 'listen') {
      const summary = apacheListenSummary(ws, at.directive);
      if (summary) return { markdown: base ? `${summary}\n\n---\n\n${base.markdown}` : summary, range: base?.range ?? at.directive.nameRange };
    }
    // Anywhere on the `<VirtualHost …>` or `</VirtualHost>` line: the effective policy of that vhost, above the docs.
    const range = base?.range ?? { start: pos, end: pos };
    return withPolicySummary(ws, file, pos.line, base, range, ['virtualhost']) ?? base;
  },
  complete(ws, file, pos) {
    const parsed = ws.parsed(file);
    return parsed ? completeApache(parsed, pos) : [];
  },
  symbols(ws, file) {
    const parsed = ws.parsed(file);
    return parsed ? apacheSymbols(parsed) : [];
  },
  links: apacheLinks,
};
