// Squid's part of directive-duplicate: options repeated on one port or cache_peer line. Squid keeps the
// last value of a single-valued option (min-version=, options=, cipher=, flags=, tls-dh=…) without a
// word (flags=: "WARNING: Overwriting flags="), and with OpenSSL uses only the first tls-cert= ("ERROR:
// OpenSSL does not support multiple server certificates. Ignoring additional cert= parameters").

import type { DialectCheck } from '../rule';
import { squid, squidRootFile, type SquidOption } from '../../model/squid/policy';
import { fix } from '../helpers';
import { removeOption } from './edits';

const SINGLE_VALUED = new Set(['min-version', 'version', 'options', 'cipher', 'flags', 'dh', 'dhparams', 'context', 'generate-host-certificates', 'dynamic_cert_mem_cache_size', 'domain', 'capath', 'crlfile', 'clientca']);

export const squidDirectiveDuplicate: DialectCheck = {
  ruleId: 'directive-duplicate',
  dialect: 'squid',
  example: 'https_port 3129 tls-cert=/etc/squid/tls/a.pem tls-min-version=1.0 tls-min-version=1.2',
  useInstead: 'https_port 3129 tls-cert=/etc/squid/tls/a.pem tls-min-version=1.2',
  check(ctx) {
    const seen = new Set<string>();
    for (const policy of squid(ctx.workspace)) {
      const rootFile = squidRootFile(policy.root);
      const once = (o: SquidOption) => {
        const key = `${o.item.directive.file}:${o.arg.range.start.line}:${o.arg.range.start.character}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      };
      const records = [...policy.ports, ...policy.outgoing.filter((o) => o.kind === 'cache_peer')];
      for (const t of records) {
        for (let i = 0; i < t.options.length; i++) {
          const o = t.options[i];
          if (!SINGLE_VALUED.has(o.key)) continue;
          let later: SquidOption | undefined;
          for (let j = i + 1; j < t.options.length && !later; j++) if (t.options[j].key === o.key && t.options[j].item === o.item) later = t.options[j];
          if (!later || !once(o)) continue;
          ctx.report({
            file: o.item.directive.file,
            range: o.arg.range,
            message: `${o.arg.text} is overridden by ${later.arg.text} later on the same line: Squid keeps only the last ${o.written}=`,
            related: [{ file: later.item.directive.file, range: later.arg.range, message: 'the value in effect' }],
            fixes: fix(`Remove ${o.arg.text}`, 'safe', [removeOption(o)]),
            rootFile,
          });
        }
        if (!('bump' in t)) continue;
        for (const c of t.certificates) {
          if (!c.ignored || !once(c.cert)) continue;
          ctx.report({
            file: c.cert.item.directive.file,
            range: c.cert.arg.range,
            message: `${t.label}: a second ${c.cert.written}=: with OpenSSL Squid uses only the first certificate and ignores this one ("OpenSSL does not support multiple server certificates")`,
            fixes: fix(`Remove ${c.cert.written}=${c.key ? ` and its ${c.key.written}=` : ''}`, 'safe', [removeOption(c.cert), ...(c.key ? [removeOption(c.key)] : [])]),
            rootFile,
          });
        }
      }
    }
  },
};
