import type { Rule } from './rule';

/** Findings of this rule come from the engine's suppression pass (engine.ts); the rule holds its metadata. */
export const unusedSuppression: Rule = {
  meta: {
    id: 'unused-suppression',
    defaultSeverity: 'info',
    dialects: ['nginx'],
    description: 'A `tlslint-disable` comment that suppresses nothing.',
    docs: {
      what: 'Reports `# tlslint-disable-next-line <id>` comments whose next line has no finding of that rule, and `# tlslint-disable <id>` file comments for rules with no finding in the file.',
      why: 'Stale suppressions hide the next real problem on that line, and mislead readers about what is wrong there.',
      example: '# tlslint-disable-next-line protocol-deprecated\nssl_protocols TLSv1.2 TLSv1.3;',
      useInstead: 'ssl_protocols TLSv1.2 TLSv1.3;',
      fix: 'Removes the comment (or the unused ids from it). Safe.',
    },
    fixable: true,
    profileDependent: false,
  },
  check() {
    // Computed after all other rules, in engine.ts.
  },
};
