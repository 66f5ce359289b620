/**
 * In a repository that holds only config, `lz policy diff` builds the base's documents with the
 * running code and caches them in the git directory by commit, config folder and code: a second
 * review of the same base reads them instead of building the base again, and a cache it cannot
 * read is built again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lz } from '../support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const scenario = require('./scale/scenario.js') as { prepare(dir: string, products?: number): void; stableDiff(json: string): unknown };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lz-base-cache-'));
  scenario.prepare(dir, 0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cacheFolder = () => join(dir, '.git', 'lz-policy-base');

async function diff(): Promise<{ code: number; diff: unknown }> {
  const r = await lz(dir, 'policy', 'diff', '--base', 'main', '--format', 'json');
  return { code: r.code, diff: scenario.stableDiff(r.stdout) };
}

describe('policy diff of a config-only repository: the base cache', () => {
  it('GIVEN a first review WHEN it runs THEN it writes one cache file named by commit, config folder and code, holding the base documents', async () => {
    const first = await diff();
    expect(first.code).toBe(3);
    const commit = execFileSync('git', ['rev-parse', 'main'], { cwd: dir, encoding: 'utf8' }).trim();
    const files = readdirSync(cacheFolder());
    expect(files).toEqual([expect.stringMatching(new RegExp(`^${commit}-[0-9a-f]{12}-code-[0-9a-f]{12}\\.json$`))]);
    const cached = JSON.parse(readFileSync(join(cacheFolder(), files[0]), 'utf8')) as { documents: { id: string; document: unknown }[] };
    const scp = cached.documents.find((d) => d.id === 'organization/protect-landing-zone')!;
    // The base's SCP, before the working tree's change removed StopLogging from it.
    expect(JSON.stringify(scp.document)).toContain('"cloudtrail:StopLogging"');
  }, 300_000);

  it('GIVEN the cache WHEN the review runs again THEN it reads the cache: a document changed there shows in the result', async () => {
    const reference = await diff();
    const [file] = readdirSync(cacheFolder());
    const path = join(cacheFolder(), file);
    const original = readFileSync(path, 'utf8');
    // A base whose deny-leave SCP says nothing: if the cache is read, leaving becomes a narrowing in the head.
    const forged = JSON.parse(original) as { documents: { id: string; document: { Statement: unknown[] } }[] };
    forged.documents.find((d) => d.id === 'organization/deny-leave-organization')!.document.Statement = [];
    writeFileSync(path, JSON.stringify(forged));
    const fromCache = (await diff()).diff as { documents: { document: string }[] };
    expect(fromCache.documents.map((d) => d.document)).toContain('organization/deny-leave-organization');
    // AND a cache it cannot read is a miss: the base is built again and the result is the reference.
    writeFileSync(path, '{"documents": ');
    expect(await diff()).toEqual(reference);
    // AND written again whole (the templates' paths name each run's temporary worktree).
    const ids = (text: string) => (JSON.parse(text) as { documents: { id: string; document: unknown }[] }).documents.map((d) => [d.id, d.document]);
    expect(ids(readFileSync(path, 'utf8'))).toEqual(ids(original));
  }, 300_000);
});
