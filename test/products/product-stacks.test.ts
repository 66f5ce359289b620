/**
 * A product team's flow, as a new user runs it: add the product, scaffold its stack, edit it, and
 * synth and deploy it, without touching any file outside products/<name>/ and its config.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { productStackSources } from '../../src/products/stack-files';
import { stackSource } from '../../src/products/init';
import { exampleProject, type TestProject } from '../support/example';
import { lz } from '../support/cli';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const addOrders = () => lz(project.dir, 'product', 'add', 'orders', '--team', 'Orders', '--owner-email', 'orders@acme.example', '--cost-centre', 'CC-9', '--environments', 'prod,staging');
const synthJson = (stack: string) => JSON.parse(project.read(`cdktf.out/stacks/${stack}/cdk.tf.json`));

describe('product stacks live with their product', () => {
  it('GIVEN lz product add and lz product init THEN the stack and its test are written, the next steps printed, and lz synth builds it in every environment', async () => {
    expect((await addOrders()).code).toBe(0);
    const init = await lz(project.dir, 'product', 'init', 'orders');
    expect([init.code, init.stderr]).toEqual([0, '']);
    expect(init.stdout).toBe(
      'Wrote products/orders/stack.ts and products/orders/stack.test.ts.\n' +
        'Next: edit the stack, run its test (npx jest products/orders/stack.test.ts), lz synth, then commit:\n' +
        '  git add products/orders config/products/orders.yaml\n',
    );
    expect(project.read('products/orders/stack.ts')).toBe(stackSource('orders'));
    expect(project.read('products/orders/stack.test.ts')).toContain("synthProductStack(config, 'orders', 'prod', orders)");

    const synth = await lz(project.dir, 'synth', 'product-orders-prod', 'product-orders-staging');
    expect([synth.code, synth.stderr]).toEqual([0, '']);
    const prod = synthJson('product-orders-prod');
    // New accounts are pending until the organization creates them.
    expect(prod.resource.aws_s3_bucket.data.bucket).toBe('orders-prod-data-pending-orders-prod');
    expect(prod.resource.aws_iam_role.service.path).toBe('/product/');
    const grants = JSON.parse(project.read('cdktf.out/policies/product-orders-prod/role-orders-service-grants.json'));
    expect(grants.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['ListData', 'ReadData', 'DecryptDataObjects', 'PutData', 'EncryptDataObjects', 'DeleteData']);

    // Deployed in the dry run: the organization creates the accounts, then the product stack applies.
    const dry = await lz(project.dir, 'deploy', 'orders/prod', '--dry-run', '--skip-preflight');
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toContain('lz accounts wait --config config  # until orders-prod, orders-staging are ACTIVE');
    expect(dry.stdout.trim().split('\n').slice(-1)[0]).toBe('terraform -chdir=cdktf.out/stacks/product-orders-prod apply -input=false -lock-timeout=5m lz.tfplan');
  });

  it('GIVEN a product stack WHEN its source changes THEN the next synth uses the change, with no build step', async () => {
    await addOrders();
    await lz(project.dir, 'product', 'init', 'orders');
    await lz(project.dir, 'synth', 'product-orders-staging');
    expect(synthJson('product-orders-staging').resource.aws_sqs_queue).toBeUndefined();
    project.replace('products/orders/stack.ts', '  data.grantReadWrite(service);\n', "  data.grantReadWrite(service);\n  new EncryptedQueue(stack, 'jobs').grantConsume(service);\n");
    project.replace('products/orders/stack.ts', 'import { EncryptedBucket,', 'import { EncryptedBucket, EncryptedQueue,');
    const again = await lz(project.dir, 'synth', 'product-orders-staging');
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(synthJson('product-orders-staging').resource.aws_sqs_queue.jobs.name).toBe('orders-staging-jobs');
  });

  it('GIVEN a product stack whose account exists WHEN lz deploy PRODUCT/ENV --only --dry-run THEN only the product stack runs, as its own synth and apply', async () => {
    const r = await lz(project.dir, 'deploy', 'payments/staging', '--only', '--dry-run', '--skip-preflight');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toBe('lz synth --config config --out cdktf.out product-payments-staging');
    expect(lines.slice(2).every((l) => l.includes('cdktf.out/stacks/product-payments-staging'))).toBe(true);
    expect(lines).toHaveLength(6);
  });

  it('GIVEN the example THEN productStackSources lists each product stack folder\'s sources for the synth hash, tests left out', () => {
    project.write('products/payments/helpers.ts', 'export const X = 1;\n');
    project.write('products/payments/stack.test.ts', 'it("x", () => undefined);\n');
    const landingZone = loadLandingZone(project.configDir);
    expect(productStackSources(landingZone)).toEqual([join(project.dir, 'products/payments/helpers.ts'), join(project.dir, 'products/payments/stack.ts')]);
  });
});

describe('lz product init refuses what it cannot do, and writes nothing then', () => {
  it('GIVEN a product not in config THEN it says to add it first', async () => {
    const r = await lz(project.dir, 'product', 'init', 'orders');
    expect([r.code, r.stderr]).toEqual([2, 'command line: product orders is not in config; add it first with `lz product add orders --team TEAM --owner-email EMAIL --cost-centre CC`, or use one of analytics, catalog, payments\n']);
    expect(existsSync(join(project.dir, 'products', 'orders'))).toBe(false);
  });

  it('GIVEN a product that has a stack THEN it never overwrites it', async () => {
    const before = project.read('products/payments/stack.ts');
    const r = await lz(project.dir, 'product', 'init', 'payments');
    expect([r.code, r.stderr]).toEqual([2, 'products/payments/stack.ts: already exists; edit it; lz product init writes a new product\'s stack only and never overwrites\n']);
    expect(project.read('products/payments/stack.ts')).toBe(before);
    expect(existsSync(join(project.dir, 'products', 'payments', 'stack.test.ts'))).toBe(false);
  });

  it('GIVEN only the test exists THEN it writes neither file', async () => {
    await addOrders();
    mkdirSync(join(project.dir, 'products', 'orders'));
    project.write('products/orders/stack.test.ts', '// ours\n');
    const r = await lz(project.dir, 'product', 'init', 'orders');
    expect([r.code, r.stderr]).toEqual([2, 'products/orders/stack.test.ts: already exists; edit it; lz product init writes a new product\'s stack only and never overwrites\n']);
    expect(existsSync(join(project.dir, 'products', 'orders', 'stack.ts'))).toBe(false);
    expect(readFileSync(join(project.dir, 'products', 'orders', 'stack.test.ts'), 'utf8')).toBe('// ours\n');
  });
});

describe('a broken product stack is one clear error', () => {
  it('GIVEN a stack that exports no definition THEN synth names the file and the fix', async () => {
    project.write('products/payments/stack.ts', 'export const nothing = 1;\n');
    const r = await lz(project.dir, 'synth', 'product-payments-prod');
    expect([r.code, r.stderr]).toEqual([2, "products/payments/stack.ts: exports no product definition; export the function that adds the product's resources: `export default function (stack: ProductStack) { ... }`\n"]);
  });

  it('GIVEN a stack with a syntax error THEN synth names the file', async () => {
    project.write('products/payments/stack.ts', 'export default function (stack: ProductStack {\n');
    const r = await lz(project.dir, 'synth', 'product-payments-prod');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^products\/payments\/stack\.ts: cannot be compiled: .+; correct the TypeScript at that place \(npx tsc -p tsconfig\.json shows every error\)\n$/);
  });

  it('GIVEN a stack that imports a file that does not exist THEN synth names the import', async () => {
    project.write('products/payments/stack.ts', "import { x } from './missing';\nexport default function () { return x; }\n");
    const r = await lz(project.dir, 'synth', 'product-payments-prod');
    expect([r.code, r.stderr]).toEqual([2, 'products/payments/stack.ts: imports ./missing, which does not exist; correct the path of the import\n']);
  });
});
