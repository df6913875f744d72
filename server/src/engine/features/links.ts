// Document links for nginx files: `include` targets and the certificate/key/CA files of TLS
// directives. The caller resolves paths (prefix, globs, path mappings, existence); this module only
// decides which arguments are file names and links those that resolve to exactly one file.

import type { Range } from '../types';
import { comparePositions } from '../types';
import type { Directive, ParsedFile } from '../syntax/tree';
import { NGINX_DATA_BLOCKS } from '../syntax/nginx';

export interface DocumentLinkEntry {
  range: Range;
  target: string;
}

/** TLS directives whose single argument is a file (server side, and the upstream families). */
const FILE_DIRECTIVES = new Set<string>([
  'ssl_certificate', 'ssl_certificate_key', 'ssl_trusted_certificate', 'ssl_client_certificate', 'ssl_dhparam',
  'ssl_crl', 'ssl_password_file', 'ssl_stapling_file', 'ssl_session_ticket_key', 'ssl_ech_file',
  ...['proxy', 'grpc', 'uwsgi'].flatMap((p) => [
    `${p}_ssl_certificate`, `${p}_ssl_certificate_key`, `${p}_ssl_trusted_certificate`, `${p}_ssl_crl`, `${p}_ssl_password_file`,
  ]),
]);

/** Whether a directive's first argument names a file that may be linked. */
export function isFileArgumentDirective(name: string): boolean {
  return name === 'include' || FILE_DIRECTIVES.has(name);
}

export function nginxIncludeLinks(parsed: ParsedFile, resolve: (d: Directive) => string[]): DocumentLinkEntry[] {
  const out: DocumentLinkEntry[] = [];
  // Explicit work list (no recursion); data blocks (map, types…) and foreign code hold no directives.
  const work: Directive[][] = [parsed.directives];
  for (let list = work.pop(); list; list = work.pop()) {
    for (const d of list) {
      if (d.block) {
        if (!NGINX_DATA_BLOCKS.has(d.name) && !d.name.endsWith('_by_lua_block')) work.push(d.block);
        continue;
      }
      if (d.args.length !== 1 || !isFileArgumentDirective(d.name)) continue;
      const value = d.args[0].text;
      // Inline PEM, engine and store keys are not files.
      if (/^(data|engine|store):/.test(value) || value === '') continue;
      const targets = resolve(d);
      if (targets.length === 1) out.push({ range: d.args[0].range, target: targets[0] });
    }
  }
  return out.sort((a, b) => comparePositions(a.range.start, b.range.start));
}
