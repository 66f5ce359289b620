/**
 * The security baseline's settings with their defaults applied: how long logs stay locked, which
 * GuardDuty plans run, where alerts go, what each account may spend, how long human sessions last.
 * Read by the security, identity and baseline stacks and by the checks; defaults live here, once.
 */
import type { AccountSpec, LandingZone } from './model';
import { GUARDDUTY_PROTECTION_PLANS, PERMISSION_SET_NAMES } from './schema';

export type GuardDutyProtectionPlan = (typeof GUARDDUTY_PROTECTION_PLANS)[number];
export type PermissionSetName = (typeof PERMISSION_SET_NAMES)[number];

export const DEFAULT_LOG_RETENTION_DAYS = 365;
export const DEFAULT_GUARDDUTY_PLANS: readonly GuardDutyProtectionPlan[] = [
  'EBS_MALWARE_PROTECTION',
  'EKS_AUDIT_LOGS',
  'LAMBDA_NETWORK_LOGS',
  'RDS_LOGIN_EVENTS',
  'RUNTIME_MONITORING',
  'S3_DATA_EVENTS',
];
/** GuardDuty's "high" band starts at 7. */
export const DEFAULT_GUARDDUTY_MINIMUM_SEVERITY = 7;
export const DEFAULT_MONTHLY_BUDGET_USD = 1000;
export const DEFAULT_SESSION_HOURS: Readonly<Record<PermissionSetName, number>> = {
  'read-only': 8,
  developer: 8,
  operator: 4,
  'break-glass': 1,
};

export interface LogArchiveSettings {
  readonly retentionDays: number;
  readonly objectLockMode: 'COMPLIANCE' | 'GOVERNANCE';
}

export function logArchiveSettings(lz: LandingZone): LogArchiveSettings {
  const s = lz.organization.logArchive;
  return { retentionDays: s?.retentionDays ?? DEFAULT_LOG_RETENTION_DAYS, objectLockMode: s?.objectLockMode ?? 'COMPLIANCE' };
}

export function guardDutyPlans(lz: LandingZone): readonly GuardDutyProtectionPlan[] {
  return [...(lz.organization.detection?.guardDutyProtectionPlans ?? DEFAULT_GUARDDUTY_PLANS)].sort();
}

export interface AlertSettings {
  readonly emails: readonly string[];
  readonly httpsEndpoint?: string;
  readonly guardDutyMinimumSeverity: number;
}

export function alertSettings(lz: LandingZone): AlertSettings {
  const a = lz.organization.alerts;
  return {
    emails: [...(a?.emails ?? [])],
    ...(a?.httpsEndpoint ? { httpsEndpoint: a.httpsEndpoint } : {}),
    guardDutyMinimumSeverity: a?.guardDutyMinimumSeverity ?? DEFAULT_GUARDDUTY_MINIMUM_SEVERITY,
  };
}

export interface AccountBudget {
  readonly monthlyUsd: number;
  /** Who is told: the product owner, or for other accounts the alert emails (else the account's own email). */
  readonly notify: readonly string[];
}

/** The budget of one account: its environment, then its environment template, then its product, then the organization's default. */
export function accountBudget(lz: LandingZone, account: AccountSpec): AccountBudget {
  const fallback = lz.organization.budgets?.defaultMonthlyUsd ?? DEFAULT_MONTHLY_BUDGET_USD;
  if (account.kind === 'product') {
    const product = lz.products[account.product!];
    const env = product.environments[account.environment!];
    return { monthlyUsd: env.monthlyBudgetUsd ?? account.budgetMonthlyUsd ?? product.monthlyBudgetUsd ?? fallback, notify: [product.owner.email] };
  }
  const emails = alertSettings(lz).emails;
  return { monthlyUsd: account.budgetMonthlyUsd ?? fallback, notify: emails.length ? [emails[0]] : [account.email] };
}

export function sessionHours(lz: LandingZone, set: PermissionSetName): number {
  return lz.organization.identityCenter?.sessionHours?.[set] ?? DEFAULT_SESSION_HOURS[set];
}
