/**
 * Runs a task per stack in dependency order, up to `parallelism` at once: a stack starts as soon as
 * every stack it depends on has succeeded (or was skipped as unchanged). On the first failure no
 * new stack starts; the running ones finish, so no apply is cut off half way. Ties go to the stack
 * with the longest chain of stacks after it, then to definition order, so the slow spine of the
 * graph is never waiting behind a crowd of leaves.
 *
 * Lanes no stack can use yet (while the organization applies, say) prepare the stacks that are
 * waiting, in the order they will run (`prepare`: terraform init, which needs nothing of the
 * stacks before it but the state bucket): once every stack at the root of the graph succeeded, a
 * waiting stack may be prepared, and it starts only after its preparation ended.
 */

export interface ScheduledStack {
  readonly name: string;
  /** Dependencies within the scheduled set (others are taken as already applied). */
  readonly dependsOn: readonly string[];
}

export type Outcome = 'applied' | 'unchanged' | 'failed' | 'not-run';

export interface Progress {
  readonly done: number;
  readonly running: readonly string[];
  readonly failed: readonly string[];
  readonly remaining: number;
  readonly elapsedMs: number;
}

export interface ScheduleResult {
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** The first error of each failed stack. */
  readonly errors: ReadonlyMap<string, unknown>;
  readonly elapsedMs: number;
}

export interface ScheduleOptions {
  readonly parallelism: number;
  /** Applies one stack; resolves to 'applied' or 'unchanged', rejects on failure. */
  readonly run: (stack: string) => Promise<'applied' | 'unchanged'>;
  /** Work on a stack that may run before its dependencies ended; its failure is the run's to find again. */
  readonly prepare?: (stack: string) => Promise<void>;
  readonly onEvent?: (event: { readonly stack: string; readonly what: 'start' | Outcome; readonly progress: Progress }) => void;
}

export async function schedule(stacks: readonly ScheduledStack[], options: ScheduleOptions): Promise<ScheduleResult> {
  const started = Date.now();
  const names = new Set(stacks.map((s) => s.name));
  const deps = new Map(stacks.map((s) => [s.name, s.dependsOn.filter((d) => names.has(d))]));
  const dependents = new Map<string, string[]>(stacks.map((s) => [s.name, []]));
  for (const s of stacks) for (const d of deps.get(s.name)!) dependents.get(d)!.push(s.name);
  // The longest chain of stacks hanging from each stack (counted in stacks: durations are unknown).
  const height = new Map<string, number>();
  const heightOf = (name: string): number => {
    const known = height.get(name);
    if (known !== undefined) return known;
    const h = 1 + Math.max(0, ...dependents.get(name)!.map(heightOf));
    height.set(name, h);
    return h;
  };
  const position = new Map(stacks.map((s, i) => [s.name, i]));

  const outcomes = new Map<string, Outcome>(stacks.map((s) => [s.name, 'not-run' as Outcome]));
  const errors = new Map<string, unknown>();
  const finished = new Set<string>();
  const running = new Set<string>();
  const preparing = new Set<string>();
  const prepared = new Set<string>();
  const roots = stacks.filter((s) => deps.get(s.name)!.length === 0).map((s) => s.name);
  let stopping = false;
  const progress = (): Progress => ({
    done: [...outcomes.values()].filter((o) => o === 'applied' || o === 'unchanged').length,
    running: [...running],
    failed: [...errors.keys()],
    remaining: stacks.length - finished.size - running.size,
    elapsedMs: Date.now() - started,
  });
  const ready = () =>
    stacks
      .map((s) => s.name)
      .filter((n) => !finished.has(n) && !running.has(n) && !preparing.has(n) && deps.get(n)!.every((d) => finished.has(d) && outcomes.get(d) !== 'failed'))
      .sort(byPriority);
  const byPriority = (a: string, b: string) => heightOf(b) - heightOf(a) || position.get(a)! - position.get(b)!;
  const lanes = Math.max(1, options.parallelism);
  /** Waiting stacks to prepare on the lanes left free, once the roots succeeded. */
  const toPrepare = () =>
    options.prepare && roots.every((r) => finished.has(r) && outcomes.get(r) !== 'failed')
      ? stacks
          .map((s) => s.name)
          .filter((n) => !finished.has(n) && !running.has(n) && !preparing.has(n) && !prepared.has(n))
          .sort(byPriority)
      : [];

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (!stopping) {
        for (const name of ready()) {
          if (running.size + preparing.size >= lanes) break;
          running.add(name);
          options.onEvent?.({ stack: name, what: 'start', progress: progress() });
          options
            .run(name)
            .then(
              (outcome) => outcomes.set(name, outcome),
              (error: unknown) => {
                outcomes.set(name, 'failed');
                errors.set(name, error);
                stopping = true;
              },
            )
            .finally(() => {
              running.delete(name);
              finished.add(name);
              options.onEvent?.({ stack: name, what: outcomes.get(name)!, progress: progress() });
              pump();
            });
        }
        if (running.size + preparing.size < lanes) {
          for (const name of toPrepare()) {
            if (running.size + preparing.size >= lanes) break;
            preparing.add(name);
            options
              .prepare!(name)
              .catch(() => undefined)
              .finally(() => {
                preparing.delete(name);
                prepared.add(name);
                pump();
              });
          }
        }
      }
      if (running.size === 0 && preparing.size === 0) resolve();
    };
    pump();
  });
  // Stacks never started stay 'not-run' and count as unfinished.
  for (const name of names) if (!finished.has(name)) outcomes.set(name, 'not-run');
  return { outcomes, errors, elapsedMs: Date.now() - started };
}

/** The dependency wave of each stack: 0 for those that depend on nothing scheduled, else one more than its deepest dependency. */
export function waves(stacks: readonly ScheduledStack[]): Map<string, number> {
  const names = new Set(stacks.map((s) => s.name));
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const wave = new Map<string, number>();
  const waveOf = (name: string): number => {
    const known = wave.get(name);
    if (known !== undefined) return known;
    const w = Math.max(-1, ...byName.get(name)!.dependsOn.filter((d) => names.has(d)).map(waveOf)) + 1;
    wave.set(name, w);
    return w;
  };
  for (const s of stacks) waveOf(s.name);
  return wave;
}
