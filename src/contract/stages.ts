/**
 * The stages and what each publishes for the stages after it, written down in one place (the way
 * FAST declares each stage's inputs): stacks, modules, proofs and preflight read the names from
 * src/contract, and the README's table is generated from STAGE_FACTS and kept current by a test.
 */
import type { App, TerraformStack } from 'cdktf';
import type { AccountSpec, LandingZone } from '../config/model';
import { DEFAULT_ROLES } from '../config/model';
import {
  KEY_ALIAS_PREFIX,
  ORGANIZATION_TRAIL_NAME,
  PRODUCT_BOUNDARY_NAME,
  PRODUCT_BOUNDARY_PATH,
  PRODUCT_ROLE_PATH,
  TAG_SCHEDULE,
  TAG_SCHEDULE_CAPACITY,
  TAG_SEGMENT,
  TAG_TRANSIT_GATEWAY,
} from './names';
import { POLICY_TYPES, TRUSTED_SERVICES } from './organization';
import { PARAMETER_ROOT } from './parameters';

/** One stack of the app, as synth and deploy see it. */
export interface StackDefinition {
  readonly name: string;
  /** Stacks that must be applied first. */
  readonly dependsOn: readonly string[];
  /** The account the stack is built for, when it is one account's (its config is an input of the stack). */
  readonly account?: AccountSpec;
  build(app: App, lz: LandingZone): TerraformStack;
}

/** The stages in the order they deploy; each reads only what an earlier one publishes. */
export const STAGES = ['1 bootstrap', '2 organization', '3 security', '4 network', '5 baseline-<account>', '6 product-<product>-<env>'] as const;

export type Stage = (typeof STAGES)[number];

export interface StageFact {
  /** What it is. */
  readonly fact: string;
  /** The name or pattern, as the stacks create it. */
  readonly value: string;
  readonly publishedBy: Stage;
  readonly readBy: string;
  /** Where it is defined in src/contract. */
  readonly source: string;
}

const code = (s: string) => `\`${s}\``;

export const STAGE_FACTS: readonly StageFact[] = [
  { fact: 'pipeline role (management account)', value: code(DEFAULT_ROLES.pipeline), publishedBy: '1 bootstrap', readBy: 'every stack of the management account; SCP exemptions', source: 'config roles.pipeline' },
  { fact: 'trusted services', value: TRUSTED_SERVICES.map(code).join(', '), publishedBy: '2 organization', readBy: 'security (delegated administrators), baselines (Config), network (RAM); lz preflight', source: 'organization.ts TRUSTED_SERVICES' },
  { fact: 'policy types', value: POLICY_TYPES.map(code).join(', '), publishedBy: '2 organization', readBy: 'lz preflight, lz org import', source: 'organization.ts POLICY_TYPES' },
  { fact: 'bootstrap role in new accounts', value: code(DEFAULT_ROLES.bootstrap), publishedBy: '2 organization', readBy: 'baselines (they run as it); boundary and SCP exemptions', source: 'config roles.bootstrap' },
  { fact: 'organization trail', value: code(ORGANIZATION_TRAIL_NAME), publishedBy: '3 security', readBy: 'proofs (cloudtrail-protected), SCP protect-landing-zone', source: 'names.ts ORGANIZATION_TRAIL_NAME' },
  { fact: 'log archive bucket', value: code('<org>-log-archive-<log archive account id>'), publishedBy: '3 security', readBy: 'baselines (Config delivery)', source: 'names.ts logArchiveBucketName' },
  { fact: 'network tags on hub resources', value: `${code(TAG_TRANSIT_GATEWAY)}, ${code(TAG_SEGMENT)}`, publishedBy: '4 network', readBy: 'baselines (attachment lookups)', source: 'names.ts TAG_TRANSIT_GATEWAY, TAG_SEGMENT' },
  { fact: 'landing-zone roles in each account', value: [DEFAULT_ROLES.deploy, DEFAULT_ROLES.audit, DEFAULT_ROLES.breakGlass].map(code).join(', '), publishedBy: '5 baseline-<account>', readBy: 'product stacks (run as the deploy role), audit, proofs', source: 'config roles.*' },
  { fact: 'permissions boundary', value: code(`${PRODUCT_BOUNDARY_PATH}${PRODUCT_BOUNDARY_NAME}`), publishedBy: '5 baseline-<account>', readBy: 'product stacks (every role carries it), proofs (deploy-role-needs-boundary)', source: 'names.ts PRODUCT_BOUNDARY_PATH, PRODUCT_BOUNDARY_NAME' },
  { fact: 'product role path', value: code(PRODUCT_ROLE_PATH), publishedBy: '5 baseline-<account>', readBy: 'product kit (ServiceRole), deploy role policy', source: 'names.ts PRODUCT_ROLE_PATH' },
  { fact: 'KMS keys', value: `${code(`${KEY_ALIAS_PREFIX}data`)}, ${code(`${KEY_ALIAS_PREFIX}logs`)}`, publishedBy: '5 baseline-<account>', readBy: 'product kit (grants by alias), proofs (no-cross-product-data)', source: 'names.ts keyAlias' },
  { fact: 'flow log groups', value: code('/landing-zone/flow-logs/<account>'), publishedBy: '5 baseline-<account>', readBy: 'proofs (flow-logs-protected), product boundary', source: 'modules/segmented-vpc.ts' },
  { fact: 'Parameter Store contract', value: code(`${PARAMETER_ROOT}/...`), publishedBy: '5 baseline-<account>', readBy: 'product stacks (readBaseline), see the table above', source: 'parameters.ts BASELINE_PARAMETERS' },
  { fact: 'schedule tags', value: `${code(TAG_SCHEDULE)}: <template>, ${code(TAG_SCHEDULE_CAPACITY)}`, publishedBy: '5 baseline-<account>', readBy: 'product resources that follow office hours', source: 'names.ts TAG_SCHEDULE' },
  { fact: 'stack tags', value: `${code('managed-by')}: landing-zone, ${code('landing-zone-stack')}: <stack>`, publishedBy: '1 bootstrap', readBy: 'every stack (provider default tags); the boundary protects baseline-* network resources by it', source: 'stacks/landing-zone-stack.ts' },
];

/** The README table of STAGE_FACTS. */
export function stageContractTable(): string {
  return [
    '| fact | name | published by stage | read by | defined in |',
    '|---|---|---|---|---|',
    ...STAGE_FACTS.map((f) => `| ${f.fact} | ${f.value} | ${f.publishedBy} | ${f.readBy} | ${f.source} |`),
  ].join('\n');
}
