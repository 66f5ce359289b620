/**
 * What the organization stage (stack 2) enables for every later stage: the trusted services and
 * policy types. The organization stack writes them; \`lz preflight\` and \`lz org import\` check the
 * live organization against the same lists.
 */
import type { LandingZone } from '../config/model';

/** Services the baseline uses through the organization; `lz preflight` checks the same list. */
export const TRUSTED_SERVICES: readonly string[] = [
  'access-analyzer.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  // RAM sharing is turned on by RAM's own API (aws_ram_sharing_with_organization in the organization
  // stack), which also creates RAM's service-linked role; enabling trusted access through Organizations
  // alone would not. RAM's call enables this trusted access, and the organization's list is
  // authoritative, so it is listed here only so that no later apply turns it off again.
  'ram.amazonaws.com',
  'securityhub.amazonaws.com',
  'sso.amazonaws.com',
];

/** Services the audit account administers for the organization. */
export const AUDIT_DELEGATED_SERVICES: readonly string[] = ['access-analyzer.amazonaws.com', 'config.amazonaws.com'];

/** Resource control policies hold product roles to the organization at run time (policies/rcp/). */
export const POLICY_TYPES: readonly string[] = ['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY', 'TAG_POLICY'];

/**
 * The organization's trusted services and policy types are one list each in Terraform: whatever the
 * list leaves out, an apply disables (and disabling a policy type detaches every policy of it). So
 * they are what the landing zone needs plus whatever config lists, which `lz org import` fills
 * with the live ones, and `lz preflight` fails when the live organization has one more.
 */
export function organizationTrustedServices(lz: LandingZone): string[] {
  return [...new Set([...TRUSTED_SERVICES, ...(lz.organization.trustedServices ?? [])])].sort();
}

export function organizationPolicyTypes(lz: LandingZone): string[] {
  return [...new Set([...POLICY_TYPES, ...(lz.organization.policyTypes ?? [])])].sort();
}

