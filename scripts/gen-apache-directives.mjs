#!/usr/bin/env node
// Generates server/src/engine/docs/apacheDirectiveData.ts, the Apache httpd 2.4 directive table.
//
//   node scripts/gen-apache-directives.mjs <httpd-2.4.x docs/manual/mod dir> [apache2 binary] [modules dir]
//
// The docs directory from a clone of github.com/apache/httpd:
//   git -C httpd archive 2.4.x docs/manual/mod | tar -x -C /tmp/httpd-docs   (then pass /tmp/httpd-docs/docs/manual/mod)
// Run it on a Debian machine with apache2 installed (the command tables come from its modules).
//
// Names, modules and where httpd accepts each directive come from the server itself: `apache2 -L` run with
// every module of the modules directory loaded (once per MPM: event, worker, prefork), which prints the
// command tables of the loaded modules. Syntax, default, the finer context list (server config only vs.
// also virtual host, which the command table does not encode) and "since" come from the reference XML of
// the 2.4.x branch (docs/manual/mod/*.xml); names are spelled as there, except mod_ssl's, spelled as in
// its command table (SSLOCSPNoVerify). Whether a directive may repeat is ours (see REPEATABLE below).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const [docsDir, binary = '/usr/sbin/apache2', modulesDir = '/usr/lib/apache2/modules'] = process.argv.slice(2);
if (!docsDir) {
  console.error('usage: gen-apache-directives.mjs <docs/manual/mod dir> [apache2] [modules dir]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'server', 'src', 'engine', 'docs', 'apacheDirectiveData.ts');

// ---------------------------------------------------------------------------------------------
// The command tables, from apache2 -L.

const MPMS = ['event', 'worker', 'prefork'];

function listDirectives(mpm) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-L-'));
  const lines = [`ServerRoot ${tmp}`, 'ErrorLog /dev/null', 'Listen 127.0.0.1:65531', `PidFile ${tmp}/pid`, `DefaultRuntimeDir ${tmp}`, 'ServerName localhost'];
  for (const f of fs.readdirSync(modulesDir).sort()) {
    const m = /^mod_(.+)\.so$/.exec(f);
    if (!m) continue;
    if (m[1].startsWith('mpm_') && m[1] !== `mpm_${mpm}`) continue;
    lines.push(`LoadModule ${m[1]}_module ${path.join(modulesDir, f)}`);
  }
  fs.writeFileSync(path.join(tmp, 'all.conf'), lines.join('\n') + '\n');
  const text = execFileSync(binary, ['-f', path.join(tmp, 'all.conf'), '-L'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  fs.rmSync(tmp, { recursive: true, force: true });
  return parseL(text);
}

/** `apache2 -L` output: `Name (file.c)`, a help line, `Allowed in …` and an optional `when AllowOverride …`. */
function parseL(text) {
  const entries = [];
  let cur;
  for (const line of text.split('\n')) {
    const head = /^(<?[A-Za-z][A-Za-z0-9_]*) \(([A-Za-z0-9_]+\.c)\)$/.exec(line);
    if (head) {
      cur = { name: head[1].replace(/^</, ''), section: head[1].startsWith('<'), file: head[2], allowed: '', override: '' };
      entries.push(cur);
      continue;
    }
    if (!cur) continue;
    const allowed = /^\tAllowed in (.*)$/.exec(line);
    if (allowed) cur.allowed = allowed[1];
    const when = /^\twhen AllowOverride (.*)$/.exec(line);
    if (when) cur.override = when[1];
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// The reference XML.

function decode(s) {
  return s
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function tag(block, name) {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
  return m ? m[1] : undefined;
}

function versionAfter240(v) {
  const [a, b, c] = v.split('.').map(Number);
  return a === 2 && b === 4 && c > 0;
}

/** "Available in httpd 2.4.30 and later" (as the first sentence): the version, when after 2.4.0. */
function sinceOf(compat) {
  if (!compat) return undefined;
  const m = /^(?:only )?(?:available|introduced) (?:in|since) (?:apache |httpd |http server |version |apache http server |apache httpd )*(2\.\d+\.\d+)/i.exec(compat) ?? /^(2\.\d+\.\d+) and later/i.exec(compat);
  return m && versionAfter240(m[1]) ? m[1] : undefined;
}

const CONTEXT_BITS = { 'server config': 'S', 'virtual host': 'V', directory: 'D', '.htaccess': 'H', 'proxy section': 'P' };

const docs = new Map();
for (const f of fs.readdirSync(docsDir).sort()) {
  if (!f.endsWith('.xml')) continue;
  const text = fs.readFileSync(path.join(docsDir, f), 'utf8');
  const mod = /<modulesynopsis[^>]*>\s*<name>([^<]+)<\/name>/.exec(text);
  if (!mod) continue;
  const module = mod[1].trim();
  for (const m of text.matchAll(/<directivesynopsis([^>]*)>([\s\S]*?)<\/directivesynopsis>/g)) {
    if (/location=/.test(m[1])) continue;
    const body = m[2];
    const name = decode(tag(body, 'name') ?? '');
    if (!name) continue;
    const contexts = [...body.matchAll(/<context>([^<]+)<\/context>/g)].map((c) => CONTEXT_BITS[c[1].trim()]).filter(Boolean);
    const syntax = decode(tag(body, 'syntax') ?? name);
    const def = tag(body, 'default');
    docs.set(name.toLowerCase(), {
      name,
      module,
      section: /type="section"/.test(m[1]),
      contexts: [...new Set(contexts)].join(''),
      syntax,
      default: def === undefined ? undefined : decode(def).replace(new RegExp(`^${name.replace(/[^A-Za-z0-9]/g, '')}\\s+`, 'i'), ''),
      since: sinceOf(decode(tag(body, 'compatibility') ?? '')),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Directives that may be given several times in one section and all count (httpd never rejects a
// repetition; for the others the last one wins). Facts from each module's command handler.

const REPEATABLE = new Set(
  `
  Include IncludeOptional Define UnDefine LoadModule LoadFile Listen ServerAlias Header RequestHeader
  ProxyPass ProxyPassReverse ProxyPassReverseCookieDomain ProxyPassReverseCookiePath ProxyPassMatch ProxySet BalancerMember
  ProxyRemote ProxyRemoteMatch ProxyBlock NoProxy ProxyPassInherit ProxyAddHeaders
  RewriteRule RewriteCond RewriteMap Alias AliasMatch Redirect RedirectMatch RedirectPermanent RedirectTemp ScriptAlias ScriptAliasMatch
  AddType AddHandler AddEncoding AddCharset AddLanguage AddInputFilter AddOutputFilter RemoveType RemoveHandler RemoveEncoding
  RemoveCharset RemoveLanguage RemoveInputFilter RemoveOutputFilter AddOutputFilterByType
  CustomLog LogFormat TransferLog SetEnv UnsetEnv PassEnv SetEnvIf SetEnvIfNoCase SetEnvIfExpr BrowserMatch BrowserMatchNoCase
  Require Allow Deny ErrorDocument DirectoryIndex Use Protocols
  SSLCertificateFile SSLCertificateKeyFile SSLRandomSeed SSLOpenSSLConfCmd SSLRequire SSLPolicy
  MDomain MDCertificateFile MDCertificateKeyFile MDomainSet ManagedDomain
  H2PushResource H2Push Options RequestReadTimeout
  `.trim().split(/\s+/).map((s) => s.toLowerCase()),
);
// Options and RequestReadTimeout: a later line changes the earlier value per argument, so a second line
// is not simply lost; Protocols and ServerAlias add to a list; Listen duplicates of one address are
// rejected by httpd itself (directive-duplicate handles that case).

// ---------------------------------------------------------------------------------------------

// Where neither source is right for this build, as `apache2 -t` shows (checked by
// test/unit/apache-docs.test.ts): ServerAlias and ServerPath only in a virtual host ("ServerAlias only
// used in <VirtualHost>"); SSLUserName is accepted in a virtual host (the reference says not);
// SSLVHostSNIPolicy (newer than the reference) is refused there; the CA directives pass the flag check in
// a directory section, but their handler refuses them ("Your SSL library does not have support for
// per-directory CA").
const CONTEXT_FIXES = { serveralias: 'V', serverpath: 'V', sslusername: 'SVDH', sslvhostsnipolicy: 'S', sslcacertificatefile: 'SV', sslcacertificatepath: 'SV' };

const seen = new Map();
for (const mpm of MPMS) {
  for (const e of listDirectives(mpm)) {
    const key = e.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.set(key, e);
  }
}

function moduleOfFile(file) {
  const base = file.replace(/\.c$/, '');
  if (base === 'http_core') return 'core';
  if (base === 'util_ldap') return 'mod_ldap';
  return base;
}

/** Where the command table lets a directive appear: S server, V virtual host, D sections, H .htaccess. */
function contextsOfL(e) {
  let c = '';
  // "[no per-dir config]": the module keeps no per-directory configuration, and its handlers refuse a
  // directory section ("MDRequireHttps cannot occur within <Location> section").
  if (/only outside|no per-dir config/.test(e.allowed)) c = 'SV';
  else if (/only inside/.test(e.allowed)) c = 'D';
  else if (/anywhere/.test(e.allowed)) c = 'SVD';
  if (/\.htaccess/.test(e.allowed) && !/no per-dir config/.test(e.allowed)) c += 'H';
  return c;
}

function overrideOf(e) {
  if (!/\.htaccess/.test(e.allowed) || /no per-dir config/.test(e.allowed)) return '';
  if (/isn't None/.test(e.override)) return 'All';
  const m = /includes (.*)$/.exec(e.override);
  return m ? m[1].replace(/ or /g, '|') : '';
}

const rows = [];
for (const [key, e] of [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
  const d = docs.get(key);
  const tableCtx = contextsOfL(e);
  // Directory sections and .htaccess: exactly what the command table allows (httpd checks these flags
  // before calling the handler). Server config vs. virtual host: the command table does not tell them
  // apart; the reference narrows them for directives whose handler refuses one (GLOBAL_ONLY: "cannot
  // occur within <VirtualHost> section"; ServerAlias: "only used in <VirtualHost>"). <Proxy> sections
  // (PROXY_CONF) are not printed by -L: from the reference.
  const docCtx = d?.contexts ?? '';
  // Only "server config without virtual host" is taken from the reference (GLOBAL_ONLY handlers); a
  // reference that leaves out server config is not trusted (RemoveType: Debian's mime.conf uses it at the
  // top level, and httpd accepts it), nor one that lists neither (RewriteBase).
  // mod_md's reference says "server config" for directives httpd takes in a virtual host too.
  const globalOnly = docCtx.includes('S') && !docCtx.includes('V') && d?.module !== 'mod_md';
  const sv = [...'SV'].filter((c) => tableCtx.includes(c) && !(c === 'V' && globalOnly)).join('');
  const ctx = CONTEXT_FIXES[key] ?? sv + (tableCtx.includes('D') ? 'D' : '') + (docCtx.includes('P') ? 'P' : '') + (tableCtx.includes('H') ? 'H' : '');
  const flags = (e.section ? 'B' : '') + (REPEATABLE.has(key) ? 'R' : '');
  const row = [d && e.file !== 'mod_ssl.c' ? d.name : e.name, d?.module ?? moduleOfFile(e.file), ctx, overrideOf(e), flags, d?.syntax ?? `${e.name} ...`];
  const extra = [d?.default, d?.since];
  while (extra.length && extra[extra.length - 1] === undefined) extra.pop();
  rows.push([...row, ...extra.map((x) => x ?? null)]);
}

function lit(x) {
  return x === null ? 'null' : `'${String(x).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const httpdVersion = /Apache\/([0-9.]+)/.exec(execFileSync(binary, ['-v'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
const lines = [
  '// GENERATED FILE: Apache httpd 2.4 directive table. Do not edit the rows by hand; run',
  '// scripts/gen-apache-directives.mjs <httpd 2.4.x docs/manual/mod> (see the script for the sources).',
  `// Names, modules and allowed places: the command tables printed by \`apache2 -L\` (Apache/${httpdVersion}, Debian)`,
  '// with every Debian module loaded, for each MPM. Syntax, default, server-config-only and "since": the',
  '// reference XML of the httpd 2.4.x branch (github.com/apache/httpd, docs/manual/mod).',
  '// Row: [name, module, contexts, override, flags, syntax, default?, since?]',
  '//   contexts: S server config, V virtual host, D <Directory>/<Location>/<Files>/<If> (and <Proxy>) sections,',
  '//             P <Proxy> sections only (mod_ssl PROXY_CONF, 2.4.30+), H .htaccess',
  '//   override: the AllowOverride class a .htaccess needs ("All": any but None)',
  '//   flags: B section (container), R may be repeated in one section (every occurrence counts)',
  '',
  'export type ApacheDirectiveRow = readonly [string, string, string, string, string, string, (string | null)?, (string | null)?];',
  '',
  `export const APACHE_SOURCE_VERSION = '${httpdVersion}';`,
  '',
  'export const APACHE_DIRECTIVE_ROWS: readonly ApacheDirectiveRow[] = [',
  ...rows.map((r) => `  [${r.map(lit).join(', ')}],`),
  '];',
  '',
];
fs.writeFileSync(out, lines.join('\n'));
console.log(`${rows.length} directives -> ${path.relative(process.cwd(), out)}`);
