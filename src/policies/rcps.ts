/**
 * Resource control policies: the templates in policies/rcp/, rendered with the organization's values
 * and checked against the limits AWS enforces at apply time. Their grammar (Deny only, Principal "*",
 * supported services) is checked with the template's shape (template-shape.ts), where a line can be named.
 */
import { join } from 'node:path';
import type { Problem } from '../errors';
import type { LandingZone } from '../config/model';
import { organizationIdOf } from '../config/lock';
import type { PlaceholderValues } from './render';
import { organizationPlaceholders, renderOrganizationPolicies, type RenderedOrganizationPolicy } from './scps';

/** The size AWS allows for an RCP document, in characters of the minified JSON (as for SCPs). */
export const RCP_MAX_CHARACTERS = 5120;

/** Direct RCP attachments AWS allows per target, the AWS-managed RCPFullAWSAccess included. */
export const MAX_RCPS_PER_TARGET = 5;

export type RenderedRcp = RenderedOrganizationPolicy;

/** What an RCP template may use: the organization's values and its id (`aws:PrincipalOrgID`). */
export function rcpPlaceholders(lz: LandingZone): PlaceholderValues {
  return { ...organizationPlaceholders(lz), organizationId: organizationIdOf(lz) };
}

export function rcpTemplatePath(lz: LandingZone, name: string): string {
  return join(lz.projectDir, 'policies', 'rcp', `${name}.json`);
}

/** Renders every RCP the organization defines, in name order, with every problem found. */
export function renderRcps(lz: LandingZone): { rcps: RenderedRcp[]; problems: Problem[] } {
  const defined = lz.organization.resourceControlPolicies ?? {};
  const { policies, problems } = renderOrganizationPolicies('RCP', defined, (name) => rcpTemplatePath(lz, name), rcpPlaceholders(lz), RCP_MAX_CHARACTERS, lz.projectDir);
  return { rcps: policies, problems };
}
