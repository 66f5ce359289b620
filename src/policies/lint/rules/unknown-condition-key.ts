/** Every condition key is a global key or a key of some service, as the IAM catalogue lists them. */
import type { Rule, RuleFinding } from '../finding';
import { asObject } from '../statements';

export const unknownConditionKey: Rule = ({ statements, catalogue }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    for (const block of Object.values(asObject(s.statement.Condition) ?? {})) {
      for (const key of Object.keys(asObject(block) ?? {})) {
        if (!catalogue.conditionKeyExists(key)) out.push({ statement: s.label, message: `condition key "${key}" does not exist`, value: key });
      }
    }
  }
  return out;
};
