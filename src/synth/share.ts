/**
 * One process's share of a synth: stacks built and synthesized one at a time, as they are handed
 * out (./parallel.ts hands them to the parent and its workers from one queue), each written as soon
 * as it is synthesized and checked against the policy model from the object in memory. What the
 * share wrote is reported to whoever merges the shares (./synth.ts): cdktf's manifest entry, the
 * policy index entries and the config reads of each stack.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Manifest, type TerraformStack } from 'cdktf';
import { LzError, type Problem } from '../errors';
import type { LandingZone } from '../config/model';
import { pretty, sortKeys, type Json } from '../policies/document';
import { policiesOf, type PolicyRecord } from '../policies/registry';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { synthesizeStack } from '../../stacks/creation-stacks';
import { OUTPUT_FOLDER_CONTEXT } from '../../stacks/landing-zone-stack';
import { uncoveredPolicies } from './policy-coverage';
import { newRecorder, readsOf, recordingView, type InputHasher, type StackReads } from './stack-inputs';
import { stableJson } from './stable-json';

/**
 * cdktf's construct validations are off: ours ran before synthesis, and each `importFrom` adds one
 * that spawns `terraform version`, once per imported resource (19 s of a 20 s synth of a
 * 300-account organization). `lz deploy` checks the Terraform binary once, before it runs anything.
 */
export const SKIP_CDKTF_VALIDATION = true;

/** cdktf's manifest entry of one stack. */
export type ManifestEntry = Manifest['stacks'][string];

/** What a share wrote, for the merge: per stack its manifest entry, policy index entries (in name order), config reads and files. */
export interface ShareResult {
  readonly version: string;
  readonly manifest: Record<string, ManifestEntry>;
  readonly index: Json[];
  readonly reads: Record<string, StackReads>;
  /** Each stack's files as the marker records them (`filesOf`). @default - not recorded: the merge stats them */
  readonly files?: Record<string, string>;
  /** Each stack's input hash, when the share was given the hasher (this process's own share). */
  readonly hashes?: Record<string, string | undefined>;
}

/** The stack's files in `root` (its Terraform JSON and its policy folder) by name, size and modification time. */
export function filesOf(root: string, stack: string): string {
  const hash = createHash('sha256');
  const stat = (p: string) => {
    const s = statSync(p, { throwIfNoEntry: false });
    hash.update(`${p.slice(root.length)} ${s ? `${s.size} ${s.mtimeMs}` : 'missing'}\n`);
  };
  stat(join(root, Manifest.stacksFolder, stack, 'cdk.tf.json'));
  const policies = join(root, 'policies', stack);
  if (existsSync(policies)) for (const f of readdirSync(policies).sort()) stat(join(policies, f));
  return hash.digest('hex');
}

/** The policy index entry of one recorded document. */
export function indexEntry(stack: string, record: PolicyRecord): Json {
  return sortKeys({
    stack,
    name: record.name,
    kind: record.kind,
    file: `${stack}/${record.name}.json`,
    attachedTo: [...record.attachedTo],
    ...(record.arns ? { arns: [...record.arns] } : {}),
    ...(record.account ? { account: record.account } : {}),
    ...(record.template ? { template: record.template } : {}),
  });
}

export class ShareSynthesis {
  private readonly app: App;
  private readonly definitions: ReadonlyMap<string, StackDefinition>;
  private readonly index: Json[] = [];
  private readonly reads: Record<string, StackReads> = {};
  private readonly hashes: Record<string, string | undefined> = {};
  private readonly problems: Problem[] = [];

  /**
   * Writes into `outDir`; `finalOutDir` is the folder the output ends up in (stacks name paths
   * inside it). With `hasher`, each stack's input hash is taken as it is built, not after the queue.
   */
  constructor(
    private readonly lz: LandingZone,
    private readonly outDir: string,
    finalOutDir: string,
    private readonly hasher?: InputHasher,
  ) {
    this.app = new App({ outdir: outDir, skipValidation: SKIP_CDKTF_VALIDATION, context: { [OUTPUT_FOLDER_CONTEXT]: finalOutDir } });
    this.definitions = new Map(stackDefinitions(lz).map((d) => [d.name, d]));
  }

  /** Builds, synthesizes and writes the stack `name`. */
  add(name: string): void {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`no stack named ${name}`);
    const recorder = newRecorder();
    if (definition.account?.product) recorder.products.add(definition.account.product);
    const stack = definition.build(this.app, recordingView(this.lz, recorder));
    const { terraform, file } = synthesizeStack(stack, { outdir: this.outDir, skipValidation: SKIP_CDKTF_VALIDATION, manifest: this.app.manifest });
    this.reads[name] = readsOf(recorder);
    if (this.hasher) this.hashes[name] = this.hasher.hash(name, this.reads[name]);
    const records = policiesOf(stack);
    this.problems.push(...uncoveredPolicies(name, terraform, records.map((r) => r.document)));
    this.write(join(this.outDir, file), stableJson(terraform)!);
    this.writePolicies(stack, records);
  }

  private writePolicies(stack: TerraformStack, records: readonly PolicyRecord[]): void {
    if (!records.length) return;
    const dir = join(this.outDir, 'policies', stack.node.id);
    mkdirSync(dir, { recursive: true });
    for (const record of records) {
      this.write(join(dir, `${record.name}.json`), pretty(record.document));
      this.index.push(indexEntry(stack.node.id, record));
    }
  }

  // Written at once: measured against fs.writeFile on the thread pool, whose threads compete with
  // the other synth process for the same two cores, a synchronous write costs 3% less wall and 10%
  // less CPU at 300 accounts, and holds no text waiting for the disk.
  private write(file: string, text: string): void {
    writeFileSync(file, text);
  }

  /** What the share wrote; fails with every stack's policy-model problems. */
  async finish(): Promise<ShareResult> {
    if (this.problems.length) throw new LzError(this.problems);
    const files = Object.fromEntries(Object.keys(this.reads).map((name) => [name, filesOf(this.outDir, name)]));
    return {
      version: this.app.manifest.version,
      manifest: { ...this.app.manifest.stacks },
      index: this.index,
      reads: this.reads,
      files,
      ...(this.hasher ? { hashes: this.hashes } : {}),
    };
  }
}
