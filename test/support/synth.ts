/** Synthesizes stacks in memory and gives their Terraform JSON, for assertions on resources. */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import type { LandingZone } from '../../src/config/model';
import { buildApp } from '../../src/synth/synth';
import { policiesOf } from '../../src/policies/registry';
import { OUTPUT_FOLDER_CONTEXT } from '../../stacks/landing-zone-stack';

export interface TerraformJson {
  readonly terraform: Record<string, any>;
  readonly provider?: Record<string, any[]>;
  readonly resource: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
  readonly import?: any[];
}

export function synthStack(lz: LandingZone, name: string) {
  // As `lz synth` writes it: into cdktf.out beside the config folder.
  const app = Testing.app({ context: { [OUTPUT_FOLDER_CONTEXT]: join(lz.projectDir, 'cdktf.out') } }) as App;
  const [stack] = buildApp(app, lz, [name]);
  const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { stack, json, policies: policiesOf(stack) };
}

/** The resources of one type, by Terraform name. */
export function resources(json: TerraformJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}
