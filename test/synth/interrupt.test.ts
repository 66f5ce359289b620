/**
 * No staging folder and no worker process outlives a synth that failed or was interrupted, and a
 * worker's failure reads as one process's would. These run bin/lz.js as real processes (workers run
 * compiled JavaScript; `npm test` builds dist/ first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTree, REPO } from '../support/example';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateOrganization } = require('../../scripts/generate-org.js') as { generateOrganization: (dir: string, products: number) => void };

const LZ = join(REPO, 'bin', 'lz.js');

function synth(dir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [LZ, 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LZ_SYNTH_WORKERS: '2', ...env } });
}

/** A change to a template every stack is built from, so the next synth builds every stack again (in workers). */
function changeEveryStack(dir: string) {
  const template = join(dir, 'policies/roles/audit-trust.json');
  writeFileSync(template, `${readFileSync(template, 'utf8')}\n`);
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.'));

/** Processes whose command line names every one of `texts` (a worker: worker.js and the config folder), from /proc. */
function processesNaming(...texts: string[]): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return texts.every((t) => cmdline.includes(t));
      } catch {
        return false;
      }
    });
}

describe('interrupted and failing synth', () => {
  let dir: string;
  let before: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lz-interrupt-'));
    generateOrganization(dir, 12); // 54 stacks: synthesized by worker processes
    expect(synth(dir).status).toBe(0);
    before = readTree(join(dir, 'cdktf.out'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('GIVEN a synth running in workers WHEN it gets %s THEN it exits %i, its workers are gone, no staging folder is left and the old output is whole', async (signal, code) => {
    changeEveryStack(dir);
    const child = spawn(process.execPath, [LZ, 'synth'], { cwd: dir, env: { ...process.env, LZ_SYNTH_WORKERS: '2' }, stdio: 'ignore' });
    const exited = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    let staging: string | undefined;
    for (let i = 0; i < 600 && !staging; i++) {
      await new Promise((r) => setTimeout(r, 25));
      staging = readdirSync(dir).find((f) => f.startsWith('.cdktf.out.staging-'));
    }
    expect(staging).toBeDefined();
    const workers = () => processesNaming('worker.js', join(dir, 'config'));
    for (let i = 0; i < 600 && workers().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(workers().length).toBeGreaterThan(0); // the workers are running

    child.kill(signal);

    expect(await exited).toBe(code);
    expect(leftovers(dir)).toEqual([]);
    expect(workers()).toEqual([]);
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before);
  });

  it('GIVEN a template that is broken WHEN synthesized THEN the workers report the one problem, exit 2, and the old output is whole', () => {
    const template = join(dir, 'policies/roles/audit-trust.json');
    const text = readFileSync(template, 'utf8');
    writeFileSync(template, '{ "Version": "2012-10-17", "Statement": [ ');
    try {
      const result = synth(dir);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^policies\/roles\/audit-trust\.json:1:\d+: /);
    } finally {
      writeFileSync(template, text);
    }
    expect(leftovers(dir)).toEqual([]);
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before);
  });

  it('GIVEN a worker that runs out of its memory limit (8 MB: while it loads, before it is handed a stack) THEN it is one line of internal error, exit 1, no stack trace, and the old output is whole', () => {
    changeEveryStack(dir);
    const result = synth(dir, { LZ_SYNTH_WORKER_MEMORY_MB: '8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^lz: internal error: synth worker ran out of memory \(heap limit 8 MB\); set LZ_SYNTH_WORKER_MEMORY_MB higher \(a bug in landing-zone[^\n]*\)\n$/,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(leftovers(dir)).toEqual([]);
    expect(readTree(join(dir, 'cdktf.out'))).toEqual(before);
  });
});
