// Where protocol versions are decided in nginx: explicit `ssl_protocols`-style directives (judged by
// their tokens, wherever they are) and TLS servers that rely on the version-dependent default.

import type { Range } from '../types';
import type { Directive } from '../syntax/tree';
import type { Workspace } from '../model/workspace';
import type { NginxServer } from '../model/nginxPolicy';
import { canonicalProtocol, type ProtocolName } from '../tls/protocols';
import { nginx, nginxDirectives } from './helpers';

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
}

export const SERVER_PROTOCOL_DIRECTIVES = ['ssl_protocols'];
export const UPSTREAM_PROTOCOL_DIRECTIVES = ['proxy_ssl_protocols', 'grpc_ssl_protocols', 'uwsgi_ssl_protocols'];

export function explicitProtocols(ws: Workspace): ExplicitProtocols[] {
  return nginxDirectives(ws, [...SERVER_PROTOCOL_DIRECTIVES, ...UPSTREAM_PROTOCOL_DIRECTIVES]).map((d) => {
    const tokens: ProtocolToken[] = [];
    const unknown: { text: string; range: Range }[] = [];
    for (const a of d.args) {
      const p = canonicalProtocol(a.text);
      if (p) tokens.push({ protocol: p, range: a.range });
      else unknown.push({ text: a.text, range: a.range });
    }
    return { directive: d, side: SERVER_PROTOCOL_DIRECTIVES.includes(d.lname) ? 'server' : 'upstream', tokens, unknown };
  });
}

/** TLS servers (that accept handshakes) whose protocol set is nginx's default. */
export function serversOnDefaultProtocols(ws: Workspace): NginxServer[] {
  return nginx(ws).servers.filter((s) => s.tls && !s.rejectHandshake.value && !s.protocols.item);
}

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
