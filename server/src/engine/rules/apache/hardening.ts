// Apache's parts of the hardening, server-order and upstream rules: HSTS through mod_headers, session
// tickets, SSLHonorCipherOrder, SSLProxyVerify / SSLProxyCheckPeerName / SSLProxyCACertificate*.

import type { DialectCheck } from '../rule';
import type { Item } from '../../model/workspace';
import { fix, replaceArgs } from '../helpers';
import { argTexts } from '../../model/apache/support';
import { vhostLabel, type ApacheVhost } from '../../model/apache/policy';
import { apache, insertIntoVhost, once, tlsVhosts, vhostAnchor } from './helpers';

function rootFileOf(v: ApacheVhost): string | undefined {
  return v.root.fragment ? undefined : v.root.file;
}

/** Replace the value (first argument) of an on/off directive. */
function setFlag(item: Item, value: string) {
  const d = item.directive;
  return d.args[0] ? { file: d.file, range: d.args[0].range, newText: value } : replaceArgs(d, value);
}

const cipherServerOrder: DialectCheck = {
  ruleId: 'cipher-server-order',
  dialect: 'apache',
  example: 'SSLHonorCipherOrder on',
  useInstead: 'SSLHonorCipherOrder off',
  check(ctx) {
    const want = ctx.profile.serverPreferredOrder;
    const wantText = want ? 'on' : 'off';
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      const h = v.honorOrder;
      if (h.value === want) continue;
      if (h.item) {
        const d = h.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        ctx.report({
          file: d.file,
          range: d.args[0]?.range ?? d.nameRange,
          message: `${d.lname === 'sslhonorcipherorder' ? 'SSLHonorCipherOrder' : 'server cipher preference (SSLOpenSSLConfCmd Options)'} is ${h.value ? 'on' : 'off'}; the ${ctx.profile.name} profile says ${wantText} (${want ? 'the server picks the suite' : 'the client picks among strong suites'})`,
          fixes: d.lname === 'sslhonorcipherorder' ? fix(`Set SSLHonorCipherOrder ${wantText}`, 'safe', [setFlag(h.item, wantText)]) : [],
          rootFile: rootFileOf(v),
        });
      } else {
        ctx.report({
          ...vhostAnchor(v),
          message: `SSLHonorCipherOrder is off by default in ${vhostLabel(v)}; the ${ctx.profile.name} profile wants the server to pick the suite`,
          fixes: fix('Add "SSLHonorCipherOrder on" to this virtual host', 'safe', [insertIntoVhost(ctx.workspace, v, ['SSLHonorCipherOrder on'])]),
        });
      }
    }
  },
};

const sessionTickets: DialectCheck = {
  ruleId: 'session-tickets',
  dialect: 'apache',
  example: 'SSLSessionTickets on',
  useInstead: 'SSLSessionTickets off',
  check(ctx) {
    if (ctx.profile.sessionTickets) return;
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      const t = v.sessionTickets;
      if (!t.value) continue;
      const why = 'httpd keeps the ticket key it makes at startup until the next restart (an SSLSessionTicketKeyFile until the file is replaced): nothing rotates it';
      if (t.item) {
        const d = t.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        ctx.report({
          file: d.file,
          range: d.args[0]?.range ?? d.nameRange,
          message: `session tickets are on and ${why}: a leaked ticket key decrypts recorded sessions`,
          fixes: d.lname === 'sslsessiontickets' ? fix('Set SSLSessionTickets off', 'safe', [setFlag(t.item, 'off')]) : [],
          rootFile: rootFileOf(v),
        });
      } else {
        ctx.report({
          ...vhostAnchor(v),
          message: `session tickets are on by default in ${vhostLabel(v)} and ${why}: a leaked ticket key decrypts recorded sessions`,
          fixes: fix('Add "SSLSessionTickets off" to this virtual host', 'safe', [insertIntoVhost(ctx.workspace, v, ['SSLSessionTickets off'])]),
        });
      }
    }
  },
};

/** Header directives that set HSTS (not `unset`). */
function hstsSet(v: ApacheVhost) {
  return v.hsts.filter((h) => h.action !== 'unset' && h.action !== 'edit' && h.action !== 'edit*' && h.action !== 'echo');
}

function hstsValue(maxAge: number): string {
  return `"max-age=${maxAge}"`;
}

const hstsMissing: DialectCheck = {
  ruleId: 'hsts-missing',
  dialect: 'apache',
  example: '<VirtualHost *:443>\n    SSLEngine on\n    ...\n</VirtualHost>',
  useInstead: '<VirtualHost *:443>\n    SSLEngine on\n    Header always set Strict-Transport-Security "max-age=63072000"\n    ...\n</VirtualHost>',
  check(ctx) {
    const age = ctx.profile.hstsMinAge;
    for (const v of tlsVhosts(ctx.workspace)) {
      if (hstsSet(v).length) continue;
      ctx.report({
        ...vhostAnchor(v),
        message: `${vhostLabel(v)} sends no Strict-Transport-Security header: browsers keep trying plain HTTP first, where a network attacker can strip TLS`,
        fixes: fix('Add "Header always set Strict-Transport-Security" (needs mod_headers)', 'suggestion', [
          insertIntoVhost(ctx.workspace, v, [`Header always set Strict-Transport-Security ${hstsValue(age)}`]),
        ]),
      });
    }
  },
};

const hstsShort: DialectCheck = {
  ruleId: 'hsts-short',
  dialect: 'apache',
  example: 'Header always set Strict-Transport-Security "max-age=3600"',
  useInstead: 'Header always set Strict-Transport-Security "max-age=63072000"',
  check(ctx) {
    const min = ctx.profile.hstsMinAge;
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      for (const h of hstsSet(v)) {
        if (h.maxAge !== null && h.maxAge >= min) continue;
        const d = h.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        const texts = argTexts(d, h.item.ctx.root);
        const vi = texts.findIndex((t) => t.toLowerCase() === 'strict-transport-security') + 1;
        const arg = d.args[vi];
        const newValue = h.maxAge === null ? `max-age=${min}` : h.value.replace(/max-age\s*=\s*"?\d+"?/i, `max-age=${min}`);
        ctx.report({
          file: d.file,
          range: arg?.range ?? d.nameRange,
          message: h.maxAge === null
            ? `the Strict-Transport-Security value has no valid max-age: browsers ignore the header`
            : `HSTS max-age is ${h.maxAge} s (${Math.round(h.maxAge / 86400)} days), under the ${ctx.profile.name} profile's ${min} s: browsers forget the policy too soon`,
          fixes: arg ? fix(`Set max-age=${min}`, 'safe', [{ file: d.file, range: arg.range, newText: `"${newValue.replace(/["\\]/g, '\\$&')}"` }]) : [],
          rootFile: rootFileOf(v),
        });
      }
    }
  },
};

const hstsNotAlways: DialectCheck = {
  ruleId: 'hsts-not-always',
  dialect: 'apache',
  example: 'Header set Strict-Transport-Security "max-age=63072000"',
  useInstead: 'Header always set Strict-Transport-Security "max-age=63072000"',
  check(ctx) {
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      for (const h of hstsSet(v)) {
        if (h.always) continue;
        const d = h.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        const a0 = d.args[0];
        const isCondition = a0 && a0.text.toLowerCase() === 'onsuccess';
        ctx.report({
          file: d.file,
          range: d.nameRange,
          message: 'Header without `always` writes to the table of successful responses only: redirects and error responses go out without Strict-Transport-Security',
          fixes: a0
            ? fix('Use "Header always"', 'safe', [isCondition ? { file: d.file, range: a0.range, newText: 'always' } : { file: d.file, range: { start: a0.range.start, end: a0.range.start }, newText: 'always ' }])
            : [],
          rootFile: rootFileOf(v),
        });
      }
    }
  },
};

const hstsLost: DialectCheck = {
  ruleId: 'hsts-lost',
  dialect: 'apache',
  example: '<VirtualHost *:443>\n    Header always set Strict-Transport-Security "max-age=63072000"\n    <Location /app>\n        Header always unset Strict-Transport-Security\n    </Location>\n</VirtualHost>',
  check(ctx) {
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      if (!hstsSet(v).length || v.kind !== 'virtualhost') continue;
      const stack = [...v.ctx.items];
      while (stack.length) {
        const it = stack.pop()!;
        if (it.block) stack.push(...it.block.items);
        if (it.directive.lname !== 'header' || it.ctx.kind !== 'directory') continue;
        const t = argTexts(it.directive, it.ctx.root).map((x) => x.toLowerCase());
        const k = t[0] === 'always' || t[0] === 'onsuccess' ? 1 : 0;
        if (t[k] !== 'unset' || t[k + 1] !== 'strict-transport-security') continue;
        const d = it.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        const section = it.ctx.directive;
        ctx.report({
          file: d.file,
          range: d.nameRange,
          message: `this Header unset removes the virtual host's Strict-Transport-Security header for <${section?.name ?? 'section'}${section?.args.length ? ' ' + section.args.map((a) => a.text).join(' ') : ''}>`,
          rootFile: rootFileOf(v),
        });
      }
    }
  },
};

const proxyVerifyOff: DialectCheck = {
  ruleId: 'proxy-verify-off',
  dialect: 'apache',
  example: 'SSLProxyEngine on\nSSLProxyVerify none\nProxyPass / https://backend.internal/',
  useInstead: 'SSLProxyEngine on\nSSLProxyVerify require\nSSLProxyCACertificateFile /etc/ssl/certs/backend-ca.pem\nProxyPass / https://backend.internal/',
  check(ctx) {
    const first = once();
    for (const v of apache(ctx.workspace).vhosts) {
      const p = v.proxy;
      if (!p.engine.value || !p.httpsPasses.length) continue;
      const verify = p.verify.value.toLowerCase();
      if (verify === 'none' || verify === 'optional_no_ca') {
        const it = p.verify.item;
        const at = it ? { file: it.directive.file, range: it.directive.args[0]?.range ?? it.directive.nameRange } : { file: p.httpsPasses[0].item.directive.file, range: p.httpsPasses[0].urlArg.range };
        if (first(`${at.file}:${at.range.start.line}:${at.range.start.character}`)) {
          ctx.report({
            ...at,
            message: `${it ? `SSLProxyVerify ${p.verify.value}` : 'SSLProxyVerify is none by default'}: httpd does not verify the certificates of its https backends (${p.httpsPasses[0].url}), so anyone on the path can impersonate them`,
            fixes: it && (p.caFile || p.caPath) ? fix('Set SSLProxyVerify require', 'suggestion', [setFlag(it, 'require')]) : [],
            rootFile: rootFileOf(v),
          });
        }
      }
      for (const [val, label] of [[p.checkPeerName, 'SSLProxyCheckPeerName'], [p.checkPeerCN, 'SSLProxyCheckPeerCN']] as const) {
        if (val.value || !val.item) continue;
        const d = val.item.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        ctx.report({
          file: d.file,
          range: d.args[0]?.range ?? d.nameRange,
          message: `${label} off: httpd accepts any certificate name from its https backends (${p.httpsPasses[0].url})`,
          fixes: fix(`Set ${label} on`, 'suggestion', [setFlag(val.item, 'on')]),
          rootFile: rootFileOf(v),
        });
      }
    }
  },
};

const proxyVerifyNoCa: DialectCheck = {
  ruleId: 'proxy-verify-no-ca',
  dialect: 'apache',
  example: 'SSLProxyEngine on\nSSLProxyVerify require',
  useInstead: 'SSLProxyEngine on\nSSLProxyVerify require\nSSLProxyCACertificateFile /etc/ssl/certs/ca-certificates.crt',
  check(ctx) {
    const first = once();
    for (const v of apache(ctx.workspace).vhosts) {
      const p = v.proxy;
      const it = p.verify.item;
      if (!it || !['require', 'optional'].includes(p.verify.value.toLowerCase()) || p.caFile || p.caPath) continue;
      const d = it.directive;
      if (!first(`${d.file}:${d.range.start.line}`)) continue;
      ctx.report({
        file: d.file,
        range: d.args[0]?.range ?? d.nameRange,
        message: `SSLProxyVerify ${p.verify.value} with no SSLProxyCACertificateFile or SSLProxyCACertificatePath in effect: no backend certificate can be verified, every proxied https request fails`,
        fixes: fix('Insert "SSLProxyCACertificateFile /etc/ssl/certs/ca-certificates.crt"', 'suggestion', [
          { file: d.file, range: { start: d.range.end, end: d.range.end }, newText: '\n' + ' '.repeat(d.range.start.character) + 'SSLProxyCACertificateFile /etc/ssl/certs/ca-certificates.crt' },
        ]),
        rootFile: rootFileOf(v),
      });
    }
  },
};

export const APACHE_HARDENING_CHECKS: readonly DialectCheck[] = [cipherServerOrder, sessionTickets, hstsMissing, hstsShort, hstsNotAlways, hstsLost, proxyVerifyOff, proxyVerifyNoCa];
