import type { Rule } from './rule';
import { squid, squidRootFile, type SquidAcl, type SquidBumpRule, type SquidPolicy } from '../model/squid/policy';
import { fix } from './helpers';
import { textIndex } from './helpers';

const ALL_STEPS = [1, 2, 3];

/** The SslBump steps an acl name restricts to, when every definition of it is an `at_step` acl. */
function aclSteps(acls: Map<string, SquidAcl[]>, name: string): number[] | undefined {
  const defs = acls.get(name);
  if (!defs?.length || !defs.every((d) => d.steps)) return undefined;
  const steps = new Set<number>();
  for (const d of defs) for (const s of d.steps!) steps.add(s);
  return [...steps];
}

/** The steps at which a rule can match, from its at_step acls (other acls may match at any step). */
export function ruleSteps(policy: SquidPolicy, rule: SquidBumpRule): number[] {
  let steps = ALL_STEPS;
  for (const a of rule.acls) {
    const negated = a.text.startsWith('!');
    const s = aclSteps(policy.acls, negated ? a.text.slice(1) : a.text);
    if (!s) continue;
    const allowed = negated ? ALL_STEPS.filter((x) => !s.includes(x)) : s;
    steps = steps.filter((x) => allowed.includes(x));
  }
  return steps;
}

export const squidBumpWithoutPeek: Rule = {
  meta: {
    id: 'squid-bump-without-peek',
    defaultSeverity: 'warning',
    dialects: ['squid'],
    description: '`ssl_bump bump` can apply at step 1, before any peek or stare: the certificate is minted without the SNI name.',
    docs: {
      what: 'Reports an `ssl_bump bump` rule that can match at the first SslBump step (its ACLs do not limit it to `at_step SslBump2`/`SslBump3`) when no earlier `peek` or `stare` rule can match at that step.',
      why: 'Bumping at step 1 makes Squid answer the client\'s TLS handshake at once: the certificate it mints is based on the CONNECT address alone (an IP address for intercepted traffic), without the SNI the client sends or anything from the real server\'s certificate. Clients then see a certificate for the wrong name, and policies based on `ssl::server_name` cannot work. Peeking (or staring) at step 1 first lets Squid read the SNI and mimic the server\'s certificate.',
      example: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem\nssl_bump bump all',
      useInstead: 'http_port 3128 ssl-bump tls-cert=/etc/squid/tls/bump-ca.pem\nacl step1 at_step SslBump1\nssl_bump peek step1\nssl_bump bump all',
      fix: 'Inserts `acl step1 at_step SslBump1` (when no such acl exists) and `ssl_bump peek step1` before the rule. A suggestion: it changes when Squid decides, and sites whose handshake Squid cannot parse end up spliced or terminated.',
      references: ['Squid src/cf.data.pre: ssl_bump actions and steps', 'Squid wiki: Features/SslPeekAndSplice'],
    },
    fixable: true,
    profileDependent: false,
  },
  check(ctx) {
    for (const policy of squid(ctx.workspace)) {
      let peeked = false;
      for (const rule of policy.bumpRules) {
        const steps = ruleSteps(policy, rule);
        if ((rule.action === 'peek' || rule.action === 'stare') && steps.includes(1)) peeked = true;
        if (rule.action !== 'bump' || !steps.includes(1) || peeked) continue;
        const d = rule.item.directive;
        const step1 = [...policy.acls.keys()].find((n) => (aclSteps(policy.acls, n) ?? []).join() === '1');
        const name = step1 ?? (policy.acls.has('step1') ? 'tlslint_step1' : 'step1');
        const idx = textIndex(ctx.workspace, d.file);
        const eol = idx?.eol() ?? '\n';
        const indent = idx ? /^[ \t]*/.exec(idx.lineText(d.range.start.line))![0] : '';
        const lines = [...(step1 ? [] : [`acl ${name} at_step SslBump1`]), `ssl_bump peek ${name}`];
        const at = { line: d.range.start.line, character: indent.length };
        ctx.report({
          file: d.file,
          range: rule.actionArg?.range ?? d.nameRange,
          message: `ssl_bump bump${rule.acls.length ? ' ' + rule.acls.map((a) => a.text).join(' ') : ''} can apply at step 1, before any peek or stare: Squid mints the certificate from the CONNECT address alone, without the client's SNI or the server's certificate`,
          fixes: fix(`Peek at step 1 first ("ssl_bump peek ${name}")`, 'suggestion', [{ file: d.file, range: { start: at, end: at }, newText: lines.join(eol + indent) + eol + indent }]),
          rootFile: squidRootFile(policy.root),
        });
        peeked = true;
      }
    }
  },
};
