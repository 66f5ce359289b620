/** Helpers the rules share for reading statements. */
import type { Json } from '../document';
import { asObject, stringList } from '../evaluate/statement';
import type { LintStatement } from './finding';

export { asObject, stringList };

export function lintStatements(document: Json): LintStatement[] {
  const doc = asObject(document);
  const raw = doc?.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((s, index) => {
    const statement = asObject(s) ?? {};
    const sid = typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : undefined;
    return { label: sid ?? `Statement[${index}]`, index, statement };
  });
}

export function isAllow(s: LintStatement): boolean {
  return s.statement.Effect === 'Allow';
}

export function hasCondition(s: LintStatement): boolean {
  const c = asObject(s.statement.Condition);
  return c !== undefined && Object.keys(c).length > 0;
}

/** The AWS principals of a Principal element; `*` for the wildcard principal. */
export function awsPrincipals(s: LintStatement): string[] {
  const p = s.statement.Principal;
  if (p === '*') return ['*'];
  const o = asObject(p);
  return o ? stringList(o.AWS) : [];
}

/** Condition keys of a statement, lower-cased, across all operators. */
export function conditionKeys(s: LintStatement): string[] {
  const c = asObject(s.statement.Condition);
  if (!c) return [];
  return Object.values(c).flatMap((block) => Object.keys(asObject(block) ?? {}).map((k) => k.toLowerCase()));
}

/**
 * Whether a resource-policy statement only trusts its own account (`arn:aws:iam::<own>:root`):
 * that delegates to IAM policies in the account and grants nothing by itself.
 */
export function delegatesToOwnAccount(s: LintStatement, accountId: string | undefined): boolean {
  if (!accountId) return false;
  const principals = awsPrincipals(s);
  return principals.length > 0 && principals.every((p) => p === accountId || p === `arn:aws:iam::${accountId}:root`);
}

/** Whether a resource-policy statement grants only to AWS services, under a condition (the documented service patterns). */
export function onlyServicesUnderCondition(s: LintStatement): boolean {
  const p = asObject(s.statement.Principal);
  return p !== undefined && Object.keys(p).length > 0 && Object.keys(p).every((k) => k === 'Service') && hasCondition(s);
}
