/**
 * `lz validate` renders every role, boundary and resource policy template the stacks render, with
 * the placeholders synth gives them, so that a template that synth would refuse (bad JSON, wrong
 * shape, unknown placeholder, a link out of the project) is refused by validate first.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../errors';
import type { LandingZone } from '../config/model';
import { displayPath } from '../config/paths';
import { renderPolicyFile, type PlaceholderValues } from './render';
import { organizationPlaceholders } from './scps';

/** The folders under policies/ whose templates the stacks render per account (scp/ is checked with the SCPs). */
export const TEMPLATE_FOLDERS = ['roles', 'boundaries', 'keys', 'buckets'];

/**
 * The templates the stacks render whatever the config (stacks/baseline.ts, stacks/security.ts): a
 * missing one would fail synth. test/config/templates.test.ts keeps this list equal to the stacks'.
 */
export const REQUIRED_TEMPLATES = [
  'boundaries/product.json',
  'roles/audit-identity.json',
  'roles/audit-trust.json',
  'roles/auditor-identity.json',
  'roles/auditor-trust.json',
  'roles/break-glass-identity.json',
  'roles/break-glass-trust.json',
  'roles/config-aggregator-identity.json',
  'roles/config-aggregator-trust.json',
  'roles/deploy-identity.json',
  'roles/deploy-trust.json',
  'roles/flow-logs-identity.json',
  'roles/flow-logs-trust.json',
  'roles/pipeline-identity.json',
  'roles/pipeline-trust-administrators.json',
  'roles/pipeline-trust-github.json',
  'roles/plan-identity.json',
  'roles/plan-trust.json',
];

/** The values an account baseline gives its templates (stacks/baseline.ts), with stand-in values. */
const ACCOUNT_VALUES: PlaceholderValues = {
  accountId: '111111111111',
  accountName: 'example-account',
  managementAccountId: '222222222222',
  auditAccountId: '333333333333',
  organizationId: 'o-exampleorg1',
  boundaryPolicyArn: 'arn:aws:iam::111111111111:policy/landing-zone/product-boundary',
  breakGlassPrincipalArns: ['arn:aws:iam::222222222222:user/break-glass/example'],
};

/** Templates rendered with fewer values than a baseline gives: the security stack's (stacks/security.ts). */
const NARROWER: ReadonlyArray<{ readonly match: RegExp; readonly names: readonly string[] }> = [
  { match: /^roles\/config-aggregator-/, names: ['accountId'] },
  { match: /^roles\/(pipeline|plan)-/, names: ['managementAccountId'] },
];

/** What the bootstrap stack gives the pipeline and plan role templates (stacks/bootstrap.ts) besides the management account id. */
const GITHUB_VALUES: PlaceholderValues = {
  'github.oidcProviderArn': 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  'github.applySubject': 'repo:example/landing-zone:ref:refs/heads/main',
  'github.planSubject': 'repo:example/landing-zone:pull_request',
};

function valuesFor(lz: LandingZone, relative: string): PlaceholderValues {
  const narrower = NARROWER.find((n) => n.match.test(relative));
  const account = narrower ? Object.fromEntries(narrower.names.map((n) => [n, ACCOUNT_VALUES[n]])) : ACCOUNT_VALUES;
  const github = /^roles\/(pipeline-trust-github|plan-trust)\.json$/.test(relative) ? GITHUB_VALUES : {};
  return { ...organizationPlaceholders(lz), ...account, ...github };
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function templateProblems(lz: LandingZone): Problem[] {
  const problems: Problem[] = [];
  for (const relative of REQUIRED_TEMPLATES) {
    const file = join(lz.projectDir, 'policies', relative);
    if (!existsSync(file) && !isLink(file)) {
      const shown = displayPath(file);
      problems.push({ file: shown, message: 'does not exist or cannot be read', fix: `restore ${shown} (git checkout -- ${shown}); the landing-zone roles are built from it` });
    }
  }
  for (const folder of TEMPLATE_FOLDERS) {
    const dir = join(lz.projectDir, 'policies', folder);
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(dir, name);
      problems.push(...renderPolicyFile(file, displayPath(file), valuesFor(lz, `${folder}/${name}`), lz.projectDir).problems);
    }
  }
  return problems;
}
