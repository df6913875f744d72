import type { Rule } from '../rule';
import { apache } from './helpers';
import { vhostLabel, type VhostAddress } from '../../model/apache/policy';
import { apacheLoadOrder, apachePhantomVhosts, type PhantomVhost } from '../../model/apache/focus';
import { mergeByOrder } from '../../model/sockets';
import type { Directive } from '../../syntax/tree';

/** The address:port key of a vhost address (`*` and `_default_` hosts are one wildcard). */
function key(host: string, port: number | null): string {
  return `${host === '_default_' ? '*' : host.toLowerCase()}:${port ?? '*'}`;
}

export const sniStrictCheck: Rule = {
  meta: {
    id: 'sni-strict-check',
    defaultSeverity: 'info',
    dialects: ['apache'],
    description: 'Apache name-based TLS virtual hosts without `SSLStrictSNIVHostCheck on` where the profile needs no non-SNI clients.',
    docs: {
      what: 'Reports an address:port shared by several TLS virtual hosts (name-based TLS) when `SSLStrictSNIVHostCheck on` is not in effect for the first (default) of them, under the `modern` and `intermediate` profiles: every client those profiles support sends SNI. The `old` profile still serves clients without SNI (Windows XP, Java 6), so it is not reported there.',
      why: 'With the check off, a client that sends no SNI is served by the first virtual host of the address with its certificate and settings, and can then send requests for the other names: access rules that rely on the TLS virtual host (client certificates, stricter ciphers) can be bypassed, and misconfigured clients fail late with a certificate name error instead of a clear handshake failure.',
      example: '<VirtualHost *:443>\n    ServerName a.example.com\n    SSLEngine on\n</VirtualHost>\n<VirtualHost *:443>\n    ServerName b.example.com\n    SSLEngine on\n</VirtualHost>',
      useInstead: 'SSLStrictSNIVHostCheck on\n<VirtualHost *:443>\n    ServerName a.example.com\n    SSLEngine on\n</VirtualHost>\n…',
      references: ['httpd mod_ssl: SSLStrictSNIVHostCheck', 'Mozilla Server Side TLS (client support per profile)'],
    },
    fixable: false,
    profileDependent: true,
  },
  check(ctx) {
    if (ctx.profile.name === 'old') return;
    const ws = ctx.workspace;
    // The TLS vhosts grouped per root and address:port, in load order; in a focused lint, merged with
    // the groups of the left-out files' vhosts (made once per run of keystrokes).
    const entries: Entry[] = [];
    apache(ws).vhosts.forEach((v, i) => {
      if (v.kind === 'virtualhost' && v.tls) entries.push({ rootFile: v.root.file, addresses: v.addresses, strictSni: v.strictSni.value, label: vhostLabel(v), directive: v.directive, order: apacheLoadOrder(ws, v, i), linted: true });
    });
    const phantoms = phantomGroups(apachePhantomVhosts(ws));
    // With left-out vhosts, every list is in load order; without, in the model's order (the same in a full lint).
    if (phantoms.size) entries.sort((a, b) => a.order - b.order);
    const own = groupEntries(entries);
    for (const root of ws.roots) {
      const mine = own.get(root.file);
      const theirs = phantoms.get(root.file);
      // A group can be reported only when its first vhost is one of the lint's: that vhost put the
      // address in `mine`, so `mine`'s order is the order a full lint's grouping meets them in.
      for (const [addr, a] of mine ?? []) {
        const b = theirs?.get(addr);
        const list = b ? mergeByOrder(a, b) : a;
        if (list.length < 2) continue;
        const first = list[0];
        // A left-out vhost's finding is in a file the focused lint does not report on.
        if (first.strictSni || !first.linted) continue;
        ctx.report({
          file: first.directive.file,
          range: first.directive.nameRange,
          message: `${list.length} TLS virtual hosts share ${addr} and SSLStrictSNIVHostCheck is off: clients without SNI get ${first.label} and may then ask for the other names; every client of the ${ctx.profile.name} profile sends SNI, so set SSLStrictSNIVHostCheck on`,
          related: list.slice(1).map(noteOf),
          rootFile: root.fragment ? undefined : root.file,
        });
      }
    }
  },
};

/** Entries grouped per root file and address:port, each group in the entries' order (a vhost once per group). */
function groupEntries(entries: Entry[]): Map<string, Map<string, Entry[]>> {
  const byRoot = new Map<string, Map<string, Entry[]>>();
  for (const e of entries) {
    let groups = byRoot.get(e.rootFile);
    if (!groups) byRoot.set(e.rootFile, (groups = new Map()));
    for (const a of e.addresses) {
      const k = key(a.host, a.port);
      const g = groups.get(k);
      // A vhost's addresses come together: it is in the group already only if it was the last added.
      if (!g) groups.set(k, [e]);
      else if (g[g.length - 1] !== e) g.push(e);
    }
  }
  return byRoot;
}

const phantomGroupCache = new WeakMap<readonly PhantomVhost[], Map<string, Map<string, Entry[]>>>();

/** The left-out TLS vhosts' groups, once per list of phantom vhosts (the same list for a run of keystrokes). */
function phantomGroups(phantoms: readonly PhantomVhost[]): Map<string, Map<string, Entry[]>> {
  let groups = phantomGroupCache.get(phantoms);
  if (!groups) {
    const entries: Entry[] = [];
    for (const p of phantoms) if (p.tls) entries.push({ rootFile: p.root.file, addresses: p.summary.addresses, strictSni: p.summary.strictSni, label: p.summary.label, directive: p.summary.block, order: p.order, linted: false });
    entries.sort((a, b) => a.order - b.order);
    phantomGroupCache.set(phantoms, (groups = groupEntries(entries)));
  }
  return groups;
}

const notes = new WeakMap<Entry, { file: string; range: Directive['range']; message: string }>();

/** The related note naming a vhost; a left-out vhost's is made once per run of keystrokes. */
function noteOf(v: Entry): { file: string; range: Directive['range']; message: string } {
  if (v.linted) return { file: v.directive.file, range: v.directive.nameRange, message: v.label };
  let note = notes.get(v);
  if (!note) notes.set(v, (note = { file: v.directive.file, range: v.directive.nameRange, message: v.label }));
  return note;
}

/** A TLS vhost as this rule groups it (a real one, or one of a file a focused lint left out). */
interface Entry {
  /** Roots are compared by file: left-out vhosts' entries outlive the lint that made them. */
  rootFile: string;
  addresses: VhostAddress[];
  strictSni: boolean;
  label: string;
  directive: Directive;
  order: number;
  /** A vhost of the lint's model (not a left-out file's). */
  linted: boolean;
}
