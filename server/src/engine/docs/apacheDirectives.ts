// Lookup over the Apache httpd 2.4 directive table (apacheDirectiveData.ts, generated from the command
// tables of the Debian build and the httpd reference), and where a directive sits in a configuration:
// the context httpd judges it in (server config, virtual host, a per-directory section, .htaccess).

import { APACHE_DIRECTIVE_ROWS, APACHE_SOURCE_VERSION } from './apacheDirectiveData';
import type { Directive } from '../syntax/tree';

export { APACHE_SOURCE_VERSION };

/** Where httpd reads a directive: the main server, a `<VirtualHost>`, a per-directory section, a .htaccess file. */
export type ApacheContext = 'server' | 'vhost' | 'directory' | 'proxy' | 'htaccess';

export const APACHE_CONTEXT_LABEL: Record<ApacheContext, string> = {
  server: 'server config',
  vhost: 'virtual host',
  directory: 'directory',
  proxy: 'proxy section',
  htaccess: '.htaccess',
};

export interface ApacheDirectiveInfo {
  /** Canonical case, e.g. `SSLCipherSuite`. */
  name: string;
  /** `core`, `mod_ssl`, `mpm_common`, `event`… */
  module: string;
  contexts: ApacheContext[];
  /** The AllowOverride classes that let a .htaccess file use it (`All`: any but None). */
  override: string[];
  /** A section (container), written `<Name …> … </Name>`. */
  section: boolean;
  /** Every occurrence in one section counts (for the others the last one wins). */
  repeatable: boolean;
  syntax: string;
  default?: string;
  /** First httpd 2.4 release with it, when after 2.4.0. */
  since?: string;
}

const CONTEXT_OF_LETTER: Record<string, ApacheContext> = { S: 'server', V: 'vhost', D: 'directory', P: 'proxy', H: 'htaccess' };

type ApacheDirectiveRow = (typeof APACHE_DIRECTIVE_ROWS)[number];

let rows: Map<string, ApacheDirectiveRow> | undefined;
const infos = new Map<string, ApacheDirectiveInfo>();

/** The row of a lower-case name. Only rows are indexed up front: a lint looks up a few dozen names of hundreds. */
function rowOf(lname: string): ApacheDirectiveRow | undefined {
  if (!rows) {
    rows = new Map();
    for (const row of APACHE_DIRECTIVE_ROWS) rows.set(row[0].toLowerCase(), row);
  }
  return rows.get(lname);
}

function infoOf(lname: string): ApacheDirectiveInfo | undefined {
  let info = infos.get(lname);
  if (!info) {
    const row = rowOf(lname);
    if (!row) return undefined;
    const [name, module, ctx, override, flags, syntax, def, since] = row;
    info = {
      name,
      module,
      contexts: [...ctx].map((c) => CONTEXT_OF_LETTER[c]),
      override: override ? override.split('|') : [],
      section: flags.includes('B'),
      repeatable: flags.includes('R'),
      syntax,
      default: def ?? undefined,
      since: since ?? undefined,
    };
    infos.set(lname, info);
  }
  return info;
}

/** The directive (case-insensitive; a section name with or without `<`), or undefined when httpd does not know it. */
export function lookupApacheDirective(name: string): ApacheDirectiveInfo | undefined {
  return infoOf(name.replace(/^<\/?/, '').replace(/>$/, '').toLowerCase());
}

export function apacheDirectives(): ApacheDirectiveInfo[] {
  rowOf('');
  return [...rows!.keys()].map((lname) => infoOf(lname)!);
}

/** A `<Proxy>` section takes per-directory directives and the proxy-only ones (httpd: OR_ALL|ACCESS_CONF|PROXY_CONF). */
export function allowedInApache(info: ApacheDirectiveInfo, ctx: ApacheContext): boolean {
  if (ctx === 'proxy') return info.contexts.includes('proxy') || info.contexts.includes('directory');
  return info.contexts.includes(ctx);
}

/** Sections evaluated while reading the configuration: their body belongs to the enclosing context. */
export const APACHE_CONDITIONAL_SECTIONS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);

/**
 * Directives httpd runs while reading the configuration (EXEC_ON_READ). Their place is not checked:
 * `apache2 -t` accepts `ServerRoot`, `Define`, `Include` or `LoadModule` even inside a `<Location>`.
 */
export const APACHE_READ_TIME_DIRECTIVES = new Set([
  'serverroot', 'define', 'undefine', 'include', 'includeoptional', 'loadmodule', 'loadfile', 'macro', 'use', 'undefmacro',
  ...APACHE_CONDITIONAL_SECTIONS,
]);

/** Sections whose body is per-directory configuration (httpd's ACCESS_CONF). */
export const APACHE_DIRECTORY_SECTIONS = new Set([
  'directory', 'directorymatch', 'files', 'filesmatch', 'location', 'locationmatch', 'if', 'elseif', 'else',
]);

export const APACHE_PROXY_SECTIONS = new Set(['proxy', 'proxymatch']);

/** Sections nested in a per-directory section that restrict it further (authorization, methods). */
export const APACHE_AUTH_SECTIONS = new Set(['limit', 'limitexcept', 'requireall', 'requireany', 'requirenone']);

/** Whether a file is read as a .htaccess file (httpd's AccessFileName, `.htaccess` by default). */
export function isHtaccessFile(file: string): boolean {
  return /(^|[\\/])\.htaccess$/i.test(file);
}

/**
 * The context httpd judges a directive in, from the sections around it (outermost first) and the file it
 * is read from. Undefined inside a `<Macro>` body (a template, judged where it is used).
 */
export function apacheContextOf(sections: readonly Directive[], htaccess: boolean): ApacheContext | undefined {
  let ctx: ApacheContext = htaccess ? 'htaccess' : 'server';
  for (const s of sections) {
    const l = s.lname;
    if (l === 'macro') return undefined;
    if (APACHE_CONDITIONAL_SECTIONS.has(l)) continue;
    if (l === 'virtualhost' && ctx === 'server') ctx = 'vhost';
    else if (APACHE_PROXY_SECTIONS.has(l) && (ctx === 'server' || ctx === 'vhost')) ctx = 'proxy';
    else if (APACHE_DIRECTORY_SECTIONS.has(l) || APACHE_AUTH_SECTIONS.has(l)) ctx = ctx === 'htaccess' ? 'htaccess' : 'directory';
  }
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// Directives that shape TLS (or hold the sections and files around it): typo candidates and the
// directives directive-context and directive-duplicate judge.

const TLS_RELATED_EXTRA = new Set(
  `listen virtualhost servername serveralias serverroot include includeoptional define undefine loadmodule
  header requestheader protocols protocolshonororder proxypass proxypassreverse proxypassmatch proxy proxymatch
  ifmodule ifdefine ifversion directory location files redirect rewriteengine rewritecond rewriterule
  h2direct h2upgrade h2moderntlsonly h2push documentroot errorlog customlog`.split(/\s+/),
);

export function isTlsRelatedApache(lname: string): boolean {
  return lname.startsWith('ssl') || lname.startsWith('md') || TLS_RELATED_EXTRA.has(lname);
}

let tlsNames: string[] | undefined;

/** Canonical names of the TLS-related directives (typo candidates). */
export function tlsApacheDirectiveNames(): string[] {
  tlsNames ??= apacheDirectives().filter((d) => isTlsRelatedApache(d.name.toLowerCase())).map((d) => d.name);
  return tlsNames;
}
