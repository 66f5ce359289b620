/**
 * `lz policy diff` and `lz policy prove` give the same results after the review learned to
 * evaluate each class of principals once: the example and a 50-account generated organization,
 * with a one-line SCP change and a role template change, compared with the outputs the code
 * wrote before grouping (fixtures beside this file, see scenario.js).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lz } from '../../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const scenario = require('./scenario.js') as { PRODUCTS: number; prepare(dir: string, products?: number): void; stableDiff(json: string): unknown };

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['example', 0],
  ['generated', scenario.PRODUCTS],
])('policy review of the %s organization', (name, products) => {
  it('diff and prove match the outputs from before grouping', async () => {
    // GIVEN the organization committed as main and the two changes in the working tree
    dir = mkdtempSync(join(tmpdir(), `lz-scale-${name}-`));
    scenario.prepare(dir, products as number);
    // WHEN prove and diff run
    const prove = await lz(dir, 'policy', 'prove', '--format', 'json');
    const diff = await lz(dir, 'policy', 'diff', '--base', 'main', '--format', 'json');
    // THEN both say what they said before, exactly
    expect(prove.code).toBe(1);
    expect(JSON.parse(prove.stdout)).toEqual(fixture(`${name}-prove.json`));
    expect(diff.code).toBe(3);
    expect(scenario.stableDiff(diff.stdout)).toEqual(fixture(`${name}-diff.json`));
  }, 300_000);
});
