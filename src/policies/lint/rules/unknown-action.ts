/** Every action and action pattern names actions that exist in the IAM catalogue. */
import type { Rule, RuleFinding } from '../finding';
import { stringList } from '../statements';

export const unknownAction: Rule = ({ statements, catalogue }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    for (const key of ['Action', 'NotAction']) {
      for (const pattern of stringList(s.statement[key])) {
        if (pattern === '*') continue;
        const m = /^([A-Za-z0-9*?-]+):([A-Za-z0-9*?]+)$/.exec(pattern);
        if (!m) {
          out.push({ statement: s.label, message: `${key} "${pattern}" is not of the form service:Action`, value: pattern });
        } else if (!/[*?]/.test(m[1]) && !catalogue.serviceExists(m[1])) {
          out.push({ statement: s.label, message: `${key} "${pattern}" names the unknown service "${m[1]}"`, value: pattern });
        } else if (catalogue.actionsMatching(pattern).length === 0) {
          out.push({
            statement: s.label,
            message: /[*?]/.test(pattern) ? `${key} "${pattern}" matches no ${m[1]} action` : `${key} "${pattern}" is not a ${m[1]} action`,
            value: pattern,
          });
        }
      }
    }
  }
  return out;
};
