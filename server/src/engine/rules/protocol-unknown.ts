import type { Rule } from './rule';
import { explicitProtocols } from './protocolSites';
import { protocolSummary } from './protocolSummary';
import { nearestProtocol } from '../tls/protocols';
import { fix } from './helpers';

export const protocolUnknown: Rule = {
  meta: {
    id: 'protocol-unknown',
    defaultSeverity: 'error',
    dialects: ['nginx'],
    description: 'A protocol token the server rejects (`TLSv1.4`, `TLS1.2`, `+TLSv13`).',
    docs: {
      what: 'Reports protocol names the server does not accept in its protocol directive. nginx knows `SSLv2`, `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2` and `TLSv1.3` (in any letter case).',
      why: 'nginx refuses the configuration ("invalid value"), so the reload that was meant to tighten TLS fails and the old settings stay in force.',
      example: 'ssl_protocols TLS1.2 TLSv1.3;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Replaces the token with the nearest valid protocol name. A suggestion: it changes the protocol set.',
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    if (!protocolSummary(ctx.workspace).anyUnknown) return;
    for (const site of explicitProtocols(ctx.workspace)) {
      for (const u of site.unknown) {
        const guess = nearestProtocol(u.text);
        ctx.report({
          file: site.directive.file,
          range: u.range,
          message: `"${u.text}" is not a protocol nginx knows (valid: SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3): nginx refuses the configuration; did you mean "${guess}"?`,
          fixes: fix(`Replace with ${guess}`, 'suggestion', [{ file: site.directive.file, range: u.range, newText: guess }]),
        });
      }
    }
  },
};
