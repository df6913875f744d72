// Document links for Apache httpd files: Include/IncludeOptional targets (as the workspace resolved
// them, else resolved against ServerRoot) and the files of TLS directives (certificates, keys, CA
// bundles, CRLs, ticket keys). Only arguments that resolve to exactly one existing file are linked.

import * as path from 'node:path';
import type { Workspace } from '../../model/workspace';
import { resolveServerPath } from '../../model/paths';
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

/** ServerRoot for a file no entry point reaches: the nearest directory above holding apache2.conf or httpd.conf. */
export function guessApachePrefix(ws: Workspace, file: string): string {
  let dir = path.posix.dirname(file);
  for (let i = 0; i < 6; i++) {
    // Debian: /etc/apache2/apache2.conf; upstream layout: ServerRoot/conf/httpd.conf.
    if (ws.fs.stat(path.posix.join(dir, 'apache2.conf'))?.isFile || ws.fs.stat(path.posix.join(dir, 'conf', 'httpd.conf'))?.isFile) return dir;
    const up = path.posix.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.posix.dirname(file);
}

export function apachePrefixes(ws: Workspace, file: string): string[] {
  const roots = ws.rootsOf(file);
  return roots.length ? [...new Set(roots.map((r) => r.prefix))] : [guessApachePrefix(ws, file)];
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
      if (!arg || !arg.text || arg.text.includes('${') || /^[a-z]+:/i.test(arg.text)) return;
      const found = new Set<string>();
      for (const p of prefixes) {
        const r = resolveServerPath(ws.fs, arg.text, p, ws.settings.pathMappings, ws.settings.baseDir);
        if (ws.fs.stat(r.path)?.isFile) found.add(r.path);
      }
      targets = [...found];
    }
    if (arg && targets.length === 1) out.push({ range: arg.range, target: targets[0] });
  });
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}
