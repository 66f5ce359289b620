/** `Allow` with NotAction or NotResource grants everything not listed, including what AWS adds later. */
import type { Rule, RuleFinding } from '../finding';
import { isAllow } from '../statements';

export const allowNotElement: Rule = ({ statements }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s)) continue;
    for (const key of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (s.statement[key] !== undefined) out.push({ statement: s.label, message: `allows with ${key}: everything not listed is granted`, value: key });
    }
  }
  return out;
};
