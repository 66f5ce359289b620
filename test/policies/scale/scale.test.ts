/**
 * `lz policy diff` and `lz policy prove` give the same results when they evaluate each class of
 * principals once, and the diff only the pairs a change can affect, as when they evaluate every
 * pair on its own (LZ_REVIEW_UNGROUPED=1, the way the review worked before): on the example and on
 * a generated organization of 15 more accounts, with a one-line SCP change, a role template change
 * and an account moved to another OU in the working tree (scenario.js).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lz } from '../../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const scenario = require('./scenario.js') as { PRODUCTS: number; prepare(dir: string, products?: number): void; stableDiff(json: string): unknown };

let dir: string;
afterEach(() => {
  delete process.env.LZ_REVIEW_UNGROUPED;
  rmSync(dir, { recursive: true, force: true });
});

async function review(grouped: boolean): Promise<{ prove: unknown; proveCode: number; diff: unknown; diffCode: number }> {
  if (grouped) delete process.env.LZ_REVIEW_UNGROUPED;
  else process.env.LZ_REVIEW_UNGROUPED = '1';
  const prove = await lz(dir, 'policy', 'prove', '--format', 'json');
  const diff = await lz(dir, 'policy', 'diff', '--base', 'main', '--format', 'json');
  return { prove: JSON.parse(prove.stdout), proveCode: prove.code, diff: scenario.stableDiff(diff.stdout), diffCode: diff.code };
}

describe.each([
  ['example', 0],
  ['generated', scenario.PRODUCTS],
])('policy review of the %s organization', (name, products) => {
  it('diff and prove say exactly what pair-by-pair evaluation says', async () => {
    // GIVEN the organization committed as main and the two changes in the working tree
    dir = mkdtempSync(join(tmpdir(), `lz-scale-${name}-`));
    scenario.prepare(dir, products as number);
    // WHEN the review runs grouped and pair by pair
    const grouped = await review(true);
    const reference = await review(false);
    // THEN both find the CloudTrail guardrail broken and the change broadening, with the same details
    expect([grouped.proveCode, grouped.diffCode]).toEqual([1, 3]);
    expect(grouped).toEqual(reference);
    const proofs = grouped.prove as { id: string; status: string; counterexamples: string[] }[];
    expect(proofs.find((p) => p.id === 'cloudtrail-protected')!.counterexamples.length).toBeGreaterThan(10);
    expect((grouped.diff as { access: unknown[] }).access.length).toBeGreaterThan(10);
  }, 600_000);
});
