/**
 * Resource control policies: the templates in policies/rcp/, rendered with the organization's values
 * and checked against the limits AWS enforces at apply time. Their grammar (Deny only, Principal "*",
 * supported services) is checked with the template's shape (template-shape.ts), where a line can be named.
 */
import { join } from 'node:path';
import type { Problem } from '../errors';
import type { LandingZone } from '../config/model';
import { organizationIdOf } from '../config/lock';
import { displayPath } from '../config/paths';
import { minified, type Json } from './document';
import { renderPolicyFile, type PlaceholderValues } from './render';
import { organizationPlaceholders } from './scps';

/** The size AWS allows for an RCP document, in characters of the minified JSON (as for SCPs). */
export const RCP_MAX_CHARACTERS = 5120;

/** Direct RCP attachments AWS allows per target, the AWS-managed RCPFullAWSAccess included. */
export const MAX_RCPS_PER_TARGET = 5;

export interface RenderedRcp {
  readonly name: string;
  readonly description: string;
  /** The template, relative to the working directory. */
  readonly file: string;
  readonly document: Json;
}

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
  const values = rcpPlaceholders(lz);
  const rcps: RenderedRcp[] = [];
  const problems: Problem[] = [];
  for (const name of Object.keys(defined).sort()) {
    const file = displayPath(rcpTemplatePath(lz, name));
    const result = renderPolicyFile(rcpTemplatePath(lz, name), file, values, lz.projectDir);
    problems.push(...result.problems);
    if (!result.document) continue;
    const size = minified(result.document).length;
    if (size > RCP_MAX_CHARACTERS) {
      problems.push({
        file,
        message: `RCP ${name} is ${size} characters after rendering, over the ${RCP_MAX_CHARACTERS} AWS allows`,
        fix: 'split it into two RCPs, or shorten it with action wildcards and fewer statements',
      });
      continue;
    }
    rcps.push({ name, description: defined[name].description, file, document: result.document });
  }
  return { rcps, problems };
}
