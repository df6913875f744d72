import type { Rule } from './rule';
import { squid, squidRootFile } from '../model/squid/policy';
import { versionAtLeast } from '../settings';
import { fix } from './helpers';
import { dhParamsOf, siteOf } from './certificateSites';

export const squidDhCurveFile: Rule = {
  meta: {
    id: 'squid-dh-curve-file',
    defaultSeverity: 'warning',
    dialects: ['squid'],
    description: '`tls-dh=curve:file` with DH parameters in the file: Squid 5/6 on OpenSSL 3 reads the file as EC parameters and loads nothing.',
    docs: {
      what: 'Reports `tls-dh=<curve>:<file>` on a port when the file holds DH parameters and the targets are Squid 5 or 6 with OpenSSL 3 (`tlslint.targets`). Squid then decodes the file as EC parameters, because a curve was given, and the DH parameters are not loaded.',
      why: 'Squid only warns ("Failed to decode EC parameters") and starts without DH parameters, which silently disables every DHE suite the cipher list asks for. With OpenSSL 3 the curve prefix is not needed for ECDHE either: OpenSSL negotiates X25519 or P-256 on its own.',
      example: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-dh=prime256v1:/etc/squid/tls/ffdhe2048.pem',
      useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-dh=/etc/squid/tls/ffdhe2048.pem',
      fix: 'Removes the curve prefix, so Squid loads the file as DH parameters. A suggestion: ECDHE then uses OpenSSL\'s default groups instead of the one named.',
      references: ['Squid src/security/ServerOptions.cc (loadDhParams: decoder type "EC" when a curve is set, OpenSSL 3 builds of Squid 5.x and 6.x)'],
    },
    fixable: true,
    profileDependent: false,
    versionDependent: true,
  },
  check(ctx) {
    const { squid: squidVersion, openssl } = ctx.settings.targets;
    if (!versionAtLeast(openssl, '3.0') || !versionAtLeast(squidVersion, '5.0') || versionAtLeast(squidVersion, '7.0')) return;
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        const dh = port.dh;
        if (!dh?.curve || !dh.file || dh.option.key !== 'dh') continue;
        const site = siteOf(ctx.workspace, port.directive, dh.file, policy.root, 'dhparam');
        if (site.resolution.kind !== 'file' || dhParamsOf(ctx.workspace, site.resolution.path).status !== 'ok') continue;
        const v = dh.option.value!;
        ctx.report({
          file: port.directive.file,
          range: dh.curve.range,
          message: `${port.label}: with the curve ${dh.curve.text} given, Squid ${squidVersion} on OpenSSL ${openssl} reads ${dh.file.text} as EC parameters, so its DH parameters are not loaded ("Failed to decode EC parameters") and DHE suites are disabled`,
          fixes: fix(`Use tls-dh=${dh.file.text} (drop the curve)`, 'suggestion', [{ file: port.directive.file, range: { start: v.range.start, end: dh.file.range.start }, newText: '' }]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};
