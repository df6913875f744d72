// Apache httpd's part of focused lints (see ../focus.ts). A file whose top level holds only <VirtualHost>
// sections (Debian's sites-enabled/*.conf) sets nothing the server config or other vhosts inherit, so a
// focused lint may leave it out. What other files' findings still need from it is what the socket rules
// compare across vhosts (sni-duplicate-name, sni-no-default, sni-default-cert-mismatch,
// listen-ssl-missing, listen-options-conflict, sni-strict-check): each vhost's addresses, names, whether
// it speaks TLS and where it comes in load order. Those are summarised from the full lint's model, so
// included snippets and conditional sections count the way they did there.
//
// Conservative on purpose: a file is not isolated when it defines anything process-wide (Define,
// UnDefine, <Macro>, Use), when a vhost address or a ServerName/ServerAlias/SSLEngine argument holds a
// `${VAR}` (a Define in another file could change it), or when one of those directives sits in a
// conditional section (whose outcome another file decides).

import type { Range } from '../../types';
import { plainDirective, type Directive, type ParsedFile } from '../../syntax/tree';
import type { BlockContext, RootContext, Workspace } from '../workspace';
import { leftOutSignature, type Focus } from '../focus';
import { APACHE_CONDITIONAL_SECTIONS } from '../../docs/apacheDirectives';
import { apacheCached, apacheServerEngine, vhostLabel, type ApacheVhost, type VhostAddress } from './policy';

/** A <VirtualHost> of a left-out file, as the socket rules need it (no body: the tree is dropped). */
export interface ApacheVhostSummary {
  /** The <VirtualHost> directive without its body. */
  block: Directive;
  addresses: VhostAddress[];
  names: { name: string; file: string; range: Range }[];
  /** The SSLEngine value set inside the vhost; undefined when the server config's applies. */
  ownEngine?: string;
  /** SSLStrictSNIVHostCheck in effect at the full lint. */
  strictSni: boolean;
  label: string;
}

const GLOBAL_EFFECT = new Set(['define', 'undefine', 'macro', 'use', 'undefmacro']);
const SUMMARISED = new Set(['servername', 'serveralias', 'sslengine']);

/** Only <VirtualHost> sections at the top level, and nothing the conservative checks above refuse. */
export function isIsolatedApacheFile(parsed: ParsedFile): boolean {
  if (parsed.dialect !== 'apache' || !parsed.directives.length) return false;
  for (const d of parsed.directives) {
    if (d.lname !== 'virtualhost' || !d.block || d.args.some((a) => a.text.includes('${'))) return false;
  }
  const stack: { list: Directive[]; conditional: boolean }[] = parsed.directives.map((d) => ({ list: d.block ?? [], conditional: false }));
  while (stack.length) {
    const { list, conditional } = stack.pop()!;
    for (const d of list) {
      if (GLOBAL_EFFECT.has(d.lname)) return false;
      if (SUMMARISED.has(d.lname) && (conditional || d.args.some((a) => a.text.includes('${')))) return false;
      if (d.block) stack.push({ list: d.block, conditional: conditional || APACHE_CONDITIONAL_SECTIONS.has(d.lname) });
    }
  }
  return true;
}

function within(ctx: BlockContext | undefined, outer: BlockContext): boolean {
  for (let c = ctx; c; c = c.parent) if (c === outer) return true;
  return false;
}

/**
 * The summaries of an isolated file's vhosts from a lint's model; undefined when the model does not show
 * each of them exactly once (a file read twice, or by no root, is not left out).
 */
export function apacheVhostSummaries(ws: Workspace, parsed: ParsedFile): ApacheVhostSummary[] | undefined {
  const out: ApacheVhostSummary[] = [];
  for (const v of apacheCached(ws).vhosts) {
    if (v.kind !== 'virtualhost' || v.directive.file !== parsed.file) continue;
    out.push(summarise(v));
  }
  if (out.length !== parsed.directives.length) return undefined;
  return out;
}

function summarise(v: ApacheVhost): ApacheVhostSummary {
  const engineItem = v.engine.item;
  return {
    block: plainDirective(v.directive, undefined),
    addresses: v.addresses,
    names: v.names.map((n) => ({ name: n.name, file: n.item.directive.file, range: n.range })),
    ownEngine: engineItem && within(engineItem.ctx, v.ctx) ? v.engine.value : undefined,
    strictSni: v.strictSni.value,
    label: vhostLabel(v),
  };
}

/** A vhost of a left-out file, placed back in the root that skipped it. */
export interface PhantomVhost {
  /**
   * The root that skipped its file. The list is kept for a run of keystrokes (see apachePhantomVhosts):
   * this may be an earlier lint's RootContext for the same root file, so compare roots by `file`.
   */
  root: RootContext;
  summary: ApacheVhostSummary;
  tls: boolean;
  /** Load order, comparable with apacheLoadOrder's. */
  order: number;
}

const isTlsEngine = (value: string) => ['on', 'optional'].includes(value.toLowerCase());

const phantomsOfWorkspace = new WeakMap<Workspace, PhantomVhost[]>();

/**
 * Per focus: the phantom vhosts, with what they were made from (the left-out files and each root's
 * server-wide SSLEngine, which decides `tls` for vhosts without their own). The same array comes back
 * for every lint of a run of keystrokes, so what rules derive from it can be made once (WeakMaps keyed
 * by it, or by model/sockets.ts's `Socket.leftOut` lists made from it).
 */
const phantomsOfFocus = new WeakMap<Focus, { key: string; vhosts: PhantomVhost[] }>();

/** The vhosts of the files a focused lint left out (none in a full lint). */
export function apachePhantomVhosts(ws: Workspace): PhantomVhost[] {
  const cached = phantomsOfWorkspace.get(ws);
  if (cached) return cached;
  const focus = ws.focus;
  let out: PhantomVhost[] = [];
  if (focus?.vhosts) {
    const roots: [RootContext, Set<string>][] = [];
    for (const [rootFile, files] of ws.skipped) {
      const root = ws.roots.find((r) => r.file === rootFile);
      if (root && root.dialect === 'apache') roots.push([root, files]);
    }
    const key = `${leftOutSignature(ws)}\u0001${roots.map(([root]) => `${root.file}\u0000${apacheServerEngine(root)}`).join('\u0000')}`;
    const known = phantomsOfFocus.get(focus);
    if (known && known.key === key) out = known.vhosts;
    else {
      for (const [root, files] of roots) {
        const serverEngine = apacheServerEngine(root);
        for (const file of files) {
          focus.vhosts(file).forEach((summary, j) => {
            out.push({ root, summary, tls: isTlsEngine(summary.ownEngine ?? serverEngine), order: (focus.rank(file) ?? 1e6) * 1e6 + j });
          });
        }
      }
      phantomsOfFocus.set(focus, { key, vhosts: out });
    }
  }
  phantomsOfWorkspace.set(ws, out);
  return out;
}

/**
 * Where the `index`-th vhost of the model comes in load order: its index in a full lint; in a focused
 * lint, its file's place in the full lint's order first, so that real and summarised vhosts sort as
 * they would together.
 */
export function apacheLoadOrder(ws: Workspace, v: ApacheVhost, index: number): number {
  const focus = ws.focus;
  return focus ? (focus.rank(v.directive.file) ?? 1e6) * 1e6 + index : index;
}
