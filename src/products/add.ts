/**
 * `lz product add`: one new product file with accounts named after the product, emails on the
 * organization's domain, a free VPC range per environment, and the OU and segment that fit each
 * environment. The file is validated with the rest of the config before it is kept.
 */
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LzError } from '../errors';
import { withConfigLock } from '../config/config-lock';
import { loadLandingZone, PRODUCTS_DIR } from '../config/load';
import type { LandingZone } from '../config/model';
import { displayPath } from '../config/paths';
import { firstFreeBlock } from '../net/allocate';
import { formatCidr, parseCidr, type Cidr } from '../net/cidr';

export interface AddProductOptions {
  readonly name: string;
  readonly team: string;
  readonly ownerEmail: string;
  readonly costCentre: string;
  /** @default ["prod", "nonprod"] */
  readonly environments?: readonly string[];
  /** @default - the home region */
  readonly region?: string;
  /** Prefix length of each environment's VPC. @default 20 */
  readonly vpcPrefix?: number;
  /** Where VPC ranges are taken from. @default "10.0.0.0/8" */
  readonly pool?: string;
  /** OU per environment, overriding the choice by name. */
  readonly ous?: Readonly<Record<string, string>>;
  /** Segment per environment, overriding the choice by name. */
  readonly segments?: Readonly<Record<string, string>>;
}

const isProd = (env: string) => /^prod(uction)?$/i.test(env);

export function chooseOu(lz: LandingZone, env: string): string | undefined {
  const paths = lz.organizationalUnits.map((o) => o.path);
  const last = (p: string) => p.split('/').pop()!;
  return isProd(env) ? paths.find((p) => /^prod(uction)?$/i.test(last(p))) : paths.find((p) => /^non-?prod(uction)?$/i.test(last(p)));
}

export function chooseSegment(lz: LandingZone, env: string): string | undefined {
  const segments = Object.entries(lz.organization.network.segments);
  if (isProd(env)) return segments.find(([, s]) => s.production)?.[0];
  return (segments.find(([n, s]) => !s.production && /^non-?prod/.test(n)) ?? segments.find(([n, s]) => !s.production && !/^shared/.test(n)))?.[0];
}

/** The YAML text of the new product; throws LzError when a choice cannot be made. */
export function productFile(lz: LandingZone, o: AddProductOptions): string {
  const cli = 'command line';
  const environments = o.environments ?? ['prod', 'nonprod'];
  const prefix = o.vpcPrefix ?? 20;
  const pool = parseCidr(o.pool ?? '10.0.0.0/8');
  if (!pool) throw LzError.of(cli, `--pool ${o.pool} is not a valid IPv4 CIDR`, 'write it as a.b.c.d/n, e.g. 10.0.0.0/8');
  if (lz.products[o.name]) {
    throw LzError.of(cli, `product ${o.name} already exists`, `edit ${displayPath(join(lz.configDir, PRODUCTS_DIR, `${o.name}.yaml`))} to add environments, or choose another name`);
  }
  const domain = lz.organization.managementAccount.email.split('@')[1];
  const taken: Cidr[] = [
    ...Object.values(lz.organization.reservedCidrs ?? {}).map((c) => parseCidr(c)!),
    ...lz.accounts.filter((a) => a.vpc).map((a) => parseCidr(a.vpc!.cidr)!),
  ];
  const problems = [];
  const blocks: string[] = [];
  for (const env of environments) {
    const ou = o.ous?.[env] ?? chooseOu(lz, env);
    const segment = o.segments?.[env] ?? chooseSegment(lz, env);
    if (!ou) problems.push({ file: cli, message: `no OU fits environment ${env}`, fix: `pass --ou ${env}=PATH with one of ${lz.organizationalUnits.map((x) => x.path).join(', ')}` });
    if (!segment) problems.push({ file: cli, message: `no network segment fits environment ${env}`, fix: `pass --segment ${env}=NAME with one of ${Object.keys(lz.organization.network.segments).join(', ')}` });
    const block = firstFreeBlock(pool, prefix, taken);
    if (!block) {
      problems.push({ file: cli, message: `no free /${prefix} is left in ${formatCidr(pool)}`, fix: 'pass a smaller --vpc-prefix (a longer prefix) or another --pool' });
      continue;
    }
    taken.push(block);
    const account = `${o.name}-${env}`;
    blocks.push(
      [
        `  ${env}:`,
        '    account:',
        `      name: ${account}`,
        `      email: aws+${account}@${domain}`,
        `    ou: ${ou ?? ''}`,
        `    regions: [${o.region ?? lz.organization.homeRegion}]`,
        `    segment: ${segment ?? ''}`,
        '    vpc:',
        `      cidr: ${formatCidr(block)}`,
      ].join('\n'),
    );
  }
  if (problems.length) throw new LzError(problems);
  return [
    '# yaml-language-server: $schema=../../schemas/product.schema.json',
    `name: ${o.name}`,
    'owner:',
    `  team: ${JSON.stringify(o.team)}`,
    `  email: ${o.ownerEmail}`,
    `costCentre: ${o.costCentre}`,
    'environments:',
    ...blocks,
    '',
  ].join('\n');
}

/**
 * Writes the product file if, and only if, the whole config is valid with it. Creation is
 * exclusive (a link of a finished temp file), so an existing file is never overwritten; the config
 * folder's lock is held from reading the config to the final check, so two at once never choose
 * the same free range.
 */
export function addProduct(configDir: string, o: AddProductOptions): Promise<{ file: string; text: string }> {
  return withConfigLock(configDir, () => addProductLocked(configDir, o), { command: `lz product add ${o.name}` });
}

function addProductLocked(configDir: string, o: AddProductOptions): { file: string; text: string } {
  const lz = loadLandingZone(configDir);
  const text = productFile(lz, o);
  const file = join(lz.configDir, PRODUCTS_DIR, `${o.name}.yaml`);
  const temp = `${file}.${process.pid}.partial`;
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw LzError.of(displayPath(file), 'already exists', 'edit it, or choose another product name');
    }
    throw e;
  } finally {
    unlinkSync(temp);
  }
  try {
    loadLandingZone(configDir);
  } catch (e) {
    unlinkSync(file);
    throw e;
  }
  return { file: displayPath(file), text };
}
