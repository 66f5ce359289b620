/**
 * Synthesis spread over worker processes must write exactly what one process writes. Workers run
 * compiled JavaScript, so this drives bin/lz.js (`npm test` builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOutput, readTree, REPO } from '../support/example';

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
    generateOrganization(dir, 12); // 12 x 3 generated accounts + the example (with its identity stack): 55 stacks, enough for workers
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN 55 stacks WHEN synthesized by one process and by three THEN every file is byte-identical', () => {
    const one = synth(dir, 'one', '1');
    const three = synth(dir, 'three', '3');
    expect([one.status, three.status]).toEqual([0, 0]);
    expect(one.stdout).toMatch(/^Synthesized 55 stacks into one in \d+ ms: bootstrap, organization, security, network and 51 more\n$/);
    const serial = readOutput(join(dir, 'one'));
    expect(Object.keys(serial).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(55);
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
