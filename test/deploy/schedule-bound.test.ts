/**
 * The lower bound `lz deploy` is held to: never above what a schedule can achieve (else the
 * 1.2x test would demand the impossible), and as tight as the chain and the lanes make it.
 */
import { scheduleBound, type TimedStack } from '../../src/deploy/schedule-bound';

const stack = (name: string, ms: number, ...dependsOn: string[]): TimedStack => ({ name, ms, dependsOn });

describe('scheduleBound', () => {
  it('is the longest dependency chain when the lanes have room', () => {
    // GIVEN a chain a > b > c of 1, 2 and 3 s, and a stack of 1 s beside it
    const stacks = [stack('a', 1000), stack('b', 2000, 'a'), stack('c', 3000, 'b'), stack('d', 1000)];
    // WHEN bounded on 16 lanes
    const bound = scheduleBound(stacks, 16);
    // THEN it is the chain's 6 s, and says so
    expect([bound.ms, bound.which, bound.chain, bound.chainMs]).toEqual([6000, 'chain', ['a', 'b', 'c'], 6000]);
    expect(bound.why).toBe('the longest dependency chain (a > b > c) takes 6.0 s, more than 16 lanes need for the work (5.1 s)');
  });

  it('is total work / lanes for independent stacks', () => {
    const stacks = Array.from({ length: 32 }, (_, i) => stack(`s${i}`, 1000));
    const bound = scheduleBound(stacks, 16);
    expect([bound.ms, bound.which, bound.chainMs, bound.lanes]).toEqual([2000, 'lanes', 1000, { stacks: 32, workMs: 32000, beforeMs: 0, afterMs: 0 }]);
  });

  it('counts the time before and after the crowd: a root, 32 leaves after it, one stack after them all', () => {
    // GIVEN root (1 s), then 32 stacks of 1 s after it, then last (1 s) after all of them
    const leaves = Array.from({ length: 32 }, (_, i) => stack(`leaf-${i}`, 1000, 'root'));
    const stacks = [stack('root', 1000), ...leaves, stack('last', 1000, ...leaves.map((l) => l.name))];
    // WHEN bounded on 16 lanes
    const bound = scheduleBound(stacks, 16);
    // THEN the leaves cannot start before 1 s, take 32 s / 16 lanes, and leave 1 s after them: 4 s,
    // where the chain is 3 s and total work / 16 only 2.1 s
    expect([bound.ms, bound.which, bound.chainMs, bound.lanes]).toEqual([4000, 'lanes', 3000, { stacks: 32, workMs: 32000, beforeMs: 1000, afterMs: 1000 }]);
    expect(bound.why).toBe('32 stacks of 32.0 s in all cannot start before 1.0 s and leave 1.0 s after them: 1.0 s + 32.0 s / 16 lanes + 1.0 s = 4.0 s, more than the longest dependency chain (3.0 s)');
  });

  it('is never above the makespan of a valid schedule, on random graphs', () => {
    // GIVEN 40 random graphs (a fixed seed) of 12 stacks with durations of 1 to 9 ms units
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let g = 0; g < 40; g++) {
      const stacks: TimedStack[] = [];
      for (let i = 0; i < 12; i++) {
        const deps = stacks.filter(() => random() < 0.2).map((s) => s.name);
        stacks.push(stack(`s${i}`, 1 + Math.floor(random() * 9), ...deps));
      }
      const lanes = 1 + Math.floor(random() * 4);
      // WHEN they are list-scheduled on a simulated clock: a valid schedule, so no better than the optimum
      const makespan = simulate(stacks, lanes);
      // THEN the bound is at most that
      expect(scheduleBound(stacks, lanes).ms).toBeLessThanOrEqual(makespan);
    }
  });
});

/** List scheduling on a simulated clock: whenever a lane is free, the first ready stack starts. */
function simulate(stacks: readonly TimedStack[], lanes: number): number {
  const end = new Map<string, number>();
  const running: { name: string; end: number }[] = [];
  let now = 0;
  while (end.size < stacks.length) {
    for (const s of stacks) {
      if (running.length >= lanes) break;
      if (end.has(s.name) || running.some((r) => r.name === s.name)) continue;
      if (s.dependsOn.every((d) => (end.get(d) ?? Infinity) <= now)) running.push({ name: s.name, end: now + s.ms });
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    end.set(next.name, now);
  }
  return now;
}
