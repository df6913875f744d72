// The engine's handshake prediction for nginx sockets (model/negotiation.ts): default servers, SNI
// lookup, which server's settings apply to what, and the OpenSSL 3 security-level facts. The oracle
// suite (test/oracle) holds the same predictions against the real nginx; these pin the rules fast.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { Engine } from '../../server/src/engine/engine';
import { normalizeSettings } from '../../server/src/engine/settings';
import { Workspace } from '../../server/src/engine/model/workspace';
import { handshakeVersions, nginxTlsSockets, predictHandshake, serverForName, servedCertificate, socketFor } from '../../server/src/engine/model/negotiation';
import { expandCipherString, serverProtocolVersions } from '../../server/src/engine/tls/ciphers/expand';
import { certFactoryAvailable, scenarioFile } from '../helpers/certFactory';

const ROOT = '/n/nginx.conf';
const skip = !certFactoryAvailable();

function workspace(http: string, settings: unknown = {}): Workspace {
  const files: Record<string, string> = { [ROOT]: `events {}\nhttp {\n${http}\n}\n` };
  if (!skip) {
    for (const f of ['chain-ok.pem', 'leaf.key', 'test.crt', 'test.key', 'san.pem', 'dh2048.pem']) files[`/n/${f}`] = fs.readFileSync(scenarioFile(f), 'utf8');
  }
  return new Workspace({ fs: new MemoryFileSystem(files), settings: normalizeSettings(settings), files: [ROOT] });
}

const EC = 'ssl_certificate chain-ok.pem; ssl_certificate_key leaf.key;';
const RSA = 'ssl_certificate test.crt; ssl_certificate_key test.key;';

function predict(http: string, sni: string | null = null, settings: unknown = {}, port = 443) {
  const ws = workspace(http, settings);
  const socket = socketFor(ws, '127.0.0.1', port);
  assert.ok(socket, 'a TLS socket');
  return predictHandshake(ws, socket, sni);
}

test('sockets: ssl on any listen of an address:port makes it TLS; default_server wins over the first server', () => {
  const ws = workspace(`
    server { listen 127.0.0.1:443 ssl; server_name a.test; }
    server { listen 127.0.0.1:443 default_server; server_name b.test; }
    server { listen 8080; server_name plain.test; }`);
  const sockets = nginxTlsSockets(ws);
  assert.deepEqual(sockets.map((s) => s.address), ['127.0.0.1:443']);
  assert.equal(sockets[0].defaultServer.names[0].name, 'b.test');
  assert.match(sockets[0].defaultReason, /default_server/);
});

test('sockets: a specific address hides wildcard servers of the port; otherwise the wildcard answers', () => {
  const ws = workspace(`
    server { listen 443 ssl; server_name wild.test; }
    server { listen 127.0.0.1:443 ssl; server_name local.test; }
    server { listen 8443 ssl; server_name only-wild.test; }`);
  assert.equal(socketFor(ws, '127.0.0.1', 443)?.servers.map((s) => s.names[0].name).join(), 'local.test');
  assert.equal(socketFor(ws, '10.0.0.1', 443)?.servers.map((s) => s.names[0].name).join(), 'wild.test');
  assert.equal(socketFor(ws, 'localhost', 8443)?.servers[0].names[0].name, 'only-wild.test');
});

test('SNI lookup: exact, then the longest leading wildcard, then trailing wildcards, then regexes', () => {
  const ws = workspace(`
    server { listen 127.0.0.1:443 ssl; server_name fallback.test; }
    server { listen 127.0.0.1:443 ssl; server_name *.example.test; }
    server { listen 127.0.0.1:443 ssl; server_name *.api.example.test api.example.test; }
    server { listen 127.0.0.1:443 ssl; server_name www.example.*; }
    server { listen 127.0.0.1:443 ssl; server_name .example.net; }
    server { listen 127.0.0.1:443 ssl; server_name "~^node\\d+\\.example\\.org$"; }`);
  const s = socketFor(ws, '127.0.0.1', 443)!;
  const first = (n: string) => serverForName(s, n)?.server.names[0].name;
  assert.equal(first('API.example.test'), '*.api.example.test');
  assert.equal(first('x.api.example.test'), '*.api.example.test');
  assert.equal(first('a.b.example.test'), '*.example.test');
  assert.equal(first('www.example.org'), 'www.example.*');
  assert.equal(first('example.net'), '.example.net');
  assert.equal(first('deep.sub.example.net'), '.example.net');
  assert.equal(first('node12.example.org'), '~^node\\d+\\.example\\.org$');
  assert.equal(serverForName(s, 'nothing.invalid'), undefined);
});

test('OpenSSL 3 at security level 1+ refuses TLS 1.0/1.1 handshakes; @SECLEVEL=0 or an OpenSSL 1.1.1 target allows them', { skip }, () => {
  const http = (c: string) => `server { listen 127.0.0.1:443 ssl; ${RSA} ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ${c} }`;
  const refused = predict(http(''));
  assert.deepEqual(handshakeVersions(refused), ['TLSv1.2']);
  assert.match(refused.versions[0].reason ?? '', /security level 2 refuses/);
  assert.deepEqual(handshakeVersions(predict(http('ssl_ciphers HIGH:@SECLEVEL=1;'))), ['TLSv1.2']);
  assert.deepEqual(handshakeVersions(predict(http('ssl_ciphers DEFAULT:@SECLEVEL=0;'))), ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
  assert.deepEqual(handshakeVersions(predict(http(''), null, { securityLevel: 1, targets: { openssl: '1.1.1' } })), ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
});

test('a server takes each enabled version on its own: a gap does not cut TLS 1.3 off (a client would)', { skip }, () => {
  const p = predict(`server { listen 127.0.0.1:443 ssl; ${EC} ssl_protocols TLSv1 TLSv1.3; ssl_ciphers ALL:@SECLEVEL=0; }`);
  assert.deepEqual(handshakeVersions(p), ['TLSv1', 'TLSv1.3']);
  assert.deepEqual(serverProtocolVersions(['TLSv1', 'TLSv1.2'], 0), ['TLSv1', 'TLSv1.2']);
  const gcm = (side: 'client' | 'server') => expandCipherString('ECDHE+AESGCM:ECDHE-RSA-AES128-SHA', { protocols: ['TLSv1', 'TLSv1.2'], securityLevel: 0, side }).ciphers.map((s) => s.name);
  assert.deepEqual(gcm('client'), ['ECDHE-RSA-AES128-SHA']);
  assert.ok(gcm('server').includes('ECDHE-RSA-AES128-GCM-SHA256'));
});

test('SNI: versions come from the default server; suites, order and certificates from the selected one', { skip }, () => {
  const http = `
    server { listen 127.0.0.1:443 ssl; server_name a.test; ${RSA} ssl_protocols TLSv1.2; ssl_ciphers AES128-SHA; }
    server { listen 127.0.0.1:443 ssl; server_name b.test; ${EC} ssl_protocols TLSv1.3; ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384; ssl_prefer_server_ciphers on; }`;
  const b = predict(http, 'b.test');
  assert.deepEqual(handshakeVersions(b), ['TLSv1.2']);
  assert.deepEqual(b.suites['TLSv1.2'], ['ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.equal(b.serverOrder, true);
  assert.equal(servedCertificate(b, 'ECDSA')?.certificate.value, 'chain-ok.pem');
  assert.equal(servedCertificate(b, 'RSA'), undefined);
  const none = predict(http, null);
  assert.deepEqual(none.suites['TLSv1.2'], ['AES128-SHA']);
  assert.match(none.selectedBy, /first server/);
});

test('suites need a certificate of their type and, for DHE, ssl_dhparam', { skip }, () => {
  const list = 'ssl_ciphers DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256;';
  assert.deepEqual(predict(`server { listen 127.0.0.1:443 ssl; ${RSA} ${list} }`).suites['TLSv1.2'], ['ECDHE-RSA-AES128-GCM-SHA256']);
  assert.deepEqual(predict(`server { listen 127.0.0.1:443 ssl; ${RSA} ${list} ssl_dhparam dh2048.pem; }`).suites['TLSv1.2'], ['DHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256']);
  const dual = predict(`server { listen 127.0.0.1:443 ssl; ${RSA} ${EC} ${list} ssl_protocols TLSv1.2 TLSv1.3; }`);
  assert.deepEqual(dual.suites['TLSv1.2'], ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256']);
  // TLS 1.3 clients usually put ECDSA first in their signature algorithms.
  assert.equal(servedCertificate(dual)?.auth, 'ECDSA');
});

test('ssl_reject_handshake: no version handshakes for the names it covers', { skip }, () => {
  const p = predict(`server { listen 127.0.0.1:443 ssl default_server; ssl_reject_handshake on; } server { listen 127.0.0.1:443 ssl; server_name app.test; ${EC} }`);
  assert.deepEqual(handshakeVersions(p), []);
  assert.match(p.versions[2].reason ?? '', /ssl_reject_handshake/);
});

test('protocol-deprecated says when the target OpenSSL refuses TLS 1.0/1.1 at the security level in effect', () => {
  const lint = (ciphers: string, openssl = '3.0.19') => {
    const text = `events {}\nhttp {\n  server { listen 443 ssl; ssl_certificate a.crt; ssl_certificate_key a.key; ssl_protocols TLSv1 TLSv1.2; ${ciphers} }\n}\n`;
    const r = new Engine().lint({ fs: new MemoryFileSystem({ [ROOT]: text }), files: [ROOT], settings: normalizeSettings({ targets: { openssl } }) });
    return (r.findings.get(ROOT) ?? []).filter((f) => f.ruleId === 'protocol-deprecated').map((f) => f.message);
  };
  assert.match(lint('').join(), /refuses these handshakes at security level 2/);
  assert.doesNotMatch(lint('ssl_ciphers DEFAULT:@SECLEVEL=0;').join(), /refuses/);
  assert.doesNotMatch(lint('', '1.1.1').join(), /refuses/);
  assert.equal(lint('ssl_ciphers DEFAULT:@SECLEVEL=0;').length, 1, 'still reported: the version is deprecated either way');
});

test('ssl_conf_command MinProtocol/MaxProtocol, CipherString and Options [-]ServerPreference override the directives', { skip }, () => {
  const base = `listen 127.0.0.1:443 ssl; ${EC} ssl_protocols TLSv1.2 TLSv1.3;`;
  assert.deepEqual(handshakeVersions(predict(`server { ${base} ssl_conf_command MinProtocol TLSv1.3; }`)), ['TLSv1.3']);
  const capped = predict(`server { ${base} ssl_conf_command MaxProtocol TLSv1.2; }`);
  assert.deepEqual(handshakeVersions(capped), ['TLSv1.2']);
  assert.match(capped.versions[3].reason ?? '', /MaxProtocol/);
  const strings = predict(`server { ${base} ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256; ssl_conf_command CipherString ECDHE-ECDSA-AES256-GCM-SHA384; }`);
  assert.deepEqual(strings.suites['TLSv1.2'], ['ECDHE-ECDSA-AES256-GCM-SHA384']);
  assert.equal(predict(`server { ${base} ssl_conf_command Options ServerPreference; }`).serverOrder, true);
  assert.equal(predict(`server { ${base} ssl_prefer_server_ciphers on; ssl_conf_command Options SessionTicket,-ServerPreference; }`).serverOrder, false);
  // A level with any ssl_conf_command replaces the outer ones entirely (nginx's array merge).
  assert.equal(predict(`ssl_conf_command Options ServerPreference; server { ${base} ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256; }`).serverOrder, false);
});

test('SNI and TLS 1.3: the suites and their order are the default server\'s (OpenSSL picks them before the servername callback)', { skip }, () => {
  const http = `
    server { listen 127.0.0.1:443 ssl; server_name a.test; ${RSA} ssl_protocols TLSv1.2 TLSv1.3; ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256; }
    server { listen 127.0.0.1:443 ssl; server_name b.test; ${EC} ssl_prefer_server_ciphers on; ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256; }`;
  const b = predict(http, 'b.test');
  assert.deepEqual(b.tls13Suites, ['TLS_AES_128_GCM_SHA256']);
  assert.equal(b.tls13ServerOrder, false);
  assert.equal(b.serverOrder, true);
  assert.equal(servedCertificate(b)?.auth, 'ECDSA');
});

test('nginx 1.29.2+ selects the SNI server in the ClientHello callback: versions and TLS 1.3 suites follow SNI', { skip }, () => {
  const http = `
    server { listen 127.0.0.1:443 ssl; server_name a.test; ${RSA} ssl_protocols TLSv1.2; ssl_conf_command MaxProtocol TLSv1.3; }
    server { listen 127.0.0.1:443 ssl; server_name b.test; ${EC} ssl_protocols TLSv1.3; ssl_prefer_server_ciphers on; ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256; }`;
  const old = predict(http, 'b.test', { targets: { nginx: '1.28.0' } });
  assert.deepEqual(handshakeVersions(old), ['TLSv1.2']);
  const early = predict(http, 'b.test', { targets: { nginx: '1.29.2' } });
  assert.deepEqual(handshakeVersions(early), ['TLSv1.3']);
  assert.deepEqual(early.tls13Suites, ['TLS_CHACHA20_POLY1305_SHA256']);
  assert.equal(early.tls13ServerOrder, true);
  // ssl_conf_command bounds are not copied on the switch: the default server's apply.
  const bounded = predict(http.replace('MaxProtocol TLSv1.3', 'MaxProtocol TLSv1.2'), 'b.test', { targets: { nginx: '1.29.2' } });
  assert.deepEqual(handshakeVersions(bounded), []);
  assert.match(bounded.versions[3].reason ?? '', /MaxProtocol/);
});
