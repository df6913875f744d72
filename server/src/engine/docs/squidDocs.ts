// Reference data for Squid's TLS directives and options, for hover, completion and rule messages. Facts
// (names, syntax, defaults, versions) come from Squid's src/cf.data.pre, src/cache_cf.cc and
// src/security/{PeerOptions,ServerOptions}.cc (5.7 and 6.x); the sentences are tlslint's own.

import { lookupTable } from '../lookup';

export interface SquidDirectiveDoc {
  name: string;
  syntax: string;
  /** The default as Squid states it, when there is one. */
  default?: string;
  summary: string;
  /** Removed / deprecated: since when and what replaces it. */
  status?: string;
}

export interface SquidOptionDoc {
  /** As written on the directive (`tls-cert=`, `ssl-bump`, `min-version=`). */
  name: string;
  /** Where it is valid: ports, tls_outgoing_options, cache_peer. */
  on: ('port' | 'outgoing' | 'peer')[];
  summary: string;
  default?: string;
  status?: string;
}

export interface SquidFlagDoc {
  name: string;
  /** options= (OpenSSL SSL_OP_*) or flags= (Squid's own). */
  list: 'options' | 'flags';
  summary: string;
}

const D = (name: string, syntax: string, summary: string, extra: Partial<SquidDirectiveDoc> = {}): SquidDirectiveDoc => ({ name, syntax, summary, ...extra });

const REMOVED_SINCE = 'removed in Squid 4 (obsolete: Squid reports an ERROR and ignores the line)';

export const SQUID_DIRECTIVE_DOCS: readonly SquidDirectiveDoc[] = [
  D('http_port', 'http_port [address:]port [mode] [options…]', 'A port where Squid accepts plain HTTP proxy traffic. With the `ssl-bump` flag and a CA certificate in `tls-cert=`, CONNECT requests on it can be decrypted according to the `ssl_bump` rules.'),
  D('https_port', 'https_port [address:]port [mode] tls-cert=file [options…]', 'A port where clients talk TLS to Squid from the first byte (reverse proxy with `accel`, or interception with `intercept`/`tproxy` and `ssl-bump`). It needs a certificate: without `tls-cert=` Squid refuses to start.'),
  D('tls_outgoing_options', 'tls_outgoing_options option=value…', 'TLS settings for connections Squid opens to servers (https:// URLs, bumped traffic). Several lines add up; a later value of the same option wins.', { default: 'min-version=1.0' }),
  D('cache_peer', 'cache_peer host type http-port icp-port [options…]', 'Another proxy or an origin server Squid forwards to. `tls` (or any `tls-…` option) makes Squid talk TLS to it, with the `tls-` options for protocols, ciphers, CA files and verification flags.'),
  D('ssl_bump', 'ssl_bump action [!]acl…', 'Decides, at each SslBump step, whether a connection on an ssl-bump port is peeked at, stared at, spliced (tunnelled), bumped (decrypted) or terminated. The first matching rule wins; with no match the connection is spliced.', { default: 'none (connections are spliced)' }),
  D('sslcrtd_program', 'sslcrtd_program /path/to/helper [options]', 'The helper that mints and caches the certificates of bumped sites. Squid builds with the helper start it by default.', { default: '…/security_file_certgen -s /var/lib/squid/ssl_db -M 4MB' }),
  D('sslcrtd_children', 'sslcrtd_children max [startup=N] [idle=N] [queue-size=N]', 'How many certificate-generator helpers Squid may run.', { default: '32 startup=5 idle=1' }),
  D('sslcrtvalidator_program', 'sslcrtvalidator_program [ttl=N] [cache=N] /path/to/helper', 'An external helper that validates server certificates instead of (or on top of) OpenSSL.', { default: 'none' }),
  D('sslcrtvalidator_children', 'sslcrtvalidator_children max [startup=N] [idle=N] [concurrency=N]', 'How many certificate-validator helpers Squid may run.', { default: '32 startup=5 idle=1 concurrency=1' }),
  D('sslproxy_cert_error', 'sslproxy_cert_error allow|deny [!]acl…', 'Which server certificate errors Squid tolerates. `allow all` ignores every error, which turns verification off in practice.', { default: 'none (errors end the transaction)' }),
  D('sslproxy_cert_sign', 'sslproxy_cert_sign signTrusted|signUntrusted|signSelf [!]acl…', 'How Squid signs the certificate it mimics: with its CA when the server was trusted, with an untrusted CA otherwise, or self-signed.'),
  D('sslproxy_cert_adapt', 'sslproxy_cert_adapt setValidAfter|setValidBefore|setCommonName[{name}] [!]acl…', 'Changes the mimicked certificate (validity dates, common name) for matching connections.'),
  D('sslproxy_session_ttl', 'sslproxy_session_ttl seconds', 'How long TLS sessions with clients of https_port stay in the session cache.', { default: '300' }),
  D('sslproxy_session_cache_size', 'sslproxy_session_cache_size size', 'Shared memory for the client-side TLS session cache.', { default: '2 MB' }),
  D('sslproxy_foreign_intermediate_certs', 'sslproxy_foreign_intermediate_certs /path/to/file', 'Intermediate certificates Squid may use to complete chains that servers send incomplete.'),
  D('sslproxy_cert_sign_hash', 'sslproxy_cert_sign_hash hash', 'The digest used to sign generated certificates (sha256 unless set).'),
  D('ssl_unclean_shutdown', 'ssl_unclean_shutdown on|off', 'Skip the TLS close_notify exchange, for broken clients.', { default: 'off' }),
  D('ssl_engine', 'ssl_engine id', 'An OpenSSL engine for the TLS work.'),
  D('sslpassword_program', 'sslpassword_program /path/to/program', 'A program that prints the passphrase of encrypted private keys.'),
  D('tls_key_log', 'tls_key_log file [if [!]acl…]', 'Writes TLS session secrets in NSS key-log format, so that captures can be decrypted (Squid 6). Keep it off in production.'),
  D('acl', 'acl name type value…', 'Defines an access list. TLS-related types: `ssl::server_name` (the SNI or certificate name), `ssl::server_name_regex`, `at_step` (SslBump1/2/3), `ssl_error`, `server_cert_fingerprint`, `user_cert`, `ca_cert`.'),
  D('include', 'include pattern…', 'Reads more configuration files here; patterns are globs. A pattern that matches nothing stops Squid ("Unable to find configuration file").'),
  D('sslproxy_version', 'sslproxy_version N', 'Old way to pick the outgoing TLS version.', { status: `${REMOVED_SINCE}; use tls_outgoing_options min-version=` }),
  D('sslproxy_options', 'sslproxy_options flags', 'Old way to set OpenSSL options for outgoing TLS.', { status: `${REMOVED_SINCE}; use tls_outgoing_options options=` }),
  D('sslproxy_cipher', 'sslproxy_cipher list', 'Old way to set the outgoing cipher list.', { status: `${REMOVED_SINCE}; use tls_outgoing_options cipher=` }),
  D('sslproxy_cafile', 'sslproxy_cafile file', 'Old way to name CA certificates for verifying servers.', { status: `${REMOVED_SINCE}; use tls_outgoing_options cafile=` }),
  D('sslproxy_capath', 'sslproxy_capath directory', 'Old way to name a CA directory for verifying servers.', { status: `${REMOVED_SINCE}; use tls_outgoing_options capath=` }),
  D('sslproxy_flags', 'sslproxy_flags flags', 'Old way to set verification flags for outgoing TLS.', { status: `${REMOVED_SINCE}; use tls_outgoing_options flags=` }),
  D('sslproxy_client_certificate', 'sslproxy_client_certificate file', 'Old way to name the client certificate Squid presents to servers.', { status: `${REMOVED_SINCE}; use tls_outgoing_options cert=` }),
  D('sslproxy_client_key', 'sslproxy_client_key file', 'Old way to name the key of that client certificate.', { status: `${REMOVED_SINCE}; use tls_outgoing_options key=` }),
];

/** Removed TLS directives: the tls_outgoing_options option that replaces each, for messages and fixes. */
export const SQUID_REMOVED_TLS_DIRECTIVES = lookupTable<{ option?: string; since: string; instead: string }>({
  sslproxy_version: { since: 'Squid 4', instead: 'limit protocols with "tls_outgoing_options min-version=1.2"' },
  sslproxy_options: { option: 'options', since: 'Squid 4', instead: 'use "tls_outgoing_options options=…"' },
  sslproxy_cipher: { option: 'cipher', since: 'Squid 4', instead: 'use "tls_outgoing_options cipher=…"' },
  sslproxy_cafile: { option: 'cafile', since: 'Squid 4', instead: 'use "tls_outgoing_options cafile=…"' },
  sslproxy_capath: { option: 'capath', since: 'Squid 4', instead: 'use "tls_outgoing_options capath=…"' },
  sslproxy_flags: { option: 'flags', since: 'Squid 4', instead: 'use "tls_outgoing_options flags=…"' },
  sslproxy_client_certificate: { option: 'cert', since: 'Squid 4', instead: 'use "tls_outgoing_options cert=…"' },
  sslproxy_client_key: { option: 'key', since: 'Squid 4', instead: 'use "tls_outgoing_options key=…" after cert=' },
});

const O = (name: string, on: SquidOptionDoc['on'], summary: string, extra: Partial<SquidOptionDoc> = {}): SquidOptionDoc => ({ name, on, summary, ...extra });
const PORT: SquidOptionDoc['on'] = ['port'];
const ALL: SquidOptionDoc['on'] = ['port', 'outgoing', 'peer'];

/** Options as written on ports (`tls-…` and the old spellings), tls_outgoing_options (bare) and cache_peer (`tls-…`). */
export const SQUID_OPTION_DOCS: readonly SquidOptionDoc[] = [
  O('ssl-bump', PORT, 'Lets the `ssl_bump` rules peek at, splice or decrypt the TLS connections arriving on this port. Needs a CA certificate in `tls-cert=` to sign the certificates shown to clients.'),
  O('sslBump', PORT, 'Old spelling of `ssl-bump`.', { status: 'deprecated: use ssl-bump' }),
  O('tls-cert=', ['port', 'peer'], 'PEM file with the certificate (followed by its intermediates). On ssl-bump ports that generate certificates it must be a CA certificate. With OpenSSL only the first tls-cert= counts.'),
  O('cert=', ['port', 'outgoing'], 'Certificate file (old spelling on ports; the name used by tls_outgoing_options for the client certificate).'),
  O('tls-key=', ['port', 'peer'], 'PEM file with the private key of the tls-cert= before it. Without it, Squid reads the key from the certificate file.'),
  O('key=', ['port', 'outgoing'], 'Private key of the preceding cert= (must come after it).'),
  O('tls-min-version=', ['port', 'peer'], 'Lowest TLS version accepted: 1.0, 1.1, 1.2 or 1.3. Any other value is ignored with a warning.', { default: "none: OpenSSL's own range" }),
  O('min-version=', ['outgoing'], 'Lowest TLS version for connections to servers: 1.0, 1.1, 1.2 or 1.3.', { default: '1.0' }),
  O('version=', ['port', 'peer'], 'Old protocol selector (3 = SSLv3 only, 4 = TLS 1.0 only, 5 = TLS 1.1 only, 6 = TLS 1.2 only).', { status: 'deprecated: use tls-min-version=' }),
  O('tls-options=', ['port', 'peer'], 'OpenSSL option flags separated by `:` or `,` (NO_SSLv3, NO_TLSv1, NO_TLSv1_1, NO_TICKET, SINGLE_DH_USE…). A leading `-` clears a flag.'),
  O('options=', ['port', 'outgoing'], 'OpenSSL option flags separated by `:` or `,`; see the flags.'),
  O('tls-cipher=', ['port', 'peer'], 'OpenSSL cipher string for TLS 1.2 and below.', { default: "OpenSSL's DEFAULT list" }),
  O('cipher=', ['port', 'outgoing'], 'OpenSSL cipher string for TLS 1.2 and below.', { default: "OpenSSL's DEFAULT list" }),
  O('tls-cafile=', ['port', 'peer'], 'CA certificates: on ports, to verify client certificates; on cache_peer, to verify the peer. May be repeated.'),
  O('cafile=', ['port', 'outgoing'], 'CA certificates used to verify servers (tls_outgoing_options). On ports it is the deprecated spelling of tls-cafile= (Squid warns).'),
  O('clientca=', PORT, 'CA names sent when asking clients for a certificate (enables client certificate requests).'),
  O('capath=', ALL, 'Directory of CA certificates and CRLs (OpenSSL hashed names).'),
  O('tls-capath=', ['port', 'peer'], 'Directory of CA certificates and CRLs (OpenSSL hashed names).'),
  O('crlfile=', ALL, 'File of certificate revocation lists.'),
  O('tls-crlfile=', ['port', 'peer'], 'File of certificate revocation lists.'),
  O('tls-dh=', PORT, 'DH parameters for DHE suites, optionally preceded by a curve for ECDHE (`tls-dh=prime256v1:/etc/squid/dh.pem`). Without it, DHE (and, with a curve only, ECDHE selection) is left to OpenSSL.'),
  O('dhparams=', PORT, 'Old spelling of tls-dh= without a curve.', { status: 'deprecated: use tls-dh=' }),
  O('sslflags=', PORT, 'Old spelling of tls-flags=: DELAYED_AUTH, CONDITIONAL_AUTH, NO_SESSION_REUSE, VERIFY_CRL, VERIFY_CRL_ALL.'),
  O('tls-flags=', ['port', 'peer'], 'Squid\'s own flags: on ports client-certificate handling (CONDITIONAL_AUTH, NO_SESSION_REUSE, VERIFY_CRL…); on cache_peer DONT_VERIFY_PEER, DONT_VERIFY_DOMAIN.'),
  O('flags=', ['outgoing'], 'Verification flags for connections to servers: DONT_VERIFY_PEER, DONT_VERIFY_DOMAIN, NO_DEFAULT_CA, NO_SESSION_REUSE, VERIFY_CRL, VERIFY_CRL_ALL.'),
  O('sslcontext=', PORT, 'Old spelling of tls-context=: the TLS session ID context.'),
  O('tls-context=', PORT, 'Session ID context identifier (at most 32 characters).'),
  O('tls-default-ca', ['port', 'peer'], 'Trust the system CA store too (off by default on ports, on for peers).'),
  O('default-ca', ['outgoing'], 'Trust the system CA store when verifying servers (on by default).'),
  O('tls-no-npn', PORT, 'Do not advertise HTTP/1.1 with the NPN extension.'),
  O('generate-host-certificates', PORT, 'Mint a certificate per bumped site, signed with the tls-cert= CA (`=on`/`=off`).', { default: 'on for ssl-bump ports' }),
  O('dynamic_cert_mem_cache_size=', PORT, 'Memory for caching minted certificates (0 disables the cache).', { default: '4MB' }),
  O('tls', ['peer'], 'Talk TLS to this cache_peer.'),
  O('ssl', ['peer'], 'Old spelling of tls on cache_peer.'),
  O('tls-domain=', ['peer'], 'The host name the peer certificate must match (and the SNI sent), when it differs from the peer host.'),
  O('domain=', ['outgoing'], 'Host name to verify servers against.'),
  O('disable', ['outgoing'], 'No TLS to servers at all: https:// URLs fail.'),
];

export const SQUID_FLAG_DOCS: readonly SquidFlagDoc[] = [
  { name: 'NO_SSLv3', list: 'options', summary: 'Refuse SSLv3 (already unavailable in OpenSSL 1.1.0 and later builds).' },
  { name: 'NO_TLSv1', list: 'options', summary: 'Refuse TLS 1.0.' },
  { name: 'NO_TLSv1_1', list: 'options', summary: 'Refuse TLS 1.1.' },
  { name: 'NO_TLSv1_2', list: 'options', summary: 'Refuse TLS 1.2.' },
  { name: 'NO_TLSv1_3', list: 'options', summary: 'Refuse TLS 1.3.' },
  { name: 'NO_TICKET', list: 'options', summary: 'Do not issue RFC 5077 session tickets; clients resume with session IDs. Squid never rotates the ticket key, so tickets weaken forward secrecy.' },
  { name: 'SINGLE_DH_USE', list: 'options', summary: 'A fresh DH key for every handshake (OpenSSL always does this nowadays).' },
  { name: 'SINGLE_ECDH_USE', list: 'options', summary: 'A fresh ECDH key for every handshake; the curve comes from tls-dh=.' },
  { name: 'CIPHER_SERVER_PREFERENCE', list: 'options', summary: 'Pick the suite by the server\'s order, not the client\'s.' },
  { name: 'NO_COMPRESSION', list: 'options', summary: 'No TLS compression (CRIME); OpenSSL already defaults to it.' },
  { name: 'ALL', list: 'options', summary: 'OpenSSL\'s bundle of bug workarounds; some weaken TLS against certain attacks.' },
  { name: 'NO_SESSION_RESUMPTION_ON_RENEGOTIATION', list: 'options', summary: 'Renegotiation always starts a new session.' },
  { name: 'DONT_VERIFY_PEER', list: 'flags', summary: 'Accept any server certificate: no verification at all. Anyone on the path can impersonate the server.' },
  { name: 'DONT_VERIFY_DOMAIN', list: 'flags', summary: 'Do not check that the server certificate names the host connected to.' },
  { name: 'NO_DEFAULT_CA', list: 'flags', summary: 'Do not trust the system CA store (deprecated: use default-ca=off / tls-default-ca=off).' },
  { name: 'NO_SESSION_REUSE', list: 'flags', summary: 'Never resume TLS sessions.' },
  { name: 'VERIFY_CRL', list: 'flags', summary: 'Check CRLs for the peer certificate.' },
  { name: 'VERIFY_CRL_ALL', list: 'flags', summary: 'Check CRLs for every certificate of the chain.' },
  { name: 'CONDITIONAL_AUTH', list: 'flags', summary: 'Ask for a client certificate but accept clients without one.' },
  { name: 'DELAYED_AUTH', list: 'flags', summary: 'Ask for the client certificate only when an ACL needs it (not implemented).' },
];

/** ssl_bump actions. */
export const SQUID_BUMP_ACTIONS = lookupTable<string>({
  peek: 'Read the client hello (step 1: the SNI) or the server certificate (step 2) and keep splicing possible.',
  stare: 'Like peek, but keeps bumping possible: after staring at step 2 Squid usually cannot splice any more.',
  splice: 'Tunnel the connection without decrypting it (the default when no rule matches).',
  bump: 'Decrypt: TLS with the client using a certificate Squid mints (mimicking the server\'s when it has seen it), and TLS with the server.',
  terminate: 'Close the connections to the client and the server.',
  'client-first': 'Old step-1 action: bump before connecting to the server; no server certificate to mimic.',
  'server-first': 'Old step-1 action: connect to the server first, then bump the client with a mimicked certificate.',
  none: 'Old action: same as splice.',
});

/** TLS-related acl types (`acl name <type> …`). */
export const SQUID_TLS_ACL_TYPES = lookupTable<string>({
  'ssl::server_name': 'Matches the server name of a TLS connection: the SNI the client sent, else the name in the server certificate, else the CONNECT host. A leading dot matches the domain and its subdomains. Known only after a peek or stare at step 1 for the SNI.',
  'ssl::server_name_regex': 'Like ssl::server_name, with regular expressions.',
  at_step: 'Matches the SslBump step being decided: SslBump1 (after the CONNECT or the TCP interception), SslBump2 (after the client hello), SslBump3 (after the server hello).',
  ssl_error: 'Matches server certificate validation errors by name (X509_V_ERR_…, SQUID_X509_V_ERR_…), for sslproxy_cert_error.',
  server_cert_fingerprint: 'Matches the fingerprint of the server certificate.',
  user_cert: 'Matches fields of the client certificate (CN, O, …).',
  ca_cert: 'Matches fields of the client certificate\'s issuer.',
  server_ssl_sni: 'Old name of ssl::server_name.',
});

/** TLS directive names (typo candidates, completion). */
export const SQUID_TLS_DIRECTIVES: readonly string[] = SQUID_DIRECTIVE_DOCS.map((d) => d.name).filter((n) => n !== 'acl' && n !== 'include' && n !== 'cache_peer');

export function squidDirectiveDoc(lname: string): SquidDirectiveDoc | undefined {
  return SQUID_DIRECTIVE_DOCS.find((d) => d.name === lname);
}

/** The doc of an option argument (`tls-cert=/x` → tls-cert=), for a directive kind. */
export function squidOptionDoc(written: string, on: 'port' | 'outgoing' | 'peer'): SquidOptionDoc | undefined {
  const eq = written.indexOf('=');
  const name = eq >= 0 ? written.slice(0, eq + 1) : written;
  const lower = name.toLowerCase();
  const bare = lower.replace(/=.*$/, '');
  return (
    SQUID_OPTION_DOCS.find((o) => o.name.toLowerCase() === lower && o.on.includes(on)) ??
    SQUID_OPTION_DOCS.find((o) => o.name.toLowerCase() === lower) ??
    SQUID_OPTION_DOCS.find((o) => o.name.toLowerCase().replace(/=$/, '') === bare)
  );
}

export function squidFlagDoc(name: string): SquidFlagDoc | undefined {
  return SQUID_FLAG_DOCS.find((f) => f.name.toUpperCase() === name.toUpperCase());
}
