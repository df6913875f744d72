// Command-line arguments: `tlslint [options] <files or dirs>...`. Parsing only; whether paths exist is
// checked later. Every mistake is a UsageError (exit 2) with a one-line message.

import type { Dialect, SeveritySetting } from '../engine/types';
import { isFailOn, type FailOn, type ProfileName, type TargetVersions } from '../engine/settings';
import { lookupTable } from '../engine/lookup';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  profile?: ProfileName;
  guideline?: string;
  ca: string[];
  config?: string;
  rules: Record<string, SeveritySetting>;
  targets: Partial<TargetVersions>;
  pathMappings: { from: string; to: string }[];
  /** 'safe': --fix; 'suggestion': --fix-unsafe (safe fixes and suggestions). */
  fix?: 'safe' | 'suggestion';
  fixDryRun: boolean;
  dialect?: Dialect;
  stdin: boolean;
  stdinFilename?: string;
  nginxDump: boolean;
  maxWarnings?: number;
  failOn?: FailOn;
  quiet: boolean;
  color: boolean;
  version: boolean;
  help: boolean;
  listRules: boolean;
}

export class UsageError extends Error {}

/**
 * Walk a command line: positionals (`-` included, and everything after `--`) and options, a long
 * option's value given inline (`--name=value`) or taken from the next argument by `next()`.
 */
/**
 * The output options every subcommand takes (`--format text|json`, `--json`, `-h`/`--help`, and
 * `--no-color`, accepted for symmetry with the lint: subcommand output has no colours). Returns whether
 * `name` was one of them.
 */
export function subcommandOutputOption(command: string, name: string, value: () => string, o: { format: 'text' | 'json'; help: boolean }): boolean {
  switch (name) {
    case '--format': {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`${command}: --format: expected text or json, got "${v}"`);
      o.format = v;
      return true;
    }
    case '--json':
      o.format = 'json';
      return true;
    case '-h':
    case '--help':
      o.help = true;
      return true;
    case '--no-color':
    case '--no-colour':
      return true;
    default:
      return false;
  }
}

export function walkArguments(
  argv: string[],
  positional: (arg: string) => void,
  option: (name: string, inline: string | undefined, next: () => string | undefined) => void,
): void {
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositional || !arg.startsWith('-') || arg === '-') {
      positional(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const inline = arg.startsWith('--') && eq > 0;
    option(inline ? arg.slice(0, eq) : arg, inline ? arg.slice(eq + 1) : undefined, () => (i + 1 < argv.length ? argv[++i] : undefined));
  }
}

export const USAGE = `Usage: tlslint [options] <files or dirs>...
       tlslint ciphers [-v|-V] [-s] [--seclevel N] [--tls13] [--format json] <cipher string>
       tlslint probe [--sni name] [--timeout ms] [--compare nginx.conf] [--json] <host[:port]>

Lints the TLS configuration of nginx, Apache httpd and Squid. Directories are searched for
configuration files (nginx.conf, *.conf, sites-*/*, apache2.conf, httpd.conf, .htaccess, squid.conf, *.nginx).

Options:
  --format text|json|sarif   output format (default: text)
  --profile modern|intermediate|old
                             Mozilla profile to check against (default: intermediate)
  --guideline <version|file> Mozilla guideline version (5.7, 5.8, 6.0) or a JSON file of the same shape
  --ca <file>                extra trusted root or intermediate certificate (repeatable)
  --config <file>            settings file (default: the nearest .tlslintrc.json, searched upward)
  --rule <id>=<level>        set a rule's level: off, info, warning or error (repeatable)
  --target <server>=<version>
                             target version of nginx, apache, squid or openssl (repeatable)
  --path-mapping <server path>=<local path>
                             read files the server sees at <server path> from <local path> (repeatable)
  --fix                      apply safe fixes in place
  --fix-unsafe               apply safe fixes and suggestions in place
  --fix-dry-run              print the fixes as a diff and write nothing
  --dialect nginx|apache|squid
                             treat every file as this dialect
  --stdin                    lint standard input (paths given are then only context)
  --stdin-filename <path>    the path standard input stands for
  --nginx-dump               the input (stdin, or the files given) is the output of nginx -T
  --max-warnings <n>         exit 1 when there are more than n warnings
  --fail-on <level>          lowest severity that makes the run fail: error (default), warning, info, none
  --quiet                    report errors only
  --no-color                 no colours in text output (also NO_COLOR=1)
  --list-rules               list the rules with their default levels
  --version                  print the version
  -h, --help                 print this help

The ciphers subcommand prints what OpenSSL 3.0 makes of a cipher string (tlslint ciphers --help).
The probe subcommand makes TLS handshakes with a live endpoint and reports what it accepts and serves
(tlslint probe --help); it is the only part of tlslint that connects anywhere.
A directory named "ciphers" or "probe" is linted as ./ciphers or ./probe.

Exit status: 0 no error-level findings, 1 error-level findings (or too many warnings),
2 usage or I/O failure.
`;

const FORMATS: OutputFormat[] = ['text', 'json', 'sarif'];
const PROFILES: ProfileName[] = ['modern', 'intermediate', 'old'];
const DIALECTS: Dialect[] = ['nginx', 'apache', 'squid'];
const LEVELS: SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const TARGET_KEYS: (keyof TargetVersions)[] = ['nginx', 'apache', 'squid', 'openssl'];
const TARGET_ALIASES = lookupTable<keyof TargetVersions>({ httpd: 'apache', apache2: 'apache' });

/** Options that take a value (as the next argument or after `=`). */
const WITH_VALUE = new Set([
  '--format',
  '--profile',
  '--guideline',
  '--ca',
  '--config',
  '--rule',
  '--target',
  '--path-mapping',
  '--dialect',
  '--stdin-filename',
  '--max-warnings',
  '--fail-on',
]);

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option}: expected one of ${allowed.join(', ')}, got "${value}"`);
}

function keyValue(option: string, value: string, what: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`${option}: expected ${what}, got "${value}"`);
  return [value.slice(0, eq).trim(), value.slice(eq + 1).trim()];
}

/**
 * A subcommand: the first positional argument is `ciphers` (options before it are handed on; `--`
 * before it, or a path such as `./ciphers`, makes it a path to lint). Returns the remaining arguments.
 */
export function subcommandOf(argv: string[]): { name: 'ciphers' | 'probe'; args: string[] } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return undefined;
    if (!arg.startsWith('-') || arg === '-') {
      return arg === 'ciphers' || arg === 'probe' ? { name: arg, args: [...argv.slice(0, i), ...argv.slice(i + 1)] } : undefined;
    }
    // Only options the subcommand also takes may come first; anything else (`--stdin ciphers`) keeps
    // `ciphers` a path, as it always was.
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!CIPHERS_LEADING_OPTIONS.has(name)) return undefined;
    if (CIPHERS_VALUE_OPTIONS.has(arg)) i++;
  }
  return undefined;
}

const CIPHERS_VALUE_OPTIONS = new Set(['--format', '--seclevel', '--ciphersuites']);
const CIPHERS_LEADING_OPTIONS = new Set([...CIPHERS_VALUE_OPTIONS, '-v', '-V', '-s', '--tls13', '-h', '--help', '--no-color']);

/**
 * Parse the arguments. `knownRule` says whether a rule id exists (so `--rule typo=off` is caught);
 * leave it out to accept any id.
 */
export function parseArgs(argv: string[], knownRule?: (id: string) => boolean): CliOptions {
  const o: CliOptions = {
    paths: [],
    format: 'text',
    ca: [],
    rules: {},
    targets: {},
    pathMappings: [],
    fixDryRun: false,
    stdin: false,
    nginxDump: false,
    quiet: false,
    color: true,
    version: false,
    help: false,
    listRules: false,
  };
  walkArguments(
    argv,
    (arg) => {
      if (arg === '-') o.stdin = true;
      else o.paths.push(arg);
    },
    (name, inline, next) => {
      let value = inline;
      if (WITH_VALUE.has(name)) {
        value ??= next();
        if (value === undefined) throw new UsageError(`${name} needs a value`);
      } else if (value !== undefined) {
        throw new UsageError(`${name} takes no value`);
      }
      const v = value ?? '';
      switch (name) {
        case '--format':
          o.format = oneOf(name, v, FORMATS);
          break;
        case '--profile':
          o.profile = oneOf(name, v, PROFILES);
          break;
        case '--guideline':
          if (!v.trim()) throw new UsageError('--guideline: expected a version such as 6.0 or a path');
          o.guideline = v.trim();
          break;
        case '--ca':
          o.ca.push(v);
          break;
        case '--config':
          o.config = v;
          break;
        case '--rule': {
          const [id, level] = keyValue(name, v, '<rule id>=<off|info|warning|error>');
          if (knownRule && !knownRule(id)) throw new UsageError(`--rule: unknown rule "${id}" (tlslint --list-rules shows them)`);
          o.rules[id] = oneOf(`--rule ${id}`, level, LEVELS);
          break;
        }
        case '--target': {
          const [server, version] = keyValue(name, v, '<nginx|apache|squid|openssl>=<version>');
          const key = TARGET_ALIASES[server.toLowerCase()] ?? oneOf(name, server.toLowerCase(), TARGET_KEYS);
          if (!/^\d+(\.\d+)*$/.test(version)) throw new UsageError(`--target ${server}: "${version}" is not a version such as 1.22.1`);
          o.targets[key] = version;
          break;
        }
        case '--path-mapping': {
          const [from, to] = keyValue(name, v, '<server path>=<local path>');
          o.pathMappings.push({ from, to });
          break;
        }
        case '--fix':
          o.fix = o.fix ?? 'safe';
          break;
        case '--fix-unsafe':
          o.fix = 'suggestion';
          break;
        case '--fix-dry-run':
          o.fixDryRun = true;
          break;
        case '--dialect':
          o.dialect = oneOf(name, v, DIALECTS);
          break;
        case '--stdin':
          o.stdin = true;
          break;
        case '--stdin-filename':
          if (!v) throw new UsageError('--stdin-filename needs a path');
          o.stdinFilename = v;
          break;
        case '--nginx-dump':
          o.nginxDump = true;
          break;
        case '--max-warnings':
          if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings: expected a non-negative integer, got "${v}"`);
          o.maxWarnings = Number(v);
          break;
        case '--fail-on':
          if (!isFailOn(v)) throw new UsageError(`--fail-on: expected error, warning, info or none, got "${v}"`);
          o.failOn = v;
          break;
        case '--quiet':
          o.quiet = true;
          break;
        case '--no-color':
        case '--no-colour':
          o.color = false;
          break;
        case '--version':
          o.version = true;
          break;
        case '-h':
        case '--help':
          o.help = true;
          break;
        case '--list-rules':
          o.listRules = true;
          break;
        default:
          throw new UsageError(`unknown option ${name} (tlslint --help lists them)`);
      }
    },
  );
  if (o.stdinFilename !== undefined && !o.stdin && !o.nginxDump) throw new UsageError('--stdin-filename needs --stdin');
  if (o.fixDryRun && o.fix === undefined) o.fix = 'safe';
  return o;
}
