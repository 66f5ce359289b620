/** `Allow` of every action on every resource: administrator access. */
import type { Rule, RuleFinding } from '../finding';
import { isAllow, stringList } from '../statements';

export const allowFullAccess: Rule = ({ statements, kind }) => {
  // SCPs and boundaries set a ceiling: Allow * there grants nothing by itself.
  if (kind === 'service-control-policy' || kind === 'permissions-boundary') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s) || !stringList(s.statement.Action).includes('*')) continue;
    const resources = stringList(s.statement.Resource);
    if (kind === 'key-policy' || kind === 'trust-policy' || resources.includes('*')) {
      out.push({ statement: s.label, message: 'allows every action ("Action": "*") on every resource', value: '*' });
    }
  }
  return out;
};
