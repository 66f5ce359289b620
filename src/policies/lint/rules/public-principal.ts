/** `Allow` to `"Principal": "*"` without a condition: anyone, in any account, or no account. */
import type { Rule, RuleFinding } from '../finding';
import { awsPrincipals, hasCondition, isAllow } from '../statements';

export const publicPrincipal: Rule = ({ statements }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (isAllow(s) && !hasCondition(s) && awsPrincipals(s).includes('*')) {
      out.push({ statement: s.label, message: 'allows every principal ("Principal": "*") without a condition', value: 'Principal' });
    }
  }
  return out;
};
