import type { Dialect, Finding, Fix, Range, RelatedLocation, Severity } from '../types';
import type { Settings } from '../settings';
import type { Workspace } from '../model/workspace';
import type { Profile } from '../tls/profiles';

export interface RuleDocs {
  /** What it does: one paragraph for users. */
  what: string;
  /** Why it matters for the handshake or security. */
  why: string;
  /** A config that triggers the rule. */
  example?: string;
  /** The same config fixed. */
  useInstead?: string;
  /** What the quick fix does and whether it is safe. */
  fix?: string;
  /** Sources: RFCs, server docs, Mozilla guideline. */
  references?: string[];
  /** Examples in other dialects (filled in by the registry from DialectCheck examples). */
  dialectExamples?: { dialect: Dialect; example: string; useInstead?: string }[];
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  dialects: Dialect[];
  /** One line, shown in the rule index and the settings schema. */
  description: string;
  docs: RuleDocs;
  fixable: boolean;
  /** The verdict depends on the selected Mozilla profile. */
  profileDependent: boolean;
  /** The verdict depends on target versions (nginx, OpenSSL…). */
  versionDependent?: boolean;
}

export interface Report {
  range: Range;
  file: string;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Override the default severity for this one finding (e.g. `cert-self-signed` on localhost). */
  severity?: Severity;
  rootFile?: string;
}

export interface RuleContext {
  workspace: Workspace;
  settings: Settings;
  profile: Profile;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/**
 * One dialect's part of a rule whose metadata lives in `rules/<id>.ts` (nginx's part is the rule's own
 * `check`). The registry adds the dialect to the rule's `dialects`, runs the check with the rule's
 * severity and settings, and puts the example on the rule's docs page.
 */
export interface DialectCheck {
  ruleId: string;
  dialect: Dialect;
  check(ctx: RuleContext): void;
  /** A config of this dialect that triggers the rule, and the same config fixed. */
  example?: string;
  useInstead?: string;
}

export type { Finding };
