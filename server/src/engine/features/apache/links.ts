// Document links for Apache httpd files: Include/IncludeOptional targets (as the workspace resolved
// them, else resolved against ServerRoot) and the files of TLS directives (certificates, keys, CA
// bundles, CRLs, ticket keys). Only arguments that resolve to exactly one existing file are linked.

import type { Workspace } from '../../model/workspace';
import { resolveServerPath } from '../../model/paths';
import { argAt, guessApacheServerRoot } from '../../model/apache/support';
import type { Arg, Directive } from '../../syntax/tree';
import { walkDirectives } from '../../syntax/tree';
import { comparePositions } from '../../types';
import type { DocumentLinkEntry } from '../links';

/** Directives whose (last) argument names a file. */
export const APACHE_FILE_DIRECTIVES = new Set([
  'sslcertificatefile', 'sslcertificatekeyfile', 'sslcertificatechainfile', 'sslcacertificatefile', 'sslcadnrequestfile',
  'sslcarevocationfile', 'sslproxycacertificatefile', 'sslproxycarevocationfile', 'sslproxymachinecertificatefile',
  'sslproxymachinecertificatechainfile', 'sslocsprespondercertificatefile', 'sslsessionticketkeyfile', 'sslsrpverifierfile',
  'mdcertificatefile', 'mdcertificatekeyfile',
]);

const INCLUDES = new Set(['include', 'includeoptional']);

export function apachePrefixes(ws: Workspace, file: string): string[] {
  const roots = ws.rootsOf(file);
  return roots.length ? [...new Set(roots.map((r) => r.prefix))] : [guessApacheServerRoot(ws.fs, file)];
}

/** The argument of a file directive that names the file (`SSLOpenSSLConfCmd DHParameters <file>` too). */
export function fileArgument(d: Directive): Arg | undefined {
  if (APACHE_FILE_DIRECTIVES.has(d.lname) && d.args.length === 1) return d.args[0];
  if (d.lname === 'sslopensslconfcmd' && d.args.length === 2 && /^dhparameters$/i.test(d.args[0].text)) return d.args[1];
  return undefined;
}

export function apacheLinks(ws: Workspace, file: string): DocumentLinkEntry[] {
  const parsed = ws.parsed(file);
  if (!parsed) return [];
  const prefixes = apachePrefixes(ws, file);
  const out: DocumentLinkEntry[] = [];
  walkDirectives(parsed.directives, (d) => {
    let arg: Arg | undefined;
    let targets: string[] = [];
    if (INCLUDES.has(d.lname) && d.args.length === 1) {
      arg = d.args[0];
      targets = ws.includeTargets.get(d) ?? (arg.text.includes('${') ? [] : [...new Set(prefixes.flatMap((p) => ws.resolveInclude(d, p).targets))]);
    } else {
      arg = fileArgument(d);
      if (!arg || !arg.text) return;
      const index = d.args.indexOf(arg);
      // Where the model placed the directive: its `${VAR}`s expanded and the ServerRoot of that root;
      // elsewhere the text as written against the guessed ServerRoot.
      const items = ws.itemsOf.get(d) ?? [];
      const reads = items.length
        ? items.map((it) => ({ text: argAt(it, index)?.text ?? arg!.text, prefix: it.ctx.root.prefix }))
        : prefixes.map((prefix) => ({ text: arg!.text, prefix }));
      const found = new Set<string>();
      for (const r of reads) {
        if (r.text.includes('${') || /^[a-z]+:/i.test(r.text)) continue;
        const resolved = resolveServerPath(ws.fs, r.text, r.prefix, ws.settings.pathMappings, ws.settings.baseDir);
        if (ws.fs.stat(resolved.path)?.isFile) found.add(resolved.path);
      }
      targets = [...found];
    }
    if (arg && targets.length === 1) out.push({ range: arg.range, target: targets[0] });
  });
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}
