/**
 * Role, boundary and resource policy templates under policies/, rendered per account. Each file is
 * read once per process however many accounts use it: a 300-account synth renders the deploy role
 * 300 times but reads its file once.
 */
import { join } from 'node:path';
import { readInputFile } from '../src/config/input-file';
import type { JsonText } from '../src/config/json-text';
import { displayPath } from '../src/config/paths';
import type { LandingZone } from '../src/config/model';
import { LzError, type Problem } from '../src/errors';
import type { Json } from '../src/policies/document';
import { parseTemplate, renderParsed, type PlaceholderValues } from '../src/policies/render';
import { organizationPlaceholders } from '../src/policies/scps';

const parsed = new Map<string, { json?: JsonText; problems: Problem[] }>();

/** The template read (inside the project only), parsed and shape-checked, once per process. */
function template(file: string, root: string, shown: string): { json?: JsonText; problems: Problem[] } {
  let entry = parsed.get(file);
  if (!entry) {
    const read = readInputFile(file, root, shown, {
      message: 'does not exist or cannot be read',
      fix: `restore ${shown} (git checkout -- ${shown}); the landing-zone roles are built from it`,
    });
    entry = read.problem ? { problems: [read.problem] } : parseTemplate(read.text, shown);
    parsed.set(file, entry);
  }
  return entry;
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
  const { json, problems } = template(file, lz.projectDir, shown);
  if (!json) throw new LzError(problems);
  const result = renderParsed(json, shown, { ...organizationPlaceholders(lz), ...values });
  if (!result.document) throw new LzError(result.problems);
  return { document: result.document, template: shown };
}
