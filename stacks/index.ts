/**
 * Every stack of the landing zone, in the order they deploy. Each definition builds only its own
 * stack, so `lz synth organization` pays for the organization stack alone.
 */
import type { App, TerraformStack } from 'cdktf';
import type { LandingZone } from '../src/config/model';
import './creation-stacks';
import { BootstrapStack } from './bootstrap';
import { OrganizationStack } from './organization';
import { SecurityStack } from './security';
import { NetworkStack } from './network';
import { BaselineStack, baselineAccounts, baselineStackName } from './baseline';
import { ProductStack, productStackName } from './product';
import { PRODUCT_STACKS } from './products';

export interface StackDefinition {
  readonly name: string;
  /** Stacks that must be applied first. */
  readonly dependsOn: readonly string[];
  build(app: App, lz: LandingZone): TerraformStack;
}

export function stackDefinitions(lz: LandingZone): StackDefinition[] {
  return [
    { name: 'bootstrap', dependsOn: [], build: (app, l) => new BootstrapStack(app, l) },
    { name: 'organization', dependsOn: ['bootstrap'], build: (app, l) => new OrganizationStack(app, l) },
    { name: 'security', dependsOn: ['organization'], build: (app, l) => new SecurityStack(app, l) },
    { name: 'network', dependsOn: ['organization'], build: (app, l) => new NetworkStack(app, l) },
    ...baselineAccounts(lz).map((account) => ({
      name: baselineStackName(account),
      // Config delivers to the log archive; a VPC attaches to the hub.
      dependsOn: account.vpc ? ['security', 'network'] : ['security'],
      build: (app: App, l: LandingZone) => new BaselineStack(app, l, account),
    })),
    ...baselineAccounts(lz)
      .filter((account) => account.kind === 'product' && PRODUCT_STACKS[account.product!])
      .map((account) => ({
        name: productStackName(account),
        dependsOn: [baselineStackName(account)],
        build: (app: App, l: LandingZone) => new ProductStack(app, l, account, PRODUCT_STACKS[account.product!]),
      })),
  ];
}
