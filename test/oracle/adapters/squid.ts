// The Squid adapter of the ground-truth harness: a generated squid.conf (pid file, cache log and
// coredump directory inside the private prefix, no access log, no cache directory, no plain http_port
// of ours) that includes the corpus case, run as `squid -N -f <prefix>/squid.conf` (no daemon, one
// process) in its own process group. Squid drops root privileges to cache_effective_user; the prefix is
// made readable and its log directory writable for that user. The case brings its own
// `https_port 127.0.0.1:{{portN}} tls-cert=…` lines (an accelerator port: `accel defaultsite=…`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/host/nodeFs';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { Workspace } from '../../../server/src/engine/model/workspace';
import { squidPrediction } from '../../../server/src/host/probeCompare';
import { squid } from '../../../server/src/engine/model/squid/policy';
import { expandCipherString } from '../../../server/src/engine/tls/ciphers/expand';
import { findBinary, registerOracleProbe, runCommand } from '../../helpers/oracle';
import { startProcess, type ServerAdapter } from '../harness';

const CORPUS = path.resolve(__dirname, '../../../../test/oracle/corpus/squid');

function squidBinary(): string {
  return process.env.TLSLINT_SQUID_BINARY || findBinary('squid') || 'squid';
}

export function squidBuild(): { squid: string; openssl: string } {
  const v = runCommand(squidBinary(), ['-v'], { timeoutMs: 10_000 });
  const squid = /Version (\d+\.\d+(?:\.\d+)?)/.exec(v.stdout)?.[1] ?? '5.7';
  const o = runCommand('openssl', ['version'], { timeoutMs: 10_000 });
  const openssl = /OpenSSL (\d+\.\d+\.\d+)/.exec(o.stdout)?.[1] ?? '3.0.0';
  return { squid, openssl };
}

let build: { squid: string; openssl: string } | undefined;

// Running Squid needs only the binary, built with OpenSSL (Debian's squid-openssl; plain `squid` cannot
// serve https_port), not the mount namespace `squid -k parse` tests use.
registerOracleProbe('squid-server', () => {
  const bin = findBinary(squidBinary());
  if (!bin) return 'squid not installed (Debian: apt-get install squid-openssl)';
  const v = runCommand(bin, ['-v'], { timeoutMs: 10_000 });
  if (!/--with-openssl/.test(v.stdout)) return `${bin} is built without OpenSSL (Debian: install squid-openssl)`;
  return undefined;
});

function mainConfig(prefix: string): string {
  const logs = path.join(prefix, 'logs');
  return [
    '# written by test/oracle/adapters/squid.ts',
    `pid_filename ${logs}/squid.pid`,
    `cache_log ${logs}/cache.log`,
    'access_log none',
    'cache_store_log none',
    `coredump_dir ${logs}`,
    'netdb_filename none',
    'cache deny all',
    'cache_mem 1 MB',
    'shutdown_lifetime 0 seconds',
    'http_access allow all',
    `include ${prefix}/conf/case.conf`,
    '',
  ].join('\n');
}

let instances = 0;

/** The shared memory segments of a Squid service name (a Squid that did not exit cleanly leaves them). */
function removeSegments(service: string): void {
  const dir = '/dev/shm';
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // no /dev/shm: no segments there
  }
  for (const n of names) if (n.startsWith(`${service}-`)) fs.rmSync(path.join(dir, n), { force: true });
}

export const squidAdapter: ServerAdapter = {
  dialect: 'squid',
  oracle: 'squid-server',
  corpusDir: CORPUS,
  write(prefix, body) {
    for (const d of ['conf', 'logs']) fs.mkdirSync(path.join(prefix, d), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conf', 'case.conf'), body);
    const root = path.join(prefix, 'squid.conf');
    fs.writeFileSync(root, mainConfig(prefix));
    // Squid writes its log as cache_effective_user once it drops root.
    fs.chmodSync(prefix, 0o755);
    fs.chmodSync(path.join(prefix, 'logs'), 0o777);
    return root;
  },
  async start(prefix, rootFile, ports) {
    // Squid names its shared memory segments (/dev/shm/<service>-tls_session_cache.shm, -cf__*.shm) after
    // its service name, "squid" unless -n says otherwise: two instances of one name at once (tests run
    // in parallel) collide ("shm_open(/squid-tls_session_cache.shm): (17) File exists"). Each instance
    // gets a name of its own, and its segments go with it (a killed Squid leaves them behind).
    const service = `tlslint${process.pid}n${++instances}`;
    const server = await startProcess(squidBinary(), ['-N', '-n', service, '-f', rootFile], {
      ports,
      logFile: path.join(prefix, 'logs', 'cache.log'),
      timeoutMs: 20_000,
      // A graceful Squid shutdown takes two seconds even with shutdown_lifetime 0; what it would clean up
      // (the prefix, the segments below) is removed here, so the group is killed outright.
      stopSignal: 'SIGKILL',
      // Squid says which sockets it accepts on: every port must be its own (not another process's).
      ready: (log) => ports.every((p) => new RegExp(`Accepting .*HTTPS Socket connections at \\S+ local=127\\.0\\.0\\.1:${p} `).test(log)),
    }).catch((e: unknown) => {
      removeSegments(service);
      throw e;
    });
    return {
      log: () => server.log(),
      stop: async () => {
        await server.stop();
        removeSegments(service);
      },
    };
  },
  predict(rootFile, host, port) {
    return squidPrediction(workspaceOf(rootFile), host, port);
  },
  predictStartFailure(rootFile) {
    // "Failed to set SSL cipher suite" then "FATAL: HTTPS_port … initialization error".
    for (const p of squid(workspaceOf(rootFile)).flatMap((x) => x.ports)) {
      if (p.kind === 'https_port' && p.cipher && expandCipherString(p.ciphers.value).noCipherMatch) return `cipher=${p.ciphers.value} selects no suite`;
    }
    return undefined;
  },
};

function workspaceOf(rootFile: string): Workspace {
  build ??= squidBuild();
  const settings = normalizeSettings({ securityLevel: 2, targets: { squid: build.squid, openssl: build.openssl } });
  return new Workspace({ fs: new NodeFileSystem(), settings, files: [rootFile], dialect: 'squid' });
}
