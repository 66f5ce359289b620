/**
 * Every stack of the landing zone, in the order they deploy. Each definition builds only its own
 * stack, so `lz synth organization` pays for the organization stack alone.
 */
import type { App, TerraformStack } from 'cdktf';
import type { LandingZone } from '../src/config/model';
import { BootstrapStack } from './bootstrap';
import { OrganizationStack } from './organization';

export interface StackDefinition {
  readonly name: string;
  /** Stacks that must be applied first. */
  readonly dependsOn: readonly string[];
  build(app: App, lz: LandingZone): TerraformStack;
}

export function stackDefinitions(lz: LandingZone): StackDefinition[] {
  void lz;
  return [
    { name: 'bootstrap', dependsOn: [], build: (app, l) => new BootstrapStack(app, l) },
    { name: 'organization', dependsOn: ['bootstrap'], build: (app, l) => new OrganizationStack(app, l) },
  ];
}
