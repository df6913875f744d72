import type { Rule } from './rule';
import type { Directive } from '../syntax/tree';
import { itemsIn } from '../model/nginxPolicy';
import { serversWhere } from './nginxCandidates';

/** TLS servers stapling (explicitly) with no resolver in effect. */
const staplingWithoutResolver = serversWhere((s) => s.tls && s.stapling.value && s.stapling.item !== undefined && !s.resolver);

export const ocspNoResolver: Rule = {
  meta: {
    id: 'ocsp-no-resolver',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'OCSP stapling on without a resolver (nginx) or stapling cache (Apache).',
    docs: {
      what: 'Reports `ssl_stapling on` in an nginx server with no `resolver` in effect (and no `ssl_stapling_file`); Apache `SSLUseStapling on` without `SSLStaplingCache`.',
      why: 'nginx must look up the OCSP responder\'s host name at run time. Without a resolver it logs "no resolver defined to resolve …" and never staples, so clients that expect stapling fall back to fetching OCSP themselves (slower, and a privacy leak).',
      example: 'ssl_stapling on;\nssl_stapling_verify on;',
      useInstead: 'ssl_stapling on;\nssl_stapling_verify on;\nresolver 127.0.0.53 valid=300s;',
    },
    fixable: false,
    profileDependent: false,
  },
  check(ctx) {
    const seen = new Set<Directive>();
    for (const s of staplingWithoutResolver(ctx.workspace)) {
      if (s.ctx.items.some((i) => i.directive.lname === 'ssl_stapling_file') || (s.ctx.parent && itemsIn(s.ctx.parent, 'ssl_stapling_file').length > 0)) continue;
      const d = s.stapling.item!.directive;
      if (seen.has(d)) continue;
      seen.add(d);
      ctx.report({
        file: d.file,
        range: d.range,
        message: 'ssl_stapling is on but no "resolver" is in effect: nginx cannot look up the OCSP responder and staples nothing ("no resolver defined")',
        related: [{ file: s.directive.file, range: s.directive.nameRange, message: 'server using it' }],
        rootFile: s.root.fragment ? undefined : s.root.file,
      });
    }
  },
};
