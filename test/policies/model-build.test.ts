/**
 * The policy model built in threads (src/policies/model-build.ts) must be the model one process
 * builds: the same proofs, lint findings and errors. Threads run compiled JavaScript, so this
 * drives bin/lz.js (`npm test` builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROOFS } from '../../src/policies/prove/proofs';
import { REPO } from '../support/example';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateOrganization } = require('../../scripts/generate-org.js') as { generateOrganization: (dir: string, products: number) => void };

const LZ = join(REPO, 'bin', 'lz.js');

function lz(dir: string, threads: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [LZ, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LZ_MODEL_THREADS: threads } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('policy model built in threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lz-model-threads-'));
    generateOrganization(dir, 4); // the example and 12 generated accounts: 31 stacks, shared by three threads
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN an organization WHEN proved and linted by one process and by three threads THEN the output is identical', () => {
    const prove = [lz(dir, '0', 'policy', 'prove', '--format', 'json'), lz(dir, '3', 'policy', 'prove', '--format', 'json')];
    expect(prove.map((r) => r.status)).toEqual([0, 0]);
    expect(prove[1].stdout).toBe(prove[0].stdout);
    const proofs = JSON.parse(prove[0].stdout) as { id: string; status: string }[];
    expect(proofs.map((p) => p.id)).toEqual(PROOFS.map((p) => p.id));
    expect(proofs.filter((p) => p.status !== 'holds')).toEqual([]);
    const lint = [lz(dir, '0', 'policy', 'lint', '--format', 'json'), lz(dir, '3', 'policy', 'lint', '--format', 'json')];
    expect(lint[1]).toEqual(lint[0]);
  }, 300_000);

  it('GIVEN a template only stack building reads is missing WHEN proved in threads THEN the error is the one process prints, exit 2', () => {
    rmSync(join(dir, 'policies/roles/audit-trust.json'));
    const serial = lz(dir, '0', 'policy', 'prove');
    const threads = lz(dir, '3', 'policy', 'prove');
    expect(threads.status).toBe(2);
    expect(threads.stderr).toContain('policies/roles/audit-trust.json: does not exist or cannot be read');
    expect(threads.stderr).toBe(serial.stderr);
    expect(threads.stdout).toBe('');
  }, 300_000);
});
