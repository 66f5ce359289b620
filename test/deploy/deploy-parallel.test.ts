/**
 * runDeploy with real terraform processes (the stand-in): stacks run concurrently up to the
 * parallelism, never before their dependencies ended; a stack applied with the same configuration
 * is skipped the next time; a plan that replaces a protected resource is not applied.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy } from '../../src/deploy/deploy-run';
import type { AppliedRecords } from '../../src/deploy/applied-records';
import type { StackDefinition } from '../../stacks';
import type { LandingZone } from '../../src/config/model';
import { LzError } from '../../src/errors';

const STAND_IN = join(__dirname, '..', 'support', 'stand-in-terraform.js');

interface Invocation {
  readonly stack: string;
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

/** Stacks written by hand: root, then `width` stacks after it, each with a leaf after it. */
function fixture(width: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lz-parallel-'));
  const definitions: StackDefinition[] = [{ name: 'root', dependsOn: [], build: () => { throw new Error('not built'); } }];
  for (let i = 0; i < width; i++) {
    definitions.push({ name: `mid-${i}`, dependsOn: ['root'], build: () => { throw new Error('not built'); } });
    definitions.push({ name: `leaf-${i}`, dependsOn: [`mid-${i}`], build: () => { throw new Error('not built'); } });
  }
  for (const d of definitions) {
    mkdirSync(join(dir, 'out', 'stacks', d.name), { recursive: true });
    writeFileSync(join(dir, 'out', 'stacks', d.name, 'cdk.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { b: { bucket: d.name } } } }));
  }
  const applied = new Map<string, string>();
  const records: AppliedRecords = { get: async (s) => applied.get(s), put: async (s, sha) => void applied.set(s, sha), destroy: () => undefined };
  const lines: string[] = [];
  // A landing zone with no accounts to wait for: only pendingAccounts reads it.
  const lz = { accounts: [], lock: { accounts: {} } } as unknown as LandingZone;
  const options = {
    targets: [] as string[],
    only: false,
    context: { terraform: STAND_IN, outDir: join(dir, 'out'), logDir: join(dir, 'logs') },
    parallelism: 4,
    all: false,
    allowDestroy: [] as string[],
    reuseSavedPlans: false,
    synthesized: true,
    definitions: () => definitions,
    synthesize: async () => undefined,
    waitForAccounts: async (l: LandingZone) => l,
    records,
    out: (l: string) => void lines.push(l),
  };
  const log = join(dir, 'terraform.jsonl');
  const invocations = (): Invocation[] => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Invocation);
  return { dir, definitions, options, lz, lines, log, invocations, applied };
}

describe('runDeploy with the stand-in terraform', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['STAND_IN_LOG', 'STAND_IN_SLEEP_MS', 'STAND_IN_CHANGES', 'STAND_IN_STATE_DIR']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('runs up to the parallelism at once, each stack after its dependency, and skips everything the second time', async () => {
    // GIVEN 11 stacks (root, 5 after it, a leaf after each) whose applies take 400 ms
    const f = fixture(5);
    process.env.STAND_IN_LOG = f.log;
    process.env.STAND_IN_SLEEP_MS = '400';
    // WHEN they are deployed 4 at a time
    await runDeploy(f.lz, f.options);
    // THEN each was applied once, no more than 4 applies overlapped, and more than one did
    const applies = f.invocations().filter((i) => i.command === 'apply');
    expect(applies.map((a) => a.stack).sort()).toEqual(f.definitions.map((d) => d.name).sort());
    const overlap = Math.max(...applies.map((a) => applies.filter((b) => b.start < a.end && b.end > a.start).length));
    expect(overlap).toBeGreaterThan(1);
    expect(overlap).toBeLessThanOrEqual(4);
    const span = new Map(applies.map((a) => [a.stack, a]));
    for (const d of f.definitions) for (const dep of d.dependsOn) expect(span.get(d.name)!.start).toBeGreaterThanOrEqual(span.get(dep)!.end);
    // AND the progress says what finished, with done / running / failed / remaining
    expect(f.lines.filter((l) => l.includes(' applied ')).length).toBe(11);
    expect(f.lines.find((l) => l.includes('applied   root'))).toMatch(/^\[ *\d+\.\ds\] applied {3}root \(\+1 ~0 ±0 -0\) \| done 1, running 0, failed 0, remaining 10$/);
    // WHEN it runs again with nothing changed
    const before = f.invocations().length;
    f.lines.length = 0;
    await runDeploy(f.lz, f.options);
    // THEN no terraform ran
    expect(f.invocations().length).toBe(before);
    expect(f.lines.filter((l) => l.includes(' unchanged ') && l.includes('(as last applied)')).length).toBe(11);
    // WHEN one stack's configuration changes
    writeFileSync(join(f.dir, 'out', 'stacks', 'mid-3', 'cdk.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { b: { bucket: 'mid-3', tags: { a: 'b' } } } } }));
    await runDeploy(f.lz, f.options);
    // THEN only it is planned and applied
    expect(f.invocations().slice(before).map((i) => `${i.stack} ${i.command}`)).toEqual(['mid-3 plan', 'mid-3 show', 'mid-3 apply']);
  });

  it('does not apply a plan that replaces a protected resource, unless --allow-destroy names it', async () => {
    // GIVEN a stack whose plan replaces a KMS key
    const f = fixture(1);
    process.env.STAND_IN_LOG = f.log;
    process.env.STAND_IN_CHANGES = JSON.stringify({ 'mid-0': [{ address: 'aws_kms_key.data', type: 'aws_kms_key', actions: ['create', 'delete'] }] });
    // WHEN it is deployed
    let error: unknown;
    await runDeploy(f.lz, f.options).catch((e) => (error = e));
    // THEN it fails naming the resource and the flag; the stack after it never ran; nothing was applied to it
    expect(error).toBeInstanceOf(LzError);
    expect((error as LzError).message).toBe(
      'stack mid-0: the plan would replace aws_kms_key.data, a protected aws_kms_key, so it was not applied; if that is intended, name it: --allow-destroy mid-0:aws_kms_key.data; otherwise change the config so it is kept (an account leaves only by lz account close)',
    );
    expect(f.invocations().filter((i) => i.command === 'apply').map((i) => i.stack)).toEqual(['root']);
    expect(f.applied.has('mid-0')).toBe(false);
    // WHEN the replacement is allowed
    await runDeploy(f.lz, { ...f.options, allowDestroy: ['mid-0:aws_kms_key.data'] });
    // THEN it is applied, and the stack after it too
    expect(f.invocations().filter((i) => i.command === 'apply').map((i) => i.stack)).toEqual(['root', 'mid-0', 'leaf-0']);
    // WHEN it runs again with --all (to catch drift), nothing having changed
    delete process.env.STAND_IN_CHANGES;
    const before = f.invocations().length;
    await runDeploy(f.lz, { ...f.options, all: true });
    // THEN every stack is planned again, and none applied (their plans have no changes)
    expect(f.invocations().slice(before).filter((i) => i.command === 'plan').map((i) => i.stack).sort()).toEqual(['leaf-0', 'mid-0', 'root']);
    expect(f.invocations().slice(before).filter((i) => i.command === 'apply')).toEqual([]);
  });
});
