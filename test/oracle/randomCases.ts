// Seeded random nginx cases for the oracle: protocol sets, cipher strings built from aliases, suite
// names and operators, security levels, server order, certificate types, DH parameters and TLS 1.3
// suites, ssl_conf_command bounds and options; one server on one port, or two sharing it (SNI). Same
// seed, same cases.

import type { OracleCase } from './harness';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'HIGH', 'MEDIUM', 'ALL', 'DEFAULT', 'ECDHE', 'EECDH', 'DHE', 'EDH', 'kRSA', 'aRSA', 'aECDSA', 'ECDSA', 'RSA', 'AESGCM', 'AES128',
  'AES256', 'CHACHA20', 'CAMELLIA', 'ARIA', 'AESCCM', 'SHA1', 'SHA256', 'SHA384', 'AEAD', 'CBC', 'TLSv1.2', 'TLSv1', 'SSLv3', 'aNULL', 'eNULL',
  'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305', 'AES128-SHA', 'AES256-GCM-SHA384',
  'DHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-CAMELLIA128-SHA256',
];
const JOINED = ['ECDHE+AESGCM', 'ECDHE+CHACHA20', 'DHE+AES128', 'kRSA+AES256', 'aECDSA+SHA1', 'ECDHE+aRSA+SHA256'];
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256'];
const VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export function randomCases(count: number, seed: number): OracleCase[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: OracleCase[] = [];
  const serverBlock = (name: string, extra: string[]): string[] => {
    let protocols = VERSIONS.filter(() => r() < 0.5);
    if (!protocols.length) protocols = [pick(VERSIONS)];
    const n = 1 + Math.floor(r() * 5);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) {
      const op = j === 0 ? '' : pick(['', '', '', '!', '-', '+']);
      parts.push(op + (r() < 0.2 ? pick(JOINED) : pick(WORDS)));
    }
    if (r() < 0.2) parts.push('@STRENGTH');
    const level = pick(['', '', '@SECLEVEL=0', '@SECLEVEL=1', '@SECLEVEL=0']);
    if (level) parts.push(level);
    const cert = pick(['rsa', 'ec', 'both']);
    return [
      'server {',
      '    listen 127.0.0.1:{{port0}} ssl;',
      `    server_name ${name};`,
      ...extra,
      ...(cert !== 'ec' ? ['    ssl_certificate {{certs}}/test.crt;', '    ssl_certificate_key {{certs}}/test.key;'] : []),
      ...(cert !== 'rsa' ? ['    ssl_certificate {{certs}}/chain-ok.pem;', '    ssl_certificate_key {{certs}}/leaf.key;'] : []),
      ...(r() < 0.9 ? [`    ssl_protocols ${protocols.join(' ')};`] : []),
      ...(r() < 0.9 ? [`    ssl_ciphers '${parts.join(':')}';`] : []),
      ...(r() < 0.5 ? ['    ssl_prefer_server_ciphers on;'] : []),
      ...(r() < 0.3 ? ['    ssl_dhparam {{certs}}/dh2048.pem;'] : []),
      ...(r() < 0.3 ? [`    ssl_conf_command Ciphersuites ${TLS13.filter(() => r() < 0.6).join(':') || pick(TLS13)};`] : []),
      ...(r() < 0.15 ? [`    ssl_conf_command ${pick(['MinProtocol', 'MaxProtocol'])} ${pick(VERSIONS)};`] : []),
      ...(r() < 0.15 ? [`    ssl_conf_command Options ${pick(['ServerPreference', '-ServerPreference', 'SessionTicket,ServerPreference'])};`] : []),
      '}',
    ];
  };
  for (let i = 0; i < count; i++) {
    // Most cases: one server. Some: two on one socket (SNI picks; the default decides the version).
    const two = r() < 0.35;
    const lines = [`# about: random case ${i} of seed ${seed}`, `# probe: 0 -${two ? ' a.example.test b.example.test' : ''}`, ...serverBlock('a.example.test', [])];
    if (two) lines.push(...serverBlock(pick(['b.example.test', '*.example.test', '.example.test']), r() < 0.3 ? [] : []));
    if (two && r() < 0.3) lines[lines.indexOf('    listen 127.0.0.1:{{port0}} ssl;', 3)] = '    listen 127.0.0.1:{{port0}} ssl default_server;';
    const about = lines.filter((l) => /ssl_(protocols|ciphers)/.test(l)).map((l) => l.trim()).join(' ');
    out.push({ name: `random-${seed}-${i}`, about: `random case ${i}: ${about}`, body: lines.join('\n') + '\n', ports: 1, probes: [{ port: 0, names: two ? [null, 'a.example.test', 'b.example.test'] : [null] }] });
  }
  return out;
}

const APACHE_PROTOCOL_WORDS = ['all', '-all', '+all', 'TLSv1', '+TLSv1', '-TLSv1', '+TLSv1.1', '-TLSv1.1', 'TLSv1.2', '+TLSv1.2', '-TLSv1.2', '+TLSv1.3', '-TLSv1.3', 'TLSv1.3'];

/**
 * Seeded random Apache httpd cases: SSLProtocol words with +/-, cipher strings as for nginx (mod_ssl
 * appends its exclusions), SSLHonorCipherOrder, SSLCipherSuite TLSv1.3, SSLOpenSSLConfCmd bounds, options
 * and CipherString, certificate types; one vhost, or two name-based ones on the port (SNI).
 */
export function randomApacheCases(count: number, seed: number): OracleCase[] {
  const r = rng(seed * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const cipherString = (): string => {
    const n = 1 + Math.floor(r() * 5);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push((j === 0 ? '' : pick(['', '', '', '!', '-', '+'])) + (r() < 0.2 ? pick(JOINED) : pick(WORDS)));
    if (r() < 0.2) parts.push('@STRENGTH');
    const level = pick(['', '', '@SECLEVEL=0', '@SECLEVEL=1', '@SECLEVEL=0']);
    if (level) parts.push(level);
    return parts.join(':');
  };
  const vhost = (name: string): string[] => {
    const words: string[] = [];
    const n = 1 + Math.floor(r() * 4);
    for (let j = 0; j < n; j++) words.push(pick(APACHE_PROTOCOL_WORDS));
    const cert = pick(['rsa', 'ec', 'both']);
    return [
      `<VirtualHost 127.0.0.1:{{port0}}>`,
      `    ServerName ${name}`,
      '    SSLEngine on',
      ...(cert !== 'ec' ? ['    SSLCertificateFile {{certs}}/test.crt', '    SSLCertificateKeyFile {{certs}}/test.key'] : []),
      ...(cert !== 'rsa' ? ['    SSLCertificateFile {{certs}}/chain-ok.pem', '    SSLCertificateKeyFile {{certs}}/leaf.key'] : []),
      ...(r() < 0.8 ? [`    SSLProtocol ${words.join(' ')}`] : []),
      ...(r() < 0.85 ? [`    SSLCipherSuite "${cipherString()}"`] : []),
      ...(r() < 0.5 ? [`    SSLHonorCipherOrder ${pick(['on', 'off'])}`] : []),
      ...(r() < 0.3 ? [`    SSLCipherSuite TLSv1.3 ${TLS13.filter(() => r() < 0.6).join(':') || pick(TLS13)}`] : []),
      ...(r() < 0.15 ? [`    SSLOpenSSLConfCmd ${pick(['MinProtocol', 'MaxProtocol'])} ${pick(VERSIONS)}`] : []),
      ...(r() < 0.15 ? [`    SSLOpenSSLConfCmd Options ${pick(['ServerPreference', '-ServerPreference'])}`] : []),
      ...(r() < 0.1 ? [`    SSLOpenSSLConfCmd CipherString "${cipherString()}"`] : []),
      '</VirtualHost>',
    ];
  };
  const out: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const two = r() < 0.4;
    const lines = [`# about: random Apache case ${i} of seed ${seed}`, `# probe: 0 -${two ? ' a.example.test b.example.test' : ''}`, 'Listen 127.0.0.1:{{port0}}', ...vhost('a.example.test')];
    if (two) lines.push(...vhost('b.example.test'));
    const about = lines.filter((l) => /SSL(Protocol|CipherSuite|HonorCipherOrder|OpenSSLConfCmd)/.test(l)).map((l) => l.trim()).join('; ');
    out.push({ name: `random-apache-${seed}-${i}`, about: `random case ${i}: ${about}`, body: lines.join('\n') + '\n', ports: 1, probes: [{ port: 0, names: two ? [null, 'a.example.test', 'b.example.test'] : [null] }] });
  }
  return out;
}

const SQUID_FLAGS = ['NO_TLSv1', 'NO_TLSv1_1', 'NO_TLSv1_2', 'NO_TLSv1_3', 'CIPHER_SERVER_PREFERENCE', 'NO_TICKET', 'ALL', '-NO_TLSv1_3', '-CIPHER_SERVER_PREFERENCE', 'SINGLE_ECDH_USE'];

/**
 * Seeded random Squid https_port cases: tls-min-version (valid or not), options= flags (set and cleared,
 * `,` and `:` separated), cipher= strings as for nginx, RSA or ECDSA certificate, tls-dh; one or two ports.
 */
export function randomSquidCases(count: number, seed: number): OracleCase[] {
  const r = rng(seed * 104729 + 3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const port = (i: number): string => {
    const parts: string[] = [];
    const n = 1 + Math.floor(r() * 5);
    for (let j = 0; j < n; j++) parts.push((j === 0 ? '' : pick(['', '', '', '!', '-', '+'])) + (r() < 0.2 ? pick(JOINED) : pick(WORDS)));
    const level = pick(['', '', '@SECLEVEL=0', '@SECLEVEL=1', '@SECLEVEL=0']);
    if (level) parts.push(level);
    const flags = SQUID_FLAGS.filter(() => r() < 0.25);
    const cert = pick(['tls-cert={{certs}}/test.crt tls-key={{certs}}/test.key', 'tls-cert={{certs}}/chain-ok.pem tls-key={{certs}}/leaf.key']);
    return [
      `https_port 127.0.0.1:{{port${i}}} accel defaultsite=www.example.test ${cert}`,
      ...(r() < 0.5 ? [`tls-min-version=${pick(['1.0', '1.1', '1.2', '1.3', '1.4'])}`] : []),
      ...(flags.length ? [`options=${flags.join(pick([',', ':']))}`] : []),
      ...(r() < 0.8 ? [`cipher=${parts.join(':')}`] : []),
      ...(r() < 0.2 ? ['tls-dh={{certs}}/dh2048.pem'] : []),
    ].join(' ');
  };
  const out: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const ports = r() < 0.3 ? 2 : 1;
    const lines = Array.from({ length: ports }, (_, k) => port(k));
    out.push({
      name: `random-squid-${seed}-${i}`,
      about: `random case ${i}: ${lines.map((l) => l.replace(/^https_port \S+ accel defaultsite=\S+ /, '')).join(' | ')}`,
      body: [`# about: random Squid case ${i} of seed ${seed}`, ...lines, ''].join('\n'),
      ports,
      probes: Array.from({ length: ports }, (_, k) => ({ port: k, names: [null] })),
    });
  }
  return out;
}
