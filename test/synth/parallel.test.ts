/**
 * Synthesis spread over worker processes must write exactly what one process writes. Workers run
 * compiled JavaScript, so this drives bin/lz.js (`npm test` builds dist/ first). The queue that
 * shares the stacks out is tested on its own with stand-in workers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutput, readTree, REPO } from '../support/example';
import { LzError } from '../../src/errors';
import { BATCH_STACKS, synthesizeShared, type OwnShare } from '../../src/synth/parallel';
import { SynthWorker, type QueueWorker } from '../../src/synth/worker-process';
import type { ShareResult } from '../../src/synth/share';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateOrganization } = require('../../scripts/generate-org.js') as { generateOrganization: (dir: string, products: number) => void };

const LZ = join(REPO, 'bin', 'lz.js');

function synth(dir: string, out: string, workers: string) {
  return spawnSync(process.execPath, [LZ, 'synth', '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, LZ_SYNTH_WORKERS: workers } });
}

describe('parallel synthesis', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lz-parallel-'));
    generateOrganization(dir, 20); // 20 x 3 generated accounts + the example (with its identity stack): 79 stacks, enough for workers started before the config is loaded
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN 79 stacks WHEN synthesized by one process and by three (two workers, started first) THEN every file is byte-identical', () => {
    const one = synth(dir, 'one', '1');
    const three = synth(dir, 'three', '3');
    expect([one.status, three.status]).toEqual([0, 0]);
    expect(one.stdout).toMatch(/^Synthesized 79 stacks into one in \d+ ms: bootstrap, organization, security, network and 75 more\n$/);
    const serial = readOutput(join(dir, 'one'));
    expect(Object.keys(serial).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(79);
    expect(readOutput(join(dir, 'three'))).toEqual(serial);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('GIVEN a problem that only stack building finds THEN the workers report it as one process would, and the output stays', () => {
    expect(synth(dir, 'kept', '3').status).toBe(0);
    const before = readTree(join(dir, 'kept'));
    rmSync(join(dir, 'policies/roles/audit-trust.json'));
    const serial = synth(dir, 'kept', '1');
    const parallel = synth(dir, 'kept', '3');
    expect(parallel.status).toBe(2);
    expect(parallel.stderr).toContain('policies/roles/audit-trust.json: does not exist or cannot be read');
    expect(parallel.stderr).toBe(serial.stderr);
    expect(readTree(join(dir, 'kept'))).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('the synth queue (this process and its workers taking stacks from one queue)', () => {
  const names = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
  const result = (stacks: readonly string[]): ShareResult => ({ version: '0.21.0', manifest: {}, index: stacks.map((s) => ({ stack: s })), reads: {} });

  class Own implements OwnShare {
    readonly added: string[] = [];
    constructor(private readonly finishWith: () => Promise<ShareResult> = async () => result(this.added)) {}
    add(name: string) {
      this.added.push(name);
    }
    finish() {
      return this.finishWith();
    }
  }

  /** A worker that becomes ready after `readyAfter` turns, works one turn per batch, and asks again. */
  class StandIn implements QueueWorker {
    private handler: (() => void) | undefined;
    private requests = 0;
    readonly batches: string[][] = [];
    ended = false;
    cancelled = false;
    ready = false;
    readonly exited: Promise<void>;
    private exit!: (error?: unknown) => void;
    constructor(
      readyAfter: number | 'never',
      private readonly failOn?: string,
      private readonly failAtEnd?: unknown,
    ) {
      this.exited = new Promise((resolve, reject) => (this.exit = (error) => (error ? reject(error) : resolve())));
      if (readyAfter !== 'never') {
        let turns = readyAfter;
        const wait = () => (turns-- > 0 ? setImmediate(wait) : ((this.ready = true), this.request(), this.request()));
        setImmediate(wait);
      }
    }
    send(batch: readonly string[]) {
      this.batches.push([...batch]);
      setImmediate(() => {
        if (this.failOn && batch.includes(this.failOn)) return this.exit(LzError.of(`stack ${this.failOn}`, 'broken', 'mend it'));
        if (!this.ended) this.request();
      });
    }
    private request() {
      if (this.handler) this.handler();
      else this.requests++;
    }
    serve(handler: () => void) {
      this.handler = handler;
      for (; this.requests > 0; this.requests--) handler();
    }
    end() {
      this.ended = true;
      setImmediate(() => this.exit(this.failAtEnd));
    }
    cancel() {
      this.cancelled = true;
      this.exit();
    }
    result() {
      return result(this.batches.flat());
    }
  }

  it('GIVEN a worker ready at once THEN every stack is synthesized exactly once: this process from the front in order, the worker in batches from the back', async () => {
    const own = new Own();
    const worker = new StandIn(0);
    const results = await synthesizeShared(own, names, [worker]);
    const theirs = worker.batches.flat();
    expect([...own.added, ...theirs].sort()).toEqual(names);
    expect(own.added).toEqual(names.slice(0, own.added.length));
    expect(theirs.length).toBeGreaterThan(0);
    expect(worker.batches.every((b) => b.length >= 1 && b.length <= BATCH_STACKS)).toBe(true);
    expect(worker.batches[0]).toEqual(names.slice(names.length - worker.batches[0].length));
    expect(worker.ended).toBe(true);
    expect(results).toEqual([result(own.added), result(theirs)]);
  });

  it('GIVEN a worker that asked for work before the queue existed (started before the config was loaded) THEN its requests are served', async () => {
    const own = new Own();
    const worker = new StandIn(0);
    for (let i = 0; i < 3; i++) await new Promise((done) => setImmediate(done));
    expect(worker.ready).toBe(true);
    await synthesizeShared(own, names, [worker]);
    expect(worker.batches.length).toBeGreaterThan(0);
    expect([...own.added, ...worker.batches.flat()].sort()).toEqual(names);
    expect(worker.ended).toBe(true);
  });

  it('GIVEN a worker that is not ready before the queue runs out THEN this process does every stack and the worker is stopped', async () => {
    const own = new Own();
    const worker = new StandIn('never');
    const results = await synthesizeShared(own, names, [worker]);
    expect(own.added).toEqual(names);
    expect(worker.cancelled).toBe(true);
    expect(results).toEqual([result(names)]);
  });

  it('GIVEN a worker that fails on a stack while stacks remain THEN the handing out stops, the other workers are stopped, and its error is the one thrown', async () => {
    const own = new Own();
    const failing = new StandIn(0, 's29');
    const other = new StandIn(0);
    await expect(synthesizeShared(own, names, [failing, other])).rejects.toThrow('stack s29: broken');
    expect(own.added.length).toBeLessThan(names.length);
    expect(other.cancelled).toBe(true);
  });

  it('GIVEN policy-model problems in this process and in a worker THEN both are reported, in deploy order', async () => {
    const problem = (stack: string) => ({ file: `stack ${stack}`, path: 'aws_iam_role.x.assume_role_policy', message: 'not recorded', fix: 'record it' });
    // The worker reports its problem on the way out, as a worker process does through its exit.
    const worker = new StandIn(0, undefined, new LzError([problem('s27')]));
    const own = new Own(async () => {
      throw new LzError([problem(names[1]), problem(names[0])]);
    });
    const error = (await synthesizeShared(own, names, [worker]).catch((e: unknown) => e)) as LzError;
    expect(error).toBeInstanceOf(LzError);
    expect(error.problems.map((p) => p.file)).toEqual(['stack s00', 'stack s01', 'stack s27']);
  });
});

describe('a worker process', () => {
  it('GIVEN a worker that fails before anyone waits on it (started early, its config does not load) THEN nothing is left unhandled, and exited still rejects', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // From the TypeScript sources there is no worker.js beside this module, so node stops at once.
      const worker = new SynthWorker(join(tmpdir(), 'lz-no-such-config'));
      for (let i = 0; i < 60 && !unhandled.length; i++) await new Promise((done) => setTimeout(done, 50));
      expect(unhandled).toEqual([]);
      await expect(worker.exited).rejects.toThrow(/^synth worker stopped \(exit code 1\)$/);
    } finally {
      process.removeListener('unhandledRejection', onUnhandled);
    }
  });
});
