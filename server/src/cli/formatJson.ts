// The JSON format: an array with one entry per linted file (findings may be empty), positions 1-based
// with UTF-16 columns.

import type { Finding, FixSafety, Range } from '../engine/types';
import { displayPaths, oneBased, type FileReport } from './report';

export interface JsonRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonRange {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  related: (JsonRange & { file: string; message: string })[];
  fixes: { title: string; safety: FixSafety }[];
}

export interface JsonFileReport {
  file: string;
  findings: JsonFinding[];
}

function jsonRange(r: Range): JsonRange {
  const s = oneBased(r.start);
  const e = oneBased(r.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export function toJson(reports: FileReport[], cwd: string): JsonFileReport[] {
  const displayPath = displayPaths(cwd);
  return reports.map((r) => ({
    file: r.shown,
    findings: r.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...jsonRange(f.range),
      related: (f.related ?? []).map((rel) => ({ file: displayPath(rel.file), ...jsonRange(rel.range), message: rel.message })),
      fixes: (f.fixes ?? []).map((x) => ({ title: x.title, safety: x.safety })),
    })),
  }));
}

export function formatJson(reports: FileReport[], cwd: string): string {
  return JSON.stringify(toJson(reports, cwd), null, 2) + '\n';
}
