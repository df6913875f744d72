// Document symbols for nginx files: the block structure (http, server, location, upstream…), with
// servers named by what they answer for. Pure.

import type { Range } from '../types';
import type { Directive, ParsedFile } from '../syntax/tree';
import { lookupTable } from '../lookup';

export type SymbolKind = 'http' | 'server' | 'location' | 'upstream' | 'stream' | 'mail' | 'map' | 'block' | 'events';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: SymbolEntry[];
}

const KIND = lookupTable<SymbolKind>({
  http: 'http',
  server: 'server',
  location: 'location',
  upstream: 'upstream',
  stream: 'stream',
  mail: 'mail',
  map: 'map',
  events: 'events',
});

export function nginxSymbols(parsed: ParsedFile): SymbolEntry[] {
  const top: SymbolEntry[] = [];
  // An explicit work list rather than recursion: pathological nesting must not overflow the stack.
  const work: { list: Directive[]; out: SymbolEntry[] }[] = [{ list: parsed.directives, out: top }];
  for (let item = work.pop(); item; item = work.pop()) {
    for (const d of item.list) {
      if (!d.block || !d.name) continue;
      const kind = KIND[d.name] ?? 'block';
      const { name, detail } = kind === 'server' ? serverLabel(d) : { name: headText(d), detail: undefined };
      const entry: SymbolEntry = { name, detail, kind, range: d.range, selectionRange: d.nameRange, children: [] };
      item.out.push(entry);
      work.push({ list: d.block, out: entry.children });
    }
  }
  return top;
}

/** `location = /x`, `upstream backend`, `map $a $b`: the directive with its arguments as written. */
function headText(d: Directive): string {
  return [d.name, ...d.args.map((a) => a.raw)].join(' ');
}

/** A port alone is shown as `:443`, as in "listening on :443". */
function listenAddress(d: Directive): string | undefined {
  const a = d.args[0]?.text;
  if (a === undefined) return undefined;
  return /^\d+$/.test(a) ? `:${a}` : a;
}

function serverLabel(d: Directive): { name: string; detail?: string } {
  const body = d.block ?? [];
  const names = body.filter((x) => x.name === 'server_name').flatMap((x) => x.args.map((a) => a.raw));
  const listens = body.filter((x) => x.name === 'listen');
  const addresses = listens.map(listenAddress).filter((a): a is string => a !== undefined);
  const detail = listens.length
    ? listens.map((x) => [listenAddress(x), ...x.args.slice(1).map((a) => a.text)].join(' ')).join(', ')
    : undefined;
  if (names.length) return { name: `server ${names.join(' ')}`, detail };
  if (addresses.length) return { name: `server ${addresses.join(' ')}`, detail };
  return { name: 'server', detail };
}
