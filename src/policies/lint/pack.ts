/**
 * The rule pack: each rule's id, severity, what it means and how to fix it. The rules hold the
 * logic; this table holds what reviewers read. Ids are what suppressions name.
 */
import type { Rule, Severity } from './finding';
import { allowFullAccess } from './rules/allow-full-access';
import { allowNotElement } from './rules/allow-not-element';
import { allowStarResourceWrite } from './rules/allow-star-resource-write';
import { allowWildcardWrite } from './rules/allow-wildcard-write';
import { crossAccountTrust } from './rules/cross-account-trust';
import { documentSyntax } from './rules/document-syntax';
import { passRoleAny } from './rules/pass-role-any';
import { publicPrincipal } from './rules/public-principal';
import { resourceMismatch } from './rules/resource-mismatch';
import { sizeLimit } from './rules/size-limit';
import { unknownAction } from './rules/unknown-action';
import { unknownConditionKey } from './rules/unknown-condition-key';

export interface PackEntry {
  readonly id: string;
  readonly severity: Severity;
  readonly explanation: string;
  readonly fix: string;
  readonly rule: Rule;
}

export const PACK: readonly PackEntry[] = [
  {
    id: 'syntax',
    severity: 'error',
    explanation: 'The document breaks the policy grammar for its kind; AWS rejects it at apply time.',
    fix: 'correct the element as the message says (IAM JSON policy element reference)',
    rule: documentSyntax,
  },
  {
    id: 'unknown-action',
    severity: 'error',
    explanation: 'An action or action pattern names no real action; it is a typo or a retired action, and grants or denies nothing.',
    fix: 'use an action from the Service Authorization Reference (check spelling and service prefix)',
    rule: unknownAction,
  },
  {
    id: 'unknown-condition-key',
    severity: 'error',
    explanation: 'A condition key does not exist; the condition compares against a missing value.',
    fix: 'use a global condition key (aws:...) or a key the service defines',
    rule: unknownConditionKey,
  },
  {
    id: 'resource-mismatch',
    severity: 'warning',
    explanation: "A Resource ARN fits none of the action's resource types, so the statement never applies to that pair.",
    fix: 'pair each action with ARNs of the resource types it takes, or split the statement',
    rule: resourceMismatch,
  },
  {
    id: 'size-limit',
    severity: 'error',
    explanation: 'The document is larger than AWS accepts for its kind.',
    fix: 'split it, or shorten it with action wildcards and fewer statements',
    rule: sizeLimit,
  },
  {
    id: 'allow-full-access',
    severity: 'error',
    explanation: 'Allow of every action on every resource, however spelled ("*", "*:*", "arn:aws:*:*:*:*", "arn:*", a NotAction that excludes nothing), is administrator access.',
    fix: 'list the actions the principal needs; keep full access to the break-glass role and suppress it there with a reason',
    rule: allowFullAccess,
  },
  {
    id: 'allow-wildcard-write',
    severity: 'warning',
    explanation: 'An action wildcard grants write or permissions-management actions, including ones AWS adds later.',
    fix: 'list the write actions needed, or scope the resources and suppress with a reason',
    rule: allowWildcardWrite,
  },
  {
    id: 'allow-star-resource-write',
    severity: 'warning',
    explanation: 'Write or permissions-management actions on every resource, where the actions support resource-level permissions.',
    fix: 'name the resources by ARN (a path or name prefix is enough)',
    rule: allowStarResourceWrite,
  },
  {
    id: 'pass-role-any',
    severity: 'error',
    explanation: 'iam:PassRole on every role lets the holder give any role (an admin role too) to a service it controls.',
    fix: 'name the roles by ARN or add an iam:PassedToService condition',
    rule: passRoleAny,
  },
  {
    id: 'allow-not-element',
    severity: 'error',
    explanation: 'Allow with NotAction or NotResource grants everything not listed, including what AWS adds later; Allow with NotPrincipal is not supported by AWS.',
    fix: 'list what is allowed with Action/Resource/Principal; keep Not* elements for Deny statements',
    rule: allowNotElement,
  },
  {
    id: 'public-principal',
    severity: 'error',
    explanation: 'Principal "*" without a condition opens the resource to any AWS account and to anonymous callers.',
    fix: 'name the principals, or add a condition such as aws:PrincipalOrgID',
    rule: publicPrincipal,
  },
  {
    id: 'cross-account-trust',
    severity: 'error',
    explanation: "A role trusts another account without saying which of that account's principals may assume it.",
    fix: 'add an sts:ExternalId condition (third parties) or aws:PrincipalOrgID / aws:PrincipalOrgPaths (accounts of this organization)',
    rule: crossAccountTrust,
  },
];

export function packEntry(id: string): PackEntry | undefined {
  return PACK.find((p) => p.id === id);
}
