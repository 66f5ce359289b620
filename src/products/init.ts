/**
 * `lz product init`: the product's own stack and its test, in `products/<product>/`, for a product
 * that is in config. The files are created, never overwritten: if either exists nothing is written.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LzError } from '../errors';
import { loadLandingZone, PRODUCTS_DIR } from '../config/load';
import { displayPath } from '../config/paths';
import { productStackDir, productStackFile } from './stack-files';

/** `order-history` → `orderHistory`. */
function identifier(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function stackSource(product: string): string {
  return `/**
 * The ${product} product's own stack: called once for each environment of the product, with that
 * environment's ProductStack (its account, region, baseline contract, data key, pause state).
 * Build it from the product kit; every grant is recorded for the policy review.
 */
import { EncryptedBucket, ServiceRole, type ProductStack } from 'landing-zone';

export default function ${identifier(product)}(stack: ProductStack): void {
  const data = new EncryptedBucket(stack, 'data');
  const service = new ServiceRole(stack, 'service', {
    roleName: '${product}-service',
    assumedBy: 'ecs-tasks.amazonaws.com',
    description: 'The ${product} service',
  });
  data.grantReadWrite(service);
}
`;
}

export function testSource(product: string, environment: string, configPath: string): string {
  return `import { join } from 'node:path';
import { synthProductStack } from 'landing-zone';
import ${identifier(product)} from './stack';

const config = join(__dirname, ${configPath.split('/').map((p) => `'${p}'`).join(', ')});

describe('the ${product} stack', () => {
  it('GIVEN ${environment} THEN the service may read and write the data bucket, and nothing else', () => {
    const { policy } = synthProductStack(config, '${product}', '${environment}', ${identifier(product)});
    const grants = policy('role-${product}-service-grants') as { Statement: { Sid: string }[] };
    expect(grants.Statement.map((s) => s.Sid)).toEqual(['ListData', 'ReadData', 'DecryptDataObjects', 'PutData', 'EncryptDataObjects', 'DeleteData']);
  });
});
`;
}

export interface InitResult {
  /** The files written, as the user reads paths. */
  readonly files: readonly string[];
  /** What to commit. */
  readonly commit: readonly string[];
}

export function initProduct(configDir: string, product: string): InitResult {
  const lz = loadLandingZone(configDir);
  const config = lz.products[product];
  if (!config) {
    const names = Object.keys(lz.products);
    throw LzError.of(
      'command line',
      `product ${product} is not in config`,
      `add it first with \`lz product add ${product} --team TEAM --owner-email EMAIL --cost-centre CC\`${names.length ? `, or use one of ${names.join(', ')}` : ''}`,
    );
  }
  const dir = productStackDir(lz, product);
  const existing = productStackFile(lz, product);
  const stack = join(dir, 'stack.ts');
  const test = join(dir, 'stack.test.ts');
  const taken = [existing, existsSync(test) ? test : undefined].filter((f): f is string => f !== undefined);
  if (taken.length) {
    throw LzError.of(displayPath(taken[0]), 'already exists', `edit it; lz product init writes a new product's stack only and never overwrites${taken.length > 1 ? ` (${displayPath(taken[1])} exists too)` : ''}`);
  }
  const environment = Object.keys(config.environments).sort()[0];
  const configPath = relative(dir, lz.configDir).split(/[\\/]/).join('/');
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [file, text] of [
      [stack, stackSource(product)],
      [test, testSource(product, environment, configPath)],
    ] as const) {
      writeFileSync(file, text, { flag: 'wx' });
      written.push(file);
    }
  } catch (e) {
    for (const f of written) rmSync(f, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw LzError.of(displayPath((e as NodeJS.ErrnoException).path ?? dir), 'already exists', 'edit it; lz product init never overwrites');
    throw e;
  }
  const productFile = join(lz.configDir, PRODUCTS_DIR, `${product}.yaml`);
  return { files: written.map(displayPath), commit: [displayPath(dir), displayPath(productFile)] };
}
