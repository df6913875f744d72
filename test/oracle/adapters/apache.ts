// The Apache httpd adapter of the ground-truth harness: a generated main config (ServerRoot, pid file,
// error log, runtime directory and mutexes inside the private prefix; mpm_event, mod_ssl and
// socache_shmcb loaded; one small child process) that includes the corpus case, run in the foreground as
// `apache2 -DFOREGROUND -d <prefix> -f conf/httpd.conf` with a clean environment (nothing of /etc/apache2
// is read) in its own process group. The case brings its own `Listen 127.0.0.1:{{portN}}` lines.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/host/nodeFs';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { Workspace } from '../../../server/src/engine/model/workspace';
import { apachePrediction } from '../../../server/src/host/probeCompare';
import { apachePolicies, modSslCipherString } from '../../../server/src/engine/model/apache/policy';
import { expandCipherString, expandCiphersuites } from '../../../server/src/engine/tls/ciphers/expand';
import { runCommand } from '../../helpers/oracle';
import { APACHE_MODULE_DIR, apacheBinary } from '../../helpers/apacheOracle';
import { startProcess, type ServerAdapter } from '../harness';

const CORPUS = path.resolve(__dirname, '../../../../test/oracle/corpus/apache');
const MODULES: [string, string][] = [
  ['mpm_event_module', 'mod_mpm_event.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  ['socache_shmcb_module', 'mod_socache_shmcb.so'],
  ['ssl_module', 'mod_ssl.so'],
];

/** The versions this machine's httpd and its OpenSSL report (mod_ssl logs the OpenSSL it runs with). */
export function apacheBuild(): { apache: string; openssl: string } {
  const bin = apacheBinary() ?? 'apache2';
  const v = runCommand(bin, ['-v'], { timeoutMs: 10_000 });
  const apache = /Apache\/(\d+\.\d+\.\d+)/.exec(v.stdout)?.[1] ?? '2.4.62';
  const o = runCommand('openssl', ['version'], { timeoutMs: 10_000 });
  const openssl = /OpenSSL (\d+\.\d+\.\d+)/.exec(o.stdout)?.[1] ?? '3.0.0';
  return { apache, openssl };
}

let build: { apache: string; openssl: string } | undefined;

function mainConfig(prefix: string): string {
  const run = path.join(prefix, 'run');
  return [
    '# written by test/oracle/adapters/apache.ts',
    `ServerRoot "${prefix}"`,
    ...MODULES.map(([id, so]) => `LoadModule ${id} ${APACHE_MODULE_DIR}/${so}`),
    `PidFile "${run}/httpd.pid"`,
    `ErrorLog "${prefix}/logs/error.log"`,
    'LogLevel info',
    `DefaultRuntimeDir "${run}"`,
    `Mutex file:${run} default`,
    `SSLSessionCache "shmcb:${run}/ssl_scache(512000)"`,
    'ServerName localhost',
    'StartServers 1',
    'ServerLimit 1',
    'ThreadLimit 4',
    'ThreadsPerChild 4',
    'MaxRequestWorkers 4',
    'Include conf/case.conf',
    '',
  ].join('\n');
}

export const apacheAdapter: ServerAdapter = {
  dialect: 'apache',
  oracle: 'apache2',
  corpusDir: CORPUS,
  write(prefix, body) {
    for (const d of ['conf', 'logs', 'run']) fs.mkdirSync(path.join(prefix, d), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conf', 'case.conf'), body);
    const root = path.join(prefix, 'conf', 'httpd.conf');
    fs.writeFileSync(root, mainConfig(prefix));
    return root;
  },
  start(prefix, rootFile, ports) {
    const bin = apacheBinary() ?? 'apache2';
    return startProcess('/usr/bin/env', ['-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C', bin, '-DFOREGROUND', '-d', prefix, '-f', rootFile], {
      ports,
      logFile: path.join(prefix, 'logs', 'error.log'),
      // httpd listens before mod_ssl's post_config checks (and may still exit): wait for AH00489.
      ready: (log) => /resuming normal operations/.test(log),
    });
  },
  predict(rootFile, host, port, sni) {
    return apachePrediction(workspaceOf(rootFile), host, port, sni);
  },
  predictStartFailure(rootFile) {
    // mod_ssl refuses to start when OpenSSL rejects a vhost's cipher string or TLS 1.3 suites.
    for (const v of apachePolicies(workspaceOf(rootFile)).vhosts) {
      if (!v.tls) continue;
      // mod_ssl: "No SSL protocols available [hint: SSLProtocol]".
      if (v.protocolTokens && !v.protocolTokens.listed.length) return `SSLProtocol "${v.protocolTokens.tokens.map((t) => t.arg.text).join(' ')}" enables no version`;
      // SSLCipherSuite is applied even when an SSLOpenSSLConfCmd CipherString replaces it afterwards.
      for (const c of [v.cipherSuite, v.ciphers]) {
        if (c && expandCipherString(modSslCipherString(c)).noCipherMatch) return `cipher string "${c.value}" selects no suite`;
      }
      if (v.tls13Ciphers && v.tls13Ciphers.value !== '' && expandCiphersuites(v.tls13Ciphers.value).noCipherMatch) return `TLS 1.3 suites "${v.tls13Ciphers.value}" select none`;
    }
    return undefined;
  },
};

function workspaceOf(rootFile: string): Workspace {
  build ??= apacheBuild();
  // Pinned to the build under test: its versions, and Debian's default security level 2.
  const settings = normalizeSettings({ securityLevel: 2, targets: { apache: build.apache, openssl: build.openssl } });
  return new Workspace({ fs: new NodeFileSystem(), settings, files: [rootFile], dialect: 'apache' });
}
