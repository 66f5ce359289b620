/**
 * `lz plan`: synthesizes the stacks, then `terraform plan -out` and `show -json` in each stack
 * folder, many at once (plans read state only, so their order does not matter), and gathers one
 * report. Stacks that need accounts the organization stack has not created yet are not planned:
 * the report lists them as waiting.
 */
import type { LandingZone } from '../config/model';
import type { StackDefinition } from '../../stacks';
import { deployOrder } from '../org/deploy-plan';
import { deployPhases, failures } from './deploy-run';
import type { PlanReport } from './plan-report';
import type { StackPlan } from './plan-summary';
import { schedule, waves } from './scheduler';
import { assertSynthesized, PLAN_FILE, planStack, savedPlan, startLog, type StackContext } from './stack-steps';
import { EXIT, LzError } from '../errors';

export interface PlanOptions {
  readonly targets: readonly string[];
  readonly only: boolean;
  readonly context: StackContext;
  readonly parallelism: number;
  readonly allowDestroy: readonly string[];
  readonly synthesized: boolean;
  /** Report the plans saved in the output folder instead of planning again (they must match its configuration). */
  readonly fromSaved: boolean;
  readonly definitions: (lz: LandingZone) => StackDefinition[];
  readonly synthesize: (lz: LandingZone, stacks: readonly string[]) => Promise<unknown>;
}

export async function runPlan(lz: LandingZone, options: PlanOptions): Promise<PlanReport> {
  const definitions = options.definitions(lz);
  const phases = deployPhases(lz, definitions, options.targets, options.only);
  const now = phases[0].stacks;
  const waiting = phases.slice(1).flatMap((p) => p.stacks).filter((s) => !now.includes(s));
  if (!options.synthesized && !options.fromSaved && now.length) await options.synthesize(lz, now);
  else assertSynthesized(options.context, now);
  const plans = new Map<string, StackPlan>();
  const result = await schedule(
    now.map((name) => ({ name, dependsOn: [] })),
    {
      parallelism: options.parallelism,
      async run(stack) {
        if (options.fromSaved) {
          const saved = savedPlan(options.context, stack);
          if (!saved) {
            throw LzError.of(`stack ${stack}`, `has no saved plan made from its current configuration (${PLAN_FILE})`, 'run lz plan first, without --saved', EXIT.failure);
          }
          plans.set(stack, saved.summary);
          return 'applied';
        }
        startLog(options.context, stack);
        plans.set(stack, (await planStack(options.context, stack)).summary);
        return 'applied';
      },
    },
  );
  if (result.errors.size) throw failures(result.errors);
  const all = deployOrder(definitions, [], lz);
  const byName = new Map(definitions.map((d) => [d.name, d]));
  return {
    plans: now.map((s) => plans.get(s)!),
    waiting,
    allowDestroy: options.allowDestroy,
    waves: waves(all.map((name) => ({ name, dependsOn: byName.get(name)!.dependsOn }))),
  };
}
