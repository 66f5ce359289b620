/**
 * For a product's own tests: synthesize its stack in one environment, in memory, and look at the
 * Terraform JSON and the documents recorded for the policy review.
 *
 * ```ts
 * import { synthProductStack } from 'landing-zone';
 * import orders from './stack';
 * const { resources, policy } = synthProductStack('config', 'orders', 'prod', orders);
 * ```
 */
import { App, Testing } from 'cdktf';
import { LzError } from '../errors';
import { loadLandingZone } from '../config/load';
import type { Json } from '../policies/document';
import { policiesOf, type PolicyRecord } from '../policies/registry';
import { ProductStack, type ProductDefinition } from '../../stacks/product';
import { productDefinition } from '../../stacks/product-definitions';

export interface SynthesizedProductStack {
  readonly stack: ProductStack;
  /** The stack's Terraform JSON. */
  readonly json: { readonly resource?: Record<string, Record<string, any>>; readonly data?: Record<string, Record<string, any>>; readonly output?: Record<string, any> } & Record<string, any>;
  /** Every document the stack recorded for review, in name order. */
  readonly policies: readonly PolicyRecord[];
  /** The resources of one Terraform type, by address name. */
  resources(type: string): Record<string, any>;
  /** A recorded document by its name, e.g. `role-orders-service-grants`. */
  policy(name: string): Json | undefined;
}

/**
 * @param configDir the config folder, e.g. `config`
 * @param define the product definition to test @default - the one in products/<product>/stack.ts
 */
export function synthProductStack(configDir: string, product: string, environment: string, define?: ProductDefinition): SynthesizedProductStack {
  const lz = loadLandingZone(configDir);
  const account = lz.accounts.find((a) => a.kind === 'product' && a.product === product && a.environment === environment);
  if (!account) {
    const known = lz.accounts.filter((a) => a.kind === 'product').map((a) => `${a.product}/${a.environment}`);
    throw LzError.of('synthProductStack', `${product}/${environment} is not an environment in config`, `use one of ${known.join(', ')}`);
  }
  const definition = define ?? productDefinition(lz, product);
  if (!definition) throw LzError.of('synthProductStack', `product ${product} has no stack`, `write products/${product}/stack.ts (lz product init ${product})`);
  const stack = new ProductStack(Testing.app() as App, lz, account, definition);
  const json = JSON.parse(Testing.synth(stack)) as SynthesizedProductStack['json'];
  const policies = policiesOf(stack);
  return {
    stack,
    json,
    policies,
    resources: (type) => json.resource?.[type] ?? {},
    policy: (name) => policies.find((p) => p.name === name)?.document,
  };
}
