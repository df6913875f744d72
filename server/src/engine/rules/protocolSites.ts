// Where protocol versions are decided in nginx: explicit `ssl_protocols`-style directives (judged by
// their tokens, wherever they are) and TLS servers that rely on the version-dependent default.

import type { Range } from '../types';
import type { Directive } from '../syntax/tree';
import type { Workspace } from '../model/workspace';
import type { NginxPolicies, NginxServer } from '../model/nginxPolicy';
import { canonicalProtocol, type ProtocolName } from '../tls/protocols';
import { nginx, nginxDirectivesWithSiblings } from './helpers';

export interface ProtocolToken {
  protocol: ProtocolName;
  range: Range;
}

export interface ExplicitProtocols {
  directive: Directive;
  /** Server side (`ssl_protocols`) or upstream (`proxy_ssl_protocols`…). */
  side: 'server' | 'upstream';
  tokens: ProtocolToken[];
  unknown: { text: string; range: Range }[];
  /**
   * Every directive of the same name in the same block, this one included. nginx ORs them together
   * (a bitmask setting), so "is TLS 1.3 enabled" and "is anything usable" are questions for the group.
   */
  group: ExplicitProtocols[];
}

export const SERVER_PROTOCOL_DIRECTIVES = ['ssl_protocols'];
export const UPSTREAM_PROTOCOL_DIRECTIVES = ['proxy_ssl_protocols', 'grpc_ssl_protocols', 'uwsgi_ssl_protocols'];
const ALL_PROTOCOL_DIRECTIVES = [...SERVER_PROTOCOL_DIRECTIVES, ...UPSTREAM_PROTOCOL_DIRECTIVES];

const explicitCache = new WeakMap<Workspace, ExplicitProtocols[]>();

export function explicitProtocols(ws: Workspace): ExplicitProtocols[] {
  const cached = explicitCache.get(ws);
  if (cached) return cached;
  // Groups by sibling list (a block body), then by name; a list rarely holds more than one group.
  const groups = new Map<Directive[], ExplicitProtocols[][]>();
  // A hosting tree spells its thousands of protocol lists with a handful of tokens: each token text is
  // looked up once per computation (a local table, so it keeps no file text after it).
  const known = new Map<string, ProtocolName | null>();
  const entries = nginxDirectivesWithSiblings(ws, ALL_PROTOCOL_DIRECTIVES);
  const all: ExplicitProtocols[] = [];
  for (const { directive: d, siblings } of entries) {
    const tokens: ProtocolToken[] = [];
    const unknown: { text: string; range: Range }[] = [];
    for (const a of d.args) {
      let p = known.get(a.text);
      if (p === undefined) {
        p = canonicalProtocol(a.text) ?? null;
        known.set(a.text, p);
      }
      if (p) tokens.push({ protocol: p, range: a.range });
      else unknown.push({ text: a.text, range: a.range });
    }
    const lname = d.lname;
    const site: ExplicitProtocols = { directive: d, side: SERVER_PROTOCOL_DIRECTIVES.includes(lname) ? 'server' : 'upstream', tokens, unknown, group: [] };
    let inList = groups.get(siblings);
    if (!inList) {
      inList = [];
      groups.set(siblings, inList);
    }
    let g: ExplicitProtocols[] | undefined;
    for (const x of inList) if (x[0].directive.lname === lname) g = x;
    if (g) g.push(site);
    else inList.push((g = [site]));
    site.group = g;
    all.push(site);
  }
  explicitCache.set(ws, all);
  return all;
}

/** TLS servers (that accept handshakes) whose protocol set is nginx's default. */
export function serversOnDefaultProtocols(ws: Workspace): NginxServer[] {
  // Once per computation of the policies (two rules ask, and a hosting tree has thousands of servers).
  const policies = nginx(ws);
  let servers = onDefaultProtocols.get(policies);
  if (!servers) {
    servers = policies.servers.filter((s) => s.tls && !s.rejectHandshake.value && !s.protocols.item);
    onDefaultProtocols.set(policies, servers);
  }
  return servers;
}

const onDefaultProtocols = new WeakMap<NginxPolicies, NginxServer[]>();

/** Where to point at a server as a whole: its `ssl` listen parameter, else `ssl on`, else the block name. */
export function serverAnchor(s: NginxServer): { file: string; range: Range } {
  for (const l of s.listens) {
    if (!l.ssl && !l.quic) continue;
    const p = l.item.directive.args.find((a) => a.text.toLowerCase() === 'ssl' || a.text.toLowerCase() === 'quic');
    if (p) return { file: l.item.directive.file, range: p.range };
  }
  if (s.sslOn) return { file: s.sslOn.directive.file, range: s.sslOn.directive.range };
  return { file: s.directive.file, range: s.directive.nameRange };
}
