// The tlslint command line: arguments, file discovery, settings (.tlslintrc.json and flags), one engine
// lint over every discovered file (per settings file), --fix, output formats and exit codes.
// Exit 0: no error-level findings; 1: error-level findings or too many warnings; 2: usage or I/O failure.

import * as path from 'node:path';
import { Engine, type LintResult } from './engine/engine';
import { OverlayFileSystem, type FileSystem } from './engine/fs';
import { allRules, ruleDocsUrl } from './engine/rules/registry';
import type { Finding, Severity } from './engine/types';
import type { FailOn } from './engine/settings';
import { looksLikeNginxDump, splitNginxDump } from './engine/syntax/nginxDump';
import { NodeFileSystem } from './host/nodeFs';
import { parseArgs, subcommandOf, UsageError, USAGE, type CliOptions } from './cli/options';
import { runCiphers } from './cli/ciphers';
import { formatPolicyJson, formatPolicyText } from './cli/policy';
import { policiesOf, type PolicyRecord } from './engine/features/policy';
import { discoverFiles, InputError } from './host/discover';
import { SettingsResolver } from './cli/config';
import { newFixSession, runFixLoop, type FixSession } from './engine/fixLoop';
import { unifiedDiff } from './cli/diff';
import { checkReadable, whyNotFixable, writeFileAtomic } from './cli/files';
import { DumpFileSystem } from './cli/dumpFs';
import { countFindings, displayPath, type FileReport } from './cli/report';
import { COLORS, formatText, PLAIN } from './cli/formatText';
import { jsonPieces } from './cli/formatJson';
import { formatSarif } from './cli/formatSarif';
import { packageInfo } from './cli/packageInfo';

export interface OutputStream {
  /** `false`: the stream holds more than it wants (a pipe the reader has not emptied); 'drain' follows. */
  write(text: string): unknown;
  isTTY?: boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: AsyncIterable<string | Uint8Array>;
  cwd: string;
  /** Environment (NO_COLOR); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // process.stdin is made on first use (a stream over the file, pipe or terminal, with the modules for it):
    // only --stdin and --nginx-dump read it.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`tlslint: ${e.message}\nRun "tlslint --help" for usage.\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr.write(`tlslint: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`tlslint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const FAIL_RANK: Record<FailOn, number> = { info: 1, warning: 2, error: 3, none: 4 };

/** What to lint: files on disk, standard input standing for one file, or an nginx -T dump. */
interface Input {
  fs: FileSystem;
  /** Files to report on, in output order. */
  files: string[];
  /** Every file of the workspace (files plus context). */
  workspaceFiles: string[];
  /** How to show a file (stdin without a name is `<stdin>`). */
  show(file: string): string;
  /** Whether --fix may change a file. */
  canFix(file: string): boolean;
  kind: 'disk' | 'stdin' | 'dump';
  /** Settings lookup key per file (which rc file applies). */
  rcKey(resolver: SettingsResolver, file: string): string;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const sub = subcommandOf(argv);
  if (sub?.name === 'ciphers') return runCiphers(sub.args, io);
  // `tlslint policy <files>`: the same inputs and settings as a lint, printing effective policies.
  const policyMode = argv[0] === 'policy';
  if (policyMode) argv = argv.slice(1);
  // Loaded on demand: the probe brings node:tls and node:net, which a lint never needs.
  if (sub?.name === 'probe') return (require('./cli/probe') as typeof import('./cli/probe')).runProbe(sub.args, io);
  const rules = allRules();
  const o = parseArgs(argv, (id) => rules.some((r) => r.meta.id === id));
  const cwd = path.resolve(io.cwd);
  if (o.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (o.version) {
    io.stdout.write(`${packageInfo().version}\n`);
    return 0;
  }
  if (o.listRules) {
    io.stdout.write(listRules(o));
    return 0;
  }
  if (o.paths.length === 0 && !o.stdin && !o.nginxDump) throw new UsageError('no files or directories given');
  if (policyMode && o.fix) throw new UsageError('policy: --fix does not apply');
  if (o.nginxDump && o.fix && !o.fixDryRun) throw new UsageError('--fix cannot write into nginx -T output; use --fix-dry-run to see the fixes');
  if (o.stdin && o.nginxDump && o.paths.length) throw new UsageError('--nginx-dump reads standard input or the files given, not both');
  for (const ca of o.ca) checkReadable(path.resolve(cwd, ca), ca);

  const notes: string[] = [];
  const input = await readInput(o, io, cwd, notes);
  const resolver = new SettingsResolver(o, cwd);
  const groups = new Map<string, string[]>();
  for (const f of input.files) {
    const key = input.rcKey(resolver, f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }

  const engine = new Engine();
  const session: FixSession | undefined = o.fix ? newFixSession() : undefined;
  const findings = new Map<string, Finding[]>();
  const problems = new Set<string>();
  const failOn = new Map<string, FailOn>();
  const policies: { file: string; records: PolicyRecord[] }[] = [];
  for (const [key, files] of groups) {
    const settings = resolver.settingsFor(key);
    for (const f of files) failOn.set(f, settings.failOn);
    const request = { files, workspaceFiles: input.workspaceFiles, settings, dialect: o.dialect ?? (input.kind === 'dump' ? 'nginx' : undefined) };
    const result: LintResult = session
      ? runFixLoop({ engine, baseFs: input.fs, request, safety: o.fix!, canEdit: (f) => input.canFix(f), session })
      : engine.lint({ ...request, fs: input.fs });
    for (const f of files) findings.set(f, result.findings.get(f) ?? []);
    for (const p of result.problems) problems.add(p);
    if (policyMode) for (const f of files) policies.push({ file: f, records: policiesOf(result.workspace, f) });
  }
  if (policyMode) {
    for (const p of problems) io.stderr.write(`tlslint: warning: ${p}\n`);
    io.stdout.write(o.format === 'json' ? formatPolicyJson(policies, input.show, cwd) : formatPolicyText(policies, input.show, cwd));
    return 0;
  }

  const { exitCode, reportStream } = session ? finishFixes(session, input, o, io) : { exitCode: 0, reportStream: io.stdout };

  for (const n of notes) io.stderr.write(`tlslint: ${n}\n`);
  for (const p of problems) io.stderr.write(`tlslint: warning: ${p}\n`);

  const reports: FileReport[] = input.files.map((file) => ({ file, shown: input.show(file), findings: findings.get(file) ?? [] }));
  const counts = countFindings(reports);
  const shownReports = o.quiet ? reports.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : reports;

  const env = io.env ?? process.env;
  const color = o.color && reportStream.isTTY === true && !env.NO_COLOR;
  if (o.format === 'json') await writePieces(reportStream, jsonPieces(shownReports, cwd));
  else if (o.format === 'sarif') {
    const pkg = packageInfo();
    reportStream.write(formatSarif(shownReports, cwd, { ...pkg, rules: rules.map((r) => r.meta), docsUrl: ruleDocsUrl }, [...notes, ...problems]));
  } else reportStream.write(formatText(shownReports, cwd, color ? COLORS : PLAIN));

  if (exitCode) return exitCode;
  const failing = reports.flatMap((r) => r.findings.filter((f) => SEVERITY_RANK[f.severity] >= FAIL_RANK[failOn.get(r.file) ?? 'error']));
  if (failing.length > 0) return 1;
  if (o.maxWarnings !== undefined && counts.warning > o.maxWarnings) {
    io.stderr.write(`tlslint: ${counts.warning} warnings, more than --max-warnings ${o.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/**
 * After the fix loop: write the changed files (or print the diff, or the fixed standard input), report
 * the files left alone. Returns where the findings report goes and whether a write failed (exit 2).
 */
function finishFixes(session: FixSession, input: Input, o: CliOptions, io: CliIO): { exitCode: number; reportStream: OutputStream } {
  let exitCode = 0;
  let reportStream = io.stdout;
  for (const failure of session.failures) io.stderr.write(`tlslint: ${input.show(failure.file)}: not fixed: ${failure.reason}\n`);
  const changed = [...session.overlay].filter(([f, text]) => session.originals.get(f) !== text);
  if (input.kind === 'stdin' && !o.fixDryRun) {
    // The fixed text goes to stdout; the report moves to stderr.
    const file = input.files[0];
    io.stdout.write(session.overlay.get(file) ?? input.fs.readFile(file) ?? '');
    reportStream = io.stderr;
  } else if (o.fixDryRun) {
    // Keep stdout parseable for json and sarif.
    const diffStream = o.format === 'text' ? io.stdout : io.stderr;
    for (const [file, text] of changed) diffStream.write(unifiedDiff(input.show(file), session.originals.get(file)!, text));
  } else {
    for (const [file, text] of changed) {
      try {
        writeFileAtomic(file, text, session.originals.get(file)!);
      } catch (e) {
        io.stderr.write(`tlslint: ${input.show(file)}: not fixed: ${e instanceof Error ? e.message : String(e)}\n`);
        exitCode = 2;
      }
    }
  }
  if (session.applied.length) {
    const fixes = session.applied.length;
    const files = new Set(session.applied.flatMap((a) => a.files)).size;
    io.stderr.write(`tlslint: ${o.fixDryRun ? 'would apply' : 'applied'} ${fixes} fix${fixes === 1 ? '' : 'es'} in ${files} file${files === 1 ? '' : 's'}\n`);
  }
  return { exitCode, reportStream };
}

/**
 * Pieces written one after another, each only once the stream has taken the one before: Node queues what
 * a pipe's reader has not read yet, so without waiting the whole output would be held again (a 22 MB
 * JSON report piped into another process added 45 MB to the peak RSS of its lint).
 */
async function writePieces(stream: OutputStream, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    if (stream.write(piece) === false && stream.once) await new Promise<void>((resolve) => stream.once!('drain', resolve));
  }
}

async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(o: CliOptions, io: CliIO, cwd: string, notes: string[]): Promise<Input> {
  const disk = new NodeFileSystem();
  if (o.nginxDump && !o.stdin && o.paths.length) {
    const texts = o.paths.map((p) => {
      const abs = path.resolve(cwd, p);
      checkReadable(abs, p);
      return disk.readFile(abs) ?? '';
    });
    return dumpInput(texts, disk, cwd, notes);
  }
  if (o.stdin || o.nginxDump) {
    const text = await readAll(io.stdin);
    if (o.nginxDump || (looksLikeNginxDump(text) && (o.dialect === undefined || o.dialect === 'nginx'))) return dumpInput([text], disk, cwd, notes);
    return stdinInput(text, o, disk, cwd);
  }
  const files = discoverFiles(o.paths, cwd);
  if (files.length === 0) throw new InputError(`no configuration files found in ${o.paths.join(', ')}`);
  for (const f of files) checkReadable(f, displayPath(f, cwd));
  const fixable = fixableCheck(o, cwd, notes);
  return {
    kind: 'disk',
    fs: disk,
    files,
    workspaceFiles: files,
    show: (f) => displayPath(f, cwd),
    canFix: fixable,
    rcKey: (resolver, f) => resolver.keyFor(f),
  };
}

/** For files on disk: whether --fix may change them (a note says why not, once per file). */
function fixableCheck(o: CliOptions, cwd: string, notes: string[]): (file: string) => boolean {
  const known = new Map<string, boolean>();
  return (file) => {
    let ok = known.get(file);
    if (ok === undefined) {
      const why = whyNotFixable(file, !o.fixDryRun);
      ok = why === undefined;
      known.set(file, ok);
      if (why) notes.push(`${displayPath(file, cwd)}: not fixed: ${why}`);
    }
    return ok;
  };
}

function stdinInput(text: string, o: CliOptions, disk: NodeFileSystem, cwd: string): Input {
  const file = path.resolve(cwd, o.stdinFilename ?? '<stdin>');
  const context = o.paths.length ? discoverFiles(o.paths, cwd).filter((f) => f !== file) : [];
  return {
    kind: 'stdin',
    fs: new OverlayFileSystem(disk, new Map([[file, text]])),
    files: [file],
    workspaceFiles: [file, ...context],
    show: (f) => (f === file && o.stdinFilename === undefined ? '<stdin>' : displayPath(f, cwd)),
    canFix: (f) => f === file,
    rcKey: (resolver, f) => resolver.keyFor(o.stdinFilename === undefined ? undefined : f),
  };
}

function dumpInput(texts: string[], disk: NodeFileSystem, cwd: string, notes: string[]): Input {
  const files: { path: string; text: string }[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const text of texts) {
    const dump = splitNginxDump(text);
    problems.push(...dump.problems);
    for (const f of dump.files) {
      const abs = path.posix.resolve('/', f.path);
      if (seen.has(abs)) continue;
      seen.add(abs);
      files.push({ path: abs, text: f.text });
    }
  }
  if (files.length === 0) throw new InputError(`the input holds no configuration file of nginx -T output: ${problems.join('; ')}`);
  for (const p of problems) notes.push(`nginx -T input: ${p}`);
  const paths = files.map((f) => f.path);
  return {
    kind: 'dump',
    fs: new DumpFileSystem(files, disk),
    files: paths,
    workspaceFiles: paths,
    show: (f) => displayPath(f, cwd),
    canFix: (f) => seen.has(f),
    rcKey: (resolver) => resolver.keyFor(undefined),
  };
}

function listRules(o: CliOptions): string {
  const rules = allRules().map((r) => r.meta);
  if (o.format !== 'text') {
    return (
      JSON.stringify(
        rules.map((m) => ({ id: m.id, defaultSeverity: m.defaultSeverity, fixable: m.fixable, dialects: m.dialects, description: m.description, docs: ruleDocsUrl(m.id) })),
        null,
        2,
      ) + '\n'
    );
  }
  const idWidth = Math.max(...rules.map((m) => m.id.length));
  return rules.map((m) => `${m.id.padEnd(idWidth)}  ${m.defaultSeverity.padEnd(7)}  ${m.fixable ? 'fix' : '   '}  ${m.description}`).join('\n') + '\n';
}

if (require.main === module) {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tlslint: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
