// Hand-written reference for the nginx directives that shape TLS (and the structural ones around
// them), used by hover and completion. Facts (syntax, defaults, versions, URLs) come from the nginx
// sources and reference; the explanations are ours. Contexts, "since" and module come from the
// generated directive table (nginxDirectives.ts), so they cannot drift from it.

import { compareNginxVersions, lookupNginxDirective } from './nginxDirectives';
import type { NginxContext } from './nginxDirectives';

/** A default that held in a range of nginx versions (`from` inclusive, `until` exclusive). */
export interface NginxDefault {
  value: string;
  from?: string;
  until?: string;
}

export type ValueVerdict = 'insecure' | 'deprecated' | 'recommended' | 'neutral';

/** A value a directive accepts, with a short note for hover and completion. */
export interface NginxValueDoc {
  value: string;
  doc: string;
  verdict?: ValueVerdict;
  /**
   * Argument positions (0-based) where the value fits; undefined: any position. `value` ending in `=`
   * or `:` is a prefix the user completes.
   */
  at?: number[];
}

export interface NginxDirectiveDoc {
  name: string;
  /** Syntax lines, without the context (several when variants differ, e.g. http and upstream `server`). */
  syntax: string[];
  /** Defaults, newest first; empty when the directive has no default. */
  defaults: NginxDefault[];
  /** Two to five sentences: what it does for the handshake, and the usual mistakes. */
  summary: string;
  values?: NginxValueDoc[];
  /** Reference pages (first: the main one). */
  urls: string[];
  /** From the directive table. */
  contexts: NginxContext[];
  since?: string;
  removed?: string;
  obsolete?: string;
}

interface DocSource {
  name: string;
  syntax: string[];
  defaults?: NginxDefault[];
  summary: string;
  values?: NginxValueDoc[];
  /** Only where the table cannot give it (removed directives). */
  url?: string;
}

// ---------------------------------------------------------------------------------------------
// Shared value sets

const ON_OFF: NginxValueDoc[] = [
  { value: 'on', doc: 'Enable.' },
  { value: 'off', doc: 'Disable.' },
];

export const PROTOCOL_VALUES: NginxValueDoc[] = [
  { value: 'SSLv2', verdict: 'insecure', doc: 'SSL 2.0: broken (RFC 6176 forbids it; DROWN). OpenSSL 1.1.0 and later cannot even offer it.' },
  { value: 'SSLv3', verdict: 'insecure', doc: 'SSL 3.0: broken by the POODLE attack and prohibited by RFC 7568. Never enable it.' },
  { value: 'TLSv1', verdict: 'deprecated', doc: 'TLS 1.0: deprecated by RFC 8996 (2021); no modern client needs it. Keep it only for very old clients under the `old` profile.' },
  { value: 'TLSv1.1', verdict: 'deprecated', doc: 'TLS 1.1: deprecated by RFC 8996 (2021) together with TLS 1.0; browsers removed it in 2020.' },
  { value: 'TLSv1.2', verdict: 'neutral', doc: 'TLS 1.2 (RFC 5246): still needed for many clients; safe with AEAD suites and forward-secret key exchange.' },
  { value: 'TLSv1.3', verdict: 'recommended', doc: 'TLS 1.3 (RFC 8446): faster handshake, only strong suites, forward secrecy always. Needs OpenSSL 1.1.1+; the parameter exists since nginx 1.13.0.' },
];

const CURVE_VALUES: NginxValueDoc[] = [
  { value: 'auto', doc: 'Let the TLS library pick its built-in group list (with OpenSSL 1.1.0+ this includes X25519 and P-256; OpenSSL 3.5 adds the X25519MLKEM768 hybrid).' },
  { value: 'X25519', verdict: 'recommended', doc: 'Curve25519 key exchange: fast and widely supported; first choice of most clients.' },
  { value: 'prime256v1', verdict: 'recommended', doc: 'NIST P-256 (also called secp256r1): the most compatible curve.' },
  { value: 'secp384r1', doc: 'NIST P-384: stronger, slower; part of the Mozilla profiles.' },
  { value: 'secp521r1', doc: 'NIST P-521: rarely needed, slow.' },
  { value: 'X448', doc: 'Curve448: little client support.' },
  { value: 'X25519MLKEM768', doc: 'Post-quantum hybrid group (X25519 + ML-KEM-768). Needs OpenSSL 3.5+; on older libraries nginx fails to start unless the name is prefixed with `?` (OpenSSL 3.3+).' },
  { value: 'SecP256r1MLKEM768', doc: 'Post-quantum hybrid of P-256 and ML-KEM-768 (OpenSSL 3.5+).' },
  { value: 'ffdhe2048', doc: 'Finite-field DH group from RFC 7919 (TLS 1.3): slower than elliptic curves.' },
];

const VERIFY_DEPTH_VALUES: NginxValueDoc[] = [
  { value: '1', doc: 'The default: accept a chain of at most one certificate authority level above the peer.' },
  { value: '2', doc: 'Allow one more level of intermediate certificate authorities.' },
  { value: '3', doc: 'Allow two more levels; deeper chains are rare.' },
];

const CIPHER_VALUES: NginxValueDoc[] = [
  { value: 'HIGH:!aNULL:!MD5', doc: 'nginx\'s default list (since 1.0.5): every "high" suite, minus unauthenticated ones and MD5.' },
  { value: 'HIGH', doc: 'OpenSSL alias: suites with keys of 128 bits or more (still includes CBC and non-forward-secret suites).' },
  { value: 'ECDHE+AESGCM', doc: 'Forward-secret AES-GCM suites (AEAD).' },
  { value: 'ECDHE+CHACHA20', doc: 'Forward-secret ChaCha20-Poly1305 suites (AEAD), fast on phones.' },
  { value: '!aNULL', doc: 'Exclude unauthenticated (anonymous) suites.' },
  { value: '!eNULL', doc: 'Exclude suites without encryption.' },
  { value: '!MD5', doc: 'Exclude suites using MD5 for message authentication.' },
  { value: '!kRSA', doc: 'Exclude static RSA key exchange (no forward secrecy).' },
  { value: '!3DES', doc: 'Exclude 3DES (64-bit block, SWEET32).' },
  { value: '!RC4', doc: 'Exclude RC4 (broken stream cipher).' },
  { value: 'DEFAULT', doc: 'The TLS library\'s own default list.' },
];

const CONF_COMMAND_VALUES: NginxValueDoc[] = [
  { value: 'Ciphersuites', at: [0], doc: 'TLS 1.3 cipher suites, colon-separated (e.g. `TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256`). `ssl_ciphers` does not affect TLS 1.3.' },
  { value: 'Groups', at: [0], doc: 'Key-exchange groups, like `ssl_ecdh_curve`.' },
  { value: 'Curves', at: [0], doc: 'Older name of `Groups`.' },
  { value: 'Options', at: [0], doc: 'OpenSSL options, e.g. `PrioritizeChaCha`, `-SessionTicket`, `NoRenegotiation`.' },
  { value: 'MinProtocol', at: [0], doc: 'Lowest protocol version, e.g. `TLSv1.2`. Interacts with `ssl_protocols`: both limits apply.' },
  { value: 'MaxProtocol', at: [0], doc: 'Highest protocol version.' },
  { value: 'SignatureAlgorithms', at: [0], doc: 'Signature algorithms offered and accepted in the handshake.' },
  { value: 'CipherString', at: [0], doc: 'TLS 1.2 and older cipher list, like `ssl_ciphers`.' },
  { value: 'NumTickets', at: [0], doc: 'Number of TLS 1.3 session tickets sent after a handshake.' },
];

const SESSION_CACHE_VALUES: NginxValueDoc[] = [
  { value: 'off', doc: 'No session cache, and clients are told sessions cannot be resumed.' },
  { value: 'none', doc: 'The default: clients may try to resume, but nothing is stored, so resumption by session id never succeeds.' },
  { value: 'builtin', doc: 'OpenSSL\'s per-worker cache (size in sessions, 20480 when omitted). Not shared between workers.' },
  { value: 'builtin:', doc: 'Per-worker OpenSSL cache with a size in sessions, e.g. `builtin:1000`.' },
  { value: 'shared:', doc: 'A cache in shared memory for all workers: `shared:NAME:SIZE` (1 MB holds about 4000 sessions), e.g. `shared:SSL:10m`. The usual choice.' },
];

const VERIFY_CLIENT_VALUES: NginxValueDoc[] = [
  { value: 'off', doc: 'The default: no client certificate is requested.' },
  { value: 'on', doc: 'A valid client certificate is required; the handshake succeeds, but requests without one get error 400.' },
  { value: 'optional', doc: 'Ask for a certificate and verify it when sent; `$ssl_client_verify` tells the application the result.' },
  { value: 'optional_no_ca', verdict: 'neutral', doc: 'Ask for a certificate but do not check it against a trusted CA: the application must verify `$ssl_client_cert` itself.' },
];

const SIZE_BUFFER_VALUES: NginxValueDoc[] = [
  { value: '16k', doc: 'The default: full-size TLS records, least overhead for large responses.' },
  { value: '4k', doc: 'Smaller records: the browser can start rendering sooner (better time to first byte).' },
];

const UPSTREAM_SCHEMES: Record<string, NginxValueDoc[]> = {
  proxy_pass: [
    { value: 'https://', at: [0], doc: 'TLS to the upstream. The certificate is not verified unless `proxy_ssl_verify on`, and no SNI is sent unless `proxy_ssl_server_name on`.' },
    { value: 'http://', at: [0], doc: 'Plain HTTP to the upstream.' },
  ],
  grpc_pass: [
    { value: 'grpcs://', at: [0], doc: 'gRPC over TLS. Verification (`grpc_ssl_verify`) and SNI (`grpc_ssl_server_name`) are off unless turned on.' },
    { value: 'grpc://', at: [0], doc: 'Plain-text gRPC (HTTP/2 without TLS).' },
  ],
  uwsgi_pass: [
    { value: 'suwsgi://', at: [0], doc: 'uwsgi over TLS (with `uwsgi_ssl_*` settings). The certificate is not verified unless `uwsgi_ssl_verify on`.' },
    { value: 'uwsgi://', at: [0], doc: 'Plain uwsgi protocol.' },
  ],
};

const HEADER_NAME_VALUES: NginxValueDoc[] = [
  { value: 'Strict-Transport-Security', at: [0], doc: 'HSTS: tells browsers to use HTTPS only, for `max-age` seconds (the Mozilla profiles use 63072000, two years). Send it from TLS servers only, with `always`.' },
  { value: 'Alt-Svc', at: [0], doc: 'Advertises HTTP/3, e.g. `\'h3=":443"; ma=86400\'`.' },
  { value: 'Content-Security-Policy', at: [0], doc: 'Restricts where pages may load resources from.' },
  { value: 'X-Content-Type-Options', at: [0], doc: '`nosniff`: browsers must not guess content types.' },
  { value: 'X-Frame-Options', at: [0], doc: 'Framing policy (`DENY`, `SAMEORIGIN`).' },
  { value: 'Referrer-Policy', at: [0], doc: 'How much of the URL is sent as Referer.' },
  { value: 'always', at: [2], doc: 'Send the header with every response code, including errors (4xx, 5xx). Without it, nginx adds the header only to 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses.' },
];

// ---------------------------------------------------------------------------------------------
// Defaults that changed across versions

const PROTOCOL_DEFAULTS = (since?: string): NginxDefault[] => {
  const all: NginxDefault[] = [
    { value: 'TLSv1.2 TLSv1.3', from: '1.27.3' },
    { value: 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3', from: '1.23.4', until: '1.27.3' },
    { value: 'TLSv1 TLSv1.1 TLSv1.2', from: '1.9.1', until: '1.23.4' },
    { value: 'SSLv3 TLSv1 TLSv1.1 TLSv1.2', from: '1.1.13', until: '1.9.1' },
    { value: 'SSLv3 TLSv1', from: '0.8.19', until: '1.1.13' },
  ];
  // Drop the ranges that ended before the directive existed.
  return since ? all.filter((d) => !d.until || compareNginxVersions(d.until, since) > 0) : all;
};

// ---------------------------------------------------------------------------------------------
// Server-side TLS (http, stream and mail ssl modules)

const SERVER_TLS: DocSource[] = [
  {
    name: 'ssl_protocols',
    syntax: ['ssl_protocols [SSLv2] [SSLv3] [TLSv1] [TLSv1.1] [TLSv1.2] [TLSv1.3];'],
    defaults: PROTOCOL_DEFAULTS(),
    summary: 'Chooses which protocol versions the server accepts in the handshake. A client that supports none of them fails with a protocol alert. The value set in `http` is inherited by servers that do not set their own; writing the directive twice in one block enables the union of both lists, not the last one. TLS 1.0 and 1.1 are deprecated (RFC 8996) and SSLv2/SSLv3 are broken; the effective set also depends on what the OpenSSL build still supports.',
    values: PROTOCOL_VALUES,
  },
  {
    name: 'ssl_ciphers',
    syntax: ['ssl_ciphers ciphers;'],
    defaults: [{ value: 'HIGH:!aNULL:!MD5', from: '1.0.5' }, { value: 'HIGH:!ADH:!MD5', from: '0.8.20', until: '1.0.5' }],
    summary: 'Sets the cipher suites for TLS 1.2 and older, as an OpenSSL cipher string (`openssl ciphers -v \'...\'` shows the expansion). It has no effect on TLS 1.3 suites: set those with `ssl_conf_command Ciphersuites ...`. A string that matches no suite stops nginx from starting ("no cipher match"); unknown names inside a valid string are silently ignored.',
    values: CIPHER_VALUES,
  },
  {
    name: 'ssl_prefer_server_ciphers',
    syntax: ['ssl_prefer_server_ciphers on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'When on, the server\'s order in `ssl_ciphers` decides which suite is used; when off, the client\'s preference wins. With a list of only strong suites (the Mozilla intermediate and modern profiles) off is recommended, so that phones without AES hardware can pick ChaCha20. With a list that still holds weak suites, on keeps clients from choosing them.',
    values: ON_OFF,
  },
  {
    name: 'ssl_certificate',
    syntax: ['ssl_certificate file;'],
    summary: 'The certificate (PEM) the server presents. Put the server certificate first and the intermediate certificates after it in the same file; the root is not needed. Since 1.11.0 the directive can be repeated to load certificates of different key types (RSA and ECDSA) for one server, each with its own `ssl_certificate_key`. Since 1.15.9 the name may contain variables (loaded at every handshake, so slower), and `data:` inlines PEM text (1.15.10).',
  },
  {
    name: 'ssl_certificate_key',
    syntax: ['ssl_certificate_key file;'],
    summary: 'The private key (PEM) matching the `ssl_certificate` at the same position. A key that does not belong to the certificate stops nginx from starting ("key values mismatch"). `engine:name:id` loads the key from an OpenSSL engine (1.7.9), `data:` inlines it (1.15.10); encrypted keys need `ssl_password_file`. Keep the file readable by the master process only.',
  },
  {
    name: 'ssl_certificate_cache',
    syntax: ['ssl_certificate_cache off;', 'ssl_certificate_cache max=N [inactive=time] [valid=time];'],
    defaults: [{ value: 'off' }],
    summary: 'Caches certificates and keys loaded through variables in `ssl_certificate` / `ssl_certificate_key`, so they are not read from disk at every handshake. `max` bounds the number of entries, `inactive` (10s) drops unused ones and `valid` (60s) says how long an entry is trusted before the file is checked again.',
    values: [{ value: 'off', doc: 'No cache (the default).' }, { value: 'max=', doc: 'Maximum number of cached elements, e.g. `max=1000`.' }, { value: 'inactive=', doc: 'Drop entries not used for this long (default 10s).' }, { value: 'valid=', doc: 'Re-check the file after this time (default 60s).' }],
  },
  {
    name: 'ssl_certificate_compression',
    syntax: ['ssl_certificate_compression on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Compresses the certificate chain sent in TLS 1.3 handshakes (RFC 8879), which saves round trips for large chains. It needs a TLS library with certificate compression and zlib; otherwise nginx warns and ignores it.',
    values: ON_OFF,
  },
  {
    name: 'ssl_password_file',
    syntax: ['ssl_password_file file;'],
    summary: 'A file with pass phrases for encrypted private keys, one per line; each is tried in turn when a key is loaded. Without it, nginx asks on the terminal and cannot start as a daemon with an encrypted key.',
  },
  {
    name: 'ssl_dhparam',
    syntax: ['ssl_dhparam file;'],
    summary: 'Diffie-Hellman parameters (PEM) for the DHE cipher suites of TLS 1.2 and older. Without this directive nginx (since 1.11.0) sets no parameters, so DHE suites are never chosen; before 1.11.0 built-in 1024-bit parameters were used. Use at least 2048 bits (`openssl dhparam 2048`) or the RFC 7919 group files; TLS 1.3 does not use it.',
  },
  {
    name: 'ssl_ecdh_curve',
    syntax: ['ssl_ecdh_curve curve;'],
    defaults: [{ value: 'auto', from: '1.11.0' }, { value: 'prime256v1', until: '1.11.0' }],
    summary: 'The groups (curves) offered for ephemeral key exchange, as a colon-separated list in preference order (lists need nginx 1.11.0 and OpenSSL 1.0.2). `auto` leaves the choice to the library. A group the library does not know stops nginx from starting, unless it is prefixed with `?` (OpenSSL 3.3+); this matters for post-quantum groups such as X25519MLKEM768 (OpenSSL 3.5+).',
    values: CURVE_VALUES,
  },
  {
    name: 'ssl_conf_command',
    syntax: ['ssl_conf_command name value;'],
    summary: 'Passes a setting straight to OpenSSL\'s configuration interface (SSL_CONF_cmd), for options nginx has no directive for; OpenSSL 1.0.2 or later. The usual use is TLS 1.3 suites (`ssl_conf_command Ciphersuites ...`) and options such as `PrioritizeChaCha`. It may be repeated; a block that has its own `ssl_conf_command` inherits none from outer blocks. Commands are applied after nginx\'s own settings, so they can override them.',
    values: CONF_COMMAND_VALUES,
  },
  {
    name: 'ssl_session_cache',
    syntax: ['ssl_session_cache off | none | [builtin[:size]] [shared:name:size];'],
    defaults: [{ value: 'none' }],
    summary: 'Sets where session state for TLS resumption is kept, so returning clients skip the full handshake. A `shared` cache (in shared memory, one name per cache, reusable across servers) works for all workers; `builtin` is per worker. The default `none` lets clients try to resume but never finds their sessions. Tickets (`ssl_session_tickets`) resume without a server-side cache.',
    values: SESSION_CACHE_VALUES,
  },
  {
    name: 'ssl_session_timeout',
    syntax: ['ssl_session_timeout time;'],
    defaults: [{ value: '5m' }],
    summary: 'How long a client may reuse previously negotiated session parameters (cache entries and tickets alike). Longer times save handshakes but keep session keys alive longer; the Mozilla profiles use one day.',
    values: [{ value: '5m', doc: 'The default.' }, { value: '1d', doc: 'One day, as in the Mozilla profiles.' }],
  },
  {
    name: 'ssl_session_tickets',
    syntax: ['ssl_session_tickets on | off;'],
    defaults: [{ value: 'on' }],
    summary: 'Enables resumption through session tickets (RFC 5077): the server hands the client its encrypted session state. Unless `ssl_session_ticket_key` is set, nginx makes a random ticket key at each start or reload and keeps it until the next one, so a stolen key decrypts every session recorded meanwhile: tickets weaken forward secrecy unless keys rotate often. The Mozilla profiles turn tickets off.',
    values: [{ value: 'on', doc: 'Issue tickets (the default). Rotate keys with `ssl_session_ticket_key` if you keep this.' }, { value: 'off', verdict: 'recommended', doc: 'No tickets; resumption only through `ssl_session_cache`.' }],
  },
  {
    name: 'ssl_session_ticket_key',
    syntax: ['ssl_session_ticket_key file;'],
    summary: 'A file of 80 (or 48) random bytes used to encrypt and decrypt session tickets. With several directives, the first key encrypts new tickets and all of them decrypt, which allows rotation; sharing the files lets several servers resume each other\'s sessions. Keys must be rotated regularly or tickets undermine forward secrecy.',
  },
  {
    name: 'ssl_buffer_size',
    syntax: ['ssl_buffer_size size;'],
    defaults: [{ value: '16k' }],
    summary: 'The size of the buffer used to build TLS records when sending. The default suits big downloads; a smaller value (4k) lets the first bytes of a page reach the browser sooner.',
    values: SIZE_BUFFER_VALUES,
  },
  {
    name: 'ssl_early_data',
    syntax: ['ssl_early_data on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Accepts TLS 1.3 early data (0-RTT): a resuming client may send its request before the handshake completes. Early data can be replayed by an attacker, so pass the `Early-Data` header (`$ssl_early_data`) to the application and only allow idempotent requests. Needs OpenSSL 1.1.1 or BoringSSL.',
    values: [{ value: 'on', doc: 'Accept 0-RTT data: requests may be replayed.' }, { value: 'off', doc: 'The default.' }],
  },
  {
    name: 'ssl_reject_handshake',
    syntax: ['ssl_reject_handshake on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'When on, handshakes for this server are refused with an alert, without a certificate being needed. Put it in a default server to turn away clients that send no SNI or an unknown name, instead of showing them another site\'s certificate.',
    values: [{ value: 'on', doc: 'Refuse TLS handshakes for this server (no certificate needed).' }, { value: 'off', doc: 'The default.' }],
  },
  {
    name: 'ssl_verify_client',
    syntax: ['ssl_verify_client on | off | optional | optional_no_ca;'],
    defaults: [{ value: 'off' }],
    summary: 'Turns on client certificate authentication (mutual TLS). The trusted CAs come from `ssl_client_certificate` and/or `ssl_trusted_certificate`; verification results are in `$ssl_client_verify`. With `optional_no_ca` nothing is checked against a CA, so the application must do the checking.',
    values: VERIFY_CLIENT_VALUES,
  },
  {
    name: 'ssl_verify_depth',
    syntax: ['ssl_verify_depth number;'],
    defaults: [{ value: '1' }],
    summary: 'Limits how long a client certificate chain may be when verifying it. Raise it when client certificates are issued by an intermediate CA below the trusted one; otherwise verification fails with "certificate chain too long".',
    values: VERIFY_DEPTH_VALUES,
  },
  {
    name: 'ssl_client_certificate',
    syntax: ['ssl_client_certificate file;'],
    summary: 'Trusted CA certificates (PEM) for verifying client certificates (and OCSP responses). Unlike `ssl_trusted_certificate`, the names of these CAs are sent to clients in the certificate request, which helps them choose a certificate; a long list makes the handshake bigger.',
  },
  {
    name: 'ssl_trusted_certificate',
    syntax: ['ssl_trusted_certificate file;'],
    summary: 'Trusted CA certificates (PEM) used to verify client certificates and OCSP responses for stapling; their names are not sent to clients. For `ssl_stapling_verify` it must hold the issuer (intermediate) and root of the server certificate.',
  },
  {
    name: 'ssl_crl',
    syntax: ['ssl_crl file;'],
    summary: 'A certificate revocation list (PEM) checked when verifying client certificates. Keep it fresh: an expired CRL makes every client verification fail.',
  },
  {
    name: 'ssl_stapling',
    syntax: ['ssl_stapling on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Staples an OCSP response about the server certificate to the handshake, so clients need not ask the CA themselves. nginx fetches responses from the responder named in the certificate, which needs a `resolver`, and the issuer certificate in the chain or in `ssl_trusted_certificate`. Certificates without an OCSP URL (Let\'s Encrypt since 2025) cannot be stapled: nginx only logs a warning.',
    values: ON_OFF,
  },
  {
    name: 'ssl_stapling_verify',
    syntax: ['ssl_stapling_verify on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Verifies fetched OCSP responses before stapling them, using the CAs in `ssl_trusted_certificate`.',
    values: ON_OFF,
  },
  {
    name: 'ssl_stapling_file',
    syntax: ['ssl_stapling_file file;'],
    summary: 'Staples an OCSP response read from a file (DER, e.g. from `openssl ocsp -respout`) instead of asking the responder. The file must be refreshed before the response expires.',
  },
  {
    name: 'ssl_stapling_responder',
    syntax: ['ssl_stapling_responder url;'],
    summary: 'Overrides the OCSP responder URL taken from the certificate\'s Authority Information Access extension; only `http://` responders are supported.',
  },
  {
    name: 'ssl_ocsp',
    syntax: ['ssl_ocsp on | off | leaf;'],
    defaults: [{ value: 'off' }],
    summary: 'Checks the revocation status of client certificates with OCSP (all certificates of the chain, or only the leaf with `leaf`). Needs `ssl_verify_client` and a `resolver` for the responder\'s name.',
    values: [{ value: 'on', doc: 'Check every certificate of the client chain.' }, { value: 'leaf', doc: 'Check the client certificate only.' }, { value: 'off', doc: 'The default.' }],
  },
  {
    name: 'ssl_ocsp_cache',
    syntax: ['ssl_ocsp_cache off | [shared:name:size];'],
    defaults: [{ value: 'off' }],
    summary: 'A shared-memory cache of client certificate OCSP statuses, so each certificate is not re-checked on every handshake.',
    values: [{ value: 'off', doc: 'No cache (the default).' }, { value: 'shared:', doc: '`shared:NAME:SIZE`, e.g. `shared:OCSP:10m`.' }],
  },
  {
    name: 'ssl_ocsp_responder',
    syntax: ['ssl_ocsp_responder url;'],
    summary: 'Overrides the OCSP responder URL used for client certificate checks (`ssl_ocsp`); only `http://` is supported.',
  },
  {
    name: 'ssl_ech_file',
    syntax: ['ssl_ech_file file;'],
    summary: 'Loads Encrypted Client Hello keys (PEM) so clients can hide the requested server name from observers. Needs a TLS library with ECH support; the directive may be repeated to load several keys, e.g. during rotation.',
  },
  {
    name: 'ssl_alpn',
    syntax: ['ssl_alpn protocol ...;'],
    summary: 'Stream module: the ALPN protocols the server offers during the handshake; a client asking only for others is refused. Use it when the TCP service behind the TLS listener speaks a named protocol (e.g. `h2`, `http/1.1`, `imap`).',
  },
  {
    name: 'ssl_handshake_timeout',
    syntax: ['ssl_handshake_timeout time;'],
    defaults: [{ value: '60s' }],
    summary: 'Stream module: how long a client may take to complete the TLS handshake before the connection is closed.',
  },
  {
    name: 'ssl_preread',
    syntax: ['ssl_preread on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Stream module: reads the ClientHello without terminating TLS and exposes `$ssl_preread_server_name` (SNI), `$ssl_preread_alpn_protocols` and `$ssl_preread_protocol`. Used with `map` to route TLS connections by name to different upstreams while the backends keep their own certificates.',
    values: ON_OFF,
  },
  {
    name: 'starttls',
    syntax: ['starttls on | off | only;'],
    defaults: [{ value: 'off' }],
    summary: 'Mail module: allows the STARTTLS (SMTP, IMAP) or STLS (POP3) command to upgrade a plain connection to TLS. With `only`, clients must upgrade before authenticating, so passwords never travel in clear text.',
    values: [{ value: 'on', doc: 'Offer STARTTLS/STLS.' }, { value: 'only', verdict: 'recommended', doc: 'Require the upgrade before login.' }, { value: 'off', doc: 'The default.' }],
  },
  {
    name: 'ssl_engine',
    syntax: ['ssl_engine device;'],
    summary: 'Main context: selects an OpenSSL engine (hardware accelerator) by name. Engines are deprecated since OpenSSL 3.0 in favour of providers.',
  },
  {
    name: 'ssl_object_cache_inheritable',
    syntax: ['ssl_object_cache_inheritable on | off;'],
    defaults: [{ value: 'on' }],
    summary: 'Main context: whether certificates, keys and CRLs loaded from files are kept across configuration reloads when the files did not change. Turn it off to force every reload to read them again.',
    values: ON_OFF,
  },
  {
    name: 'ssl',
    syntax: ['ssl on | off;'],
    defaults: [{ value: 'off' }],
    url: 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl',
    summary: 'Removed in 1.25.1 (obsolete since 1.15.0): it turned TLS on for every listening socket of the server. Use the `ssl` parameter of `listen` instead (`listen 443 ssl;`); with `ssl on` a plain-HTTP `listen` in the same server also expected TLS. nginx 1.25.1 and later refuse the configuration ("unknown directive").',
    values: ON_OFF,
  },
];

// ---------------------------------------------------------------------------------------------
// Upstream TLS: proxy_ssl_* (http and stream), grpc_ssl_*, uwsgi_ssl_*

interface UpstreamFamily {
  prefix: 'proxy' | 'grpc' | 'uwsgi';
  pass: string;
  scheme: string;
  nameDefault: string;
  /** First version of the family's TLS directives (older default ranges are left out). */
  since: string;
}

const FAMILIES: UpstreamFamily[] = [
  { prefix: 'proxy', pass: 'proxy_pass', scheme: 'https://', nameDefault: '$proxy_host', since: '1.5.6' },
  { prefix: 'grpc', pass: 'grpc_pass', scheme: 'grpcs://', nameDefault: 'host from grpc_pass', since: '1.13.10' },
  { prefix: 'uwsgi', pass: 'uwsgi_pass', scheme: 'suwsgi://', nameDefault: 'host from uwsgi_pass', since: '1.5.8' },
];

function upstreamTls(f: UpstreamFamily): DocSource[] {
  const p = `${f.prefix}_ssl`;
  const streamNote = f.prefix === 'proxy' ? ' In `stream`, the same directive applies to TLS connections to the upstream made with `proxy_ssl on`.' : '';
  return [
    {
      name: `${p}_protocols`,
      syntax: [`${p}_protocols [SSLv2] [SSLv3] [TLSv1] [TLSv1.1] [TLSv1.2] [TLSv1.3];`],
      defaults: PROTOCOL_DEFAULTS(f.since),
      summary: `Protocol versions nginx offers when it connects to a TLS upstream (\`${f.pass} ${f.scheme}…\`). Defaults follow the server-side \`ssl_protocols\`: before 1.27.3 they still include TLS 1.0 and 1.1. Repeating the directive adds to the list.${streamNote}`,
      values: PROTOCOL_VALUES,
    },
    {
      name: `${p}_ciphers`,
      syntax: [`${p}_ciphers ciphers;`],
      defaults: [{ value: 'DEFAULT' }],
      summary: `Cipher suites (OpenSSL cipher string, TLS 1.2 and older) offered to the upstream. The default is the library's own list; TLS 1.3 suites are set with \`${p}_conf_command Ciphersuites …\`.${streamNote}`,
      values: CIPHER_VALUES,
    },
    {
      name: `${p}_verify`,
      syntax: [`${p}_verify on | off;`],
      defaults: [{ value: 'off' }],
      summary: `Verifies the upstream server's certificate. Off by default: nginx then accepts any certificate, so anyone on the path can impersonate the upstream. Turning it on needs \`${p}_trusted_certificate\` with the CAs to trust, and the name is checked against \`${p}_name\`.${streamNote}`,
      values: [{ value: 'on', verdict: 'recommended', doc: `Check the upstream certificate and name (needs \`${p}_trusted_certificate\`).` }, { value: 'off', verdict: 'insecure', doc: 'Accept any upstream certificate: no protection against impersonation.' }],
    },
    {
      name: `${p}_verify_depth`,
      syntax: [`${p}_verify_depth number;`],
      defaults: [{ value: '1' }],
      summary: `Limits the length of the upstream's certificate chain during verification. Raise it when the upstream's certificate comes from an intermediate below the trusted CA and verification fails with "certificate chain too long".${streamNote}`,
      values: VERIFY_DEPTH_VALUES,
    },
    {
      name: `${p}_trusted_certificate`,
      syntax: [`${p}_trusted_certificate file;`],
      summary: `CA certificates (PEM) trusted when verifying the upstream (\`${p}_verify on\`). With verification on and no file here, every handshake fails. For public upstreams the system bundle (e.g. \`/etc/ssl/certs/ca-certificates.crt\`) works.${streamNote}`,
    },
    {
      name: `${p}_crl`,
      syntax: [`${p}_crl file;`],
      summary: `A revocation list (PEM) checked when verifying the upstream certificate.${streamNote}`,
    },
    {
      name: `${p}_name`,
      syntax: [`${p}_name name;`],
      defaults: [{ value: f.nameDefault }],
      summary: `The name used to verify the upstream certificate and, with \`${p}_server_name on\`, sent as SNI. Set it when \`${f.pass}\` names an upstream group or an address rather than the host name in the certificate.${streamNote}`,
    },
    {
      name: `${p}_server_name`,
      syntax: [`${p}_server_name on | off;`],
      defaults: [{ value: 'off' }],
      summary: `Sends the upstream's name (\`${p}_name\`) in the SNI extension. Off by default, so upstreams hosting several names (CDNs, shared hosting, most cloud load balancers) answer with the wrong certificate or refuse the handshake.${streamNote}`,
      values: [{ value: 'on', verdict: 'recommended', doc: 'Send SNI to the upstream.' }, { value: 'off', doc: 'No SNI (the default): name-based TLS upstreams may fail.' }],
    },
    {
      name: `${p}_session_reuse`,
      syntax: [`${p}_session_reuse on | off;`],
      defaults: [{ value: 'on' }],
      summary: `Resumes TLS sessions with the upstream to save handshakes. Turn it off only if the upstream mishandles resumption (errors such as "digest check failed").${streamNote}`,
      values: ON_OFF,
    },
    {
      name: `${p}_certificate`,
      syntax: [`${p}_certificate file;`],
      summary: `A client certificate (PEM) nginx presents to upstreams that require mutual TLS; pair it with \`${p}_certificate_key\`. Variables are allowed since 1.21.0.${streamNote}`,
    },
    {
      name: `${p}_certificate_key`,
      syntax: [`${p}_certificate_key file;`],
      summary: `The private key of \`${p}_certificate\`. \`engine:name:id\` loads it from an OpenSSL engine; encrypted keys need \`${p}_password_file\`.${streamNote}`,
    },
    {
      name: `${p}_certificate_cache`,
      syntax: [`${p}_certificate_cache off;`, `${p}_certificate_cache max=N [inactive=time] [valid=time];`],
      defaults: [{ value: 'off' }],
      summary: `Caches client certificates and keys that \`${p}_certificate\` loads through variables, instead of reading them at every connection.${streamNote}`,
    },
    {
      name: `${p}_password_file`,
      syntax: [`${p}_password_file file;`],
      summary: `Pass phrases (one per line) for an encrypted \`${p}_certificate_key\`.${streamNote}`,
    },
    {
      name: `${p}_conf_command`,
      syntax: [`${p}_conf_command name value;`],
      summary: `Passes an OpenSSL configuration command for connections to the upstream (e.g. \`Ciphersuites\` for TLS 1.3). May be repeated; a block with its own commands inherits none from outer blocks.${streamNote}`,
      values: CONF_COMMAND_VALUES,
    },
  ];
}

const STREAM_PROXY_TLS: DocSource[] = [
  {
    name: 'proxy_ssl',
    syntax: ['proxy_ssl on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Stream module: wraps the connection to the upstream in TLS (the stream counterpart of `proxy_pass https://`). As with http, verification (`proxy_ssl_verify`) and SNI (`proxy_ssl_server_name`) are off until turned on.',
    values: ON_OFF,
  },
  {
    name: 'proxy_ssl_alpn',
    syntax: ['proxy_ssl_alpn protocol ...;'],
    summary: 'Stream module: ALPN protocols offered to the upstream in the TLS handshake with `proxy_ssl on`.',
  },
];

// ---------------------------------------------------------------------------------------------
// HTTP/2, HTTP/3 and QUIC

const PROTOCOL_DIRECTIVES: DocSource[] = [
  {
    name: 'http2',
    syntax: ['http2 on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Enables HTTP/2 for the server (1.25.1+), replacing the deprecated `http2` parameter of `listen`. On TLS listeners HTTP/2 is chosen through ALPN, so it needs OpenSSL 1.0.2+; with the `ssl` parameter missing it is only reachable by prior knowledge.',
    values: ON_OFF,
  },
  {
    name: 'http3',
    syntax: ['http3 on | off;'],
    defaults: [{ value: 'on' }],
    summary: 'Enables HTTP/3 negotiation on `listen … quic` sockets. QUIC always uses TLS 1.3, so the server\'s certificate and keys serve both TCP and QUIC; advertise HTTP/3 to browsers with an `Alt-Svc` header.',
    values: ON_OFF,
  },
  {
    name: 'http3_hq',
    syntax: ['http3_hq on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Enables the HTTP/0.9-over-QUIC ("hq-interop") protocol used only by QUIC interoperability tests.',
    values: ON_OFF,
  },
  {
    name: 'http3_max_concurrent_streams',
    syntax: ['http3_max_concurrent_streams number;'],
    defaults: [{ value: '128' }],
    summary: 'The maximum number of concurrent HTTP/3 request streams in one QUIC connection.',
  },
  {
    name: 'http3_stream_buffer_size',
    syntax: ['http3_stream_buffer_size size;'],
    defaults: [{ value: '64k' }],
    summary: 'The size of the buffer for reading and writing QUIC streams.',
  },
  {
    name: 'quic_retry',
    syntax: ['quic_retry on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Sends a QUIC Retry packet to make clients prove their address before the handshake, which blunts amplification and spoofing attacks at the cost of one round trip.',
    values: ON_OFF,
  },
  {
    name: 'quic_gso',
    syntax: ['quic_gso on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Sends QUIC packets in batches with generic segmentation offload, where the kernel and network card support it.',
    values: ON_OFF,
  },
  {
    name: 'quic_host_key',
    syntax: ['quic_host_key file;'],
    summary: 'A file with the secret key used to protect QUIC stateless-reset and address-validation tokens. Without it a random key is made at each reload, so tokens do not survive reloads or work across servers.',
  },
  {
    name: 'quic_active_connection_id_limit',
    syntax: ['quic_active_connection_id_limit number;'],
    defaults: [{ value: '2' }],
    summary: 'The QUIC `active_connection_id_limit` transport parameter: how many connection IDs the client may make nginx store.',
  },
  {
    name: 'quic_bpf',
    syntax: ['quic_bpf on | off;'],
    defaults: [{ value: 'off' }],
    summary: 'Main context (Linux 5.7+): routes QUIC packets to the right worker with an eBPF program, so connections survive client address changes when `reuseport` spreads sockets over workers.',
    values: ON_OFF,
  },
];

// ---------------------------------------------------------------------------------------------
// Structure and routing around TLS

const STRUCTURE: DocSource[] = [
  {
    name: 'listen',
    syntax: [
      'listen address[:port] [ssl] [quic] [default_server] [proxy_protocol] [http2] [reuseport] [backlog=number] [rcvbuf=size] [sndbuf=size] [ipv6only=on|off] [so_keepalive=on|off|[keepidle]:[keepintvl]:[keepcnt]] [deferred] [bind] [fastopen=number] [setfib=number] [accept_filter=filter] [multipath];',
      'listen port [...];',
      'listen unix:path [...];',
    ],
    defaults: [{ value: '*:80 | *:8000' }],
    summary: 'The address and port a server accepts connections on, and how. Only sockets with the `ssl` parameter speak TLS: without it, clients connecting with TLS get "wrong version number" errors, even if the server has certificates. Options that belong to the socket (`ssl`, `reuseport`, `backlog`, `ipv6only`…) are given once per address:port, usually on the `default_server` line, and apply to every server on it. The default (80 as root, otherwise 8000) applies only when a server has no `listen` at all.',
  },
  {
    name: 'server_name',
    syntax: ['server_name name ...;'],
    defaults: [{ value: '""' }],
    summary: 'The names a server answers for: exact names, wildcards (`*.example.com`, `www.example.*`), regular expressions (`~^…$`), or `""` for requests without a Host. For TLS the same names are matched against the SNI of the handshake to choose the certificate; a client whose name matches no server gets the default server\'s certificate. Each name should be covered by that server\'s certificate.',
  },
  {
    name: 'add_header',
    syntax: ['add_header name value [always];'],
    summary: 'Adds a response header, e.g. `Strict-Transport-Security` (HSTS). Without `always` the header is only added to successful and redirect responses, so error pages go out without HSTS. Beware inheritance: a block that has any `add_header` of its own inherits none from outer blocks, so one `add_header` in a `location` silently drops the server\'s HSTS header there (1.29.3 adds `add_header_inherit merge`).',
    values: HEADER_NAME_VALUES,
  },
  {
    name: 'add_header_inherit',
    syntax: ['add_header_inherit on | off | merge;'],
    defaults: [{ value: 'on' }],
    summary: 'How `add_header` headers pass from outer blocks: `on` (inherited only by blocks with no `add_header` of their own), `off` (never), or `merge` (outer headers are added to the block\'s own). `merge` keeps a server-level HSTS header in locations that add headers.',
    values: [{ value: 'on', doc: 'Classic behaviour: inherited only when the block adds no header itself.' }, { value: 'off', doc: 'Never inherit outer headers.' }, { value: 'merge', verdict: 'recommended', doc: 'Add the outer headers to this block\'s own.' }],
  },
  {
    name: 'resolver',
    syntax: ['resolver address ... [valid=time] [ipv4=on|off] [ipv6=on|off];'],
    summary: 'DNS servers nginx itself queries at run time: for OCSP stapling responders, `proxy_pass` with variables, and upstream servers marked `resolve`. Without a resolver, `ssl_stapling` cannot reach the responder and silently staples nothing. `valid` overrides the TTL of answers; `ipv6=off` avoids AAAA lookups on hosts without IPv6.',
    values: [{ value: 'valid=', doc: 'Cache answers this long, whatever their TTL (e.g. `valid=300s`).' }, { value: 'ipv6=off', doc: 'Do not look up IPv6 addresses.' }, { value: 'ipv4=off', doc: 'Do not look up IPv4 addresses.' }],
  },
  {
    name: 'resolver_timeout',
    syntax: ['resolver_timeout time;'],
    defaults: [{ value: '30s' }],
    summary: 'How long nginx waits for the `resolver` to answer, e.g. when fetching OCSP responses.',
  },
  {
    name: 'proxy_pass',
    syntax: ['proxy_pass URL;', 'proxy_pass address;'],
    summary: 'Sends requests (http) or the connection (stream, address only) to an upstream. With `https://` nginx is the TLS client: the upstream certificate is not verified unless `proxy_ssl_verify on` and no SNI is sent unless `proxy_ssl_server_name on`. In stream, TLS to the upstream is turned on with `proxy_ssl on` instead of a scheme.',
    values: UPSTREAM_SCHEMES.proxy_pass,
  },
  {
    name: 'grpc_pass',
    syntax: ['grpc_pass address;'],
    summary: 'Sends requests to a gRPC server; `grpcs://` uses TLS, configured with the `grpc_ssl_*` directives (verification and SNI off by default). The client side must speak HTTP/2, so the server usually has `http2 on`.',
    values: UPSTREAM_SCHEMES.grpc_pass,
  },
  {
    name: 'uwsgi_pass',
    syntax: ['uwsgi_pass [protocol://]address;'],
    summary: 'Sends requests to a uwsgi server; `suwsgi://` uses TLS, configured with the `uwsgi_ssl_*` directives (no certificate verification unless `uwsgi_ssl_verify on`).',
    values: UPSTREAM_SCHEMES.uwsgi_pass,
  },
  {
    name: 'include',
    syntax: ['include file | mask;'],
    summary: 'Inserts another file (or every file matching a glob, in alphabetical order) at this point; relative paths start at the configuration prefix. The included text takes the context of the `include`, so a snippet with `ssl_protocols` may be fine in a `server` and refused in a `location`. A mask that matches nothing is accepted silently; a plain file name that does not exist is an error.',
  },
  {
    name: 'server',
    syntax: ['server { ... }', 'server address [parameters];'],
    summary: 'In `http`, `stream` and `mail`: a virtual server, whose `listen` and `server_name` decide which connections it gets and which certificate answers them. TLS settings in `http` act as defaults for all servers; a server can override them. In `upstream` blocks, `server` instead names a backend address with parameters such as `weight`, `max_fails` or `backup`.',
  },
  {
    name: 'location',
    syntax: ['location [ = | ~ | ~* | ^~ ] uri { ... }', 'location @name { ... }'],
    summary: 'Settings for requests whose URI matches. The TLS handshake is finished before any location is chosen, so handshake settings (`ssl_protocols`, certificates, ciphers) are not allowed here; upstream TLS (`proxy_ssl_*`) and headers (`add_header`, HSTS) are.',
    values: [
      { value: '=', at: [0], doc: 'Exact match; checked first.' },
      { value: '^~', at: [0], doc: 'Prefix match that stops the regex search when it is the longest prefix.' },
      { value: '~', at: [0], doc: 'Case-sensitive regular expression.' },
      { value: '~*', at: [0], doc: 'Case-insensitive regular expression.' },
    ],
  },
  {
    name: 'http',
    syntax: ['http { ... }'],
    summary: 'The HTTP server configuration. TLS directives here (`ssl_protocols`, `ssl_ciphers`, `ssl_session_cache`…) are defaults inherited by every server that does not set its own.',
  },
  {
    name: 'stream',
    syntax: ['stream { ... }'],
    summary: 'TCP and UDP proxying (not built by default). TLS can be terminated here (`listen … ssl` with `ssl_*` directives), passed through while reading SNI (`ssl_preread`), or originated to upstreams (`proxy_ssl on`).',
  },
  {
    name: 'mail',
    syntax: ['mail { ... }'],
    summary: 'The mail proxy (SMTP, IMAP, POP3; not built by default). TLS comes from `listen … ssl` for implicit TLS ports (465, 993, 995) or `starttls` for upgrades on plain ports.',
  },
  {
    name: 'upstream',
    syntax: ['upstream name { ... }'],
    summary: 'A named group of backend servers for `proxy_pass`, `grpc_pass`, `uwsgi_pass` and others. The group name is not a host name: with TLS to the group, set `proxy_ssl_name` (and `proxy_ssl_server_name on`) to the name in the backends\' certificates, or verification and SNI use the group name.',
  },
  {
    name: 'map',
    syntax: ['map string $variable { ... }'],
    summary: 'Sets a variable from another value through a lookup table, evaluated when the variable is used. With TLS it often maps `$ssl_preread_server_name` to an upstream in `stream`, or `$ssl_protocol` / `$ssl_client_verify` to decisions in `http`.',
  },
  {
    name: 'return',
    syntax: ['return code [text];', 'return code URL;', 'return URL;'],
    summary: 'Ends processing with a status code or a redirect. The usual HTTP-to-HTTPS redirect is `return 301 https://$host$request_uri;` in a plain-HTTP server; a `return` in the TLS server itself does not stop the handshake, which happens before any request.',
  },
  {
    name: 'error_page',
    syntax: ['error_page code ... [=[response]] uri;'],
    summary: 'Serves a URI (or redirects) for the given status codes. nginx\'s own code 497 marks a plain-HTTP request sent to a TLS port, so `error_page 497 https://$host$request_uri;` redirects such clients to HTTPS.',
  },
];

// ---------------------------------------------------------------------------------------------
// listen parameters

export interface ListenParameterDoc {
  /** As written, without `=value`. */
  name: string;
  /** Takes `=value`. */
  takesValue: boolean;
  syntax: string;
  doc: string;
  /** Dialect contexts where `listen` accepts it. */
  modules: ('http' | 'stream' | 'mail')[];
  since?: string;
  deprecated?: string;
  removed?: string;
  /** Example values for completion after `=`. */
  examples?: string[];
}

export const NGINX_LISTEN_PARAMETERS: readonly ListenParameterDoc[] = [
  { name: 'ssl', takesValue: false, syntax: 'ssl', since: '0.7.14', modules: ['http', 'stream', 'mail'], doc: 'Connections on this socket are TLS. Every server on the address:port then needs a certificate in effect (or `ssl_reject_handshake on`). Forgetting it on port 443 makes nginx answer TLS clients with plain HTTP ("wrong version number").' },
  { name: 'http2', takesValue: false, syntax: 'http2', since: '1.9.5', deprecated: '1.25.1', modules: ['http'], doc: 'Accepts HTTP/2 on this socket. Deprecated since 1.25.1: use the `http2 on;` directive in the server instead (nginx warns about the parameter).' },
  { name: 'quic', takesValue: false, syntax: 'quic', since: '1.25.0', modules: ['http'], doc: 'A UDP socket for QUIC (HTTP/3), always with TLS 1.3; usually next to a TCP `listen … ssl` on the same port. Needs the http_v3 module.' },
  { name: 'default_server', takesValue: false, syntax: 'default_server', since: '0.8.21', modules: ['http', 'stream'], doc: 'Makes this server the default for the address:port: it answers requests whose Host (and TLS clients whose SNI) match no `server_name`, and its certificate is shown to clients without SNI. Without it, the first server for the address:port is the default.' },
  { name: 'default', takesValue: false, syntax: 'default', modules: ['http'], doc: 'Old spelling of `default_server`.' },
  { name: 'proxy_protocol', takesValue: false, syntax: 'proxy_protocol', since: '1.5.12', modules: ['http', 'stream', 'mail'], doc: 'Every connection starts with a PROXY protocol header from a load balancer, before the TLS ClientHello. Direct clients are then refused, so only use it behind a balancer that sends the header.' },
  { name: 'reuseport', takesValue: false, syntax: 'reuseport', since: '1.9.1', modules: ['http', 'stream'], doc: 'Gives each worker its own listening socket (SO_REUSEPORT), spreading connections in the kernel. Give it once per address:port.' },
  { name: 'ipv6only', takesValue: true, syntax: 'ipv6only=on|off', since: '0.7.42', modules: ['http', 'stream', 'mail'], examples: ['on', 'off'], doc: 'For an IPv6 wildcard address (`[::]`): whether the socket accepts only IPv6 (on, the default) or IPv4 too.' },
  { name: 'backlog', takesValue: true, syntax: 'backlog=number', modules: ['http', 'stream', 'mail'], examples: ['511', '4096'], doc: 'Length of the queue of connections not yet accepted (511 by default on most systems, -1 on FreeBSD, DragonFly and macOS).' },
  { name: 'rcvbuf', takesValue: true, syntax: 'rcvbuf=size', modules: ['http', 'stream', 'mail'], doc: 'Receive buffer size of the socket (SO_RCVBUF).' },
  { name: 'sndbuf', takesValue: true, syntax: 'sndbuf=size', modules: ['http', 'stream', 'mail'], doc: 'Send buffer size of the socket (SO_SNDBUF).' },
  { name: 'so_keepalive', takesValue: true, syntax: 'so_keepalive=on|off|[keepidle]:[keepintvl]:[keepcnt]', since: '1.1.11', modules: ['http', 'stream', 'mail'], examples: ['on', 'off', '30m::10'], doc: 'TCP keepalive for accepted connections: on, off, or idle time, probe interval and probe count.' },
  { name: 'deferred', takesValue: false, syntax: 'deferred', modules: ['http', 'stream'], doc: 'Linux: accept a connection only when data (the ClientHello for TLS) has arrived (TCP_DEFER_ACCEPT).' },
  { name: 'bind', takesValue: false, syntax: 'bind', modules: ['http', 'stream', 'mail'], doc: 'Opens a separate socket for this exact address:port instead of sharing a wildcard socket on the same port. Implied by the socket options (`backlog`, `rcvbuf`, `sndbuf`, `reuseport`, `ipv6only`, `deferred`, `fastopen`, `so_keepalive`…).' },
  { name: 'fastopen', takesValue: true, syntax: 'fastopen=number', since: '1.5.8', modules: ['http', 'stream'], examples: ['256'], doc: 'TCP Fast Open with a queue of this length: data may arrive in the SYN. Replay-prone for non-idempotent requests.' },
  { name: 'setfib', takesValue: true, syntax: 'setfib=number', since: '0.8.44', modules: ['http', 'stream'], doc: 'FreeBSD: routing table (FIB) of the socket.' },
  { name: 'accept_filter', takesValue: true, syntax: 'accept_filter=filter', modules: ['http', 'stream'], examples: ['dataready', 'httpready'], doc: 'FreeBSD and NetBSD: kernel accept filter (`dataready`, `httpready`) that holds connections until data arrives.' },
  { name: 'multipath', takesValue: false, syntax: 'multipath', since: '1.29.7', modules: ['http', 'stream', 'mail'], doc: 'Linux: accept Multipath TCP (MPTCP) connections on this socket.' },
  { name: 'udp', takesValue: false, syntax: 'udp', since: '1.9.13', modules: ['stream'], doc: 'Stream only: a UDP socket (DNS, syslog, QUIC pass-through). TLS (`ssl`) is not possible on it.' },
  { name: 'spdy', takesValue: false, syntax: 'spdy', removed: '1.9.5', modules: ['http'], doc: 'Removed in 1.9.5 together with SPDY; use HTTP/2.' },
];

/** The doc of a `listen` argument (`ssl`, `backlog=511`), if it is a known parameter. */
export function nginxListenParameter(arg: string): ListenParameterDoc | undefined {
  const eq = arg.indexOf('=');
  const name = eq >= 0 ? arg.slice(0, eq) : arg;
  return NGINX_LISTEN_PARAMETERS.find((p) => p.name === name && p.takesValue === eq >= 0);
}

// ---------------------------------------------------------------------------------------------
// Index

const ALL: DocSource[] = [...SERVER_TLS, ...FAMILIES.flatMap(upstreamTls), ...STREAM_PROXY_TLS, ...PROTOCOL_DIRECTIVES, ...STRUCTURE];

let docs: Map<string, NginxDirectiveDoc> | undefined;

function build(src: DocSource): NginxDirectiveDoc {
  const info = lookupNginxDirective(src.name);
  const urls = new Set<string>();
  if (src.url) urls.add(src.url);
  for (const v of info?.variants ?? []) if (v.docsUrl) urls.add(v.docsUrl);
  return {
    name: src.name,
    syntax: src.syntax,
    defaults: src.defaults ?? [],
    summary: src.summary,
    values: src.values,
    urls: [...urls],
    contexts: info?.contexts ?? [],
    since: info?.since,
    removed: info?.removed,
    obsolete: info?.obsolete,
  };
}

function index(): Map<string, NginxDirectiveDoc> {
  if (!docs) {
    docs = new Map();
    for (const src of ALL) docs.set(src.name, build(src));
  }
  return docs;
}

/** The hand-written doc of a directive, or undefined when there is none. */
export function nginxDirectiveDoc(name: string): NginxDirectiveDoc | undefined {
  return index().get(name);
}

/** Names of every documented directive. */
export function nginxDocumentedDirectives(): string[] {
  return [...index().keys()].sort();
}

/** The default in effect for an nginx version (the newest when no version is given). */
export function nginxDefaultAt(doc: NginxDirectiveDoc, version?: string): string | undefined {
  if (!doc.defaults.length) return undefined;
  if (!version) return doc.defaults[0].value;
  const hit = doc.defaults.find((d) => (!d.from || compareNginxVersions(version, d.from) >= 0) && (!d.until || compareNginxVersions(version, d.until) < 0));
  return hit?.value;
}

/**
 * The doc of a value written as an argument of a directive, if known. Matches exact values, `key=`
 * prefixes (`max=1000`) and `prefix:` forms (`shared:SSL:10m`). `argIndex` filters position-bound values.
 */
export function nginxValueDoc(directive: string, value: string, argIndex?: number): NginxValueDoc | undefined {
  const doc = nginxDirectiveDoc(directive);
  if (!doc?.values) return undefined;
  const fits = (v: NginxValueDoc): boolean => argIndex === undefined || v.at === undefined || v.at.includes(argIndex);
  const exact = doc.values.find((v) => fits(v) && v.value === value);
  if (exact) return exact;
  const byPrefix = doc.values.find((v) => fits(v) && /[=:]$/.test(v.value) && value.startsWith(v.value));
  if (byPrefix) return byPrefix;
  // Cipher strings and curve lists: a single known element is documented on its own.
  return doc.values.find((v) => fits(v) && v.value.toLowerCase() === value.toLowerCase());
}
