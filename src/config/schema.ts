/**
 * The one schema for every config file. Structure and formats live here; checks that need more
 * than one file (unique emails, OU references, CIDR overlaps) live in ./checks. The JSON Schemas
 * under schemas/ are generated from these definitions (`lz schema`), so editors check the same rules.
 *
 * Messages of format checks read "<what is wrong>; <how to fix it>"; the loader puts the file,
 * position, field and value in front.
 */
import { z } from 'zod';
import { bucketNameProblem, isTransitGatewayAsn, regionProblem } from './aws-rules';

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;

export const AccountNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,48}[a-z0-9]$/, {
    message:
      'is not a valid account name; use 3 to 50 lowercase letters, digits and hyphens, starting with a letter, e.g. payments-prod',
  });

export const EmailSchema = z
  .string()
  .max(64, { message: 'is longer than the 64 characters AWS allows for an account email; use a shorter address' })
  .regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, {
    message: 'is not a valid email address; write it as name@domain.tld, e.g. aws+payments-prod@example.com',
  });

export const RegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, {
    message: 'is not an AWS region name; write it as e.g. eu-west-1 or us-east-1',
    abort: true,
  })
  .superRefine((region, ctx) => {
    const problem = regionProblem(region);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A list of regions, each listed once. */
function regionList(empty: string) {
  return z
    .array(RegionSchema)
    .min(1, { message: empty })
    .superRefine((regions, ctx) => {
      const seen = new Set<string>();
      regions.forEach((r, i) => {
        if (seen.has(r)) ctx.addIssue({ code: 'custom', path: [i], message: 'is listed twice; list each region once' });
        seen.add(r);
      });
    });
}

export const CidrSchema = z.string().regex(IPV4_CIDR, {
  message: 'is not a valid IPv4 CIDR; write it as a.b.c.d/n with n from 0 to 32, e.g. 10.20.0.0/16',
});

export const OuNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, {
  message: 'is not a valid OU name; use letters, digits and hyphens, starting with a letter, e.g. Workloads',
});

/** An OU is referenced by its path from the root, e.g. `Workloads/Prod`. */
export const OuPathSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}(\/[A-Za-z][A-Za-z0-9-]{0,63})*$/, {
  message: 'is not an OU path; name the OU by its path from the root, e.g. Workloads/Prod',
});

export const PolicyNameSchema = z.string().regex(/^[a-z][a-z0-9-]{1,62}[a-z0-9]$/, {
  message: 'is not a valid policy name; use lowercase letters, digits and hyphens, e.g. deny-leave-organization',
});

export const KeySchema = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
  message: 'is not a valid name; use 2 to 32 lowercase letters, digits and hyphens, starting with a letter',
});

export const RoleNameSchema = z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, {
  message: 'is not a valid IAM role name; use up to 64 letters, digits and +=,.@_-',
});

/** An IAM user or role of the management account, by path and name relative to `arn:aws:iam::<id>:`. */
export const BreakGlassPrincipalSchema = z.string().regex(/^(user|role)\/([A-Za-z0-9+=,.@_-]+\/)*[A-Za-z0-9+=,.@_-]*\*?$/, {
  message: 'is not an IAM user or role of the management account; write user/NAME, user/PATH/NAME or role/NAME (a * may end it)',
});

export const AccountStateSchema = z
  .enum(['active', 'suspended'])
  .describe(
    'active: a working account. suspended: moved to the suspended OU under a deny-all SCP; the first step of ' +
      'retiring an account (then `lz account close`). Removing an account from config is never the way.',
  );

export const NatModeSchema = z
  .enum(['none', 'single', 'per-az'])
  .describe('none: no NAT gateway; single: one NAT gateway for the VPC; per-az: one in each Availability Zone');

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  message: 'is not a time of day; write it as HH:MM on a 24-hour clock, e.g. 07:30',
});

export const ScheduleSchema = z
  .strictObject({
    timezone: z
      .string()
      .refine((tz) => isTimeZone(tz), { message: 'is not an IANA time zone; write it as e.g. Europe/Dublin, America/New_York or UTC' })
      .describe('The time zone the times are in (IANA name), e.g. Europe/Dublin'),
    startAt: TimeOfDaySchema.describe('When tagged capacity starts, e.g. 07:00'),
    stopAt: TimeOfDaySchema.describe('When tagged capacity stops, e.g. 19:00'),
    days: z
      .array(z.enum(WEEKDAYS, { message: `is not a day; use ${WEEKDAYS.join(', ')}` }))
      .min(1, { message: 'is empty; list at least one day, e.g. [MON, TUE, WED, THU, FRI]' })
      .optional()
      .describe('Days the schedule starts and stops on. @default [MON, TUE, WED, THU, FRI]'),
  })
  .describe(
    'Office hours: EventBridge Scheduler stops EC2 instances, RDS databases and Auto Scaling groups tagged ' +
      '`landing-zone-schedule: <template>` at stopAt and starts them at startAt',
  );

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const EnvironmentTemplateSchema = z
  .strictObject({
    description: z.string().min(1).max(256).optional().describe('What the template is for'),
    vpc: z
      .strictObject({
        prefix: z
          .number()
          .int()
          .min(16, { message: 'must be at least 16; AWS allows VPCs from /16 to /28' })
          .max(28, { message: 'must be at most 28; AWS allows VPCs from /16 to /28' })
          .optional()
          .describe('Prefix length of the VPC new environments get (`lz env add`, `lz env clone`), and that every environment of the template must have. @default - any'),
        availabilityZones: z.number().int().min(1).max(6).optional().describe('Availability Zones, unless the environment says. @default 2'),
        nat: NatModeSchema.optional().describe('NAT mode, unless the environment says. @default - per-az on a production segment, none elsewhere'),
      })
      .optional()
      .describe('The VPC of environments made from the template'),
    configRules: KeySchema.optional().describe('The AWS Config rule set (a key of configRuleSets), instead of the one the OU gives. @default - the OU\'s'),
    budget: z
      .strictObject({
        monthlyUsd: z.number().positive({ message: 'must be more than 0' }).max(10_000_000).describe('The monthly cost budget in US dollars'),
      })
      .optional()
      .describe('A monthly cost budget for each account of the template'),
    schedule: ScheduleSchema.optional(),
    tags: z
      .record(
        z.string().regex(/^[A-Za-z0-9 _.:/=+@-]{1,128}$/, { message: 'is not a valid tag key; use up to 128 letters, digits, spaces and _.:/=+-@' }),
        z.string().regex(/^[A-Za-z0-9 _.:/=+@-]{0,256}$/, { message: 'is not a valid tag value; use up to 256 letters, digits, spaces and _.:/=+-@' }),
      )
      .optional()
      .describe('Tags on everything in the accounts (the landing zone\'s own tags win on the same key)'),
  })
  .describe('A named kind of environment that product environments reference with `template:`');

const ScpListSchema = z
  .array(PolicyNameSchema)
  .describe('Service control policies attached directly to this target, by name (policies/scp/<name>.json)');

const RcpListSchema = z
  .array(PolicyNameSchema)
  .describe('Resource control policies attached directly to this target, by name (policies/rcp/<name>.json)');

export const VpcSchema = z
  .strictObject({
    cidr: CidrSchema.describe('The VPC CIDR; must not overlap any other VPC or reserved range in the organization'),
    availabilityZones: z
      .number()
      .int()
      .min(1, { message: 'must be at least 1; use 1 to 6 Availability Zones' })
      .max(6, { message: 'must be at most 6; use 1 to 6 Availability Zones' })
      .optional()
      .describe('How many Availability Zones the subnet tiers span. @default 2'),
    nat: NatModeSchema.optional().describe(
      'NAT gateways for the private tier. @default - per-az on a production segment, none elsewhere',
    ),
    subnetPrefix: z
      .strictObject({
        public: z.number().int().min(16).max(28).optional(),
        private: z.number().int().min(16).max(28).optional(),
        isolated: z.number().int().min(16).max(28).optional(),
      })
      .optional()
      .describe('Prefix length of each subnet per tier. @default - public and isolated /(vpc+4), private /(vpc+2), one bit longer per doubling of AZs beyond 2, at most /28'),
  })
  .describe('The product VPC');

export type OrganizationalUnitConfig = {
  serviceControlPolicies?: string[];
  resourceControlPolicies?: string[];
  configRules?: string;
  children?: Record<string, OrganizationalUnitConfig>;
};

export const OrganizationalUnitSchema: z.ZodType<OrganizationalUnitConfig> = z.lazy(() =>
  z.strictObject({
    serviceControlPolicies: ScpListSchema.optional(),
    resourceControlPolicies: RcpListSchema.optional(),
    configRules: KeySchema.optional().describe(
      'The AWS Config rule set (a key of configRuleSets) for accounts in this OU and its children. @default - the parent OU\'s, at the top "baseline"',
    ),
    children: z.record(OuNameSchema, OrganizationalUnitSchema).optional().describe('Child OUs, keyed by name'),
  }),
);

const CoreAccountSchema = z.strictObject({
  name: AccountNameSchema.describe('The account name'),
  email: EmailSchema.describe('The root email; unique across the organization'),
  ou: OuPathSchema.describe('The OU path the account lives in'),
  serviceControlPolicies: ScpListSchema.optional(),
  resourceControlPolicies: RcpListSchema.optional(),
  segment: KeySchema.optional().describe('The network segment of this account\'s VPC, if it has one'),
  vpc: VpcSchema.optional(),
});

/** GuardDuty protection plans (the `name` of aws_guardduty_organization_configuration_feature). */
export const GUARDDUTY_PROTECTION_PLANS = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'RUNTIME_MONITORING',
  'EKS_RUNTIME_MONITORING',
  'LAMBDA_NETWORK_LOGS',
] as const;

/** Identity Center permission sets the landing zone defines. */
export const PERMISSION_SET_NAMES = ['read-only', 'developer', 'operator', 'break-glass'] as const;

const MonthlyBudgetSchema = z
  .number()
  .positive({ message: 'must be more than 0; give the monthly budget in US dollars, e.g. 500' })
  .max(10_000_000, { message: 'is over 10,000,000; give the monthly budget in US dollars, e.g. 500' });

const LogArchiveSettingsSchema = z
  .strictObject({
    retentionDays: z
      .number()
      .int()
      .min(1, { message: 'must be at least 1 day' })
      .max(36500, { message: 'must be at most 36500 days (100 years)' })
      .optional()
      .describe('Days every CloudTrail log object stays locked (S3 Object Lock default retention). @default 365'),
    objectLockMode: z
      .enum(['COMPLIANCE', 'GOVERNANCE'])
      .optional()
      .describe(
        'COMPLIANCE: nobody, the root user included, can delete or shorten the lock of a log before it expires. ' +
          'GOVERNANCE: principals with s3:BypassGovernanceRetention can (the bucket policy and SCP deny it to all). @default "COMPLIANCE"',
      ),
  })
  .describe('How the log archive keeps the organization trail immutable');

const DetectionSchema = z
  .strictObject({
    guardDutyProtectionPlans: z
      .array(z.enum(GUARDDUTY_PROTECTION_PLANS))
      .optional()
      .describe(
        'GuardDuty protection plans enabled for every account of the organization. ' +
          '@default ["S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "EKS_AUDIT_LOGS"]',
      ),
  })
  .describe('Organization-wide GuardDuty and Security Hub, administered by the audit account');

const AlertsSchema = z
  .strictObject({
    emails: z.array(EmailSchema).optional().describe('Addresses subscribed to the security topic (each confirms by email). @default - none'),
    httpsEndpoint: z
      .string()
      .regex(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/, { message: 'is not an https URL; e.g. https://alerts.example.com/aws' })
      .optional()
      .describe('An HTTPS endpoint subscribed to the security topic (a chat or paging integration). @default - none'),
    guardDutyMinimumSeverity: z
      .number()
      .min(1, { message: 'must be from 1 to 8.9 (GuardDuty severities: low 1-3.9, medium 4-6.9, high 7-8.9)' })
      .max(8.9, { message: 'must be from 1 to 8.9 (GuardDuty severities: low 1-3.9, medium 4-6.9, high 7-8.9)' })
      .optional()
      .describe('GuardDuty findings at or above this severity are sent to the security topic. @default 7 (high)'),
  })
  .describe('Where security alarms and events go: the KMS-encrypted SNS security topic in the audit account');

const IdentityCenterSchema = z
  .strictObject({
    sessionHours: z
      .record(z.string(), z.number().int().min(1, { message: 'must be from 1 to 12 hours' }).max(12, { message: 'must be from 1 to 12 hours' }))
      .optional()
      .describe('Session length per permission set (read-only, developer, operator, break-glass). @default - read-only 8, developer 8, operator 4, break-glass 1'),
    assignments: z
      .array(
        z.strictObject({
          group: z.string().min(1).max(1024).describe('The display name of a group in the Identity Center directory'),
          permissionSet: z.string().describe('One of read-only, developer, operator, break-glass'),
          products: z.array(KeySchema).optional().describe('Products whose accounts the group gets; all their environments unless `environments` narrows them'),
          environments: z.array(KeySchema).optional().describe('Environment names, e.g. [dev, staging]; with `products`, only those environments; alone, those environments of every product'),
          accounts: z.array(AccountNameSchema).optional().describe('Accounts by name (core or member accounts)'),
        }),
      )
      .optional()
      .describe('Which directory group gets which permission set in which accounts'),
  })
  .describe('Human access through IAM Identity Center, applied from the management account');

export const OrganizationSchema = z
  .strictObject({
    name: KeySchema.describe('Organization name; prefixes resource names such as the state bucket'),
    managementAccount: z
      .strictObject({
        name: AccountNameSchema,
        email: EmailSchema,
      })
      .describe('The management (payer) account; it already exists and is never created here'),
    homeRegion: RegionSchema.describe('Region of the state bucket, the organization trail and global resources'),
    allowedRegions: regionList('is empty; list at least the home region')
      .describe('Regions accounts may use; everything else is denied by SCP (global services excepted)'),
    stateBucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        message: 'is not a valid S3 bucket name; use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
        abort: true,
      })
      .superRefine((name, ctx) => {
        const problem = bucketNameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe('Name of the Terraform state bucket. @default - "<name>-landing-zone-state"'),
    bootstrapState: z
      .enum(['local', 's3'])
      .optional()
      .describe(
        'Where the bootstrap stack keeps its own state: local for the first apply, s3 once the bucket exists ' +
          '(then `terraform init -migrate-state`). @default "local"',
      ),
    roles: z
      .strictObject({
        pipeline: RoleNameSchema.optional().describe(
          'Role in the management account that the CI pipeline runs as. @default "LandingZonePipeline"',
        ),
        deploy: RoleNameSchema.optional().describe('Deploy role in every account. @default "LandingZoneDeploy"'),
        audit: RoleNameSchema.optional().describe('Read-only role in every account, trusted only by the auditor role of the audit account. @default "LandingZoneAudit"'),
        auditor: RoleNameSchema.optional().describe(
          'Role in the audit account that security tooling and auditors use to reach the audit role of every account. @default "LandingZoneAuditor"',
        ),
        breakGlass: RoleNameSchema.optional().describe('Emergency role that requires MFA. @default "LandingZoneBreakGlass"'),
        bootstrap: RoleNameSchema.optional().describe(
          'Role Organizations creates in new accounts, used until the deploy role exists. @default "OrganizationAccountAccessRole"',
        ),
        plan: RoleNameSchema.optional().describe(
          'Read-only role in the management account that pull requests plan with. @default "LandingZonePlan"',
        ),
      })
      .optional()
      .describe('Names of the landing-zone roles'),
    github: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
            message: 'is not a GitHub repository; write it as owner/name, e.g. acme/landing-zone',
          })
          .describe('The repository that holds this config, as owner/name'),
        mainBranch: z
          .string()
          .regex(/^(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._\/-]{1,200}$/, {
            message: 'is not a branch name; use letters, digits and . _ / -, e.g. main',
          })
          .optional()
          .describe('The branch whose workflows may apply (assume the pipeline role). @default "main"'),
        environment: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,255}$/, { message: 'is not a GitHub environment name; use letters, digits and . _ -, e.g. production' })
          .optional()
          .describe(
            'The GitHub environment the apply jobs run in, if any. GitHub then puts the environment, not the branch, in the ' +
              'token, so the pipeline role trusts that environment: restrict its deployment branches to mainBranch. @default - none',
          ),
        adoptOidcProvider: z
          .boolean()
          .optional()
          .describe(
            'The management account already has the GitHub OIDC provider (an account holds one per URL): the bootstrap stack ' +
              'imports it instead of creating it (`lz preflight` says when). @default false',
          ),
      })
      .optional()
      .describe(
        'GitHub Actions applies the landing zone: the bootstrap stack creates the OIDC provider, the pipeline role (mainBranch ' +
          'may apply) and the plan role (pull requests may plan). @default - no CI: the pipeline role is assumed by administrators of the management account',
      ),
    breakGlassPrincipals: z
      .array(BreakGlassPrincipalSchema)
      .min(1)
      .optional()
      .describe(
        'IAM users or roles of the management account (`user/PATH/NAME`, `role/NAME`; `*` only as the last character) that may assume ' +
          'the break-glass role of a member account, with MFA. @default ["user/break-glass/*"]',
      ),
    trustedServices: z
      .array(
        z.string().regex(/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/, {
          message: 'is not an AWS service principal; write it as e.g. sso.amazonaws.com',
        }),
      )
      .optional()
      .describe(
        'Service principals with trusted access to the organization besides those the landing zone needs; the organization ' +
          'stack enables the union and never disables one listed here (`lz org import` writes the live ones). @default - none',
      ),
    policyTypes: z
      .array(
        z.string().regex(/^[A-Z][A-Z0-9_]*POLICY[A-Z0-9_]*$/, {
          message: 'is not an Organizations policy type; write it as e.g. BACKUP_POLICY',
        }),
      )
      .optional()
      .describe(
        'Policy types enabled on the root besides RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY and TAG_POLICY; the organization stack enables the ' +
          'union and never disables one listed here (`lz org import` writes the live ones). @default - none',
      ),
    root: z
      .strictObject({ serviceControlPolicies: ScpListSchema.optional(), resourceControlPolicies: RcpListSchema.optional() })
      .optional()
      .describe('Attachments at the organization root'),
    organizationalUnits: z
      .record(OuNameSchema, OrganizationalUnitSchema)
      .describe('The OU tree under the root, keyed by name'),
    suspendedOu: OuPathSchema.optional().describe(
      'OU that suspended accounts move to; it should carry a deny-all SCP. @default "Suspended"',
    ),
    coreAccounts: z
      .strictObject({
        logArchive: CoreAccountSchema.describe('Central CloudTrail and Config logs'),
        audit: CoreAccountSchema.describe('Security tooling: Config aggregator, Access Analyzer'),
        network: CoreAccountSchema.describe('Transit Gateway hub'),
        sharedServices: CoreAccountSchema.describe('Services shared by all products'),
      })
      .describe('The accounts every landing zone has'),
    accounts: z
      .record(
        AccountNameSchema,
        z.strictObject({
          email: EmailSchema.describe('The root email; unique across the organization'),
          ou: OuPathSchema.describe('The OU path the account lives in'),
          regions: regionList('is empty; list at least one region, the first is the primary')
            .optional()
            .describe('Regions the account uses; the first is primary. @default - the home region'),
          state: AccountStateSchema.optional().describe('@default "active"'),
          serviceControlPolicies: ScpListSchema.optional(),
          resourceControlPolicies: RcpListSchema.optional(),
        }),
      )
      .optional()
      .describe(
        'Member accounts that belong to no product, keyed by account name: accounts adopted by `lz org import`, ' +
          'shared tooling, sandboxes. They get their OU, SCPs and a baseline without a VPC',
      ),
    serviceControlPolicies: z
      .record(PolicyNameSchema, z.strictObject({ description: z.string().min(1).max(512) }))
      .describe('SCPs by name; the document is policies/scp/<name>.json'),
    resourceControlPolicies: z
      .record(PolicyNameSchema, z.strictObject({ description: z.string().min(1).max(512) }))
      .optional()
      .describe(
        'Resource control policies by name; the document is policies/rcp/<name>.json. They bound what any caller, inside the ' +
          'organization or not, may do to the resources of member accounts (S3, STS, KMS, SQS, Secrets Manager and the other ' +
          'services AWS lists). @default - none',
      ),
    maxScpsPerTarget: z
      .number()
      .int()
      .min(1)
      .max(5)
      .optional()
      .describe('Direct SCP attachments AWS allows per target, FullAWSAccess included. @default 5'),
    reservedCidrs: z
      .record(KeySchema, CidrSchema)
      .optional()
      .describe('Ranges no VPC may use (on-premises, partners), keyed by a name'),
    configRuleSets: z
      .record(KeySchema, z.array(z.string().min(1)))
      .optional()
      .describe('Named sets of AWS Config rule names, chosen per OU. "baseline" is built in'),
    environmentTemplates: z
      .record(KeySchema, EnvironmentTemplateSchema)
      .optional()
      .describe('Kinds of environment (VPC size, NAT, Config rules, budget, schedule, tags), keyed by name; an environment names one with `template:`'),
    logArchive: LogArchiveSettingsSchema.optional(),
    detection: DetectionSchema.optional(),
    alerts: AlertsSchema.optional(),
    budgets: z
      .strictObject({
        defaultMonthlyUsd: MonthlyBudgetSchema.optional().describe('Monthly budget of an account whose product sets none, and of core accounts. @default 1000'),
      })
      .optional()
      .describe('A cost budget per account, alerting its owner (the product owner, for core accounts the first alert email)'),
    identityCenter: IdentityCenterSchema.optional(),
    network: z
      .strictObject({
        transitGatewayAsn: z
          .number()
          .int()
          .min(64512)
          .max(4294967294)
          .refine(isTransitGatewayAsn, {
            message: 'is not a private ASN a Transit Gateway accepts; use 64512 to 65534 or 4200000000 to 4294967294',
          })
          .optional()
          .describe('Amazon-side ASN of the Transit Gateways: a private ASN, 64512–65534 or 4200000000–4294967294. @default 64512'),
        segments: z
          .record(
            KeySchema,
            z.strictObject({
              production: z.boolean().optional().describe('Production traffic; changes NAT defaults. @default false'),
              reaches: z
                .array(KeySchema)
                .optional()
                .describe('Other segments this one can route to (both ways). @default - none'),
            }),
          )
          .describe('Routing domains of the Transit Gateway, keyed by name'),
      })
      .describe('The network hub in the network account'),
  })
  .describe('The organization: OUs, core accounts, guardrails, regions');

export const EnvironmentSchema = z.strictObject({
  account: z.strictObject({ name: AccountNameSchema, email: EmailSchema }).describe('The environment\'s own account'),
  ou: OuPathSchema.describe('The OU path the account lives in, e.g. Workloads/Prod'),
  regions: regionList('is empty; list at least one region, the first is the primary')
    .describe('Regions the environment uses; the first is primary and holds the VPC'),
  segment: KeySchema.describe('The network segment (a key of network.segments) the VPC attaches to'),
  state: AccountStateSchema.optional().describe('@default "active"'),
  serviceControlPolicies: ScpListSchema.optional(),
  template: KeySchema.optional().describe('The environment template (a key of environmentTemplates in organization.yaml). @default - none'),
  paused: z
    .boolean()
    .optional()
    .describe('Paused (`lz env pause`): the baseline publishes it and product stacks scale their compute to zero. Never on a production segment. @default false'),
  clonedFrom: KeySchema.optional().describe('The environment of the same product this one was cloned from (`lz env clone`); product stacks can read it'),
  vpc: VpcSchema,
  monthlyBudgetUsd: MonthlyBudgetSchema.optional().describe("The account's monthly budget in US dollars. @default - the product's, else budgets.defaultMonthlyUsd"),
});

export const ProductSchema = z
  .strictObject({
    name: KeySchema.describe('Product name; equals the file name'),
    owner: z.strictObject({
      team: z.string().min(1).max(128),
      email: EmailSchema,
    }),
    costCentre: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, {
      message: 'is not a valid cost centre; use up to 32 letters, digits and hyphens, e.g. CC-1042',
    }),
    environments: z
      .record(KeySchema, EnvironmentSchema)
      .refine((e) => Object.keys(e).length > 0, { message: 'is empty; declare at least one environment, e.g. prod' })
      .describe('Environments keyed by name, e.g. prod, staging'),
    monthlyBudgetUsd: MonthlyBudgetSchema.optional().describe('Monthly budget of each environment account in US dollars. @default - budgets.defaultMonthlyUsd of organization.yaml'),
  })
  .describe('One product and its environments');

/** The lock file's record of live organization policies of one kind: ids and attachments by policy name. */
function livePolicies(kind: 'SCPs' | 'RCPs') {
  return z
    .record(
      z.string(),
      z.strictObject({
        id: z.string().regex(/^p-[0-9a-z_]{8,128}$/, { message: 'is not a policy id; e.g. p-ab12cd34' }),
        attachedTo: z.array(z.string()).describe('Live targets by stable name: root, ou:PATH, account:NAME'),
      }),
    )
    .optional()
    .describe(`Ids and live attachments of the ${kind} config declares, keyed by policy name; the organization stack imports them`);
}

export const AccountsLockSchema = z
  .strictObject({
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, { message: 'is not an organization id; e.g. o-a1b2c3d4e5' }),
    rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, { message: 'is not a root id; e.g. r-ab12' }),
    managementAccountId: z.string().regex(/^\d{12}$/, { message: 'is not a 12-digit account id; quote it, e.g. "111111111111"' }),
    accounts: z
      .record(
        z.string(),
        z.strictObject({
          id: z.string().regex(/^\d{12}$/, { message: 'is not a 12-digit account id; quote it, e.g. "111111111111"' }),
          email: z.string(),
          ouPath: z.string(),
          status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']),
        }),
      )
      .describe('Accounts in config, keyed by account name'),
    unmanaged: z
      .array(
        z.strictObject({
          name: z.string(),
          id: z.string(),
          email: z.string(),
          ouPath: z.string(),
          status: z.string(),
        }),
      )
      .optional()
      .describe('Accounts in the organization that config does not declare'),
    organizationalUnits: z
      .record(z.string(), z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, { message: 'is not an OU id; e.g. ou-ab12-cd34ef56' }))
      .optional()
      .describe('Ids of the live OUs, keyed by OU path; the organization stack imports the ones config declares'),
    serviceControlPolicies: livePolicies('SCPs'),
    resourceControlPolicies: livePolicies('RCPs'),
    adopted: z
      .record(
        z.string(),
        z.strictObject({
          configRecorders: z.record(z.string(), z.string()).optional().describe('Existing AWS Config recorder name per region'),
          deliveryChannels: z.record(z.string(), z.string()).optional().describe('Existing AWS Config delivery channel name per region'),
          configServiceLinkedRole: z.boolean().optional().describe('AWSServiceRoleForConfig already exists'),
        }),
      )
      .optional()
      .describe('What already runs in existing accounts, keyed by account name (recorded by `lz org import`); the baseline imports it instead of creating a duplicate'),
  })
  .describe('Account ids of the live organization, written by `lz accounts sync`');

export type OrganizationConfig = z.infer<typeof OrganizationSchema>;
export type ProductConfig = z.infer<typeof ProductSchema>;
export type EnvironmentConfig = z.infer<typeof EnvironmentSchema>;
export type VpcConfig = z.infer<typeof VpcSchema>;
export type AccountsLock = z.infer<typeof AccountsLockSchema>;
export type AccountState = z.infer<typeof AccountStateSchema>;
export type NatMode = z.infer<typeof NatModeSchema>;
export type EnvironmentTemplate = z.infer<typeof EnvironmentTemplateSchema>;
export type ScheduleConfig = z.infer<typeof ScheduleSchema>;
export type Weekday = (typeof WEEKDAYS)[number];
