// Which nginx directives tlslint treats as TLS-related (for typo and context checks).

const TLS_PREFIXES = ['ssl_', 'proxy_ssl', 'grpc_ssl', 'uwsgi_ssl', 'quic_', 'http3'];
const TLS_NAMES = new Set(['ssl', 'listen', 'server_name', 'add_header', 'resolver', 'resolver_timeout', 'proxy_pass', 'grpc_pass', 'uwsgi_pass', 'http2', 'include']);
const STRUCTURE = new Set(['http', 'server', 'location', 'events', 'stream', 'mail', 'upstream']);

export function isTlsRelatedNginx(name: string): boolean {
  return TLS_NAMES.has(name) || TLS_PREFIXES.some((p) => name.startsWith(p));
}

export function isStructuralNginx(name: string): boolean {
  return STRUCTURE.has(name);
}
