/**
 * `Allow` with action wildcards that cover write or permissions-management actions
 * (`s3:*`, `iam:Put*`): new actions AWS adds later are granted without review. One finding per
 * statement, naming every such wildcard. Grants to AWS services under a condition (the patterns
 * AWS documents for CloudTrail or CloudWatch Logs on a key) are left alone.
 */
import type { Rule, RuleFinding } from '../finding';
import { delegatesToOwnAccount, isAllow, onlyServicesUnderCondition, stringList } from '../statements';

export const allowWildcardWrite: Rule = ({ statements, catalogue, kind, accountId }) => {
  if (kind === 'service-control-policy' || kind === 'permissions-boundary') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (delegatesToOwnAccount(s, accountId) || onlyServicesUnderCondition(s)) continue;
    if (!isAllow(s)) continue;
    const patterns: string[] = [];
    const writes = new Set<string>();
    const management = new Set<string>();
    for (const pattern of stringList(s.statement.Action)) {
      if (pattern === '*' || !/[*?]/.test(pattern)) continue;
      const found = catalogue.actionsMatching(pattern).filter((a) => a.accessLevels.some((l) => l === 'Write' || l === 'Permissions management'));
      if (found.length === 0) continue;
      patterns.push(pattern);
      for (const a of found) {
        writes.add(a.name);
        if (a.accessLevels.includes('Permissions management')) management.add(a.name);
      }
    }
    if (patterns.length === 0) continue;
    const named = patterns.map((p) => `"${p}"`).join(', ');
    out.push({
      statement: s.label,
      message: `${patterns.length === 1 ? 'Action' : 'Actions'} ${named} ${patterns.length === 1 ? 'grants' : 'grant'} ${writes.size} write actions${management.size ? ` (${management.size} of them permissions management)` : ''}, and every one AWS adds later`,
      value: patterns[0],
    });
  }
  return out;
};
