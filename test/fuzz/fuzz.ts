// A seeded mutation fuzzer over the fixture corpus: every configuration file under test/fixtures/ (any
// dialect; each file keeps the dialect detected for it), mutated with byte flips, token deletions and
// duplications, deep nesting, huge lines, unbalanced quotes and braces or sections, invalid UTF-8, NUL
// bytes and line-break mixes, then linted by the whole engine. Each case must hold, whatever the dialect:
//   - no exception, and no rule failure (the engine turns a throwing rule into a "rule … failed" problem);
//   - every finding's range (and related location in the same file) lies inside its document;
//   - every fix's edits lie inside their documents, do not overlap, and applying them changes nothing
//     outside their ranges (the engine's applyEdits agrees with a plain splice);
//   - the work is linear in the input: the syntax tree, problems and findings are bounded by the size of
//     the input (a deterministic count, not a clock), and for scaled inputs (the case repeated k times)
//     that count grows at most about k-fold.
// `npm test` runs 10,000 small cases (test/unit/fuzz.test.ts); `npm run fuzz` runs 100,000 or more
// (test/fuzz/main.ts), and also compares lint times of scaled inputs with generous bounds.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { MemoryFileSystem } from '../../server/src/engine/fs';
import { normalizeSettings } from '../../server/src/engine/settings';
import { applyEdits, TextIndex } from '../../server/src/engine/syntax/text';
import { detectDialect } from '../../server/src/engine/model/dialect';
import type { Dialect, Finding, Range, TextEdit } from '../../server/src/engine/types';
import type { Directive, ParsedFile } from '../../server/src/engine/syntax/tree';

export const FIXTURES_DIR = path.join(__dirname, '../../../test/fixtures');

/** Extensions of fixture files that are not configuration (expectations, certificates, docs). */
const NOT_CONFIG = /\.(json|pem|crt|cer|key|der|csr|p12|md|txt|sh|js|ts)$/i;

export interface CorpusFile {
  /** Path relative to test/fixtures. */
  rel: string;
  dialect: Dialect;
  text: string;
  /** Other corpus files of the same fixture directory (include targets), by relative path. */
  group: string;
}

/** Every configuration file under test/fixtures, with its dialect. */
export function loadCorpus(dir = FIXTURES_DIR): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !NOT_CONFIG.test(name) && st.size < 1024 * 1024) {
        const bytes = fs.readFileSync(p);
        if (bytes.subarray(0, 1024).includes(0)) continue; // binary
        const text = bytes.toString('utf8');
        const rel = path.relative(dir, p).split(path.sep).join('/');
        // A fixture directory is the group: files in a folder with an entry point include each other.
        const top = rel.split('/');
        const group = top.length > 3 ? top.slice(0, 3).join('/') : rel;
        out.push({ rel, dialect: detectDialect('/' + rel, text), text, group });
      }
    }
  };
  walk(dir);
  return out;
}

// ---- seeded randomness ----

export type Rng = () => number;

/** mulberry32: small, fast, good enough for choosing mutations; the same seed gives the same run. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (rnd: Rng, n: number): number => Math.floor(rnd() * n);

// ---- mutations ----

export interface MutationLimits {
  /** Nesting levels a deep-nesting mutation adds, at most. */
  maxNesting: number;
  /** Characters a huge-line mutation adds, at most. */
  maxLine: number;
}

/** Openers and closers of blocks, per dialect (all are tried on every dialect: the parsers must cope). */
const OPENERS = ['a {', 'server {', 'location / {', '<VirtualHost *:443>', '<IfModule mod_ssl.c>', '<Directory "/x">', 'if ($x) {'];
const CLOSERS = ['}', '</VirtualHost>', '</IfModule>', '</Directory>', '>'];
const SNIPPETS = [
  ';', '{', '}', '"', "'", '#', '\\', '\\\n', '\\\r\n', '\0', '\uFFFD', '\uFEFF', '\u{1F512}', '\uD800', '\uDC00', '${', '$', '=', ',', '<', '>', '</',
  'listen 443 ssl;', 'include *.conf;', 'ssl on;', 'ssl_protocols', 'ssl_ciphers "HIGH:!aNULL";', 'ssl_certificate /nonexistent.pem;',
  'SSLEngine on', 'SSLProtocol all -SSLv3', 'SSLCipherSuite HIGH:!aNULL', 'Include /etc/apache2/*.conf', 'IncludeOptional x/*', 'SSLCertificateFile /x.pem',
  'https_port 443 tls-cert=/x.pem', 'http_port 3128 ssl-bump', 'cache_peer p parent 443 0 tls', 'tls_outgoing_options min-version=1.0', 'include /etc/squid/*.conf',
  '# tlslint-disable-next-line', '# tlslint-disable', '# tlslint-disable-next-line cipher-insecure',
];

type Mutation = (text: string, rnd: Rng, corpus: CorpusFile[], limits: MutationLimits) => string;

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
/** Bytes decoded as the disk file system does: invalid UTF-8 becomes U+FFFD. */
const decode = (b: Buffer): string => b.toString('utf8');

/** Token boundaries: runs of non-space, non-punctuation characters. */
function tokenSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /[^\s;{}<>"'=]+|[;{}<>"'=]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && spans.length < 20000) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

export const MUTATIONS: Record<string, Mutation> = {
  'byte-flip': (t, rnd) => {
    const b = utf8(t);
    if (!b.length) return t;
    for (let k = 1 + int(rnd, 4); k > 0; k--) b[int(rnd, b.length)] ^= 1 << int(rnd, 8);
    return decode(b);
  },
  'invalid-utf8': (t, rnd) => {
    const b = utf8(t);
    const at = int(rnd, b.length + 1);
    const bad = pick(rnd, [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x92], [0x80, 0x80, 0x80]]);
    return decode(Buffer.concat([b.subarray(0, at), Buffer.from(bad), b.subarray(at)]));
  },
  'lone-surrogate': (t, rnd) => {
    const at = int(rnd, t.length + 1);
    return t.slice(0, at) + pick(rnd, ['\uD800', '\uDFFF', '\uDBFF\uDBFF']) + t.slice(at);
  },
  'token-delete': (t, rnd) => {
    const spans = tokenSpans(t);
    if (!spans.length) return t;
    const [a, b] = pick(rnd, spans);
    return t.slice(0, a) + t.slice(b);
  },
  'token-duplicate': (t, rnd) => {
    const spans = tokenSpans(t);
    if (!spans.length) return t;
    const [a, b] = pick(rnd, spans);
    const times = 1 + int(rnd, 3);
    return t.slice(0, b) + (rnd() < 0.5 ? ' ' : '') + t.slice(a, b).repeat(times) + t.slice(b);
  },
  'line-delete': (t, rnd) => {
    const lines = t.split('\n');
    lines.splice(int(rnd, lines.length), 1 + int(rnd, 3));
    return lines.join('\n');
  },
  'line-duplicate': (t, rnd) => {
    const lines = t.split('\n');
    const i = int(rnd, lines.length);
    lines.splice(i, 0, ...lines.slice(i, i + 1 + int(rnd, 5)));
    return lines.join('\n');
  },
  'deep-nesting': (t, rnd, _c, lim) => {
    // Mostly shallow, sometimes as deep as the limit (the cube skews toward small).
    const depth = 1 + Math.floor(lim.maxNesting * rnd() ** 3);
    const at = int(rnd, t.length + 1);
    const open = pick(rnd, OPENERS);
    const close = rnd() < 0.5 ? pick(rnd, CLOSERS) : '';
    const sep = rnd() < 0.5 ? '\n' : ' ';
    return t.slice(0, at) + (open + sep).repeat(depth) + (close + sep).repeat(int(rnd, depth + 1)) + t.slice(at);
  },
  'huge-line': (t, rnd, _c, lim) => {
    const len = 1 + Math.floor(lim.maxLine * rnd() ** 3);
    const at = int(rnd, t.length + 1);
    const unit = pick(rnd, ['a', 'ECDHE-RSA-AES128-GCM-SHA256:', ' ', '\t', 'x=y ', '"', '\\', '{', '}', ';', '#']);
    return t.slice(0, at) + unit.repeat(Math.max(1, Math.floor(len / unit.length))) + t.slice(at);
  },
  'unbalanced-quote': (t, rnd) => {
    const at = int(rnd, t.length + 1);
    return t.slice(0, at) + pick(rnd, ['"', "'", '"\\', '`']) + t.slice(at);
  },
  'unbalanced-brace': (t, rnd) => {
    const at = int(rnd, t.length + 1);
    return t.slice(0, at) + pick(rnd, [...OPENERS, ...CLOSERS, '{', '}', '}}}', '{{{']) + t.slice(at);
  },
  'nul-bytes': (t, rnd) => {
    const at = int(rnd, t.length + 1);
    return t.slice(0, at) + '\0'.repeat(1 + int(rnd, 64)) + t.slice(at);
  },
  'crlf-mix': (t, rnd) => {
    const mode = int(rnd, 3);
    if (mode === 0) return t.replace(/\n/g, () => pick(rnd, ['\n', '\r\n', '\r', '\n\r']));
    if (mode === 1) return t.replace(/\r?\n/g, '\r\n');
    return t.replace(/\n/g, '\r');
  },
  snippet: (t, rnd) => {
    const at = int(rnd, t.length + 1);
    return t.slice(0, at) + pick(rnd, SNIPPETS) + t.slice(at);
  },
  'foreign-line': (t, rnd, corpus) => {
    // A line from another corpus file, of any dialect.
    const other = pick(rnd, corpus).text.split('\n');
    const lines = t.split('\n');
    lines.splice(int(rnd, lines.length + 1), 0, pick(rnd, other));
    return lines.join('\n');
  },
  truncate: (t, rnd) => t.slice(0, int(rnd, t.length + 1)),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

export function mutate(text: string, rnd: Rng, corpus: CorpusFile[], limits: MutationLimits, used: Map<string, number>): string {
  let t = text;
  for (let n = 1 + int(rnd, 4); n > 0; n--) {
    const name = pick(rnd, MUTATION_NAMES);
    used.set(name, (used.get(name) ?? 0) + 1);
    t = MUTATIONS[name](t, rnd, corpus, limits);
  }
  return t;
}

// ---- invariants ----

/** Whether a range is well-formed and inside the text (0-based lines, UTF-16 columns). */
export function rangeInside(index: TextIndex, r: Range): boolean {
  const last = index.starts.length - 1;
  const ok = (p: { line: number; character: number }): boolean =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line <= last && p.character >= 0 && p.character <= index.lineText(p.line).length;
  if (!ok(r.start) || !ok(r.end)) return false;
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

/**
 * Apply one fix's edits to one file by a plain splice after checking them (inside, non-overlapping);
 * returns a problem or undefined. The engine's applyEdits must produce the same text.
 */
export function checkEdits(text: string, edits: TextEdit[], index = new TextIndex(text)): string | undefined {
  for (const e of edits) if (!rangeInside(index, e.range)) return `edit outside the document: ${JSON.stringify(e.range)}`;
  const spans = edits.map((e) => ({ e, start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) return `overlapping edits at offsets ${spans[i - 1].start}-${spans[i - 1].end} and ${spans[i].start}-${spans[i].end}`;
  }
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    out += text.slice(cursor, s.start) + s.e.newText;
    cursor = s.end;
  }
  out += text.slice(cursor);
  const engine = applyEdits(text, edits);
  if (engine.skipped.length) return `applyEdits skipped ${engine.skipped.length} edit(s) of one fix`;
  if (engine.text !== out) return 'applying the fix changed text outside its edits';
  return undefined;
}

/** Nodes of a parse: directives, arguments, comments, problems (deterministic work measure). */
export function treeSize(parsed: ParsedFile | undefined): number {
  if (!parsed) return 0;
  let n = parsed.comments.length + parsed.problems.length;
  const stack: Directive[][] = [parsed.directives];
  while (stack.length) {
    for (const d of stack.pop()!) {
      n += 1 + d.args.length;
      if (d.block) stack.push(d.block);
    }
  }
  return n;
}

export interface CaseResult {
  problems: string[];
  /** Deterministic work measure: tree nodes + findings + fix edits. */
  work: number;
  findings: number;
  fixes: number;
}

const SETTINGS = normalizeSettings({});
const NOW = new Date('2026-06-01T00:00:00Z');

/** Lint one text as `file` (with its group's other files around it) and check every invariant. */
export function runCase(engine: Engine, file: string, text: string, dialect: Dialect, others: Record<string, string>): CaseResult {
  const problems: string[] = [];
  const files = { ...others, [file]: text };
  let result;
  try {
    result = engine.lint({ fs: new MemoryFileSystem(files), files: [file], workspaceFiles: Object.keys(files), settings: SETTINGS, dialect, now: NOW });
  } catch (e) {
    return { problems: [`exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`], work: 0, findings: 0, fixes: 0 };
  } finally {
    engine.forget(file);
  }
  for (const p of result.problems) if (/ failed: /.test(p)) problems.push(p);
  const index = new TextIndex(text);
  const indexes = new Map<string, TextIndex>([[file, index]]);
  const indexOf = (f: string): TextIndex => {
    let x = indexes.get(f);
    if (!x) indexes.set(f, (x = new TextIndex(files[f])));
    return x;
  };
  const findings: Finding[] = result.findings.get(file) ?? [];
  let fixes = 0;
  let edits = 0;
  for (const f of findings) {
    if (!rangeInside(index, f.range)) problems.push(`${f.ruleId}: range outside the document: ${JSON.stringify(f.range)}`);
    for (const r of f.related ?? []) if (r.file === file && !rangeInside(index, r.range)) problems.push(`${f.ruleId}: related range outside the document: ${JSON.stringify(r.range)}`);
    for (const fix of f.fixes ?? []) {
      fixes++;
      const byFile = new Map<string, TextEdit[]>();
      for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
      for (const [target, list] of byFile) {
        edits += list.length;
        const base = files[target];
        if (base === undefined) {
          problems.push(`${f.ruleId}: fix "${fix.title}" edits ${target}, which is not in the workspace`);
          continue;
        }
        const why = checkEdits(base, list, indexOf(target));
        if (why) problems.push(`${f.ruleId}: fix "${fix.title}": ${why}`);
      }
    }
  }
  const work = treeSize(result.workspace.files.get(file)) + findings.length + edits;
  return { problems, work, findings: findings.length, fixes };
}

// ---- the campaign ----

export interface FuzzOptions {
  seed: number;
  cases: number;
  limits: MutationLimits;
  /** Every this many cases, also check linear growth on the case repeated (0: never). */
  scaleEvery: number;
  /** Called for each failing case (stop early by throwing). */
  onFailure?: (f: FuzzFailure) => void;
  /** Called for each scaled case with the two texts (the runner times them). */
  onScaled?: (small: { file: string; text: string; dialect: Dialect }, big: { file: string; text: string; dialect: Dialect }, factor: number) => void;
  corpus?: CorpusFile[];
  /** Called after every case (progress). */
  onCase?: (index: number, report: FuzzReport) => void;
}

export interface FuzzFailure {
  caseIndex: number;
  file: string;
  dialect: Dialect;
  problems: string[];
  text: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  failures: number;
  corpusFiles: number;
  byDialect: Record<string, number>;
  mutations: Record<string, number>;
  findings: number;
  fixesChecked: number;
  scaledChecks: number;
  /** Largest work / (input length + 1) seen. */
  maxWorkPerChar: number;
  bytes: number;
}

/**
 * Bound on the deterministic work per input character. The worst construct seen is a run of `{`: each
 * one is an "unexpected {" and a "never closed" problem, each reported as a finding, so 4 per character
 * (the 100k-case campaign peaked at 3.99). 6 leaves room without hiding anything super-linear.
 */
export const WORK_PER_CHAR_LIMIT = 6;
/**
 * Scaled inputs: the case repeated 2 and 8 times. (Not 1 and 8: a construct that swallows the rest of
 * the text, like an unterminated quote, pairs up across copies, so growth is measured over whole pairs.)
 */
const SCALE_BASE = 2;
const SCALE_FACTOR = 4;

export function runFuzz(o: FuzzOptions): FuzzReport {
  const corpus = o.corpus ?? loadCorpus();
  if (!corpus.length) throw new Error('empty corpus: no configuration files under test/fixtures');
  const rnd = seededRng(o.seed);
  const engine = new Engine();
  const used = new Map<string, number>();
  const groups = new Map<string, CorpusFile[]>();
  for (const c of corpus) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const report: FuzzReport = {
    seed: o.seed,
    cases: 0,
    failures: 0,
    corpusFiles: corpus.length,
    byDialect: {},
    mutations: {},
    findings: 0,
    fixesChecked: 0,
    scaledChecks: 0,
    maxWorkPerChar: 0,
    bytes: 0,
  };
  const fail = (caseIndex: number, file: string, dialect: Dialect, text: string, problems: string[]): void => {
    report.failures++;
    o.onFailure?.({ caseIndex, file, dialect, problems, text });
  };
  let scaleDue = false;
  for (let i = 0; i < o.cases; i++) {
    const source = corpus[int(rnd, corpus.length)];
    const text = mutate(source.text, rnd, corpus, o.limits, used);
    const file = `/fuzz/${source.rel}`;
    const others: Record<string, string> = {};
    for (const c of groups.get(source.group) ?? []) if (c !== source) others[`/fuzz/${c.rel}`] = c.text;
    const r = runCase(engine, file, text, source.dialect, others);
    report.cases++;
    report.bytes += text.length;
    report.byDialect[source.dialect] = (report.byDialect[source.dialect] ?? 0) + 1;
    report.findings += r.findings;
    report.fixesChecked += r.fixes;
    const perChar = r.work / (text.length + 1);
    report.maxWorkPerChar = Math.max(report.maxWorkPerChar, perChar);
    const problems = [...r.problems];
    if (perChar > WORK_PER_CHAR_LIMIT) problems.push(`work ${r.work} for ${text.length} characters: more than ${WORK_PER_CHAR_LIMIT} per character`);
    // Every scaleEvery cases (or the next one with text, when that case's mutation emptied it).
    if (o.scaleEvery > 0 && i % o.scaleEvery === 0) scaleDue = true;
    if (scaleDue && text.length > 0) {
      scaleDue = false;
      // The same text k times over (one file): the work may grow k-fold, not more (plus a constant).
      const sep = text.endsWith('\n') ? '' : '\n';
      const small = (text + sep).repeat(SCALE_BASE);
      const big = (text + sep).repeat(SCALE_BASE * SCALE_FACTOR);
      const rs = runCase(engine, file, small, source.dialect, others);
      const rb = runCase(engine, file, big, source.dialect, others);
      report.scaledChecks++;
      problems.push(...rs.problems.map((p) => `scaled ×${SCALE_BASE}: ${p}`), ...rb.problems.map((p) => `scaled ×${SCALE_BASE * SCALE_FACTOR}: ${p}`));
      if (rb.work > SCALE_FACTOR * 1.5 * rs.work + 64) problems.push(`work grows faster than the input: ${rs.work} → ${rb.work} for ${SCALE_FACTOR}× the text`);
      o.onScaled?.({ file, text: small, dialect: source.dialect }, { file, text: big, dialect: source.dialect }, SCALE_FACTOR);
    }
    if (problems.length) fail(i, file, source.dialect, text, problems);
    o.onCase?.(i, report);
  }
  report.mutations = Object.fromEntries([...used].sort());
  return report;
}
