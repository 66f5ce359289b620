/**
 * Synthesizes one construct in a bare stack and finds its resources by construct path, so tests
 * name resources as the code does ("vpc/subnet-public-az1") rather than by hashed Terraform names.
 */
import { App, Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { policiesOf, type PolicyRecord } from '../../src/policies/registry';

export type Block = Record<string, any>;

export interface Synthesized {
  readonly json: { resource: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>>; provider?: Record<string, Block[]> };
  readonly policies: PolicyRecord[];
}

export const STACK = 'test';

export function synthConstruct(build: (stack: TerraformStack) => void): Synthesized {
  const app = Testing.app() as App;
  const stack = new TerraformStack(app, STACK);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return { json: terraformJson(stack), policies: policiesOf(stack) };
}

/** The stack's Terraform JSON with the construct path of every block (Testing.synth drops it). */
export function terraformJson(stack: TerraformStack): Synthesized['json'] {
  stack.prepareStack();
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

/** Every block of a type (resource or data), keyed by construct path below the stack. */
export function blocksOf(json: Synthesized['json'] | Record<string, any>, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, Block> {
  const out: Record<string, Block> = {};
  for (const block of Object.values(((json as any)[kind] ?? {})[type] ?? {}) as Block[]) {
    const path: string = block['//'].metadata.path;
    out[path.slice(path.indexOf('/') + 1)] = block;
  }
  return out;
}

/** The one block of a type at a construct path; fails the test when it is missing. */
export function blockAt(json: Synthesized['json'] | Record<string, any>, type: string, path: string, kind: 'resource' | 'data' = 'resource'): Block {
  const block = blocksOf(json, type, kind)[path];
  if (!block) throw new Error(`no ${type} at ${path}; there are: ${Object.keys(blocksOf(json, type, kind)).join(', ')}`);
  return block;
}

/** A Terraform reference to the block at a path, as it appears in synthesized JSON. */
export function refTo(json: Synthesized['json'] | Record<string, any>, type: string, path: string, attribute: string, kind: 'resource' | 'data' = 'resource'): string {
  const id = blockAt(json, type, path, kind)['//'].metadata.uniqueId;
  return `\${${kind === 'data' ? 'data.' : ''}${type}.${id}.${attribute}}`;
}

/** Construct is only used as a type by callers; re-exported for convenience. */
export type { Construct };
