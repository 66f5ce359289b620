/**
 * `lz deploy` from nothing to the named stacks: when config has accounts the organization does
 * not have yet, the stacks up to the organization are synthesized and applied first, then lz
 * waits for the new accounts and records their ids, then synthesizes and applies everything after
 * (which needs those ids). Stacks are applied from saved plans, in dependency order, many at
 * once; a stack whose synthesized configuration is what was last applied successfully is skipped.
 * A re-run after any failure resumes: what was applied is recorded, the accounts are looked up.
 */
import { join, relative } from 'node:path';
import { EXIT, LzError } from '../errors';
import type { LandingZone } from '../config/model';
import type { StackDefinition } from '../../stacks';
import { deployOrder } from '../org/deploy-plan';
import { pendingAccounts } from '../config/pending';
import type { AppliedRecords } from './applied-records';
import { applyStack, assertSynthesized, initStack, logFile, PLAN_FILE, readStackConfig, startLog, type StackConfig, type StackContext } from './stack-steps';
import { schedule, type Outcome, type Progress } from './scheduler';

export interface DeployOptions {
  readonly targets: readonly string[];
  /** Deploy only the named stacks, not the stacks they depend on. */
  readonly only: boolean;
  readonly context: StackContext;
  readonly parallelism: number;
  /** Plan and apply every stack, even those unchanged since their last apply (to catch drift). */
  readonly all: boolean;
  readonly allowDestroy: readonly string[];
  /** Use the saved plans `lz plan` left, when they match the configuration. */
  readonly reuseSavedPlans: boolean;
  /** Skip synthesis: the output folder is what to apply (a CI job with the plan job's artifact). */
  readonly synthesized: boolean;
  readonly definitions: (lz: LandingZone) => StackDefinition[];
  readonly synthesize: (lz: LandingZone, stacks: readonly string[]) => Promise<unknown>;
  /** Waits for the pending accounts, records their ids, and returns the config reloaded. */
  readonly waitForAccounts: (lz: LandingZone) => Promise<LandingZone>;
  readonly records?: AppliedRecords;
  readonly out: (line: string) => void;
}

export interface DeployPhase {
  readonly stacks: readonly string[];
  /** After this phase: wait for these accounts and record their ids. */
  readonly thenWaitFor: readonly string[];
}

/** The stacks to apply, split where new accounts must be waited for. */
export function deployPhases(lz: LandingZone, definitions: readonly StackDefinition[], targets: readonly string[], only: boolean): DeployPhase[] {
  const order = only ? onlyTargets(lz, definitions, targets) : deployOrder(definitions, targets, lz);
  const pending = pendingAccounts(lz).map((a) => a.name);
  const organization = order.indexOf('organization');
  if (!pending.length || organization < 0) return [{ stacks: order, thenWaitFor: [] }];
  // The organization and what it needs first; then, once the accounts exist, every stack again
  // (those before it are skipped unless the new ids changed them).
  const first = deployOrder(definitions, ['organization'], lz).filter((s) => order.includes(s));
  return [
    { stacks: first, thenWaitFor: pending },
    { stacks: order, thenWaitFor: [] },
  ];
}

function onlyTargets(lz: LandingZone, definitions: readonly StackDefinition[], targets: readonly string[]): string[] {
  if (!targets.length) throw LzError.of('command line', '--only needs the stacks to deploy', 'name them, e.g. lz deploy payments/prod --only');
  const names = new Set(targets.flatMap((t) => deployOrder(definitions, [t], lz).slice(-1)));
  return deployOrder(definitions, [...names], lz).filter((s) => names.has(s));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function progressLine(what: Outcome | 'start', stack: string, p: Progress, detail: string): string {
  return `[${seconds(p.elapsedMs).padStart(7)}] ${what.padEnd(9)} ${stack}${detail} | done ${p.done}, running ${p.running.length}, failed ${p.failed.length}, remaining ${p.remaining}`;
}

/** Applies one phase's stacks; throws the failures (all of them) after running stacks finish. */
async function applyPhase(lz: LandingZone, stacks: readonly string[], options: DeployOptions): Promise<void> {
  if (!stacks.length) return;
  if (!options.synthesized) await options.synthesize(lz, stacks);
  else assertSynthesized(options.context, stacks);
  const byName = new Map(options.definitions(lz).map((d) => [d.name, d]));
  const ctx = options.context;
  const details = new Map<string, string>();
  // Read once per stack, whether by its preparation or its run (the folder does not change meanwhile).
  const configs = new Map<string, StackConfig>();
  const configOf = (stack: string) => configs.get(stack) ?? configs.set(stack, readStackConfig(ctx, stack)).get(stack)!;
  const records = new Map<string, Promise<string | undefined>>();
  const lastApplied = (stack: string) => (options.all || !options.records ? undefined : (records.get(stack) ?? records.set(stack, options.records.get(stack)).get(stack)!));
  const initialized = new Set<string>();
  // Recording a stack as applied is not terraform's work: it does not hold a lane.
  const recording: Promise<void>[] = [];
  const result = await schedule(
    stacks.map((name) => ({ name, dependsOn: byName.get(name)?.dependsOn ?? [] })),
    {
      parallelism: options.parallelism,
      async prepare(stack) {
        const config = configOf(stack);
        if ((await lastApplied(stack)) === config.sha256) return;
        startLog(ctx, stack);
        await initStack(ctx, stack, config);
        initialized.add(stack);
      },
      async run(stack) {
        const config = configOf(stack);
        configs.delete(stack);
        const sha = config.sha256;
        if ((await lastApplied(stack)) === sha) {
          details.set(stack, ' (as last applied)');
          return 'unchanged';
        }
        // Only now, unless its init ran ahead: a stack skipped as last applied keeps the log of its
        // last apply, and an init ahead that failed (it is run again now) leaves nothing behind.
        if (!initialized.has(stack)) startLog(ctx, stack);
        const applied = await applyStack(ctx, stack, options.allowDestroy, { reuseSavedPlan: options.reuseSavedPlans }, config);
        const s = applied.summary;
        details.set(stack, applied.applied ? ` (+${s.add} ~${s.change} ±${s.replace} -${s.destroy}${s.import ? ` import ${s.import}` : ''})` : ' (no changes)');
        if (options.records) {
          recording.push(
            options.records.put(stack, sha).catch((e: unknown) => {
              options.out(`warning: ${stack} was applied, but ${(e as Error).message}; the next deploy plans it again`);
            }),
          );
        }
        return applied.applied ? 'applied' : 'unchanged';
      },
      onEvent({ stack, what, progress }) {
        if (what === 'start' || what === 'not-run') return;
        options.out(progressLine(what, stack, progress, what === 'failed' ? `, log: ${relative(process.cwd(), logFile(ctx, stack))}` : (details.get(stack) ?? '')));
      },
    },
  );
  await Promise.all(recording);
  if (result.errors.size) {
    const notRun = [...result.outcomes].filter(([, o]) => o === 'not-run').map(([s]) => s);
    if (notRun.length) {
      options.out(`Not started after the failure: ${notRun.length} stack${notRun.length === 1 ? '' : 's'} (${notRun.slice(0, 10).join(', ')}${notRun.length > 10 ? ', ...' : ''}); run the same command again once fixed: applied stacks are skipped.`);
    }
    throw failures(result.errors);
  }
}

/** One error for the failed stacks: the stack's own when one failed, else one line naming each. */
export function failures(errors: ReadonlyMap<string, unknown>): LzError {
  const problemOf = (stack: string, e: unknown) =>
    e instanceof LzError ? e.problems : [{ file: `stack ${stack}`, message: String(e), fix: 'run the same command again' }];
  if (errors.size === 1) {
    const [[stack, e]] = [...errors];
    return new LzError(problemOf(stack, e), EXIT.failure);
  }
  const each = [...errors].map(([stack, e]) => `${stack} (${problemOf(stack, e).map((p) => p.message).join('; ')})`);
  return LzError.of('lz deploy', `${errors.size} stacks failed: ${each.join(', ')}`, `read their logs in the log folder, fix the causes, then run the same command again: it resumes with them`, EXIT.failure);
}

export async function runDeploy(lz: LandingZone, options: DeployOptions): Promise<LandingZone> {
  const phases = deployPhases(lz, options.definitions(lz), options.targets, options.only);
  const started = Date.now();
  let current = lz;
  await applyPhase(current, phases[0].stacks, options);
  if (phases[0].thenWaitFor.length) {
    options.out(`Waiting for ${phases[0].thenWaitFor.join(', ')} to be ACTIVE, then recording their ids...`);
    current = await options.waitForAccounts(current);
    // Everything again, from config that now has their ids: the stacks of the first phase whose
    // configuration changed with the ids (key policies name the management account; the
    // organization imports nothing new) are planned again, the unchanged ones are skipped.
    const rest = deployPhases(current, options.definitions(current), options.targets, options.only).flatMap((p) => p.stacks);
    await applyPhase(current, rest, options);
  }
  options.out(`Deployed in ${seconds(Date.now() - started)}.`);
  return current;
}

/** What `--dry-run` prints: exactly the commands, in an order they may run in. */
export function dryRunLines(lz: LandingZone, options: {
  readonly definitions: readonly StackDefinition[];
  readonly targets: readonly string[];
  readonly only: boolean;
  readonly configDir: string;
  readonly outDir: string;
  readonly terraform: string;
  readonly preflight: boolean;
  readonly synthesized: boolean;
  readonly parallelism: number;
  readonly stateBucket: string;
  readonly all: boolean;
  /** Whether the lz-applied records are read (not with --no-records). */
  readonly records: boolean;
}): string[] {
  const phases = deployPhases(lz, options.definitions, options.targets, options.only);
  const lines = [
    `# up to ${options.parallelism} stacks at once, each after the stacks it depends on; ${
      options.all ? 'every stack is planned (--all)' : !options.records ? 'every stack is planned (--no-records)' : `a stack whose configuration is what s3://${options.stateBucket}/lz-applied/STACK.json records as last applied is skipped`
    }; a plan that replaces or destroys a protected resource is not applied`,
  ];
  if (options.preflight) lines.push(`lz preflight --config ${options.configDir}`);
  for (const phase of phases) {
    if (!phase.stacks.length) continue;
    if (!options.synthesized) lines.push(`lz synth --config ${options.configDir} --out ${options.outDir} ${phase.stacks.join(' ')}`);
    for (const stack of phase.stacks) {
      const tf = `${options.terraform} -chdir=${join(options.outDir, 'stacks', stack)}`;
      lines.push(
        `${tf} init -input=false`,
        `${tf} plan -input=false -lock-timeout=5m -out=${PLAN_FILE}`,
        `${tf} show -json ${PLAN_FILE}`,
        `${tf} apply -input=false -lock-timeout=5m ${PLAN_FILE}`,
      );
    }
    if (phase.thenWaitFor.length) {
      lines.push(`lz accounts wait --config ${options.configDir}  # until ${phase.thenWaitFor.join(', ')} are ACTIVE, then their ids go into ${join(options.configDir, 'accounts.lock.yaml')}`);
    }
  }
  return lines;
}
