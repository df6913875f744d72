// The real `nginx -t` as a test oracle, run without touching the system.
//
// `nginx -t` is not read-only: it creates the pid file, opens (creates) every log file, creates the
// temp directories and chowns them to the worker user, and tests the lock file. So it runs in a private
// mount namespace in which /run, /var/log/nginx, /var/lib/nginx and /var/cache/nginx are fresh tmpfs
// mounts; whatever it writes there vanishes with the namespace. It also binds (and closes) every
// listening socket, so it gets a private network namespace too: no clash with ports in use on the host
// or with another test running nginx -t at the same time (names other than localhost do not resolve
// there, which is what tests want anyway):
//   - as root: `unshare --mount --net`;
//   - as another user: `unshare --map-root-user --mount --net` to mount, then a nested user namespace maps
//     the user back to itself, so nginx runs unprivileged (it ignores `user`, chowns nothing) and still
//     finds writable /var/log/nginx etc.
// Its prefix is a private temp directory (`-p`), and `-g` points the pid file and the error log there
// when the configuration does not set them itself. A hard timeout kills it (name resolution can hang).
// Without namespaces the oracle is unavailable, unless TLSLINT_NGINX_ORACLE_UNSAFE=1 runs nginx
// directly (as root that may create /run/nginx.pid and chown temp directories; as another user, paths
// it cannot write show up as errors).
//
// Tests must only name 127.0.0.1 / localhost in proxy_pass, upstream, resolver…: nginx resolves names
// while it checks.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBinary, registerOracleProbe, runCommand } from './oracle';

export interface NginxResult {
  /** nginx -t exited 0. */
  ok: boolean;
  /** The first error nginx printed, without the "[emerg] pid#tid:" prefix and the " in file:line" suffix. */
  message?: string;
  /** File of the error: relative to the checked directory when inside it, else as nginx printed it. */
  file?: string;
  /** 1-based line of the error (nginx counts LF characters). */
  line?: number;
  /** The error is a syntax error of nginx's reader (unexpected "}", unexpected end of file…). */
  syntactic?: boolean;
  /** Warnings nginx printed ([warn] lines, without prefix). */
  warnings: string[];
  /** Everything nginx printed (stderr then stdout), with the temp prefix replaced by "<prefix>". */
  output: string;
  /** nginx was killed by the timeout. */
  timedOut?: boolean;
  /** Modules loaded with -g load_module for this run (e.g. ["stream"]). */
  loadedModules: string[];
}

export interface NginxCheckOptions {
  /**
   * Dynamic modules to load (`stream`, `mail`, `http_geoip`, …, or a path to a .so). By default the
   * oracle loads `stream` / `mail` by itself when nginx reports them as unknown directives and the
   * module is installed.
   */
  modules?: string[];
  /** Kill nginx after this long (default 20 s). */
  timeoutMs?: number;
  /** More main-context directives for -g (e.g. "worker_processes 1;"). */
  globals?: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const NAMESPACE_DIRS = ['/run', '/var/log/nginx', '/var/lib/nginx', '/var/cache/nginx'];
const MODULE_DIRS = ['/usr/lib/nginx/modules', '/usr/share/nginx/modules', '/usr/lib64/nginx/modules', '/usr/local/nginx/modules', '/etc/nginx/modules'];

/** Messages of nginx's configuration reader (ngx_conf_file.c) that mean the text itself is malformed. */
const SYNTACTIC = [
  /^unexpected "[^]*"$/, // unexpected "}" / ";" / "{" / a character after a closing quote
  /^unexpected end of file\b/, // expecting ";" or "}" / expecting "}"
  /^unexpected end of parameter\b/,
  /^too long parameter\b/,
  /^block directives are not supported in -g option$/,
];

/**
 * Whether an nginx error message is a syntax error (the reader stopped) rather than a semantic one
 * (unknown directive, not allowed here, invalid number of arguments, invalid value, is duplicate, host
 * not found, cannot load certificate, has no opening "{", is not terminated by ";"…). The last two need
 * nginx's directive table, so they count as semantic here: a parser cannot know them by syntax alone.
 */
export function isSyntacticNginxMessage(message: string): boolean {
  return SYNTACTIC.some((re) => re.test(message));
}

export type NginxOracleMode = 'namespace' | 'user-namespace' | 'plain' | 'unavailable';
type RunMode = { kind: Exclude<NginxOracleMode, 'unavailable'>; nginx: string } | { kind: 'unavailable'; reason: string };
let modeCache: RunMode | undefined;

/** Shell that mounts a fresh tmpfs over every system directory nginx -t writes to. */
const MOUNT_SCRIPT = `for d in ${NAMESPACE_DIRS.join(' ')}; do if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o mode=1777 tlslint "$d" || exit 97; fi; done; mkdir -p /run/lock`;

/** The command line that runs `nginx args…` in the given mode (exec all the way, so a kill reaches nginx). */
function commandFor(mode: Exclude<NginxOracleMode, 'unavailable'>, nginx: string, args: string[]): [string, string[]] {
  const unshare = findBinary('unshare') ?? 'unshare';
  if (mode === 'namespace') return [unshare, ['--mount', '--net', '--propagation', 'private', 'sh', '-c', `${MOUNT_SCRIPT}; exec "$0" "$@"`, nginx, ...args]];
  if (mode === 'user-namespace') {
    const uid = process.getuid?.() ?? 65534;
    const gid = process.getgid?.() ?? 65534;
    // In its own network namespace an unprivileged nginx may bind ports below 1024, as root could.
    const ports = 'echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || true';
    const inner = `exec "${unshare}" --user --map-user=${uid} --map-group=${gid} "$0" "$@"`;
    return [unshare, ['--map-root-user', '--mount', '--net', 'sh', '-c', `${MOUNT_SCRIPT}; ${ports}; ${inner}`, nginx, ...args]];
  }
  return [nginx, args];
}

/** How nginx can be run here (probed once). */
function runMode(): RunMode {
  if (modeCache) return modeCache;
  const nginx = process.env.TLSLINT_NGINX_BINARY || findBinary('nginx');
  if (!nginx) return (modeCache = { kind: 'unavailable', reason: 'nginx not installed' });
  const isRoot = process.getuid?.() === 0;
  const candidate = isRoot ? 'namespace' : 'user-namespace';
  if (findBinary('unshare')) {
    const [file, args] = commandFor(candidate, findBinary('sh') ?? '/bin/sh', ['-c', 'echo tlslint-ok']);
    const probe = runCommand(file, args, { timeoutMs: 10_000 });
    if (probe.status === 0 && probe.stdout.includes('tlslint-ok')) return (modeCache = { kind: candidate, nginx });
  }
  if (process.env.TLSLINT_NGINX_ORACLE_UNSAFE === '1') return (modeCache = { kind: 'plain', nginx });
  return (modeCache = {
    kind: 'unavailable',
    reason: `nginx is installed but cannot be run in private namespaces (${isRoot ? 'unshare --mount --net' : 'unshare --map-root-user --mount --net'} failed), so nginx -t would write to the system; set TLSLINT_NGINX_ORACLE_UNSAFE=1 to run it anyway`,
  });
}

/** How the nginx oracle runs here. */
export function nginxOracleMode(): NginxOracleMode {
  return runMode().kind;
}

/** Why the nginx oracle cannot be used here, or undefined. */
export function nginxOracleUnavailableReason(): string | undefined {
  const m = runMode();
  return m.kind === 'unavailable' ? m.reason : undefined;
}

registerOracleProbe('nginx', nginxOracleUnavailableReason);

export interface NginxModule {
  /** Short name: "stream" for ngx_stream_module.so, "http_geoip" for ngx_http_geoip_module.so. */
  name: string;
  /** The module's own name, as in nginx's "already loaded" message. */
  id: string;
  path: string;
}

/**
 * Dynamic modules installed for this nginx (the Debian packages put them in /usr/lib/nginx/modules and
 * enable them with load_module lines in /etc/nginx/modules-enabled/*.conf). TLSLINT_NGINX_MODULES_DIR
 * adds a directory (e.g. modules unpacked from a package without installing it).
 */
export function nginxModules(): NginxModule[] {
  const dirs = [process.env.TLSLINT_NGINX_MODULES_DIR, ...MODULE_DIRS].filter((d): d is string => !!d);
  const seen = new Set<string>();
  const out: NginxModule[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of names.sort()) {
      const m = /^ngx_(.+)_module\.so$/.exec(f);
      if (!m || seen.has(m[1])) continue;
      seen.add(m[1]);
      out.push({ name: m[1], id: `ngx_${m[1]}_module`, path: fs.realpathSync(path.join(dir, f)) });
    }
  }
  return out;
}

/** Module paths that /etc/nginx/modules-enabled loads (what the stock nginx.conf includes). */
export function enabledNginxModules(dir = '/etc/nginx/modules-enabled'): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const f of names.sort()) {
    if (!f.endsWith('.conf')) continue;
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, f), 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*load_module\s+"?([^";\s]+)"?\s*;/gm)) out.push(m[1]);
  }
  return out;
}

function resolveModule(spec: string): NginxModule | undefined {
  if (spec.includes('/')) {
    const m = /ngx_(.+)_module\.so$/.exec(path.basename(spec));
    return fs.existsSync(spec) ? { name: m ? m[1] : spec, id: m ? `ngx_${m[1]}_module` : spec, path: spec } : undefined;
  }
  return nginxModules().find((m) => m.name === spec);
}

/** nginx's log entries: a line starting with "nginx: [" or a timestamp begins one; others continue it. */
function logEntries(output: string): { level: string; text: string }[] {
  const entries: { level: string; text: string }[] = [];
  let cur: { level: string; text: string } | undefined;
  for (const line of output.split('\n')) {
    const m = /^(?:nginx: |\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )\[(\w+)\] (?:\d+#\d+: )?([^]*)$/.exec(line);
    if (m) {
      cur = { level: m[1], text: m[2] };
      entries.push(cur);
    } else if (/^nginx: /.test(line)) {
      cur = undefined; // "nginx: configuration file … test failed" and the like
    } else if (cur) {
      cur.text += '\n' + line; // a message holding a line break (e.g. a directive name with one)
    }
  }
  return entries;
}

/** Split nginx's output into its first error, warnings and location. */
export function parseNginxOutput(output: string, exitStatus: number | null, root?: string): Omit<NginxResult, 'output' | 'loadedModules'> {
  const warnings: string[] = [];
  let first: { message: string; file?: string; line?: number } | undefined;
  for (const entry of logEntries(output)) {
    let message = entry.text.replace(/[\r\n]+$/, '');
    let file: string | undefined;
    let line: number | undefined;
    const loc = /^([^]*) in (\S[^\n]*?):(\d+)$/.exec(message);
    if (loc) {
      message = loc[1];
      file = loc[2];
      line = Number(loc[3]);
    }
    if (entry.level === 'warn' || entry.level === 'notice' || entry.level === 'info') {
      warnings.push(message);
      continue;
    }
    if (!first) first = { message, file, line };
  }
  const ok = exitStatus === 0;
  if (ok || !first) {
    return ok ? { ok, warnings } : { ok, warnings, message: output.trim().split('\n').pop() || `nginx exited with ${exitStatus}` };
  }
  let file = first.file;
  if (file && root) {
    const rel = path.relative(root, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) file = rel;
  }
  return { ok, warnings, message: first.message, file, line: first.line, syntactic: isSyntacticNginxMessage(first.message) };
}

function nginxArgs(prefix: string, conf: string, globals: string): string[] {
  const args = ['-t', '-p', prefix.endsWith('/') ? prefix : prefix + '/', '-c', conf];
  if (globals.trim()) args.push('-g', globals.trim());
  return args;
}

const AUTO_MODULES = new Set(['stream', 'mail']);

/**
 * Run `nginx -t` on the configuration `mainFile` of the directory `dir` (its includes resolve relative
 * to `dir`, as with `-c dir/mainFile`). Nothing is written into `dir` or the system; a temp prefix is
 * created and removed. Throws when the oracle is unavailable (see nginxOracleUnavailableReason).
 */
export function nginxCheckTree(dir: string, mainFile = 'nginx.conf', options: NginxCheckOptions = {}): NginxResult {
  const mode = runMode();
  if (mode.kind === 'unavailable') throw new Error(`nginx oracle unavailable: ${mode.reason}`);
  const root = fs.realpathSync(dir);
  const conf = path.resolve(root, mainFile);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-nginx-'));
  try {
    fs.mkdirSync(path.join(prefix, 'logs'));
    // Packaged configs load modules by a path relative to the prefix (`modules/ngx_stream_module.so`):
    // make the installed module directory visible there.
    const installedModules = MODULE_DIRS.find((d) => fs.existsSync(d));
    if (installedModules) fs.symlinkSync(installedModules, path.join(prefix, 'modules'));
    const requested = (options.modules ?? []).map((spec) => {
      const m = resolveModule(spec);
      if (!m) throw new Error(`nginx module "${spec}" is not installed (looked in ${[process.env.TLSLINT_NGINX_MODULES_DIR, ...MODULE_DIRS].filter(Boolean).join(', ')})`);
      return m;
    });
    const state = { pid: true, errorLog: true, modules: requested };
    const tried = new Set<string>();
    for (let attempt = 0; ; attempt++) {
      let globals = '';
      if (state.pid) globals += `pid ${path.join(prefix, 'nginx.pid')}; `;
      if (state.errorLog) globals += `error_log ${path.join(prefix, 'error.log')}; `;
      for (const m of state.modules) globals += `load_module ${m.path}; `;
      if (options.globals) globals += options.globals;
      const key = globals;
      if (tried.has(key) || attempt > 8) throw new Error(`nginx oracle: no working -g combination for ${conf}`);
      tried.add(key);

      const args = nginxArgs(prefix, conf, globals);
      const [file, argv] = commandFor(mode.kind, mode.nginx, args);
      const run = runCommand(file, argv, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, cwd: prefix });
      const output = (run.stderr + run.stdout).split(prefix).join('<prefix>');
      const loadedModules = state.modules.map((m) => m.name);
      if (run.timedOut) {
        return { ok: false, message: `nginx -t timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, warnings: [], output, timedOut: true, loadedModules };
      }
      if (run.status === 97) throw new Error(`nginx oracle: could not mount a private tmpfs: ${run.stderr}`);
      const parsed = parseNginxOutput(run.stderr + run.stdout, run.status, root);
      if (!parsed.ok && parsed.message) {
        // The configuration sets what -g also set: let it have its own.
        if (/^"pid" directive is duplicate$/.test(parsed.message) && state.pid) {
          state.pid = false;
          continue;
        }
        if (/^"error_log" directive is duplicate$/.test(parsed.message) && state.errorLog) {
          state.errorLog = false;
          continue;
        }
        const loaded = /^module "([^"]+)" is already loaded$/.exec(parsed.message);
        if (loaded && state.modules.some((m) => m.id === loaded[1])) {
          state.modules = state.modules.filter((m) => m.id !== loaded[1]);
          continue;
        }
        // `stream {}` / `mail {}` need their dynamic module: load it when installed.
        const unknown = /^unknown directive "([^"]+)"$/.exec(parsed.message);
        if (unknown && options.modules === undefined && AUTO_MODULES.has(unknown[1]) && !state.modules.some((m) => m.name === unknown[1])) {
          const m = resolveModule(unknown[1]);
          if (m) {
            state.modules = [...state.modules, m];
            continue;
          }
        }
      }
      const result: NginxResult = { ...parsed, output, loadedModules };
      return result;
    }
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

/**
 * Run `nginx -t` on a set of files written into a private temp directory (`files` maps relative paths
 * to contents; `mainFile` is the one given to -c). `prepare` may add files (certificates…) first.
 */
export function nginxCheckFiles(files: Record<string, string>, mainFile = 'nginx.conf', options: NginxCheckOptions & { prepare?: (dir: string) => void } = {}): NginxResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-nginx-conf-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      const p = path.join(dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    options.prepare?.(dir);
    return nginxCheckTree(dir, mainFile, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Run `nginx -t` on one configuration text (as nginx.conf in a private temp directory). */
export function nginxCheckConfig(text: string, options: NginxCheckOptions & { prepare?: (dir: string) => void } = {}): NginxResult {
  return nginxCheckFiles({ 'nginx.conf': text }, 'nginx.conf', options);
}

let certCache: { cert: string; key: string } | undefined;

/**
 * Write a throwaway self-signed certificate and its key for localhost (RSA 2048, 2 days) into `dir` as
 * `<name>.crt` and `<name>.key`; returns their paths. One pair is generated per process (openssl req
 * -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost) and copied for later calls.
 */
export function makeTestCertificate(dir: string, name = 'test'): { cert: string; key: string } {
  if (!certCache) {
    const openssl = findBinary('openssl');
    if (!openssl) throw new Error('openssl not installed: cannot make a test certificate');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-cert-'));
    try {
      const certPath = path.join(tmp, 'cert.pem');
      const keyPath = path.join(tmp, 'key.pem');
      const run = runCommand(
        openssl,
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
        { timeoutMs: 60_000, cwd: tmp },
      );
      if (run.status !== 0) throw new Error(`openssl req failed: ${run.stderr || run.error}`);
      certCache = { cert: fs.readFileSync(certPath, 'utf8'), key: fs.readFileSync(keyPath, 'utf8') };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  fs.writeFileSync(cert, certCache.cert);
  fs.writeFileSync(key, certCache.key, { mode: 0o600 });
  return { cert, key };
}
