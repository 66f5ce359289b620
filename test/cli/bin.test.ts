/**
 * The real entry points, as users and `cdktf` run them: compiled JavaScript in a child process.
 * `npm test` builds dist/ first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleProject, readOutput, REPO } from '../support/example';

const LZ = join(REPO, 'bin', 'lz.js');


describe('bin/lz.js', () => {
  it('GIVEN a bad config THEN the process exits 2 with the problem and no stack trace', () => {
    const project = exampleProject();
    try {
      project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.30.64.0/33');
      const r = spawnSync(process.execPath, [LZ, 'validate'], { cwd: project.dir, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'config/products/catalog.yaml:26:13 environments.dev.vpc.cidr: "10.30.64.0/33" is not a valid IPv4 CIDR; write it as a.b.c.d/n with n from 0 to 32, e.g. 10.20.0.0/16\n',
      );
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      project.remove();
    }
  });

  it('GIVEN the example THEN `cdktf synth` writes the same stacks and policies as `lz synth`', () => {
    const out = mkdtempSync(join(tmpdir(), 'lz-cdktf-'));
    try {
      execFileSync(process.execPath, [LZ, 'synth', '--out', join(out, 'lz')], { cwd: REPO, encoding: 'utf8' });
      execFileSync(join(REPO, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', join(out, 'cdktf')], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
        timeout: 120_000,
      });
      const viaLz = readOutput(join(out, 'lz'));
      expect(Object.keys(viaLz)).toContain('stacks/organization/cdk.tf.json');
      expect(readOutput(join(out, 'cdktf'))).toEqual(viaLz);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
