// Squid's parts of the protocol rules: what `tls-min-version=`, the old `version=` and the NO_* flags of
// `options=` leave enabled on each TLS port (protocol-insecure, protocol-deprecated,
// protocol-tls13-missing, protocol-none), values Squid ignores (protocol-unknown), and the same for
// outgoing TLS (proxy-protocol-deprecated).

import type { DialectCheck, RuleContext } from '../rule';
import type { Fix, Range } from '../../types';
import { DEPRECATED_PROTOCOLS, protocolLabel, type ProtocolName } from '../../tls/protocols';
import { OPTION_NAME, protocolOfNoFlag, squid, squidRootFile, type SquidFlag, type SquidOption, type SquidOutgoing, type SquidPort, type SquidTlsOptions } from '../../model/squid/policy';
import { fix, nearest } from '../helpers';
import { appendArg, replaceValue, withFlag, withoutFlags } from './edits';

const MIN_VALUE: Partial<Record<ProtocolName, string>> = { TLSv1: '1.0', 'TLSv1.1': '1.1', 'TLSv1.2': '1.2', 'TLSv1.3': '1.3' };
const KNOWN_NO_FLAGS = ['NO_SSLv2', 'NO_SSLv3', 'NO_TLSv1', 'NO_TLSv1_1', 'NO_TLSv1_2', 'NO_TLSv1_3'];
const ORDER: ProtocolName[] = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** The lowest TLS version of the profile as a tls-min-version= value. */
function profileMin(ctx: RuleContext): string {
  const versions = ctx.profile.tlsVersions.map((v) => v as ProtocolName).filter((v) => MIN_VALUE[v]);
  versions.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return MIN_VALUE[versions[0] ?? 'TLSv1.2']!;
}

function anchorOf(t: SquidPort | SquidOutgoing): { file: string; range: Range } {
  if ('directive' in t) return { file: t.directive.file, range: (t.address ?? t.directive).range ?? t.directive.nameRange };
  const item = t.items[0];
  if (item) return { file: item.directive.file, range: item.directive.args[0]?.range ?? item.directive.nameRange };
  return { file: t.root.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/**
 * The fix that raises the minimum version: set the value of `min-version=`, replace `version=N`, or add
 * the option; also drops NO_* flags that would then be redundant only when they disable versions the
 * new minimum keeps (never: raising the minimum leaves them meaningful), so only the minimum changes.
 */
function raiseMinimum(t: SquidTlsOptions & { kind: string }, target: string, optionName: string): { edits: import('../../types').TextEdit[]; title: string } | undefined {
  if (t.minVersion) return { edits: [replaceValue(t.minVersion, target)], title: `Set ${t.minVersion.written}=${target}` };
  const bad = t.invalidMinVersions[t.invalidMinVersions.length - 1];
  if (bad) return { edits: [replaceValue(bad, target)], title: `Set ${bad.written}=${target}` };
  const version = t.options.filter((o) => o.key === 'version').pop();
  if (version) return { edits: [{ file: version.item.directive.file, range: version.arg.range, newText: `${optionName}=${target}` }], title: `Replace ${version.arg.text} with ${optionName}=${target}` };
  if ('directive' in t && t.directive) return { edits: [appendArg((t as SquidPort).directive, `${optionName}=${target}`)], title: `Add ${optionName}=${target}` };
  const out = t as SquidOutgoing;
  if (out.kind === 'cache_peer' && out.items[0]) return { edits: [appendArg(out.items[0].directive, `${optionName}=${target}`)], title: `Add ${optionName}=${target}` };
  if (out.items.length) return { edits: [appendArg(out.items[out.items.length - 1].directive, `${optionName}=${target}`)], title: `Add ${optionName}=${target}` };
  return undefined;
}

/** `pick` remembered per protocol list, for one check (the lists are read-only; callers do not change the result). */
function perList(pick: (ps: readonly ProtocolName[]) => ProtocolName[]): (ps: readonly ProtocolName[]) => ProtocolName[] {
  const known = new Map<readonly ProtocolName[], ProtocolName[]>();
  return (ps) => {
    let x = known.get(ps);
    if (!x) known.set(ps, (x = pick(ps)));
    return x;
  };
}

/** "tls-min-version=1.0 leaves TLS 1.0 and TLS 1.1 enabled", "the … default leaves …". */
function origin(t: SquidTlsOptions, ps: ProtocolName[]): string {
  const list = ps.map(protocolLabel).join(' and ');
  const from = t.protocols.from.find((o) => o.key === 'min-version' || o.key === 'version');
  const cause = from ? `${from.written}=${from.value?.text ?? ''}` : (t.protocols.defaultNote ?? 'the default');
  return `${cause} leaves ${list} enabled`;
}

function rangeOfOrigin(t: SquidPort | SquidOutgoing): { file: string; range: Range } {
  const from = t.protocols.from.find((o) => o.key === 'min-version' || o.key === 'version');
  if (from) return { file: from.item.directive.file, range: from.value?.range ?? from.arg.range };
  return anchorOf(t);
}

export const squidProtocolDeprecated: DialectCheck = {
  ruleId: 'protocol-deprecated',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.0',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2',
  check(ctx) {
    const allowed = new Set(ctx.profile.tlsVersions);
    const target = profileMin(ctx);
    // Per protocol list: the policy shares one list per set of versions among its records.
    const flaggedOf = perList((ps) => ps.filter((p) => DEPRECATED_PROTOCOLS.has(p) && !allowed.has(p)));
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (!port.tls) continue;
        const flagged = flaggedOf(port.protocols.value);
        if (!flagged.length) continue;
        const at = rangeOfOrigin(port);
        const r = raiseMinimum(port, target, 'tls-min-version');
        ctx.report({
          ...at,
          message: `${port.label}: ${origin(port, flagged)}: deprecated by RFC 8996 and outside the ${ctx.profile.name} profile (${ctx.profile.tlsVersions.join(' ')})`,
          fixes: r ? fix(`${r.title} (${ctx.profile.name} profile)`, 'suggestion', r.edits) : [],
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

/** Outgoing TLS that would reach a server: the global context matters once Squid bumps or talks TLS itself. */
function outgoingInUse(o: SquidOutgoing, ports: SquidPort[]): boolean {
  if (o.kind === 'cache_peer') return true;
  return o.items.length > 0 || ports.some((p) => p.bump);
}

export const squidProxyProtocolDeprecated: DialectCheck = {
  ruleId: 'proxy-protocol-deprecated',
  dialect: 'squid',
  example: 'tls_outgoing_options min-version=1.0',
  useInstead: 'tls_outgoing_options min-version=1.2',
  check(ctx) {
    const target = profileMin(ctx) === '1.3' ? '1.3' : '1.2';
    const oldOf = perList((ps) => ps.filter((p) => p === 'SSLv3' || DEPRECATED_PROTOCOLS.has(p)));
    for (const policy of squid(ctx.workspace)) {
      for (const o of policy.outgoing) {
        if (!outgoingInUse(o, policy.ports)) continue;
        const old = oldOf(o.protocols.value);
        if (!old.length) continue;
        const at = rangeOfOrigin(o);
        const r = raiseMinimum(o, target, o.kind === 'cache_peer' ? 'tls-min-version' : 'min-version');
        const edits = r?.edits ?? [];
        // No tls_outgoing_options line at all: the default applies; the fix adds one after the last ssl-bump port.
        if (!r && o.kind === 'tls_outgoing_options') {
          const bumpPort = policy.ports.filter((p) => p.bump).pop();
          if (bumpPort) edits.push({ file: bumpPort.directive.file, range: { start: bumpPort.directive.range.end, end: bumpPort.directive.range.end }, newText: `\ntls_outgoing_options min-version=${target}` });
        }
        const where = o.kind === 'cache_peer' ? `${o.label}` : 'outgoing TLS (tls_outgoing_options)';
        ctx.report({
          ...(o.items.length || o.protocols.from.length ? at : anchorOfBump(policy.ports) ?? at),
          message: `${where}: ${origin(o, old)}: connections to servers may fall back to protocols deprecated by RFC 8996, open to downgrade`,
          fixes: fix(r?.title ?? `Add "tls_outgoing_options min-version=${target}"`, 'suggestion', edits),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

function anchorOfBump(ports: SquidPort[]): { file: string; range: Range } | undefined {
  const p = ports.find((x) => x.bump);
  return p?.bumpOption ? { file: p.directive.file, range: p.bumpOption.arg.range } : undefined;
}

export const squidProtocolInsecure: DialectCheck = {
  ruleId: 'protocol-insecure',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem version=3',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      for (const t of [...policy.ports.filter((p) => p.tls), ...policy.outgoing.filter((o) => outgoingInUse(o, policy.ports))]) {
        if (!t.protocols.value.includes('SSLv3')) continue;
        const at = rangeOfOrigin(t);
        const edits = t.sslOptions ? [withFlag(t.sslOptions, 'NO_SSLv3')] : 'directive' in t ? [appendArg(t.directive, 'tls-options=NO_SSLv3')] : t.items.length ? [appendArg(t.items[0].directive, t.kind === 'cache_peer' ? 'tls-options=NO_SSLv3' : 'options=NO_SSLv3')] : [];
        ctx.report({
          ...at,
          message: `${t.label}: SSLv3 stays enabled (target OpenSSL ${ctx.settings.targets.openssl} still supports it and no NO_SSLv3 is set): POODLE breaks it`,
          fixes: fix('Add NO_SSLv3 to options=', 'suggestion', edits),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

export const squidProtocolUnknown: DialectCheck = {
  ruleId: 'protocol-unknown',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=TLSv1.2',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      const seen = new Set<string>();
      const visit = (t: SquidTlsOptions, o: SquidOption, shared: boolean): void => {
        const invalid = o.key === 'min-version' && t.invalidMinVersions.includes(o);
        const flags = o.key === 'options' && t.sslOptions === o && t.optionFlags.some(flagReported);
        // A port or peer line reads the same in every record made of it, so one that reports nothing
        // needs no key (making keys read the range of every option of a 10,000-port tree). The lines of
        // tls_outgoing_options add up, and the first record to name an option keeps it, reported or not.
        if (!invalid && !flags && !shared) return;
        const key = `${o.item.directive.file}:${o.arg.range.start.line}:${o.arg.range.start.character}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (invalid) reportMinVersion(ctx, o, squidRootFile(policy.root));
        if (o.key === 'options') reportNoFlags(ctx, o, t, squidRootFile(policy.root));
      };
      // Indexed loops: this runs once per lint, mostly before V8 optimizes it, and for-of there makes an
      // iterator result per step (9 MB of them over the 40,000 records of squid-10000).
      for (const list of [policy.ports, policy.outgoing]) {
        for (let i = 0; i < list.length; i++) {
          const t = list[i];
          const shared = t.kind === 'tls_outgoing_options';
          for (let j = 0; j < t.invalidMinVersions.length; j++) visit(t, t.invalidMinVersions[j], shared);
          for (let j = 0; j < t.options.length; j++) {
            const o = t.options[j];
            if (o.key === 'options' || o.key === 'min-version') visit(t, o, shared);
          }
        }
      }
    }
  },
};

function reportMinVersion(ctx: RuleContext, o: SquidOption, rootFile: string | undefined): void {
  const v = o.value?.text ?? '';
  const guess = guessMinVersion(v);
  ctx.report({
    file: o.item.directive.file,
    range: o.value?.range ?? o.arg.range,
    message: `${o.written}=${v}: Squid knows only 1.0, 1.1, 1.2 and 1.3 here; it ignores this value ("WARNING: Unknown TLS minimum version") and keeps the default range${guess ? ` (did you mean ${guess}?)` : ''}`,
    fixes: guess ? fix(`Set ${o.written}=${guess}`, 'suggestion', [replaceValue(o, guess)]) : [],
    rootFile,
  });
}

/** `TLSv1.2` → `1.2`, `1_2` → `1.2`, `12` → `1.2`. */
export function guessMinVersion(v: string): string | undefined {
  const m = /^(?:tls)?v?\s*1[._]?([0-3])$/i.exec(v.trim());
  return m ? `1.${m[1]}` : undefined;
}

/** An options= flag protocol-unknown reports: a name Squid stops at, or a NO_SSL…/NO_TLS… OpenSSL lacks. */
function flagReported(f: SquidFlag): boolean {
  return !OPTION_NAME.test(f.name) || (/^NO_(SSL|TLS)/i.test(f.name) && !KNOWN_NO_FLAGS.includes(f.name));
}

function reportNoFlags(ctx: RuleContext, o: SquidOption, t: SquidTlsOptions, rootFile: string | undefined): void {
  for (const f of t.sslOptions === o ? t.optionFlags : []) {
    if (!flagReported(f)) continue;
    const fatal = !OPTION_NAME.test(f.name);
    const guess = nearest(f.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_'), KNOWN_NO_FLAGS.map((k) => k.toUpperCase()), 3);
    const proper = KNOWN_NO_FLAGS.find((k) => k.toUpperCase() === guess);
    ctx.report({
      file: o.item.directive.file,
      range: f.range,
      message: fatal
        ? `options= flag ${f.name}: option names hold only letters, digits and "_" (separate them with ":" or ","), so Squid stops ("FATAL: Unknown TLS option")${proper ? `; did you mean ${proper}?` : ''}`
        : `options= flag ${f.name} is not an OpenSSL option (names are case-sensitive): Squid ignores it ("ERROR: Unknown TLS option") and the protocol stays enabled${proper ? `; did you mean ${proper}?` : ''}`,
      fixes: proper ? fix(`Replace with ${proper}`, 'suggestion', [{ file: o.item.directive.file, range: f.range, newText: proper }]) : [],
      rootFile,
    });
  }
}

export const squidProtocolNone: DialectCheck = {
  ruleId: 'protocol-none',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.3 options=NO_TLSv1_3',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2',
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      for (const t of [...policy.ports.filter((p) => p.tls), ...policy.outgoing]) {
        if (t.protocols.value.length || !t.sslOptions) continue;
        const noFlags = t.optionFlags.filter((f) => !f.cleared && protocolOfNoFlag(f.name));
        ctx.report({
          file: t.sslOptions.item.directive.file,
          range: t.sslOptions.value?.range ?? t.sslOptions.arg.range,
          message: `${t.label}: the options leave no protocol version enabled: every handshake fails`,
          fixes: fix('Remove the NO_TLS… flags that disable TLS 1.2 and 1.3', 'suggestion', [withoutFlags(t.sslOptions, noFlags.filter((f) => ['TLSv1.2', 'TLSv1.3'].includes(protocolOfNoFlag(f.name)!)), t.optionFlags)]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

export const squidProtocolTls13Missing: DialectCheck = {
  ruleId: 'protocol-tls13-missing',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2 tls-options=NO_TLSv1_3',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-min-version=1.2',
  check(ctx) {
    if (!ctx.profile.tlsVersions.includes('TLSv1.3')) return;
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        if (!port.tls || port.protocols.value.includes('TLSv1.3') || !port.protocols.value.length) continue;
        const flag = port.optionFlags.find((f) => !f.cleared && protocolOfNoFlag(f.name) === 'TLSv1.3');
        const version = port.protocols.from.find((o) => o.key === 'version');
        const fixes: Fix[] = flag && port.sslOptions ? fix(`Remove ${flag.name}`, 'suggestion', [withoutFlags(port.sslOptions, [flag], port.optionFlags)]) : version ? fix(`Replace ${version.arg.text} with tls-min-version=1.2`, 'suggestion', [{ file: port.directive.file, range: version.arg.range, newText: 'tls-min-version=1.2' }]) : [];
        ctx.report({
          file: port.directive.file,
          range: flag?.range ?? version?.arg.range ?? (port.address ?? port.directive).range,
          message: `${port.label}: TLS 1.3 is disabled${flag ? ` by ${flag.name}` : version ? ` by ${version.arg.text}` : ''}, although the ${ctx.profile.name} profile includes it`,
          fixes,
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

