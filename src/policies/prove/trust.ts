/** The accounts a trust policy lets in, to ask its guardrails of a caller from each. */
import type { Json } from '../document';
import { isAccountId } from '../../config/pending';
import { accountOfArn } from '../evaluate/arn';
import { asObject, stringList } from '../evaluate/statement';
import { statementsOf } from '../model';

/** An account outside the organization, standing for "anybody" when a trust policy names `*`. */
export const OUTSIDE_ACCOUNT = '999999999999';

export function awsPrincipalsOf(trust: Json): string[] {
  const ids = new Set<string>();
  for (const s of statementsOf(trust)) {
    const st = asObject(s);
    if (!st || st.Effect !== 'Allow') continue;
    const p = st.Principal === '*' ? ['*'] : stringList(asObject(st.Principal)?.AWS);
    for (const v of p) {
      const id = v === '*' ? OUTSIDE_ACCOUNT : isAccountId(v) ? v : accountOfArn(v);
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}
