/**
 * The Parameter Store contract: what every account baseline publishes under `/landing-zone/` and
 * product stacks read. Baselines write exactly these names (ParameterBaseline); products read them
 * with `readBaseline`; the README table is generated from the same list (`contractTable`). Adding a
 * parameter is backwards compatible; renaming or removing one breaks products, so do neither.
 */
import { Fn, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import type { SubnetTier } from '../net/subnets';

export const PARAMETER_ROOT = '/landing-zone';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** Where a parameter exists. */
export type ParameterScope =
  | 'every account, every region'
  | 'member accounts, every region'
  | 'product accounts, every region'
  | 'accounts with a VPC, primary region';

export interface ParameterDefinition {
  /** Where the value appears in BaselineContract. */
  readonly field: string;
  readonly name: string;
  readonly type: ParameterType;
  readonly scope: ParameterScope;
  readonly description: string;
}

const every = 'every account, every region' as const;
const members = 'member accounts, every region' as const;
const vpc = 'accounts with a VPC, primary region' as const;
const products = 'product accounts, every region' as const;

/** The value of an environment parameter that is not set: SSM parameters cannot be empty, and no environment or template is named `-`. */
export const NOT_SET = '-';

/** The contract, keyed by the names the baseline code and product code use. */
export const BASELINE_PARAMETERS = {
  accountId: { field: 'account.id', name: `${PARAMETER_ROOT}/account/id`, type: 'String', scope: every, description: 'The 12-digit account id' },
  accountName: { field: 'account.name', name: `${PARAMETER_ROOT}/account/name`, type: 'String', scope: every, description: 'The account name from config, e.g. payments-prod' },
  product: { field: 'account.product', name: `${PARAMETER_ROOT}/account/product`, type: 'String', scope: every, description: 'The product, or `landing-zone` for the management and core accounts' },
  environment: { field: 'account.environment', name: `${PARAMETER_ROOT}/account/environment`, type: 'String', scope: every, description: 'The environment, e.g. prod; for core accounts their role, e.g. shared-services; `management` for the management account' },
  region: { field: 'account.primaryRegion', name: `${PARAMETER_ROOT}/account/primary-region`, type: 'String', scope: every, description: 'The primary region of the account (where its VPC is)' },
  dataKeyArn: { field: 'kms.data', name: `${PARAMETER_ROOT}/kms/data/arn`, type: 'String', scope: every, description: 'ARN of the data key in this region (alias/landing-zone/data): EBS default, S3, databases' },
  logsKeyArn: { field: 'kms.logs', name: `${PARAMETER_ROOT}/kms/logs/arn`, type: 'String', scope: every, description: 'ARN of the logs key in this region (alias/landing-zone/logs): CloudWatch Logs' },
  auditRoleArn: { field: 'roles.audit', name: `${PARAMETER_ROOT}/roles/audit/arn`, type: 'String', scope: every, description: 'The read-only role the audit account assumes' },
  deployRoleArn: { field: 'roles.deploy', name: `${PARAMETER_ROOT}/roles/deploy/arn`, type: 'String', scope: members, description: 'The role the pipeline deploys product stacks with' },
  breakGlassRoleArn: { field: 'roles.breakGlass', name: `${PARAMETER_ROOT}/roles/break-glass/arn`, type: 'String', scope: members, description: 'The emergency role (MFA required)' },
  permissionsBoundaryArn: { field: 'roles.permissionsBoundary', name: `${PARAMETER_ROOT}/roles/permissions-boundary/arn`, type: 'String', scope: members, description: 'The boundary every role a product creates must carry (path /product/)' },
  paused: { field: 'environment.paused', name: `${PARAMETER_ROOT}/environment/paused`, type: 'String', scope: products, description: '`true` while the environment is paused (`lz env pause`): scale compute to zero; else `false`' },
  clonedFrom: { field: 'environment.clonedFrom', name: `${PARAMETER_ROOT}/environment/cloned-from`, type: 'String', scope: products, description: 'The environment this one was cloned from (`lz env clone`), or `-`' },
  template: { field: 'environment.template', name: `${PARAMETER_ROOT}/environment/template`, type: 'String', scope: products, description: 'The environment template it was made from, or `-`' },
  vpcId: { field: 'vpc.id', name: `${PARAMETER_ROOT}/vpc/id`, type: 'String', scope: vpc, description: 'The VPC id' },
  vpcCidr: { field: 'vpc.cidr', name: `${PARAMETER_ROOT}/vpc/cidr`, type: 'String', scope: vpc, description: 'The VPC CIDR' },
  publicSubnetIds: { field: 'vpc.subnets.public', name: `${PARAMETER_ROOT}/vpc/subnets/public`, type: 'StringList', scope: vpc, description: 'Public subnet ids, one per AZ, in AZ order' },
  privateSubnetIds: { field: 'vpc.subnets.private', name: `${PARAMETER_ROOT}/vpc/subnets/private`, type: 'StringList', scope: vpc, description: 'Private subnet ids (egress through NAT when the VPC has one), one per AZ' },
  isolatedSubnetIds: { field: 'vpc.subnets.isolated', name: `${PARAMETER_ROOT}/vpc/subnets/isolated`, type: 'StringList', scope: vpc, description: 'Isolated (data) subnet ids: no internet route, one per AZ' },
  publicRouteTableIds: { field: 'vpc.routeTables.public', name: `${PARAMETER_ROOT}/vpc/route-tables/public`, type: 'StringList', scope: vpc, description: 'Route table of the public tier' },
  privateRouteTableIds: { field: 'vpc.routeTables.private', name: `${PARAMETER_ROOT}/vpc/route-tables/private`, type: 'StringList', scope: vpc, description: 'Route tables of the private tier, one per AZ' },
  isolatedRouteTableIds: { field: 'vpc.routeTables.isolated', name: `${PARAMETER_ROOT}/vpc/route-tables/isolated`, type: 'StringList', scope: vpc, description: 'Route table of the isolated tier' },
} as const satisfies Record<string, ParameterDefinition>;

export type ParameterKey = keyof typeof BASELINE_PARAMETERS;

/** What a product stack gets from its account's baseline, typed. */
export interface BaselineContract {
  readonly account: { readonly id: string; readonly name: string; readonly product: string; readonly environment: string; readonly primaryRegion: string };
  readonly kms: { readonly data: string; readonly logs: string };
  readonly roles: { readonly audit: string; readonly deploy: string; readonly breakGlass: string; readonly permissionsBoundary: string };
  /** Product accounts only (read with `environment: true`): values known at plan time, as strings. */
  readonly environment?: { readonly paused: string; readonly clonedFrom: string; readonly template: string };
  readonly vpc?: {
    readonly id: string;
    readonly cidr: string;
    readonly subnets: Readonly<Record<SubnetTier, string[]>>;
    readonly routeTables: Readonly<Record<SubnetTier, string[]>>;
  };
}

/**
 * Reads the baseline of the account and region a product stack deploys into. `provider` is the
 * product stack's provider for that account; `vpc` says whether to read the VPC part.
 */
export function readBaseline(
  scope: Construct,
  options: { readonly vpc: boolean; readonly environment?: boolean; readonly provider?: TerraformProvider },
): BaselineContract {
  const read = (key: ParameterKey) =>
    new DataAwsSsmParameter(scope, `baseline-${key}`, { name: BASELINE_PARAMETERS[key].name, provider: options.provider });
  const value = (key: ParameterKey) => read(key).value;
  const list = (key: ParameterKey) => Fn.split(',', read(key).value);
  return {
    account: { id: value('accountId'), name: value('accountName'), product: value('product'), environment: value('environment'), primaryRegion: value('region') },
    kms: { data: value('dataKeyArn'), logs: value('logsKeyArn') },
    roles: { audit: value('auditRoleArn'), deploy: value('deployRoleArn'), breakGlass: value('breakGlassRoleArn'), permissionsBoundary: value('permissionsBoundaryArn') },
    ...(options.environment ? { environment: { paused: value('paused'), clonedFrom: value('clonedFrom'), template: value('template') } } : {}),
    ...(options.vpc
      ? {
          vpc: {
            id: value('vpcId'),
            cidr: value('vpcCidr'),
            subnets: { public: list('publicSubnetIds'), private: list('privateSubnetIds'), isolated: list('isolatedSubnetIds') },
            routeTables: { public: list('publicRouteTableIds'), private: list('privateRouteTableIds'), isolated: list('isolatedRouteTableIds') },
          },
        }
      : {}),
  };
}

/** The contract as a Markdown table, for the README. */
export function contractTable(): string {
  const rows = Object.values(BASELINE_PARAMETERS).map(
    (p: ParameterDefinition) => `| \`${p.name}\` | ${p.type} | \`${p.field}\` | ${p.scope} | ${p.description} |`,
  );
  return ['| name | type | `BaselineContract` field | where | value |', '|---|---|---|---|---|', ...rows].join('\n');
}
