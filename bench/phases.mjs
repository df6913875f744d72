// Where the time of one full lint goes, phase by phase and rule by rule (engine in-process, tsc output).
//   node bench/phases.mjs <dir> [--ca file] [--repeat N]
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = (p) => require(join(root, 'server', 'out', p));
const { Workspace } = out('engine/model/workspace.js');
const { MemoizedFileSystem } = out('engine/memoFs.js');
const { NodeFileSystem } = out('host/nodeFs.js');
const { discoverFiles } = out('host/discover.js');
const { normalizeSettings } = out('engine/settings.js');
const { allRules, dialectChecks } = out('engine/rules/registry.js');
const { loadProfile } = out('engine/tls/profiles.js');
const args = process.argv.slice(2);
const dir = args[0];
// Made absolute as the CLI does: settings resolve a relative path elsewhere, and a CA that is not found
// sends every chain to Node's ~140 bundled roots, a cost the CLI run does not have.
const ca = args.includes('--ca') ? resolve(args[args.indexOf('--ca') + 1]) : undefined;
const files = discoverFiles([dir], process.cwd());
const settings = normalizeSettings(ca ? { extraTrustedCertificates: [ca] } : {});
const t = () => performance.now();
let t0 = t();
const ws = new Workspace({ fs: new MemoizedFileSystem(new NodeFileSystem()), files, workspaceFiles: files, settings }, new Map());
const times = [['workspace (parse + expand)', t() - t0]];
const { profile } = loadProfile(settings, (p) => ws.fs.readFile(p));
// Shared, memoized models first, so the rules' figures are their own work.
for (const [name, mod, fn] of [
  ['nginxPolicies', 'engine/model/nginxPolicy.js', 'nginxPolicies'],
  ['sockets', 'engine/model/sockets.js', 'sockets'],
  ['cipherSites', 'engine/rules/cipherSites.js', 'cipherSites'],
  ['fileSites', 'engine/rules/certificateSites.js', 'fileSites'],
]) {
  t0 = t();
  out(mod)[fn](ws);
  times.push([`model: ${name}`, t() - t0]);
}
let n = 0;
for (const rule of allRules()) {
  const ctx = { workspace: ws, settings, profile, report() { n++; } };
  for (const check of [rule.check, ...dialectChecks(rule.meta.id).map((c) => c.check)]) {
    t0 = t();
    check(ctx);
    times.push([rule.meta.id, t() - t0]);
  }
}
const agg = new Map();
for (const [k, v] of times) agg.set(k, (agg.get(k) ?? 0) + v);
const total = [...agg.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(1).padStart(8), k);
console.log(total.toFixed(1).padStart(8), 'total;', n, 'reports; rss', (process.memoryUsage().rss / 1048576).toFixed(0), 'MB');
