/**
 * The resolved landing zone: every config file loaded, checked and flattened into the shapes the
 * stacks, the policy tools and the organization commands read. Defaults are applied here, once.
 */
import type { AccountsLock, AccountState, OrganizationConfig, ProductConfig, VpcConfig, NatMode, Weekday } from './schema';
import type { YamlFile } from './yaml-file';

export type CoreRole = 'logArchive' | 'audit' | 'network' | 'sharedServices';

export const CORE_ROLES: readonly CoreRole[] = ['logArchive', 'audit', 'network', 'sharedServices'];

/** Names of the landing-zone roles, with defaults applied. */
export interface RoleNames {
  readonly pipeline: string;
  readonly deploy: string;
  readonly audit: string;
  readonly auditor: string;
  readonly breakGlass: string;
  readonly bootstrap: string;
  readonly plan: string;
}

export interface ResolvedVpc {
  readonly cidr: string;
  readonly availabilityZones: number;
  readonly nat: NatMode;
  readonly subnetPrefix: { readonly public: number; readonly private: number; readonly isolated: number };
}

/** Where a config value came from, for messages. */
export interface Source {
  readonly file: string;
  /** Dotted path of the object inside the file. */
  readonly path: string;
}

/** One AWS account the landing zone manages (the management account included). */
export interface AccountSpec {
  readonly name: string;
  readonly email: string;
  /** member: declared under `accounts` in organization.yaml, part of no product. */
  readonly kind: 'management' | 'core' | 'product' | 'member';
  /** OU path from the root, e.g. `Workloads/Prod`; empty for the management account (it stays at the root). */
  readonly ou: string;
  /** For core accounts: which one. */
  readonly coreRole?: CoreRole;
  readonly product?: string;
  readonly environment?: string;
  /** Regions the account uses; the first is primary. */
  readonly regions: readonly string[];
  readonly state: AccountState;
  /** SCPs attached directly to the account. */
  readonly serviceControlPolicies: readonly string[];
  /** RCPs attached directly to the account (none for the management account, which RCPs do not bind). */
  readonly resourceControlPolicies: readonly string[];
  /** The network segment of the account's VPC. */
  readonly segment?: string;
  readonly vpc?: ResolvedVpc;
  /** The AWS Config rule set for the account, inherited from its OU. */
  readonly configRuleSet: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly source: Source;
  /** For product environments: the environment template it uses (organization.yaml environmentTemplates). */
  readonly template?: string;
  /** For product environments: paused by `lz env pause` (never a production one). @default false */
  readonly paused?: boolean;
  /** For product environments: the environment of the same product it was cloned from. */
  readonly clonedFrom?: string;
  /** The template's office hours: tagged capacity stops and starts on this timetable. */
  readonly schedule?: ResolvedSchedule;
  /** The template's monthly cost budget in US dollars. */
  readonly budgetMonthlyUsd?: number;
}

/** A template's schedule with defaults applied. */
export interface ResolvedSchedule {
  /** The template's name; resources with the tag `landing-zone-schedule: <name>` follow it. */
  readonly name: string;
  readonly timezone: string;
  readonly startAt: string;
  readonly stopAt: string;
  readonly days: readonly Weekday[];
}

export interface OrganizationalUnitSpec {
  /** Path from the root, e.g. `Workloads/Prod`. */
  readonly path: string;
  readonly name: string;
  /** Path of the parent OU; empty for a top-level OU. */
  readonly parent: string;
  readonly serviceControlPolicies: readonly string[];
  readonly resourceControlPolicies: readonly string[];
  readonly configRuleSet: string;
  readonly source: Source;
}

export interface LandingZone {
  /** The config folder the landing zone was loaded from. */
  readonly configDir: string;
  /** The project folder (parent of the config folder), where policies/ lives. */
  readonly projectDir: string;
  readonly organization: OrganizationConfig;
  readonly products: Readonly<Record<string, ProductConfig>>;
  readonly roles: RoleNames;
  readonly stateBucket: string;
  readonly suspendedOu: string;
  readonly maxScpsPerTarget: number;
  /** OUs in tree order (parents before children). */
  readonly organizationalUnits: readonly OrganizationalUnitSpec[];
  /** Every account: management first, then core accounts, member accounts and products, each in name order. */
  readonly accounts: readonly AccountSpec[];
  readonly lock?: AccountsLock;
  /** The parsed files, for positions in later checks. */
  readonly files: readonly YamlFile[];
}

export const DEFAULT_ROLES: RoleNames = {
  pipeline: 'LandingZonePipeline',
  deploy: 'LandingZoneDeploy',
  audit: 'LandingZoneAudit',
  auditor: 'LandingZoneAuditor',
  breakGlass: 'LandingZoneBreakGlass',
  bootstrap: 'OrganizationAccountAccessRole',
  plan: 'LandingZonePlan',
};

/** Who may assume the break-glass roles when config names nobody: IAM users under /break-glass/ in the management account. */
export const DEFAULT_BREAK_GLASS_PRINCIPALS: readonly string[] = ['user/break-glass/*'];

/** The management-account principals (`user/...`, `role/...`) the break-glass roles trust. */
export function breakGlassPrincipals(lz: LandingZone): readonly string[] {
  return lz.organization.breakGlassPrincipals ?? DEFAULT_BREAK_GLASS_PRINCIPALS;
}

export const DEFAULT_CONFIG_RULE_SET = 'baseline';
export const DEFAULT_AVAILABILITY_ZONES = 2;

export const DEFAULT_SCHEDULE_DAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

/** `defaults` come from the environment's template: what the environment does not say. */
export function resolveVpc(vpc: VpcConfig, production: boolean, defaults: Pick<VpcConfig, 'availabilityZones' | 'nat'> = {}): ResolvedVpc {
  const prefix = Number(vpc.cidr.split('/')[1]);
  const availabilityZones = vpc.availabilityZones ?? defaults.availabilityZones ?? DEFAULT_AVAILABILITY_ZONES;
  // One more bit per doubling of AZs beyond two, so the default tiers fit any AZ count.
  const azBits = Math.max(0, Math.ceil(Math.log2(availabilityZones)) - 1);
  return {
    cidr: vpc.cidr,
    availabilityZones,
    nat: vpc.nat ?? defaults.nat ?? (production ? 'per-az' : 'none'),
    subnetPrefix: {
      public: vpc.subnetPrefix?.public ?? Math.min(prefix + 4 + azBits, 28),
      private: vpc.subnetPrefix?.private ?? Math.min(prefix + 2 + azBits, 28),
      isolated: vpc.subnetPrefix?.isolated ?? Math.min(prefix + 4 + azBits, 28),
    },
  };
}

/** The account of a given core role. */
export function coreAccount(lz: LandingZone, role: CoreRole): AccountSpec {
  const account = lz.accounts.find((a) => a.coreRole === role);
  if (!account) throw new Error(`internal: core account ${role} missing from a validated landing zone`);
  return account;
}

export function managementAccount(lz: LandingZone): AccountSpec {
  return lz.accounts[0];
}
