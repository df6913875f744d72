// Generates hosting-style configuration trees for the benchmarks: N TLS virtual hosts of one dialect,
// spread over files reached through includes, all pointing at a handful of real certificates made
// with openssl. The first site file is sized to about 2,000 lines: the LSP benchmark edits it.
//
//   node bench/generate.mjs <nginx|apache|squid> <N> [outDir]     (default outDir: bench/trees/<dialect>-<N>)
//
// Layouts follow the packages: nginx  nginx/nginx.conf + snippets/ + sites-enabled/*.conf;
// Apache (Debian)  apache2/apache2.conf + mods-enabled/ + sites-enabled/*.conf with <VirtualHost *:443>;
// Squid  squid/squid.conf including conf.d/*.conf of https_port lines and TLS cache_peers
// (for Squid a "vhost" is one https_port plus one peer).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;

/** Lines per generated unit, by dialect (for sizing the first file to ~2,000 lines). */
const FIRST_FILE_LINES = 2000;
const UNITS_PER_FILE = 40;
export const CERT_COUNT = 4;

const CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305',
  'HIGH:!aNULL:!MD5',
  'EECDH+AESGCM:EDH+AESGCM',
  'ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL',
];

/** A handful of real certificates (EC P-256, a private CA), made once and kept in bench/trees/certs. */
export function ensureCertificates(dir = join(here, 'trees', 'certs')) {
  if (existsSync(join(dir, `cert${CERT_COUNT - 1}.pem`))) return dir;
  mkdirSync(dir, { recursive: true });
  const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ecKey = (name) => run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  ecKey('ca.key');
  run('req', '-x509', '-new', '-key', 'ca.key', '-days', '3650', '-subj', '/CN=tlslint Bench CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.pem');
  for (let i = 0; i < CERT_COUNT; i++) {
    ecKey(`key${i}.pem`);
    run('req', '-new', '-key', `key${i}.pem`, '-subj', `/CN=bench${i}.example.test`, '-out', `c${i}.csr`);
    writeFileSync(join(dir, `c${i}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:*.example.test,DNS:example.test\n`);
    run('x509', '-req', '-in', `c${i}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '825', '-extfile', `c${i}.ext`, '-out', `leaf${i}.pem`);
    // Leaf followed by the CA: a complete chain for the benchmark's extraTrustedCertificates.
    execFileSync('sh', ['-c', `cat leaf${i}.pem ca.pem > cert${i}.pem`], { cwd: dir });
  }
  return dir;
}

// ---- one unit (virtual host / port) per dialect ----

function nginxServer(i) {
  const c = i % CERT_COUNT;
  return `server {
    listen 443 ssl;
    listen [::]:443 ssl;
    http2 on;
    server_name s${i}.example.test www.s${i}.example.test;
    ssl_certificate tls/cert${c}.pem;
    ssl_certificate_key tls/key${c}.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ${CIPHERS[i % CIPHERS.length]};
    ssl_prefer_server_ciphers off;
    include snippets/tls-common.conf;
    add_header Strict-Transport-Security "max-age=63072000" always;
    root /srv/www/s${i};
    access_log /var/log/nginx/s${i}.access.log;
    location / {
        try_files $uri $uri/ =404;
    }
    location /api/ {
        proxy_pass https://backend${i % 50}.internal.example.test;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate tls/ca.pem;
        proxy_ssl_server_name on;
    }
}
`;
}

function apacheVhost(i) {
  const c = i % CERT_COUNT;
  return `<VirtualHost *:443>
    ServerName s${i}.example.test
    ServerAlias www.s${i}.example.test
    DocumentRoot /srv/www/s${i}
    SSLEngine on
    SSLCertificateFile tls/cert${c}.pem
    SSLCertificateKeyFile tls/key${c}.pem
    SSLProtocol -all +TLSv1.2 +TLSv1.3
    SSLCipherSuite ${CIPHERS[i % CIPHERS.length]}
    SSLHonorCipherOrder off
    Include snippets/tls-common.conf
    Header always set Strict-Transport-Security "max-age=63072000"
    CustomLog /var/log/apache2/s${i}.access.log combined
    SSLProxyEngine on
    SSLProxyVerify require
    SSLProxyCACertificateFile tls/ca.pem
    <Location /api/>
        ProxyPass https://backend${i % 50}.internal.example.test/
    </Location>
    <Directory /srv/www/s${i}>
        Require all granted
    </Directory>
</VirtualHost>
`;
}

function squidUnit(i, dir) {
  const c = i % CERT_COUNT;
  const tls = join(dir, 'tls');
  return `# unit ${i}
https_port ${10000 + i} tls-cert=${tls}/cert${c}.pem tls-key=${tls}/key${c}.pem tls-min-version=1.2 tls-options=NO_TICKET cipher=${CIPHERS[i % CIPHERS.length]}
cache_peer backend${i}.internal.example.test parent 443 0 no-query originserver name=peer${i} tls tls-cafile=${tls}/ca.pem tls-min-version=1.2
acl site${i} dstdomain s${i}.example.test
cache_peer_access peer${i} allow site${i}
`;
}

const DIALECTS = {
  nginx: {
    confDir: 'nginx',
    unit: (i) => nginxServer(i),
    siteFile: (k) => `sites-enabled/site${String(k).padStart(4, '0')}.conf`,
    main: () => `user www-data;
worker_processes auto;
pid /run/nginx.pid;
events {
    worker_connections 768;
}
http {
    sendfile on;
    include mime.types;
    default_type application/octet-stream;
    ssl_session_cache shared:SSL:10m;
    resolver 127.0.0.53;
    include conf.d/*.conf;
    include sites-enabled/*.conf;
}
`,
    extra: () => ({
      'mime.types': 'types {\n    text/html html htm;\n    text/css css;\n    application/javascript js;\n}\n',
      'conf.d/security.conf': 'server_tokens off;\n',
      'snippets/tls-common.conf': 'ssl_session_timeout 1d;\nssl_session_tickets off;\nssl_stapling on;\nssl_stapling_verify on;\nssl_trusted_certificate tls/ca.pem;\n',
    }),
  },
  apache: {
    confDir: 'apache2',
    unit: (i) => apacheVhost(i),
    siteFile: (k) => `sites-enabled/site${String(k).padStart(4, '0')}.conf`,
    main: (dir) => `ServerRoot "${dir}"
DefaultRuntimeDir /run/apache2
PidFile /run/apache2/apache2.pid
Timeout 300
User www-data
Group www-data
ErrorLog /var/log/apache2/error.log
LogLevel warn
IncludeOptional mods-enabled/*.load
IncludeOptional mods-enabled/*.conf
Include ports.conf
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
IncludeOptional conf-enabled/*.conf
IncludeOptional sites-enabled/*.conf
`,
    extra: () => ({
      'ports.conf': 'Listen 80\n<IfModule ssl_module>\n    Listen 443\n</IfModule>\n',
      'mods-enabled/ssl.load': 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n',
      'mods-enabled/headers.load': 'LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n',
      'mods-enabled/proxy.load': 'LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\n',
      'mods-enabled/ssl.conf': '<IfModule mod_ssl.c>\n    SSLRandomSeed startup builtin\n    SSLSessionCache shmcb:/run/apache2/ssl_scache(512000)\n    SSLStaplingCache shmcb:/run/apache2/ssl_stapling(32768)\n</IfModule>\n',
      'conf-enabled/security.conf': 'ServerTokens Prod\nServerSignature Off\n',
      'snippets/tls-common.conf': 'SSLSessionTickets off\nSSLUseStapling on\nSSLCompression off\n',
    }),
  },
  squid: {
    confDir: 'squid',
    unit: (i, dir) => squidUnit(i, dir),
    siteFile: (k) => `conf.d/ports${String(k).padStart(4, '0')}.conf`,
    main: (dir) => `# squid.conf (generated)
acl localnet src 10.0.0.0/8
acl SSL_ports port 443
http_access deny !SSL_ports
http_access allow localnet
http_access deny all
tls_outgoing_options min-version=1.2 options=NO_SSLv3 cafile=${dir}/tls/ca.pem
sslcrtd_program /usr/lib/squid/security_file_certgen -s /var/lib/squid/ssl_db -M 4MB
include ${dir}/conf.d/*.conf
`,
    extra: () => ({}),
  },
};

/** Lines of one unit, to size the first site file. */
function unitLines(dialect) {
  return DIALECTS[dialect].unit(0, '/x').split('\n').length - 1;
}

/**
 * Write the tree; returns { dir, root, editFile, files, lines, units }. `dir` is the workspace folder,
 * `root` the entry point, `editFile` the ~2,000-line file the LSP benchmark edits.
 */
export function generateTree(dialect, n, outDir = join(here, 'trees', `${dialect}-${n}`)) {
  const d = DIALECTS[dialect];
  if (!d) throw new Error(`unknown dialect ${dialect}`);
  const certs = ensureCertificates();
  rmSync(outDir, { recursive: true, force: true });
  const conf = join(outDir, d.confDir);
  const write = (rel, text) => {
    const p = join(conf, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    lines += text.split('\n').length - 1;
    files++;
    return p;
  };
  let lines = 0;
  let files = 0;
  mkdirSync(join(conf, 'tls'), { recursive: true });
  for (let i = 0; i < CERT_COUNT; i++) {
    copyFileSync(join(certs, `cert${i}.pem`), join(conf, 'tls', `cert${i}.pem`));
    copyFileSync(join(certs, `key${i}.pem`), join(conf, 'tls', `key${i}.pem`));
  }
  copyFileSync(join(certs, 'ca.pem'), join(conf, 'tls', 'ca.pem'));
  const root = write(dialect === 'nginx' ? 'nginx.conf' : dialect === 'apache' ? 'apache2.conf' : 'squid.conf', d.main(conf));
  for (const [rel, text] of Object.entries(d.extra())) write(rel, text);
  const firstCount = Math.max(1, Math.round(FIRST_FILE_LINES / unitLines(dialect)));
  let editFile;
  for (let i = 0, k = 0; i < n; k++) {
    const count = Math.min(n - i, k === 0 ? firstCount : UNITS_PER_FILE);
    let text = '';
    for (let j = 0; j < count; j++) text += d.unit(i + j, conf);
    const p = write(d.siteFile(k), text);
    if (k === 0) editFile = p;
    i += count;
  }
  return { dialect, dir: outDir, root, editFile, files, lines, units: n, caFile: join(conf, 'tls', 'ca.pem') };
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const [dialect = 'nginx', n = '1000', out] = process.argv.slice(2);
  const t = generateTree(dialect, Number(n), out);
  console.log(`${t.dialect}: ${t.units} units, ${t.files} files, ${t.lines} lines in ${t.dir} (edit file ${t.editFile})`);
}
