// The Apache httpd dialect for the workspace model: entry points (apache2.conf, httpd.conf, files with
// ServerRoot/LoadModule at top level), ServerRoot, Include/IncludeOptional (wildcards, directories),
// Define and `${VAR}` expansion, and the read-time conditionals httpd evaluates while it reads the tree
// (<IfModule>, <IfDefine>, <IfVersion>): a section whose condition is known to be false is not expanded.
//
// Contexts (BlockContext.kind): 'main' (server config), 'virtualhost', 'directory' (<Directory>,
// <Location>, <Files>, <Proxy>, <If>/<ElseIf>/<Else>, <Limit>… and their Match forms: per-directory
// sections), 'macro' (the body of a <Macro>: a template, not expanded), 'section' (any other section). A
// read-time conditional section (<IfModule>, <IfDefine>, <IfVersion>, <IfFile>, <IfDirective>, <IfSection>)
// has its parent's kind: it does not change where its directives are.

import * as path from 'node:path';
import type { FileSystem } from '../../fs';
import type { DialectSupport } from '../dialectSupport';
import type { Arg, Directive, ParsedFile } from '../../syntax/tree';
import { parseApache } from '../../syntax/apache';
import { compareVersions } from '../../settings';
import type { BlockContext, Item, RootContext } from '../workspace';

/** Sections that only say whether their body is read. */
export const APACHE_CONDITIONAL_SECTIONS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);
/** Per-directory sections. */
export const APACHE_DIRECTORY_SECTIONS = new Set([
  'directory', 'directorymatch', 'location', 'locationmatch', 'files', 'filesmatch', 'proxy', 'proxymatch', 'if', 'elseif', 'else', 'limit', 'limitexcept',
  'requireall', 'requireany', 'requirenone', 'authnprovideralias', 'authzprovideralias',
]);

/** Modules built into Debian's apache2 binary (`apache2 -l`): always loaded. */
const STATIC_MODULES = ['core', 'so', 'watchdog', 'http', 'log_config', 'logio', 'version', 'unixd'];

/** What the model keeps per Apache root while and after expanding it. */
export interface ApacheState {
  /** `Define`d variables (and, for a Debian tree, the exports of its envvars file). */
  defines: Map<string, string>;
  /** Loaded modules, by identifier (`ssl_module`) and by source file name (`mod_ssl.c`). */
  modules: Set<string>;
  /** Whether the root loads modules itself (LoadModule seen): then <IfModule> is decided, else every body is read. */
  modulesKnown: boolean;
  /** Arguments after `${VAR}` expansion, for directives that have a reference (others: their own text). */
  expanded: Map<Directive, string[]>;
  /** Target httpd version for <IfVersion>. */
  version: string;
  /** `${VAR}` references with no known value (left as written, as httpd does with a warning). */
  unknownVars: Set<string>;
}

const DEFAULT_APACHE_VERSION = '2.4.65';
let pending: { file: string; fs: FileSystem; version: string } | undefined;

export function apacheState(root: RootContext): ApacheState {
  if (!root.state) root.state = newState(root, DEFAULT_APACHE_VERSION);
  return root.state as ApacheState;
}

function newState(_root: RootContext, version: string): ApacheState {
  const modules = new Set<string>();
  for (const m of STATIC_MODULES) {
    modules.add(`${m}_module`);
    modules.add(m === 'core' || m === 'http' ? (m === 'core' ? 'core.c' : 'http_core.c') : `mod_${m}.c`);
  }
  return { defines: new Map(), modules, modulesKnown: false, expanded: new Map(), version, unknownVars: new Set() };
}

/** `${VAR}` expanded with the known values; unknown references stay as written. */
export function expandVars(text: string, defines: Map<string, string>, unknown?: Set<string>): string {
  if (!text.includes('${')) return text;
  return text.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (m, name: string) => {
    const v = defines.get(name);
    if (v === undefined) {
      unknown?.add(name);
      return m;
    }
    return v;
  });
}

/** A directive's argument texts as httpd sees them in this root (after `${VAR}` expansion). */
export function argTexts(d: Directive, root: RootContext | undefined): string[] {
  return expandedTexts(d, root) ?? d.args.map((a) => a.text);
}

/**
 * Argument `i`'s text as httpd sees it in this root: argTexts(d, root)[i] without making the list (the
 * vhost records read one word of tens of thousands of one-argument directives).
 */
export function argText(d: Directive, root: RootContext | undefined, i: number): string | undefined {
  const expanded = expandedTexts(d, root);
  return expanded ? expanded[i] : d.args[i]?.text;
}

/** Some argument holds `${`: a variable reference httpd expands when it reads the line. */
function referencesVariable(args: readonly Arg[]): boolean {
  for (let i = 0; i < args.length; i++) if (args[i].text.includes('${')) return true;
  return false;
}

/** The argument texts `${VAR}` expansion changed in this root, or undefined when it changed none. */
function expandedTexts(d: Directive, root: RootContext | undefined): string[] | undefined {
  const st = root?.dialect === 'apache' ? (root.state as ApacheState | undefined) : undefined;
  return st?.expanded.get(d);
}

/** The argument `i` as httpd sees it: a copy of the Arg with the expanded text (same range). */
export function argAt(item: Item, i: number): Arg | undefined {
  return argIn(item.directive, item.ctx.root, i);
}

/** Argument `i` of a directive as `root` sees it (no root: as written). */
export function argIn(d: Directive, root: RootContext | undefined, i: number): Arg | undefined {
  const a = d.args[i];
  if (!a) return undefined;
  // (Not argTexts: without expansion it lists every argument, and callers ask for each in turn.)
  const t = expandedTexts(d, root)?.[i];
  return t === undefined || t === a.text ? a : { text: t, raw: a.raw, range: a.range, quoted: a.quoted };
}

/** Debian's envvars: `export NAME=value` lines (with `$SUFFIX` empty, as for the default instance). */
function readEnvvars(fs: FileSystem, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = fs.readFile(path.posix.join(dir, 'envvars'));
  if (!text) return out;
  out.set('SUFFIX', '');
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2].trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
    v = v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_x, n: string) => out.get(n) ?? '');
    out.set(m[1], v);
  }
  return out;
}

/** Module names a LoadModule line makes known: its identifier and the source file name (`mod_ssl.c`). */
function moduleNames(args: string[]): string[] {
  const out: string[] = [];
  if (args[0]) out.push(args[0]);
  if (args[1]) {
    const base = path.posix.basename(args[1]).replace(/\.so$/, '');
    out.push(`${base}.c`);
  }
  return out;
}

/** Evaluate an <IfVersion> test against a version; undefined when it cannot be read. */
export function ifVersion(args: string[], version: string): boolean | undefined {
  if (!args.length) return undefined;
  let [op, value] = args.length >= 2 ? [args[0], args[1]] : ['=', args[0]];
  let negate = false;
  if (op.startsWith('!')) {
    negate = true;
    op = op.slice(1);
  }
  let result: boolean;
  if (op === '~' || (value.startsWith('/') && value.endsWith('/') && value.length > 1)) {
    const src = op === '~' ? value : value.slice(1, -1);
    try {
      result = new RegExp(src).test(version);
    } catch {
      return undefined;
    }
  } else {
    const c = compareVersions(version, value);
    if (op === '=' || op === '==') result = c === 0 || (value.split('.').length < 3 && version.startsWith(value + '.'));
    else if (op === '>') result = c > 0;
    else if (op === '>=') result = c >= 0;
    else if (op === '<') result = c < 0;
    else if (op === '<=') result = c <= 0;
    else return undefined;
  }
  return negate ? !result : result;
}

/** Whether a conditional section's body is read in this root: true, false, or undefined (unknown: read). */
export function conditionHolds(d: Directive, root: RootContext): boolean | undefined {
  const st = apacheState(root);
  const args = argTexts(d, root);
  const arg = args[0] ?? '';
  const neg = arg.startsWith('!');
  const name = neg ? arg.slice(1) : arg;
  let v: boolean | undefined;
  switch (d.lname) {
    case 'ifmodule':
      v = st.modulesKnown ? st.modules.has(name) : undefined;
      break;
    case 'ifdefine':
      v = st.defines.has(name) ? true : undefined;
      break;
    case 'ifversion':
      return ifVersion(args, st.version);
    default:
      return undefined;
  }
  return v === undefined ? undefined : neg ? !v : v;
}

const FIND_ROOT_NAMES = ['apache2.conf', 'httpd.conf', 'conf/httpd.conf'];

/** For a fragment: the nearest ancestor directory that holds apache2.conf or httpd.conf (conf/httpd.conf: its parent). */
export function guessApacheServerRoot(fs: FileSystem, file: string): string {
  let dir = path.posix.dirname(file);
  for (let i = 0; i < 6; i++) {
    for (const n of FIND_ROOT_NAMES) if (fs.stat(path.posix.join(dir, n))?.isFile) return dir;
    const up = path.posix.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.posix.dirname(file);
}

/** An Apache entry point: apache2.conf / httpd.conf, or a file with ServerRoot or LoadModule at its top level. */
export function isApacheRoot(file: string, parsed: ParsedFile): boolean {
  if (isNamedApacheRoot(file)) return true;
  return parsed.directives.some((d) => !d.block && (d.lname === 'serverroot' || d.lname === 'loadmodule'));
}

function isNamedApacheRoot(file: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  return base === 'apache2.conf' || base === 'httpd.conf';
}

function firstServerRoot(parsed: ParsedFile): string | undefined {
  const d = parsed.directives.find((x) => x.lname === 'serverroot' && x.args.length);
  return d?.args[0].text;
}

/** The top level of a root or fragment: server config (where a fragment is included cannot be known). */
function topContext(): string {
  return 'main';
}

export const apacheSupport: DialectSupport = {
  dialect: 'apache',
  serverName: 'Apache httpd',
  parse: (file, text) => parseApache(file, text),
  isRoot: isApacheRoot,
  isNamedRoot: isNamedApacheRoot,
  rootPrefix(fs, file, parsed, fragment, settings) {
    pending = { file, fs, version: settings.targets.apache };
    if (fragment) return guessApacheServerRoot(fs, file);
    const sr = firstServerRoot(parsed);
    if (sr && path.posix.isAbsolute(sr) && !sr.includes('${')) return path.posix.normalize(sr);
    // Debian's apache2.conf and RHEL's conf/httpd.conf rely on the compiled-in ServerRoot: the directory
    // the tree lives in (/etc/apache2, /etc/httpd).
    const dir = path.posix.dirname(file);
    return path.posix.basename(dir) === 'conf' && path.posix.basename(file) === 'httpd.conf' ? path.posix.dirname(dir) : dir;
  },
  topContext,
  childContext(d, parent) {
    if (APACHE_CONDITIONAL_SECTIONS.has(d.lname)) return parent.kind;
    if (d.lname === 'virtualhost') return 'virtualhost';
    if (d.lname === 'macro') return 'macro';
    if (APACHE_DIRECTORY_SECTIONS.has(d.lname)) return 'directory';
    return 'section';
  },
  initState(root) {
    // The workspace asks for the prefix right before the state of the same root: take fs and settings from there.
    const p = pending && pending.file === root.file ? pending : undefined;
    const st = newState(root, p?.version ?? DEFAULT_APACHE_VERSION);
    if (p && !root.fragment) for (const [k, v] of readEnvvars(p.fs, path.posix.dirname(root.file))) st.defines.set(k, v);
    return st;
  },
  observe(d, ctx) {
    const root = ctx.root;
    const st = apacheState(root);
    if (ctx.kind === 'macro') return;
    if (referencesVariable(d.args)) st.expanded.set(d, d.args.map((a) => expandVars(a.text, st.defines, st.unknownVars)));
    // The argument list is made for the four names that change the state only: every directive of the
    // tree comes here (230,000 in a hosting tree), and a list for each was garbage at once.
    switch (d.lname) {
      case 'define': {
        const args = argTexts(d, root);
        if (args[0]) st.defines.set(args[0], args[1] ?? '');
        break;
      }
      case 'undefine': {
        const args = argTexts(d, root);
        if (args[0]) st.defines.delete(args[0]);
        break;
      }
      case 'serverroot': {
        const args = argTexts(d, root);
        if (args[0] && !args[0].includes('${')) root.prefix = path.posix.isAbsolute(args[0]) ? path.posix.normalize(args[0]) : path.posix.join(root.prefix, args[0]);
        break;
      }
      case 'loadmodule':
        st.modulesKnown = true;
        for (const n of moduleNames(argTexts(d, root))) st.modules.add(n);
        break;
    }
  },
  include(d, ctx) {
    if ((d.lname !== 'include' && d.lname !== 'includeoptional') || !d.args.length || ctx.kind === 'macro') return undefined;
    const text = argTexts(d, ctx.root)[0];
    if (text.includes('${')) return undefined;
    return { arg: d.args[0], pattern: text, optional: d.lname === 'includeoptional' };
  },
  expandBlock(d, ctx) {
    if (ctx.kind === 'macro' || d.lname === 'macro') return false;
    if (!APACHE_CONDITIONAL_SECTIONS.has(d.lname)) return true;
    return conditionHolds(d, ctx.root) !== false;
  },
  includesDirectories: true,
  globsMustMatch: true,
  includeFailure: 'httpd fails to start ("Could not open configuration file")',
};

/** Items of a context as httpd merges them: its own, and those of conditional sections read inside it. */
export function levelItems(ctx: BlockContext): Item[] {
  const out: Item[] = [];
  const stack: Item[][] = [ctx.items];
  const idx: number[] = [0];
  while (stack.length) {
    const list = stack[stack.length - 1];
    const i = idx[idx.length - 1]++;
    if (i >= list.length) {
      stack.pop();
      idx.pop();
      continue;
    }
    const it = list[i];
    if (it.block && APACHE_CONDITIONAL_SECTIONS.has(it.directive.lname)) {
      stack.push(it.block.items);
      idx.push(0);
    } else out.push(it);
  }
  return out;
}
