/** `npm run bench` (scripts/bench.js) reports each case with its figures, and writes them as JSON. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../support/example';

describe('the benchmark', () => {
  it('GIVEN the example organization, one run of the synth and deploy cases THEN it prints and writes median, min, max, CPU and peak memory, and the incremental/clean ratio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lz-bench-test-'));
    try {
      const json = join(dir, 'bench.json');
      const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'bench.js'), '--accounts', '12', '--runs', '1', '--cases', 'clean,incremental,deploy', '--json', json], {
        encoding: 'utf8',
        env: { ...process.env, AWS_ENDPOINT_URL: '' },
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^bench: 12 accounts \(0 generated products\)\n/);
      expect(result.stdout).toMatch(/bench: {3}lz synth, clean +median \d+\.\d\d s \(min \d+\.\d\d, max \d+\.\d\d, 1 runs\), cpu \d+\.\d\d s, peak \d+ MB\n/);
      // The deploy case runs every stack with the stand-in terraform, needing no AWS endpoint.
      // (followed by the deploy case's own figures: the stacks, the best schedule and the ratio to it)
      expect(result.stdout).toMatch(/bench: {3}lz deploy --parallelism 16 \(stand-in terraform\) +median \d+\.\d\d s \(min \d+\.\d\d, max \d+\.\d\d, 1 runs\), cpu \d+\.\d\d s, peak \d+ MB(;[^\n]*)?\n/);
      const written = JSON.parse(readFileSync(json, 'utf8'));
      expect(written.sizes).toHaveLength(1);
      const [size] = written.sizes;
      expect(size.accounts).toBe(12);
      expect(size.cases.map((c: { name: string }) => c.name)).toEqual(['clean', 'incremental', 'deploy']);
      for (const c of size.cases) {
        expect(c.runs).toHaveLength(1);
        expect(c.runs[0].code).toBe(0);
        expect(c.median).toBe(c.min);
        expect(c.peakMb).toBeGreaterThan(20);
        // The CPU of lz and its workers, as the kernel counted it: more than a node start-up, and the median of the one run.
        expect(c.runs[0].cpu).toBeGreaterThan(0.2);
        expect(c.cpu).toBe(c.runs[0].cpu);
      }
      expect(size.incrementalVsClean).toBeGreaterThan(0);
      expect(size.incrementalVsClean).toBeLessThan(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN the diff cases THEN the cold one and the warm one each run the one-line SCP change (a narrowing: exit 0) and report their figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lz-bench-test-'));
    try {
      const json = join(dir, 'bench.json');
      const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'bench.js'), '--accounts', '12', '--runs', '1', '--cases', 'diff,diff-warm', '--json', json], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/bench: {3}lz policy diff --base HEAD \(one-line SCP change, base built\) +median \d+\.\d\d s/);
      expect(result.stdout).toMatch(/bench: {3}lz policy diff --base HEAD \(the same, base cached\) +median \d+\.\d\d s/);
      const [size] = JSON.parse(readFileSync(json, 'utf8')).sizes;
      expect(size.cases.map((c: { name: string; runs: { code: number }[] }) => [c.name, c.runs.map((r) => r.code)])).toEqual([
        ['diff', [0]],
        ['diff-warm', [0]],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
