/**
 * Synthesis into a fresh temporary folder that replaces `lz synth`'s own files in the output folder
 * only when everything succeeded, so an error or an interrupt never leaves half an output behind,
 * and what others keep there (Terraform's working files) stays (./output-folder.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import { LzError } from '../errors';
import type { LandingZone } from '../config/model';
import { pretty, sortKeys, type Json } from '../policies/document';
import { policiesOf } from '../policies/registry';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { OUTPUT_FOLDER_CONTEXT } from '../../stacks/landing-zone-stack';
import { synthesizeInWorkers, workerCount, type Workers } from './parallel';
import { checkOutputFolder, MARKER, replaceOutput, stagingPrefix, type Swap } from './output-folder';
import { interruptible } from './interrupt';

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
  const definitions = selectStacks(lz, names);
  const stacks = definitions.map((d) => d.build(app, lz));
  // Declared to cdktf, so that its manifest carries them and `cdktf deploy '*'` and `cdktf diff`
  // run the stacks in the order lz deploy does. Dependencies not in this app are outside the
  // selection (or in another synth worker: the merged manifest gets them, see ./parallel).
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  for (const d of definitions) {
    for (const dep of d.dependsOn) {
      const stack = byName.get(dep);
      if (stack) byName.get(d.name)!.addDependency(stack);
    }
  }
  return stacks;
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

/** Writes the marker that says `lz synth` wrote this folder (./output-folder.ts). */
export function writeMarker(outDir: string): void {
  writeFileSync(
    join(outDir, MARKER),
    pretty({
      writtenBy: 'lz synth',
      owns: ['manifest.json', 'policies/', 'stacks/<stack>/cdk.tf.json', MARKER],
      keeps: 'everything else here: .terraform/, .terraform.lock.hcl, saved plans, state files',
    }),
  );
}

/**
 * Synthesizes into `outDir` atomically; returns the names of the stacks written. Large selections
 * are spread over several processes (./parallel.ts), with the same bytes as one.
 */
export async function synthesize(lz: LandingZone, options: SynthOptions = {}): Promise<string[]> {
  const outDir = checkOutputFolder(options.outDir ?? 'cdktf.out', lz.configDir);
  const names = selectStacks(lz, options.stacks).map((d) => d.name);
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(stagingPrefix(outDir));
  const workers: Workers = new Set();
  const swap: Swap = {};
  const cleanup = () => {
    for (const worker of workers) worker.kill('SIGKILL');
    rmSync(staging, { recursive: true, force: true });
    if (swap.old) rmSync(swap.old, { recursive: true, force: true });
  };
  try {
    return await interruptible(cleanup, async () => {
      const count = workerCount(names.length);
      if (count > 1) {
        await synthesizeInWorkers(lz.configDir, staging, outDir, names, count, workers, new Map(stackDefinitions(lz).map((d) => [d.name, d.dependsOn])));
      } else {
        const app = new App({ outdir: staging, skipValidation: SKIP_CDKTF_VALIDATION, context: { [OUTPUT_FOLDER_CONTEXT]: outDir } });
        const stacks = buildApp(app, lz, names);
        app.synth();
        writePolicies(staging, stacks);
      }
      writeMarker(staging);
      // Let a pending interrupt run before the swap rather than after it.
      await new Promise((done) => setImmediate(done));
      replaceOutput(staging, outDir, swap);
      return names;
    });
  } finally {
    cleanup();
  }
}
