// The real Apache httpd (Debian's `apache2`) as a test oracle.
//
// `apache2 -t` checks a configuration without starting: it reads the whole tree (Include, <IfModule>…),
// runs every directive's handler (so mod_ssl checks that SSLCertificateFile & co. exist, and rejects
// unknown SSLProtocol words), and stops before post_config, where mod_ssl loads certificates and keys.
// So key/certificate mismatches are only found by a real start: `apacheStart` runs httpd in the
// foreground on 127.0.0.1 and a free high port, waits (bounded) until it serves or exits, and stops it.
//
// The configuration under test is included from a generated main file that sets ServerRoot (to the
// directory under test, so relative paths resolve as tlslint resolves them), loads the modules TLS
// configurations use (mpm_event, authz_core, ssl, socache_shmcb, headers, proxy, proxy_http,
// proxy_balancer, macro) and sends pid file, error log and runtime files to a private temp directory.
// Debian's envvars are not sourced: httpd runs with a clean environment and `-d`/`-f`, so nothing of
// /etc/apache2 is read and no APACHE_* variable is defined.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { findBinary, registerOracleProbe, runCommand } from './oracle';

export const APACHE_MODULE_DIR = '/usr/lib/apache2/modules';

const MODULES: [string, string][] = [
  ['mpm_event_module', 'mod_mpm_event.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  ['ssl_module', 'mod_ssl.so'],
  ['socache_shmcb_module', 'mod_socache_shmcb.so'],
  ['headers_module', 'mod_headers.so'],
  ['proxy_module', 'mod_proxy.so'],
  ['proxy_http_module', 'mod_proxy_http.so'],
  ['proxy_balancer_module', 'mod_proxy_balancer.so'],
  ['slotmem_shm_module', 'mod_slotmem_shm.so'],
  ['lbmethod_byrequests_module', 'mod_lbmethod_byrequests.so'],
  ['macro_module', 'mod_macro.so'],
];

export function apacheBinary(): string | undefined {
  return findBinary('apache2') ?? findBinary('httpd');
}

registerOracleProbe('apache2', () => {
  if (!apacheBinary()) return 'apache2 not installed';
  if (!fs.existsSync(path.join(APACHE_MODULE_DIR, 'mod_ssl.so'))) return `mod_ssl not found in ${APACHE_MODULE_DIR}`;
  return undefined;
});

export interface ApacheResult {
  /** httpd accepted the configuration (`Syntax OK`, or it started and served). */
  ok: boolean;
  /** httpd's error message (the text after "Syntax error on line N of FILE:"), when it failed. */
  message?: string;
  /** File and 1-based line httpd named (the innermost "Syntax error on line N of FILE"). */
  file?: string;
  line?: number;
  /** Everything httpd printed, the temp directory replaced by "<tmp>". */
  output: string;
  timedOut?: boolean;
}

export interface ApacheCheckOptions {
  /** More directives for the generated main file, before the Include (e.g. `Listen 127.0.0.1:8443`). */
  globals?: string[];
  timeoutMs?: number;
  /** `-D` names for the check (e.g. `DUMP_VHOSTS`: httpd prints its virtual host table). */
  defines?: string[];
}

function mainConfig(serverRoot: string, include: string, tmp: string, globals: string[]): string {
  return [
    `ServerRoot "${serverRoot}"`,
    ...MODULES.filter(([, so]) => fs.existsSync(path.join(APACHE_MODULE_DIR, so))).map(([id, so]) => `LoadModule ${id} ${APACHE_MODULE_DIR}/${so}`),
    `PidFile "${tmp}/httpd.pid"`,
    `ErrorLog "${tmp}/error.log"`,
    `DefaultRuntimeDir "${tmp}"`,
    `Mutex file:${tmp} default`,
    'ServerName localhost',
    ...globals,
    `Include "${include}"`,
    '',
  ].join('\n');
}

/** Parse httpd's output into a result. */
export function parseApacheOutput(status: number | null, output: string, tmp: string): ApacheResult {
  const shown = output.split(tmp).join('<tmp>');
  if (status === 0) return { ok: true, output: shown };
  const res: ApacheResult = { ok: false, output: shown };
  const re = /Syntax error on line (\d+) of ([^:\n]+):/g;
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | undefined;
  while ((m = re.exec(output))) last = m;
  if (last) {
    res.line = Number(last[1]);
    res.file = last[2];
    let rest = output.slice(last.index + last[0].length).replace(/^[ \t]*\n?/, '');
    // Messages from the reader repeat "file:line:" before the text.
    rest = rest.replace(/^\S+:\d+: /, '');
    res.message = rest.split('\n')[0].trim();
  } else {
    res.message = output.split('\n').map((l) => l.trim()).find((l) => l && !/^\[.*\] \[[a-z_]+:(warn|notice|info|debug)\]/.test(l)) ?? output.trim();
  }
  return res;
}

/** `apache2 -t` on `file` (absolute) with ServerRoot `serverRoot`. */
export function apacheCheckFile(serverRoot: string, file: string, options: ApacheCheckOptions = {}): ApacheResult {
  const bin = apacheBinary();
  if (!bin) throw new Error('apache2 not installed');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-httpd-'));
  try {
    const main = path.join(tmp, 'main.conf');
    fs.writeFileSync(main, mainConfig(serverRoot, file, tmp, options.globals ?? []));
    const r = runCommand('/usr/bin/env', ['-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C', bin, '-t', ...(options.defines ?? []).flatMap((d) => ['-D', d]), '-d', serverRoot, '-f', main], { timeoutMs: options.timeoutMs ?? 20_000 });
    const out = parseApacheOutput(r.status, `${r.stderr}${r.stdout}`, tmp);
    if (r.timedOut) out.timedOut = true;
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `apache2 -t` on a text (written to a temp file in its own ServerRoot). */
export function apacheCheckText(text: string, options: ApacheCheckOptions = {}): ApacheResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-httpd-text-'));
  try {
    const file = path.join(dir, 'test.conf');
    fs.writeFileSync(file, text);
    const r = apacheCheckFile(dir, file, options);
    if (r.file === file) r.file = 'test.conf';
    return r;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP port nobody listens on (127.0.0.1), found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start httpd for real (foreground) with `file` included, listening on 127.0.0.1 and a free port; ok
 * when it gets to serving ("resuming normal operations") before `timeoutMs`, not ok when it exits
 * first. It is always stopped (SIGTERM to its pid, then SIGKILL) before this returns. The included
 * configuration must not Listen itself: its <VirtualHost> addresses are rewritten by the caller if needed.
 */
export async function apacheStart(serverRoot: string, file: string, options: ApacheCheckOptions = {}): Promise<ApacheResult> {
  const bin = apacheBinary();
  if (!bin) throw new Error('apache2 not installed');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-httpd-run-'));
  const port = await freePort();
  const main = path.join(tmp, 'main.conf');
  fs.writeFileSync(main, mainConfig(serverRoot, file, tmp, [`Listen 127.0.0.1:${port}`, 'StartServers 1', 'ServerLimit 1', 'ThreadsPerChild 2', 'MaxRequestWorkers 2', 'ThreadLimit 2', 'LogLevel notice', ...(options.globals ?? [])]));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const child = spawn('/usr/bin/env', ['-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C', bin, '-DFOREGROUND', '-d', serverRoot, '-f', main], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b) => (output += String(b)));
  child.stderr.on('data', (b) => (output += String(b)));
  const log = (): string => {
    try {
      return fs.readFileSync(path.join(tmp, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  try {
    const result = await new Promise<{ status: number | null; serving: boolean; timedOut: boolean }>((resolve) => {
      let done = false;
      const finish = (r: { status: number | null; serving: boolean; timedOut: boolean }) => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        resolve(r);
      };
      child.once('exit', (code) => finish({ status: code, serving: false, timedOut: false }));
      const poll = setInterval(() => {
        if (/resuming normal operations/.test(log())) finish({ status: 0, serving: true, timedOut: false });
      }, 100);
      const timer = setTimeout(() => finish({ status: null, serving: false, timedOut: true }), timeoutMs);
    });
    const all = `${output}${log()}`;
    if (result.serving) return { ok: true, output: all.split(tmp).join('<tmp>') };
    const r = parseApacheOutput(result.status === 0 ? 1 : result.status, all, tmp);
    const emerg = all.split('\n').filter((l) => /\[(ssl|core|mpm_event):(emerg|error)\]/.test(l));
    if (!r.line && emerg.length) r.message = emerg.map((l) => l.replace(/^\[[^\]]*\] \[[^\]]*\] \[pid [^\]]*\] /, '')).join(' | ');
    if (result.timedOut) r.timedOut = true;
    return r;
  } finally {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          try {
            if (child.pid) process.kill(child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
          resolve();
        }, 5_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Debian's runtime check: the binary runs at all (`apache2 -v`). */
export function apacheVersion(): string | undefined {
  const bin = apacheBinary();
  if (!bin) return undefined;
  const r = runCommand(bin, ['-v'], { timeoutMs: 10_000 });
  return /Apache\/(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
}
