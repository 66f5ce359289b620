/** `iam:PassRole` on every role without a condition lets the holder hand any role to a service. */
import { globMatches } from '../../evaluate/glob';
import type { Rule, RuleFinding } from '../finding';
import { hasCondition, isAllow, stringList } from '../statements';

export const passRoleAny: Rule = ({ statements, kind }) => {
  if (kind === 'service-control-policy' || kind === 'permissions-boundary') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s) || hasCondition(s)) continue;
    const passes = stringList(s.statement.Action).some((p) => globMatches(p, 'iam:PassRole', true));
    const everyRole = stringList(s.statement.Resource).some((r) => r === '*' || /:role\/\*$/.test(r));
    if (passes && everyRole) {
      out.push({ statement: s.label, message: 'allows iam:PassRole on every role without a condition', value: 'Resource' });
    }
  }
  return out;
};
