// Apache's parts of the certificate rules. Most cert-* rules, dhparam-weak and the cipher rules judge
// Apache through its sites (./sites.ts): their checks here only register the dialect and its example.
// cert-missing, cert-key-missing, ocsp-*, and ssl-directive-deprecated read the vhost records.

import type { DialectCheck } from '../rule';
import { fix, insertLinesAfter } from '../helpers';
import { serverCertificates, certName } from '../certificateSites';
import { vhostLabel } from '../../model/apache/policy';
import { apacheQuote, insertIntoVhost, once, tlsVhosts, vhostAnchor } from './helpers';
import { apacheDirectiveItems, certServer, fileHoldsKey } from './sites';
import { argTexts } from '../../model/apache/support';
import { versionAtLeast } from '../../settings';

/** A rule that judges Apache through the shared sites: the check registers the dialect and its example. */
function viaSites(ruleId: string, example: string, useInstead?: string): DialectCheck {
  return { ruleId, dialect: 'apache', example, useInstead, check() {} };
}

const certMissing: DialectCheck = {
  ruleId: 'cert-missing',
  dialect: 'apache',
  example: '<VirtualHost *:443>\n    ServerName www.example.com\n    SSLEngine on\n</VirtualHost>',
  useInstead: '<VirtualHost *:443>\n    ServerName www.example.com\n    SSLEngine on\n    SSLCertificateFile    /etc/ssl/certs/www.example.com.pem\n    SSLCertificateKeyFile /etc/ssl/private/www.example.com.key\n</VirtualHost>',
  check(ctx) {
    for (const v of tlsVhosts(ctx.workspace)) {
      if (v.certificates.length) continue;
      const name = v.names.find((n) => n.name && !n.name.includes('*'))?.name ?? 'example.com';
      const base = name.replace(/[^A-Za-z0-9.-]/g, '_');
      ctx.report({
        ...vhostAnchor(v),
        message: `${vhostLabel(v)} has SSLEngine on but no SSLCertificateFile in effect: httpd refuses to start ("Server should be SSL-aware but has no certificate configured")`,
        fixes: fix('Insert SSLCertificateFile and SSLCertificateKeyFile (placeholder paths under ServerRoot to edit)', 'suggestion', [
          insertIntoVhost(ctx.workspace, v, [`SSLCertificateFile    tls/${base}.crt`, `SSLCertificateKeyFile tls/${base}.key`]),
        ]),
      });
    }
  },
};

const certKeyMissing: DialectCheck = {
  ruleId: 'cert-key-missing',
  dialect: 'apache',
  example: 'SSLCertificateFile /etc/ssl/certs/www.example.com.pem   # holds no private key',
  useInstead: 'SSLCertificateFile    /etc/ssl/certs/www.example.com.pem\nSSLCertificateKeyFile /etc/ssl/private/www.example.com.key',
  check(ctx) {
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      for (const c of v.certificates) {
        if (c.key) continue;
        // mod_ssl takes the key from the certificate file when no SSLCertificateKeyFile pairs with it.
        if (fileHoldsKey(ctx.workspace, v.root, c.certificateArg) !== false) continue;
        const d = c.certificate.directive;
        if (!first(`${d.file}:${d.range.start.line}`)) continue;
        const keyPath = c.certificateArg.text.replace(/\.(crt|pem|cer|cert)$/i, '') + '.key';
        ctx.report({
          file: d.file,
          range: c.certificateArg.range,
          message: `${c.certificateArg.text} holds no private key and no SSLCertificateKeyFile pairs with it: httpd refuses to start ("Private key not found")`,
          fixes: fix(`Insert "SSLCertificateKeyFile ${keyPath}"`, 'suggestion', [insertLinesAfter(ctx.workspace, d, [`SSLCertificateKeyFile ${apacheQuote(keyPath)}`])]),
          rootFile: v.root.fragment ? undefined : v.root.file,
        });
      }
    }
  },
};

const ocspNoResponder: DialectCheck = {
  ruleId: 'ocsp-no-responder',
  dialect: 'apache',
  example: 'SSLUseStapling on   # the certificate has no OCSP URL',
  useInstead: 'SSLUseStapling off',
  check(ctx) {
    const first = once();
    const byServer = new Map(tlsVhosts(ctx.workspace).map((v) => [certServer(v), v]));
    for (const sc of serverCertificates(ctx)) {
      if (sc.server.dialect !== 'apache') continue;
      const v = byServer.get(sc.server);
      if (!v || !v.stapling.value || !v.stapling.item) continue;
      if (sc.leaf.ocspUrls.length) continue;
      const d = v.stapling.item.directive;
      const arg = d.args[0];
      if (!arg || !first(`${d.file}:${d.range.start.line}|${sc.site.directive.file}:${sc.site.arg.range.start.line}`)) continue;
      ctx.report({
        file: d.file,
        range: arg.range,
        message: `SSLUseStapling is on, but the certificate "${certName(sc.leaf)}" (${sc.site.arg.text}) names no OCSP responder: mod_ssl staples nothing for it ("no OCSP responder URL in the certificate")`,
        related: [{ file: sc.site.directive.file, range: sc.site.arg.range, message: 'certificate without an OCSP URL' }],
        fixes: fix('Turn OCSP stapling off', 'suggestion', [{ file: d.file, range: arg.range, newText: 'off' }]),
        rootFile: v.root.fragment ? undefined : v.root.file,
      });
    }
  },
};

const ocspNoResolver: DialectCheck = {
  ruleId: 'ocsp-no-resolver',
  dialect: 'apache',
  example: 'SSLUseStapling on',
  useInstead: 'SSLStaplingCache shmcb:/var/run/ocsp(128000)\n<VirtualHost *:443>\n    SSLUseStapling on\n</VirtualHost>',
  check(ctx) {
    const first = once();
    for (const v of tlsVhosts(ctx.workspace)) {
      if (!v.stapling.value || !v.stapling.item || v.staplingCache) continue;
      const d = v.stapling.item.directive;
      if (!first(`${d.file}:${d.range.start.line}`)) continue;
      ctx.report({
        file: d.file,
        range: d.args[0]?.range ?? d.nameRange,
        message: 'SSLUseStapling is on but no SSLStaplingCache is configured (server config): httpd refuses to start ("SSLStapling: no stapling cache available")',
        rootFile: v.root.fragment ? undefined : v.root.file,
      });
    }
  },
};

const sslDirectiveDeprecated: DialectCheck = {
  ruleId: 'ssl-directive-deprecated',
  dialect: 'apache',
  example: 'SSLCertificateFile      /etc/ssl/certs/www.example.com.crt\nSSLCertificateChainFile /etc/ssl/certs/intermediate.crt',
  useInstead: 'SSLCertificateFile /etc/ssl/certs/www.example.com.fullchain.pem   # leaf, then intermediates',
  check(ctx) {
    for (const it of apacheDirectiveItems(ctx.workspace, ['sslcertificatechainfile'])) {
      const d = it.directive;
      ctx.report({
        file: d.file,
        range: d.nameRange,
        message: 'SSLCertificateChainFile is deprecated since httpd 2.4.8, and with several certificates it applies to all of them: append the intermediates to the SSLCertificateFile (leaf first) instead',
        rootFile: it.ctx.root.fragment ? undefined : it.ctx.root.file,
      });
    }
  },
};

/**
 * cipher-string-invalid's Apache part beyond the cipher string itself (judged through the sites): the
 * protocol argument of `SSLCipherSuite`/`SSLProxyCipherSuite` (httpd ≥ 2.4.36), which mod_ssl compares
 * case-sensitively with `SSL` and `TLSv1.3` and otherwise refuses ("protocol 'X' not supported").
 */
const cipherProtocolArgument: DialectCheck = {
  ruleId: 'cipher-string-invalid',
  dialect: 'apache',
  example: 'SSLCipherSuite ECDHE+NOPE\nSSLCipherSuite tlsv1.3 TLS_AES_128_GCM_SHA256',
  useInstead: 'SSLCipherSuite ECDHE+AESGCM\nSSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256',
  check(ctx) {
    const version = ctx.settings.targets.apache;
    for (const it of apacheDirectiveItems(ctx.workspace, ['sslciphersuite', 'sslproxyciphersuite'])) {
      const d = it.directive;
      if (d.args.length < 2) continue;
      const word = argTexts(d, it.ctx.root)[0];
      const rootFile = it.ctx.root.fragment ? undefined : it.ctx.root.file;
      if (!versionAtLeast(version, '2.4.36')) {
        ctx.report({
          file: d.file,
          range: d.args[0].range,
          message: `${d.name} takes a protocol argument only since httpd 2.4.36 (target ${version}): httpd refuses to start ("${d.name} takes 1 argument")`,
          rootFile,
        });
        continue;
      }
      if (word === 'SSL' || word === 'TLSv1.3') continue;
      const lw = word.toLowerCase();
      const replacement = lw === 'tlsv1.3' ? 'TLSv1.3' : lw === 'ssl' || /^(ssl|tls)v?1(\.[0-2])?$|^sslv3$/i.test(word) ? 'SSL' : undefined;
      ctx.report({
        file: d.file,
        range: d.args[0].range,
        message: `${word}: httpd refuses to start ("protocol '${word}' not supported"); the protocol argument is \`SSL\` (TLS 1.2 and below) or \`TLSv1.3\`, written exactly so`,
        fixes: replacement ? fix(`Replace with ${replacement}`, 'safe', [{ file: d.file, range: d.args[0].range, newText: replacement }]) : [],
        rootFile,
      });
    }
  },
};

export const APACHE_CERTIFICATE_CHECKS: readonly DialectCheck[] = [
  certMissing,
  certKeyMissing,
  ocspNoResponder,
  ocspNoResolver,
  sslDirectiveDeprecated,
  viaSites('cert-file-not-found', 'SSLCertificateFile /etc/ssl/certs/missing.pem'),
  viaSites('cert-unreadable', 'SSLCertificateFile /etc/ssl/certs/not-a-certificate.txt'),
  viaSites('cert-expired', 'SSLCertificateFile /etc/ssl/certs/expired.pem'),
  viaSites('cert-expiring', 'SSLCertificateFile /etc/ssl/certs/expires-next-week.pem'),
  viaSites('cert-not-yet-valid', 'SSLCertificateFile /etc/ssl/certs/from-2040.pem'),
  viaSites('cert-key-mismatch', 'SSLCertificateFile    /etc/ssl/certs/a.example.com.pem\nSSLCertificateKeyFile /etc/ssl/private/b.example.com.key'),
  viaSites('cert-chain-order', 'SSLCertificateFile /etc/ssl/certs/intermediate-then-leaf.pem'),
  viaSites('cert-chain-incomplete', 'SSLCertificateFile /etc/ssl/certs/leaf-without-intermediate.pem'),
  viaSites('cert-self-signed', 'SSLCertificateFile /etc/ssl/certs/self-signed.pem'),
  viaSites('cert-hostname-mismatch', 'ServerName shop.example.com\nSSLCertificateFile /etc/ssl/certs/www.example.com.pem'),
  viaSites('cert-weak-key', 'SSLCertificateFile /etc/ssl/certs/rsa1024.pem'),
  viaSites('cert-weak-signature', 'SSLCertificateFile /etc/ssl/certs/sha1-signed.pem'),
  viaSites('dhparam-weak', 'SSLOpenSSLConfCmd DHParameters /etc/ssl/dh1024.pem', 'SSLOpenSSLConfCmd DHParameters /etc/ssl/ffdhe2048.pem'),
  cipherProtocolArgument,
  viaSites('cipher-unknown-name', 'SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA265:HIGH', 'SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256:HIGH'),
  // cipher-insecure does not apply to Apache: mod_ssl appends :!aNULL:!eNULL:!EXP to every TLS ≤ 1.2 string
  // and OpenSSL 3.0 has no RC4, DES, RC2 or MD5-MAC suite, so httpd cannot offer an insecure suite.
  viaSites('cipher-sweet32', 'SSLCipherSuite HIGH:3DES'),
  viaSites('cipher-no-forward-secrecy', 'SSLCipherSuite AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256'),
  viaSites('cipher-cbc', 'SSLCipherSuite ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256'),
  viaSites('cipher-tls13-in-list', 'SSLCipherSuite TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256', 'SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256\nSSLCipherSuite TLSv1.3 TLS_AES_128_GCM_SHA256'),
  viaSites('cipher-no-usable-suite', 'SSLProtocol -all +TLSv1 +TLSv1.1\nSSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256'),
  viaSites('curve-unsupported', 'SSLOpenSSLConfCmd Curves X25519MLKEM768:X25519', 'SSLOpenSSLConfCmd Curves ?X25519MLKEM768:X25519'),
  viaSites('weak-curves', 'SSLOpenSSLConfCmd Curves secp192r1:prime256v1', 'SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1'),
];
