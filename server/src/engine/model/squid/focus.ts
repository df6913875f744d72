// Squid's part of focused lints (see ../focus.ts). Squid has no blocks: every line of an included file
// sits in the one configuration the root builds, so a file is left out only when none of its lines
// changes how the lines of other files are read, and what the rules compare across files is kept as a
// summary, put back where the file's lines would have been (Workspace.skippedAt keeps that place).
//
// What crosses files, and what an isolated file may therefore hold:
//   - http_port / https_port: listen-options-conflict compares each port with the earlier ports of the
//     root (in any file), squid-ssl-bump-port-missing looks for an ssl-bump port anywhere and names
//     every port: each port line is summarised (address, port, ssl-bump, label, where its address is).
//     Everything else on a port line (certificates, protocols, ciphers, options) is judged per line.
//   - acl: squid-bump-without-peek reads the definitions of the acls its ssl_bump rules name, and the
//     names of all acls for its fix: each acl line is kept as its name and, for `at_step`, its steps.
//   - cache_peer, cache_peer_access, http_access: judged per line or not read at all.
// Anything else refuses isolation: tls_outgoing_options (its lines add up across files), ssl_bump and
// sslcrtd_program (the bump rules), include (the file would not be a leaf), every other directive
// (unknown, mistyped or obsolete ones included) and files with syntax problems. A file with nothing but
// comments is not left out either: there is nothing to gain.

import type { ParsedFile } from '../../syntax/tree';
import { isBumpFlag, parseAddress, portKind, portLabel, squidAcl, type SquidAcl, type SquidListen } from './policy';

/** What the rules need of a left-out Squid file, in the order of its lines. */
export interface SquidFileSummary {
  listens: SquidListen[];
  /** Its acl lines. */
  acls: SquidAcl[];
}

const SUMMARISED = new Set(['http_port', 'https_port', 'acl']);
const LOCAL = new Set(['cache_peer', 'cache_peer_access', 'http_access']);

/** Port lines, acls, peers and access lines only, parsed without a problem (see above). */
export function isIsolatedSquidFile(parsed: ParsedFile): boolean {
  if (parsed.dialect !== 'squid' || !parsed.directives.length || parsed.problems.length) return false;
  return parsed.directives.every((d) => SUMMARISED.has(d.lname) || LOCAL.has(d.lname));
}

/** The summary of an isolated file (made from its text alone: nothing in it depends on the root). */
export function squidFileSummary(parsed: ParsedFile): SquidFileSummary {
  const listens: SquidListen[] = [];
  const acls: SquidAcl[] = [];
  for (const d of parsed.directives) {
    if (d.lname === 'acl') {
      const acl = squidAcl(d);
      if (acl) acls.push(acl);
    } else if (d.lname === 'http_port' || d.lname === 'https_port') {
      const address = d.args[0];
      const bump = d.args.slice(1).some(isBumpFlag);
      const { host, port } = parseAddress(address?.text ?? '');
      // (The same shape as the listens of linted ports: the listen rules read both in one loop.)
      listens.push({ host, port, bump, tls: portKind(d) === 'https_port' || bump, label: portLabel(d, bump), file: d.file, addressRange: address?.range, linted: undefined });
    }
  }
  return { listens, acls };
}
