// What the incremental tests compare the server's publishes with: a full lint of the workspace folder (as
// the CLI does it) with one file's text replaced, and publishes reduced to the same one-line form.

import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Engine } from '../../server/src/engine/engine';
import { OverlayFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { includeGraphOf, planFocus, type FocusPlan } from '../../server/src/engine/model/focus';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { discoverFiles } from '../../server/src/host/discover';

/** The findings of a full lint of `dir` for `file`, with `text` in place of the file on disk. */
export function fullLintOf(dir: string, file: string, text: string): string[] {
  const overlay = new OverlayFileSystem(new NodeFileSystem(), new Map([[file, text]]));
  const all = discoverFiles([dir], dir);
  const r = new Engine().lint({ fs: overlay, files: [file], workspaceFiles: all, settings: normalizeSettings({ baseDir: dir }) });
  return (r.findings.get(file) ?? []).map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character} ${f.message}`).sort();
}

/** The focus the server plans for `open` (from the include graph of a full model of `dir`), with every file of `dir`. */
export function focusPlanOf(dir: string, open: string): { all: string[]; plan: FocusPlan } {
  const all = discoverFiles([dir], dir);
  const ws = new Engine().workspace({ fs: new NodeFileSystem(), files: all, workspaceFiles: all, settings: normalizeSettings({ baseDir: dir }) });
  return { all, plan: planFocus(includeGraphOf(ws), [open]) };
}

/** A publish in the same form as fullLintOf. */
export const shown = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();
