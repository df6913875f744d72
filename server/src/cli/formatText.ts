// The text format, after eslint's "stylish": a header per file with findings, one aligned line per
// finding (`line:col  severity  message  rule-id`), related locations under it, and a summary.

import type { Severity } from '../engine/types';
import { countFindings, displayPaths, oneBased, plural, type FileReport } from './report';

export interface Palette {
  header(s: string): string;
  severity(sev: Severity, s: string): string;
  dim(s: string): string;
  summary(worst: Severity, s: string): string;
}

const ESC = '\u001b[';
const paint = (code: string) => (s: string) => `${ESC}${code}m${s}${ESC}0m`;

export const COLORS: Palette = {
  header: paint('4'),
  severity: (sev, s) => (sev === 'error' ? paint('31')(s) : sev === 'warning' ? paint('33')(s) : paint('36')(s)),
  dim: paint('2'),
  summary: (worst, s) => paint(worst === 'error' ? '1;31' : worst === 'warning' ? '1;33' : '1;36')(s),
};

export const PLAIN: Palette = {
  header: (s) => s,
  severity: (_sev, s) => s,
  dim: (s) => s,
  summary: (_worst, s) => s,
};

// Nearly every message is one line already: only those with a line break go through the expression.
const oneLine = (s: string): string => (s.includes('\n') || s.includes('\r') ? s.replace(/\s*[\r\n]+\s*/g, ' ') : s);

export function formatText(reports: FileReport[], cwd: string, palette: Palette): string {
  let out = '';
  const displayPath = displayPaths(cwd);
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    const rows = r.findings.map((f) => {
      const p = oneBased(f.range.start);
      return { where: `${p.line}:${p.column}`, f };
    });
    const whereWidth = Math.max(...rows.map((x) => x.where.length));
    const sevWidth = Math.max(...rows.map((x) => x.f.severity.length));
    out += `\n${palette.header(r.shown)}\n`;
    for (const { where, f } of rows) {
      const sev = palette.severity(f.severity, f.severity.padEnd(sevWidth));
      out += `  ${palette.dim(where.padEnd(whereWidth))}  ${sev}  ${oneLine(f.message)}  ${palette.dim(f.ruleId)}\n`;
      for (const rel of f.related ?? []) {
        const p = oneBased(rel.range.start);
        const file = rel.file === r.file ? '' : `${displayPath(rel.file)}:`;
        out += `  ${' '.repeat(whereWidth + sevWidth + 4)}${palette.dim(`↳ ${file}${p.line}:${p.column} ${oneLine(rel.message)}`)}\n`;
      }
    }
  }
  const c = countFindings(reports);
  const total = c.error + c.warning + c.info;
  if (total === 0) return out;
  const worst: Severity = c.error ? 'error' : c.warning ? 'warning' : 'info';
  out += `\n${palette.summary(worst, `✖ ${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')})`)}\n`;
  if (c.fixableSafe || c.fixableSuggestion) {
    const parts: string[] = [];
    if (c.fixableSafe) parts.push(`${plural(c.fixableSafe, 'problem')} fixable with --fix`);
    if (c.fixableSuggestion) parts.push(`${c.fixableSuggestion} more with --fix-unsafe`);
    out += `  ${parts.join(', ')}\n`;
  }
  return out;
}
