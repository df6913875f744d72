import type { Rule } from './rule';
import type { TextEdit } from '../types';
import { cipherSites, hasExactSpans, spanRange } from './cipherSites';
import { distinctStrings, perExpansion } from './cipherVerdicts';
import { fix } from './helpers';

export const cipherTls13InList: Rule = {
  meta: {
    id: 'cipher-tls13-in-list',
    defaultSeverity: 'warning',
    dialects: ['nginx'],
    description: 'TLS 1.3 suite names in a TLS 1.2 cipher list, where they have no effect.',
    docs: {
      what: 'Reports TLS 1.3 suite names (`TLS_AES_128_GCM_SHA256`, `TLS_CHACHA20_POLY1305_SHA256`…) inside `ssl_ciphers` (or `proxy_ssl_ciphers`…). OpenSSL configures TLS 1.3 suites separately; in nginx that is `ssl_conf_command Ciphersuites …` (`proxy_ssl_conf_command Ciphersuites …` for upstreams; nginx ≥ 1.19.4), and without it OpenSSL\'s default TLS 1.3 suites apply.',
      why: 'OpenSSL ignores the names in this list, so they neither enable nor restrict TLS 1.3 suites: the config says something it does not do. When the list holds nothing else, OpenSSL finds no cipher and nginx fails to start (reported by cipher-string-invalid).',
      example: 'ssl_ciphers TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES256-GCM-SHA384;',
      useInstead: 'ssl_ciphers ECDHE-RSA-AES256-GCM-SHA384;\nssl_conf_command Ciphersuites TLS_AES_256_GCM_SHA384;',
      fix: 'Removes the TLS 1.3 names from the list. Safe: OpenSSL ignored them, so the suites offered do not change. Add them to `ssl_conf_command Ciphersuites` if you meant to restrict TLS 1.3.',
      references: ['OpenSSL SSL_CTX_set_ciphersuites(3)', 'nginx ssl_conf_command'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    // Only a string naming a TLS 1.3 suite gets a finding.
    const namesTls13 = perExpansion((site) => site.expansion.tokens.some((t) => t.words.some((w) => w.kind === 'tls13-suite')));
    if (!distinctStrings(ctx.workspace).some(namesTls13)) return;
    for (const site of cipherSites(ctx.workspace)) {
      if (!site.arg || !namesTls13(site)) continue;
      const x = site.expansion;
      const text = site.text;
      const ignored = x.tokens.filter((t) => t.words.some((w) => w.kind === 'tls13-suite') && !t.applied);
      // Removal: drop each ignored token with one adjacent separator, unless nothing would be left.
      const removable = hasExactSpans(site) && x.tokens.some((t) => !ignored.includes(t));
      const edits: TextEdit[] = [];
      if (removable) {
        const spans: [number, number][] = [];
        for (const t of ignored) {
          let start = t.start;
          let end = t.end;
          if (end < text.length && /[:,; ]/.test(text[end])) end++;
          else if (start > 0 && /[:,; ]/.test(text[start - 1])) start--;
          spans.push([start, end]);
        }
        // Neighbouring names share a separator: one edit per run, so that no two edits overlap, and a run
        // that reaches the end of the string also takes the separator before it.
        spans.sort((a, b) => a[0] - b[0]);
        const runs: [number, number][] = [];
        for (const sp of spans) {
          const last = runs[runs.length - 1];
          if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
          else runs.push([...sp]);
        }
        for (const run of runs) {
          if (run[1] === text.length && run[0] > 0 && !/[:,; ]/.test(text[run[0]]) && /[:,; ]/.test(text[run[0] - 1])) run[0]--;
          edits.push({ file: site.file, range: spanRange(site, run[0], run[1]), newText: '' });
        }
      }
      // proxy_ssl_ciphers → proxy_ssl_conf_command Ciphersuites (nginx ≥ 1.19.4), likewise grpc_/uwsgi_.
      const directive = site.directive!.lname.replace(/ciphers$/, 'conf_command Ciphersuites');
      for (const t of x.tokens) {
        for (const w of t.words) {
          if (w.kind !== 'tls13-suite') continue;
          ctx.report({
            file: site.file,
            range: spanRange(site, w.start, w.end),
            message: `${w.text} is a TLS 1.3 suite: OpenSSL ignores it in ${site.directive!.name}, which only sets TLS 1.2-and-lower suites; TLS 1.3 suites are set with ${directive}`,
            fixes: fix(`Remove the TLS 1.3 name${ignored.length > 1 ? 's' : ''} from ${site.directive!.name}`, 'safe', edits),
            rootFile: site.rootFile,
          });
        }
      }
    }
  },
};
