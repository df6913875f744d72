// The oracle's comparison must be able to fail: a prediction that differs from a probe report in each
// way the harness checks gives one readable line naming both sides.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, type Prediction } from './harness';
import type { ProbeReport, ServedCertificate } from '../../server/src/host/probe';

const cert = (sha256: string, subject: string): ServedCertificate => ({ sha256, subject, issuer: 'CN=ca', notBefore: new Date(0), notAfter: new Date(0), names: [], pem: '' });

function report(): ProbeReport {
  return {
    host: '127.0.0.1',
    port: 1,
    servername: null,
    versions: [
      { version: 'TLSv1', ok: false, error: 'internal error' },
      { version: 'TLSv1.1', ok: false, error: 'internal error' },
      { version: 'TLSv1.2', ok: true },
      { version: 'TLSv1.3', ok: true },
    ],
    suites: { TLSv1: [], 'TLSv1.1': [], 'TLSv1.2': ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'] },
    tls13Suites: ['TLS_AES_256_GCM_SHA384'],
    serverOrder: true,
    serverOrderByVersion: { 'TLSv1.2': true },
    chain: [cert('AA', 'CN=rsa')],
    chainInWireOrder: false,
    chainByAuth: { RSA: [cert('AA', 'CN=rsa')] },
    problems: [],
  };
}

function prediction(): Prediction {
  return {
    versions: ['TLSv1.2', 'TLSv1.3'],
    suites: { TLSv1: [], 'TLSv1.1': [], 'TLSv1.2': ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'] },
    tls13Suites: ['TLS_AES_256_GCM_SHA384'],
    serverOrder: true,
    tls13ServerOrder: true,
    chains: { tls13: ['AA'], RSA: ['AA'] },
    origins: { versions: 'nginx.conf:3' },
  };
}

test('agreement gives no lines', () => {
  assert.deepEqual(compare(prediction(), report()), []);
});

test('each kind of difference is reported', () => {
  const p = prediction();
  p.versions = ['TLSv1', 'TLSv1.2', 'TLSv1.3'];
  assert.match(compare(p, report()).join('\n'), /versions: engine TLSv1 TLSv1.2 TLSv1.3 \| server TLSv1.2 TLSv1.3 .*nginx.conf:3/);
  const q = prediction();
  q.suites['TLSv1.2'] = ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384'];
  assert.match(compare(q, report()).join('\n'), /TLSv1.2 server order: engine ECDHE-RSA-AES128-GCM-SHA256/);
  const r = prediction();
  r.suites['TLSv1.2'] = ['ECDHE-RSA-AES256-GCM-SHA384'];
  assert.match(compare(r, report()).join('\n'), /only server: ECDHE-RSA-AES128-GCM-SHA256/);
  const s = prediction();
  s.serverOrder = false;
  assert.match(compare(s, report()).join('\n'), /server preference: engine off \| server on/);
  const t = prediction();
  t.chains.tls13 = ['BB'];
  assert.match(compare(t, report()).join('\n'), /chain \(TLS 1.3\).*server sent leaf CN=rsa/);
  const u = prediction();
  u.tls13Suites = ['TLS_CHACHA20_POLY1305_SHA256'];
  assert.match(compare(u, report()).join('\n'), /TLSv1.3 suites: only engine: TLS_CHACHA20_POLY1305_SHA256/);
});
