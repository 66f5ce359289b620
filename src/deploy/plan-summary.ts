/**
 * What a saved plan does, read from `terraform show -json PLANFILE`: per stack, how many resources
 * it adds, changes, replaces, destroys and imports, and every replacement or destruction of a
 * resource that holds what cannot be recreated (accounts, the organization's structure and
 * guardrails, keys, buckets, logs, trails, networks). Those refuse the plan unless the user names
 * each one with `--allow-destroy`.
 */
import { EXIT, LzError } from '../errors';

/**
 * Resource types whose replacement or destruction loses something: an account (closed), an OU or
 * SCP (guardrails gone), a key (data undecryptable), a bucket (the state bucket, the log archive),
 * logs and trails (audit evidence), a VPC or transit gateway (every workload in it).
 */
export const PROTECTED_TYPES: readonly string[] = [
  'aws_cloudtrail',
  'aws_cloudwatch_log_group',
  'aws_config_configuration_recorder',
  'aws_dynamodb_table',
  'aws_ec2_transit_gateway',
  'aws_ec2_transit_gateway_route_table',
  'aws_guardduty_detector',
  'aws_iam_openid_connect_provider',
  'aws_kms_key',
  'aws_organizations_account',
  'aws_organizations_delegated_administrator',
  'aws_organizations_organization',
  'aws_organizations_organizational_unit',
  'aws_organizations_policy',
  'aws_organizations_policy_attachment',
  'aws_s3_bucket',
  'aws_s3_bucket_object_lock_configuration',
  'aws_securityhub_account',
  'aws_subnet',
  'aws_vpc',
];

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  /** `replace` (delete and create, in either order), `destroy`, `create`, `update`, `import`, `no-op`. */
  readonly action: 'create' | 'update' | 'replace' | 'destroy' | 'import' | 'no-op';
}

export interface StackPlan {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly replace: number;
  readonly destroy: number;
  readonly import: number;
  /** Replacements and destructions of protected types, sorted by address. */
  readonly protectedChanges: readonly ResourceChange[];
}

interface ShowJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address?: string;
    readonly type?: string;
    readonly mode?: string;
    readonly change?: { readonly actions?: readonly string[]; readonly importing?: unknown };
  }>;
}

function actionOf(actions: readonly string[], importing: boolean): ResourceChange['action'] {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('delete')) return 'destroy';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  return importing ? 'import' : 'no-op';
}

/** Summarizes the text `terraform show -json` printed; anything that is not a plan is an error naming the stack. */
export function summarizePlan(stack: string, showJson: string): StackPlan {
  let parsed: ShowJson;
  try {
    parsed = JSON.parse(showJson) as ShowJson;
  } catch {
    throw LzError.of(`stack ${stack}`, 'terraform show -json did not print JSON', 'run it by hand in the stack folder to see why, then plan again', EXIT.failure);
  }
  const counts = { add: 0, change: 0, replace: 0, destroy: 0, import: 0 };
  const protectedChanges: ResourceChange[] = [];
  for (const rc of parsed.resource_changes ?? []) {
    if (rc.mode === 'data' || !rc.address || !rc.type) continue;
    const action = actionOf(rc.change?.actions ?? [], rc.change?.importing !== undefined && rc.change?.importing !== null);
    if (action === 'create') counts.add++;
    else if (action === 'update') counts.change++;
    else if (action === 'replace') counts.replace++;
    else if (action === 'destroy') counts.destroy++;
    if (rc.change?.importing) counts.import++;
    if ((action === 'replace' || action === 'destroy') && PROTECTED_TYPES.includes(rc.type)) {
      protectedChanges.push({ address: rc.address, type: rc.type, action });
    }
  }
  protectedChanges.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { stack, ...counts, protectedChanges };
}

export function hasChanges(plan: StackPlan): boolean {
  return plan.add + plan.change + plan.replace + plan.destroy + plan.import > 0;
}

/** `--allow-destroy` names `ADDRESS` (in any stack) or `STACK:ADDRESS`. */
export function isAllowed(stack: string, address: string, allowed: readonly string[]): boolean {
  return allowed.includes(address) || allowed.includes(`${stack}:${address}`);
}

/** The protected changes `--allow-destroy` does not name. */
export function refusedChanges(plan: StackPlan, allowed: readonly string[]): ResourceChange[] {
  return plan.protectedChanges.filter((c) => !isAllowed(plan.stack, c.address, allowed));
}

export function refusal(plan: StackPlan, refused: readonly ResourceChange[]): LzError {
  return new LzError(
    refused.map((c) => ({
      file: `stack ${plan.stack}`,
      message: `the plan would ${c.action} ${c.address}, a protected ${c.type}, so it was not applied`,
      fix: `if that is intended, name it: --allow-destroy ${plan.stack}:${c.address}; otherwise change the config so it is kept (an account leaves only by lz account close)`,
    })),
    EXIT.failure,
  );
}
