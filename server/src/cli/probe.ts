// `tlslint probe <host[:port]> [--sni name] [--timeout ms] [--json] [--compare <config>]`: TLS handshakes
// against a live endpoint (only when asked, handshakes only, each bounded by the timeout), and, with
// --compare, where the endpoint differs from what the engine predicts for that configuration.
// Exit 0: at least one handshake and nothing wrong; 1: no handshake, chain problems, or differences;
// 2: usage errors (thrown as UsageError, reported by the caller).

import * as path from 'node:path';
import { DEFAULT_PROBE_TIMEOUT_MS, probeEndpoint } from '../host/probe';
import { apachePrediction, nginxPrediction, compareProbe, squidPrediction } from '../host/probeCompare';
import { formatProbeText, probeJson, type ProbeComparison } from '../host/probeFormat';
import { NodeFileSystem } from '../host/nodeFs';
import { Workspace } from '../engine/model/workspace';
import { socketFor } from '../engine/model/negotiation';
import { defaultSettings } from '../engine/settings';
import { findRcFile, loadRcFile } from './config';
import { subcommandOutputOption, UsageError, walkArguments } from './options';

export const PROBE_USAGE = `Usage: tlslint probe [options] <host[:port]>

Connects to a TLS endpoint and reports what it really does: which protocol versions complete a
handshake, the suites it accepts per version (in its own order when it imposes one), the certificate
chain it serves and what is wrong with it (expiry, order, name). Only TLS handshakes are made: no
request is sent, nothing is followed, each connection is closed after its handshake.

Options:
  --sni <name>               server name to send (default: the host, unless it is an IP address)
  --no-sni                   send no server name
  --timeout <ms>             limit per connection attempt (default: ${DEFAULT_PROBE_TIMEOUT_MS})
  --compare <config>         also say where the endpoint differs from what this configuration predicts
                             for the same port and name (settings from the nearest .tlslintrc.json)
  --format text|json, --json output format (default: text)
  -h, --help                 print this help

Port 443 when none is given; IPv6 addresses in brackets ([::1]:8443).
Exit status: 0 handshakes work and nothing is wrong, 1 no handshake, problems or differences, 2 usage error.
`;

export interface ProbeCliOptions {
  host?: string;
  port: number;
  sni?: string | null;
  timeoutMs: number;
  compare?: string;
  format: 'text' | 'json';
  help: boolean;
}

/** `host`, `host:port`, `[v6]:port`, `v6` → host and port. */
export function parseTarget(text: string): { host: string; port: number } {
  let host = text;
  let port = 443;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    host = v6[1];
    if (v6[2]) port = Number(v6[2]);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const i = text.lastIndexOf(':');
    host = text.slice(0, i);
    if (!/^\d+$/.test(text.slice(i + 1))) throw new UsageError(`probe: "${text}": the port must be a number`);
    port = Number(text.slice(i + 1));
  }
  if (!host || !/^[A-Za-z0-9._:-]+$/.test(host)) throw new UsageError(`probe: "${text}" is not a host name or address`);
  if (!(port > 0 && port < 65536)) throw new UsageError(`probe: port ${port} is out of range`);
  return { host, port };
}

export function parseProbeArgs(argv: string[]): ProbeCliOptions {
  const o: ProbeCliOptions = { port: 443, timeoutMs: DEFAULT_PROBE_TIMEOUT_MS, format: 'text', help: false };
  let targetText: string | undefined;
  walkArguments(
    argv,
    (s) => {
      if (targetText !== undefined) throw new UsageError('probe: expected one host[:port]');
      targetText = s;
    },
    (name, value, next) => {
      const needValue = (): string => {
        const v = value ?? next();
        if (v === undefined) throw new UsageError(`probe: ${name} needs a value`);
        return v;
      };
      if (value !== undefined && !['--sni', '--timeout', '--compare', '--format'].includes(name)) throw new UsageError(`probe: ${name} takes no value`);
      switch (name) {
        case '--sni':
          o.sni = needValue();
          break;
        case '--no-sni':
          o.sni = null;
          break;
        case '--timeout': {
          const v = needValue();
          if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 120_000) throw new UsageError(`probe: --timeout: expected milliseconds from 1 to 120000, got "${v}"`);
          o.timeoutMs = Number(v);
          break;
        }
        case '--compare':
          o.compare = needValue();
          break;
        default:
          if (subcommandOutputOption('probe', name, needValue, o)) break;
          throw new UsageError(`probe: unknown option ${name} (tlslint probe --help lists them)`);
      }
    },
  );
  if (!o.help) {
    if (targetText === undefined) throw new UsageError('probe: no endpoint given (e.g. tlslint probe example.com:443)');
    const t = parseTarget(targetText);
    o.host = t.host;
    o.port = t.port;
  }
  return o;
}

export interface ProbeIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}

/** The engine's side of --compare: the configuration's prediction for the probed port and name. */
function compareWith(file: string, cwd: string, host: string, port: number, sni: string | null, report: Parameters<typeof compareProbe>[1]): ProbeComparison {
  const abs = path.resolve(cwd, file);
  const rc = findRcFile(path.dirname(abs));
  const settings = rc ? loadRcFile(rc) : defaultSettings();
  const ws = new Workspace({ fs: new NodeFileSystem(), settings, files: [abs] });
  // The endpoint is reached by a name or address the configuration may not spell: match by port,
  // preferring a listen on that very address.
  const dialect = ws.roots[0]?.dialect;
  if (dialect === 'apache' || dialect === 'squid') {
    const at = isIp(host) ? host : '127.0.0.1';
    const p = dialect === 'apache' ? apachePrediction(ws, at, port, sni) : squidPrediction(ws, at, port);
    if (typeof p === 'string') return { subject: file, differences: [`${file}: ${p}`] };
    return { subject: `${file}, ${dialect === 'apache' ? 'virtual hosts' : 'https_port'} on port ${port}`, differences: compareProbe(p, report) };
  }
  const socket = socketFor(ws, isIp(host) ? host : '*', port) ?? socketFor(ws, '127.0.0.1', port);
  if (!socket) return { subject: file, differences: [`${file} has no TLS listener on port ${port}`] };
  const p = nginxPrediction(ws, socket, sni);
  return { subject: `${file}, listener ${socket.address}`, differences: compareProbe(p, report) };
}

export async function runProbe(argv: string[], io: ProbeIO): Promise<number> {
  const o = parseProbeArgs(argv);
  if (o.help) {
    io.stdout.write(PROBE_USAGE);
    return 0;
  }
  const host = o.host!;
  const sni = o.sni === undefined ? (isIp(host) ? null : host) : o.sni;
  const report = await probeEndpoint({ host, port: o.port, servername: sni, timeoutMs: o.timeoutMs });
  const cmp = o.compare ? compareWith(o.compare, io.cwd, host, o.port, sni, report) : undefined;
  if (o.format === 'json') io.stdout.write(JSON.stringify(probeJson(report, cmp), null, 2) + '\n');
  else io.stdout.write(formatProbeText(report, cmp));
  const ok = report.versions.some((v) => v.ok) && report.problems.length === 0 && !(cmp && cmp.differences.length);
  return ok ? 0 : 1;
}
