/**
 * `cdktf deploy '*'` and `cdktf diff` order stacks by the dependencies in cdktf.out/manifest.json:
 * every stack declares the ones lz deploy uses (stack.addDependency), so both ways apply in the
 * same order.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { synthesize } from '../../src/synth/synth';
import { exampleProject } from '../support/example';

describe('stack dependencies in the cdktf manifest', () => {
  it('lists, for every stack, the stacks it is applied after', async () => {
    // GIVEN the example organization; WHEN it is synthesized
    const lz = loadLandingZone(exampleProject({ withLock: true }).configDir);
    const out = join(mkdtempSync(join(tmpdir(), 'lz-manifest-')), 'cdktf.out');
    await synthesize(lz, { outDir: out });
    // THEN the manifest carries each stack's dependencies
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    const dependencies = Object.fromEntries(Object.entries(manifest.stacks).map(([name, s]) => [name, s.dependencies]));
    expect(dependencies).toEqual({
      bootstrap: [],
      organization: ['bootstrap'],
      security: ['organization'],
      network: ['organization'],
      'baseline-acme-management': ['security'],
      'baseline-acme-log-archive': ['security'],
      'baseline-acme-audit': ['security'],
      'baseline-acme-network': ['security'],
      'baseline-acme-shared-services': ['security', 'network'],
      'baseline-analytics-nonprod': ['security', 'network'],
      'baseline-analytics-prod': ['security', 'network'],
      'baseline-analytics-sandbox': ['security', 'network'],
      'baseline-catalog-dev': ['security', 'network'],
      'baseline-catalog-prod': ['security', 'network'],
      'baseline-payments-prod': ['security', 'network'],
      'baseline-payments-staging': ['security', 'network'],
      // Permission sets reference the product boundary by name: it must exist in every member account first.
      identity: [
        'baseline-acme-log-archive',
        'baseline-acme-audit',
        'baseline-acme-network',
        'baseline-acme-shared-services',
        'baseline-analytics-nonprod',
        'baseline-analytics-prod',
        'baseline-analytics-sandbox',
        'baseline-catalog-dev',
        'baseline-catalog-prod',
        'baseline-payments-prod',
        'baseline-payments-staging',
      ],
      'product-payments-prod': ['baseline-payments-prod'],
      'product-payments-staging': ['baseline-payments-staging'],
    });
  });

  it('keeps only the dependencies that were synthesized when a few stacks are', async () => {
    const lz = loadLandingZone(exampleProject({ withLock: true }).configDir);
    const out = join(mkdtempSync(join(tmpdir(), 'lz-manifest-')), 'cdktf.out');
    await synthesize(lz, { outDir: out, stacks: ['organization', 'security', 'baseline-payments-prod'] });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.fromEntries(Object.entries(manifest.stacks).map(([n, s]) => [n, s.dependencies]))).toEqual({
      organization: [],
      security: ['organization'],
      'baseline-payments-prod': ['security'],
    });
  });
});
