import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProfile, BUNDLED_GUIDELINES, profileCipherString } from '../../server/src/engine/tls/profiles';
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
