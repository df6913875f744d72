import type { Rule } from './rule';
import { cipherSites, profileStringFix, siteLabel, spanRange, tls13Sites, type CipherSite } from './cipherSites';
import { fix, nginxQuote } from './helpers';
import { distinctStrings } from './cipherVerdicts';

/**
 * What the server does when OpenSSL refuses its cipher string: nginx -t fails; httpd passes -t but
 * mod_ssl stops it at start-up ("Fatal error initialising mod_ssl"); squid -k parse ends in FATAL, for an
 * https_port and for tls_outgoing_options alike.
 */
function refusal(site: CipherSite): string {
  return site.dialect === 'apache' ? 'httpd fails to start' : site.dialect === 'squid' ? 'Squid stops' : 'nginx fails to start';
}

export const cipherStringInvalid: Rule = {
  meta: {
    id: 'cipher-string-invalid',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'The cipher string selects no cipher at all or has a syntax error: the server fails to start.',
    docs: {
      what: 'Expands every `ssl_ciphers` (and `proxy_ssl_ciphers`, `grpc_ssl_ciphers`, `uwsgi_ssl_ciphers`) string exactly as OpenSSL 3.0 does and reports strings OpenSSL rejects: a syntax error (an operator without a name, `::!`), an unknown `@` command or a bad `@SECLEVEL`, or a valid string that selects no TLS 1.2-or-lower suite at all ("no cipher match"); likewise an `ssl_conf_command Ciphersuites` value that names no TLS 1.3 suite OpenSSL knows.',
      why: 'nginx hands the string to `SSL_CTX_set_cipher_list`; when OpenSSL refuses it, `nginx -t` fails with "SSL_CTX_set_cipher_list(...) failed (SSL: error:...:no cipher match)" and the server does not start or reload. Typical causes: only TLS 1.3 names in `ssl_ciphers`, only names this OpenSSL build lacks (RC4, 3DES), or exclusions that remove everything.',
      example: 'ssl_ciphers TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384;',
      useInstead: 'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256;\nssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384;',
      fix: 'Sets the profile\'s cipher string. A suggestion: it decides which suites clients can use.',
      references: ['OpenSSL ciphers(1)', 'nginx ssl_ciphers', 'Mozilla Server Side TLS'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    const invalid = (site: CipherSite) => site.expansion.errors.length > 0 || site.expansion.noCipherMatch;
    const sites = distinctStrings(ctx.workspace).some(invalid) ? cipherSites(ctx.workspace) : [];
    for (const site of sites) {
      const x = site.expansion;
      if (!invalid(site)) continue;
      const fixes = profileStringFix(ctx.workspace, site, ctx.profile, (y) => !y.errors.length && !y.noCipherMatch);
      if (x.errors.length) {
        for (const err of x.errors) {
          ctx.report({
            file: site.file,
            range: err.end > err.start ? spanRange(site, err.start, err.end) : site.range,
            message: `${siteLabel(site)}: ${err.message} at "${err.token}"; OpenSSL rejects the whole string, so ${refusal(site)}`,
            fixes,
            rootFile: site.rootFile,
          });
        }
        continue;
      }
      if (!x.noCipherMatch) continue;
      const ignored = [...x.tls13Names, ...x.unknown, ...x.unavailable, ...x.unmatched];
      ctx.report({
        file: site.file,
        range: site.range,
        message: `${siteLabel(site)} selects no TLS 1.2-or-lower suite (OpenSSL: "no cipher match")${ignored.length ? `; ${ignored.map((n) => `"${n}"`).join(', ')} select${ignored.length === 1 ? 's' : ''} nothing in OpenSSL ${ctx.settings.targets.openssl}` : ''}: ${refusal(site)}`,
        fixes,
        rootFile: site.rootFile,
      });
    }
    for (const site of tls13Sites(ctx.workspace)) {
      if (!site.expansion.noCipherMatch) continue;
      const wanted = ctx.profile.ciphersuites.join(':');
      ctx.report({
        file: site.directive.file,
        range: site.arg.range,
        message: `ssl_conf_command Ciphersuites "${site.text}" names no TLS 1.3 suite OpenSSL ${ctx.settings.targets.openssl} knows (OpenSSL: "no cipher match"): nginx fails to start`,
        fixes: wanted ? fix(`Set the ${ctx.profile.name} TLS 1.3 suites`, 'suggestion', [{ file: site.directive.file, range: site.arg.range, newText: (site.quote ?? nginxQuote)(wanted) }]) : [],
      });
    }
  },
};
