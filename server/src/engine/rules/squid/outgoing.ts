// Squid's parts of proxy-verify-off (DONT_VERIFY_PEER / DONT_VERIFY_DOMAIN in flags=, and
// `sslproxy_cert_error allow all`), directive-typo and ssl-directive-deprecated.

import type { DialectCheck } from '../rule';
import type { Directive } from '../../syntax/tree';
import { squid, squidRootFile, type SquidOption } from '../../model/squid/policy';
import { deleteDirective, fix, nearest } from '../helpers';
import { isKnownSquidDirective } from '../../docs/squidDirectiveNames';
import { SQUID_TLS_DIRECTIVES } from '../../docs/squidDocs';
import { withoutFlags } from './edits';
import { lookupTable } from '../../lookup';

export const squidProxyVerifyOff: DialectCheck = {
  ruleId: 'proxy-verify-off',
  dialect: 'squid',
  example: 'tls_outgoing_options min-version=1.2 flags=DONT_VERIFY_PEER',
  useInstead: 'tls_outgoing_options min-version=1.2 cafile=/etc/ssl/certs/ca-certificates.crt',
  check(ctx) {
    const seen = new Set<string>();
    for (const policy of squid(ctx.workspace)) {
      const rootFile = squidRootFile(policy.root);
      for (const o of policy.outgoing) {
        if (!o.flagsOption) continue;
        for (const f of o.flags) {
          const name = f.name.toUpperCase();
          if (f.cleared || (name !== 'DONT_VERIFY_PEER' && name !== 'DONT_VERIFY_DOMAIN')) continue;
          const key = `${o.flagsOption.item.directive.file}:${f.range.start.line}:${f.range.start.character}`;
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.report({
            file: o.flagsOption.item.directive.file,
            range: f.range,
            message:
              name === 'DONT_VERIFY_PEER'
                ? `${o.label}: flags=${f.name} accepts any server certificate, so anyone on the path can impersonate the servers Squid connects to (Squid itself warns "Peer certificates are not verified for validity")`
                : `${o.label}: flags=${f.name} skips the check that the server certificate names the host Squid connects to: any valid certificate for another name is accepted`,
            fixes: fix(`Remove ${f.name}`, 'suggestion', [withoutFlags(o.flagsOption, [f], o.flags)]),
            rootFile,
          });
        }
      }
      for (const item of policy.items) {
        const d = item.directive;
        if (d.lname !== 'sslproxy_cert_error' || (d.args[0]?.text ?? '').toLowerCase() !== 'allow') continue;
        if (!d.args.slice(1).some((a) => a.text === 'all')) continue;
        const key = `${d.file}:${d.range.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          file: d.file,
          range: d.args[0].range,
          message: 'sslproxy_cert_error allow all: Squid ignores every server certificate error (expired, self-signed, wrong name), so verification is off in practice',
          fixes: fix('Remove this sslproxy_cert_error line', 'suggestion', [deleteDirective(ctx.workspace, d)]),
          rootFile,
        });
      }
    }
  },
};

export const squidDirectiveTypo: DialectCheck = {
  ruleId: 'directive-typo',
  dialect: 'squid',
  example: 'tls_outgoing_option min-version=1.2',
  useInstead: 'tls_outgoing_options min-version=1.2',
  check(ctx) {
    const seen = new Set<Directive>();
    for (const policy of squid(ctx.workspace)) {
      for (const item of policy.items) {
        const d = item.directive;
        if (seen.has(d)) continue;
        seen.add(d);
        if (!/^[a-z_][a-z0-9_.]*$/i.test(d.name) || isKnownSquidDirective(d.lname)) continue;
        const guess = nearest(d.lname, SQUID_TLS_DIRECTIVES, 2);
        if (!guess) continue;
        ctx.report({
          file: d.file,
          range: d.nameRange,
          message: `unknown directive "${d.name}": did you mean "${guess}"? Squid skips the line ("unrecognized: '${d.name} …'"), so the setting never applies`,
          fixes: fix(`Rename to ${guess}`, 'suggestion', [{ file: d.file, range: d.nameRange, newText: guess }]),
          rootFile: squidRootFile(policy.root),
        });
      }
    }
  },
};

/** Port options Squid still reads but warns about, and what replaces them. */
const DEPRECATED_PORT_OPTIONS = lookupTable<{ replacement: string; why: string }>({
  sslbump: { replacement: 'ssl-bump', why: 'Squid warns "\'sslBump\' is deprecated"' },
  dhparams: { replacement: 'tls-dh', why: 'Squid warns "\'dhparams=\' is deprecated … Use \'tls-dh=\' instead"' },
  cafile: { replacement: 'tls-cafile', why: 'Squid warns "\'cafile=\' is deprecated … Use \'tls-cafile=\' instead"' },
  version: { replacement: 'tls-min-version', why: 'Squid warns "\'version=\' is deprecated … Use \'options=\' instead"; tls-min-version= says the same more clearly' },
});

const VERSION_TO_MIN = lookupTable<string>({ '4': '1.0', '5': '1.1', '6': '1.2' });

export const squidSslDirectiveDeprecated: DialectCheck = {
  ruleId: 'ssl-directive-deprecated',
  dialect: 'squid',
  example: 'https_port 3129 cert=/etc/squid/tls/proxy.pem dhparams=/etc/squid/tls/dh2048.pem',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/proxy.pem tls-dh=/etc/squid/tls/dh2048.pem',
  check(ctx) {
    const seen = new Set<string>();
    for (const policy of squid(ctx.workspace)) {
      for (const port of policy.ports) {
        const options: readonly SquidOption[] = port.bumpOption && port.bumpOption.written === 'sslBump' ? [...port.options, port.bumpOption] : port.options;
        for (const o of options) {
          const dep = DEPRECATED_PORT_OPTIONS[o.written.toLowerCase()];
          if (!dep) continue;
          const key = `${port.directive.file}:${o.arg.range.start.line}:${o.arg.range.start.character}`;
          if (seen.has(key)) continue;
          seen.add(key);
          let newText: string | undefined;
          if (o.written === 'sslBump') newText = 'ssl-bump';
          else if (o.key === 'version') newText = VERSION_TO_MIN[o.value?.text ?? ''] ? `tls-min-version=${VERSION_TO_MIN[o.value!.text]}` : undefined;
          else newText = `${dep.replacement}=${o.value?.text ?? ''}`;
          ctx.report({
            file: port.directive.file,
            range: o.arg.range,
            message: `${o.arg.text.split('=')[0]}${o.value ? '=' : ''} is deprecated on ${port.kind}: ${dep.why}; use ${dep.replacement}${o.written === 'sslBump' ? '' : '='}`,
            fixes: newText ? fix(`Replace with ${newText}`, o.key === 'version' ? 'suggestion' : 'safe', [{ file: port.directive.file, range: o.arg.range, newText }]) : [],
            rootFile: squidRootFile(policy.root),
          });
        }
      }
    }
  },
};
