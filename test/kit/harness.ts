/** A product stack of the example's payments-staging account with a definition a test writes. */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { policiesOf } from '../../src/policies/registry';
import { ProductStack, type ProductDefinition } from '../../stacks/product';
import { REPO } from '../support/example';
import type { TerraformJson } from '../support/synth';

export const exampleLz = loadLandingZone(join(REPO, 'config'));

export function productStack(define: ProductDefinition, accountName = 'payments-staging') {
  const account = exampleLz.accounts.find((a) => a.name === accountName)!;
  const stack = new ProductStack(Testing.app() as App, exampleLz, account, define);
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  const policies = policiesOf(stack);
  return { stack, json, policies, policy: (name: string) => policies.find((p) => p.name === name)?.document };
}

/** What a ProductDefinition throws, as the CLI prints it. */
export function thrown(define: ProductDefinition): string {
  try {
    productStack(define);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the definition to throw');
}
