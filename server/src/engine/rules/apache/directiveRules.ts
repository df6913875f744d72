// Apache httpd's parts of directive-typo, directive-context and directive-duplicate. Each judges the
// directives of the expanded workspace (an included file where it is included) against the directive
// table (docs/apacheDirectives.ts, from httpd's own command tables):
//   - typo: a name httpd does not know ("Invalid command 'X', perhaps misspelled or defined by a module not
//     included in the server configuration") within two edits of a TLS-related one. A directive of a
//     module that is not loaded is not a typo: every module Debian ships is in the table.
//   - context: a known directive where httpd refuses it ("X not allowed in <Directory> context",
//     "X cannot occur within <VirtualHost> section", in .htaccess "X not allowed here"; TLS 1.3 suites
//     per directory: "TLSv1.3 ciphers cannot be set inside a directory context").
//   - duplicate: httpd accepts most repetitions and keeps the last value, so only what it rejects (the
//     same `Listen` address twice: "Cannot define multiple Listeners on the same IP:port") is an error; a
//     TLS directive set twice in one section, where the first value is silently lost, is a warning.

import type { DialectCheck, RuleContext } from '../rule';
import type { Directive } from '../../syntax/tree';
import { detached } from '../../syntax/text';
import type { BlockContext, Item, RootContext } from '../../model/workspace';
import {
  APACHE_CONDITIONAL_SECTIONS, APACHE_READ_TIME_DIRECTIVES, allowedInApache, apacheContextOf, isHtaccessFile, isTlsRelatedApache, lookupApacheDirective,
  tlsApacheDirectiveNames,
} from '../../docs/apacheDirectives';
import type { ApacheContext, ApacheDirectiveInfo } from '../../docs/apacheDirectives';
import { deleteDirective, fix, nearest, where } from '../helpers';

/** One Apache root's places: they end (exclusive) at `end` in PlacedApacheDirectives' lists. */
export interface PlacedRoot {
  root: RootContext;
  htaccess: boolean;
  end: number;
}

/**
 * Visits one directive where the server reads it: its item (the directive and the includes it was
 * reached through), the enclosing sections (outermost first, conditional ones included; one list shared
 * by the items of a context), the table's entry for its name, and its root.
 */
export type PlacedVisit = (item: Item, sections: Directive[], info: ApacheDirectiveInfo | undefined, place: PlacedRoot) => void;

/**
 * The places of a workspace's Apache directives, kept lean for the three checks that read them: the
 * items of the expanded tree in httpd's order, the sections around each (one list shared by the items
 * of a context), the table's entry for each (looked up once, not once per check: 690,000 lookups of the
 * 10,000-vhost tree's names were 40 ms) and where each root's items end. One object per place, kept from
 * the first check to the last, was 23 MB in that tree (230,000 places); one made per visit was 90 MB of
 * garbage: the visitor takes the parts instead.
 */
export class PlacedApacheDirectives {
  private readonly items: Item[] = [];
  private readonly sections: Directive[][] = [];
  private readonly infos: (ApacheDirectiveInfo | undefined)[] = [];
  private readonly roots: PlacedRoot[] = [];

  constructor(workspace: RuleContext['workspace']) {
    for (const root of workspace.roots) {
      if (root.dialect !== 'apache') continue;
      // Depth first through the expanded tree (explicit stack: any depth), a section's body right after it.
      const stack: { ctx: BlockContext; next: number; sections: Directive[] }[] = [{ ctx: root.main, next: 0, sections: [] }];
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top.next >= top.ctx.items.length) {
          stack.pop();
          continue;
        }
        const item = top.ctx.items[top.next++];
        this.items.push(item);
        this.sections.push(top.sections);
        this.infos.push(infoOf(item.directive.lname));
        if (item.block) stack.push({ ctx: item.block, next: 0, sections: [...top.sections, item.directive] });
      }
      this.roots.push({ root, htaccess: isHtaccessFile(root.file), end: this.items.length });
    }
  }

  forEach(visit: PlacedVisit): void {
    let k = 0;
    for (const place of this.roots) {
      for (; k < place.end; k++) visit(this.items[k], this.sections[k], this.infos[k], place);
    }
  }
}

const placedCache = new WeakMap<RuleContext['workspace'], PlacedApacheDirectives>();

/** Every directive of the workspace's Apache roots, once per place it is read, in the order httpd reads them. */
export function placedApacheDirectives(ctx: RuleContext): PlacedApacheDirectives {
  let placed = placedCache.get(ctx.workspace);
  if (!placed) placedCache.set(ctx.workspace, (placed = new PlacedApacheDirectives(ctx.workspace)));
  return placed;
}

/** The table's entries by lower-case name; null: not in the table (one lookup answers both). */
const infoByLname = new Map<string, ApacheDirectiveInfo | null>();

/** lookupApacheDirective by a directive's lower-case name, remembered (the table is fixed; a tree repeats few names). */
function infoOf(lname: string): ApacheDirectiveInfo | undefined {
  const known = infoByLname.get(lname);
  if (known !== undefined) return known ?? undefined;
  const info = lookupApacheDirective(lname);
  // Garbage names must not grow it without bound, nor keep the texts they were cut from (nor be long:
  // no directive name is).
  if (lname.length > 64) return info;
  if (infoByLname.size >= 10000) infoByLname.clear();
  infoByLname.set(detached(lname), info ?? null);
  return info;
}

/** A name httpd would look up in its command tables (not a `${VAR}` or an odd token). */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function rootFileOf(place: PlacedRoot): string | undefined {
  return !place.root.fragment ? place.root.file : undefined;
}

function includedNote(item: Item, place: PlacedRoot): string {
  return item.includedVia.length ? ` (included from ${where(place.root, item.directive.file, item.includedVia[0])})` : '';
}

function includedRelated(item: Item) {
  return item.includedVia.length ? [{ file: item.includedVia[0].file, range: item.includedVia[0].range, message: 'included here' }] : undefined;
}

// ---------------------------------------------------------------------------------------------
// directive-typo

/**
 * Directives of third-party modules (not in the table) that sit close to httpd's own TLS names: mod_nss
 * (`NSSEngine`, `NSSProtocol`, `NSSCipherSuite`), mod_gnutls, mod_security, mod_wsgi, mod_php, Passenger,
 * mod_auth_openidc, mod_evasive, mod_perl, mod_jk, mod_qos, mod_pagespeed. Never typos.
 */
const THIRD_PARTY = /^(NSS|GnuTLS|Sec[A-Z]|WSGI|php_|Passenger|OIDC|DOS|Perl|Jk[A-Z]|QS_|ModPagespeed)/i;

let lowerNames: string[] | undefined;
function lowerTlsNames(): string[] {
  lowerNames ??= tlsApacheDirectiveNames().map((n) => n.toLowerCase());
  return lowerNames;
}

export function checkApacheTypos(placed: PlacedApacheDirectives, report: RuleContext['report']): void {
  // Only unknown names are remembered: a known one is no typo wherever it is read, and a set of every
  // directive of a large tree is megabytes of garbage for nothing.
  const seen = new Set<Directive>();
  placed.forEach((item, sections, info, place) => {
    const d = item.directive;
    if (info || !PLAIN_NAME.test(d.name) || THIRD_PARTY.test(d.name)) return;
    if (seen.has(d)) return;
    seen.add(d);
    if (sections.some((s) => s.lname === 'macro')) return;
    // Short names are close to many: one edit only below seven letters (`Listn`, not `Lis`).
    const guess = nearest(d.lname, lowerTlsNames(), d.lname.length < 7 ? 1 : 2);
    if (!guess) return;
    const canonical = lookupApacheDirective(guess)!.name;
    const section = d.block !== undefined;
    const shown = section ? `<${d.name}` : d.name;
    const edits = [{ file: d.file, range: d.nameRange, newText: canonical }];
    if (section && d.blockCloseRange) edits.push({ file: d.file, range: d.blockCloseRange, newText: `</${canonical}>` });
    report({
      file: d.file,
      range: d.nameRange,
      message: `unknown directive "${shown}": did you mean "${section ? '<' : ''}${canonical}"? Apache httpd refuses the configuration ("Invalid command '${shown}', perhaps misspelled or defined by a module not included in the server configuration")`,
      fixes: fix(`Rename to ${canonical}`, 'suggestion', edits),
      rootFile: rootFileOf(place),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// directive-context

/** The innermost section that is not a read-time condition (what httpd names in "not allowed in <X> context"). */
function enclosingSection(sections: Directive[]): Directive | undefined {
  for (let i = sections.length - 1; i >= 0; i--) if (!APACHE_CONDITIONAL_SECTIONS.has(sections[i].lname)) return sections[i];
  return undefined;
}

/**
 * httpd's words: a directive whose flags exclude the place fails with "X not allowed in <Parent> context"
 * (or "not allowed here" at the top level); one its handler keeps to the main server (GLOBAL_ONLY), with
 * "X cannot occur within <VirtualHost> section".
 */
function contextMessage(info: ApacheDirectiveInfo, ctx: ApacheContext, section: Directive | undefined, serverWide: boolean): string {
  // Our prose names a section `<Directory>`; httpd's flag check prints its command name, `<Directory`.
  const name = info.section ? `<${info.name}>` : info.name;
  const cmd = info.section ? `<${info.name}` : info.name;
  if (ctx === 'server' && info.contexts.every((c) => c === 'vhost')) return `"${name}" is only allowed inside <VirtualHost>: Apache httpd refuses the configuration ("${cmd} only used in <VirtualHost>")`;
  if (ctx === 'htaccess') return `"${name}" is not allowed in a .htaccess file: httpd answers every request there with an error ("${cmd} not allowed here")`;
  if (ctx === 'vhost' && serverWide) return `"${name}" applies to the whole server and is not allowed inside <VirtualHost>: Apache httpd refuses the configuration ("${name} cannot occur within <VirtualHost> section")`;
  if (section && ctx !== 'server') {
    const tag = `<${section.name}>`;
    return `"${name}" is not allowed inside ${tag}: Apache httpd refuses the configuration ("${cmd} not allowed in ${tag} context")`;
  }
  return `"${name}" is only allowed inside <Directory>, <Location> or <Files>: Apache httpd refuses the configuration ("${cmd} not allowed here")`;
}

/** `SSLCipherSuite TLSv1.3 …`: httpd refuses TLS 1.3 suites in a directory context. */
function tls13InDirectory(d: Directive): boolean {
  return d.lname === 'sslciphersuite' && d.args.length === 2 && /^tlsv1\.3$/i.test(d.args[0].text);
}

export function checkApacheContexts(placed: PlacedApacheDirectives, report: RuleContext['report']): void {
  // Once per directive and context (a file included twice is judged once per place it can be): a file is
  // parsed once per workspace, so the directive object stands for its position. Whether a finding is due
  // depends on the directive and the context alone, so only reported pairs are remembered (remembering
  // every pair of the 10,000-vhost Apache tree made 25 MB of garbage).
  const reported = new Map<Directive, ApacheContext[]>();
  const once = (d: Directive, ctx: ApacheContext): boolean => {
    const contexts = reported.get(d);
    if (contexts?.includes(ctx)) return false;
    if (contexts) contexts.push(ctx);
    else reported.set(d, [ctx]);
    return true;
  };
  // The context depends on the sections and the root alone: worked out once for each run of directives
  // that share them (the directives of one context come one after the other).
  let sections: Directive[] | undefined;
  let place: PlacedRoot | undefined;
  let ctx: ApacheContext | undefined;
  placed.forEach((item, itemSections, info, itemPlace) => {
    const d = item.directive;
    if (!info || APACHE_READ_TIME_DIRECTIVES.has(d.lname)) return;
    if (itemSections !== sections || itemPlace !== place) {
      sections = itemSections;
      place = itemPlace;
      ctx = apacheContextOf(sections, place.htaccess);
    }
    if (!ctx) return;
    if (allowedInApache(info, ctx)) {
      if ((ctx === 'directory' || ctx === 'htaccess') && tls13InDirectory(d) && once(d, ctx)) {
        report({
          file: d.file,
          range: d.args[0].range,
          message: `TLS 1.3 suites cannot be set per directory (TLS 1.3 has no renegotiation): Apache httpd refuses the configuration ("TLSv1.3 ciphers cannot be set inside a directory context")${includedNote(item, itemPlace)}`,
          related: includedRelated(item),
          rootFile: rootFileOf(itemPlace),
        });
      }
      return;
    }
    // Server config vs. virtual host comes from the reference (the handler's own check), the rest from the
    // command table: judge the former only for the directives tlslint knows well (checked with apache2 -t).
    const serverWide = info.contexts.includes('server');
    if (ctx === 'vhost' && serverWide && !isTlsRelatedApache(d.lname)) return;
    if (!once(d, ctx)) return;
    report({
      file: d.file,
      range: d.nameRange,
      message: contextMessage(info, ctx, enclosingSection(itemSections), serverWide) + includedNote(item, itemPlace),
      related: includedRelated(item),
      rootFile: rootFileOf(itemPlace),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// directive-duplicate

/**
 * Where the section a directive's value belongs to is in its list of sections: the innermost
 * non-conditional one (-1: the top level). The conditional sections inside it follow it.
 */
function ownerIndex(sections: Directive[]): number {
  let i = sections.length - 1;
  while (i >= 0 && APACHE_CONDITIONAL_SECTIONS.has(sections[i].lname)) i--;
  return i;
}

/**
 * What a directive that can be a duplicate sets (`listen <address>` for a Listen with an address, else
 * slotOf for a TLS directive httpd reads once); undefined for the others.
 */
function candidateSlot(d: Directive, info: ApacheDirectiveInfo): string | undefined {
  if (info.section) return undefined;
  if (d.lname === 'listen') {
    const addr = listenAddress(d);
    return addr === undefined ? undefined : `listen ${addr}`;
  }
  return !info.repeatable && isTlsRelatedApache(d.lname) ? slotOf(d) : undefined;
}

/**
 * One list of conditional sections is a prefix of the other: the two directives are read together (an
 * `<IfModule ssl_module>` around TLS directives is true whenever they mean anything). Directives in
 * exclusive branches (`<IfDefine X>` and `<IfDefine !X>`) are not.
 */
function readTogether(a: Directive[], b: Directive[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What a directive sets: its name, and for the cipher directives which list (`SSLCipherSuite TLSv1.3 …`
 * sets the TLS 1.3 suites; `SSL …` or no protocol word, the cipher string of older versions).
 */
function slotOf(d: Directive): string {
  if ((d.lname === 'sslciphersuite' || d.lname === 'sslproxyciphersuite') && d.args.length >= 2 && !/^ssl$/i.test(d.args[0].text)) {
    return `${d.lname} ${d.args[0].text.toLowerCase()}`;
  }
  return d.lname;
}

/** `Listen [addr:]port [protocol]`: the address httpd binds, normalized for comparison. */
function listenAddress(d: Directive): string | undefined {
  const a = d.args[0]?.text;
  if (!a || a.includes('${')) return undefined;
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(a);
  if (!m) return undefined;
  return `${(m[1] ?? '*').toLowerCase()}:${Number(m[2])}`;
}

/** A directive that may be a duplicate, with the conditional sections it is read under in its owner. */
interface Candidate {
  directive: Directive;
  conditions: Directive[];
  info: ApacheDirectiveInfo;
  /** See candidateSlot. */
  slot: string;
}

/** The first candidate in `earlier` (one or several) that is read together with `c` and is another directive. */
function earlierTogether(earlier: Candidate | Candidate[] | undefined, c: Candidate): Candidate | undefined {
  const other = (e: Candidate) => readTogether(e.conditions, c.conditions) && e.directive !== c.directive;
  if (earlier === undefined) return undefined;
  if (Array.isArray(earlier)) return earlier.find(other);
  return other(earlier) ? earlier : undefined;
}

export function checkApacheDuplicates(placed: PlacedApacheDirectives, ctx: Pick<RuleContext, 'report' | 'workspace'>): void {
  const reported = new Set<Directive>();
  // Candidates by root and owner. Only the directives that can be duplicates are candidates (an entry and
  // a list of conditions for every directive of the 10,000-vhost Apache tree were 25 MB of garbage),
  // but every owner takes its place in the order it is first met, so findings come in the same order.
  const groups = new Map<RootContext | undefined, Map<Directive | undefined, Candidate[]>>();
  // The directives of one context come one after the other and share their list of sections: what
  // depends on the sections alone is worked out once for each run of them.
  let sections: Directive[] | undefined;
  let root: RootContext | undefined;
  let conditions: Directive[] = [];
  let list: Candidate[] | undefined;
  placed.forEach((item, itemSections, info, place) => {
    if (itemSections !== sections || place.root !== root) {
      sections = itemSections;
      root = place.root;
      list = undefined;
      if (sections.some((s) => s.lname === 'macro')) return;
      const i = ownerIndex(sections);
      const owner = i >= 0 ? sections[i] : undefined;
      conditions = sections.slice(i + 1);
      let byOwner = groups.get(root);
      if (!byOwner) groups.set(root, (byOwner = new Map()));
      list = byOwner.get(owner);
      if (!list) byOwner.set(owner, (list = []));
    }
    if (!list || !info) return;
    const slot = candidateSlot(item.directive, info);
    if (slot !== undefined) list.push({ directive: item.directive, conditions, info, slot });
  });
  // One candidate per slot nearly always (a 10k-vhost tree has 120,000 of them): an array only from the
  // second on. One table, emptied for each owner (a table per owner was 30,000 Maps there).
  const firstBySlot = new Map<string, Candidate | Candidate[]>();
  for (const [root, byOwner] of groups) {
    const rootFile = root && !root.fragment ? root.file : undefined;
    for (const list of byOwner.values()) {
      if (!list.length) continue;
      firstBySlot.clear();
      for (const entry of list) {
        const d = entry.directive;
        const info = entry.info;
        const slot = entry.slot;
        const rejected = d.lname === 'listen';
        const earlier = firstBySlot.get(slot);
        const prev = earlierTogether(earlier, entry);
        if (earlier === undefined) firstBySlot.set(slot, entry);
        else if (Array.isArray(earlier)) earlier.push(entry);
        else firstBySlot.set(slot, [earlier, entry]);
        if (!prev || reported.has(d)) continue;
        reported.add(d);
        const at = where(root, d.file, prev.directive);
        const message = rejected
          ? `"${d.name} ${d.args[0].text}" listens on an address already given at ${at}: Apache httpd refuses to start ("Cannot define multiple Listeners on the same IP:port")`
          : `"${info.name}" is already set in this section at ${at}: Apache httpd keeps only the last value, so the earlier one never applies`;
        ctx.report({
          file: d.file,
          range: d.nameRange,
          message,
          severity: rejected ? 'error' : 'warning',
          related: [{ file: prev.directive.file, range: prev.directive.range, message: 'first set here' }],
          fixes: rejected
            ? fix(`Remove this duplicate ${d.name}`, 'safe', [deleteDirective(ctx.workspace, d)])
            : fix(`Remove the earlier ${info.name} (it never applies)`, 'suggestion', [deleteDirective(ctx.workspace, prev.directive)]),
          rootFile,
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

export const APACHE_DIRECTIVE_CHECKS: readonly DialectCheck[] = [
  {
    ruleId: 'directive-typo',
    dialect: 'apache',
    check: (ctx) => checkApacheTypos(placedApacheDirectives(ctx), ctx.report),
    example: '<VirtualHost *:443>\n    SSLEngine on\n    SSLCipherSuit HIGH:!aNULL\n</VirtualHost>',
    useInstead: '<VirtualHost *:443>\n    SSLEngine on\n    SSLCipherSuite HIGH:!aNULL\n</VirtualHost>',
  },
  {
    ruleId: 'directive-context',
    dialect: 'apache',
    check: (ctx) => checkApacheContexts(placedApacheDirectives(ctx), ctx.report),
    example: '<VirtualHost *:443>\n    SSLSessionCache shmcb:${APACHE_RUN_DIR}/ssl_scache(512000)\n    <Directory /var/www/html>\n        SSLEngine on\n    </Directory>\n</VirtualHost>',
    useInstead: 'SSLSessionCache shmcb:${APACHE_RUN_DIR}/ssl_scache(512000)\n<VirtualHost *:443>\n    SSLEngine on\n    <Directory /var/www/html>\n    </Directory>\n</VirtualHost>',
  },
  {
    ruleId: 'directive-duplicate',
    dialect: 'apache',
    check: (ctx) => checkApacheDuplicates(placedApacheDirectives(ctx), ctx),
    // httpd accepts a TLS directive twice and keeps the last value (reported as a warning: the first one
    // is dead); it refuses the same Listen address twice (an error).
    example: 'Listen 443\nListen 443\n<VirtualHost *:443>\n    SSLProtocol -all +TLSv1.2 +TLSv1.3\n    SSLProtocol all\n</VirtualHost>',
    useInstead: 'Listen 443\n<VirtualHost *:443>\n    SSLProtocol -all +TLSv1.2 +TLSv1.3\n</VirtualHost>',
  },
];
