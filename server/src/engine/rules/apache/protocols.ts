// Apache's parts of the protocol rules: SSLProtocol / SSLProxyProtocol as mod_ssl parses them (+/- words,
// `all` per OpenSSL build, last directive of a level wins) and the vhosts left on mod_ssl's default.

import type { DialectCheck, RuleContext } from '../rule';
import type { Item, Workspace } from '../../model/workspace';
import { DEPRECATED_PROTOCOLS, INSECURE_PROTOCOLS, nearestProtocol, protocolLabel, type ProtocolName } from '../../tls/protocols';
import { opensslSupports } from '../../tls/protocols';
import { parsedProtocolsOf, vhostLabel, type ApacheVhost, type ProtocolToken } from '../../model/apache/policy';
import { fix, replaceArgs } from '../helpers';
import { apache, apacheProtocolValue, insertIntoVhost, moveTrailingComment, tlsVhosts, vhostAnchor } from './helpers';
import { apacheDirectiveItems } from './sites';

interface ProtocolDirective {
  item: Item;
  side: 'server' | 'upstream';
  tokens: ProtocolToken[];
  versions: ProtocolName[];
}

const parsedDirectives = new WeakMap<Workspace, Map<string, ProtocolDirective[]>>();

/** Every SSLProtocol / SSLProxyProtocol, parsed once per workspace and target OpenSSL (six rules read them). */
function protocolDirectives(ctx: RuleContext): ProtocolDirective[] {
  const openssl = ctx.settings.targets.openssl;
  let byTarget = parsedDirectives.get(ctx.workspace);
  if (!byTarget) parsedDirectives.set(ctx.workspace, (byTarget = new Map()));
  const cached = byTarget.get(openssl);
  if (cached) return cached;
  const out: ProtocolDirective[] = apacheDirectiveItems(ctx.workspace, ['sslprotocol', 'sslproxyprotocol']).map((item) => {
    const parsed = parsedProtocolsOf(item, openssl);
    return { item, side: item.directive.lname === 'sslprotocol' ? 'server' : 'upstream', tokens: parsed.tokens, versions: parsed.versions };
  });
  byTarget.set(openssl, out);
  return out;
}

function rootFile(item: Item): string | undefined {
  return item.ctx.root.fragment ? undefined : item.ctx.root.file;
}

/** Delete one argument and the blank before it. */
function deleteArg(item: Item, i: number) {
  const d = item.directive;
  const prev = i > 0 ? d.args[i - 1].range.end : d.nameRange.end;
  return { file: d.file, range: { start: prev, end: d.args[i].range.end }, newText: '' };
}

const protocolInsecure: DialectCheck = {
  ruleId: 'protocol-insecure',
  dialect: 'apache',
  example: 'SSLProtocol all +SSLv3',
  useInstead: 'SSLProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    const openssl = ctx.settings.targets.openssl;
    // (Once, not per directive: a version comparison of two strings.)
    const withSslv3 = opensslSupports(openssl, 'SSLv3');
    for (const pd of protocolDirectives(ctx)) {
      if (pd.side !== 'server') continue;
      const d = pd.item.directive;
      pd.tokens.forEach((t, i) => {
        const lw = t.word.toLowerCase();
        if ((lw !== 'sslv2' && lw !== 'sslv3') || t.action === '-') return;
        const refused = t.rejected ? `: httpd refuses to start ("${t.rejected}")` : ': broken since POODLE (RFC 7568)';
        const rest = pd.tokens.filter((_x, k) => k !== i);
        ctx.report({
          file: d.file,
          range: t.arg.range,
          message: `${t.arg.text} enables ${lw === 'sslv2' ? 'SSL 2.0' : 'SSL 3.0'}${refused}; remove it`,
          fixes: rest.length ? fix(`Remove ${t.arg.text}`, 'safe', [deleteArg(pd.item, i)]) : fix('Set SSLProtocol -all +TLSv1.2 +TLSv1.3', 'safe', [replaceArgs(d, apacheProtocolValue(ctx.profile.tlsVersions))]),
          rootFile: rootFile(pd.item),
        });
      });
      // An OpenSSL built with SSLv3 (before 1.1.0): `all` includes it.
      if (withSslv3 && pd.versions.some((p) => INSECURE_PROTOCOLS.has(p))) {
        const t = pd.tokens.find((x) => x.word.toLowerCase() === 'all' && x.action !== '-');
        if (t) {
          ctx.report({
            file: d.file,
            range: t.arg.range,
            message: `\`all\` includes SSL 3.0 with OpenSSL ${openssl} and nothing removes it: broken since POODLE (RFC 7568)`,
            fixes: fix('Add -SSLv3', 'safe', [{ file: d.file, range: { start: d.args[d.args.length - 1].range.end, end: d.args[d.args.length - 1].range.end }, newText: ' -SSLv3' }]),
            rootFile: rootFile(pd.item),
          });
        }
      }
    }
  },
};

const protocolUnknown: DialectCheck = {
  ruleId: 'protocol-unknown',
  dialect: 'apache',
  example: 'SSLProtocol -all +TLSv1.2 +TLS1.3',
  useInstead: 'SSLProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    for (const pd of protocolDirectives(ctx)) {
      const d = pd.item.directive;
      const hash = pd.tokens.findIndex((t) => t.action === '' && t.arg.text.startsWith('#') && !t.arg.quoted);
      if (hash >= 0) {
        const t = pd.tokens[hash];
        ctx.report({
          file: d.file,
          range: { start: t.arg.range.start, end: d.args[d.args.length - 1].range.end },
          message: `a comment after the arguments is read as protocol words: httpd refuses to start ("${t.rejected ?? `${d.name}: Illegal protocol '${t.word}'`}"); comments go on their own line`,
          fixes: fix('Move the comment to its own line', 'safe', moveTrailingComment(ctx.workspace, d, hash)),
          rootFile: rootFile(pd.item),
        });
      }
      for (const t of hash >= 0 ? pd.tokens.slice(0, hash) : pd.tokens) {
        const lw = t.word.toLowerCase();
        if (!t.rejected || lw === 'sslv2' || lw === 'sslv3') continue;
        const near = lw === 'tlsv1.3' ? undefined : nearestProtocol(t.word);
        const replacement = near && near !== 'SSLv2' && near !== 'SSLv3' ? `${t.action}${near}` : undefined;
        ctx.report({
          file: d.file,
          range: t.arg.range,
          message: `${t.arg.text}: httpd refuses to start ("${t.rejected}")${lw === 'tlsv1.3' ? ': the target OpenSSL has no TLS 1.3' : ''}; known words: all, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, each with an optional + or -`,
          fixes: replacement ? fix(`Replace with ${replacement}`, 'safe', [{ file: d.file, range: t.arg.range, newText: replacement }]) : [],
          rootFile: rootFile(pd.item),
        });
      }
    }
  },
};

const protocolNone: DialectCheck = {
  ruleId: 'protocol-none',
  dialect: 'apache',
  example: 'SSLProtocol -all',
  useInstead: 'SSLProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    const wanted = apacheProtocolValue(ctx.profile.tlsVersions);
    for (const pd of protocolDirectives(ctx)) {
      if (pd.versions.length || pd.tokens.some((t) => t.rejected)) continue;
      const d = pd.item.directive;
      ctx.report({
        file: d.file,
        range: { start: d.args[0]?.range.start ?? d.nameRange.start, end: d.args[d.args.length - 1]?.range.end ?? d.nameRange.end },
        message: `${d.name} leaves no protocol version enabled: httpd refuses to start ("No SSL protocols available [hint: SSLProtocol]")`,
        fixes: fix(`Set the ${ctx.profile.name} protocols (${wanted})`, 'suggestion', [replaceArgs(d, wanted)]),
        rootFile: rootFile(pd.item),
      });
    }
  },
};

function flaggedVersions(versions: ProtocolName[], allowed: Set<string>): ProtocolName[] {
  return versions.filter((p) => DEPRECATED_PROTOCOLS.has(p) && !allowed.has(p));
}

const protocolDeprecated: DialectCheck = {
  ruleId: 'protocol-deprecated',
  dialect: 'apache',
  example: 'SSLProtocol all -SSLv3',
  useInstead: 'SSLProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    const allowed = new Set(ctx.profile.tlsVersions);
    const wanted = apacheProtocolValue(ctx.profile.tlsVersions);
    // The TLS vhosts by the SSLProtocol in effect for them, in vhost order.
    const usersOf = new Map<unknown, ApacheVhost[]>();
    for (const v of tlsVhosts(ctx.workspace)) {
      const key = v.protocols.item?.directive;
      if (!key) continue;
      const list = usersOf.get(key);
      if (list) list.push(v);
      else usersOf.set(key, [v]);
    }
    for (const pd of protocolDirectives(ctx)) {
      if (pd.side !== 'server') continue;
      let flagged = flaggedVersions(pd.versions, allowed);
      // SSLOpenSSLConfCmd MinProtocol/Protocol may disable them again in every vhost using this directive.
      const users = usersOf.get(pd.item.directive) ?? [];
      if (users.length) flagged = flagged.filter((p) => users.some((v) => v.protocols.value.includes(p)));
      if (!flagged.length) continue;
      const d = pd.item.directive;
      // The words that enable them: the last non-removing word naming one of them.
      const enabling = pd.tokens.filter((t) => t.action !== '-' && t.versions?.some((v) => flagged.includes(v)));
      const at = enabling[enabling.length - 1]?.arg.range ?? d.args[0]?.range ?? d.nameRange;
      ctx.report({
        file: d.file,
        range: at,
        message: `${flagged.map(protocolLabel).join(' and ')} ${flagged.length > 1 ? 'are' : 'is'} enabled (SSLProtocol ${d.args.map((a) => a.text).join(' ')}): deprecated by RFC 8996 and outside the ${ctx.profile.name} profile (${ctx.profile.tlsVersions.join(' ')})`,
        fixes: fix(`Set the ${ctx.profile.name} protocols (${wanted})`, 'suggestion', [replaceArgs(d, wanted)]),
        rootFile: rootFile(pd.item),
      });
    }
    for (const v of tlsVhosts(ctx.workspace)) {
      if (v.protocols.item) continue;
      const flagged = flaggedVersions(v.protocols.value, allowed);
      if (!flagged.length) continue;
      ctx.report({
        ...vhostAnchor(v),
        message: `no SSLProtocol is in effect for ${vhostLabel(v)}, so the ${v.protocols.defaultNote} applies (${v.protocols.value.join(' ')} with OpenSSL ${ctx.settings.targets.openssl}): ${flagged.map(protocolLabel).join(' and ')} stay enabled, deprecated by RFC 8996`,
        fixes: fix(`Add "SSLProtocol ${wanted}" to this virtual host`, 'suggestion', [insertIntoVhost(ctx.workspace, v, [`SSLProtocol ${wanted}`])]),
      });
    }
  },
};

const protocolTls13Missing: DialectCheck = {
  ruleId: 'protocol-tls13-missing',
  dialect: 'apache',
  example: 'SSLProtocol -all +TLSv1.2',
  useInstead: 'SSLProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    if (!ctx.profile.tlsVersions.includes('TLSv1.3') || !opensslSupports(ctx.settings.targets.openssl, 'TLSv1.3')) return;
    for (const pd of protocolDirectives(ctx)) {
      if (pd.side !== 'server' || !pd.versions.length || pd.versions.includes('TLSv1.3') || pd.tokens.some((t) => t.rejected)) continue;
      const d = pd.item.directive;
      const last = d.args[d.args.length - 1];
      ctx.report({
        file: d.file,
        range: { start: d.args[0].range.start, end: last.range.end },
        message: `TLS 1.3 is not enabled (SSLProtocol ${d.args.map((a) => a.text).join(' ')}); the ${ctx.profile.name} profile includes it: faster handshakes and only AEAD suites with forward secrecy`,
        fixes: fix('Add +TLSv1.3', 'safe', [{ file: d.file, range: { start: last.range.end, end: last.range.end }, newText: ' +TLSv1.3' }]),
        rootFile: rootFile(pd.item),
      });
    }
  },
};

const proxyProtocolDeprecated: DialectCheck = {
  ruleId: 'proxy-protocol-deprecated',
  dialect: 'apache',
  example: 'SSLProxyProtocol all',
  useInstead: 'SSLProxyProtocol -all +TLSv1.2 +TLSv1.3',
  check(ctx) {
    const wanted = apacheProtocolValue(['TLSv1.2', 'TLSv1.3']);
    const bad = (p: ProtocolName) => DEPRECATED_PROTOCOLS.has(p) || INSECURE_PROTOCOLS.has(p);
    for (const pd of protocolDirectives(ctx)) {
      if (pd.side !== 'upstream') continue;
      const flagged = pd.versions.filter(bad);
      if (!flagged.length) continue;
      const d = pd.item.directive;
      const enabling = pd.tokens.filter((t) => t.action !== '-' && t.versions?.some((v) => flagged.includes(v)));
      ctx.report({
        file: d.file,
        range: enabling[enabling.length - 1]?.arg.range ?? d.args[0]?.range ?? d.nameRange,
        message: `upstream TLS allows ${flagged.map(protocolLabel).join(' and ')} (SSLProxyProtocol ${d.args.map((a) => a.text).join(' ')}): a downgrade to a deprecated version stays possible toward the backends`,
        fixes: fix(`Set SSLProxyProtocol ${wanted}`, 'suggestion', [replaceArgs(d, wanted)]),
        rootFile: rootFile(pd.item),
      });
    }
    // Vhosts that proxy to https:// on mod_ssl's default.
    for (const v of apache(ctx.workspace).vhosts) {
      const p = v.proxy;
      if (p.protocolItem || !p.engine.value || !p.httpsPasses.length) continue;
      const flagged = p.protocols.value.filter(bad);
      if (!flagged.length) continue;
      const pass = p.httpsPasses[0];
      ctx.report({
        file: pass.item.directive.file,
        range: pass.urlArg.range,
        message: `no SSLProxyProtocol is in effect, so the ${p.protocols.defaultNote} applies toward ${pass.url}: ${flagged.map(protocolLabel).join(' and ')} stay allowed`,
        fixes: fix(`Add "SSLProxyProtocol ${wanted}"`, 'suggestion', [insertIntoVhost(ctx.workspace, v, [`SSLProxyProtocol ${wanted}`])]),
        rootFile: v.root.fragment ? undefined : v.root.file,
      });
    }
  },
};

export const APACHE_PROTOCOL_CHECKS: readonly DialectCheck[] = [protocolInsecure, protocolDeprecated, protocolTls13Missing, protocolUnknown, protocolNone, proxyProtocolDeprecated];
