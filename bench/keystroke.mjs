// What one keystroke lint costs in the language server, in-process (engine only, no LSP transport):
// the include graph of a full model first, then focused lints of the edited site file, phase by phase.
//   node bench/keystroke.mjs <treeDir> <editedFile> [--edits N] [--rules] [--from TEXT --to TEXT]
// Each edit replaces the next occurrence of --from (default: nginx's ssl_protocols line) with --to.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const out = (p) => require(join(root, 'server', 'out', p));
const { Engine, lintWorkspace } = out('engine/engine.js');
const { Workspace } = out('engine/model/workspace.js');
const { MemoizedFileSystem } = out('engine/memoFs.js');
const { OverlayFileSystem } = out('engine/fs.js');
const { NodeFileSystem } = out('host/nodeFs.js');
const { discoverFiles } = out('host/discover.js');
const { normalizeSettings } = out('engine/settings.js');
const { includeGraphOf, leftOutFiles, planFocus, updateIncludeGraph } = out('engine/model/focus.js');
const { allRules, dialectChecks } = out('engine/rules/registry.js');
const { loadProfile } = out('engine/tls/profiles.js');
const args = process.argv.slice(2);
const [dir, edited] = args;
const EDITS = Number(args.includes('--edits') ? args[args.indexOf('--edits') + 1] : 20);
const FROM = args.includes('--from') ? args[args.indexOf('--from') + 1] : 'ssl_protocols TLSv1.2 TLSv1.3;';
const TO = args.includes('--to') ? args[args.indexOf('--to') + 1] : 'ssl_protocols TLSv1 TLSv1.2 TLSv1.3;';
const settings = normalizeSettings({});
const all = discoverFiles([dir], process.cwd());
const engine = new Engine();
let text = readFileSync(edited, 'utf8');
const fsFor = () => new OverlayFileSystem(new NodeFileSystem(), new Map([[edited, text]]));
let t0 = performance.now();
let ws0 = engine.workspace({ fs: fsFor(), files: [edited], workspaceFiles: [edited, ...all], settings });
const graph = includeGraphOf(ws0);
ws0 = undefined;
for (const f of leftOutFiles(graph, [edited])) engine.forget(f);
console.log('graph', (performance.now() - t0).toFixed(0), 'ms;', graph.isolated.size, 'isolated files');
const times = [];
const cpu = [];
const cache = new Map();
for (let i = 0; i < EDITS; i++) {
  if (!text.includes(FROM)) throw new Error(`edit ${i}: "${FROM}" is not in ${edited}`);
  text = text.replace(FROM, TO);
  t0 = performance.now();
  const c0 = process.cpuUsage();
  const plan = planFocus(graph, [edited]);
  const fs = fsFor();
  if (args.includes('--rules') && i === EDITS - 1) {
    const ws = new Workspace({ fs: new MemoizedFileSystem(fs), files: [edited], workspaceFiles: [...new Set([edited, ...plan.workspaceFiles])], focus: plan.focus, settings }, cache);
    const t1 = performance.now();
    const { profile } = loadProfile(settings, (p) => ws.fs.readFile(p));
    const per = [];
    for (const [name, mod, fn] of [['nginxPolicies', 'engine/model/nginxPolicy.js', 'nginxPolicies'], ['sockets', 'engine/model/sockets.js', 'sockets']]) {
      const t = performance.now();
      out(mod)[fn](ws);
      per.push([`model: ${name}`, performance.now() - t]);
    }
    for (const rule of allRules()) for (const check of [rule.check, ...dialectChecks(rule.meta.id).map((c) => c.check)]) {
      const t = performance.now();
      check({ workspace: ws, settings, profile, report() {} });
      per.push([rule.meta.id, performance.now() - t]);
    }
    console.log('workspace', (t1 - t0).toFixed(1));
    for (const [k, v] of per.sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(v.toFixed(1).padStart(7), k);
  }
  const r = engine.lint({ fs, files: [edited], workspaceFiles: [...new Set([edited, ...plan.workspaceFiles])], focus: plan.focus, settings });
  updateIncludeGraph(graph, r.workspace);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log('keystroke lint CPU (all threads): median', cpu[cpu.length >> 1].toFixed(1), 'ms');
console.log('keystroke lint: median', times[times.length >> 1].toFixed(1), 'ms; p95', times[Math.ceil(times.length * 0.95) - 1].toFixed(1), 'ms; min', times[0].toFixed(1));
