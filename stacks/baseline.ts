/**
 * Stack 5, one per account: the hardened baseline every account gets (keys, roles, account
 * settings, AWS Config and its rules), the product network for accounts with a VPC, and the
 * Parameter Store contract that product stacks read.
 *
 * Which role it runs as: member accounts are reached through the bootstrap role
 * (OrganizationAccountAccessRole), never the deploy role. The baseline creates the deploy role and
 * its permissions boundary, and the boundary forbids the deploy role to change either; a stack run
 * as the deploy role could not maintain them. The management account is reached with the caller's
 * own credentials (the pipeline role).
 *
 * A suspended account keeps its baseline until it is closed, without its place on the hub: see
 * `baselinePhase`. The README's "Retiring an account" runbook gives the order.
 */
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { breakGlassPrincipals, coreAccount, type AccountSpec, type LandingZone } from '../src/config/model';
import { accountIdOf, managementAccountIdOf, organizationIdOf } from '../src/config/lock';
import { ruleSetRules } from '../src/baseline/config-rules';
import { baselineStackName as contractBaselineStackName, logArchiveBucketName, PRODUCT_BOUNDARY_NAME, PRODUCT_BOUNDARY_PATH, productBoundaryArn } from '../src/contract/names';
import type { ParameterValues } from '../modules/parameter-baseline';
import { NOT_SET } from '../src/contract/parameters';
import { segmentReach } from '../src/net/segments';
import { AccountSettings } from '../modules/account-settings';
import { ConfigRecorder } from '../modules/config-recorder';
import { ConfigRules } from '../modules/config-rules';
import { EnvironmentSchedule } from '../modules/environment-schedule';
import { cloudWatchLogsGrant, EncryptionKeys } from '../modules/encryption-keys';
import { ParameterBaseline } from '../modules/parameter-baseline';
import { PermissionsBoundary } from '../modules/permissions-boundary';
import { renderTemplate } from '../modules/policy-templates';
import { ScopedRole } from '../modules/scoped-role';
import { HUB_DESTINATIONS, SegmentAttachment } from '../modules/segment-attachment';
import { SegmentedVpc } from '../modules/segmented-vpc';
import { LandingZoneStack } from './landing-zone-stack';

export const KEY_PURPOSES = { data: 'data', logs: 'logs' } as const;

export function baselineStackName(account: AccountSpec): string {
  return contractBaselineStackName(account.name);
}

/**
 * Where an account stands for its baseline:
 * - `active`: the whole baseline;
 * - `leaving`: `state: suspended` in config while the lock file still records the account ACTIVE
 *   (not closed yet). The baseline stays in the app with every resource it had except the VPC's
 *   place on the hub (attachment, association, propagations, the private tier's routes to the
 *   hub), so its next apply takes the account off the network and loses nothing else. It applies
 *   through the bootstrap role, the one principal the deny-all SCP exempts.
 * - `closed`: suspended and closed or closing (lock status SUSPENDED or PENDING_CLOSURE), or never
 *   created: nothing can be applied there, so the baseline leaves the app; its state stays in the
 *   state bucket.
 */
export type BaselinePhase = 'active' | 'leaving' | 'closed';

export function baselinePhase(lz: LandingZone, account: AccountSpec): BaselinePhase {
  if (account.state === 'active') return 'active';
  return lz.lock?.accounts[account.name]?.status === 'ACTIVE' ? 'leaving' : 'closed';
}

/** Accounts that get a baseline: every active account, and every suspended one until it is closed. */
export function baselineAccounts(lz: LandingZone): AccountSpec[] {
  return lz.accounts.filter((a) => baselinePhase(lz, a) !== 'closed');
}

/** Accounts whose product stack is in the app: active ones; under deny-all the deploy role can do nothing. */
export function productStackAccounts(lz: LandingZone): AccountSpec[] {
  return lz.accounts.filter((a) => a.state === 'active' && a.kind === 'product');
}

/** The product and environment values an account publishes; core and management accounts belong to the landing zone. */
function identity(account: AccountSpec): { product: string; environment: string } {
  if (account.kind === 'product') return { product: account.product!, environment: account.environment! };
  return { product: 'landing-zone', environment: account.kind === 'management' ? 'management' : account.tags.role };
}

export class BaselineStack extends LandingZoneStack {
  readonly keys: EncryptionKeys;
  readonly vpc?: SegmentedVpc;

  constructor(scope: Construct, lz: LandingZone, readonly account: AccountSpec) {
    super(scope, baselineStackName(account), lz);
    const accountId = accountIdOf(lz, account.name);
    const managementId = managementAccountIdOf(lz);
    const auditId = accountIdOf(lz, coreAccount(lz, 'audit').name);
    const logArchiveId = accountIdOf(lz, coreAccount(lz, 'logArchive').name);
    const isManagement = account.kind === 'management';
    const [primary] = account.regions;
    const home = lz.organization.homeRegion;
    const roles = lz.roles;
    this.provider({ account: account.name, region: primary, roleName: roles.bootstrap });

    const boundaryArn = productBoundaryArn(accountId);
    const values = {
      accountId,
      accountName: account.name,
      managementAccountId: managementId,
      auditAccountId: auditId,
      organizationId: organizationIdOf(lz),
      boundaryPolicyArn: boundaryArn,
      breakGlassPrincipalArns: breakGlassPrincipals(lz).map((p) => `arn:aws:iam::${managementId}:${p}`),
    };
    const template = (file: string) => renderTemplate(lz, file, values);
    const roleArn = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;

    // Roles. The management account has no deploy or break-glass role: the pipeline runs there
    // directly, and its root user with MFA is the break-glass path.
    const audit = new ScopedRole(this, 'audit-role', {
      accountName: account.name,
      accountId,
      roleName: roles.audit,
      description: 'Read-only access for the audit account: configuration, not data',
      trust: template('roles/audit-trust.json'),
      policies: { identity: template('roles/audit-identity.json') },
    });
    if (account.name === coreAccount(lz, 'audit').name) {
      // The one principal the audit role of every account trusts; IAM in the audit account decides who may use it.
      new ScopedRole(this, 'auditor-role', {
        accountName: account.name,
        accountId,
        roleName: roles.auditor,
        description: 'Security tooling and auditors: reaches the read-only audit role of every account',
        trust: template('roles/auditor-trust.json'),
        policies: { identity: template('roles/auditor-identity.json') },
      });
    }
    let deploy: ScopedRole | undefined;
    let breakGlass: ScopedRole | undefined;
    if (!isManagement) {
      const boundaryTemplate = template('boundaries/product.json');
      const boundary = new PermissionsBoundary(this, 'product-boundary', {
        accountName: account.name,
        accountId,
        name: PRODUCT_BOUNDARY_NAME,
        path: PRODUCT_BOUNDARY_PATH,
        description: 'Bounds the deploy role and every role it creates',
        document: boundaryTemplate.document,
        template: boundaryTemplate.template,
        bounds: [{ roleName: roles.deploy, arn: roleArn(roles.deploy) }],
      });
      deploy = new ScopedRole(this, 'deploy-role', {
        accountName: account.name,
        accountId,
        roleName: roles.deploy,
        description: 'Deploys product stacks; assumed by the pipeline role of the management account',
        trust: template('roles/deploy-trust.json'),
        policies: { identity: template('roles/deploy-identity.json') },
        // The policy's own attribute, so the boundary exists before the role that names it.
        permissionsBoundaryArn: boundary.policy.arn,
        maxSessionDuration: 3600,
      });
      breakGlass = new ScopedRole(this, 'break-glass-role', {
        accountName: account.name,
        accountId,
        roleName: roles.breakGlass,
        description: 'Emergency access from the management account; requires MFA',
        trust: template('roles/break-glass-trust.json'),
        policies: { identity: template('roles/break-glass-identity.json') },
      });
    }

    this.keys = new EncryptionKeys(this, 'keys', {
      accountName: account.name,
      accountId,
      regions: account.regions,
      adminRoleNames: isManagement ? [roles.pipeline] : [roles.bootstrap, roles.breakGlass],
      purposes: [
        { name: KEY_PURPOSES.data, description: 'Encrypts data at rest: EBS, S3, databases, secret parameters' },
        { name: KEY_PURPOSES.logs, description: 'Encrypts CloudWatch Logs, flow logs included', services: [cloudWatchLogsGrant(accountId)] },
      ],
    });
    const keyArn = (purpose: string, region: string) => this.keys.key(purpose, region).arn;

    new AccountSettings(this, 'account-settings', {
      accountName: account.name,
      regions: account.regions,
      dataKeyArn: (region) => keyArn(KEY_PURPOSES.data, region),
    });

    // Global resources (IAM) are recorded once: in the home region if the account uses it.
    const globalResourcesRegion = account.regions.includes(home) ? home : primary;
    const recorder = new ConfigRecorder(this, 'config', {
      accountId,
      regions: account.regions,
      globalResourcesRegion,
      bucketName: logArchiveBucketName(lz, logArchiveId),
      existing: lz.lock?.adopted?.[account.name],
    });
    new ConfigRules(this, 'config-rules', {
      rules: ruleSetRules(lz.organization.configRuleSets, account.configRuleSet),
      regions: account.regions,
      globalResourcesRegion,
      recorderRunning: (region) => recorder.running.get(region)!,
    });

    if (account.vpc && account.segment) {
      const flowLogs = new ScopedRole(this, 'flow-logs-role', {
        accountName: account.name,
        accountId,
        roleName: 'flow-logs',
        path: '/landing-zone/',
        description: 'VPC flow logs deliver to CloudWatch Logs with this role',
        trust: template('roles/flow-logs-trust.json'),
        policies: { identity: template('roles/flow-logs-identity.json') },
      });
      this.vpc = new SegmentedVpc(this, 'vpc', {
        name: account.name,
        region: primary,
        cidr: account.vpc.cidr,
        availabilityZones: account.vpc.availabilityZones,
        subnetPrefix: account.vpc.subnetPrefix,
        nat: account.vpc.nat,
        logsKeyArn: keyArn(KEY_PURPOSES.logs, primary),
        flowLogRoleArn: flowLogs.role.arn,
        hubRanges: HUB_DESTINATIONS,
        tags: { ...account.tags, segment: account.segment },
      });
      // The network account's provider stays while the account leaves: Terraform destroys the
      // association and propagations the state still holds only through the provider they were made with.
      const networkProvider = this.provider({ account: coreAccount(lz, 'network').name, region: primary, roleName: roles.bootstrap, alias: 'network' });
      if (baselinePhase(lz, account) === 'active') {
        new SegmentAttachment(this, 'segment', {
          name: account.name,
          region: primary,
          vpc: this.vpc,
          segment: account.segment,
          propagateTo: segmentReach(lz.organization.network.segments).get(account.segment) ?? [account.segment],
          networkProvider,
        });
      }
    }

    if (account.schedule) {
      new EnvironmentSchedule(this, 'schedule', { accountName: account.name, accountId, region: primary, schedule: account.schedule, paused: account.paused });
    }

    const { product, environment } = identity(account);
    for (const region of account.regions) {
      const parameters: ParameterValues = {
        accountId,
        accountName: account.name,
        product,
        environment,
        region: primary,
        dataKeyArn: keyArn(KEY_PURPOSES.data, region),
        logsKeyArn: keyArn(KEY_PURPOSES.logs, region),
        auditRoleArn: audit.arn,
        ...(deploy && breakGlass ? { deployRoleArn: deploy.arn, breakGlassRoleArn: breakGlass.arn, permissionsBoundaryArn: boundaryArn } : {}),
        ...(account.kind === 'product'
          ? { paused: String(account.paused === true), clonedFrom: account.clonedFrom ?? NOT_SET, template: account.template ?? NOT_SET }
          : {}),
        ...(this.vpc && region === primary
          ? {
              vpcId: this.vpc.vpc.id,
              vpcCidr: account.vpc!.cidr,
              publicSubnetIds: this.vpc.subnets.public.map((s) => s.id),
              privateSubnetIds: this.vpc.subnets.private.map((s) => s.id),
              isolatedSubnetIds: this.vpc.subnets.isolated.map((s) => s.id),
              publicRouteTableIds: this.vpc.routeTables.public.map((t) => t.id),
              privateRouteTableIds: this.vpc.routeTables.private.map((t) => t.id),
              isolatedRouteTableIds: this.vpc.routeTables.isolated.map((t) => t.id),
            }
          : {}),
      };
      new ParameterBaseline(this, `parameters-${region}`, { region, values: parameters, secureKeyArn: keyArn(KEY_PURPOSES.data, region) });
    }

    if (this.vpc) new TerraformOutput(this, 'vpc_id', { value: this.vpc.vpc.id });
  }
}
