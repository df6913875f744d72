// Hand-written notes on the Apache httpd directives that shape TLS (every mod_ssl directive, and the
// structural and proxy directives the TLS rules read), used by hover and completion. Syntax, default,
// contexts, module and "since" come from the directive table (apacheDirectives.ts), so they cannot drift
// from it; facts were checked against httpd's sources (modules/ssl/*.c, server/core.c); the words are ours.

import type { ValueVerdict } from './nginxDocs';

export interface ApacheValueDoc {
  value: string;
  doc: string;
  verdict?: ValueVerdict;
}

export interface ApacheDirectiveDoc {
  /** Two to five sentences: what it does for TLS, and the usual mistakes. */
  summary: string;
  /** Values (or `+`/`-` tokens) with a note, for hover on an argument and for completion. */
  values?: ApacheValueDoc[];
}

const ON_OFF = (on: string, off: string, onVerdict?: ValueVerdict, offVerdict?: ValueVerdict): ApacheValueDoc[] => [
  { value: 'on', doc: on, verdict: onVerdict },
  { value: 'off', doc: off, verdict: offVerdict },
];

const PROTOCOL_VALUES: ApacheValueDoc[] = [
  { value: 'all', doc: 'Every protocol this build of mod_ssl and OpenSSL supports (SSLv3 only when OpenSSL still has it). Usually written `-all` first and then `+` the wanted versions, or `all` followed by `-` the unwanted ones.' },
  { value: 'SSLv3', doc: 'Broken since POODLE (2014); modern OpenSSL builds do not even contain it. Remove it.', verdict: 'insecure' },
  { value: 'TLSv1', doc: 'TLS 1.0 (1999): deprecated by RFC 8996; only very old clients need it.', verdict: 'deprecated' },
  { value: 'TLSv1.1', doc: 'TLS 1.1 (2006): deprecated by RFC 8996, no modern client needs it.', verdict: 'deprecated' },
  { value: 'TLSv1.2', doc: 'TLS 1.2: still needed by many clients; keep it together with TLS 1.3.', verdict: 'recommended' },
  { value: 'TLSv1.3', doc: 'TLS 1.3: the current version (OpenSSL 1.1.1 or later). Its suites are set with `SSLCipherSuite TLSv1.3 …`, not by the cipher string.', verdict: 'recommended' },
];

const VERIFY_LEVELS: ApacheValueDoc[] = [
  { value: 'none', doc: 'No certificate is requested or checked.' },
  { value: 'optional', doc: 'A certificate is asked for; when one is sent it must verify against the configured CAs.' },
  { value: 'require', doc: 'A certificate that verifies against the configured CAs is mandatory.' },
  { value: 'optional_no_ca', doc: 'A certificate is asked for but its chain is not checked: only for testing, since anyone can present any certificate.', verdict: 'insecure' },
];

const REVOCATION_MODES: ApacheValueDoc[] = [
  { value: 'none', doc: 'No CRL checks.' },
  { value: 'chain', doc: 'Checks every certificate of the chain against the CRLs; a CA without a CRL fails verification unless the `no_crl_for_cert_ok` flag is given.' },
  { value: 'leaf', doc: 'Checks only the end-entity certificate against the CRLs.' },
  { value: 'no_crl_for_cert_ok', doc: 'Flag (httpd 2.4.21+): a certificate whose CA has no CRL configured passes instead of failing.' },
];

const SESSION_CACHE_TYPES: ApacheValueDoc[] = [
  { value: 'none', doc: 'No shared cache: each process keeps its own small cache, so a client resuming on another process does a full handshake.' },
  { value: 'nonenotnull', doc: 'No cache, but a non-empty session id is still sent (for clients that insist on one).' },
  { value: 'shmcb:', doc: 'A cyclic buffer in shared memory (`shmcb:/path(bytes)`), shared by every process; needs mod_socache_shmcb. The usual choice.', verdict: 'recommended' },
  { value: 'dbm:', doc: 'A DBM file on disk (`dbm:/path`); needs mod_socache_dbm. Slower than shmcb.' },
  { value: 'memcache:', doc: 'memcached servers (`memcache:host:port,…`), for a cache shared by several machines; needs mod_socache_memcache.' },
  { value: 'redis:', doc: 'Redis servers (`redis:host:port,…`, httpd 2.4.39+); needs mod_socache_redis.' },
];

const DOCS: Record<string, ApacheDirectiveDoc> = {
  // -------------------------------------------------------------------------------------------
  // mod_ssl: certificates and keys
  SSLCertificateFile: {
    summary: 'The server certificate, PEM encoded. Since 2.4.8 the file may also hold the intermediate CA certificates after the leaf (the chain that is sent to clients), and custom DH or EC parameters. Give the directive again (with a matching `SSLCertificateKeyFile`) to serve an RSA and an ECDSA certificate side by side; the client\'s capabilities pick one. The leaf must come first: a file that starts with an intermediate makes httpd pair the key with the wrong certificate.',
  },
  SSLCertificateKeyFile: {
    summary: 'The private key of the certificate, PEM encoded. Keys pair with `SSLCertificateFile` lines in order, so keep the two lists in the same order; when the key sits in the certificate file itself this directive can be left out. An encrypted key makes httpd ask for the pass phrase at every start (see `SSLPassPhraseDialog`). The file must be readable by root only: httpd reads it before dropping privileges.',
  },
  SSLCertificateChainFile: {
    summary: '**Deprecated since httpd 2.4.8**: put the intermediate certificates into the `SSLCertificateFile` file, after the leaf, instead. It names one chain file shared by every certificate of the virtual host, which is wrong as soon as RSA and ECDSA certificates come from different CAs. httpd still accepts it without a warning.',
  },
  SSLCACertificateFile: {
    summary: 'The CA certificates (concatenated PEM) client certificates are verified against, for `SSLVerifyClient`. It does not add anything to the chain the server sends: intermediates for the server certificate belong in `SSLCertificateFile`. The names of these CAs are also sent to clients as acceptable issuers unless `SSLCADNRequestFile`/`Path` says otherwise.',
  },
  SSLCACertificatePath: {
    summary: 'A directory of CA certificates for client certificate verification, found through hash-named links (created with `openssl rehash` or `c_rehash`). Without the links the certificates are not found, and every client certificate fails to verify.',
  },
  SSLCADNRequestFile: {
    summary: 'The CA certificates whose names the server lists as acceptable issuers when it asks for a client certificate. Only the names are used; verification still uses `SSLCACertificateFile`/`Path`. Useful to keep the list short or not to reveal the trust store.',
  },
  SSLCADNRequestPath: {
    summary: 'Like `SSLCADNRequestFile`, but a directory of hash-named CA certificates whose names are sent as acceptable issuers.',
  },
  SSLCARevocationCheck: {
    summary: 'Whether client certificates are checked against the CRLs of `SSLCARevocationFile`/`Path`: `none`, only the `leaf`, or the whole `chain`. With `chain` or `leaf`, a CA without a CRL makes every certificate it issued fail, unless the `no_crl_for_cert_ok` flag (2.4.21+) is given. Before 2.4.0 the check ran whenever CRLs were configured; now it must be turned on.',
    values: REVOCATION_MODES,
  },
  SSLCARevocationFile: {
    summary: 'Certificate revocation lists (concatenated PEM) for client certificate verification. They are read at startup only: an expired CRL makes verification fail until httpd is reloaded with a fresh one. Takes effect with `SSLCARevocationCheck`.',
  },
  SSLCARevocationPath: {
    summary: 'A directory of CRLs for client certificate verification, found through hash-named links (`openssl rehash`). Takes effect with `SSLCARevocationCheck`.',
  },
  // -------------------------------------------------------------------------------------------
  // mod_ssl: protocol and ciphers
  SSLEngine: {
    summary: 'Turns TLS on for the virtual host (or the main server). Every `<VirtualHost>` that serves HTTPS needs its own `SSLEngine on`: without it the host answers plain HTTP on port 443, and browsers show a protocol error (`SSL_ERROR_RX_RECORD_TOO_LONG`). `optional` is the RFC 2817 upgrade, which no browser implements.',
    values: [
      { value: 'on', doc: 'TLS on this host: every connection starts with a TLS handshake.', verdict: 'recommended' },
      { value: 'off', doc: 'No TLS (the default).' },
      { value: 'optional', doc: 'RFC 2817 upgrade from plain HTTP: not supported by browsers; almost never what is meant.' },
    ],
  },
  SSLProtocol: {
    summary: 'The TLS versions the server accepts, as words separated by spaces: `+TLSv1.3` adds a version, `-TLSv1` removes one, and a word **without** a sign replaces everything set so far, so `SSLProtocol TLSv1.2 TLSv1.3` enables TLS 1.3 only (httpd warns that a +/- prefix is probably missing). Write `SSLProtocol -all +TLSv1.2 +TLSv1.3`. The default is `all -SSLv3` (since 2.4.17). With name-based virtual hosts sharing an address, each host\'s own setting is honoured only from httpd 2.4.42 with OpenSSL 1.1.1; older combinations use the first host\'s.',
    values: PROTOCOL_VALUES,
  },
  SSLCipherSuite: {
    summary: 'The cipher string for TLS 1.2 and older, in OpenSSL syntax (`ECDHE+AESGCM:!aNULL`). An optional first argument selects what is set: `SSL` (the default: TLS 1.2 and below) or `TLSv1.3` (httpd 2.4.36+ with OpenSSL 1.1.1), which takes a list of TLS 1.3 suite names (`TLS_AES_256_GCM_SHA384:…`) instead of a cipher string; the two are independent, so TLS 1.3 suites never appear in the plain cipher string. In a directory or .htaccess it forces a renegotiation after the request (impossible with TLS 1.3).',
  },
  SSLHonorCipherOrder: {
    summary: 'When on, the server picks the first suite of its own `SSLCipherSuite` list that the client supports; when off (the default), the client\'s preference wins. Turn it on when the list still holds weaker suites that clients might prefer; with a list of strong AEAD suites only, leaving the choice to clients (which know whether they have AES hardware) is fine.',
    values: ON_OFF('The server\'s order decides.', 'The client\'s order decides (the default).'),
  },
  SSLCompression: {
    summary: 'TLS-level compression (httpd 2.4.3+, default off). Compressing secrets together with attacker-controlled data leaks them (the CRIME attack), and modern OpenSSL builds lack compression altogether. Leave it off.',
    values: ON_OFF('Enables compression: vulnerable to CRIME.', 'No compression (the default).', 'insecure', 'recommended'),
  },
  SSLInsecureRenegotiation: {
    summary: 'Allows renegotiation with clients that lack the secure renegotiation extension (RFC 5746). Such renegotiation lets a man in the middle splice his own request in front of the victim\'s (CVE-2009-3555). Leave it off; clients from the last decade all support the extension.',
    values: ON_OFF('Unsafe legacy renegotiation allowed.', 'Only secure renegotiation (the default).', 'insecure', 'recommended'),
  },
  SSLOpenSSLConfCmd: {
    summary: 'Passes a command straight to OpenSSL\'s SSL_CONF API (httpd 2.4.8+, OpenSSL 1.0.2+): `Curves`/`Groups` for the key exchange groups, `DHParameters`, `SignatureAlgorithms`, `MinProtocol`, `Options`, `Ciphersuites`… The commands run after mod_ssl\'s own settings, so they override `SSLProtocol` or `SSLCipherSuite` on the same subject. A command OpenSSL does not know stops httpd at startup. Repeat the directive for several commands.',
  },
  SSLFIPS: {
    summary: 'Switches OpenSSL into FIPS mode for the whole server. httpd refuses to start when the OpenSSL library has no FIPS support (with OpenSSL 3, the FIPS provider must be installed and configured). Allowed only at the top level.',
    values: ON_OFF('FIPS mode.', 'Normal mode (the default).'),
  },
  SSLCryptoDevice: {
    summary: 'An OpenSSL engine (hardware accelerator) for the private key operations, server-wide. `builtin` uses no engine. OpenSSL 3 deprecates engines in favour of providers.',
  },
  SSLStrictSNIVHostCheck: {
    summary: 'Whether clients that send no SNI may reach a name-based virtual host. On the first (default) host of an address it refuses every client without SNI; on another host it refuses them only there. Every current client sends SNI, so turning it on mostly blocks old tools and scanners. A request whose Host header selects a host with other TLS settings than the one SNI chose is refused (421 Misdirected Request) either way.',
    values: ON_OFF('Clients without SNI are refused.', 'Clients without SNI get the default host (the default).'),
  },
  SSLVHostSNIPolicy: {
    summary: 'How strictly httpd checks that name-based virtual hosts sharing an address have compatible TLS settings when the Host header of a request differs from the SNI name (a late 2.4 release; the reference this table was built from predates it). See the mod_ssl documentation of the running version for its values.',
  },
  // -------------------------------------------------------------------------------------------
  // mod_ssl: sessions
  SSLSessionCache: {
    summary: 'The cache of TLS sessions shared by all httpd processes, for session-id resumption. Server-wide only. Debian\'s ssl.conf sets `shmcb:${APACHE_RUN_DIR}/ssl_scache(512000)`. With `none`, a returning client that lands on another process pays a full handshake. `shmcb:` needs mod_socache_shmcb loaded, or httpd refuses the configuration.',
    values: SESSION_CACHE_TYPES,
  },
  SSLSessionCacheTimeout: {
    summary: 'How long (seconds) a cached session, and since 2.4.10 a session ticket, may be resumed. Default 300. Longer times save handshakes but keep the session keys around longer.',
  },
  SSLSessionTickets: {
    summary: 'Whether the server issues RFC 5077 session tickets (httpd 2.4.11+, default on). Tickets are encrypted with a key httpd generates at startup and keeps until the next restart, so a long-running server weakens the forward secrecy of every TLS 1.2 session. Turn them off, or rotate `SSLSessionTicketKeyFile` regularly.',
    values: ON_OFF('Tickets issued (the default).', 'No tickets: resumption uses the session cache only.'),
  },
  SSLSessionTicketKeyFile: {
    summary: 'A file of 48 random bytes used as the session ticket key (for servers behind a load balancer that must resume each other\'s sessions). It must be regenerated regularly and httpd reloaded, or forward secrecy is lost; keep it readable by root only and off persistent storage if possible.',
  },
  // -------------------------------------------------------------------------------------------
  // mod_ssl: OCSP stapling
  SSLUseStapling: {
    summary: 'Staples the OCSP response of the server certificate to the handshake, so clients need not ask the CA. Needs `SSLStaplingCache` at the top level: without it httpd refuses to start ("SSLStapling: no stapling cache available"). The certificate must name an OCSP responder (or use `SSLStaplingForceURL`), and httpd must be able to reach it. Many CAs (Let\'s Encrypt since 2025) no longer run OCSP.',
    values: ON_OFF('OCSP responses stapled.', 'No stapling (the default).'),
  },
  SSLStaplingCache: {
    summary: 'Where stapled OCSP responses are cached, e.g. `shmcb:${APACHE_RUN_DIR}/ssl_stapling(32768)`. Required by `SSLUseStapling on`. Server-wide only.',
    values: SESSION_CACHE_TYPES.filter((v) => v.value !== 'none' && v.value !== 'nonenotnull'),
  },
  SSLStaplingErrorCacheTimeout: { summary: 'Seconds an invalid or failed OCSP response stays cached before httpd asks the responder again. Default 600.' },
  SSLStaplingFakeTryLater: {
    summary: 'When the responder cannot be queried, staple a made-up "tryLater" response instead of nothing. Default on; only matters when `SSLStaplingReturnResponderErrors` is on.',
    values: ON_OFF('Fake "tryLater" responses.', 'Nothing stapled on failure.'),
  },
  SSLStaplingForceURL: { summary: 'An OCSP responder URL used instead of the one named in the certificate (for example a local caching proxy).' },
  SSLStaplingResponderTimeout: { summary: 'Seconds to wait for the OCSP responder. Default 10. The query happens during a handshake, so a slow responder delays clients.' },
  SSLStaplingResponseMaxAge: { summary: 'The oldest OCSP response (seconds since it was produced) still stapled; -1, the default, means no limit other than the response\'s own validity.' },
  SSLStaplingResponseTimeSkew: { summary: 'Clock skew (seconds) tolerated when checking an OCSP response\'s validity times. Default 300.' },
  SSLStaplingReturnResponderErrors: {
    summary: 'Whether error responses from the OCSP responder (and faked "tryLater" ones) are stapled. Default on; turning it off staples only good responses, which clients handle best.',
    values: ON_OFF('Error responses stapled too (the default).', 'Only valid responses stapled.', undefined, 'recommended'),
  },
  SSLStaplingStandardCacheTimeout: { summary: 'Seconds a valid OCSP response stays cached, unless it expires earlier. Default 3600.' },
  // -------------------------------------------------------------------------------------------
  // mod_ssl: client certificates and OCSP checks of them
  SSLVerifyClient: {
    summary: 'Whether clients must present a certificate: `none`, `optional`, `require` or `optional_no_ca`. Verification uses `SSLCACertificateFile`/`Path`. Set in a directory or location it forces a renegotiation after the request line, which TLS 1.3 cannot do (it needs post-handshake authentication, which most browsers do not offer), so such requests fail there.',
    values: VERIFY_LEVELS,
  },
  SSLVerifyDepth: { summary: 'How many CA certificates a client certificate chain may have above the client certificate before verification gives up. Default 1 (the client certificate must be issued directly by a trusted CA); raise it when clients are issued by intermediates.' },
  SSLOCSPEnable: {
    summary: 'Checks client certificates with OCSP (not stapling: see `SSLUseStapling`). `on` checks the whole chain, `leaf` only the client certificate. Each check may contact the responder during the handshake.',
    values: [
      { value: 'on', doc: 'OCSP check of every certificate of the client chain.' },
      { value: 'leaf', doc: 'OCSP check of the client certificate only.' },
      { value: 'off', doc: 'No OCSP checks (the default).' },
    ],
  },
  SSLOCSPDefaultResponder: { summary: 'The OCSP responder for client certificates that name none (or for all of them with `SSLOCSPOverrideResponder on`).' },
  SSLOCSPOverrideResponder: { summary: 'Use `SSLOCSPDefaultResponder` even when a client certificate names its own responder.', values: ON_OFF('Always the default responder.', 'The certificate\'s responder when it names one (the default).') },
  SSLOCSPNoVerify: { summary: 'Skips verification of the OCSP responder\'s certificate (httpd 2.4.26+). Only for testing: an unverified response proves nothing.', values: ON_OFF('Responses not verified.', 'Responses verified (the default).', 'insecure') },
  SSLOCSPProxyURL: { summary: 'An HTTP proxy through which OCSP requests for client certificates are sent (httpd 2.4.19+).' },
  SSLOCSPResponderCertificateFile: { summary: 'Extra trusted certificates for verifying OCSP responses whose signer is not part of the client chain (httpd 2.4.26+).' },
  SSLOCSPResponderTimeout: { summary: 'Seconds to wait for the OCSP responder when checking a client certificate. Default 10.' },
  SSLOCSPResponseMaxAge: { summary: 'The oldest acceptable OCSP response for a client certificate, in seconds; -1 (default): no limit.' },
  SSLOCSPResponseTimeSkew: { summary: 'Clock skew (seconds) allowed for OCSP response times. Default 300.' },
  SSLOCSPUseRequestNonce: { summary: 'Sends a nonce in OCSP queries for client certificates (httpd 2.4.10+, default on). Some responders reject nonces; turn it off for them.', values: ON_OFF('Nonce sent (the default).', 'No nonce.') },
  SSLRenegBufferSize: { summary: 'How many bytes of a request body httpd buffers while a per-directory renegotiation (`SSLVerifyClient` or `SSLCipherSuite` in a directory) takes place. Default 131072; larger bodies fail with 413.' },
  SSLRequireSSL: { summary: 'Refuses (403) requests to the directory that did not come over TLS. A safety net for content that must never be served in clear, e.g. when the same directory is reachable from an HTTP virtual host.' },
  SSLRequire: { summary: '**Deprecated**: an access check on an expression over SSL variables. Use `Require expr …` of mod_authz_core instead, which uses the same expression language.' },
  SSLUserName: { summary: 'The SSL variable (e.g. `SSL_CLIENT_S_DN_CN`) whose value becomes the request\'s user name, as logged and seen by CGI scripts.' },
  SSLOptions: {
    summary: 'Per-directory options: `+StdEnvVars` (export the SSL_* variables to CGI/SSI: costly, so limit it to `<FilesMatch "\\.(cgi|shtml|php)$">`), `+ExportCertData` (also the PEM certificates), `+FakeBasicAuth` (client certificate DN as a Basic auth user), `+StrictRequire`, `+OptRenegotiate`, `+LegacyDNStringFormat`. Options with `+`/`-` merge with the enclosing ones; a list without signs replaces them.',
    values: [
      { value: '+StdEnvVars', doc: 'Exports the SSL_* environment variables: expensive on every request; use only where CGI/SSI/PHP needs them.' },
      { value: '+ExportCertData', doc: 'Also exports SSL_SERVER_CERT, SSL_CLIENT_CERT and the client chain (PEM).' },
      { value: '+FakeBasicAuth', doc: 'Turns the client certificate subject into a Basic auth user name (with the password "password").' },
      { value: '+StrictRequire', doc: 'Denies access when `SSLRequireSSL`/`SSLRequire` deny, even if `Satisfy any` would allow it.' },
      { value: '+OptRenegotiate', doc: 'Renegotiates only the parts that change with per-directory TLS settings.' },
      { value: '+LegacyDNStringFormat', doc: 'DN variables in the pre-2.3 format.' },
    ],
  },
  SSLPassPhraseDialog: {
    summary: 'How httpd obtains the pass phrase of encrypted private keys at startup: `builtin` (asks on the terminal: unusable for a service started at boot), `exec:/path` (a program prints it; Debian uses `exec:/usr/share/apache2/ask-for-passphrase`) or `|/path` (a pipe). Server-wide only.',
  },
  SSLRandomSeed: {
    summary: 'Entropy sources for OpenSSL\'s random generator at `startup` and on each `connect`: `builtin`, `file:/dev/urandom`, `exec:…`, `egd:…`. Modern OpenSSL seeds itself from the operating system, so this rarely matters. Server-wide only; may be repeated.',
  },
  SSLSRPVerifierFile: { summary: 'The SRP verifier file (created with `openssl srp`) for TLS-SRP password authentication (httpd 2.4.4+). SRP is deprecated in OpenSSL 3 and unsupported by browsers.' },
  SSLSRPUnknownUserSeed: { summary: 'A secret seed used to fake SRP parameters for unknown users, so that user names cannot be probed (httpd 2.4.4+).' },
  SSLLog: { summary: '**No longer supported**: httpd refuses the configuration. Use `ErrorLog`.' },
  SSLLogLevel: { summary: '**No longer supported**: httpd refuses the configuration. Use `LogLevel ssl:info` (or another level for the ssl module).' },
  // -------------------------------------------------------------------------------------------
  // mod_ssl: TLS towards backends (mod_proxy with https:// URLs)
  SSLProxyEngine: {
    summary: 'Enables TLS for connections to backends (`ProxyPass / https://backend/`). Without it, an https:// backend gets a request but no handshake, and the proxy answers 500. Set it in the virtual host (or, since 2.4.30, in a `<Proxy>` section).',
    values: ON_OFF('TLS to backends.', 'No TLS to backends (the default).'),
  },
  SSLProxyVerify: {
    summary: 'Whether the backend\'s certificate is verified. The default `none` accepts any certificate, so anyone on the path to the backend can impersonate it: use `require` with `SSLProxyCACertificateFile`. With verification on, `SSLProxyCheckPeerName` (default on) also matches the certificate to the backend\'s host name.',
    values: VERIFY_LEVELS,
  },
  SSLProxyVerifyDepth: { summary: 'How many CA certificates the backend\'s chain may have above its certificate. Default 1; raise it for backends with an intermediate CA.' },
  SSLProxyCACertificateFile: { summary: 'The CA certificates (PEM) backend certificates are verified against. Needed by `SSLProxyVerify require`; without it every backend fails verification.' },
  SSLProxyCACertificatePath: { summary: 'A directory of hash-named CA certificates (`openssl rehash`) for verifying backends.' },
  SSLProxyCARevocationCheck: { summary: 'CRL checking of backend certificates: `none`, `leaf` or `chain` (see `SSLCARevocationCheck`).', values: REVOCATION_MODES },
  SSLProxyCARevocationFile: { summary: 'CRLs (PEM) for backend certificate verification.' },
  SSLProxyCARevocationPath: { summary: 'A directory of hash-named CRLs for backend certificate verification.' },
  SSLProxyCheckPeerName: {
    summary: 'Checks that the backend certificate names the host of the backend URL (subjectAltName, then CN), httpd 2.4.5+, default on. Turning it off lets any certificate the CAs trust stand in for the backend.',
    values: ON_OFF('Host name checked (the default).', 'No host name check.', 'recommended', 'insecure'),
  },
  SSLProxyCheckPeerCN: {
    summary: 'The older host name check on the backend certificate\'s CN only. Superseded by `SSLProxyCheckPeerName`, which takes precedence when set.',
    values: ON_OFF('CN checked (the default).', 'No CN check.'),
  },
  SSLProxyCheckPeerExpire: {
    summary: 'Refuses an expired (or not yet valid) backend certificate. Default on.',
    values: ON_OFF('Validity checked (the default).', 'Expired backend certificates accepted.', 'recommended', 'insecure'),
  },
  SSLProxyCipherSuite: { summary: 'The cipher string for TLS 1.2 and older towards backends; like `SSLCipherSuite`, an optional first argument `TLSv1.3` sets the TLS 1.3 suites instead. The default comes from OpenSSL.' },
  SSLProxyProtocol: { summary: 'The TLS versions offered to backends, written like `SSLProtocol` (`-all +TLSv1.2 +TLSv1.3`; a word without a sign replaces the list). Default `all -SSLv3`.', values: PROTOCOL_VALUES },
  SSLProxyMachineCertificateFile: { summary: 'Client certificates (PEM, each followed by its unencrypted key) httpd presents to backends that ask for one. The file must be readable by root only.' },
  SSLProxyMachineCertificatePath: { summary: 'A directory of client certificate+key files for backends, found through hash-named links.' },
  SSLProxyMachineCertificateChainFile: { summary: 'Intermediate CA certificates sent along with the `SSLProxyMachineCertificateFile` client certificates.' },
  // -------------------------------------------------------------------------------------------
  // Structure: addresses, virtual hosts, files
  Listen: {
    summary: 'An address and port httpd listens on, optionally with a protocol: `Listen 443` or `Listen 192.0.2.1:8443 https`. Port 443 implies `https`; another TLS port needs the protocol word. Listening alone does not turn TLS on: the `<VirtualHost>` for the port needs `SSLEngine on`. The same address twice stops httpd ("Cannot define multiple Listeners on the same IP:port"). Debian puts these in ports.conf, with 443 inside `<IfModule ssl_module>`.',
    values: [
      { value: '443', doc: 'Every address, port 443; the protocol defaults to `https`.', verdict: 'recommended' },
      { value: '80', doc: 'Every address, port 80 (plain HTTP); usually only to redirect to HTTPS.' },
      { value: 'https', doc: 'Protocol word: connections on this port are TLS (the default for port 443 only).' },
      { value: 'http', doc: 'Protocol word: plain HTTP (the default for ports other than 443).' },
    ],
  },
  VirtualHost: {
    summary: 'A virtual host for the given address(es), e.g. `<VirtualHost *:443>`. For TLS it needs `SSLEngine on`, a certificate and a `ServerName`; with several hosts on one address the SNI name picks the host (the first one is the default for clients without SNI or with an unknown name). A name-based host must use the same address form as the others (`*:443` vs. an IP) or it is never chosen.',
  },
  ServerName: {
    summary: 'The host name (and optionally scheme and port) of the server or virtual host. With TLS it selects the virtual host from the SNI name, and it should be covered by the certificate: a mismatch gives browsers a name error. Without it httpd guesses from the system host name and logs AH00558.',
  },
  ServerAlias: {
    summary: 'More host names (wildcards allowed) that select this virtual host, by SNI and by Host header. Each should be covered by the certificate. May be repeated.',
  },
  ServerRoot: {
    summary: 'The directory relative paths in the configuration resolve against (Debian: `/etc/apache2`, set by apache2ctl). Paths like `SSLCertificateFile ssl/cert.pem` or `Include conf.d/*.conf` depend on it. Server-wide only; it applies to what follows it.',
  },
  Include: {
    summary: 'Reads more configuration files at this point: a file, a directory (every file in it) or a wildcard. A file or pattern that matches nothing stops httpd; use `IncludeOptional` for directories that may be empty. Included directives sit in the context of the `Include` line (e.g. inside a `<VirtualHost>`).',
  },
  IncludeOptional: {
    summary: 'Like `Include`, but a wildcard that matches nothing is silently ignored (since 2.4.30 also a missing plain path). Debian uses it for `sites-enabled/*.conf` and `conf-enabled/*.conf`, so a misnamed site file (without `.conf`) is not read at all.',
  },
  Define: {
    summary: 'Defines a variable (`Define NAME value`) usable as `${NAME}` in later lines, or a bare parameter tested by `<IfDefine NAME>`. Debian\'s envvars set the variables `APACHE_RUN_DIR`, `APACHE_LOG_DIR`… through the environment, which `${…}` also reads.',
  },
  UnDefine: { summary: 'Removes a parameter or variable set by `Define` (or `-D` on the command line).' },
  LoadModule: {
    summary: 'Loads a module: `LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so`. Every SSL* directive needs mod_ssl; without it httpd stops at the first one ("Invalid command ... perhaps misspelled or defined by a module not included"). Debian loads modules through `a2enmod` (mods-enabled/*.load).',
  },
  IfModule: {
    summary: 'Reads its content only when the named module is loaded (`<IfModule ssl_module>` or `<IfModule mod_ssl.c>`), `!` for the opposite. Handy in shared snippets, but it also hides mistakes: TLS settings inside `<IfModule mod_ssl.c>` silently vanish when mod_ssl is not enabled.',
  },
  IfDefine: { summary: 'Reads its content only when a parameter is defined (by `Define` or `-D`), `!` for the opposite.' },
  IfVersion: { summary: 'Reads its content only when the httpd version matches (`<IfVersion >= 2.4.36>`): useful for directives or arguments of later releases, such as `SSLCipherSuite TLSv1.3`.' },
  IfFile: { summary: 'Reads its content only when the file exists (httpd 2.4.34+); e.g. to use a certificate only once it has been issued.' },
  Directory: { summary: 'Settings for a filesystem directory and below. Per-directory sections cannot hold handshake settings (`SSLEngine`, `SSLProtocol`, certificates): httpd refuses those there. `SSLCipherSuite` and `SSLVerifyClient` are allowed but force a renegotiation, which TLS 1.3 cannot do.' },
  Location: { summary: 'Settings for URL paths. Like `<Directory>`, it cannot hold handshake settings; `SSLRequireSSL`, `SSLOptions`, `SSLVerifyClient` (renegotiation) are the TLS directives that fit here.' },
  Files: { summary: 'Settings for files by name, e.g. `<FilesMatch "\\.(cgi|php)$"> SSLOptions +StdEnvVars </FilesMatch>`. Handshake settings are refused here.' },
  DirectoryMatch: { summary: 'Like `<Directory>`, for directories matching a regular expression. A per-directory section: no handshake settings here.' },
  LocationMatch: { summary: 'Like `<Location>`, for URL paths matching a regular expression. A per-directory section: no handshake settings here.' },
  FilesMatch: { summary: 'Like `<Files>`, for file names matching a regular expression; the usual place for `SSLOptions +StdEnvVars` limited to scripts.' },
  If: { summary: 'Settings applied when an expression holds for the request, e.g. `<If "%{HTTPS} != \'on\'">` to redirect plain HTTP. Evaluated per request, so it is a per-directory section: handshake settings are refused inside.' },
  ElseIf: { summary: 'The next condition after an `<If>` whose condition did not hold. A per-directory section, like `<If>`.' },
  Else: { summary: 'Settings for requests matched by no preceding `<If>`/`<ElseIf>`. A per-directory section, like `<If>`.' },
  IfDirective: { summary: 'Reads its content only when the named directive exists, i.e. its module is loaded (httpd 2.4.34+).' },
  IfSection: { summary: 'Reads its content only when the named section exists (httpd 2.4.34+).' },
  Limit: { summary: 'Access control for the listed HTTP methods only. Almost always `<LimitExcept>` or plain `Require` is what is meant: other methods stay unrestricted.' },
  LimitExcept: { summary: 'Access control for every HTTP method except the listed ones.' },
  Macro: { summary: 'A template (mod_macro) expanded where `Use` names it, with its parameters substituted. tlslint judges the directives where the macro is used, not in its definition.' },
  Use: { summary: 'Expands a `<Macro>` here with the given arguments, e.g. `Use TlsSite example.com`.' },
  RequireAll: { summary: 'Authorization that passes only when every enclosed `Require` passes.' },
  RequireAny: { summary: 'Authorization that passes when any enclosed `Require` passes.' },
  RequireNone: { summary: 'Authorization that fails when any enclosed `Require` passes (for exclusions inside `<RequireAll>`).' },
  Require: { summary: 'An authorization rule (`Require all granted`, `Require ip 192.0.2.0/24`, `Require expr %{SSL_CLIENT_S_DN_O} == "Example"`). Client certificate checks belong in `Require expr` rather than the deprecated `SSLRequire`.' },
  BalancerMember: { summary: 'A backend of a `balancer://` group. An https:// member needs `SSLProxyEngine on` in the virtual host that proxies to the balancer, like any TLS backend.' },
  Proxy: { summary: 'Settings for proxied URLs (`<Proxy "https://backend/">`). Since httpd 2.4.30 the SSLProxy* directives may be set here, per backend.' },
  // -------------------------------------------------------------------------------------------
  // HTTP features the TLS rules read
  Header: {
    summary: 'Sets or changes response headers. For HSTS: `Header always set Strict-Transport-Security "max-age=63072000"` in the TLS virtual host. Without `always`, the header is only added to successful responses (not to error pages or redirects). Needs mod_headers. Settings in a `<Directory>`/`<Location>` are merged with the host\'s.',
  },
  RequestHeader: { summary: 'Sets or changes request headers passed to backends and handlers, e.g. `RequestHeader set X-Forwarded-Proto https` behind a TLS virtual host.' },
  Protocols: {
    summary: 'The application protocols offered, in order of preference: `Protocols h2 http/1.1` offers HTTP/2 over TLS through ALPN (with mod_http2). HTTP/2 over TLS requires TLS 1.2+ and forbids many older ciphers (RFC 7540 Appendix A); with mod_http2 `H2ModernTLSOnly on` (the default) it is refused on connections that do not meet that.',
  },
  ProtocolsHonorOrder: { summary: 'Whether the server\'s `Protocols` order (on, the default) or the client\'s decides the ALPN protocol.' },
  ProxyPass: {
    summary: 'Maps a URL path to a backend: `ProxyPass "/app/" "https://backend:8443/"`. An https:// backend needs `SSLProxyEngine on` in the same host, and its certificate is not verified unless `SSLProxyVerify require` with a CA file is set. Order matters: the first matching rule wins.',
  },
  ProxyPassReverse: { summary: 'Rewrites `Location`, `Content-Location` and `URI` headers of backend redirects so that clients stay on the front-end URL (and on https).' },
  ProxyPassMatch: { summary: 'Like `ProxyPass` with a regular expression on the path. https:// backends need `SSLProxyEngine on`.' },
  ProxyPreserveHost: { summary: 'Passes the client\'s Host header to the backend. With TLS backends, SNI and the certificate name check then use that host name, not the one in the `ProxyPass` URL.' },
  Redirect: { summary: 'Redirects a URL path, e.g. `Redirect permanent / https://example.com/` in the port-80 virtual host to send every client to HTTPS.' },
  RewriteEngine: { summary: 'Turns mod_rewrite on for the context; `RewriteRule`s are ignored without it. Per virtual host: rules of the main server are not inherited unless `RewriteOptions Inherit`.' },
  RewriteRule: { summary: 'Rewrites or redirects by regular expression; e.g. `RewriteRule ^ https://%{SERVER_NAME}%{REQUEST_URI} [END,NE,R=permanent]` for an HTTP to HTTPS redirect.' },
  H2ModernTLSOnly: { summary: 'Whether HTTP/2 requires "modern" TLS (TLS 1.2+ and no cipher of RFC 7540\'s block list). Default on: connections not meeting it get an error when they try HTTP/2.' },
  H2Direct: { summary: 'HTTP/2 without upgrade on cleartext connections (h2c prior knowledge). Has no effect on TLS connections, where ALPN decides.' },
  DocumentRoot: { summary: 'The directory served for the host. The HTTP and HTTPS virtual hosts of one site usually share it.' },
  MDomain: { summary: 'A domain managed by mod_md: httpd obtains and renews its certificate through ACME itself (no `SSLCertificateFile` needed for hosts whose names it covers).' },
};

const BY_LOWER = new Map(Object.entries(DOCS).map(([k, v]) => [k.toLowerCase(), { name: k, ...v }]));

export function apacheDirectiveDoc(name: string): (ApacheDirectiveDoc & { name: string }) | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Names with a hand-written note (canonical case). */
export function documentedApacheDirectives(): string[] {
  return Object.keys(DOCS);
}

/** A value of a directive with a note: `+TLSv1.2` and `-TLSv1` find `TLSv1.2`/`TLSv1`; `shmcb:/x` finds `shmcb:`. */
export function apacheValueDoc(directive: string, value: string): ApacheValueDoc | undefined {
  const values = apacheDirectiveDoc(directive)?.values;
  if (!values) return undefined;
  const v = value.toLowerCase();
  return (
    values.find((x) => x.value.toLowerCase() === v) ??
    values.find((x) => x.value.toLowerCase() === v.replace(/^[+-]/, '')) ??
    values.find((x) => x.value.endsWith(':') && v.startsWith(x.value.toLowerCase()))
  );
}
