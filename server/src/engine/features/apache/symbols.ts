// Document symbols for Apache httpd files: sections, nested as written, with virtual hosts named by
// their ServerName (looked up through conditional sections such as <IfModule>) and their addresses.

import type { Directive, ParsedFile } from '../../syntax/tree';
import type { SymbolEntry, SymbolKind } from '../symbols';
import { APACHE_CONDITIONAL_SECTIONS } from '../../docs/apacheDirectives';
import { lookupTable } from '../../lookup';

const KIND = lookupTable<SymbolKind>({
  virtualhost: 'server',
  directory: 'location',
  directorymatch: 'location',
  location: 'location',
  locationmatch: 'location',
  files: 'location',
  filesmatch: 'location',
  proxy: 'upstream',
  proxymatch: 'upstream',
});

export function apacheSymbols(parsed: ParsedFile): SymbolEntry[] {
  const top: SymbolEntry[] = [];
  const work: { list: Directive[]; out: SymbolEntry[] }[] = [{ list: parsed.directives, out: top }];
  for (let item = work.pop(); item; item = work.pop()) {
    for (const d of item.list) {
      if (!d.block || !d.name) continue;
      const kind = KIND[d.lname] ?? 'block';
      const label = d.lname === 'virtualhost' ? virtualHostLabel(d) : { name: headText(d), detail: undefined };
      const entry: SymbolEntry = { ...label, kind, range: d.range, selectionRange: d.nameRange, children: [] };
      item.out.push(entry);
      work.push({ list: d.block, out: entry.children });
    }
  }
  return top;
}

function headText(d: Directive): string {
  return `<${[d.name, ...d.args.map((a) => a.raw)].join(' ')}>`;
}

/** Directives of a section's own level, looking through conditional sections (not into nested contexts). */
function ownDirectives(d: Directive): Directive[] {
  const out: Directive[] = [];
  const work = [d.block ?? []];
  for (let list = work.pop(); list; list = work.pop()) {
    for (const x of list) {
      if (x.block && APACHE_CONDITIONAL_SECTIONS.has(x.lname)) work.push(x.block);
      else out.push(x);
    }
  }
  return out;
}

function virtualHostLabel(d: Directive): { name: string; detail?: string } {
  const own = ownDirectives(d);
  const serverName = own.filter((x) => x.lname === 'servername').pop()?.args[0]?.text;
  const aliases = own.filter((x) => x.lname === 'serveralias').flatMap((x) => x.args.map((a) => a.text));
  const addresses = d.args.map((a) => a.text).join(' ');
  const tls = own.some((x) => x.lname === 'sslengine' && x.args[0]?.text.toLowerCase() === 'on');
  const detail = [tls ? 'TLS' : undefined, aliases.length ? `aliases: ${aliases.join(' ')}` : undefined].filter(Boolean).join(' · ');
  const name = serverName ? `VirtualHost ${serverName} (${addresses})` : `VirtualHost ${addresses}`;
  return { name: name.trim(), detail: detail || undefined };
}
