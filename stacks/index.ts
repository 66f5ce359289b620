/**
 * Every stack of the landing zone, in the order they deploy. Each definition builds only its own
 * stack, so `lz synth organization` pays for the organization stack alone.
 */
import type { App } from 'cdktf';
import type { StackDefinition } from '../src/contract/stages';
import type { LandingZone } from '../src/config/model';
import './creation-stacks';
import { BootstrapStack } from './bootstrap';
import { OrganizationStack } from './organization';
import { SecurityStack } from './security';
import { NetworkStack } from './network';
import { IdentityStack } from './identity';
import { BaselineStack, baselineAccounts, baselineStackName, productStackAccounts } from './baseline';
import { ProductStack, productStackName } from './product';
import { productDefinition } from './product-definitions';
import { productStackFile } from '../src/products/stack-files';

export type { StackDefinition } from '../src/contract/stages';

export function stackDefinitions(lz: LandingZone): StackDefinition[] {
  const withStacks = new Set(Object.keys(lz.products).filter((p) => productStackFile(lz, p) !== undefined));
  return [
    { name: 'bootstrap', dependsOn: [], build: (app, l) => new BootstrapStack(app, l) },
    { name: 'organization', dependsOn: ['bootstrap'], build: (app, l) => new OrganizationStack(app, l) },
    { name: 'security', dependsOn: ['organization'], build: (app, l) => new SecurityStack(app, l) },
    { name: 'network', dependsOn: ['organization'], build: (app, l) => new NetworkStack(app, l) },
    ...baselineAccounts(lz).map((account) => ({
      name: baselineStackName(account),
      account,
      // Config delivers to the log archive; a VPC attaches to the hub.
      dependsOn: account.vpc ? ['security', 'network'] : ['security'],
      build: (app: App, l: LandingZone) => new BaselineStack(app, l, account),
    })),
    // People get the product boundary, which every member baseline creates: identity comes after them.
    { name: 'identity', dependsOn: baselineAccounts(lz).filter((a) => a.kind !== 'management').map(baselineStackName), build: (app: App, l: LandingZone) => new IdentityStack(app, l) },
    // A product has a stack when its folder has one (products/<product>/stack.ts): no list to edit.
    ...productStackAccounts(lz)
      .filter((account) => withStacks.has(account.product!))
      .map((account) => ({
        name: productStackName(account),
        account,
        dependsOn: [baselineStackName(account)],
        build: (app: App, l: LandingZone) => new ProductStack(app, l, account, productDefinition(l, account.product!)!),
      })),
  ];
}
