/**
 * `Allow` with NotAction or NotResource grants everything not listed, including what AWS adds
 * later; `Allow` with NotPrincipal is not supported by AWS at all. An error: a reviewer who means
 * it suppresses it with a reason.
 */
import type { Rule, RuleFinding } from '../finding';
import { isAllow } from '../statements';

export const allowNotElement: Rule = ({ statements }) => {
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s)) continue;
    for (const key of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (s.statement[key] === undefined) continue;
      const message = key === 'NotPrincipal' ? 'allows with NotPrincipal, which AWS supports only with Deny' : `allows with ${key}: everything not listed is granted`;
      out.push({ statement: s.label, message, value: key });
    }
  }
  return out;
};
