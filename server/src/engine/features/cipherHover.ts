// Hover content for cipher strings (`ssl_ciphers`, `proxy_ssl_ciphers`, `ssl_conf_command CipherString`)
// and TLS 1.3 suite lists (`ssl_conf_command Ciphersuites`): what OpenSSL 3.0 makes of the whole value,
// or of the one element under the cursor. Pure markdown builders over the cipher engine; no positions.

import {
  expandCipherString,
  expandCiphersuites,
  type CipherExpansion,
  type CipherToken,
  type CipherWord,
  type ExclusionReason,
} from '../tls/ciphers/expand';
import { describeSuite, DEFAULT_TLS13_CIPHERSUITES, suiteByName, type CipherSuite } from '../tls/ciphers/table';

/** Security level the hover assumes before the string's own `@SECLEVEL` (Debian's OpenSSL default). */
export const HOVER_SECURITY_LEVEL = 2;
/** Rows shown in a hover table before it is cut short. */
const MAX_ROWS = 40;
/** Suite names listed for an alias element before "… and N more". */
const MAX_NAMES = 16;

/** Short marks for a suite's weaknesses: weak, no-FS, CBC, 64-bit. Empty when it has none. */
export function suiteMarks(s: CipherSuite): string[] {
  const marks: string[] = [];
  if (isWeak(s)) marks.push('weak');
  if (!s.forwardSecrecy) marks.push('no-FS');
  if (s.cbc) marks.push('CBC');
  if (s.block64) marks.push('64-bit');
  return marks;
}

/** Broken or far below today's bar: no encryption, no authentication, RC4, MD5, under 128-bit strength. */
export function isWeak(s: CipherSuite): boolean {
  return s.nullEncryption || s.anonymous || s.enc === 'RC4' || s.mac === 'MD5' || s.strengthBits < 128 || s.export;
}

/** Inline code that may itself hold backticks. */
function code(s: string): string {
  if (!s.includes('`')) return '`' + s + '`';
  return '`` ' + s + ' ``';
}

/** A table cell: pipes escaped, no line breaks. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function nameList(names: string[], max = MAX_NAMES): string {
  const shown = names.slice(0, max).map(code).join(', ');
  return names.length > max ? `${shown} … and ${names.length - max} more` : shown;
}

function suiteTable(suites: readonly CipherSuite[], tls13 = false): string {
  const rows: string[] = ['| # | Suite | Protocol | Kx | Au | Enc | Mac | Marks |', '|---:|---|---|---|---|---|---|---|'];
  suites.slice(0, MAX_ROWS).forEach((s, i) => {
    const d = describeSuite(s);
    const marks = tls13 ? '' : suiteMarks(s).join(', ') || 'ok';
    rows.push(`| ${i + 1} | ${cell(code(s.name))} | ${d.protocol} | ${cell(d.kx)} | ${cell(d.au)} | ${cell(d.enc)} | ${cell(d.mac)} | ${marks} |`);
  });
  let out = rows.join('\n');
  if (suites.length > MAX_ROWS) out += `\n\n… and ${suites.length - MAX_ROWS} more (${code('tlslint ciphers -v <string>')} lists them all).`;
  return out;
}

const REASON_TEXT: Record<ExclusionReason, (n: number) => string> = {
  'security-level': (n) => `${plural(n, 'suite')} removed by the security level`,
  psk: (n) => `${plural(n, 'PSK suite')} left out (they need a PSK callback; web servers set none)`,
  srp: (n) => `${plural(n, 'SRP suite')} left out (they need an SRP verifier file)`,
  protocol: (n) => `${plural(n, 'suite')} left out (outside the enabled protocol versions)`,
};

export interface CipherHoverOptions {
  /** The directive, for the TLS 1.3 note (`proxy_ssl_ciphers` → `proxy_ssl_conf_command`). */
  directive?: string;
  /** Security level before the string's `@SECLEVEL` (default 2). */
  securityLevel?: number;
  /** A reference note on the element (from the directive docs), shown after its first line. */
  note?: string;
}

/** The `…_conf_command` directive that sets TLS 1.3 suites next to a cipher-string directive. */
function confCommandFor(directive: string | undefined): string {
  const m = /^(proxy|grpc|uwsgi)_/.exec(directive ?? '');
  return m ? `${m[1]}_ssl_conf_command` : 'ssl_conf_command';
}

function expand(value: string, o: CipherHoverOptions): CipherExpansion {
  return expandCipherString(value, { securityLevel: o.securityLevel ?? HOVER_SECURITY_LEVEL });
}

/** Problems with the string as OpenSSL reads it, one bullet each. */
function problemLines(x: CipherExpansion): string[] {
  const out: string[] = [];
  const unknown = x.unknown.map((w) => {
    const s = findWord(x, w)?.suite;
    return s && !s.tls13 ? `${code(w)} (OpenSSL calls it ${code(s.name)})` : code(w);
  });
  if (unknown.length) out.push(`- **Unknown to OpenSSL, ignored:** ${unknown.join(', ')}`);
  if (x.unavailable.length) out.push(`- **Not offered by this OpenSSL build, ignored:** ${x.unavailable.map(code).join(', ')}`);
  if (x.tls13Names.length) out.push(`- **TLS 1.3 suites do nothing here:** ${x.tls13Names.map(code).join(', ')}`);
  if (x.unmatched.length) out.push(`- **Selects no suite:** ${x.unmatched.map(code).join(', ')}`);
  return out;
}

function findWord(x: CipherExpansion, text: string): CipherWord | undefined {
  for (const t of x.tokens) for (const w of t.words) if (w.text === text) return w;
  return undefined;
}

/** Excluded suites grouped by reason, as bullets. */
function exclusionLines(x: CipherExpansion): string[] {
  const by = new Map<ExclusionReason, string[]>();
  for (const e of x.excluded) by.set(e.reason, [...(by.get(e.reason) ?? []), e.suite.name]);
  const out: string[] = [];
  const seclevel = by.get('security-level');
  if (seclevel) out.push(`- **Security level ${x.securityLevel} removed ${plural(seclevel.length, 'suite')}:** ${nameList(seclevel)}`);
  for (const reason of ['psk', 'srp', 'protocol'] as const) {
    const names = by.get(reason);
    if (names) out.push(`- ${REASON_TEXT[reason](names.length)}: ${nameList(names, 6)}`);
  }
  return out;
}

function tls13Note(directive: string | undefined): string {
  return (
    `TLS 1.3 suites are not set by this string: they come from ${code(`${confCommandFor(directive)} Ciphersuites …`)} ` +
    `(OpenSSL's default: ${DEFAULT_TLS13_CIPHERSUITES.split(':').map(code).join(', ')}).`
  );
}

/** One line about the whole string, for element hovers. */
export function cipherStringSummary(value: string, options: CipherHoverOptions = {}): string {
  const x = expand(value, options);
  if (x.errors.length) return `**Whole string:** rejected by OpenSSL (${x.errors[0].message}).`;
  if (x.noCipherMatch) return '**Whole string:** selects no suite ("no cipher match"): nginx will not start.';
  const parts = [`**Whole string:** ${plural(x.ciphers.length, 'usable suite')} at security level ${x.securityLevel}`];
  const marked = x.ciphers.filter((s) => suiteMarks(s).length).length;
  if (marked) parts.push(`${marked} with marks (weak, no-FS, CBC or 64-bit)`);
  const ignored = x.unknown.length + x.unavailable.length + x.tls13Names.length;
  if (ignored) parts.push(`${plural(ignored, 'ignored name')}`);
  if (x.unmatched.length) parts.push(`${plural(x.unmatched.length, 'element')} matching nothing`);
  return parts.join(', ') + '.';
}

/** Markdown for a whole cipher string. */
export function cipherStringMarkdown(value: string, options: CipherHoverOptions = {}): string {
  const x = expand(value, options);
  const out: string[] = [];
  const head = `**OpenSSL 3.0 cipher string** ${code(value)}`;
  if (x.errors.length) {
    out.push(head);
    out.push(
      '**OpenSSL rejects this string** ("Error in cipher list"), so nginx does not start:\n\n' +
        x.errors.map((e) => `- ${code(e.token)}: ${e.message}`).join('\n'),
    );
    return out.join('\n\n');
  }
  if (x.noCipherMatch) {
    out.push(head);
    out.push('**Selects no TLS 1.2 suite**: OpenSSL reports "no cipher match" and nginx does not start.');
    const problems = problemLines(x);
    if (problems.length) out.push(problems.join('\n'));
    out.push(tls13Note(options.directive));
    return out.join('\n\n');
  }
  const suiteB = x.suiteB ? ` (Suite B mode ${code(x.suiteB)})` : '';
  out.push(
    `${head}${suiteB}: ${plural(x.ciphers.length, 'suite')} for TLS 1.2 and older at security level ${x.securityLevel}` +
      (x.configured.length !== x.ciphers.length ? ` (${x.configured.length} configured)` : ''),
  );
  if (options.note) out.push(options.note);
  if (x.ciphers.length) out.push(suiteTable(x.ciphers));
  else out.push('**No configured suite can be used in a handshake**: TLS 1.2 and older connections fail.');
  const notes = [...problemLines(x), ...exclusionLines(x)];
  if (notes.length) out.push(notes.join('\n'));
  const counts = markCounts(x.ciphers);
  if (counts) out.push(counts);
  out.push(tls13Note(options.directive));
  return out.join('\n\n');
}

function markCounts(suites: readonly CipherSuite[]): string | undefined {
  const n = { weak: 0, 'no-FS': 0, CBC: 0, '64-bit': 0 } as Record<string, number>;
  for (const s of suites) for (const m of suiteMarks(s)) n[m]++;
  const parts = Object.entries(n)
    .filter(([, c]) => c > 0)
    .map(([m, c]) => `${c} ${m}`);
  return parts.length ? `Marks: ${parts.join(' · ')} (weak: broken or under 128-bit; no-FS: no forward secrecy; CBC: CBC mode; 64-bit: 64-bit block cipher, Sweet32).` : undefined;
}

/** The token of the expansion holding the character at offset `at` (offsets into the value). */
function tokenAt(x: CipherExpansion, at: number): CipherToken | undefined {
  return x.tokens.find((t) => at >= t.start && at < t.end);
}

/** Properties of one suite, as a short markdown block. */
export function suiteMarkdown(s: CipherSuite): string {
  const d = describeSuite(s);
  const lines: string[] = [];
  lines.push(`${code(s.name)}${s.ianaName && s.ianaName !== s.name ? ` (${code(s.ianaName)})` : ''}, code point ${code(s.hexId)}`);
  const facts = [
    `Protocol: ${s.minProtocol === s.maxProtocol ? `${d.protocol} only` : `${d.protocol} to ${s.maxProtocol}`}`,
    `Key exchange: ${d.kx}`,
    `Authentication: ${d.au}`,
    `Encryption: ${d.enc}`,
    `MAC: ${d.mac}`,
    `OpenSSL strength: ${s.strength} (${s.strengthBits} bits)`,
  ];
  lines.push(facts.map((f) => `- ${f}`).join('\n'));
  const marks = suiteMarks(s);
  const notes: string[] = [];
  if (marks.length) notes.push(`Marks: ${marks.join(', ')}.`);
  else notes.push(s.tls13 ? 'A TLS 1.3 suite.' : 'Forward secret, authenticated encryption: no marks.');
  if (!s.available) notes.push(`Not offered by Debian's OpenSSL 3.0 build (${s.unavailableReason}).`);
  if (s.psk) notes.push('Needs a pre-shared key: web servers never use it.');
  if (s.srp) notes.push('Needs an SRP verifier: web servers never use it.');
  lines.push(notes.join(' '));
  return lines.join('\n\n');
}

/** What one word OpenSSL does not use means. */
function ignoredWordMarkdown(w: CipherWord, directive: string | undefined): string | undefined {
  if (w.kind === 'unknown') {
    const hint = w.suite ? (w.suite.tls13 ? ` It is a TLS 1.3 suite: set it with ${code(`${confCommandFor(directive)} Ciphersuites`)}.` : ` OpenSSL's name for this suite is ${code(w.suite.name)}.`) : '';
    return `${code(w.text)}: **unknown to OpenSSL**, ignored (with the rest of its element).${hint}`;
  }
  if (w.kind === 'unavailable') return `${code(w.text)}: OpenSSL knows it, but **this build does not offer it**; ignored.${w.suite ? '\n\n' + suiteMarkdown(w.suite) : ''}`;
  if (w.kind === 'tls13-suite')
    return `${code(w.text)}: a **TLS 1.3 suite**, which a cipher string cannot select; ignored here. Set it with ${code(`${confCommandFor(directive)} Ciphersuites`)}.`;
  return undefined;
}

const OP_TEXT: Record<string, string> = {
  '': 'adds the suites it selects to the end of the list (those already there stay where they are)',
  '!': 'removes the suites it selects for good: later elements cannot add them back',
  '-': 'removes the suites it selects from the list; later elements may add them again',
  '+': 'moves the suites it selects that are already in the list to its end',
};

const OP_TEXT_ONE: Record<string, string> = {
  '': 'adds it to the end of the list (unless it is already there)',
  '!': 'removes it for good: later elements cannot add it back',
  '-': 'removes it from the list; later elements may add it again',
  '+': 'moves it to the end of the list, if it is there',
};

/**
 * Markdown for the element of a cipher string at `offset` (an offset into `value`), or undefined when
 * the offset is on a separator. Ends with a line about the whole string.
 */
export function cipherElementMarkdown(value: string, offset: number, options: CipherHoverOptions = {}): string | undefined {
  const x = expand(value, options);
  const t = tokenAt(x, offset);
  if (!t) return undefined;
  const out: string[] = [];
  const raw = value.slice(t.start, t.end);
  if (t.op === '@') {
    if (/^@SECLEVEL=/.test(raw)) out.push(`${code(raw)}: sets OpenSSL's **security level** for this server (0–5). Level ${x.securityLevel} in effect; it removes suites weaker than the level allows (level 2: under 112 bits, anonymous, MD5, RC4).`);
    else if (raw === '@STRENGTH') out.push(`${code(raw)}: sorts the list so far by encryption strength, strongest first (stable).`);
    else out.push(`${code(raw)}: **unknown command**: OpenSSL rejects the whole string.`);
  } else {
    const ignored = t.words.map((w) => ignoredWordMarkdown(w, options.directive)).filter((s): s is string => s !== undefined);
    if (ignored.length) {
      out.push(ignored.join('\n\n'));
      if (t.words.length > 1) out.push(`OpenSSL skips the element ${code(raw)} as a whole.`);
    } else {
      out.push(elementSelection(value, t, x, options.note));
    }
  }
  out.push('---');
  out.push(cipherStringSummary(value, options) + ' Hover the directive name, a `:` or the quotes for the full list.');
  return out.join('\n\n');
}

/** What a known element selects and what it does at its place in the string. */
function elementSelection(value: string, t: CipherToken, x: CipherExpansion, note: string | undefined): string {
  const raw = value.slice(t.start, t.end);
  const body = t.text;
  const single = t.words.length === 1 ? t.words[0] : undefined;
  const parts: string[] = [];
  if (single?.kind === 'suite' && single.suite) {
    parts.push(`${code(raw)}: one suite; ${OP_TEXT_ONE[t.op]}.`);
    parts.push(suiteMarkdown(single.suite));
  } else {
    // Which suites the element selects, in OpenSSL's default order (level 0: nothing filtered).
    const sel = expandCipherString(body, { securityLevel: 0 }).configured.map((s) => s.name);
    const what = single ? (body === 'DEFAULT' ? 'OpenSSL alias (its default list)' : 'OpenSSL alias') : 'combination (suites matching every part)';
    parts.push(`${code(raw)}: ${what}, selects ${plural(sel.length, 'suite')}; ${OP_TEXT[t.op]}.`);
    if (sel.length) parts.push(nameList(sel));
    else parts.push('It selects **nothing** in this build, so it has no effect.');
  }
  if (note) parts.splice(1, 0, note);
  const effect = effectHere(value, t, x);
  if (effect) parts.push(effect);
  return parts.join('\n\n');
}

/** What the element changed: the list before it against the list after it. */
function effectHere(value: string, t: CipherToken, x: CipherExpansion): string | undefined {
  if (x.suiteB || x.errors.length || t.start === 0 && t.op === '' && t.text === 'DEFAULT') return undefined;
  const before = expandCipherString(value.slice(0, t.start), { securityLevel: 0 });
  const after = expandCipherString(value.slice(0, t.end), { securityLevel: 0 });
  if (before.errors.length || after.errors.length) return undefined;
  const had = new Set(before.configured.map((s) => s.name));
  const has = new Set(after.configured.map((s) => s.name));
  const added = after.configured.filter((s) => !had.has(s.name)).map((s) => s.name);
  const removed = before.configured.filter((s) => !has.has(s.name)).map((s) => s.name);
  if (t.op === '' || t.op === '+') {
    if (t.op === '+') return `Here: moves suites within a list of ${before.configured.length}.`;
    return `Here: adds ${plural(added.length, 'new suite')} (list: ${before.configured.length} → ${after.configured.length}).`;
  }
  if (t.start === 0) return 'Here: nothing is in the list yet, so it only affects later elements' + (t.op === '!' ? ' (they cannot add these suites).' : '.');
  if (removed.length === 0) return `Here: none of them is in the list at this point${t.op === '!' ? '; it still keeps later elements from adding them' : ''}.`;
  return `Here: removes ${plural(removed.length, 'suite')}: ${nameList(removed, 8)}.`;
}

// ---------------------------------------------------------------------------------------------------------
// TLS 1.3: `Ciphersuites`

/** Markdown for a whole TLS 1.3 `Ciphersuites` value. */
export function ciphersuitesMarkdown(value: string): string {
  const x = expandCiphersuites(value);
  const out: string[] = [`**TLS 1.3 suites** (OpenSSL ${code('Ciphersuites')}) ${code(value)}`];
  if (value.trim() === '') {
    out.push('Empty: **no TLS 1.3 suite**, so TLS 1.3 handshakes fail.');
    return out.join('\n\n');
  }
  if (x.noCipherMatch) {
    out.push('**Names no TLS 1.3 suite**: OpenSSL reports "no cipher match" and nginx does not start.');
  } else {
    out.push(`${plural(x.ciphers.length, 'suite')}, in this order:`);
    if (x.ciphers.length) out.push(suiteTable(x.ciphers, true));
  }
  const notes: string[] = [];
  if (x.unknown.length) notes.push(`- **Unknown, ignored:** ${x.unknown.map(code).join(', ')}`);
  if (x.misplaced.length) notes.push(`- **TLS 1.2 suites, accepted but useless here:** ${x.misplaced.map((s) => code(s.ianaName ?? s.name)).join(', ')} (set them with ${code('ssl_ciphers')})`);
  if (notes.length) out.push(notes.join('\n'));
  out.push(`TLS 1.2 and older suites are set by ${code('ssl_ciphers')}.`);
  return out.join('\n\n');
}

/** Markdown for one name of a `Ciphersuites` value. */
export function ciphersuiteElementMarkdown(name: string, value: string): string {
  const trimmed = name.trim();
  const x = expandCiphersuites(value);
  const summary = x.noCipherMatch ? '**Whole value:** names no TLS 1.3 suite ("no cipher match").' : `**Whole value:** ${plural(x.ciphers.length, 'TLS 1.3 suite')}.`;
  const s = suiteByName(trimmed);
  let body: string;
  if (s?.tls13) body = suiteMarkdown(s);
  else {
    const misplaced = x.misplaced.find((m) => m.ianaName === trimmed);
    if (misplaced) body = `${code(trimmed)}: a **TLS 1.2 suite**; OpenSSL accepts the name here but it does nothing for TLS 1.3. Put ${code(misplaced.name)} in ${code('ssl_ciphers')} instead.`;
    else body = `${code(trimmed)}: **not a TLS 1.3 suite** OpenSSL knows; ignored.`;
  }
  return [body, '---', summary].join('\n\n');
}
