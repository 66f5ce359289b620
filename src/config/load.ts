/**
 * Loads a config folder into a LandingZone: parse each file with positions, check it against the
 * schema, resolve defaults, then run the organization-wide checks. Every problem in every file is
 * collected; nothing is returned unless the whole config is sound.
 */
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { LzError, type Problem } from '../errors';
import { runChecks } from './checks';
import {
  DEFAULT_CONFIG_RULE_SET,
  DEFAULT_ROLES,
  DEFAULT_SCHEDULE_DAYS,
  resolveVpc,
  CORE_ROLES,
  type AccountSpec,
  type LandingZone,
  type OrganizationalUnitSpec,
} from './model';
import { displayPath } from './paths';
import {
  AccountsLockSchema,
  OrganizationSchema,
  ProductSchema,
  type AccountsLock,
  type OrganizationConfig,
  type OrganizationalUnitConfig,
  type ProductConfig,
} from './schema';
import { within } from './input-file';
import { withoutPrototypes } from './input-value';
import { issuesToProblems } from './schema-issues';
import { YamlFile } from './yaml-file';

export const ORGANIZATION_FILE = 'organization.yaml';
export const PRODUCTS_DIR = 'products';
export const LOCK_FILE = 'accounts.lock.yaml';

/** The most product files a config folder may hold; `lz validate` of this many takes a few seconds. */
export const MAX_PRODUCT_FILES = 20_000;

function readValidated<T>(
  path: string,
  root: string,
  schema: z.ZodType<T>,
  problems: Problem[],
): { yaml: YamlFile; value: T } | undefined {
  const { yaml, problems: syntax } = YamlFile.read(path, displayPath(path), root);
  problems.push(...syntax);
  if (!yaml) return undefined;
  const raw = yaml.value();
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    problems.push(...issuesToProblems(yaml, schema, raw, parsed.error.issues));
    return undefined;
  }
  return { yaml, value: withoutPrototypes(parsed.data) };
}

export interface LoadOptions {
  /**
   * Run the organization-wide checks. Only a process handed config that its parent already
   * checked (a synth worker) turns them off. @default true
   */
  readonly checks?: boolean;
}

/** Loads and checks a config folder; throws LzError naming every problem found. */
export function loadLandingZone(configDir: string, options: LoadOptions = {}): LandingZone {
  const dir = resolve(configDir);
  const problems: Problem[] = [];
  const orgPath = join(dir, ORGANIZATION_FILE);
  if (!existsSync(orgPath)) {
    throw LzError.of(displayPath(orgPath), 'does not exist', `point --config at a folder with ${ORGANIZATION_FILE}, or create one (see README "Config reference")`);
  }
  // Inputs must live in the project: the folder that holds the config folder (policies/ is beside it).
  const root = dirname(dir);
  const org = readValidated(orgPath, root, OrganizationSchema, problems);

  const products: { yaml: YamlFile; value: ProductConfig }[] = [];
  for (const f of productFiles(join(dir, PRODUCTS_DIR), root, problems)) {
    const loaded = readValidated(f.path, root, ProductSchema, problems);
    if (!loaded) continue;
    if (loaded.value.name !== f.name) {
      problems.push(loaded.yaml.problem(['name'], `"${loaded.value.name}" differs from the file name`, `name the file ${loaded.value.name}.yaml or set name: ${f.name}`));
    }
    products.push(loaded);
  }

  const lockPath = join(dir, LOCK_FILE);
  const lock = existsSync(lockPath) || isLink(lockPath) ? readValidated(lockPath, root, AccountsLockSchema, problems) : undefined;

  if (problems.length || !org) throw new LzError(sortProblems(problems));

  const lz = resolveLandingZone(dir, org.value, org.yaml, products, lock);
  const checked = options.checks === false ? [] : runChecks(lz);
  if (checked.length) throw new LzError(sortProblems(checked));
  return lz;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The product files of the products folder, one per product name: `<name>.yaml` (or `.yml`).
 * Anything else in the folder (a second file for the same name, another extension, a folder) is a
 * problem rather than silently ignored or merged; hidden files (`.gitkeep`) are skipped.
 */
function productFiles(productsDir: string, root: string, problems: Problem[]): { name: string; path: string }[] {
  const shown = displayPath(productsDir);
  const refuse = (message: string, fix: string) => {
    problems.push({ file: shown, message, fix });
    return [];
  };
  let stat;
  try {
    stat = lstatSync(productsDir);
  } catch {
    return refuse('does not exist', `create the folder (it may stay empty until the first \`lz product add\`)`);
  }
  if (stat.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(productsDir);
    } catch {
      return refuse('is a symbolic link that leads nowhere', 'replace it with the folder itself');
    }
    if (!within(realpathSync(root), real)) return refuse('is a symbolic link to a folder outside the project folder', 'inputs must live in the project: replace the link with the folder itself');
  }
  let entries;
  try {
    entries = readdirSync(productsDir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR'
      ? refuse('is a file, not a folder', `make ${shown} a folder holding one <product>.yaml per product`)
      : refuse(`cannot be read (${code ?? 'error'})`, 'check that the folder exists and is readable');
  }
  const byName = new Map<string, string>();
  const out: { name: string; path: string }[] = [];
  const files = entries.map((e) => e.name).filter((n) => !n.startsWith('.')).sort();
  if (files.length > MAX_PRODUCT_FILES) {
    return refuse(`holds ${files.length} entries, over the ${MAX_PRODUCT_FILES} product files a config folder may have`, 'split the organization, or remove files that are not products');
  }
  for (const file of files) {
    const m = /^(.*)\.(ya?ml)$/i.exec(file);
    const where = { file: displayPath(join(productsDir, file)) };
    if (!m) {
      problems.push({ ...where, message: 'is not a product file', fix: `${shown} holds only <product>.yaml files; move it elsewhere` });
      continue;
    }
    if (m[2] !== m[2].toLowerCase()) {
      problems.push({ ...where, message: `has the extension .${m[2]}`, fix: `rename it to ${m[1]}.yaml: product files end in lowercase .yaml` });
      continue;
    }
    const first = byName.get(m[1]);
    if (first !== undefined) {
      problems.push({ ...where, message: `is a second file for product ${m[1]}, beside ${first}`, fix: 'keep one file per product: merge them and delete the other' });
      continue;
    }
    byName.set(m[1], where.file);
    out.push({ name: m[1], path: join(productsDir, file) });
  }
  return out;
}

/** File by file, top to bottom, as a reader fixes them. */
function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}

function walkOus(
  ous: Record<string, OrganizationalUnitConfig>,
  parent: string,
  parentRuleSet: string,
  sourcePath: string,
  out: OrganizationalUnitSpec[],
  file: string,
): void {
  for (const name of Object.keys(ous).sort()) {
    const ou = ous[name];
    const path = parent ? `${parent}/${name}` : name;
    const configRuleSet = ou.configRules ?? parentRuleSet;
    const here = `${sourcePath}.${name}`;
    out.push({ path, name, parent, serviceControlPolicies: ou.serviceControlPolicies ?? [], resourceControlPolicies: ou.resourceControlPolicies ?? [], configRuleSet, source: { file, path: here } });
    walkOus(ou.children ?? {}, path, configRuleSet, `${here}.children`, out, file);
  }
}

function resolveLandingZone(
  dir: string,
  organization: OrganizationConfig,
  orgYaml: YamlFile,
  products: { yaml: YamlFile; value: ProductConfig }[],
  lock: { yaml: YamlFile; value: AccountsLock } | undefined,
): LandingZone {
  const orgFile = orgYaml.file;
  const organizationalUnits: OrganizationalUnitSpec[] = [];
  walkOus(organization.organizationalUnits, '', DEFAULT_CONFIG_RULE_SET, 'organizationalUnits', organizationalUnits, orgFile);
  const ruleSetOf = (ou: string) => organizationalUnits.find((o) => o.path === ou)?.configRuleSet ?? DEFAULT_CONFIG_RULE_SET;
  const production = (segment: string | undefined) => (segment ? organization.network.segments[segment]?.production === true : false);
  const baseTags = { 'managed-by': 'landing-zone', organization: organization.name };

  const accounts: AccountSpec[] = [
    {
      name: organization.managementAccount.name,
      email: organization.managementAccount.email,
      kind: 'management',
      ou: '',
      regions: [organization.homeRegion],
      state: 'active',
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      configRuleSet: DEFAULT_CONFIG_RULE_SET,
      tags: { ...baseTags, role: 'management' },
      source: { file: orgFile, path: 'managementAccount' },
    },
  ];
  for (const role of CORE_ROLES) {
    const core = organization.coreAccounts[role];
    accounts.push({
      name: core.name,
      email: core.email,
      kind: 'core',
      coreRole: role,
      ou: core.ou,
      regions: [...organization.allowedRegions],
      state: 'active',
      serviceControlPolicies: core.serviceControlPolicies ?? [],
      resourceControlPolicies: core.resourceControlPolicies ?? [],
      segment: core.segment,
      vpc: core.vpc ? resolveVpc(core.vpc, production(core.segment)) : undefined,
      configRuleSet: ruleSetOf(core.ou),
      tags: { ...baseTags, role: role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) },
      source: { file: orgFile, path: `coreAccounts.${role}` },
    });
  }
  for (const name of Object.keys(organization.accounts ?? {}).sort()) {
    const member = organization.accounts![name];
    accounts.push({
      name,
      email: member.email,
      kind: 'member',
      ou: member.ou,
      regions: member.regions ?? [organization.homeRegion],
      state: member.state ?? 'active',
      serviceControlPolicies: member.serviceControlPolicies ?? [],
      resourceControlPolicies: member.resourceControlPolicies ?? [],
      configRuleSet: ruleSetOf(member.ou),
      tags: { ...baseTags, role: 'member' },
      source: { file: orgFile, path: `accounts.${name}` },
    });
  }
  for (const { yaml, value: product } of [...products].sort((a, b) => a.value.name.localeCompare(b.value.name))) {
    for (const envName of Object.keys(product.environments).sort()) {
      const env = product.environments[envName];
      // An unknown template is reported by the checks; here it gives no defaults.
      const template = env.template ? organization.environmentTemplates?.[env.template] : undefined;
      accounts.push({
        name: env.account.name,
        email: env.account.email,
        kind: 'product',
        product: product.name,
        environment: envName,
        ou: env.ou,
        regions: env.regions,
        state: env.state ?? 'active',
        serviceControlPolicies: env.serviceControlPolicies ?? [],
        // A product environment's account takes its RCPs from its OU chain.
        resourceControlPolicies: [],
        segment: env.segment,
        vpc: resolveVpc(env.vpc, production(env.segment), template?.vpc),
        configRuleSet: template?.configRules ?? ruleSetOf(env.ou),
        tags: {
          ...template?.tags,
          ...baseTags,
          product: product.name,
          environment: envName,
          'cost-centre': product.costCentre,
          owner: product.owner.email,
        },
        source: { file: yaml.file, path: `environments.${envName}` },
        ...(env.template ? { template: env.template } : {}),
        paused: env.paused === true,
        ...(env.clonedFrom ? { clonedFrom: env.clonedFrom } : {}),
        ...(template?.schedule
          ? { schedule: { name: env.template!, timezone: template.schedule.timezone, startAt: template.schedule.startAt, stopAt: template.schedule.stopAt, days: template.schedule.days ?? DEFAULT_SCHEDULE_DAYS } }
          : {}),
        ...(template?.budget ? { budgetMonthlyUsd: template.budget.monthlyUsd } : {}),
      });
    }
  }

  return {
    configDir: dir,
    projectDir: dirname(dir),
    organization,
    products: withoutPrototypes(Object.fromEntries(products.map((p) => [p.value.name, p.value]))),
    roles: { ...DEFAULT_ROLES, ...organization.roles },
    stateBucket: organization.stateBucket ?? `${organization.name}-landing-zone-state`,
    suspendedOu: organization.suspendedOu ?? 'Suspended',
    maxScpsPerTarget: organization.maxScpsPerTarget ?? 5,
    organizationalUnits,
    accounts,
    lock: lock?.value,
    files: [orgYaml, ...products.map((p) => p.yaml), ...(lock ? [lock.yaml] : [])],
  };
}
