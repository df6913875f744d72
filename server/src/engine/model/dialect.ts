import * as path from 'node:path';
import type { Dialect } from '../types';
import { lookupTable } from '../lookup';

const LANGUAGE_IDS = lookupTable<Dialect>({
  nginx: 'nginx',
  NGINX: 'nginx',
  apacheconf: 'apache',
  apache: 'apache',
  squid: 'squid',
});

/** Lines only a Squid configuration holds. */
const SQUID_LINES = /^\s*(https?_port|cache_peer|acl\s+\S+\s+(src|dst|port)|ssl_bump|sslproxy_|tls_outgoing_options)\b/m;

/** Which dialect a file is written in: the editor's language id, then its name, then its content. */
export function detectDialect(file: string, text: string | undefined, languageId?: string): Dialect {
  if (languageId && LANGUAGE_IDS[languageId]) return LANGUAGE_IDS[languageId];
  const base = path.posix.basename(file).toLowerCase();
  const full = file.toLowerCase();
  if (base === 'squid.conf' || /\/squid\//.test(full)) return 'squid';
  // Debian's apache2 has a ports.conf (Listen lines); a Squid conf.d may hold one of http_port lines.
  if (base === 'ports.conf') return text !== undefined && SQUID_LINES.test(text.slice(0, 64 * 1024)) ? 'squid' : 'apache';
  if (base === 'httpd.conf' || base === 'apache2.conf' || base === '.htaccess' || /\/(apache2?|httpd)\//.test(full)) return 'apache';
  // Debian's apache2 layout (sites-* is shared with nginx) and its module snippets.
  if (/\/(mods|conf)-(available|enabled)\/[^/]+$/.test(full) || base.endsWith('.load')) return 'apache';
  if (base === 'nginx.conf' || /\/nginx\//.test(full) || base.endsWith('.nginx')) return 'nginx';
  if (text !== undefined) {
    const head = text.slice(0, 64 * 1024);
    if (/^\s*<(VirtualHost|IfModule|Directory|Location)\b/im.test(head) || /^\s*(LoadModule|ServerRoot|SSLEngine|DocumentRoot)\s/m.test(head)) return 'apache';
    // httpd directives are CamelCase and end at the line end; nginx's are lower-case and end with `;` or `{`.
    if (/^[ \t]*[A-Z][a-z]+[A-Z][A-Za-z]*[ \t]+[^\n;{]*$/m.test(head) && !/[;{][ \t]*(#.*)?$/m.test(head)) return 'apache';
    if (SQUID_LINES.test(head)) return 'squid';
  }
  return 'nginx';
}
