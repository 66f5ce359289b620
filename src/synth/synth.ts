/**
 * Synthesis of the stacks whose inputs changed (./stack-inputs.ts) into a staging folder, moved
 * into the output folder only when everything succeeded, so an error or an interrupt never leaves
 * half an output behind, and what others keep there (Terraform's working files) stays
 * (./output-folder.ts). The result is byte for byte what a clean synth writes.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, type TerraformStack } from 'cdktf';
import { LzError } from '../errors';
import type { LandingZone } from '../config/model';
import { pretty, type Json } from '../policies/document';
import { policiesOf } from '../policies/registry';
import { stackDefinitions, type StackDefinition } from '../../stacks';
import { OUTPUT_FOLDER_CONTEXT } from '../../stacks/landing-zone-stack';
import { RESOLUTION_ADAPTED } from '../../stacks/creation-stacks';
import { synthesizeShared, workerCount } from './parallel';
import { startWorkers, type SynthWorker } from './worker-process';
import { checkOutputFolder, commitOutput, MARKER, readMarker, stagingPrefix } from './output-folder';
import { InputHasher, newRecorder, readsOf, recordingView, type StackReads } from './stack-inputs';
import { Manifest } from 'cdktf';
import { interruptible } from './interrupt';
import { checkPolicyCoverage } from './policy-coverage';
import { filesOf, indexEntry, ShareSynthesis, SKIP_CDKTF_VALIDATION, type ManifestEntry, type ShareResult } from './share';

export { SKIP_CDKTF_VALIDATION } from './share';

export interface SynthOptions {
  /** The output folder. @default "cdktf.out" */
  readonly outDir?: string;
  /** Names of the stacks to synthesize. @default - all */
  readonly stacks?: readonly string[];
  /** Told which stacks were built again (the others' inputs had not changed). */
  readonly rebuilt?: (names: readonly string[]) => void;
  /**
   * Worker processes started before the config was loaded (./worker-process.ts `preloadWorkers`),
   * loading the same config folder: used if the synth needs workers, else stopped.
   * @default - none: started here when needed
   */
  readonly workers?: readonly SynthWorker[];
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

/** Noted while stacks are built: what each read of the config (./stack-inputs.ts). */
export type ReadsRecorders = Map<string, ReturnType<typeof newRecorder>>;

/** Builds the selected stacks into an app; with `recorders`, each build's reads of the config are noted there. */
export function buildApp(app: App, lz: LandingZone, names?: readonly string[], recorders?: ReadsRecorders): TerraformStack[] {
  const definitions = selectStacks(lz, names);
  const stacks = definitions.map((d) => {
    if (!recorders) return d.build(app, lz);
    const recorder = newRecorder();
    if (d.account?.product) recorder.products.add(d.account.product);
    recorders.set(d.name, recorder);
    return d.build(app, recordingView(lz, recorder));
  });
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

/**
 * Writes the app's stacks into `outDir` with the policy model beside them, after checking that the
 * model holds every policy document the stacks deploy (./policy-coverage.ts).
 */
export function synthesizeApp(app: App, outDir: string, stacks: readonly TerraformStack[]): void {
  app.synth();
  checkPolicyCoverage(outDir, stacks);
  writePolicies(outDir, stacks);
}

/** Writes every recorded policy document, sorted and pretty-printed, plus an index: the policy model. */
export function writePolicies(outDir: string, stacks: readonly TerraformStack[]): void {
  const index: Json[] = [];
  for (const stack of stacks) {
    const records = policiesOf(stack);
    if (!records.length) continue;
    const dir = join(outDir, 'policies', stack.node.id);
    mkdirSync(dir, { recursive: true });
    for (const record of records) {
      writeFileSync(join(dir, `${record.name}.json`), pretty(record.document));
      index.push(indexEntry(stack.node.id, record));
    }
  }
  mkdirSync(join(outDir, 'policies'), { recursive: true });
  writeFileSync(join(outDir, 'policies', 'index.json'), pretty(index));
}

/** The marker: what `lz synth` owns here, and each stack's input hash with what it read (./stack-inputs.ts). */
export interface Marker {
  readonly writtenBy: 'lz synth';
  readonly stacks?: Readonly<Record<string, StackRecord>>;
}

/** One stack in the marker: its input hash, what it read, and the size and time of each file it wrote (an edited file is rebuilt). */
interface StackRecord {
  readonly hash: string;
  readonly reads: StackReads;
  readonly files: string;
}

/** Writes the marker that says `lz synth` wrote this folder (./output-folder.ts). */
export function writeMarker(outDir: string, stacks: Marker['stacks'] = {}): void {
  writeFileSync(
    join(outDir, MARKER),
    pretty({
      writtenBy: 'lz synth',
      owns: ['manifest.json', 'policies/', 'stacks/<stack>/cdk.tf.json', MARKER],
      keeps: 'everything else here: .terraform/, .terraform.lock.hcl, saved plans, state files',
      stacks,
    } as unknown as Json),
  );
}

type ManifestJson = { version: string; stacks: Record<string, { dependencies?: string[] }> };
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The stacks of the previous output that can stay as they are: same input hash, every file there. */
function unchanged(out: string, names: readonly string[], hasher: InputHasher): Map<string, StackRecord> {
  const kept = new Map<string, StackRecord>();
  const marker = readMarker<Marker>(out);
  if (!marker?.stacks || !existsSync(join(out, Manifest.fileName)) || !existsSync(join(out, 'policies', 'index.json'))) return kept;
  let manifest: ManifestJson;
  try {
    manifest = readJson<ManifestJson>(join(out, Manifest.fileName));
    readJson(join(out, 'policies', 'index.json'));
  } catch {
    return kept;
  }
  for (const name of names) {
    const before = Object.prototype.hasOwnProperty.call(marker.stacks, name) ? marker.stacks[name] : undefined;
    if (!before || !manifest.stacks?.[name] || hasher.hash(name, before.reads) !== before.hash) continue;
    // Its Terraform JSON and every policy file as written: one missing, added or edited since changes this.
    if (filesOf(out, name) === before.files) kept.set(name, before);
  }
  return kept;
}

/** Whether `out` holds no previous synth that stacks could be kept from: every selected stack will be built. */
function nothingToKeep(out: string): boolean {
  const marker = readMarker<Marker>(out);
  return !marker?.stacks || Object.keys(marker.stacks).length === 0;
}

/**
 * Synthesizes into `outDir` atomically; returns the names of the stacks written. Only stacks whose
 * inputs changed since the last synth into `outDir` are built again; large selections are spread
 * over several processes (./parallel.ts). Either way the bytes are those of a clean synth.
 */
export async function synthesize(lz: LandingZone, options: SynthOptions = {}): Promise<string[]> {
  const outDir = checkOutputFolder(options.outDir ?? 'cdktf.out', lz.configDir);
  const definitions = selectStacks(lz, options.stacks);
  const names = definitions.map((d) => d.name);
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(stagingPrefix(outDir));
  const built = join(staging, 'built');
  mkdirSync(built);
  // This synth's workers, whoever started them: an interrupt or a failure stops them, and only them.
  const started: SynthWorker[] = [...(options.workers ?? [])];
  const cleanup = () => {
    for (const worker of started) worker.cancel();
    // A worker just killed may not have stopped writing into staging yet: retried.
    rmSync(staging, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    return await interruptible(cleanup, async () => {
      let workers = [...(options.workers ?? [])];
      /** Keeps or starts workers so that `processes` processes synthesize; stops the others. */
      const useProcesses = (processes: number) => {
        for (const worker of workers.slice(Math.max(0, processes - 1))) worker.cancel();
        const more = startWorkers(lz.configDir, processes - workers.length);
        started.push(...more);
        workers = [...workers.slice(0, Math.max(0, processes - 1)), ...more];
      };
      // A clean synth builds every stack: the workers load while this process hashes the inputs.
      if (nothingToKeep(outDir) && !workers.length) useProcesses(workerCount(names.length));
      const hasher = new InputHasher(lz, outDir);
      const kept = unchanged(outDir, names, hasher);
      const stale = names.filter((n) => !kept.has(n));
      useProcesses(workerCount(stale.length));
      workers.forEach((worker, i) => worker.start(join(built, `.part-${i}`), outDir));
      const results = stale.length ? await synthesizeStale(lz, built, outDir, stale, workers, hasher) : [];
      const reads = new Map(results.flatMap((r) => Object.entries(r.reads)));
      const files = new Map(results.flatMap((r) => Object.entries(r.files ?? {})));
      const hashes = new Map(results.flatMap((r) => Object.entries(r.hashes ?? {})));
      const marker: Record<string, StackRecord> = {};
      for (const name of names) {
        const entry = kept.get(name) ?? {
          hash: hashes.has(name) ? hashes.get(name) : hasher.hash(name, reads.get(name)!),
          reads: reads.get(name)!,
          files: files.get(name) ?? filesOf(built, name),
        };
        if (entry.hash !== undefined && entry.reads) marker[name] = entry as StackRecord;
      }
      const dependsOn = new Map(definitions.map((d) => [d.name, d.dependsOn.filter((dep) => names.includes(dep))]));
      writeWhole(staging, outDir, names, kept, dependsOn, results);
      writeMarker(staging, marker);
      // Let a pending interrupt run before the output changes rather than after.
      await new Promise((done) => setImmediate(done));
      commitOutput(staging, outDir, { rebuilt: stale, kept: [...kept.keys()] });
      options.rebuilt?.(stale);
      return names;
    });
  } finally {
    cleanup();
  }
}

/**
 * Builds and writes the `stale` stacks into `built`: shared with `workers` (./parallel.ts), whose
 * folders are then moved in; with plain cdktf (LZ_PLAIN_CDKTF=1, or a cdktf the adapter does not
 * know), through cdktf's own `App.synth` in this process.
 */
async function synthesizeStale(
  lz: LandingZone,
  built: string,
  outDir: string,
  stale: readonly string[],
  workers: readonly SynthWorker[],
  hasher: InputHasher,
): Promise<ShareResult[]> {
  if (!RESOLUTION_ADAPTED) {
    const app = new App({ outdir: built, skipValidation: SKIP_CDKTF_VALIDATION, context: { [OUTPUT_FOLDER_CONTEXT]: outDir } });
    const recorders: ReadsRecorders = new Map();
    const stacks = buildApp(app, lz, stale, recorders);
    synthesizeApp(app, built, stacks);
    const manifest = readJson<ManifestJson>(join(built, Manifest.fileName));
    return [
      {
        version: manifest.version,
        manifest: manifest.stacks as Record<string, ManifestEntry>,
        index: existsSync(join(built, 'policies', 'index.json')) ? readJson<Json[]>(join(built, 'policies', 'index.json')) : [],
        reads: Object.fromEntries([...recorders].map(([name, r]) => [name, readsOf(r)])),
      },
    ];
  }
  const results = await synthesizeShared(new ShareSynthesis(lz, built, outDir, hasher), stale, workers);
  for (const worker of workers.filter((w) => w.ready)) {
    for (const folder of [Manifest.stacksFolder, 'policies']) {
      const from = join(worker.folder, folder);
      if (!existsSync(from)) continue;
      mkdirSync(join(built, folder), { recursive: true });
      for (const entry of readdirSync(from)) renameSync(join(from, entry), join(built, folder, entry));
    }
    rmSync(worker.folder, { recursive: true, force: true });
  }
  return results;
}

/**
 * The whole selection's manifest and policy index into `staging`, from what the shares just built
 * and the entries of the kept stacks in the previous output `out`: what a clean synth writes.
 */
function writeWhole(
  staging: string,
  out: string,
  names: readonly string[],
  kept: ReadonlyMap<string, unknown>,
  dependsOn: ReadonlyMap<string, readonly string[]>,
  fresh: readonly ShareResult[],
): void {
  const previous = kept.size ? readJson<ManifestJson>(join(out, Manifest.fileName)) : undefined;
  const entries = new Map(fresh.flatMap((r) => Object.entries(r.manifest)));
  const manifest = new Manifest(fresh[0]?.version ?? previous!.version, staging, false);
  for (const name of names) {
    const entry = kept.has(name) ? previous!.stacks[name] : entries.get(name);
    manifest.stacks[name] = { ...(entry as ManifestEntry), dependencies: [...(dependsOn.get(name) ?? [])] };
  }
  manifest.writeToFile();
  const order = new Map(names.map((n, i) => [n, i]));
  const index = [
    ...(kept.size ? readJson<{ stack: string }[]>(join(out, 'policies', 'index.json')).filter((e) => kept.has(e.stack)) : []),
    ...(fresh.flatMap((r) => r.index) as unknown as { stack: string }[]),
  ];
  // The order one process writes: stacks in deploy order, records in name order within each.
  index.sort((a, b) => order.get(a.stack)! - order.get(b.stack)!);
  mkdirSync(join(staging, 'policies'), { recursive: true });
  writeFileSync(join(staging, 'policies', 'index.json'), pretty(index as unknown as Json));
}
