/**
 * A trust policy that lets another account assume the role must say who in that account may:
 * an `sts:ExternalId` (third parties), an organization condition (our own accounts) or the
 * exact `aws:PrincipalArn`.
 */
import { isAccountId } from '../../../config/pending';
import { accountOfArn } from '../../evaluate/arn';
import type { Rule, RuleFinding } from '../finding';
import { awsPrincipals, conditionKeys, isAllow } from '../statements';

export const GUARD_KEYS = ['sts:externalid', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths'];

export const crossAccountTrust: Rule = ({ statements, kind, accountId }) => {
  if (kind !== 'trust-policy') return [];
  const out: RuleFinding[] = [];
  for (const s of statements) {
    if (!isAllow(s)) continue;
    const foreign = awsPrincipals(s).filter((p) => {
      const account = isAccountId(p) ? p : p === '*' ? '*' : accountOfArn(p);
      return account !== undefined && account !== accountId;
    });
    if (foreign.length === 0) continue;
    if (conditionKeys(s).some((k) => GUARD_KEYS.includes(k))) continue;
    out.push({
      statement: s.label,
      message: `trusts ${foreign.join(', ')} from another account without an sts:ExternalId or organization condition`,
      value: foreign[0],
    });
  }
  return out;
};
