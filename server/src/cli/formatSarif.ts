// SARIF 2.1.0 (OASIS), as code-scanning services read it: one run, the rule catalog from the registry,
// one result per finding with its location, related locations and fixes. Files inside the working
// directory are given relative to %SRCROOT% (the cwd), others as file: URIs. Columns count UTF-16
// code units, as the engine's do.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Range, Severity, TextEdit } from '../engine/types';
import type { RuleMeta } from '../engine/rules/rule';
import { oneBased, type FileReport } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export interface ToolInfo {
  version: string;
  informationUri: string;
  rules: readonly RuleMeta[];
  docsUrl(id: string): string;
}

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'info' ? 'note' : s;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(r: Range): Region {
  const s = oneBased(r.start);
  const e = oneBased(r.end);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

function artifact(file: string, cwd: string): ArtifactLocation {
  const rel = path.relative(cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

/** artifact() for one `cwd`, remembered per file (each call still gets its own object). */
function artifacts(cwd: string): (file: string) => ArtifactLocation {
  const known = new Map<string, ArtifactLocation>();
  return (file) => {
    let a = known.get(file);
    if (!a) {
      a = artifact(file, cwd);
      known.set(file, a);
    }
    return { ...a };
  };
}

function fixesOf(f: Finding, artifactOf: (file: string) => ArtifactLocation): object[] {
  return (f.fixes ?? [])
    .filter((x) => x.edits.length > 0)
    .map((x) => {
      const byFile = new Map<string, TextEdit[]>();
      for (const e of x.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
      return {
        description: { text: x.title },
        artifactChanges: [...byFile].map(([file, edits]) => ({
          artifactLocation: artifactOf(file),
          replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
        })),
        properties: { safety: x.safety },
      };
    });
}

export function toSarif(reports: FileReport[], cwd: string, tool: ToolInfo, notifications: string[] = []): object {
  const ruleIndex = new Map(tool.rules.map((r, i) => [r.id, i]));
  const artifactOf = artifacts(cwd);
  const results: object[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const index = ruleIndex.get(f.ruleId);
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifactOf(f.file), region: region(f.range) } }],
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((rel, i) => ({
          id: i + 1,
          physicalLocation: { artifactLocation: artifactOf(rel.file), region: region(rel.range) },
          message: { text: rel.message },
        }));
      }
      const fixes = fixesOf(f, artifactOf);
      if (fixes.length) result.fixes = fixes;
      if (f.rootFile) result.properties = { rootFile: artifactOf(f.rootFile).uri };
      results.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tlslint',
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: tool.rules.map((m) => ({
              id: m.id,
              shortDescription: { text: m.description },
              fullDescription: { text: m.docs.what },
              help: { text: `${m.docs.what}\n\n${m.docs.why}` },
              helpUri: tool.docsUrl(m.id),
              defaultConfiguration: { level: sarifLevel(m.defaultSeverity) },
              properties: { tags: [...m.dialects], fixable: m.fixable, profileDependent: m.profileDependent },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length
              ? { toolExecutionNotifications: notifications.map((text) => ({ level: 'warning', message: { text } })) }
              : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(reports: FileReport[], cwd: string, tool: ToolInfo, notifications: string[] = []): string {
  return JSON.stringify(toSarif(reports, cwd, tool, notifications), null, 2) + '\n';
}
