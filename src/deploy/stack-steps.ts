/**
 * The terraform steps of one stack: init (only when its backend or providers changed since the
 * last init), `plan -out`, `show -json` of the saved plan, the protected-resource guard, then
 * `apply` of exactly that saved plan. Each stack's output goes to its own log file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, LzError } from '../errors';
import { hasChanges, refusal, refusedChanges, summarizePlan, type StackPlan } from './plan-summary';
import { errorLine, runTerraform } from './terraform-run';

/** The saved plan in each stack folder, and what lz knows about it. */
export const PLAN_FILE = 'lz.tfplan';
export const PLAN_META_FILE = 'lz.tfplan.json';
const INIT_STAMP = join('.terraform', 'lz-init.sha256');

export interface StackContext {
  readonly terraform: string;
  /** The synth output folder (absolute). */
  readonly outDir: string;
  /** Where each stack's log goes (absolute). */
  readonly logDir: string;
}

export interface PlanMeta {
  readonly stack: string;
  /** SHA-256 of the cdk.tf.json the plan was made from. */
  readonly configSha256: string;
  readonly summary: StackPlan;
}

export const stackDir = (ctx: StackContext, stack: string) => join(ctx.outDir, 'stacks', stack);

/** A stack's synthesized configuration (cdk.tf.json), read once for all the steps of one run. */
export interface StackConfig {
  readonly text: string;
  /** SHA-256 of the file: what the applied records and saved plans are matched by. */
  readonly sha256: string;
}

export function readStackConfig(ctx: StackContext, stack: string): StackConfig {
  const text = readFileSync(join(stackDir(ctx, stack), 'cdk.tf.json'), 'utf8');
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}
export const logFile = (ctx: StackContext, stack: string) => join(ctx.logDir, `${stack}.log`);

export function startLog(ctx: StackContext, stack: string): void {
  mkdirSync(ctx.logDir, { recursive: true });
  writeFileSync(logFile(ctx, stack), `# lz: ${stack}, ${new Date().toISOString()}\n`);
}

async function step(ctx: StackContext, stack: string, args: string[], quietStdout = false): Promise<string> {
  const dir = stackDir(ctx, stack);
  const run = await runTerraform({ terraform: ctx.terraform, dir, args, logFile: logFile(ctx, stack), quietStdout });
  if (run.code !== 0) {
    throw LzError.of(
      `stack ${stack}`,
      `terraform ${args[0]} failed: ${errorLine(run)}`,
      `read ${logFile(ctx, stack)}, fix the cause, then run the same command again: it resumes with this stack`,
      EXIT.failure,
    );
  }
  return run.stdout;
}

/** The part of cdk.tf.json that `terraform init` depends on: backend and required providers. */
function initSha(config: StackConfig): string {
  let sha = initShas.get(config);
  if (sha === undefined) {
    const parsed = JSON.parse(config.text) as { terraform?: unknown };
    sha = createHash('sha256').update(JSON.stringify(parsed.terraform ?? {})).digest('hex');
    initShas.set(config, sha);
  }
  return sha;
}
/** Parsed once per read of the configuration: an init ahead and the stack's run both ask. */
const initShas = new WeakMap<StackConfig, string>();

export async function initStack(ctx: StackContext, stack: string, config = readStackConfig(ctx, stack)): Promise<void> {
  const dir = stackDir(ctx, stack);
  const sha = initSha(config);
  const stamp = join(dir, INIT_STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha) return;
  await step(ctx, stack, ['init', '-input=false']);
  mkdirSync(join(dir, '.terraform'), { recursive: true });
  writeFileSync(stamp, sha);
}

/** With --no-synth the output folder must hold every stack to run; one error names those it lacks. */
export function assertSynthesized(ctx: StackContext, stacks: readonly string[]): void {
  const missing = stacks.filter((stack) => !existsSync(join(stackDir(ctx, stack), 'cdk.tf.json')));
  if (missing.length) {
    throw LzError.of(
      ctx.outDir,
      `has no synthesized ${missing.length === 1 ? 'stack' : 'stacks'} ${missing.join(', ')} (stacks/<stack>/cdk.tf.json)`,
      'synthesize first (lz synth, or run without --no-synth), or point --out at the folder that has them',
      EXIT.failure,
    );
  }
}

/**
 * A stack that still holds an account's placeholder id (src/config/pending.ts) cannot be planned:
 * AWS would reject the id, or worse. It waits until the organization created the account.
 */
export function assertNoPendingIds(stack: string, config: StackConfig): void {
  const text = config.text;
  const found = [...new Set(text.match(/PENDING-[A-Za-z0-9-]+/g) ?? [])].sort();
  if (found.length) {
    throw LzError.of(
      `stack ${stack}`,
      `still has no id for ${found.join(', ')} (created on apply of the organization stack)`,
      `deploy it with the organization first: lz deploy ${stack} (without --only or --no-synth); or, if the accounts exist, run lz accounts sync and synthesize again`,
      EXIT.failure,
    );
  }
}

/** Plans the stack into its saved plan and summarizes it; the summary is kept beside the plan. */
export async function planStack(ctx: StackContext, stack: string, config = readStackConfig(ctx, stack)): Promise<PlanMeta> {
  const dir = stackDir(ctx, stack);
  assertNoPendingIds(stack, config);
  await initStack(ctx, stack, config);
  const sha = config.sha256;
  await step(ctx, stack, ['plan', '-input=false', '-lock-timeout=5m', `-out=${PLAN_FILE}`]);
  const shown = await step(ctx, stack, ['show', '-json', PLAN_FILE], true);
  const meta: PlanMeta = { stack, configSha256: sha, summary: summarizePlan(stack, shown) };
  writeFileSync(join(dir, PLAN_META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/** The saved plan's summary when it was made from the stack's current configuration, else undefined. */
export function savedPlan(ctx: StackContext, stack: string, config = readStackConfig(ctx, stack)): PlanMeta | undefined {
  const dir = stackDir(ctx, stack);
  const metaFile = join(dir, PLAN_META_FILE);
  if (!existsSync(metaFile) || !existsSync(join(dir, PLAN_FILE))) return undefined;
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as PlanMeta;
  return meta.configSha256 === config.sha256 ? meta : undefined;
}

/**
 * Applies the stack's saved plan (made now unless a current one exists), unless it refuses a
 * protected change. Returns whether anything was applied.
 */
export async function applyStack(
  ctx: StackContext,
  stack: string,
  allowDestroy: readonly string[],
  options: { reuseSavedPlan: boolean },
  config = readStackConfig(ctx, stack),
): Promise<PlanMeta & { applied: boolean }> {
  const saved = options.reuseSavedPlan ? savedPlan(ctx, stack, config) : undefined;
  const meta = saved ?? (await planStack(ctx, stack, config));
  const refused = refusedChanges(meta.summary, allowDestroy);
  if (refused.length) throw refusal(meta.summary, refused);
  if (!hasChanges(meta.summary)) return { ...meta, applied: false };
  // A plan made now was made after init; one saved by lz plan (another job's output) may not have been.
  if (saved) await initStack(ctx, stack, config);
  await step(ctx, stack, ['apply', '-input=false', '-lock-timeout=5m', PLAN_FILE]);
  return { ...meta, applied: true };
}
