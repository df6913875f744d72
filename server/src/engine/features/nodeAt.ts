// Locating things in a parsed nginx file by position: the directive and argument under the cursor,
// the chain of enclosing blocks, and the nginx context those blocks make. Pure: no I/O.

import type { Position, Range } from '../types';
import { comparePositions, rangeContains } from '../types';
import type { Arg, Directive, ParsedFile } from '../syntax/tree';
import type { NginxContext } from '../docs/nginxDirectives';
import { childContext, inferTopLevelContext } from '../model/nginxContext';

export interface NodeAt {
  directive: Directive;
  /** Enclosing block directives, outermost first (`directive` itself excluded). */
  parents: Directive[];
  /** On the name, on an argument, or elsewhere in the statement (spaces, `;`, `{`). */
  part: 'name' | 'arg' | 'other';
  arg?: Arg;
  argIndex?: number;
}

/** Whether `p` lies inside the `{ … }` of a block directive (between the braces). */
export function insideBlock(d: Directive, p: Position): boolean {
  if (!d.block || !d.blockOpenRange) return false;
  if (comparePositions(p, d.blockOpenRange.end) < 0) return false;
  return !d.blockCloseRange || comparePositions(p, d.blockCloseRange.start) <= 0;
}

/** The block directives whose braces enclose `p`, outermost first. */
export function enclosingBlocks(parsed: ParsedFile, p: Position): Directive[] {
  const chain: Directive[] = [];
  let list: Directive[] | undefined = parsed.directives;
  while (list) {
    const owner: Directive | undefined = list.find((d) => insideBlock(d, p));
    if (!owner) break;
    chain.push(owner);
    list = owner.block;
  }
  return chain;
}

/** The directive under `p` (its name, an argument, or anywhere in its head), with its parents. */
export function nodeAt(parsed: ParsedFile, p: Position): NodeAt | undefined {
  const parents = enclosingBlocks(parsed, p);
  const list = parents.length ? parents[parents.length - 1].block! : parsed.directives;
  const d = list.find((x) => headContains(x, p));
  if (!d) return undefined;
  if (rangeContains(d.nameRange, p)) return { directive: d, parents, part: 'name' };
  const argIndex = d.args.findIndex((a) => rangeContains(a.range, p));
  if (argIndex >= 0) return { directive: d, parents, part: 'arg', arg: d.args[argIndex], argIndex };
  return { directive: d, parents, part: 'other' };
}

/** The statement part of a directive: from its name to its `;` or `{` (the block body excluded). */
export function headRange(d: Directive): Range {
  if (d.blockOpenRange) return { start: d.range.start, end: d.blockOpenRange.end };
  return d.range;
}

function headContains(d: Directive, p: Position): boolean {
  return rangeContains(headRange(d), p);
}

/** A guess of the context at the top level of a file that may be an included fragment. */
export function topLevelContext(parsed: ParsedFile): NginxContext | undefined {
  return inferTopLevelContext(parsed.directives);
}

export { childContext };

/**
 * The context inside the innermost of `chain`: undefined when it cannot be known (top level of a
 * fragment), `'data'`/`'opaque'` inside data or foreign blocks.
 */
export function contextOfChain(parsed: ParsedFile, chain: Directive[]): NginxContext | 'data' | 'opaque' | undefined {
  let ctx: NginxContext | 'data' | 'opaque' | undefined = topLevelContext(parsed);
  for (const d of chain) {
    if (ctx === 'data' || ctx === 'opaque') return 'opaque';
    ctx = childContext(d, ctx);
  }
  return ctx;
}
