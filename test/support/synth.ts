/** Synthesizes stacks in memory and gives their Terraform JSON, for assertions on resources. */
import { App, Testing } from 'cdktf';
import type { LandingZone } from '../../src/config/model';
import { buildApp } from '../../src/synth/synth';
import { policiesOf } from '../../src/policies/registry';

export interface TerraformJson {
  readonly terraform: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly resource: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
  readonly import?: any[];
}

export function synthStack(lz: LandingZone, name: string) {
  const app = Testing.app() as App;
  const [stack] = buildApp(app, lz, [name]);
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { stack, json, policies: policiesOf(stack) };
}

/** The resources of one type, by Terraform name. */
export function resources(json: TerraformJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}
