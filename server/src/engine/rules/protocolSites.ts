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

const explicitCache = new WeakMap<Workspace, ExplicitProtocols[]>();

export function explicitProtocols(ws: Workspace): ExplicitProtocols[] {
  const cached = explicitCache.get(ws);
  if (cached) return cached;
  const groups = new Map<string, ExplicitProtocols[]>();
  const all = nginxDirectivesWithSiblings(ws, [...SERVER_PROTOCOL_DIRECTIVES, ...UPSTREAM_PROTOCOL_DIRECTIVES]).map(({ directive: d, siblings }) => {
    const tokens: ProtocolToken[] = [];
    const unknown: { text: string; range: Range }[] = [];
    for (const a of d.args) {
      const p = canonicalProtocol(a.text);
      if (p) tokens.push({ protocol: p, range: a.range });
      else unknown.push({ text: a.text, range: a.range });
    }
    const site: ExplicitProtocols = { directive: d, side: SERVER_PROTOCOL_DIRECTIVES.includes(d.lname) ? 'server' : 'upstream', tokens, unknown, group: [] };
    const key = `${siblingsId(siblings)}|${d.lname}`;
    const g = groups.get(key) ?? [];
    g.push(site);
    groups.set(key, g);
    site.group = g;
    return site;
  });
  explicitCache.set(ws, all);
  return all;
}

const listIds = new WeakMap<Directive[], number>();
let nextListId = 1;
function siblingsId(list: Directive[]): number {
  let id = listIds.get(list);
  if (id === undefined) {
    id = nextListId++;
    listIds.set(list, id);
  }
  return id;
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
