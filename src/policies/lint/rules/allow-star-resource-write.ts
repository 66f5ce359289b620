/**
 * `Allow` of write or permissions-management actions on `"Resource": "*"` when the actions
 * support resource-level permissions: every resource of that type in the account, present and future.
 */
import type { Rule, RuleFinding } from '../finding';
import { delegatesToOwnAccount, isAllow, stringList } from '../statements';

export const allowStarResourceWrite: Rule = ({ statements, catalogue, kind, accountId }) => {
  // In key policies "*" means this key; SCPs and boundaries grant nothing by themselves.
  if (!['identity-policy', 'bucket-policy', 'resource-policy'].includes(kind)) return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (delegatesToOwnAccount(s, accountId)) continue;
    if (!isAllow(s) || !stringList(s.statement.Resource).includes('*')) continue;
    const actions = stringList(s.statement.Action).filter((a) => a !== '*');
    const scoped = actions.flatMap((p) => catalogue.actionsMatching(p)).filter(
      (a) => a.arnFormats.length > 0 && a.accessLevels.some((l) => l === 'Write' || l === 'Permissions management'),
    );
    if (scoped.length === 0) continue;
    const names = [...new Set(scoped.map((a) => a.name))].sort();
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    out.push({ statement: s.label, message: `allows write actions on every resource ("Resource": "*"): ${shown}`, value: 'Resource' });
  }
  return out;
};
