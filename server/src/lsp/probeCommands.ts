// The editor's live probe: `tlslint.probeTargets` suggests endpoints from the server block under the
// cursor (its listen sockets and first concrete name); `tlslint.probe` runs the probe (only when the
// user asks, never in an untrusted workspace) and compares it with the engine's prediction for that
// server block. Both are workspace/executeCommand requests whose result the client shows.

import type { Position } from '../engine/types';
import type { Workspace } from '../engine/model/workspace';
import { nginxTlsSockets, probeTargets, serverAt } from '../engine/model/negotiation';
import { originText } from '../engine/model/nginxPolicy';
import { DEFAULT_PROBE_TIMEOUT_MS, probeEndpoint } from '../host/probe';
import { apachePrediction, compareProbe, nginxPrediction, squidPrediction, type Prediction } from '../host/probeCompare';
import { apachePolicies, vhostLabel } from '../engine/model/apache/policy';
import { squid } from '../engine/model/squid/policy';
import { rangeContains } from '../engine/types';
import { formatProbeMarkdown, probeJson, type ProbeComparison } from '../host/probeFormat';

export const PROBE_COMMAND = 'tlslint.probe';
export const PROBE_TARGETS_COMMAND = 'tlslint.probeTargets';

export interface ProbeTargetItem {
  label: string;
  host: string;
  port: number;
  serverName: string | null;
}

export interface ProbeArguments {
  host: string;
  port: number;
  serverName?: string | null;
  /** The document and position of the server block to compare with. */
  uri?: string;
  position?: Position;
  timeoutMs?: number;
}

export type ProbeCommandResult =
  | { ok: true; markdown: string; differences: string[]; report: unknown }
  | { ok: false; error: string };

/** Endpoints for the server block at `position` (every TLS socket of the file when not in one). */
export function probeTargetItems(ws: Workspace, file: string, position: Position): ProbeTargetItem[] {
  const server = serverAt(ws, file, position);
  const servers = server ? [server] : [...new Set(nginxTlsSockets(ws).flatMap((s) => s.servers))].filter((s) => s.directive.file === file);
  const out: ProbeTargetItem[] = [];
  const seen = new Set<string>();
  for (const s of servers) {
    for (const t of probeTargets(ws, s)) {
      const label = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}${t.serverName && t.serverName !== t.host ? ` (SNI ${t.serverName})` : ''}`;
      if (seen.has(label)) continue;
      seen.add(label);
      out.push({ label, host: t.host, port: t.port, serverName: t.serverName });
    }
  }
  return out;
}

/** Check the client's arguments: they come from user input. */
export function parseProbeArguments(raw: unknown): ProbeArguments | string {
  if (!raw || typeof raw !== 'object') return 'expected { host, port }';
  const a = raw as Record<string, unknown>;
  if (typeof a.host !== 'string' || !/^[A-Za-z0-9._:-]{1,253}$/.test(a.host)) return 'the host must be a name or an IP address';
  if (typeof a.port !== 'number' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65535) return 'the port must be a number from 1 to 65535';
  if (a.serverName !== undefined && a.serverName !== null && (typeof a.serverName !== 'string' || !/^[A-Za-z0-9._-]{1,253}$/.test(a.serverName))) return 'the server name must be a DNS name';
  const timeoutMs = typeof a.timeoutMs === 'number' && a.timeoutMs > 0 && a.timeoutMs <= 120_000 ? a.timeoutMs : DEFAULT_PROBE_TIMEOUT_MS;
  const position = a.position && typeof a.position === 'object' && typeof (a.position as Position).line === 'number' && typeof (a.position as Position).character === 'number' ? (a.position as Position) : undefined;
  return {
    host: a.host,
    port: a.port,
    serverName: (a.serverName as string | null | undefined) ?? null,
    uri: typeof a.uri === 'string' ? a.uri : undefined,
    position,
    timeoutMs,
  };
}

/** What the engine predicts for the server block at the position, for the probed port and name. */
export function predictionAt(ws: Workspace, file: string, position: Position, port: number, serverName: string | null): { prediction: Prediction; subject: string } | string {
  // Apache: the <VirtualHost> under the cursor; httpd then picks the vhost for the name itself.
  const vhost = apachePolicies(ws).vhosts.find((v) => v.kind === 'virtualhost' && v.tls && v.directive.file === file && rangeContains(v.directive.range, position));
  if (vhost) {
    const addr = vhost.addresses.find((a) => a.port === port && /^[\d.]+$/.test(a.host));
    const p = apachePrediction(ws, addr?.host ?? '127.0.0.1', port, serverName);
    return typeof p === 'string' ? p : { prediction: p, subject: `${vhostLabel(vhost)}, port ${port}` };
  }
  // Squid: the https_port line under the cursor.
  const squidPort = squid(ws).flatMap((x) => x.ports).find((x) => x.kind === 'https_port' && x.directive.file === file && x.directive.range.start.line === position.line);
  if (squidPort) {
    if (squidPort.port !== port) return `${squidPort.label} is not on port ${port}`;
    const p = squidPrediction(ws, squidPort.host ?? '127.0.0.1', port);
    return typeof p === 'string' ? p : { prediction: p, subject: squidPort.label };
  }
  const server = serverAt(ws, file, position);
  if (!server) return 'the cursor is not in a server block: nothing to compare with';
  const socket = nginxTlsSockets(ws).find((s) => s.port === port && s.servers.includes(server));
  if (!socket) return `this server block has no TLS listener on port ${port}`;
  return { prediction: nginxPrediction(ws, socket, serverName), subject: `server block at ${originText({ value: 0, item: server.ctx.item })}, listener ${socket.address}` };
}

/** Run the probe and compare; `predicted` was computed from the editor's state beforehand. */
export async function runProbeCommand(args: ProbeArguments, predicted: { prediction: Prediction; subject: string } | string | undefined): Promise<ProbeCommandResult> {
  const report = await probeEndpoint({ host: args.host, port: args.port, servername: args.serverName, timeoutMs: args.timeoutMs });
  let cmp: ProbeComparison | undefined;
  if (typeof predicted === 'string') cmp = { subject: 'not compared', differences: [predicted] };
  else if (predicted) cmp = { subject: predicted.subject, differences: compareProbe(predicted.prediction, report) };
  return { ok: true, markdown: formatProbeMarkdown(report, cmp), differences: typeof predicted === 'object' ? cmp!.differences : [], report: probeJson(report, cmp) };
}
