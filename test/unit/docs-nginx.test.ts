import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NGINX_CONTEXTS,
  acceptsArgCount,
  allowedIn,
  compareNginxVersions,
  existsInNginxVersion,
  isKnownNginxDirective,
  lookupNginxDirective,
  nginxDirectiveNames,
  nginxDirectivesIn,
} from '../../server/src/engine/docs/nginxDirectives';
import type { NginxContext } from '../../server/src/engine/docs/nginxDirectives';
import {
  NGINX_LISTEN_PARAMETERS,
  nginxDefaultAt,
  nginxDirectiveDoc,
  nginxDocumentedDirectives,
  nginxListenParameter,
  nginxValueDoc,
} from '../../server/src/engine/docs/nginxDocs';

// ---------------------------------------------------------------------------------------------
// Directive table

test('the table knows every module of the nginx sources, built by default or not', () => {
  const names = nginxDirectiveNames({ thirdParty: false });
  assert.ok(names.length > 650, `only ${names.length} nginx directives`);
  for (const n of [
    'worker_processes', 'events', 'worker_connections', 'http', 'server', 'location', 'listen', 'ssl_protocols',
    'http2', 'http3', 'quic_retry', 'quic_bpf', 'grpc_pass', 'grpc_ssl_verify', 'uwsgi_pass', 'uwsgi_ssl_verify',
    'scgi_pass', 'perl', 'perl_modules', 'xslt_stylesheet', 'image_filter', 'geoip_country', 'mp4', 'flv',
    'stream', 'ssl_preread', 'proxy_ssl', 'mail', 'starttls', 'smtp_auth', 'auth_http', 'imap_capabilities',
    'pop3_auth', 'include', 'map', 'split_clients', 'limit_req', 'sub_filter', 'dav_methods', 'secure_link',
  ]) {
    assert.ok(names.includes(n), `missing ${n}`);
  }
});

test('third-party directives are known and marked as such; near misses are not known', () => {
  for (const n of [
    'more_set_headers', 'more_clear_headers', 'content_by_lua_block', 'access_by_lua_block', 'rewrite_by_lua_block',
    'init_by_lua_block', 'lua_package_path', 'lua_shared_dict', 'set_by_lua_block', 'header_filter_by_lua_block',
    'body_filter_by_lua_block', 'log_by_lua_block', 'ssl_certificate_by_lua_block', 'balancer_by_lua_block',
    'pagespeed', 'brotli', 'brotli_comp_level', 'brotli_static', 'brotli_types', 'passenger_enabled', 'passenger_ruby',
    'vhost_traffic_status_zone', 'vhost_traffic_status_display', 'geoip2', 'js_import', 'js_content', 'js_set', 'js_path',
  ]) {
    assert.ok(isKnownNginxDirective(n), n);
    assert.equal(lookupNginxDirective(n)!.thirdParty, true, n);
  }
  for (const n of ['ssl_protocol', 'ssl_certificates', 'proxy_ssl_verfy', 'foo_bar', '']) assert.equal(isKnownNginxDirective(n), false, n);
});

test('contexts: ssl_protocols in http, server, stream and mail, never in location', () => {
  const info = lookupNginxDirective('ssl_protocols')!;
  for (const c of ['http', 'server', 'stream', 'stream-server', 'mail', 'mail-server'] as NginxContext[]) {
    assert.ok(info.contexts.includes(c), c);
    assert.ok(allowedIn('ssl_protocols', c), c);
  }
  for (const c of ['main', 'events', 'location', 'if-location', 'if-server', 'upstream', 'limit_except']) assert.equal(allowedIn('ssl_protocols', c), false, c);
  assert.deepEqual(info.modules.sort(), ['ngx_http_ssl_module', 'ngx_mail_ssl_module', 'ngx_stream_ssl_module']);
  // Contexts nginx does not judge (data blocks, unknown fragments) are accepted; unknown names are not.
  assert.equal(allowedIn('ssl_protocols', 'unknown'), true);
  assert.equal(allowedIn('no_such_directive', 'http'), false);
});

test('contexts of structural and upstream TLS directives', () => {
  assert.ok(allowedIn('proxy_ssl_verify', 'location'));
  assert.ok(allowedIn('proxy_ssl_verify', 'stream-server'));
  assert.ok(!allowedIn('proxy_ssl_verify', 'if-location'));
  assert.ok(allowedIn('proxy_pass', 'if-location'));
  assert.ok(allowedIn('proxy_pass', 'limit_except'));
  assert.ok(!allowedIn('proxy_pass', 'server'));
  assert.ok(allowedIn('proxy_pass', 'stream-server'));
  assert.ok(allowedIn('listen', 'server') && allowedIn('listen', 'stream-server') && allowedIn('listen', 'mail-server'));
  assert.ok(!allowedIn('listen', 'http'));
  assert.ok(allowedIn('add_header', 'if-location') && !allowedIn('add_header', 'if-server'));
  assert.ok(allowedIn('server', 'upstream') && allowedIn('server', 'http') && !allowedIn('server', 'location'));
  assert.ok(allowedIn('location', 'location') && !allowedIn('location', 'http'));
  assert.ok(allowedIn('include', 'limit_except') && allowedIn('include', 'main'));
  assert.ok(allowedIn('ssl_engine', 'main') && !allowedIn('ssl_engine', 'http', '1.22.1'));
  assert.ok(allowedIn('ssl_certificate_by_lua_block', 'server'));
});

test('context-dependent lookup picks the variant of that context', () => {
  assert.equal(lookupNginxDirective('server', 'http')!.block, true);
  assert.equal(lookupNginxDirective('server', 'upstream')!.block, false);
  assert.equal(lookupNginxDirective('server', 'upstream')!.args.min, 1);
  assert.equal(lookupNginxDirective('return', 'stream-server')!.repeatable, false);
  assert.equal(lookupNginxDirective('return', 'location')!.repeatable, true);
});

test('repeatability follows nginx ("directive is duplicate")', () => {
  const repeatable = ['ssl_certificate', 'ssl_certificate_key', 'ssl_conf_command', 'proxy_ssl_conf_command', 'ssl_session_ticket_key',
    'add_header', 'listen', 'server_name', 'include', 'proxy_set_header', 'error_page', 'location', 'server', 'ssl_session_cache',
    'ssl_protocols', 'proxy_ssl_protocols', 'access_log', 'limit_req', 'proxy_redirect'];
  const once = ['ssl_ciphers', 'ssl_prefer_server_ciphers', 'ssl_ecdh_curve', 'ssl_dhparam', 'ssl_stapling', 'ssl_session_tickets',
    'ssl_session_timeout', 'ssl_verify_client', 'ssl_trusted_certificate', 'ssl_reject_handshake', 'ssl_early_data', 'proxy_pass',
    'proxy_ssl_verify', 'proxy_ssl_server_name', 'proxy_ssl_name', 'proxy_ssl_certificate', 'grpc_pass', 'resolver', 'root',
    'http', 'events', 'http2', 'try_files', 'limit_except'];
  for (const n of repeatable) assert.equal(lookupNginxDirective(n)!.repeatable, true, n);
  for (const n of once) assert.equal(lookupNginxDirective(n)!.repeatable, false, n);
  // ssl_protocols repeated in one block is accepted and the lists are merged (a bitmask).
  assert.equal(lookupNginxDirective('ssl_protocols')!.accumulates, true);
  assert.equal(lookupNginxDirective('ssl_ciphers')!.accumulates, false);
});

test('arity and blocks', () => {
  const p = lookupNginxDirective('ssl_protocols')!.args;
  assert.equal(p.min, 1);
  assert.equal(p.max, Infinity);
  assert.ok(lookupNginxDirective('ssl_stapling')!.args.flag);
  assert.deepEqual(lookupNginxDirective('add_header')!.args.counts, [2, 3]);
  assert.ok(acceptsArgCount(lookupNginxDirective('add_header')!.args, 3));
  assert.ok(!acceptsArgCount(lookupNginxDirective('add_header')!.args, 4));
  assert.ok(acceptsArgCount(lookupNginxDirective('location', 'server')!.args, 2));
  assert.equal(lookupNginxDirective('location')!.block, true);
  assert.equal(lookupNginxDirective('http')!.args.max, 0);
  assert.ok(lookupNginxDirective('include')!.contexts.length === NGINX_CONTEXTS.length);
});

test('versions: added, removed, obsolete, contexts added later', () => {
  const v = (n: string) => lookupNginxDirective(n)!;
  assert.equal(v('ssl').removed, '1.25.1');
  assert.equal(v('http2').since, '1.25.1');
  assert.equal(v('ssl_reject_handshake').since, '1.19.4');
  assert.equal(v('ssl_conf_command').since, '1.19.4');
  assert.equal(v('proxy_ssl_verify').since, '1.7.0');
  assert.equal(v('proxy_ssl_server_name').since, '1.7.0');
  assert.equal(v('proxy_ssl_conf_command').since, '1.19.4');
  assert.equal(v('ssl_stapling').since, '1.3.7');
  assert.equal(v('ssl_early_data').since, '1.15.3');
  assert.equal(v('http2_push').obsolete, '1.25.1');
  assert.equal(v('http2_idle_timeout').replacement, 'keepalive_timeout');
  assert.equal(v('spdy_headers_comp').removed, '1.19.7');
  assert.ok(!nginxDirectiveNames().includes('ssl'));
  assert.ok(nginxDirectiveNames({ includeRemoved: true }).includes('ssl'));
  assert.ok(existsInNginxVersion('ssl', '1.24.0') && !existsInNginxVersion('ssl', '1.25.1'));
  assert.ok(!existsInNginxVersion('http2', '1.24.0') && existsInNginxVersion('http2', '1.26.0'));
  // `resolver` became allowed in upstream blocks in 1.27.3.
  assert.ok(allowedIn('resolver', 'upstream'));
  assert.ok(!allowedIn('resolver', 'upstream', '1.22.1'));
  assert.ok(allowedIn('resolver', 'upstream', '1.27.3'));
  assert.ok(allowedIn('resolver', 'server', '1.22.1'));
  assert.ok(compareNginxVersions('1.9.0', '1.19.4') < 0 && compareNginxVersions('1.25.1', '1.25.1') === 0);
});

test('directives by context: no removed ones, nothing from other contexts', () => {
  const inLocation = nginxDirectivesIn('location').map((i) => i.name);
  assert.ok(inLocation.includes('proxy_ssl_verify') && inLocation.includes('add_header'));
  assert.ok(!inLocation.includes('ssl_protocols') && !inLocation.includes('listen') && !inLocation.includes('ssl'));
  const inStream = nginxDirectivesIn('stream-server').map((i) => i.name);
  assert.ok(inStream.includes('ssl_preread') && inStream.includes('proxy_ssl') && !inStream.includes('add_header'));
});

// ---------------------------------------------------------------------------------------------
// Hand-written docs

// The nginx directives shared/RULES.md names (rules read them or fix them).
const RULE_DIRECTIVES = [
  'ssl_protocols', 'ssl_ciphers', 'ssl_prefer_server_ciphers', 'ssl_certificate', 'ssl_certificate_key', 'ssl_reject_handshake',
  'ssl_ecdh_curve', 'ssl_dhparam', 'ssl_stapling', 'ssl_session_tickets', 'ssl_trusted_certificate', 'ssl_conf_command', 'ssl',
  'listen', 'server_name', 'add_header', 'resolver', 'include', 'proxy_pass', 'grpc_pass', 'uwsgi_pass', 'proxy_ssl_server_name',
  'proxy_ssl_verify', 'proxy_ssl_trusted_certificate', 'proxy_ssl_protocols', 'http2',
];

test('every TLS directive of the rules has docs', () => {
  for (const n of RULE_DIRECTIVES) assert.ok(nginxDirectiveDoc(n), `no docs for ${n}`);
});

test('every current ssl_*, proxy_ssl_*, grpc_ssl_* and uwsgi_ssl_* directive of nginx has docs', () => {
  const tls = nginxDirectiveNames({ thirdParty: false }).filter((n) => /^(ssl_|proxy_ssl|grpc_ssl_|uwsgi_ssl_)/.test(n));
  assert.ok(tls.length >= 80, `${tls.length}`);
  const missing = tls.filter((n) => !nginxDirectiveDoc(n));
  assert.deepEqual(missing, []);
});

test('structural directives around TLS have docs', () => {
  for (const n of ['resolver_timeout', 'server', 'location', 'http', 'stream', 'upstream', 'map', 'return', 'error_page']) assert.ok(nginxDirectiveDoc(n), n);
});

test('docs are well-formed: syntax starts with the name, known directive, summary of a few sentences, nginx.org anchors', () => {
  for (const name of nginxDocumentedDirectives()) {
    const doc = nginxDirectiveDoc(name)!;
    assert.ok(isKnownNginxDirective(name), `${name} is not in the table`);
    assert.ok(doc.syntax.length > 0 && doc.syntax.every((s) => s.startsWith(name + ' ') || s === name + ';'), `${name}: ${doc.syntax}`);
    assert.ok(doc.contexts.length > 0, `${name}: no contexts`);
    const sentences = doc.summary.replace(/\b(e\.g|i\.e|etc)\./g, '$1').split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
    assert.ok(sentences >= 1 && sentences <= 5, `${name}: ${sentences} sentences`);
    assert.ok(doc.urls.length > 0, `${name}: no URL`);
    for (const u of doc.urls) assert.match(u, new RegExp(`^https://nginx\\.org/en/docs/[a-z/_0-9]+\\.html#${name}$`), `${name}: ${u}`);
    assert.equal((doc.summary.match(/`/g) ?? []).length % 2, 0, `${name}: unbalanced backticks`);
  }
});

test('stream and mail variants link to their own module pages', () => {
  const urls = nginxDirectiveDoc('ssl_protocols')!.urls;
  assert.ok(urls.includes('https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols'));
  assert.ok(urls.includes('https://nginx.org/en/docs/stream/ngx_stream_ssl_module.html#ssl_protocols'));
  assert.ok(urls.includes('https://nginx.org/en/docs/mail/ngx_mail_ssl_module.html#ssl_protocols'));
  assert.deepEqual(nginxDirectiveDoc('listen')!.urls[0], 'https://nginx.org/en/docs/http/ngx_http_core_module.html#listen');
  assert.deepEqual(nginxDirectiveDoc('ssl')!.urls, ['https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl']);
});

test('version-dependent defaults', () => {
  const p = nginxDirectiveDoc('ssl_protocols')!;
  assert.equal(nginxDefaultAt(p), 'TLSv1.2 TLSv1.3');
  assert.equal(nginxDefaultAt(p, '1.8.1'), 'SSLv3 TLSv1 TLSv1.1 TLSv1.2');
  assert.equal(nginxDefaultAt(p, '1.22.1'), 'TLSv1 TLSv1.1 TLSv1.2');
  assert.equal(nginxDefaultAt(p, '1.23.4'), 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3');
  assert.equal(nginxDefaultAt(p, '1.26.3'), 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3');
  assert.equal(nginxDefaultAt(p, '1.27.3'), 'TLSv1.2 TLSv1.3');
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('proxy_ssl_protocols')!, '1.24.0'), 'TLSv1 TLSv1.1 TLSv1.2 TLSv1.3');
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('ssl_ecdh_curve')!, '1.10.3'), 'prime256v1');
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('ssl_ecdh_curve')!, '1.11.0'), 'auto');
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('ssl_certificate')!), undefined);
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('proxy_ssl_server_name')!), 'off');
  assert.equal(nginxDefaultAt(nginxDirectiveDoc('proxy_ssl_name')!), '$proxy_host');
});

test('value docs: protocols, sessions, curves, prefixes and positions', () => {
  assert.equal(nginxValueDoc('ssl_protocols', 'TLSv1')!.verdict, 'deprecated');
  assert.match(nginxValueDoc('ssl_protocols', 'TLSv1.1')!.doc, /RFC 8996/);
  assert.match(nginxValueDoc('ssl_protocols', 'SSLv3')!.doc, /POODLE/);
  assert.equal(nginxValueDoc('proxy_ssl_protocols', 'SSLv2')!.verdict, 'insecure');
  assert.equal(nginxValueDoc('ssl_protocols', 'TLSv1.4'), undefined);
  assert.equal(nginxValueDoc('ssl_session_cache', 'shared:SSL:10m')!.value, 'shared:');
  assert.equal(nginxValueDoc('ssl_ecdh_curve', 'x25519')!.value, 'X25519');
  assert.equal(nginxValueDoc('add_header', 'always', 2)!.value, 'always');
  assert.equal(nginxValueDoc('add_header', 'always', 0), undefined);
  assert.equal(nginxValueDoc('proxy_ssl_verify', 'off')!.verdict, 'insecure');
  assert.equal(nginxValueDoc('ssl_verify_client', 'optional_no_ca')!.value, 'optional_no_ca');
});

test('listen parameters', () => {
  assert.equal(nginxListenParameter('ssl')!.name, 'ssl');
  assert.equal(nginxListenParameter('backlog=511')!.name, 'backlog');
  assert.equal(nginxListenParameter('backlog'), undefined);
  assert.equal(nginxListenParameter('ssl=on'), undefined);
  assert.equal(nginxListenParameter('http2')!.deprecated, '1.25.1');
  assert.equal(nginxListenParameter('quic')!.since, '1.25.0');
  for (const n of ['ssl', 'http2', 'quic', 'default_server', 'proxy_protocol', 'reuseport', 'ipv6only', 'backlog', 'so_keepalive', 'deferred', 'bind', 'fastopen', 'rcvbuf', 'sndbuf', 'setfib', 'accept_filter', 'udp']) {
    assert.ok(NGINX_LISTEN_PARAMETERS.some((p) => p.name === n), n);
  }
  assert.ok(nginxListenParameter('udp')!.modules.includes('stream') && !nginxListenParameter('udp')!.modules.includes('http'));
});

// ---------------------------------------------------------------------------------------------
// Oracle: the real nginx binary agrees with the table

const NGINX = process.env.TLSLINT_NGINX ?? '/usr/sbin/nginx';
const REQUIRE = process.env.TLSLINT_REQUIRE_ORACLES === '1';

// Testable contexts of the http core (stream and mail are dynamic modules that may be absent).
const HTTP_CONTEXTS: NginxContext[] = ['main', 'events', 'http', 'server', 'location', 'if-server', 'if-location', 'upstream', 'limit_except'];

const SAMPLE = [
  'ssl', 'ssl_buffer_size', 'ssl_certificate', 'ssl_certificate_key', 'ssl_ciphers', 'ssl_client_certificate', 'ssl_conf_command',
  'ssl_crl', 'ssl_dhparam', 'ssl_early_data', 'ssl_ecdh_curve', 'ssl_ocsp', 'ssl_ocsp_cache', 'ssl_ocsp_responder',
  'ssl_password_file', 'ssl_prefer_server_ciphers', 'ssl_protocols', 'ssl_reject_handshake', 'ssl_session_cache',
  'ssl_session_ticket_key', 'ssl_session_tickets', 'ssl_session_timeout', 'ssl_stapling', 'ssl_stapling_file',
  'ssl_stapling_responder', 'ssl_stapling_verify', 'ssl_trusted_certificate', 'ssl_verify_client', 'ssl_verify_depth',
  'ssl_engine', 'proxy_ssl_certificate', 'proxy_ssl_certificate_key', 'proxy_ssl_ciphers', 'proxy_ssl_conf_command',
  'proxy_ssl_crl', 'proxy_ssl_name', 'proxy_ssl_password_file', 'proxy_ssl_protocols', 'proxy_ssl_server_name',
  'proxy_ssl_session_reuse', 'proxy_ssl_trusted_certificate', 'proxy_ssl_verify', 'proxy_ssl_verify_depth',
  'grpc_pass', 'grpc_ssl_verify', 'grpc_ssl_name', 'uwsgi_pass', 'uwsgi_ssl_verify', 'uwsgi_ssl_protocols',
  'listen', 'server_name', 'add_header', 'resolver', 'resolver_timeout', 'proxy_pass', 'http2', 'http2_push', 'include',
  'server', 'location', 'upstream', 'map', 'return', 'error_page', 'if', 'limit_except', 'keepalive', 'worker_connections',
  'worker_processes', 'root', 'alias', 'try_files', 'set', 'rewrite', 'break', 'allow', 'deny', 'access_log', 'error_log',
];

interface Oracle {
  version: string;
  run(slots: Partial<Record<NginxContext, string>>): string;
  close(): void;
}

function nginxOracle(): Oracle | string {
  if (!existsSync(NGINX)) return `nginx binary not found at ${NGINX}`;
  const v = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  const m = /nginx\/(\d+\.\d+\.\d+)/.exec(`${v.stderr}${v.stdout}`);
  if (!m) return `could not read the version of ${NGINX}: ${v.error?.message ?? v.stderr}`;
  const dir = mkdtempSync(join(tmpdir(), 'tlslint-nginx-'));
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  return {
    version: m[1],
    run(slots) {
      const s = (c: NginxContext) => slots[c] ?? '';
      const conf = [
        s('main'),
        `events { ${s('events')} }`,
        `http { access_log off; ${temps}`,
        `  upstream u { ${s('upstream')} server 127.0.0.1:9; }`,
        `  server { ${s('server')} listen 127.0.0.1:8999;`,
        `    if ($host) { ${s('if-server')} }`,
        `    location / { ${s('location')}`,
        `      if ($host) { ${s('if-location')} }`,
        `      limit_except GET { ${s('limit_except')} }`,
        '    }',
        '  }',
        `  ${s('http')}`,
        '}',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'nginx.conf'), conf);
      const r = spawnSync(NGINX, ['-t', '-p', dir + '/', '-c', join(dir, 'nginx.conf'), '-g', `pid ${dir}/pid; error_log ${dir}/err.log;`], { encoding: 'utf8' });
      return `${r.stderr}${r.stdout}`;
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withOracle(t: { skip(msg: string): void }, body: (o: Oracle) => void): void {
  const o = nginxOracle();
  if (typeof o === 'string') {
    if (REQUIRE) assert.fail(`${o} (TLSLINT_REQUIRE_ORACLES=1)`);
    t.skip(`${o}: the oracle check is skipped (set TLSLINT_REQUIRE_ORACLES=1 to fail instead)`);
    return;
  }
  try {
    body(o);
  } finally {
    o.close();
  }
}

function sampleStatement(name: string, ctx: NginxContext): string {
  const info = lookupNginxDirective(name, ctx)!;
  const args = info.args.flag ? ['on'] : Array.from({ length: info.args.min }, () => 'x');
  return info.block ? `${name} ${args.join(' ')} { }` : `${name} ${args.join(' ')};`;
}

test('oracle: nginx accepts and refuses the sampled directives in the contexts the table says', (t) => {
  withOracle(t, (o) => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const name of SAMPLE) {
      if (!existsInNginxVersion(name, o.version)) continue;
      const contexts = HTTP_CONTEXTS.filter((c) => allowedIn(name, c, o.version));
      const refused = HTTP_CONTEXTS.filter((c) => !allowedIn(name, c, o.version));
      assert.ok(refused.length > 0 || name === 'include', `${name}: no refused context to probe`);
      // Every testable context: those the table allows and those it refuses.
      const probe: NginxContext[] = [...contexts, ...refused];
      if (!contexts.length) continue;
      let known = true;
      for (const c of probe) {
        const stmt = sampleStatement(name, contexts.includes(c) ? c : contexts[0]);
        const out = o.run({ [c]: stmt });
        if (new RegExp(`unknown directive "${name}"`).test(out)) {
          known = false; // module not built into this binary
          break;
        }
        const notAllowed = new RegExp(`"${name}" directive is not allowed here`).test(out);
        if (notAllowed === allowedIn(name, c, o.version)) disagreements.push(`${name} in ${c}: table says ${allowedIn(name, c, o.version) ? 'allowed' : 'refused'}; nginx: ${out.split('\n').find((l) => l.includes('emerg')) ?? 'accepted'}`);
      }
      if (known) checked++;
    }
    assert.deepEqual(disagreements, []);
    assert.ok(checked >= 40, `only ${checked} sampled directives were built into ${NGINX}`);
  });
});

test('oracle: nginx reports "directive is duplicate" exactly for non-repeatable directives', (t) => {
  withOracle(t, (o) => {
    // Statements nginx accepts once in the given context.
    const cases: [NginxContext, string][] = [
      ['http', 'ssl_protocols TLSv1.2;'],
      ['http', 'ssl_ciphers HIGH;'],
      ['http', 'ssl_prefer_server_ciphers on;'],
      ['http', 'ssl_session_tickets off;'],
      ['http', 'ssl_session_timeout 1d;'],
      ['http', 'ssl_session_cache none;'],
      ['http', 'ssl_ecdh_curve auto;'],
      ['http', 'ssl_stapling on;'],
      ['http', 'ssl_buffer_size 4k;'],
      ['http', 'ssl_conf_command Options -SessionTicket;'],
      ['http', 'ssl_verify_depth 2;'],
      ['location', 'proxy_ssl_verify on;'],
      ['location', 'proxy_ssl_protocols TLSv1.2;'],
      ['location', 'proxy_ssl_server_name on;'],
      ['location', 'proxy_ssl_name example.com;'],
      ['location', 'proxy_set_header X-A b;'],
      ['location', 'add_header X-A b always;'],
      ['server', 'server_name example.com;'],
      ['server', 'error_page 404 /x;'],
      ['http', 'resolver 127.0.0.1;'],
      ['http', 'resolver_timeout 5s;'],
      ['location', 'root /tmp;'],
      ['location', 'expires 1h;'],
    ];
    const disagreements: string[] = [];
    for (const [ctx, stmt] of cases) {
      const name = stmt.split(' ')[0];
      const once = o.run({ [ctx]: stmt });
      assert.match(once, /test is successful/, `${stmt} alone should pass: ${once}`);
      const twice = o.run({ [ctx]: `${stmt} ${stmt}` });
      const duplicate = /directive is duplicate/.test(twice);
      const repeatable = lookupNginxDirective(name, ctx)!.repeatable;
      if (duplicate === repeatable) disagreements.push(`${name}: table says ${repeatable ? 'repeatable' : 'once'}; nginx: ${twice.split('\n').find((l) => l.includes('emerg')) ?? 'accepted'}`);
    }
    assert.deepEqual(disagreements, []);
  });
});
