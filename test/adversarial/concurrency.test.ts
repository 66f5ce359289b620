/**
 * Commands that write config at the same time: each waits for the config folder's lock, so they
 * never choose the same free range or leave a file torn. Runs the compiled `lz` as separate
 * processes, as two terminals or two CI jobs would.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { overlaps, parseCidr } from '../../src/net/cidr';
import { exampleProject, inDir, REPO } from '../support/example';

const LZ = join(REPO, 'bin', 'lz.js');

function run(cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LZ, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent config writers', () => {
  it('GIVEN four `lz product add` started at once THEN all succeed with VPC ranges that overlap nothing', async () => {
    const project = exampleProject();
    try {
      const names = ['alpha', 'bravo', 'charlie', 'delta'];
      const results = await Promise.all(
        names.map((n) => run(project.dir, ['product', 'add', n, '--team', n, '--owner-email', `${n}@acme.example`, '--cost-centre', 'CC-1'])),
      );
      expect(results).toEqual(names.map(() => ({ code: 0, stderr: '' })));
      const lz = inDir(project.dir, () => loadLandingZone('config'));
      const added = lz.accounts.filter((a) => names.includes(a.product ?? ''));
      expect(added).toHaveLength(8);
      const cidrs = lz.accounts.filter((a) => a.vpc).map((a) => parseCidr(a.vpc!.cidr)!);
      for (let i = 0; i < cidrs.length; i++) for (let j = 0; j < i; j++) expect(overlaps(cidrs[i], cidrs[j])).toBe(false);
    } finally {
      project.remove();
    }
  });
});
