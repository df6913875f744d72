import type { Rule } from './rule';
import { dhParamsOf, rootFileOf } from './certificateSites';
import { fileSitesToCheck } from './certificateGroups';

export const dhparamWeak: Rule = {
  meta: {
    id: 'dhparam-weak',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'DH parameters smaller than the profile asks for (2048 bits; 1024 for old in guideline 5.7).',
    docs: {
      what: 'Reads the file of each `ssl_dhparam` and reports DH parameters whose prime is smaller than the selected profile asks for: the Mozilla guideline\'s `dh_param_size` (2048 bits; guideline 5.7 allowed 1024 for `old`; 2048 when the profile sets none). nginx 1.11.0 and later disable the DHE suites when `ssl_dhparam` is not set, so a missing `ssl_dhparam` makes DHE suites unused rather than broken: tlslint does not report it.',
      why: 'DHE with a 1024-bit group is within reach of well-funded attackers (Logjam, 2015): a precomputation per group breaks every handshake that uses it. Clients such as Chrome dropped DHE altogether, and others refuse groups under 2048 bits.',
      example: 'ssl_dhparam /etc/nginx/dhparam-1024.pem;',
      useInstead: 'ssl_dhparam /etc/nginx/ffdhe2048.pem;   # RFC 7919 group',
      references: ['RFC 7919', 'https://weakdh.org', 'Mozilla Server Side TLS'],
    },
    fixable: false,
    profileDependent: true,
  },
  check(ctx) {
    const min = ctx.profile.dhParamSize ?? 2048;
    // Only a dhparam file can be flagged: without one, no site needs a look.
    for (const site of fileSitesToCheck(ctx.workspace, (s) => s.kind === 'dhparam')) {
      if (site.kind !== 'dhparam' || site.resolution.kind !== 'file') continue;
      const dh = dhParamsOf(ctx.workspace, site.resolution.path);
      if (dh.status !== 'ok' || dh.value.primeBits >= min) continue;
      ctx.report({
        file: site.directive.file,
        range: site.arg.range,
        message: `${site.arg.text}: the DH parameters have a ${dh.value.primeBits}-bit prime, below the ${min} bits of the ${ctx.profile.name} profile: DHE handshakes with a group this small can be broken (Logjam); use a 2048-bit RFC 7919 group such as ffdhe2048`,
        rootFile: rootFileOf(site.root),
      });
    }
  },
};
