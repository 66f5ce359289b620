/**
 * The deploy scheduler at organization scale: 300 stacks shaped like a landing zone, 16 at a
 * time. Each task sleeps for its stack's apply time, so the best any scheduler can do is known:
 * the longest chain of applies (the critical path) when there is room for everything else beside
 * it. The wall time must stay within 1.2x of it; no more than 16 run at once; no stack starts
 * before the stacks it depends on ended; after a failure nothing new starts, the running ones end.
 */
import { schedule, waves, type ScheduledStack } from '../../src/deploy/scheduler';

/** bootstrap → organization → security, network → 290 baselines (half need the network) → 9 products. */
function landingZone(): { stacks: ScheduledStack[]; ms: Map<string, number> } {
  const stacks: ScheduledStack[] = [
    { name: 'bootstrap', dependsOn: [] },
    { name: 'organization', dependsOn: ['bootstrap'] },
    { name: 'security', dependsOn: ['organization'] },
    { name: 'network', dependsOn: ['organization'] },
  ];
  const ms = new Map([
    ['bootstrap', 400],
    ['organization', 1200],
    ['security', 600],
    ['network', 1800],
  ]);
  for (let i = 0; i < 290; i++) {
    const name = `baseline-${String(i).padStart(3, '0')}`;
    stacks.push({ name, dependsOn: i % 2 ? ['security', 'network'] : ['security'] });
    ms.set(name, 40 + (i % 7) * 10);
  }
  for (let i = 0; i < 9; i++) {
    stacks.push({ name: `product-${i}`, dependsOn: [`baseline-${String(i * 31 + 1).padStart(3, '0')}`] });
    ms.set(`product-${i}`, 800);
  }
  return { stacks, ms };
}

function criticalPath(stacks: readonly ScheduledStack[], ms: ReadonlyMap<string, number>): number {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const finish = new Map<string, number>();
  const end = (name: string): number => {
    if (!finish.has(name)) finish.set(name, Math.max(0, ...byName.get(name)!.dependsOn.map(end)) + ms.get(name)!);
    return finish.get(name)!;
  };
  return Math.max(...stacks.map((s) => end(s.name)));
}

describe('deploy scheduler', () => {
  it('applies 303 stacks 16 at a time within 1.2x of the critical path, never before their dependencies', async () => {
    // GIVEN 303 stacks whose longest chain is 4.3 s (bootstrap, organization, network, a baseline, a product)
    const { stacks, ms } = landingZone();
    expect(stacks).toHaveLength(303);
    const path = criticalPath(stacks, ms);
    expect(path).toBe(400 + 1200 + 1800 + 100 + 800);
    const spans = new Map<string, { start: number; end: number }>();
    let running = 0;
    let most = 0;
    // WHEN they are scheduled with parallelism 16
    const result = await schedule(stacks, {
      parallelism: 16,
      async run(stack) {
        const start = Date.now();
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, ms.get(stack)));
        running--;
        spans.set(stack, { start, end: Date.now() });
        return 'applied';
      },
    });
    // THEN every stack was applied, at most 16 at once, each after its dependencies ended
    expect([...result.outcomes.values()].every((o) => o === 'applied')).toBe(true);
    expect(most).toBe(16);
    for (const s of stacks) for (const d of s.dependsOn) expect(spans.get(s.name)!.start).toBeGreaterThanOrEqual(spans.get(d)!.end);
    // AND the wall time is within 1.2x of the critical path
    expect(result.elapsedMs).toBeLessThanOrEqual(path * 1.2);
  });

  it('starts nothing after a failure, lets the running stacks end, and reports what never ran', async () => {
    // GIVEN a, then b and c (c fails quickly, b takes longer), then d after b
    const stacks: ScheduledStack[] = [
      { name: 'a', dependsOn: [] },
      { name: 'b', dependsOn: ['a'] },
      { name: 'c', dependsOn: ['a'] },
      { name: 'd', dependsOn: ['b'] },
    ];
    const ended: string[] = [];
    const result = await schedule(stacks, {
      parallelism: 4,
      async run(stack) {
        await new Promise((r) => setTimeout(r, stack === 'b' ? 150 : 10));
        ended.push(stack);
        if (stack === 'c') throw new Error('c failed');
        return 'applied';
      },
    });
    // THEN b finished although c had failed, and d never started
    expect(ended).toEqual(['a', 'c', 'b']);
    expect(Object.fromEntries(result.outcomes)).toEqual({ a: 'applied', b: 'applied', c: 'failed', d: 'not-run' });
    expect((result.errors.get('c') as Error).message).toBe('c failed');
  });

  it('prepares waiting stacks on free lanes once the roots succeeded, and runs each only after its preparation', async () => {
    // GIVEN root (20 ms), then slow (300 ms), then six leaves after slow; one leaf's preparation fails
    const stacks: ScheduledStack[] = [
      { name: 'root', dependsOn: [] },
      { name: 'slow', dependsOn: ['root'] },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `leaf-${i}`, dependsOn: ['slow'] })),
    ];
    const events: string[] = [];
    const at = new Map<string, number>();
    let busy = 0;
    let most = 0;
    const lane = async (what: string, stack: string, ms: number) => {
      most = Math.max(most, ++busy);
      events.push(`${what} ${stack}`);
      await new Promise((r) => setTimeout(r, ms));
      at.set(`${what} ${stack} end`, Date.now());
      busy--;
    };
    // WHEN they are scheduled 4 at a time, with a preparation of 50 ms each
    const result = await schedule(stacks, {
      parallelism: 4,
      async run(stack) {
        at.set(`run ${stack} start`, Date.now());
        await lane('run', stack, stack === 'slow' ? 300 : 20);
        return 'applied';
      },
      async prepare(stack) {
        await lane('prepare', stack, 50);
        if (stack === 'leaf-2') throw new Error('init failed');
      },
    });
    // THEN nothing was prepared before root ended; the leaves were prepared while slow ran, three
    // at a time beside it; each leaf ran after its preparation; the failed preparation failed nothing
    expect(events.slice(0, 5)).toEqual(['run root', 'run slow', 'prepare leaf-0', 'prepare leaf-1', 'prepare leaf-2']);
    for (let i = 0; i < 6; i++) {
      expect(at.get(`prepare leaf-${i} end`)!).toBeLessThan(at.get('run slow end')!);
      expect(at.get(`run leaf-${i} start`)!).toBeGreaterThanOrEqual(at.get(`prepare leaf-${i} end`)!);
    }
    expect(most).toBe(4);
    expect([...result.outcomes.values()]).toEqual(Array(8).fill('applied'));
  });

  it('numbers the dependency waves', () => {
    const { stacks } = landingZone();
    const w = waves(stacks);
    expect([w.get('bootstrap'), w.get('organization'), w.get('security'), w.get('network'), w.get('baseline-000'), w.get('baseline-001'), w.get('product-0')]).toEqual([0, 1, 2, 2, 3, 3, 4]);
  });
});
