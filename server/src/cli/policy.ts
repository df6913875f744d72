// `tlslint policy <files>`: the effective TLS policy of every server block in the files, as Markdown
// text (file:line origins relative to the working directory) or JSON (1-based lines, like SARIF).

import * as path from 'node:path';
import { renderPolicyMarkdown, type Origin, type PolicyRecord } from '../engine/features/policy';

type Shown = (file: string) => string;

function rel(file: string, show: Shown, cwd: string): string {
  const s = show(file);
  return path.isAbsolute(s) ? path.relative(cwd, s) || s : s;
}

export function formatPolicyText(policies: { file: string; records: PolicyRecord[] }[], show: Shown, cwd: string): string {
  const out: string[] = [];
  for (const { file, records } of policies) {
    if (!records.length) continue;
    out.push(`# ${rel(file, show, cwd)}`, '');
    out.push(renderPolicyMarkdown(records, (f, line) => `${rel(f, show, cwd)}:${line + 1}`));
  }
  return out.length ? out.join('\n') + '\n' : 'tlslint: no server blocks in the files given\n';
}

function jsonOrigin(o: Origin, show: Shown, cwd: string): unknown {
  return 'default' in o ? { default: o.default } : { file: rel(o.file, show, cwd), line: o.range.start.line + 1, column: o.range.start.character + 1 };
}

export function formatPolicyJson(policies: { file: string; records: PolicyRecord[] }[], show: Shown, cwd: string): string {
  const convert = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => convert(x));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (key === 'origin') return jsonOrigin(o as Origin, show, cwd);
      if ('start' in o && 'end' in o && key === 'range') {
        const r = o as { start: { line: number; character: number }; end: { line: number; character: number } };
        return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k === 'key_' ? 'keyType' : k] = k === 'file' || k === 'rootFile' ? rel(String(x), show, cwd) : convert(x, k);
      return out;
    }
    return v;
  };
  return JSON.stringify({ version: 1, files: policies.map((p) => ({ file: rel(p.file, show, cwd), servers: convert(p.records) })) }, null, 2) + '\n';
}
