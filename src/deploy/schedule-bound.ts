/**
 * The best any scheduler could do: a lower bound on the wall time of applying stacks of known
 * durations on N lanes, each stack after the stacks it depends on. What `lz deploy` is measured
 * against (the 300-stack test and the benchmark), so it must never be above the true optimum:
 *
 * - the chain: no schedule beats the longest dependency chain of durations;
 * - the lanes: the stacks that cannot start before time A (their longest chain of dependencies)
 *   and leave at least B after they end (their longest chain of dependents) all run between A and
 *   the end minus B, N at a time, so no schedule beats A + (their total duration) / N + B. With
 *   A = B = 0 that is total work / N; a landing zone's baselines give more: they wait for the
 *   organization, security and network stacks, and the identity stack waits for all of them.
 *
 * The larger of the two is the bound; which one it is, and why, is reported with it.
 */

export interface TimedStack {
  readonly name: string;
  readonly dependsOn: readonly string[];
  /** How long the stack takes, in ms. */
  readonly ms: number;
}

export interface ScheduleBound {
  readonly ms: number;
  readonly which: 'chain' | 'lanes';
  /** The longest chain of dependencies, first stack first, and its duration. */
  readonly chain: readonly string[];
  readonly chainMs: number;
  /** The lanes bound: the stacks it counts, the time before them and after them. */
  readonly lanesMs: number;
  readonly lanes: { readonly stacks: number; readonly workMs: number; readonly beforeMs: number; readonly afterMs: number };
  /** One sentence: which bound applies and why. */
  readonly why: string;
}

export function scheduleBound(stacks: readonly TimedStack[], lanes: number): ScheduleBound {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const deps = new Map(stacks.map((s) => [s.name, s.dependsOn.filter((d) => byName.has(d))]));
  const dependents = new Map<string, string[]>(stacks.map((s) => [s.name, []]));
  for (const s of stacks) for (const d of deps.get(s.name)!) dependents.get(d)!.push(s.name);
  // Earliest start (head) and the least time after the stack ends (tail), memoized depth first.
  const head = new Map<string, number>();
  const headOf = (name: string): number => {
    let h = head.get(name);
    if (h === undefined) {
      h = Math.max(0, ...deps.get(name)!.map((d) => headOf(d) + byName.get(d)!.ms));
      head.set(name, h);
    }
    return h;
  };
  const tail = new Map<string, number>();
  const tailOf = (name: string): number => {
    let t = tail.get(name);
    if (t === undefined) {
      t = Math.max(0, ...dependents.get(name)!.map((d) => byName.get(d)!.ms + tailOf(d)));
      tail.set(name, t);
    }
    return t;
  };

  let chainMs = 0;
  let chainEnd: string | undefined;
  for (const s of stacks) {
    const through = headOf(s.name) + s.ms + tailOf(s.name);
    if (through > chainMs || chainEnd === undefined) {
      chainMs = through;
      chainEnd = s.name;
    }
  }
  const chain: string[] = [];
  if (chainEnd !== undefined) {
    // Walk back along the dependencies that set the head, then forward along the tail.
    let at: string | undefined = chainEnd;
    while (at !== undefined) {
      chain.unshift(at);
      const h = headOf(at);
      at = deps.get(at)!.find((d) => headOf(d) + byName.get(d)!.ms === h && h > 0);
    }
    at = dependents.get(chainEnd)!.find((d) => byName.get(d)!.ms + tailOf(d) === tailOf(chainEnd!) && tailOf(chainEnd!) > 0);
    while (at !== undefined) {
      chain.push(at);
      const t = tailOf(at);
      at = dependents.get(at)!.find((d) => byName.get(d)!.ms + tailOf(d) === t && t > 0);
    }
  }

  // For each possible A, the stacks that start no earlier, taken by decreasing tail: adding them
  // one by one, B is the tail of the last one added.
  const n = Math.max(1, lanes);
  let best = { ms: 0, stacks: 0, workMs: 0, beforeMs: 0, afterMs: 0 };
  const heads = [...new Set(stacks.map((s) => headOf(s.name)))];
  for (const a of heads) {
    const later = stacks.filter((s) => headOf(s.name) >= a).sort((x, y) => tailOf(y.name) - tailOf(x.name));
    let work = 0;
    later.forEach((s, i) => {
      work += s.ms;
      const b = tailOf(s.name);
      const next = later[i + 1];
      if (next && tailOf(next.name) === b) return; // all stacks of the same tail together
      const ms = a + work / n + b;
      if (ms > best.ms) best = { ms, stacks: i + 1, workMs: work, beforeMs: a, afterMs: b };
    });
  }
  const { ms: lanesMs, ...lanesPart } = best;
  const which = lanesMs > chainMs ? 'lanes' : 'chain';
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const why =
    which === 'chain'
      ? `the longest dependency chain (${chain.join(' > ')}) takes ${s(chainMs)}, more than ${n} lanes need for the work (${s(lanesMs)})`
      : `${lanesPart.stacks} stacks of ${s(lanesPart.workMs)} in all cannot start before ${s(lanesPart.beforeMs)} and leave ${s(lanesPart.afterMs)} after them: ${s(lanesPart.beforeMs)} + ${s(lanesPart.workMs)} / ${n} lanes + ${s(lanesPart.afterMs)} = ${s(lanesMs)}, more than the longest dependency chain (${s(chainMs)})`;
  return { ms: Math.max(chainMs, lanesMs), which, chain, chainMs, lanesMs, lanes: lanesPart, why };
}
