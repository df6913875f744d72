// Focused lints keep what they derive from left-out servers (their hosts per socket, the names they
// claim, the names the default certificate does not cover, the sockets they make TLS) for a run of
// keystrokes. Whatever the edits, a focused lint must still give exactly the full lint's findings for
// the edited file. A seeded generator makes hosting trees whose sockets mix servers from many files
// (duplicate names in both load orders, default_server marks, socket options, plain listens on TLS
// sockets, a default certificate that covers some names only), then edits one file keystroke by
// keystroke and compares each focused lint with a full lint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { OverlayFileSystem } from '../../server/src/engine/fs';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { includeGraphOf, leftOutFiles, planFocus, updateIncludeGraph } from '../../server/src/engine/model/focus';
import { sockets, type Socket } from '../../server/src/engine/model/sockets';
import type { Finding } from '../../server/src/engine/types';
import { certFactoryAvailable, copyScenarioFiles } from '../helpers/certFactory';
import { seededRng as rng } from '../fuzz/fuzz';

const settings = normalizeSettings({});
const SOCKET_RULES = ['sni-duplicate-name', 'sni-default-cert-mismatch', 'sni-no-default', 'listen-options-conflict', 'listen-ssl-missing'];

// Names from a small pool, so files claim each other's names; san.pem covers shop.example.test and
// *.api.example.test, chain-ok.pem *.example.test: other.org names are covered by neither.
const NAMES = ['shop.example.test', 'a.api.example.test', 'www.example.test', 'b.example.test', 'x.other.org', 'y.other.org', '.wild.example.test', 'Shop.Example.Test'];
const LISTENS = ['443 ssl', '443 ssl', '443 ssl', '443', '[::]:443 ssl', '443 ssl default_server', '443 ssl backlog=512', '8443 ssl', '8443', '127.0.0.1:443 ssl'];
const CERTS = ['tls/san.pem', 'tls/chain-ok.pem'];

function server(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const listens = [...new Set([pick(LISTENS), ...(r() < 0.4 ? [pick(LISTENS)] : [])])];
  const names = [...new Set([pick(NAMES), ...(r() < 0.5 ? [pick(NAMES)] : [])])];
  const cert = pick(CERTS);
  return `server {\n${listens.map((l) => `    listen ${l};\n`).join('')}    server_name ${names.join(' ')};\n    ssl_certificate ${cert};\n    ssl_certificate_key tls/leaf.key;\n}\n`;
}

function makeTree(dir: string, seed: number, files: number): string[] {
  const r = rng(seed);
  copyScenarioFiles(path.join(dir, 'tls'));
  fs.mkdirSync(path.join(dir, 'sites'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'nginx.conf'), 'events {}\nhttp {\n    ssl_protocols TLSv1.2 TLSv1.3;\n    include sites/*.conf;\n}\n');
  const out = [path.join(dir, 'nginx.conf')];
  for (let i = 0; i < files; i++) {
    let text = '';
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) text += server(r);
    const p = path.join(dir, 'sites', `s${String(i).padStart(2, '0')}.conf`);
    fs.writeFileSync(p, text);
    out.push(p);
  }
  return out;
}

/** One keystroke-sized edit of a site file: a name, a listen parameter or a whole server changes. */
function edit(text: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const choice = r();
  if (choice < 0.3) return text.replace(/server_name ([^;]*);/, (_m, names: string) => `server_name ${names.split(' ').slice(1).concat(pick(NAMES)).join(' ')};`);
  if (choice < 0.5) return text.replace(/listen ([^;]*);/, () => `listen ${pick(LISTENS)};`);
  if (choice < 0.6) return text.replace('default_server', '');
  if (choice < 0.8) return text + server(r);
  return text.replace(/^server \{[^}]*\}\n/, '') || server(r);
}

const pick = (findings: Finding[] | undefined) => (findings ?? []).map(({ ruleId, message, range, related }) => ({ ruleId, message, range, related }));

interface KeystrokeRun {
  /** Rules whose findings the runs must have compared, at least once each. */
  rules: string[];
  seeds: number[];
  /** Make a tree in `dir`; the returned files' first is the root. */
  make(dir: string, seed: number): string[];
  rngSeed(seed: number): number;
  /** The file to edit. */
  pick(all: string[], seed: number, r: () => number): string;
  edit(text: string, r: () => number): string;
  edits: number;
  /** Files a focused lint may parse (the edited file and its roots). */
  maxFiles: number;
  /** Keystrokes (of edits - 1) that must have been given the focus of the one before. */
  minReused: number;
  /** The sockets whose left-out hosts must take part. */
  leftOut(s: Socket): boolean;
}

/**
 * Seeded keystrokes on one file of each generated tree: after each, the focused lint (the include graph
 * of a full lint, left-out files forgotten, the graph updated as the server does) must give the edited
 * file the findings of a full lint, and the focus must come back while the graph is unchanged.
 */
function keystrokeRuns(name: string, run: KeystrokeRun): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tlslint-focus-${name}-`));
  try {
    const found = new Map<string, number>();
    for (const seed of run.seeds) {
      const all = run.make(path.join(dir, `t${seed}`), seed);
      const r = rng(run.rngSeed(seed));
      const wanted = run.pick(all, seed, r);
      const engine = new Engine();
      const disk = new NodeFileSystem();
      const graph = includeGraphOf(engine.workspace({ fs: disk, files: [wanted], workspaceFiles: all, settings }));
      for (const f of leftOutFiles(graph, [wanted])) engine.forget(f);
      let text = fs.readFileSync(wanted, 'utf8');
      let reusedFocus = 0;
      let previous: unknown;
      for (let k = 0; k < run.edits; k++) {
        text = run.edit(text, r);
        const overlay = new OverlayFileSystem(disk, new Map([[wanted, text]]));
        const plan = planFocus(graph, [wanted]);
        if (plan.focus === previous) reusedFocus++;
        previous = plan.focus;
        const focused = engine.lint({ fs: overlay, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], focus: plan.focus, settings });
        updateIncludeGraph(graph, focused.workspace);
        assert.ok(focused.workspace.files.size <= run.maxFiles, `a focused lint parses the edited file and its root, not ${focused.workspace.files.size} files`);
        assert.ok(sockets(focused.workspace).some((s) => run.leftOut(s) && s.leftOut !== undefined && s.leftOut.length > 0), 'left-out hosts take part');
        const reference = new Engine().lint({ fs: overlay, files: [wanted], workspaceFiles: all, settings });
        assert.deepEqual(pick(focused.findings.get(wanted)), pick(reference.findings.get(wanted)), `seed ${seed}, edit ${k} of ${wanted}:\n${text}`);
        for (const f of reference.findings.get(wanted) ?? []) if (run.rules.includes(f.ruleId)) found.set(f.ruleId, (found.get(f.ruleId) ?? 0) + 1);
      }
      assert.ok(reusedFocus >= run.minReused, `the focus (and what is derived from left-out hosts) is kept across keystrokes: reused ${reusedFocus} of ${run.edits - 1} times`);
    }
    // The comparisons were about these rules: each of them found something somewhere.
    for (const id of run.rules) assert.ok((found.get(id) ?? 0) > 0, `${id} had findings to compare (${[...found].join(', ')})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const NEEDS_OPENSSL = { skip: certFactoryAvailable() ? false : 'openssl is not installed: cannot make the test certificates' };

test('focused lints over many keystrokes give the full lint findings of the edited file (socket rules across files)', NEEDS_OPENSSL, () => {
  keystrokeRuns('nginx', {
    rules: SOCKET_RULES,
    seeds: [1, 2, 3, 4],
    make: (dir, seed) => makeTree(dir, seed, 24),
    rngSeed: (seed) => seed * 7919,
    pick: (all, _seed, r) => all[1 + Math.floor(r() * (all.length - 1))],
    edit,
    edits: 12,
    maxFiles: 3,
    minReused: 6,
    leftOut: () => true,
  });
});

// Apache: the same, with <VirtualHost> site files. Addresses mix name-based groups (`*:443`,
// `_default_:443`, `[::]:443`, `*:8443`) with an IP group, names repeat across files and wildcard
// aliases shadow later names, SSLEngine is on, off or inherited from the server config, some vhosts
// check SNI strictly, and a `000-` file may load first. Every Apache rule that compares vhosts across
// files must give the full lint's findings (related locations included) after every edit.
const APACHE_SOCKET_RULES = ['sni-duplicate-name', 'sni-default-cert-mismatch', 'sni-no-default', 'listen-ssl-missing', 'sni-strict-check', 'listen-options-conflict'];
const APACHE_ADDRESSES = ['*:443', '*:443', '*:443', '_default_:443', '*:443 [::]:443', '*:8443', '192.0.2.1:443'];
const APACHE_NAMES = ['shop.example.test', 'a.api.example.test', 'www.example.test', 'Shop.Example.Test', 'x.other.org', 'y.other.org', '*.shop.example.test', '*.example.test', 'a.shop.example.test', 'b?.other.org'];

function vhost(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const engine = r();
  const alias = r() < 0.5 ? `    ServerAlias ${pick(APACHE_NAMES)}\n` : '';
  return (
    `<VirtualHost ${pick(APACHE_ADDRESSES)}>\n    ServerName ${pick(APACHE_NAMES)}\n${alias}` +
    (engine < 0.7 ? '    SSLEngine on\n' : engine < 0.8 ? '    SSLEngine off\n' : '') +
    `    SSLCertificateFile tls/${pick(CERTS.map((c) => c.slice(4)))}\n    SSLCertificateKeyFile tls/leaf.key\n` +
    (r() < 0.15 ? '    SSLStrictSNIVHostCheck on\n' : '') +
    '</VirtualHost>\n'
  );
}

function makeApacheTree(dir: string, seed: number, files: number): string[] {
  const r = rng(seed);
  const conf = path.join(dir, 'apache2');
  copyScenarioFiles(path.join(conf, 'tls'));
  fs.mkdirSync(path.join(conf, 'sites-enabled'), { recursive: true });
  // Odd seeds turn SSLEngine on for the whole server: vhosts without their own then speak TLS.
  fs.writeFileSync(path.join(conf, 'apache2.conf'), `ServerRoot "${conf}"\nListen 443\nListen 8443\nSSLProtocol -all +TLSv1.2 +TLSv1.3\n${seed % 2 ? 'SSLEngine on\n' : ''}IncludeOptional sites-enabled/*.conf\n`);
  const out = [path.join(conf, 'apache2.conf')];
  for (let i = 0; i < files; i++) {
    let text = '';
    const n = 1 + Math.floor(r() * 3);
    for (let j = 0; j < n; j++) text += vhost(r);
    const p = path.join(conf, 'sites-enabled', `${i === 0 && seed % 3 === 0 ? '000-default' : `s${String(i).padStart(2, '0')}`}.conf`);
    fs.writeFileSync(p, text);
    out.push(p);
  }
  return out;
}

/** One keystroke-sized edit of an Apache site file. */
function editApache(text: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const choice = r();
  if (choice < 0.25) return text.replace(/ServerName .*/, () => `ServerName ${pick(APACHE_NAMES)}`);
  if (choice < 0.35) return text.replace(/ServerAlias .*/, () => `ServerAlias ${pick(APACHE_NAMES)}`);
  if (choice < 0.5) return text.replace(/<VirtualHost [^>]*>/, () => `<VirtualHost ${pick(APACHE_ADDRESSES)}>`);
  if (choice < 0.6) return text.replace(/ {4}SSLEngine \w+\n/, r() < 0.5 ? '' : '    SSLEngine off\n');
  if (choice < 0.7) return text.includes('SSLStrictSNIVHostCheck') ? text.replace(/ {4}SSLStrictSNIVHostCheck on\n/, '') : text.replace('</VirtualHost>', '    SSLStrictSNIVHostCheck on\n</VirtualHost>');
  if (choice < 0.85) return text + vhost(r);
  return text.replace(/^<VirtualHost[^]*?<\/VirtualHost>\n/, '') || vhost(r);
}

test('Apache: focused lints over many keystrokes give the full lint findings of the edited file (vhosts across files)', NEEDS_OPENSSL, () => {
  keystrokeRuns('apache', {
    rules: APACHE_SOCKET_RULES,
    seeds: [1, 2, 3, 4, 5, 6],
    make: (dir, seed) => makeApacheTree(dir, seed, 20),
    rngSeed: (seed) => seed * 104729,
    // Half the runs edit the first site file, whose first vhost is the default of its address:port.
    pick: (all, seed, r) => (seed % 2 ? all[1] : all[2 + Math.floor(r() * (all.length - 2))]),
    edit: editApache,
    edits: 14,
    maxFiles: 2,
    minReused: 7,
    leftOut: (s) => s.dialect === 'apache',
  });
});

test('Apache: an open site file that sets SSLEngine for the whole server decides which left-out vhosts speak TLS', NEEDS_OPENSSL, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-focus-apache-engine-'));
  try {
    const all = makeApacheTree(path.join(dir, 't'), 2, 16);
    const wanted = all[1];
    const engine = new Engine();
    const disk = new NodeFileSystem();
    const graph = includeGraphOf(engine.workspace({ fs: disk, files: [wanted], workspaceFiles: all, settings }));
    // A server-config line above the vhosts (the file is not isolated, but it is the open one): vhosts of
    // other files without an SSLEngine of their own follow it. Toggling it keeps the include graph, so
    // the same focus comes back each time.
    let text = 'SSLEngine off\n' + fs.readFileSync(wanted, 'utf8');
    const counts = new Set<string>();
    const focuses = new Set<unknown>();
    for (let k = 0; k < 6; k++) {
      text = text.startsWith('SSLEngine on\n') ? text.replace('SSLEngine on\n', 'SSLEngine off\n') : text.replace('SSLEngine off\n', 'SSLEngine on\n');
      const overlay = new OverlayFileSystem(disk, new Map([[wanted, text]]));
      const plan = planFocus(graph, [wanted]);
      if (k > 0) focuses.add(plan.focus);
      const focused = engine.lint({ fs: overlay, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], focus: plan.focus, settings });
      updateIncludeGraph(graph, focused.workspace);
      assert.ok(focused.workspace.skipped.size > 0, 'the other site files are left out');
      const reference = new Engine().lint({ fs: overlay, files: [wanted], workspaceFiles: all, settings });
      assert.deepEqual(pick(focused.findings.get(wanted)), pick(reference.findings.get(wanted)), `edit ${k}:\n${text}`);
      for (const f of reference.findings.get(wanted) ?? []) if (f.ruleId === 'sni-strict-check') counts.add(f.message);
    }
    assert.equal(focuses.size, 1, 'one focus for the run of keystrokes');
    assert.ok(counts.size >= 2, `sni-strict-check counted the TLS vhosts differently with and without the server-wide SSLEngine: ${[...counts].join(' | ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
