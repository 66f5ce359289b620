/**
 * Service control policies: the templates in policies/scp/, rendered with the organization's values
 * and checked against the limits AWS enforces at apply time.
 */
import { join } from 'node:path';
import type { Problem } from '../errors';
import type { LandingZone } from '../config/model';
import { displayPath } from '../config/paths';
import { minified, type Json } from './document';
import { renderPolicyFile, type PlaceholderValues } from './render';

/** The size AWS allows for an SCP document, in characters of the minified JSON. */
export const SCP_MAX_CHARACTERS = 5120;

export interface RenderedScp {
  readonly name: string;
  readonly description: string;
  /** The template, relative to the working directory. */
  readonly file: string;
  readonly document: Json;
}

/** Values every organization-level template may use. */
export function organizationPlaceholders(lz: LandingZone): PlaceholderValues {
  const o = lz.organization;
  return {
    organizationName: o.name,
    homeRegion: o.homeRegion,
    allowedRegions: o.allowedRegions,
    stateBucket: lz.stateBucket,
    'roles.pipeline': lz.roles.pipeline,
    'roles.deploy': lz.roles.deploy,
    'roles.audit': lz.roles.audit,
    'roles.auditor': lz.roles.auditor,
    'roles.breakGlass': lz.roles.breakGlass,
    'roles.bootstrap': lz.roles.bootstrap,
  };
}

export function scpTemplatePath(lz: LandingZone, name: string): string {
  return join(lz.projectDir, 'policies', 'scp', `${name}.json`);
}

/** Renders every SCP the organization defines, in name order, with every problem found. */
export function renderScps(lz: LandingZone): { scps: RenderedScp[]; problems: Problem[] } {
  const values = organizationPlaceholders(lz);
  const scps: RenderedScp[] = [];
  const problems: Problem[] = [];
  for (const name of Object.keys(lz.organization.serviceControlPolicies).sort()) {
    const file = displayPath(scpTemplatePath(lz, name));
    const result = renderPolicyFile(scpTemplatePath(lz, name), file, values, lz.projectDir);
    problems.push(...result.problems);
    if (!result.document) continue;
    const size = minified(result.document).length;
    if (size > SCP_MAX_CHARACTERS) {
      problems.push({
        file,
        message: `SCP ${name} is ${size} characters after rendering, over the ${SCP_MAX_CHARACTERS} AWS allows`,
        fix: 'split it into two SCPs, or shorten it with action wildcards and fewer statements',
      });
      continue;
    }
    scps.push({ name, description: lz.organization.serviceControlPolicies[name].description, file, document: result.document });
  }
  return { scps, problems };
}
