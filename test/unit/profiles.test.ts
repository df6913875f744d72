import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadProfile, BUNDLED_GUIDELINES, profileCipherString, profileProtocolsNginx, validateGuideline } from '../../server/src/engine/tls/profiles';
import { normalizeSettings } from '../../server/src/engine/settings';

test('bundled guideline values (Mozilla 5.7, 5.8, 6.0)', () => {
  const inter = loadProfile(normalizeSettings({})).profile;
  assert.equal(inter.guideline, '6.0');
  assert.deepEqual(inter.tlsVersions, ['TLSv1.2', 'TLSv1.3']);
  assert.equal(inter.hstsMinAge, 63072000);
  assert.equal(inter.serverPreferredOrder, false);
  assert.ok(inter.tlsCurves.includes('X25519MLKEM768'), '6.0 adds the hybrid post-quantum group');
  assert.ok(!inter.ciphers.some((c) => c.startsWith('DHE-')), '6.0 intermediate dropped DHE suites');
  const inter57 = loadProfile(normalizeSettings({ guideline: '5.7' })).profile;
  assert.ok(inter57.ciphers.includes('DHE-RSA-AES128-GCM-SHA256'), '5.7 intermediate still had DHE suites');
  assert.ok(!inter57.tlsCurves.includes('X25519MLKEM768'));
  const modern = loadProfile(normalizeSettings({ profile: 'modern' })).profile;
  assert.deepEqual(modern.tlsVersions, ['TLSv1.3']);
  assert.equal(modern.ciphers.length, 0);
  assert.equal(profileCipherString(inter), 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305');
  assert.deepEqual(Object.keys(BUNDLED_GUIDELINES).sort(), ['5.7', '5.8', '6.0']);
});

test('old comes from 5.8 when 6.0 is selected, silently; a pinned guideline lacking it says so', () => {
  const r = loadProfile(normalizeSettings({ profile: 'old' }));
  assert.equal(r.profile.guideline, '5.8');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.profile.tlsVersions, ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  assert.equal(r.profile.serverPreferredOrder, true);
  const custom = JSON.stringify({ version: 1, configurations: { intermediate: { tls_versions: ['TLSv1.3'] } } });
  const r2 = loadProfile(normalizeSettings({ profile: 'old', guideline: '/org/tls.json' }), (p) => (p === '/org/tls.json' ? custom : undefined));
  assert.equal(r2.profile.guideline, '5.8');
  assert.equal(r2.problems.length, 1);
});

test('a custom guideline file is used; relative paths resolve against baseDir', () => {
  const custom = JSON.stringify({ version: 1, configurations: { intermediate: { tls_versions: ['TLSv1.3'], hsts_min_age: 31536000, ciphers: { openssl: [] } } } });
  const r = loadProfile(normalizeSettings({ guideline: 'policy/tls.json', baseDir: '/repo' }), (p) => (p === '/repo/policy/tls.json' ? custom : undefined));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.profile.tlsVersions, ['TLSv1.3']);
  assert.equal(r.profile.hstsMinAge, 31536000);
});

test('broken or missing custom guidelines fall back with a problem, never throw', () => {
  for (const text of ['{ not json', '[]', '{"configurations": {"intermediate": {"tls_versions": "TLSv1.2"}}}', undefined]) {
    const r = loadProfile(normalizeSettings({ guideline: '/x.json' }), () => text);
    assert.equal(r.profile.guideline, '6.0');
    assert.equal(r.problems.length, 1, String(text));
  }
});

// The keys every configuration of Mozilla's guideline files carries (5.7 through 6.0).
const MOZILLA_KEYS = [
  'certificate_curves', 'certificate_signatures', 'certificate_types', 'ciphers', 'ciphersuites', 'dh_param_size',
  'ecdh_param_size', 'hsts_min_age', 'maximum_certificate_lifespan', 'ocsp_staple', 'oldest_clients',
  'recommended_certificate_lifespan', 'rsa_key_size', 'server_preferred_order', 'tls_curves', 'tls_versions',
];

test('bundled files keep Mozilla\'s shape, version and source address', () => {
  for (const [version, g] of Object.entries(BUNDLED_GUIDELINES)) {
    assert.deepEqual(validateGuideline(g), [], version);
    assert.equal(Number(g.version), Number(version));
    assert.equal(g.href, `https://ssl-config.mozilla.org/guidelines/${version}.json`);
    for (const [name, conf] of Object.entries(g.configurations)) {
      assert.deepEqual(Object.keys(conf!).sort(), MOZILLA_KEYS, `${version} ${name}`);
    }
  }
  assert.deepEqual(Object.keys(BUNDLED_GUIDELINES['6.0'].configurations).sort(), ['intermediate', 'modern']);
  assert.deepEqual(Object.keys(BUNDLED_GUIDELINES['5.8'].configurations).sort(), ['intermediate', 'modern', 'old']);
  // 5.7 as published still lists Go and Caddy names next to OpenSSL and IANA ones.
  assert.deepEqual(Object.keys(BUNDLED_GUIDELINES['5.7'].configurations.intermediate!.ciphers!).sort(), ['caddy', 'go', 'iana', 'openssl']);
});

test('every bundled profile: modern is TLS 1.3 only, intermediate TLS 1.2+1.3, two-year HSTS, tickets off', () => {
  for (const guideline of Object.keys(BUNDLED_GUIDELINES)) {
    const modern = loadProfile(normalizeSettings({ guideline, profile: 'modern' }));
    assert.deepEqual(modern.problems, []);
    assert.deepEqual(modern.profile.tlsVersions, ['TLSv1.3'], guideline);
    assert.deepEqual(modern.profile.ciphers, [], `${guideline} modern has no TLS <= 1.2 suites`);
    assert.deepEqual(modern.profile.ciphersuites, ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
    assert.deepEqual(modern.profile.certificateTypes, ['ecdsa']);
    assert.equal(modern.profile.rsaKeySize, null);
    const inter = loadProfile(normalizeSettings({ guideline })).profile;
    assert.equal(inter.guideline, guideline);
    assert.deepEqual(inter.tlsVersions, ['TLSv1.2', 'TLSv1.3'], guideline);
    assert.equal(profileProtocolsNginx(inter), 'TLSv1.2 TLSv1.3');
    assert.equal(inter.hstsMinAge, 63072000);
    assert.equal(inter.rsaKeySize, 2048);
    assert.equal(inter.dhParamSize, 2048);
    assert.equal(inter.ecdhParamSize, 256);
    assert.equal(inter.ocspStaple, true);
    assert.equal(inter.maximumCertificateLifespan, 366);
    assert.equal(inter.recommendedCertificateLifespan, 90);
    assert.deepEqual(inter.certificateTypes, ['ecdsa', 'rsa']);
    for (const p of [modern.profile, inter]) assert.equal(p.sessionTickets, false);
  }
});

test('old profile values: 5.8 drops DHE suites that 5.7 still had; pinned 5.7 uses its own old', () => {
  const old58 = loadProfile(normalizeSettings({ profile: 'old' })).profile;
  assert.equal(old58.sessionTickets, false);
  assert.equal(old58.dhParamSize, 2048);
  assert.deepEqual(old58.certificateTypes, ['rsa']);
  assert.ok(old58.ciphers.includes('DES-CBC3-SHA'));
  assert.ok(!old58.ciphers.some((c) => c.startsWith('DHE-')));
  assert.equal(old58.ciphers.length, 21);
  const r57 = loadProfile(normalizeSettings({ profile: 'old', guideline: '5.7' }));
  assert.deepEqual(r57.problems, []);
  assert.equal(r57.profile.guideline, '5.7');
  assert.equal(r57.profile.dhParamSize, 1024);
  assert.equal(r57.profile.ciphers.length, 26);
  assert.ok(!r57.profile.tlsCurves.includes('X25519MLKEM768'));
  assert.ok(r57.profile.ciphers.includes('DHE-RSA-AES256-SHA256'));
});

test('a custom guideline lacking the profile falls back to the newest bundled one that has it, with a problem', () => {
  const custom = JSON.stringify({ configurations: { modern: { tls_versions: ['TLSv1.3'] } } });
  const r = loadProfile(normalizeSettings({ guideline: '/org/tls.json' }), () => custom);
  assert.equal(r.profile.guideline, '6.0');
  assert.equal(r.profile.name, 'intermediate');
  assert.match(r.problems[0], /has no "intermediate" profile; using it from guideline 6\.0/);
  const m = loadProfile(normalizeSettings({ guideline: '/org/tls.json', profile: 'modern' }), () => custom);
  assert.deepEqual(m.problems, []);
  assert.equal(m.profile.guideline, '/org/tls.json');
  assert.deepEqual(m.profile.ciphersuites, [], 'missing lists stay empty rather than borrowing bundled values');
});

test('ill-typed fields in a custom guideline are reported with their path, and the default is used', () => {
  const bad = JSON.stringify({
    configurations: { intermediate: { tls_versions: ['TLSv1.2'], ciphersuites: 'TLS_AES_128_GCM_SHA256', rsa_key_size: '2048', ocsp_staple: 'yes', ciphers: { openssl: 'ECDHE-RSA-AES128-GCM-SHA256' } } },
  });
  const r = loadProfile(normalizeSettings({ guideline: '/bad.json' }), () => bad);
  assert.equal(r.profile.guideline, '6.0');
  assert.equal(r.problems.length, 1);
  for (const field of ['ciphersuites', 'rsa_key_size', 'ocsp_staple', 'ciphers.openssl']) {
    assert.ok(r.problems[0].includes(`configurations.intermediate.${field}`), field);
  }
  assert.ok(r.problems[0].includes('/bad.json'));
  assert.deepEqual(validateGuideline(null), ['the guideline is not a JSON object']);
  assert.deepEqual(validateGuideline({ configurations: [] }), ['the guideline has no "configurations" object']);
});

test('a relative guideline path without baseDir resolves against the working directory; no reader means a problem', () => {
  let asked = '';
  loadProfile(normalizeSettings({ guideline: 'tls.json' }), (p) => {
    asked = p;
    return undefined;
  });
  assert.equal(asked, path.resolve(process.cwd(), 'tls.json'));
  const r = loadProfile(normalizeSettings({ guideline: 'tls.json' }));
  assert.equal(r.profile.guideline, '6.0');
  assert.match(r.problems[0], /neither a bundled version .* nor a readable file/);
});
