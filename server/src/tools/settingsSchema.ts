// The `tlslint.rules` settings schema, one property per rule, generated from rule metadata.
import type { RuleMeta } from '../engine/rules/rule';
import { ruleDocsUrl } from '../engine/rules/registry';

export function rulesSchemaProperties(metas: readonly RuleMeta[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of metas) {
    out[m.id] = {
      type: 'string',
      enum: ['off', 'info', 'warning', 'error'],
      default: m.defaultSeverity,
      markdownDescription: `${m.description} ([docs](${ruleDocsUrl(m.id)}))`,
    };
  }
  return out;
}
