// The nginx adapter of the ground-truth harness: a main config of our own (single process, no daemon,
// pid, logs and temp paths inside the private prefix) that includes the corpus case, run as
// `nginx -p <prefix> -e <log> -c conf/nginx.conf` in its own process group on 127.0.0.1.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/host/nodeFs';
import { normalizeSettings } from '../../../server/src/engine/settings';
import { Workspace } from '../../../server/src/engine/model/workspace';
import { socketFor } from '../../../server/src/engine/model/negotiation';
import { nginxPrediction } from '../../../server/src/host/probeCompare';
import { nginxPolicies, originText } from '../../../server/src/engine/model/nginxPolicy';
import { findBinary, runCommand } from '../../helpers/oracle';
import { startProcess, type ServerAdapter } from '../harness';

const CORPUS = path.resolve(__dirname, '../../../../test/oracle/corpus/nginx');

function nginxBinary(): string {
  return process.env.TLSLINT_NGINX_BINARY || findBinary('nginx') || 'nginx';
}

/** The versions this machine's nginx and OpenSSL report: the build the prediction is pinned to. */
export function nginxBuild(): { nginx: string; openssl: string } {
  const r = runCommand(nginxBinary(), ['-V'], { timeoutMs: 10_000 });
  const text = r.stderr + r.stdout;
  const nginx = /nginx\/(\d+\.\d+\.\d+)/.exec(text)?.[1] ?? '1.22.1';
  const openssl = /running with OpenSSL (\d+\.\d+\.\d+)/.exec(text)?.[1] ?? /built with OpenSSL (\d+\.\d+\.\d+)/.exec(text)?.[1] ?? '3.0.0';
  return { nginx, openssl };
}

let build: { nginx: string; openssl: string } | undefined;

function mainConfig(prefix: string): string {
  const tmp = path.join(prefix, 'tmp');
  return [
    '# written by test/oracle/adapters/nginx.ts',
    'master_process off;',
    'daemon off;',
    `pid ${path.join(prefix, 'logs', 'nginx.pid')};`,
    `error_log ${path.join(prefix, 'logs', 'error.log')} info;`,
    'events { worker_connections 256; }',
    'http {',
    '    access_log off;',
    `    client_body_temp_path ${tmp}/body;`,
    `    proxy_temp_path ${tmp}/proxy;`,
    `    fastcgi_temp_path ${tmp}/fastcgi;`,
    `    uwsgi_temp_path ${tmp}/uwsgi;`,
    `    scgi_temp_path ${tmp}/scgi;`,
    '    include case.conf;',
    '}',
    '',
  ].join('\n');
}

export const nginxAdapter: ServerAdapter = {
  dialect: 'nginx',
  oracle: 'nginx',
  corpusDir: CORPUS,
  write(prefix, body) {
    fs.mkdirSync(path.join(prefix, 'conf'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
    fs.mkdirSync(path.join(prefix, 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(prefix, 'conf', 'case.conf'), body);
    const root = path.join(prefix, 'conf', 'nginx.conf');
    fs.writeFileSync(root, mainConfig(prefix));
    return root;
  },
  start(prefix, rootFile, ports) {
    const log = path.join(prefix, 'logs', 'error.log');
    return startProcess(nginxBinary(), ['-p', prefix + '/', '-e', log, '-c', rootFile], { ports, logFile: log });
  },
  predict(rootFile, host, port, sni) {
    const ws = workspaceOf(rootFile);
    const socket = socketFor(ws, host, port);
    if (!socket) return `no TLS listener for ${host}:${port}`;
    return nginxPrediction(ws, socket, sni);
  },
  predictStartFailure(rootFile) {
    // nginx refuses a configuration whose cipher string or Ciphersuites value OpenSSL rejects.
    for (const s of nginxPolicies(workspaceOf(rootFile)).servers) {
      if (!s.tls) continue;
      if (s.suites.noCipherMatch || s.suites.errors.length) return `ssl_ciphers "${s.ciphers.value}" selects no suite (${originText(s.ciphers)})`;
      if (s.tls13Ciphers && s.tls13Suites.noCipherMatch && s.tls13Ciphers.value !== '') return `Ciphersuites "${s.tls13Ciphers.value}" selects no suite`;
    }
    return undefined;
  },
};

function workspaceOf(rootFile: string): Workspace {
  build ??= nginxBuild();
  // Pinned to the build under test: its versions, and Debian's default security level 2.
  const settings = normalizeSettings({ securityLevel: 2, targets: { nginx: build.nginx, openssl: build.openssl } });
  return new Workspace({ fs: new NodeFileSystem(), settings, files: [rootFile] });
}
