/**
 * Synthesis into a fresh temporary folder that replaces the output folder only when everything
 * succeeded, so an error never leaves half an output behind.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import { LzError } from '../errors';
import type { LandingZone } from '../config/model';
import { pretty, sortKeys, type Json } from '../policies/document';
import { policiesOf } from '../policies/registry';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { synthesizeInWorkers, workerCount } from './parallel';

/**
 * cdktf's construct validations are off: ours ran before synthesis, and each `importFrom` adds one
 * that spawns `terraform version`, once per imported resource (19 s of a 20 s synth of a
 * 300-account organization). `lz deploy` checks the Terraform binary once, before it runs anything.
 */
export const SKIP_CDKTF_VALIDATION = true;

export interface SynthOptions {
  /** The output folder. @default "cdktf.out" */
  readonly outDir?: string;
  /** Names of the stacks to synthesize. @default - all */
  readonly stacks?: readonly string[];
}

/** The definitions of the named stacks (all when none are named); unknown names are a user error listing the known ones. */
export function selectStacks(lz: LandingZone, names?: readonly string[]): StackDefinition[] {
  const definitions = stackDefinitions(lz);
  const known = definitions.map((d) => d.name);
  const unknown = (names ?? []).filter((n) => !known.includes(n));
  if (unknown.length) {
    throw LzError.of('command line', `unknown stack ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, `name one or more of ${known.join(', ')}`);
  }
  return names?.length ? definitions.filter((d) => names.includes(d.name)) : definitions;
}

/** Builds the selected stacks into an app. */
export function buildApp(app: App, lz: LandingZone, names?: readonly string[]): TerraformStack[] {
  return selectStacks(lz, names).map((d) => d.build(app, lz));
}

/** Writes every recorded policy document, sorted and pretty-printed, plus an index: the policy model. */
export function writePolicies(outDir: string, stacks: readonly TerraformStack[]): void {
  const index: Json[] = [];
  for (const stack of stacks) {
    for (const record of policiesOf(stack)) {
      const dir = join(outDir, 'policies', stack.node.id);
      mkdirSync(dir, { recursive: true });
      const file = `${stack.node.id}/${record.name}.json`;
      writeFileSync(join(dir, `${record.name}.json`), pretty(record.document));
      index.push(
        sortKeys({
          stack: stack.node.id,
          name: record.name,
          kind: record.kind,
          file,
          attachedTo: [...record.attachedTo],
          ...(record.arns ? { arns: [...record.arns] } : {}),
          ...(record.account ? { account: record.account } : {}),
          ...(record.template ? { template: record.template } : {}),
        }),
      );
    }
  }
  mkdirSync(join(outDir, 'policies'), { recursive: true });
  writeFileSync(join(outDir, 'policies', 'index.json'), pretty(index));
}

/**
 * Synthesizes into `outDir` atomically; returns the names of the stacks written. Large selections
 * are spread over several processes (./parallel.ts), with the same bytes as one.
 */
export async function synthesize(lz: LandingZone, options: SynthOptions = {}): Promise<string[]> {
  const outDir = resolve(options.outDir ?? 'cdktf.out');
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(outDir)}.staging-`));
  try {
    const names = selectStacks(lz, options.stacks).map((d) => d.name);
    const workers = workerCount(names.length);
    if (workers > 1) {
      await synthesizeInWorkers(lz.configDir, staging, names, workers);
    } else {
      const app = new App({ outdir: staging, skipValidation: SKIP_CDKTF_VALIDATION });
      const stacks = buildApp(app, lz, names);
      app.synth();
      writePolicies(staging, stacks);
    }
    replaceFolder(staging, outDir);
    return names;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Swaps `staging` into place of `target` with renames, so readers see the old or the new folder whole. */
function replaceFolder(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (e) {
    renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
