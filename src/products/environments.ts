/**
 * Environments as a product: `lz env add`, `lz env clone`, `lz env pause | resume`. Each reads the
 * product file as a YAML document, changes only what it must (comments and order stay), and keeps
 * the change only if the whole config validates with it; all under the config folder's lock
 * (src/config/config-lock.ts, shared with lz product add), so two runs never take the same VPC range.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument, type Document } from 'yaml';
import { LzError } from '../errors';
import { loadLandingZone, PRODUCTS_DIR } from '../config/load';
import type { AccountSpec, LandingZone } from '../config/model';
import { displayPath } from '../config/paths';
import type { EnvironmentConfig } from '../config/schema';
import { firstFreeBlock } from '../net/allocate';
import { formatCidr, parseCidr, type Cidr } from '../net/cidr';
import { chooseOu, chooseSegment } from './add';
import { withConfigLock } from '../config/config-lock';

const CLI = 'command line';

export interface NewEnvironmentOptions {
  /** The primary (and only) region. @default - the source's regions (clone), the home region (add) */
  readonly region?: string;
  /** @default - the template's VPC prefix, else the source's (clone), else 20 */
  readonly vpcPrefix?: number;
  /** Where the VPC range comes from. @default "10.0.0.0/8" */
  readonly pool?: string;
  /** @default - the OU that fits the environment's name */
  readonly ou?: string;
  /** @default - the segment that fits the environment's name */
  readonly segment?: string;
  /** The environment template. @default - the source's (clone), none (add) */
  readonly template?: string;
}

export interface EnvironmentChange {
  readonly file: string;
  /** What changed, in one line. */
  readonly summary: string;
}

/** `payments/prod` → ['payments', 'prod'], or a clear error. */
export function parseTarget(target: string | undefined, usage: string): { product: string; environment: string } {
  const m = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)$/.exec(target ?? '');
  if (!m) throw LzError.of(CLI, target ? `"${target}" is not PRODUCT/ENV` : 'PRODUCT/ENV is missing', `name an environment as e.g. payments/staging; usage: ${usage}`);
  return { product: m[1], environment: m[2] };
}

function productFile(lz: LandingZone, product: string): string {
  return join(lz.configDir, PRODUCTS_DIR, `${product}.yaml`);
}

function environmentOf(lz: LandingZone, product: string, environment: string): AccountSpec {
  if (!lz.products[product]) {
    throw LzError.of(CLI, `product ${product} does not exist`, `use one of ${Object.keys(lz.products).join(', ')}, or add it with lz product add`);
  }
  const account = lz.accounts.find((a) => a.kind === 'product' && a.product === product && a.environment === environment);
  if (!account) {
    throw LzError.of(CLI, `${product} has no environment ${environment}`, `use one of ${Object.keys(lz.products[product].environments).map((e) => `${product}/${e}`).join(', ')}`);
  }
  return account;
}

/**
 * Replaces the product file with `change(doc)` applied, then validates the whole config; if that
 * fails, the file is put back as it was and the problems are thrown. Writes are whole-file renames.
 */
function editProductFile(configDir: string, file: string, change: (doc: Document) => void): void {
  const before = readFileSync(file, 'utf8');
  const doc = parseDocument(before);
  change(doc);
  const replace = (text: string) => {
    const temp = `${file}.${process.pid}.partial`;
    writeFileSync(temp, text);
    renameSync(temp, file);
  };
  replace(doc.toString({ flowCollectionPadding: false }));
  try {
    loadLandingZone(configDir);
  } catch (e) {
    replace(before);
    throw e;
  }
}

function isProduction(lz: LandingZone, account: AccountSpec): boolean {
  return account.segment !== undefined && lz.organization.network.segments[account.segment]?.production === true;
}

/** The first free VPC range of `prefix` in `pool`, past every VPC and reserved range. */
function freeRange(lz: LandingZone, pool: string | undefined, prefix: number): string {
  const from = parseCidr(pool ?? '10.0.0.0/8');
  if (!from) throw LzError.of(CLI, `--pool ${pool} is not a valid IPv4 CIDR`, 'write it as a.b.c.d/n, e.g. 10.0.0.0/8');
  if (!Number.isInteger(prefix) || prefix < 16 || prefix > 28) throw LzError.of(CLI, `--vpc-prefix ${prefix} is not allowed`, 'use a whole number from 16 to 28');
  const taken: Cidr[] = [
    ...Object.values(lz.organization.reservedCidrs ?? {}).map((c) => parseCidr(c)!),
    ...lz.accounts.filter((a) => a.vpc).map((a) => parseCidr(a.vpc!.cidr)!),
  ];
  const block = firstFreeBlock(from, prefix, taken);
  if (!block) throw LzError.of(CLI, `no free /${prefix} is left in ${formatCidr(from)}`, 'pass a longer --vpc-prefix or another --pool');
  return formatCidr(block);
}

/** The YAML of a new environment, in the order the example files use. */
function environmentNode(lz: LandingZone, product: string, environment: string, fields: {
  readonly regions: readonly string[];
  readonly ou?: string;
  readonly segment?: string;
  readonly template?: string;
  readonly clonedFrom?: string;
  readonly vpc: EnvironmentConfig['vpc'];
  readonly serviceControlPolicies?: readonly string[];
}): EnvironmentConfig {
  const problems = [];
  if (!fields.ou) problems.push({ file: CLI, message: `no OU fits environment ${environment}`, fix: `pass --ou PATH with one of ${lz.organizationalUnits.map((o) => o.path).join(', ')}` });
  if (!fields.segment) problems.push({ file: CLI, message: `no network segment fits environment ${environment}`, fix: `pass --segment NAME with one of ${Object.keys(lz.organization.network.segments).join(', ')}` });
  if (problems.length) throw new LzError(problems);
  const name = `${product}-${environment}`;
  const domain = lz.organization.managementAccount.email.split('@')[1];
  return {
    account: { name, email: `aws+${name}@${domain}` },
    ou: fields.ou!,
    regions: [...fields.regions],
    segment: fields.segment!,
    ...(fields.template ? { template: fields.template } : {}),
    ...(fields.clonedFrom ? { clonedFrom: fields.clonedFrom } : {}),
    ...(fields.serviceControlPolicies?.length ? { serviceControlPolicies: [...fields.serviceControlPolicies] } : {}),
    vpc: fields.vpc,
  };
}

function insertEnvironment(configDir: string, file: string, environment: string, value: EnvironmentConfig): void {
  editProductFile(configDir, file, (doc) => {
    const node = doc.createNode(value);
    // Lists inline, as in the example files: regions: [eu-west-1].
    for (const key of ['regions', 'serviceControlPolicies']) {
      const list = node.get(key, true) as { flow?: boolean } | undefined;
      if (list) list.flow = true;
    }
    const environments = doc.get('environments', true);
    if (!isMap(environments)) throw LzError.of(displayPath(file), 'has no environments mapping', 'fix the file so that it validates (lz validate)');
    environments.set(doc.createNode(environment), node);
  });
}

function checkNewName(lz: LandingZone, product: string, environment: string): void {
  if (!/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(environment)) {
    throw LzError.of(CLI, `environment name "${environment}" is not valid`, 'use 2 to 32 lowercase letters, digits and hyphens, starting with a letter, e.g. release-42');
  }
  if (lz.products[product]?.environments[environment]) {
    throw LzError.of(CLI, `${product} already has an environment ${environment}`, 'choose another name');
  }
}

/** `lz env add PRODUCT ENV`: a new environment of an existing product, from a template or the defaults. */
export function addEnvironment(configDir: string, product: string, environment: string, o: NewEnvironmentOptions = {}): Promise<EnvironmentChange> {
  return withConfigLock(configDir, () => {
    const lz = loadLandingZone(configDir);
    if (!lz.products[product]) {
      throw LzError.of(CLI, `product ${product} does not exist`, `add it with lz product add ${product}, or use one of ${Object.keys(lz.products).join(', ')}`);
    }
    checkNewName(lz, product, environment);
    const template = o.template ? lz.organization.environmentTemplates?.[o.template] : undefined;
    if (o.template && !template) {
      const names = Object.keys(lz.organization.environmentTemplates ?? {});
      throw LzError.of(CLI, `template ${o.template} does not exist`, names.length ? `use one of ${names.join(', ')}` : 'define it under environmentTemplates in organization.yaml');
    }
    const cidr = freeRange(lz, o.pool, o.vpcPrefix ?? template?.vpc?.prefix ?? 20);
    const value = environmentNode(lz, product, environment, {
      regions: [o.region ?? lz.organization.homeRegion],
      ou: o.ou ?? chooseOu(lz, environment),
      segment: o.segment ?? chooseSegment(lz, environment),
      template: o.template,
      vpc: { cidr },
    });
    const file = productFile(lz, product);
    insertEnvironment(configDir, file, environment, value);
    return { file: displayPath(file), summary: `${product}/${environment}: account ${value.account.name} (${value.account.email}), ${cidr} in ${value.regions.join(', ')}, ${value.ou}, segment ${value.segment}${o.template ? `, template ${o.template}` : ''}` };
  }, { command: `lz env add ${product} ${environment}` });
}

/**
 * `lz env clone PRODUCT/ENV NEW`: a new environment like an existing one (template, regions unless
 * --region, VPC size, AZs, NAT, SCPs, the same product stack), in its own account with a free VPC
 * range, on the OU and segment that fit its name (a copy of prod is a test environment, not prod).
 */
export function cloneEnvironment(configDir: string, source: { product: string; environment: string }, environment: string, o: NewEnvironmentOptions = {}): Promise<EnvironmentChange> {
  return withConfigLock(configDir, () => {
    const lz = loadLandingZone(configDir);
    environmentOf(lz, source.product, source.environment);
    checkNewName(lz, source.product, environment);
    const from = lz.products[source.product].environments[source.environment];
    const template = from.template ? lz.organization.environmentTemplates?.[from.template] : undefined;
    const prefix = o.vpcPrefix ?? template?.vpc?.prefix ?? Number(from.vpc.cidr.split('/')[1]);
    const cidr = freeRange(lz, o.pool, prefix);
    // Subnet prefixes were sized for the source's range: a clone of another size gets the defaults.
    const sameSize = prefix === Number(from.vpc.cidr.split('/')[1]);
    const vpc: EnvironmentConfig['vpc'] = {
      cidr,
      ...(from.vpc.availabilityZones !== undefined ? { availabilityZones: from.vpc.availabilityZones } : {}),
      ...(from.vpc.nat ? { nat: from.vpc.nat } : {}),
      ...(sameSize && from.vpc.subnetPrefix ? { subnetPrefix: from.vpc.subnetPrefix } : {}),
    };
    const value = environmentNode(lz, source.product, environment, {
      regions: o.region ? [o.region] : from.regions,
      ou: o.ou ?? chooseOu(lz, environment),
      segment: o.segment ?? chooseSegment(lz, environment),
      template: o.template ?? from.template,
      clonedFrom: source.environment,
      serviceControlPolicies: from.serviceControlPolicies,
      vpc,
    });
    const file = productFile(lz, source.product);
    insertEnvironment(configDir, file, environment, value);
    return {
      file: displayPath(file),
      summary: `${source.product}/${environment}, a clone of ${source.product}/${source.environment}: account ${value.account.name} (${value.account.email}), ${cidr} in ${value.regions.join(', ')}, ${value.ou}, segment ${value.segment}`,
    };
  }, { command: `lz env clone ${source.product}/${source.environment} ${environment}` });
}

/** `lz env pause | resume PRODUCT/ENV`. Production environments are never paused. */
export function setPaused(configDir: string, target: { product: string; environment: string }, paused: boolean): Promise<EnvironmentChange> {
  return withConfigLock(configDir, () => {
    const lz = loadLandingZone(configDir);
    const account = environmentOf(lz, target.product, target.environment);
    const name = `${target.product}/${target.environment}`;
    if (paused && isProduction(lz, account)) {
      throw LzError.of(CLI, `${name} is a production environment (segment ${account.segment}) and cannot be paused`, 'pause a non-production environment; production always runs');
    }
    const file = productFile(lz, target.product);
    if ((account.paused === true) === paused) return { file: displayPath(file), summary: `${name} is already ${paused ? 'paused' : 'running'}; nothing changed` };
    editProductFile(configDir, file, (doc) => {
      if (paused) doc.setIn(['environments', target.environment, 'paused'], true);
      else doc.deleteIn(['environments', target.environment, 'paused']);
    });
    return { file: displayPath(file), summary: paused ? `${name} is paused: its product stack scales compute to zero on the next deploy` : `${name} runs again on the next deploy` };
  }, { command: `lz env ${paused ? 'pause' : 'resume'} ${target.product}/${target.environment}` });
}
