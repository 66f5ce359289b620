/**
 * Role, boundary and resource policy templates under policies/, rendered per account. Each file is
 * read once per process however many accounts use it: a 300-account synth renders the deploy role
 * 300 times but reads its file once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../src/config/paths';
import type { LandingZone } from '../src/config/model';
import { LzError } from '../src/errors';
import type { Json } from '../src/policies/document';
import { renderPolicyText, type PlaceholderValues } from '../src/policies/render';
import { organizationPlaceholders } from '../src/policies/scps';

const texts = new Map<string, string | undefined>();

function templateText(file: string): string | undefined {
  if (!texts.has(file)) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    texts.set(file, text);
  }
  return texts.get(file);
}

export interface RenderedTemplate {
  readonly document: Json;
  /** The template file as users see it, for the policy record. */
  readonly template: string;
}

/**
 * Renders `policies/<relative>` with the organization's values plus `values`; a missing file or a
 * bad placeholder is an LzError naming the file and the place.
 */
export function renderTemplate(lz: LandingZone, relative: string, values: PlaceholderValues): RenderedTemplate {
  const file = join(lz.projectDir, 'policies', relative);
  const shown = displayPath(file);
  const text = templateText(file);
  if (text === undefined) {
    throw LzError.of(shown, 'does not exist or cannot be read', `restore ${shown} (git checkout -- ${shown}); the landing-zone roles are built from it`);
  }
  const result = renderPolicyText(text, shown, { ...organizationPlaceholders(lz), ...values });
  if (!result.document) throw new LzError(result.problems);
  return { document: result.document, template: shown };
}
