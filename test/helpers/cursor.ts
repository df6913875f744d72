// Inline configs with a cursor: `|` marks the position a hover or completion is asked at.
import assert from 'node:assert/strict';
import { parseNginx } from '../../server/src/engine/syntax/nginx';
import type { ParsedFile } from '../../server/src/engine/syntax/tree';
import type { Position } from '../../server/src/engine/types';
import { hoverNginx } from '../../server/src/engine/features/hover';
import { completeNginx, type CompletionEntry } from '../../server/src/engine/features/completion';

/** Parse a config where `|` marks the cursor; returns the parsed text (without the marker) and the position. */
export function at(src: string): { parsed: ParsedFile; pos: Position } {
  const i = src.indexOf('|');
  assert.ok(i >= 0, 'no cursor marker');
  const before = src.slice(0, i);
  const lines = before.split('\n');
  const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { parsed: parseNginx('/etc/nginx/test.conf', before + src.slice(i + 1)), pos };
}

export function hoverAt(src: string): ReturnType<typeof hoverNginx> {
  const { parsed, pos } = at(src);
  return hoverNginx(parsed, pos);
}

export function completeAt(src: string): CompletionEntry[] {
  const { parsed, pos } = at(src);
  return completeNginx(parsed, pos);
}
