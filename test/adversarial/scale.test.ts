/**
 * Bounded cost: `lz validate` of an organization of 10,000 products stays within 5 s of CPU time
 * (wall time on a busy CI machine is reported, not asserted: it measures the neighbours).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLandingZone, MAX_PRODUCT_FILES } from '../../src/config/load';
import { LzError } from '../../src/errors';
import { inDir, REPO } from '../support/example';

/** The example plus `n` products of one environment each, every VPC a /24 of 10.64.0.0/10. */
function organization(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'lz-scale-'));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  cpSync(join(REPO, 'policies'), join(dir, 'policies'), { recursive: true });
  for (let p = 0; p < n; p++) {
    const name = `p${String(p).padStart(5, '0')}`;
    const block = 64 * 256 + p;
    writeFileSync(
      join(dir, 'config', 'products', `${name}.yaml`),
      [
        `name: ${name}`,
        `owner: { team: Team ${p}, email: ${name}@acme.example }`,
        `costCentre: CC-${p}`,
        'environments:',
        '  dev:',
        `    account: { name: ${name}-dev, email: aws+${name}-dev@acme.example }`,
        '    ou: Workloads/NonProd',
        '    regions: [eu-west-1]',
        '    segment: nonprod',
        `    vpc: { cidr: 10.${Math.floor(block / 256)}.${block % 256}.0/24, availabilityZones: 1 }`,
        '',
      ].join('\n'),
    );
  }
  return dir;
}

describe('validate at scale', () => {
  it('GIVEN 10,000 products WHEN validated THEN they load and check within 5 s of CPU time', () => {
    const dir = organization(10_000);
    try {
      // The compiled command as users run it, in a process of its own: its CPU time is its own.
      const script = `
        const { main } = require(${JSON.stringify(join(REPO, 'dist/src/cli/main.js'))});
        let out = '';
        main(['validate'], { out: (t) => (out += t), err: (t) => (out += t) }).then((code) => {
          const used = process.cpuUsage();
          process.stdout.write(JSON.stringify({ code, out, cpuMs: (used.user + used.system) / 1000 }));
        });`;
      const started = Date.now();
      const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
      const result = JSON.parse(r.stdout) as { code: number; out: string; cpuMs: number };
      process.stdout.write(`lz validate of 10,000 products: ${Math.round(result.cpuMs)} ms CPU, ${Date.now() - started} ms wall\n`);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^10012 accounts, \d+ OUs, 10003 products: config is valid\.$/);
      expect(result.cpuMs).toBeLessThan(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN more product files than the documented limit THEN they are refused before any is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lz-scale-'));
    try {
      cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
      cpSync(join(REPO, 'policies'), join(dir, 'policies'), { recursive: true });
      for (let i = 0; i <= MAX_PRODUCT_FILES; i++) writeFileSync(join(dir, 'config', 'products', `x${i}.yaml`), '');
      const started = Date.now();
      const error = inDir(dir, (): unknown => {
        try {
          return loadLandingZone('config');
        } catch (e) {
          return e;
        }
      });
      expect(error).toBeInstanceOf(LzError);
      expect((error as LzError).problems[0]).toEqual({
        file: 'config/products',
        message: `holds ${MAX_PRODUCT_FILES + 4} entries, over the ${MAX_PRODUCT_FILES} product files a config folder may have`,
        fix: 'split the organization, or remove files that are not products',
      });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
