// The Apache httpd directive table against the real server on this machine: the command tables
// `apache2 -L` prints with every module loaded, the names compiled into mod_ssl.so, and `apache2 -t`
// accepting or refusing each mod_ssl directive (and a sample of core ones) in each context. Also the
// hand-written docs: every mod_ssl directive has one, and every documented name is a real directive.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APACHE_SOURCE_VERSION, APACHE_READ_TIME_DIRECTIVES, isTlsRelatedApache, apacheContextOf, apacheDirectives, allowedInApache, lookupApacheDirective, type ApacheContext } from '../../server/src/engine/docs/apacheDirectives';
import { apacheDirectiveDoc, documentedApacheDirectives } from '../../server/src/engine/docs/apacheDocs';
import { parseApache } from '../../server/src/engine/syntax/apache';
import { oracleOrSkip } from '../helpers/oracle';
import { apacheVersion } from '../helpers/apacheOracle';

const MODULES_DIR = '/usr/lib/apache2/modules';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-apache-docs-'));
}

function preamble(dir: string, modules: string[]): string[] {
  return [
    `ServerRoot ${dir}`, `DefaultRuntimeDir ${dir}`, `PidFile ${dir}/pid`, 'ErrorLog /dev/null', 'ServerName localhost',
    ...modules.map((m) => `LoadModule ${m}_module ${MODULES_DIR}/mod_${m}.so`),
  ];
}

interface LEntry {
  name: string;
  file: string;
  allowed: string;
  override: string;
}

/** `apache2 -L` with every module of the modules directory and one MPM loaded. */
function listDirectives(binary: string, mpm: string): LEntry[] {
  const dir = tempDir();
  const modules = fs.readdirSync(MODULES_DIR).map((f) => /^mod_(.+)\.so$/.exec(f)?.[1]).filter((m): m is string => !!m && (!m.startsWith('mpm_') || m === `mpm_${mpm}`));
  fs.writeFileSync(path.join(dir, 'all.conf'), [...preamble(dir, modules), 'Listen 127.0.0.1:65530'].join('\n') + '\n');
  const res = spawnSync(binary, ['-f', path.join(dir, 'all.conf'), '-L'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(res.status, 0, res.stderr);
  const out: LEntry[] = [];
  let cur: LEntry | undefined;
  for (const line of res.stdout.split('\n')) {
    const head = /^<?([A-Za-z][A-Za-z0-9_]*) \(([A-Za-z0-9_]+\.c)\)$/.exec(line);
    if (head) out.push((cur = { name: head[1], file: head[2], allowed: '', override: '' }));
    else if (cur && line.startsWith('\tAllowed in ')) cur.allowed = line.slice(12);
    else if (cur && line.startsWith('\twhen AllowOverride ')) cur.override = line.slice(20);
  }
  return out;
}

/**
 * Directives that come and go between the httpd releases Debian ships: the table is made from one
 * release (APACHE_SOURCE_VERSION); against another one installed here, a difference about these (and
 * only these) is expected and reported as a note. Against the table's own release every check is strict.
 */
const VERSION_DEPENDENT = new Map([
  ['mdhttpproxycacertificatefile', 'mod_md directive the 2.4.68 build does not have'],
  ['authdigestnonceformat', 'mod_auth_digest directive (never implemented) the 2.4.68 build still lists'],
]);

/** Mismatches left to assert on, after setting aside the expected ones of another installed release. */
function unexpected(t: { diagnostic(message: string): void }, mismatches: string[]): string[] {
  const installed = apacheVersion();
  if (installed === APACHE_SOURCE_VERSION) return mismatches;
  return mismatches.filter((m) => {
    const name = /^[A-Za-z0-9_]+/.exec(m)?.[0].toLowerCase() ?? '';
    const why = VERSION_DEPENDENT.get(name);
    if (why) t.diagnostic(`apache2 ${installed} here, table from ${APACHE_SOURCE_VERSION}: ${m} (${why})`);
    return !why;
  });
}

/** The flags allow them per directory, but mod_ssl refuses ("Your SSL library does not have support for per-directory CA"). */
const HANDLER_REFUSES_DIRECTORY = new Set(['SSLCACertificateFile', 'SSLCACertificatePath']);

test('every directive apache2 -L lists (all Debian modules, each MPM) is in the table, with the places httpd allows it', (t) => {
  const binary = oracleOrSkip(t, 'apache2');
  if (!binary) return;
  const listed = new Map<string, LEntry>();
  for (const mpm of ['event', 'worker', 'prefork']) for (const e of listDirectives(binary, mpm)) listed.set(e.name.toLowerCase(), e);
  assert.ok(listed.size > 500, `apache2 -L listed only ${listed.size} directives`);
  const mismatches: string[] = [];
  for (const [key, e] of listed) {
    const info = lookupApacheDirective(key);
    if (!info) {
      mismatches.push(`${e.name} (${e.file}) missing from the table`);
      continue;
    }
    // "[no per-dir config]": the module keeps no per-directory configuration; its handlers refuse directory sections.
    const noPerDir = /no per-dir config/.test(e.allowed);
    const outside = /only outside/.test(e.allowed) || noPerDir;
    const inside = /only inside/.test(e.allowed);
    const htaccess = /\.htaccess/.test(e.allowed) && !noPerDir;
    const has = (c: ApacheContext): boolean => info.contexts.includes(c);
    // The flags decide for directory sections and .htaccess, except where the handler refuses what the flags
    // let through (the apache2 -t test below shows it).
    const handlerRefusesDirectory = HANDLER_REFUSES_DIRECTORY.has(info.name);
    if (has('directory') !== (!outside && !handlerRefusesDirectory)) mismatches.push(`${info.name}: directory context ${has('directory')} but apache2 -L says "${e.allowed}"`);
    if (has('htaccess') !== (htaccess && !handlerRefusesDirectory)) mismatches.push(`${info.name}: .htaccess ${has('htaccess')} but apache2 -L says "${e.allowed}"`);
    if (inside && (has('server') || has('vhost'))) mismatches.push(`${info.name}: server/vhost context but apache2 -L says "${e.allowed}"`);
    // Server config vs. virtual host may be narrower than the flags (handler checks), never wider.
    if (outside && !has('server') && !has('vhost') && !info.contexts.includes('proxy')) mismatches.push(`${info.name}: no server-level context but apache2 -L says "${e.allowed}"`);
    const module = e.file === 'mod_ssl.c' ? 'mod_ssl' : undefined;
    if (module && info.module !== module) mismatches.push(`${info.name}: module ${info.module}, apache2 -L says ${e.file}`);
    if (e.file === 'mod_ssl.c' && info.name !== e.name) mismatches.push(`${info.name}: mod_ssl spells it ${e.name}`);
  }
  for (const info of apacheDirectives()) if (!listed.has(info.name.toLowerCase())) mismatches.push(`${info.name} is in the table but apache2 -L does not list it`);
  assert.deepEqual(unexpected(t, mismatches), []);
});

test('the SSL* names compiled into mod_ssl.so and the table\'s mod_ssl directives are the same set', (t) => {
  if (!oracleOrSkip(t, 'strings')) return;
  const res = spawnSync('strings', [path.join(MODULES_DIR, 'mod_ssl.so')], { encoding: 'utf8' });
  assert.equal(res.status, 0);
  const table = apacheDirectives().filter((d) => d.module === 'mod_ssl').map((d) => d.name);
  assert.ok(table.length >= 70, `only ${table.length} mod_ssl directives`);
  const strings = new Set(res.stdout.split('\n').filter((s) => /^SSL[A-Z][A-Za-z0-9]+$/.test(s)));
  for (const name of table) assert.ok(strings.has(name), `${name} is not a string of mod_ssl.so`);
  // The other SSL* words of the binary are environment variable names (all capitals) or message prefixes
  // of directive names (`SSLProxy`), never a directive the table lacks.
  const others = [...strings].filter((s) => !table.includes(s));
  for (const s of others) assert.ok(s === s.toUpperCase() || table.some((n) => n.startsWith(s) && n !== s), `mod_ssl.so holds ${s}, which the table lacks`);
});

// --- apache2 -t in each context --------------------------------------------------------------------

/** An argument the directive's handler accepts, or at least one that does not fail before its context check. */
function sampleArgs(name: string, syntax: string, dir: string): string {
  const file = path.join(dir, 'sample.pem');
  const special: Record<string, string> = {
    sslprotocol: '-all +TLSv1.2', sslproxyprotocol: '-all +TLSv1.2', sslciphersuite: 'HIGH', sslproxyciphersuite: 'HIGH',
    sslsessioncache: 'none', sslstaplingcache: `shmcb:${dir}/stapling(32768)`, sslpassphrasedialog: 'builtin',
    sslrandomseed: 'startup builtin', sslcryptodevice: 'builtin', sslopensslconfcmd: 'Options -SessionTicket',
    sslrequire: 'true', sslusername: 'SSL_CLIENT_S_DN_CN', ssloptions: '+StdEnvVars', sslcarevocationcheck: 'none',
    sslproxycarevocationcheck: 'none', sslverifyclient: 'none', sslproxyverify: 'none', sslocspenable: 'off',
    sslstaplingforceurl: 'http://ocsp.example.test/', sslocspdefaultresponder: 'http://ocsp.example.test/',
    sslocspproxyurl: 'http://proxy.example.test:3128/', sslsrpunknownuserseed: 'seed', sslvhostsnipolicy: 'secure',
    sslengine: 'on', sslfips: 'off', listen: '127.0.0.1:65529', servername: 'example.test', serveralias: 'www.example.test',
    serverroot: dir, header: 'set X-A b', protocols: 'http/1.1', proxypass: '/x http://backend.test/',
  };
  const s = special[name.toLowerCase()];
  if (s !== undefined) return s;
  if (/on\|off/i.test(syntax)) return 'on';
  if (/(file|path)/i.test(name)) return /path$/i.test(name) ? dir : file;
  if (/timeout|size|depth|age|skew/i.test(name)) return '10';
  return 'x';
}

const CONTEXT_ERROR = /not allowed here|not allowed in <|cannot occur within|only used in <VirtualHost>|cannot be set inside a directory context|does not have support for per-directory/;

interface Placement {
  context: ApacheContext;
  wrap: (line: string) => string[];
}

const PLACEMENTS: Placement[] = [
  { context: 'server', wrap: (l) => [l] },
  { context: 'vhost', wrap: (l) => ['<VirtualHost 127.0.0.1:65530>', l, '</VirtualHost>'] },
  // <Location> rather than <Directory>: a few directives (ProxyPass) refuse one kind of per-directory
  // section only, which the table does not model.
  { context: 'directory', wrap: (l) => ['<VirtualHost 127.0.0.1:65530>', '<Location /x>', l, '</Location>', '</VirtualHost>'] },
  { context: 'proxy', wrap: (l) => ['<VirtualHost 127.0.0.1:65530>', '<Proxy "http://backend.test/">', l, '</Proxy>', '</VirtualHost>'] },
];

test('apache2 -t accepts each TLS-related directive (mod_ssl, core, mod_headers, mod_proxy, mod_http2, mod_md, mod_rewrite) exactly where the table allows it', (t) => {
  const binary = oracleOrSkip(t, 'apache2');
  if (!binary) return;
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'sample.pem'), 'not empty\n');
  const modules = ['mpm_event', 'authz_core', 'ssl', 'socache_shmcb', 'headers', 'proxy', 'proxy_http', 'http2', 'md', 'rewrite'];
  // Every directive directive-context judges in a virtual host (the TLS-related ones), except the
  // read-time ones (not judged) and sections (placed by the test itself).
  const sample = apacheDirectives().filter((d) => isTlsRelatedApache(d.name.toLowerCase()) && !d.section && !APACHE_READ_TIME_DIRECTIVES.has(d.name.toLowerCase()) && ['mod_ssl', 'core', 'mpm_common', 'mod_headers', 'mod_proxy', 'mod_http2', 'mod_md', 'mod_rewrite', 'mod_log_config'].includes(d.module));
  const disagreements: string[] = [];
  let runs = 0;
  for (const info of sample) {
    // mod_ssl in all four places; the others where directive-context judges them most (virtual host, directory).
    for (const p of PLACEMENTS.filter((x) => info.module === 'mod_ssl' || x.context === 'vhost' || x.context === 'directory')) {
      const line = `${info.name} ${sampleArgs(info.name, info.syntax, dir)}`;
      const lines = [...preamble(dir, modules), 'Listen 127.0.0.1:65530', ...p.wrap(line)];
      const conf = path.join(dir, 'test.conf');
      fs.writeFileSync(conf, lines.join('\n') + '\n');
      const res = spawnSync(binary, ['-t', '-f', conf], { encoding: 'utf8' });
      runs++;
      const refused = CONTEXT_ERROR.test(res.stderr);
      // The context as tlslint computes it from the parsed sections.
      const parsed = parseApache(conf, lines.join('\n') + '\n');
      const chain = p.context === 'server' ? [] : parsed.directives.filter((d) => d.block).flatMap((d) => [d, ...(d.block ?? []).filter((x) => x.block)]);
      const ctx = apacheContextOf(chain, false);
      assert.equal(ctx, p.context, `tlslint places ${line} in ${ctx}, the test meant ${p.context}`);
      const allowed = allowedInApache(info, p.context);
      if (allowed === refused) disagreements.push(`${info.name} in ${p.context}: table says ${allowed ? 'allowed' : 'refused'}, apache2 -t: ${res.stderr.trim().split('\n').pop()}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  assert.ok(runs >= 400, `only ${runs} configurations tried`);
  assert.deepEqual(unexpected(t, disagreements), []);
});

test('directives httpd runs while reading the configuration are accepted in every context (so directive-context skips them)', (t) => {
  const binary = oracleOrSkip(t, 'apache2');
  if (!binary) return;
  const dir = tempDir();
  for (const line of [`ServerRoot ${dir}`, 'Define X', 'Include /dev/null', `LoadModule headers_module ${MODULES_DIR}/mod_headers.so`]) {
    const conf = path.join(dir, 'test.conf');
    fs.writeFileSync(conf, [...preamble(dir, ['mpm_event', 'authz_core']), 'Listen 127.0.0.1:65530', '<VirtualHost 127.0.0.1:65530>', '<Location /x>', line, '</Location>', '</VirtualHost>'].join('\n') + '\n');
    const res: SpawnSyncReturns<string> = spawnSync(binary, ['-t', '-f', conf], { encoding: 'utf8' });
    assert.equal(res.status, 0, `${line}: ${res.stderr}`);
    assert.ok(APACHE_READ_TIME_DIRECTIVES.has(line.split(' ')[0].toLowerCase()), `${line.split(' ')[0]} is not marked read-time`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// --- the table's own facts ---------------------------------------------------------------------------

test('table facts: canonical names, sections, TLS-relevant defaults, contexts and versions', () => {
  const get = (n: string) => {
    const info = lookupApacheDirective(n);
    assert.ok(info, `${n} missing`);
    return info;
  };
  assert.equal(get('sslciphersuite').name, 'SSLCipherSuite');
  assert.equal(get('<VirtualHost').name, 'VirtualHost');
  assert.equal(get('VirtualHost').section, true);
  assert.equal(get('SSLEngine').section, false);
  assert.equal(get('SSLCompression').default, 'off');
  assert.equal(get('SSLCompression').since, '2.4.3');
  assert.equal(get('SSLSessionTickets').since, '2.4.11');
  assert.equal(get('SSLOpenSSLConfCmd').since, '2.4.8');
  assert.equal(get('SSLOpenSSLConfCmd').repeatable, true);
  assert.equal(get('SSLProtocol').repeatable, false);
  assert.equal(get('SSLCertificateFile').repeatable, true);
  assert.deepEqual(get('SSLSessionCache').contexts, ['server']);
  assert.deepEqual(get('SSLEngine').contexts, ['server', 'vhost']);
  assert.deepEqual(get('SSLProxyEngine').contexts, ['server', 'vhost', 'proxy']);
  assert.deepEqual(get('SSLCipherSuite').override, ['AuthConfig']);
  assert.equal(get('SSLHonorCipherOrder').default, 'off');
  assert.equal(get('Listen').module, 'mpm_common');
  for (const s of ['VirtualHost', 'IfModule', 'IfDefine', 'IfVersion', 'Directory', 'DirectoryMatch', 'Files', 'FilesMatch', 'Location', 'LocationMatch', 'Proxy', 'ProxyMatch', 'If', 'ElseIf', 'Else', 'Macro', 'RequireAll', 'RequireAny', 'RequireNone', 'Limit', 'LimitExcept']) {
    assert.equal(get(s).section, true, `${s} is a section`);
  }
  assert.equal(lookupApacheDirective('SSLCipherSuit'), undefined);
  // mod_status, mod_socache_shmcb, mod_authz_host and mod_proxy_http define no directives of their own; the
  // worker and prefork MPMs only mpm_common ones.
  for (const m of ['mod_headers', 'mod_proxy', 'mod_proxy_wstunnel', 'mod_rewrite', 'mod_alias', 'mod_dir', 'mod_mime', 'mod_log_config', 'mod_http2', 'mod_md', 'mod_setenvif', 'mod_authz_core', 'mod_env', 'mod_macro', 'mod_version', 'mod_so', 'mod_reqtimeout', 'event', 'mpm_common', 'core']) {
    assert.ok(apacheDirectives().some((d) => d.module === m), `no directive of ${m}`);
  }
});

test('apacheContextOf: conditional sections are transparent, per-directory and proxy sections and .htaccess are not', () => {
  const p = parseApache('/x.conf', '<VirtualHost *:443>\n<IfModule ssl_module>\n<Location />\n<IfDefine X>\nA b\n</IfDefine>\n</Location>\n</IfModule>\n<Proxy *>\n</Proxy>\n</VirtualHost>\n');
  const vh = p.directives[0];
  const ifm = vh.block![0];
  const loc = ifm.block![0];
  const ifd = loc.block![0];
  assert.equal(apacheContextOf([vh], false), 'vhost');
  assert.equal(apacheContextOf([vh, ifm], false), 'vhost');
  assert.equal(apacheContextOf([vh, ifm, loc, ifd], false), 'directory');
  assert.equal(apacheContextOf([vh, vh.block![1]], false), 'proxy');
  assert.equal(apacheContextOf([], true), 'htaccess');
  assert.equal(apacheContextOf([loc], true), 'htaccess');
  assert.equal(apacheContextOf([], false), 'server');
});

test('hand-written docs: every mod_ssl directive and the structural ones have a note; every note names a real directive', () => {
  for (const d of apacheDirectives().filter((x) => x.module === 'mod_ssl')) {
    const doc = apacheDirectiveDoc(d.name);
    assert.ok(doc, `no note for ${d.name}`);
    assert.ok(doc.summary.length > 40, `note for ${d.name} is too short`);
  }
  for (const n of ['Listen', 'VirtualHost', 'ServerName', 'ServerAlias', 'ServerRoot', 'Include', 'IncludeOptional', 'Define', 'LoadModule', 'Header', 'ProxyPass', 'ProxyPassReverse', 'Protocols', 'IfModule']) {
    assert.ok(apacheDirectiveDoc(n), `no note for ${n}`);
  }
  for (const n of documentedApacheDirectives()) {
    const info = lookupApacheDirective(n);
    assert.ok(info, `note for unknown directive ${n}`);
    assert.equal(info.name, n, `note key ${n} is not the canonical spelling ${info.name}`);
  }
  assert.match(apacheDirectiveDoc('SSLCertificateChainFile')!.summary, /2\.4\.8/);
  assert.match(apacheDirectiveDoc('SSLUseStapling')!.summary, /SSLStaplingCache/);
  assert.match(apacheDirectiveDoc('SSLCipherSuite')!.summary, /TLSv1\.3/);
});
