/**
 * The policy model: every policy document the landing zone produces, recorded by the construct
 * that uses it, with its kind and what it is attached to. Synth writes it under
 * `<out>/policies/`; lint, diff and the guardrail proofs read it from there.
 */
import type { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
import type { Json } from './document';

export type PolicyKind =
  | 'service-control-policy'
  | 'resource-control-policy'
  | 'permissions-boundary'
  | 'identity-policy'
  | 'trust-policy'
  | 'key-policy'
  | 'bucket-policy'
  | 'resource-policy';

export interface PolicyRecord {
  /** Unique within its stack; becomes the file name `<out>/policies/<stack>/<name>.json`. */
  readonly name: string;
  readonly kind: PolicyKind;
  readonly document: Json;
  /**
   * What the document applies to, as stable names: `root`, `ou:Workloads/Prod`, `account:payments-prod`,
   * `role:payments-prod/LandingZoneDeploy`, `key:payments-prod/data`, `bucket:acme-log-archive`.
   */
  readonly attachedTo: readonly string[];
  /**
   * ARNs of the principals or resources in `attachedTo`, for evaluation: role ARNs for identity,
   * boundary and trust policies; resource ARNs for key and bucket policies. A KMS key's id is known
   * only after apply, so keys use the stand-in `arn:aws:kms:<region>:<account-id>:key/<alias-name>`.
   */
  readonly arns?: readonly string[];
  /** The account the document lives in, by name; absent for organization-level documents. */
  readonly account?: string;
  /** The template it was rendered from, when there is one. */
  readonly template?: string;
}

const RECORDS = Symbol.for('landing-zone.policy-records');

type WithRecords = TerraformStack & { [RECORDS]?: Map<string, PolicyRecord> };

/** Records a policy document against the stack that holds `scope`. */
export function recordPolicy(scope: IConstruct, record: PolicyRecord): void {
  const stack = TerraformStack.of(scope) as WithRecords;
  const records = (stack[RECORDS] ??= new Map());
  if (records.has(record.name)) {
    throw new Error(`internal: policy ${record.name} recorded twice in stack ${stack.node.id}`);
  }
  records.set(record.name, record);
}

/** The documents recorded in one stack, in name order. */
export function policiesOf(stack: TerraformStack): PolicyRecord[] {
  const records = (stack as WithRecords)[RECORDS];
  return records ? [...records.values()].sort((a, b) => a.name.localeCompare(b.name)) : [];
}
