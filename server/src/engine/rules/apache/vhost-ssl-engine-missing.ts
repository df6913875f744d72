import type { Rule } from '../rule';
import { fix } from '../helpers';
import { vhostLabel } from '../../model/apache/policy';
import { apache, insertIntoVhost, vhostAnchor } from './helpers';

export const vhostSslEngineMissing: Rule = {
  meta: {
    id: 'vhost-ssl-engine-missing',
    defaultSeverity: 'error',
    dialects: ['apache'],
    description: 'An Apache <VirtualHost> on port 443 (or a `Listen … https` port) without `SSLEngine on`.',
    docs: {
      what: 'Reports a `<VirtualHost>` whose address uses port 443, or a port that a `Listen` directive declares `https`, while no `SSLEngine on` (or `optional`) is in effect for it, neither in the virtual host nor in the server config.',
      why: 'Without `SSLEngine on` the virtual host answers plain HTTP on the TLS port: browsers fail with "SSL_ERROR_RX_RECORD_TOO_LONG" / "wrong version number", and its SSLCertificateFile and other mod_ssl settings are never used.',
      example: '<VirtualHost *:443>\n    ServerName www.example.com\n    SSLCertificateFile    /etc/ssl/certs/www.example.com.pem\n    SSLCertificateKeyFile /etc/ssl/private/www.example.com.key\n</VirtualHost>',
      useInstead: '<VirtualHost *:443>\n    SSLEngine on\n    ServerName www.example.com\n    SSLCertificateFile    /etc/ssl/certs/www.example.com.pem\n    SSLCertificateKeyFile /etc/ssl/private/www.example.com.key\n</VirtualHost>',
      fix: 'Adds `SSLEngine on` as the first line of the virtual host. Safe when the virtual host is meant to serve HTTPS; it then needs a certificate (cert-missing says so).',
      references: ['httpd mod_ssl: SSLEngine', 'httpd: Listen (protocol argument)'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const v of apache(ctx.workspace).vhosts) {
      if (v.kind !== 'virtualhost' || v.tls || !v.tlsPort) continue;
      if (v.engine.item && v.engine.item.ctx.kind === 'virtualhost') {
        const d = v.engine.item.directive;
        ctx.report({
          file: d.file,
          range: d.args[0]?.range ?? d.nameRange,
          message: `SSLEngine ${d.args[0]?.text ?? ''} in ${vhostLabel(v)}, a TLS port: the virtual host answers plain HTTP where clients expect TLS`,
          fixes: d.args[0] ? fix('Set SSLEngine on', 'suggestion', [{ file: d.file, range: d.args[0].range, newText: 'on' }]) : [],
          rootFile: v.root.fragment ? undefined : v.root.file,
        });
        continue;
      }
      const port = v.addresses.find((a) => a.port !== null)?.port;
      ctx.report({
        ...vhostAnchor(v),
        message: `${vhostLabel(v)} is on ${port === 443 ? 'port 443' : `port ${port}, declared https by Listen,`} but no SSLEngine on is in effect: it answers plain HTTP where clients expect TLS`,
        fixes: fix('Add "SSLEngine on" to this virtual host', 'safe', [insertIntoVhost(ctx.workspace, v, ['SSLEngine on'])]),
      });
    }
  },
};
