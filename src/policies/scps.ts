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

export type RenderedScp = RenderedOrganizationPolicy;

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

/** An SCP or an RCP, rendered from its template. */
export interface RenderedOrganizationPolicy {
  readonly name: string;
  readonly description: string;
  /** The template, relative to the working directory. */
  readonly file: string;
  readonly document: Json;
}

/**
 * Renders the organization policies `defined` (SCPs or RCPs), in name order, each from its template
 * with `values`, refusing a document over AWS's size for its kind; returns them with every problem found.
 */
export function renderOrganizationPolicies(
  kind: 'SCP' | 'RCP',
  defined: Readonly<Record<string, { readonly description: string }>>,
  templatePath: (name: string) => string,
  values: PlaceholderValues,
  maxCharacters: number,
  projectDir: string,
): { policies: RenderedOrganizationPolicy[]; problems: Problem[] } {
  const policies: RenderedOrganizationPolicy[] = [];
  const problems: Problem[] = [];
  for (const name of Object.keys(defined).sort()) {
    const file = displayPath(templatePath(name));
    const result = renderPolicyFile(templatePath(name), file, values, projectDir);
    problems.push(...result.problems);
    if (!result.document) continue;
    const size = minified(result.document).length;
    if (size > maxCharacters) {
      problems.push({
        file,
        message: `${kind} ${name} is ${size} characters after rendering, over the ${maxCharacters} AWS allows`,
        fix: `split it into two ${kind}s, or shorten it with action wildcards and fewer statements`,
      });
      continue;
    }
    policies.push({ name, description: defined[name].description, file, document: result.document });
  }
  return { policies, problems };
}

/** Renders every SCP the organization defines, in name order, with every problem found. */
export function renderScps(lz: LandingZone): { scps: RenderedScp[]; problems: Problem[] } {
  const { policies, problems } = renderOrganizationPolicies('SCP', lz.organization.serviceControlPolicies, (name) => scpTemplatePath(lz, name), organizationPlaceholders(lz), SCP_MAX_CHARACTERS, lz.projectDir);
  return { scps: policies, problems };
}
