// Focused lints of Squid trees (model/squid/focus.ts): conf.d files of port lines, peers and acls are left
// out of a keystroke lint, their ports and acls kept as summaries where their lines would have been.
// Whatever the edits, a focused lint must give exactly the full lint's findings for the edited file. A
// seeded generator makes squid.conf trees whose port lines overlap across files (same address, a port
// without address next to one with, 0.0.0.0 next to IPv4 addresses), with acls of the same names in
// several files, ssl-bump ports or none, and a few conf.d files that must not be left out (ssl_bump
// rules, tls_outgoing_options, a mistyped directive); then edits one file in the middle of the load
// order keystroke by keystroke and compares each focused lint with a full lint.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { OverlayFileSystem } from '../../server/src/engine/fs';
import { NodeFileSystem } from '../../server/src/host/nodeFs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { parseFile } from '../../server/src/engine/model/workspace';
import { includeGraphOf, leftOutFiles, planFocus, updateIncludeGraph } from '../../server/src/engine/model/focus';
import { isIsolatedSquidFile, squidFileSummary } from '../../server/src/engine/model/squid/focus';
import { seededRng as rng } from '../fuzz/fuzz';

const settings = normalizeSettings({});
/** The rules whose findings in one file depend on the lines of other files. */
const CROSS_FILE = ['listen-options-conflict', 'squid-ssl-bump-port-missing', 'squid-bump-without-peek', 'squid-bump-no-cert-generator'];

const ADDRESSES = ['3128', '127.0.0.1:3128', '0.0.0.0:3128', '3129', '[::1]:3129', '10.0.0.2:3129', '0.0.0.0:3130', '10.0.0.3:3130', '[::]:3131'];
const ACL_NAMES = ['step1', 'step2', 'site', 'peekers'];
const ACL_TYPES = ['at_step SslBump1', 'at_step SslBump2', 'at_step SslBump3', 'dstdomain .example.test'];
/** Lines that keep a conf.d file from being left out. */
const SPOILERS = ['ssl_bump peek step1', 'tls_outgoing_options min-version=1.0', 'sslcrtd_program /usr/lib/squid/security_file_certgen', 'https_prot 3132'];

type Pick = <T>(xs: T[]) => T;

function picker(r: () => number): Pick {
  return (xs) => xs[Math.floor(r() * xs.length)];
}

function portLine(r: () => number, dir: string, bumpRate: number): string {
  const pick = picker(r);
  const bump = r() < bumpRate;
  const kind = bump || r() < 0.5 ? 'http_port' : 'https_port';
  const options = [
    ...(bump ? ['ssl-bump'] : []),
    ...(kind === 'https_port' || bump || r() < 0.2 ? [`tls-cert=${dir}/tls/proxy.pem`] : []),
    ...(bump && r() < 0.5 ? ['generate-host-certificates=off'] : []),
    ...(r() < 0.4 ? [pick(['tls-min-version=1.2', 'tls-min-version=1.0', 'tls-options=NO_TICKET'])] : []),
  ];
  return `${kind} ${pick(ADDRESSES)}${options.map((o) => ' ' + o).join('')}\n`;
}

function siteLines(r: () => number, dir: string, bumpRate: number, peer: number): string {
  const pick = picker(r);
  const choice = r();
  if (choice < 0.45) return portLine(r, dir, bumpRate);
  if (choice < 0.7) return `acl ${pick(ACL_NAMES)} ${pick(ACL_TYPES)}\n`;
  if (choice < 0.85) return `cache_peer backend${peer}.example.test parent 443 0 no-query originserver name=peer${peer}${r() < 0.5 ? ' tls' : ''}${r() < 0.3 ? ' tls-min-version=1.0' : ''}\ncache_peer_access peer${peer} allow site\n`;
  if (choice < 0.92) return `http_access allow ${pick(ACL_NAMES)}\n`;
  return `# comment ${peer}\n`;
}

interface Tree {
  files: string[];
  root: string;
  /** conf.d files that hold a line that keeps them in every lint. */
  spoiled: Set<string>;
}

function makeTree(dir: string, seed: number, count: number): Tree {
  const r = rng(seed);
  const pick = picker(r);
  const bumpRate = seed % 2 ? 0 : 0.08;
  const conf = path.join(dir, 'squid');
  fs.mkdirSync(path.join(conf, 'conf.d'), { recursive: true });
  const root = path.join(conf, 'squid.conf');
  const head = [
    ...(r() < 0.5 ? ['acl step1 at_step SslBump1\n'] : []),
    ...(r() < 0.5 ? ['http_port 3128\n'] : []),
    ...(seed % 3 === 0 ? ['ssl_bump peek step1\n'] : []),
    'tls_outgoing_options min-version=1.2\n',
  ];
  fs.writeFileSync(
    root,
    `${head.join('')}include ${conf}/conf.d/a*.conf\nhttps_port 3129 tls-cert=${conf}/tls/proxy.pem\ninclude ${conf}/conf.d/b*.conf\n${seed % 4 === 2 ? 'ssl_bump bump all\n' : ''}`,
  );
  const files = [root];
  const spoiled = new Set<string>();
  let peer = 0;
  for (let i = 0; i < count; i++) {
    const p = path.join(conf, 'conf.d', `${i < count / 2 ? 'a' : 'b'}${String(i).padStart(2, '0')}.conf`);
    let text = '';
    const n = 2 + Math.floor(r() * 6);
    for (let j = 0; j < n; j++) text += siteLines(r, conf, bumpRate, peer++);
    if (r() < 0.15) {
      text += pick(SPOILERS) + '\n';
      spoiled.add(p);
    }
    fs.writeFileSync(p, text);
    files.push(p);
  }
  return { files, root, spoiled };
}

/** One keystroke-sized edit: an address, an ssl-bump flag, an acl or a whole line changes. */
function edit(text: string, r: () => number, dir: string): string {
  const pick = picker(r);
  const lines = text.split('\n').filter((l) => l !== '');
  const choice = r();
  const ports = lines.map((l, i) => (/^https?_port /.test(l) ? i : -1)).filter((i) => i >= 0);
  if (choice < 0.25 && ports.length) {
    const i = pick(ports);
    lines[i] = lines[i].replace(/^(\S+) \S+/, (_m, kind: string) => `${kind} ${pick(ADDRESSES)}`);
  } else if (choice < 0.35 && ports.length) {
    const i = pick(ports);
    lines[i] = lines[i].includes(' ssl-bump') ? lines[i].replace(' ssl-bump', '') : lines[i].replace(/^(\S+ \S+)/, r() < 0.5 ? '$1 ssl-bump' : '$1 ssl-bump generate-host-certificates=off');
  } else if (choice < 0.5) {
    lines.splice(Math.floor(r() * (lines.length + 1)), 0, ...siteLines(r, dir, 0.1, 90 + Math.floor(r() * 9)).trimEnd().split('\n'));
  } else if (choice < 0.58) {
    lines.splice(Math.floor(r() * (lines.length + 1)), 0, pick(['ssl_bump bump step2', 'ssl_bump bump all', 'ssl_bump peek peekers', 'ssl_bump splice site', 'ssl_bump bump !step1']));
  } else if (choice < 0.65) {
    // Limited to step 2 here, unless another file defines the same acl otherwise.
    const name = pick(ACL_NAMES);
    lines.splice(Math.floor(r() * (lines.length + 1)), 0, `acl ${name} at_step SslBump2`, `ssl_bump bump ${name}`);
  } else if (choice < 0.72) {
    lines.splice(Math.floor(r() * (lines.length + 1)), 0, pick(['tls_outgoing_options flags=DONT_VERIFY_PEER', 'acl step1 dstdomain .other.test', `include ${dir}/conf.d/a0*.conf`]));
  } else if (lines.length > 1) {
    lines.splice(Math.floor(r() * lines.length), 1);
  }
  return lines.join('\n') + '\n';
}

test('Squid: a file of port lines, peers and acls is isolated; anything that other lines read is not', () => {
  const isolated = (text: string) => isIsolatedSquidFile(parseFile('/etc/squid/conf.d/x.conf', text, 'squid'));
  assert.equal(isolated('# ports\nhttps_port 3129 tls-cert=/etc/squid/a.pem\nhttp_port 3128 ssl-bump\nacl s dstdomain .a.test\ncache_peer b parent 443 0 tls\ncache_peer_access b allow s\nhttp_access allow s\n'), true);
  for (const line of ['ssl_bump bump all', 'tls_outgoing_options min-version=1.2', 'sslcrtd_program /x', 'include /etc/squid/other.conf', 'https_prot 3129', 'sslproxy_cipher HIGH']) {
    assert.equal(isolated(`https_port 3129 tls-cert=/etc/squid/a.pem\n${line}\n`), false, line);
  }
  assert.equal(isolated('# nothing but a comment\n'), false, 'nothing to gain from leaving it out');
  assert.equal(isIsolatedSquidFile(parseFile('/etc/nginx/x.conf', 'server { listen 443 ssl; }\n', 'nginx')), false, 'not a Squid file');
  const summary = squidFileSummary(parseFile('/etc/squid/conf.d/x.conf', 'acl s dstdomain .a.test\nhttp_port 127.0.0.1:3128 ssl-bump\nhttps_port 3129\nacl t at_step SslBump2\n', 'squid'));
  assert.deepEqual(
    summary.listens.map((l) => [l.host, l.port, l.bump, l.tls, l.label, l.addressRange?.start.line]),
    [
      ['127.0.0.1', 3128, true, true, 'http_port 127.0.0.1:3128 (ssl-bump)', 1],
      [undefined, 3129, false, true, 'https_port 3129', 2],
    ],
  );
  assert.deepEqual(summary.acls, [{ name: 's', steps: undefined }, { name: 't', steps: [2] }]);
});

test('Squid: focused lints over many keystrokes give the full lint findings of the edited file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-focus-squid-'));
  try {
    const crossFile = new Map<string, number>();
    let fromLeftOut = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const tree = makeTree(path.join(dir, `t${seed}`), seed, 14);
      const all = tree.files;
      const r = rng(seed * 7919);
      // A file in the middle of the load order: left-out files come before and after it.
      const candidates = all.filter((f) => f !== tree.root && !tree.spoiled.has(f));
      const wanted = candidates[Math.floor(candidates.length / 4 + r() * (candidates.length / 2))];
      const engine = new Engine();
      const disk = new NodeFileSystem();
      const graph = includeGraphOf(engine.workspace({ fs: disk, files: [wanted], workspaceFiles: all, settings }));
      // The conf.d files with a line other files read stay in; the others are isolated.
      for (const f of all.slice(1)) assert.equal(graph.isolated.has(f), !tree.spoiled.has(f), `${f} isolated: ${fs.readFileSync(f, 'utf8')}`);
      for (const f of leftOutFiles(graph, [wanted])) engine.forget(f);
      let text = fs.readFileSync(wanted, 'utf8');
      for (let k = 0; k < 14; k++) {
        text = edit(text, r, path.dirname(tree.root));
        const overlay = new OverlayFileSystem(disk, new Map([[wanted, text]]));
        const plan = planFocus(graph, [wanted]);
        const focused = engine.lint({ fs: overlay, files: [wanted], workspaceFiles: [wanted, ...plan.workspaceFiles], focus: plan.focus, settings });
        updateIncludeGraph(graph, focused.workspace);
        const reference = new Engine().lint({ fs: overlay, files: [wanted], workspaceFiles: all, settings });
        // Read: the edited file, its root and the files that are not isolated; left out: the others,
        // but for those the edited file includes (an edit may add an include: they are its descendants
        // from the next keystroke on).
        const included = reference.workspace.includes.get(wanted);
        for (const f of all) {
          const read = focused.workspace.files.has(f);
          if (f === wanted || f === tree.root || tree.spoiled.has(f)) assert.ok(read, `seed ${seed}, edit ${k}: ${f} is read`);
          else if (!included?.has(f)) assert.ok(!read, `seed ${seed}, edit ${k}: ${f} is left out`);
        }
        assert.deepEqual(focused.findings.get(wanted), reference.findings.get(wanted), `seed ${seed}, edit ${k} of ${wanted}:\n${text}`);
        for (const f of reference.findings.get(wanted) ?? []) {
          if (!CROSS_FILE.includes(f.ruleId)) continue;
          crossFile.set(f.ruleId, (crossFile.get(f.ruleId) ?? 0) + 1);
          if (f.related?.some((x) => focused.workspace.skipped.get(tree.root)?.has(x.file))) fromLeftOut++;
        }
      }
    }
    // The comparisons were about what crosses files: each such rule found something somewhere, and
    // some listen conflicts were with ports of left-out files.
    for (const id of CROSS_FILE) assert.ok((crossFile.get(id) ?? 0) > 0, `${id} had findings to compare (${[...crossFile].join(', ')})`);
    assert.ok(fromLeftOut > 0, 'some findings point at ports of left-out files');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Squid: a file past the include depth limit is not read in a full lint, nor summarised in a focused one', () => {
  // squid.conf includes a chain of 63 files whose last includes deep.conf: one include deeper than the
  // model follows (64 levels), so deep.conf's port does not count before edited.conf's.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslint-focus-squid-deep-')));
  try {
    const conf = path.join(dir, 'squid');
    fs.mkdirSync(conf, { recursive: true });
    const chain = Array.from({ length: 63 }, (_, i) => path.join(conf, `chain${String(i).padStart(2, '0')}.conf`));
    chain.forEach((f, i) => fs.writeFileSync(f, `include ${chain[i + 1] ?? path.join(conf, 'deep.conf')}\n`));
    fs.writeFileSync(path.join(conf, 'deep.conf'), 'http_port 3128\n');
    const edited = path.join(conf, 'edited.conf');
    fs.writeFileSync(edited, 'http_port 3128\nacl site dstdomain .example.test\n');
    const root = path.join(conf, 'squid.conf');
    fs.writeFileSync(root, `include ${chain[0]}\ninclude ${edited}\n`);
    const all = [root, ...chain, path.join(conf, 'deep.conf'), edited];
    const engine = new Engine();
    const disk = new NodeFileSystem();
    const graph = includeGraphOf(engine.workspace({ fs: disk, files: [edited], workspaceFiles: all, settings }));
    assert.ok(graph.isolated.has(path.join(conf, 'deep.conf')));
    const plan = planFocus(graph, [edited]);
    const focused = engine.lint({ fs: disk, files: [edited], workspaceFiles: [edited, ...plan.workspaceFiles], focus: plan.focus, settings });
    const reference = new Engine().lint({ fs: disk, files: [edited], workspaceFiles: all, settings });
    assert.ok(!(reference.findings.get(edited) ?? []).some((f) => f.ruleId === 'listen-options-conflict'), 'deep.conf is not read: no conflict');
    assert.deepEqual(focused.findings.get(edited), reference.findings.get(edited));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
