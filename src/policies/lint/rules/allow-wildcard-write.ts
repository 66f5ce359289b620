/**
 * `Allow` with an action wildcard that covers write or permissions-management actions
 * (`s3:*`, `iam:Put*`): new actions AWS adds later are granted without review.
 */
import type { Rule, RuleFinding } from '../finding';
import { delegatesToOwnAccount, isAllow, stringList } from '../statements';

export const allowWildcardWrite: Rule = ({ statements, catalogue, kind, accountId }) => {
  if (kind === 'service-control-policy' || kind === 'permissions-boundary') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (delegatesToOwnAccount(s, accountId)) continue;
    if (!isAllow(s)) continue;
    for (const pattern of stringList(s.statement.Action)) {
      if (pattern === '*' || !/[*?]/.test(pattern)) continue;
      const writes = catalogue.actionsMatching(pattern).filter((a) => a.accessLevels.some((l) => l === 'Write' || l === 'Permissions management'));
      if (writes.length === 0) continue;
      const pm = writes.filter((a) => a.accessLevels.includes('Permissions management')).length;
      out.push({
        statement: s.label,
        message: `Action "${pattern}" grants ${writes.length} write actions${pm ? ` (${pm} of them permissions management)` : ''}, and every one AWS adds later`,
        value: pattern,
      });
    }
  }
  return out;
};
