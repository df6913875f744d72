// `tlslint ciphers [options] <string>`: the expansion of an OpenSSL cipher string, as `openssl ciphers`
// prints it, computed by tlslint's own engine (offline, any OS, no OpenSSL needed). Notes about the string
// (unknown or unmatched names, suites a handshake cannot use) go to stderr, so stdout stays clean.
// Exit 0: the string selects suites; 1: OpenSSL would reject it ("no cipher match", syntax errors);
// 2: usage errors (thrown as UsageError, reported by the caller).

import { expandCipherString, expandCiphersuites, type CipherExpansion, type ExclusionReason } from '../engine/tls/ciphers/expand';
import { describeSuite, DEFAULT_TLS13_CIPHERSUITES, formatSuiteLine, type CipherSuite } from '../engine/tls/ciphers/table';
import { suiteMarks } from '../engine/features/cipherHover';
import { subcommandOutputOption, UsageError, walkArguments } from './options';

export const CIPHERS_USAGE = `Usage: tlslint ciphers [options] <cipher string>

Expands an OpenSSL cipher string (TLS 1.2 and older) as OpenSSL 3.0 on Debian does and prints the
suites in OpenSSL's order, one per line. Notes (unknown names, suites the security level removes) go
to standard error.

Options:
  -v                         one detailed line per suite, as openssl ciphers -v
  -V                         like -v, with the code point first (openssl ciphers -V)
  -s                         only the suites a handshake can use (security level, no PSK/SRP), as openssl ciphers -s
  --seclevel <0-5>           security level before the string's own @SECLEVEL (default: 2)
  --tls13                    also list the TLS 1.3 suites first, as openssl ciphers does
  --ciphersuites <list>      TLS 1.3 suites for --tls13 (default: OpenSSL's ${DEFAULT_TLS13_CIPHERSUITES})
  --format text|json, --json output format (default: text)
  -h, --help                 print this help

Exit status: 0 the string selects suites, 1 OpenSSL would reject it (no cipher match, syntax error),
2 usage error. Put "--" before a string that starts with "-".
`;

export interface CiphersOptions {
  string?: string;
  verbose: 0 | 1 | 2;
  supportedOnly: boolean;
  securityLevel: number;
  tls13: boolean;
  ciphersuites?: string;
  format: 'text' | 'json';
  help: boolean;
}

export function parseCiphersArgs(argv: string[]): CiphersOptions {
  const o: CiphersOptions = { verbose: 0, supportedOnly: false, securityLevel: 2, tls13: false, format: 'text', help: false };
  const take = (s: string): void => {
    if (o.string !== undefined) throw new UsageError('ciphers: expected one cipher string (quote it when it holds spaces or "!")');
    o.string = s;
  };
  walkArguments(argv, take, (name, value, next) => {
    const needValue = (): string => {
      const v = value ?? next();
      if (v === undefined) throw new UsageError(`ciphers: ${name} needs a value`);
      return v;
    };
    if (value !== undefined && !['--seclevel', '--ciphersuites', '--format'].includes(name)) throw new UsageError(`ciphers: ${name} takes no value`);
    switch (name) {
      case '-v':
        o.verbose = Math.max(o.verbose, 1) as 1 | 2;
        break;
      case '-V':
        o.verbose = 2;
        break;
      case '-s':
        o.supportedOnly = true;
        break;
      case '--seclevel': {
        const v = needValue();
        if (!/^[0-5]$/.test(v)) throw new UsageError(`ciphers: --seclevel: expected a level from 0 to 5, got "${v}"`);
        o.securityLevel = Number(v);
        break;
      }
      case '--tls13':
        o.tls13 = true;
        break;
      case '--ciphersuites':
        o.ciphersuites = needValue();
        o.tls13 = true;
        break;
      default:
        if (subcommandOutputOption('ciphers', name, needValue, o)) break;
        throw new UsageError(`ciphers: unknown option ${name} (tlslint ciphers --help lists them; put "--" before a string that starts with "-")`);
    }
  });
  if (!o.help && o.string === undefined) throw new UsageError('ciphers: no cipher string given (e.g. tlslint ciphers \'HIGH:!aNULL:!MD5\')');
  return o;
}

export interface CiphersIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const REASON_NOTE: Record<ExclusionReason, string> = {
  'security-level': 'removed by security level',
  psk: 'PSK suites: they need a PSK callback, which web servers do not set',
  srp: 'SRP suites: they need an SRP verifier file',
  protocol: 'outside the enabled protocol versions',
};

/** Run the subcommand on already-split arguments (after `ciphers`). Returns the exit status. */
export function runCiphers(argv: string[], io: CiphersIO): number {
  const o = parseCiphersArgs(argv);
  if (o.help) {
    io.stdout.write(CIPHERS_USAGE);
    return 0;
  }
  const str = o.string!;
  const x = expandCipherString(str, { securityLevel: o.securityLevel });
  const tls13 = o.tls13 ? expandCiphersuites(o.ciphersuites ?? DEFAULT_TLS13_CIPHERSUITES) : undefined;
  const rejected = x.errors.length > 0 || x.noCipherMatch;
  const list = o.supportedOnly ? x.ciphers : x.configured;
  const suites: CipherSuite[] = rejected ? [] : [...(tls13?.ciphers ?? []), ...list];

  if (o.format === 'json') {
    io.stdout.write(JSON.stringify(jsonReport(str, o, x, suites, tls13), null, 2) + '\n');
  } else {
    const lines = suites.map((s) => (o.verbose ? formatSuiteLine(s, o.verbose === 2) : s.name));
    if (lines.length) io.stdout.write(lines.join('\n') + '\n');
  }
  for (const note of notes(x, o, tls13)) io.stderr.write(`tlslint: ${note}\n`);
  if (x.errors.length) return 1;
  if (x.noCipherMatch) {
    io.stderr.write('tlslint: no cipher match: the string selects no TLS 1.2 suite (OpenSSL rejects it; nginx does not start)\n');
    return 1;
  }
  if (o.supportedOnly && x.ciphers.length === 0) {
    io.stderr.write(`tlslint: no usable suite: every configured suite is left out at security level ${x.securityLevel}\n`);
    return 1;
  }
  return 0;
}

function notes(x: CipherExpansion, o: CiphersOptions, tls13: ReturnType<typeof expandCiphersuites> | undefined): string[] {
  const out: string[] = [];
  for (const e of x.errors) out.push(`invalid cipher string: ${e.message} (at "${e.token}")`);
  if (x.unknown.length) out.push(`unknown names, ignored: ${x.unknown.join(', ')}`);
  if (x.unavailable.length) out.push(`names this OpenSSL build does not offer, ignored: ${x.unavailable.join(', ')}`);
  if (x.tls13Names.length) out.push(`TLS 1.3 suites have no effect in a cipher string (use Ciphersuites): ${x.tls13Names.join(', ')}`);
  if (x.unmatched.length) out.push(`elements that select no suite: ${x.unmatched.join(', ')}`);
  if (!x.errors.length && !x.noCipherMatch) {
    const by = new Map<ExclusionReason, string[]>();
    for (const e of x.excluded) by.set(e.reason, [...(by.get(e.reason) ?? []), e.suite.name]);
    const verb = o.supportedOnly ? 'left out' : 'listed but not usable in a handshake';
    for (const [reason, names] of by) {
      const what = reason === 'security-level' ? `${REASON_NOTE[reason]} ${x.securityLevel}` : REASON_NOTE[reason];
      // Suites the security level removes are the interesting ones; PSK/SRP ones are only counted.
      const shown = reason === 'security-level' || names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, …`;
      out.push(`${names.length} ${verb} (${what}): ${shown}`);
    }
  }
  if (tls13) {
    if (tls13.unknown.length) out.push(`unknown TLS 1.3 suites, ignored: ${tls13.unknown.join(', ')}`);
    if (tls13.misplaced.length) out.push(`TLS 1.2 suites in Ciphersuites do nothing for TLS 1.3: ${tls13.misplaced.map((s) => s.ianaName ?? s.name).join(', ')}`);
    if (tls13.noCipherMatch) out.push('Ciphersuites names no TLS 1.3 suite (no cipher match)');
  }
  return out;
}

function suiteJson(s: CipherSuite): Record<string, unknown> {
  const d = describeSuite(s);
  return {
    name: s.name,
    iana: s.ianaName ?? null,
    id: s.hexId,
    protocol: d.protocol,
    kx: d.kx,
    au: d.au,
    enc: d.enc,
    mac: d.mac,
    strengthBits: s.strengthBits,
    marks: s.tls13 ? [] : suiteMarks(s),
  };
}

function jsonReport(
  str: string,
  o: CiphersOptions,
  x: CipherExpansion,
  suites: CipherSuite[],
  tls13: ReturnType<typeof expandCiphersuites> | undefined,
): Record<string, unknown> {
  return {
    string: str,
    securityLevel: x.securityLevel,
    ok: x.errors.length === 0 && !x.noCipherMatch,
    noCipherMatch: x.noCipherMatch,
    errors: x.errors.map((e) => ({ token: e.token, message: e.message, start: e.start, end: e.end })),
    supportedOnly: o.supportedOnly,
    ciphers: suites.map(suiteJson),
    usable: x.ciphers.map((s) => s.name),
    excluded: x.excluded.map((e) => ({ name: e.suite.name, reason: e.reason })),
    unknown: x.unknown,
    unavailable: x.unavailable,
    unmatched: x.unmatched,
    tls13Names: x.tls13Names,
    ...(tls13 ? { tls13: { ciphers: tls13.ciphers.map((s) => s.name), unknown: tls13.unknown, misplaced: tls13.misplaced.map((s) => s.name), noCipherMatch: tls13.noCipherMatch } } : {}),
  };
}
