/**
 * What the evaluator decides on: one request, and the policies that apply to it, shaped the way
 * AWS's evaluation logic reads them.
 */
import type { Json } from '../document';

/** Condition context values: every key is a string or a list of strings, as IAM compares them. */
export type ContextValue = string | readonly string[];

export interface EvaluationRequest {
  /** The calling principal: a role (or user) ARN and its account id. */
  readonly principal: { readonly arn: string; readonly account: string };
  /** `service:Action`. */
  readonly action: string;
  /** The resource ARN (or `*` for actions that take none) and the account that owns it. */
  readonly resource: { readonly arn: string; readonly account: string };
  /** Condition keys, e.g. `aws:RequestedRegion`; keys compare case-insensitively. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/**
 * How a resource policy combines with identity policies. `kms-key` and `role-trust` policies
 * must allow the request themselves (directly or by trusting the account); `default` resource
 * policies (S3 buckets and the like) only add to identity policies within an account.
 */
export type ResourcePolicyKind = 'default' | 'kms-key' | 'role-trust';

export interface PolicySet {
  /**
   * The SCPs down the OU path, one list per level (root, each OU, the account). Each level must
   * allow. Absent for the management account, which SCPs do not bind.
   */
  readonly serviceControlPolicies?: readonly (readonly Json[])[];
  /**
   * The RCPs down the OU path of the resource's account, one list per level (root, each OU, the
   * account), RCPFullAWSAccess included. Each level must allow. Absent where RCPs do not apply: a
   * resource of the management account or outside the organization, a service RCPs do not cover, a
   * request by a service-linked role.
   */
  readonly resourceControlPolicies?: readonly (readonly Json[])[];
  readonly permissionsBoundary?: Json;
  readonly identityPolicies: readonly Json[];
  readonly resourcePolicy?: Json;
  /** @default 'default' */
  readonly resourcePolicyKind?: ResourcePolicyKind;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Looks a key up case-insensitively, as IAM does. */
export function contextValue(context: Readonly<Record<string, ContextValue>>, key: string): ContextValue | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(context)) if (k.toLowerCase() === lower) return context[k];
  return undefined;
}

