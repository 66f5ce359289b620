/**
 * `lz deploy --parallelism 16` as users run it, a whole process (bin/lz.js, compiled: `npm test`
 * builds dist/ first), on a generated organization of 300 accounts (307 stacks), with the stand-in
 * terraform through its server (test/support/stand-in-terraform.sh) whose applies sleep as long as
 * test/support/landing-zone-durations.js says: long organization and network applies, short but
 * many baselines. The applied records are kept in moto's S3, as in a real deploy.
 *
 * Held to the best any scheduler could do (src/deploy/schedule-bound.ts): here the lanes bound,
 * not the longest chain (12.5 s): 296 baselines, 592 s of applies, cannot start before the
 * bootstrap, organization and network stacks (8 s) and the identity stack (2 s) waits for them,
 * so no schedule on 16 lanes beats 8 s + 592 s / 16 + 2 s = 47 s. The whole process, its
 * start-up and every terraform invocation included, must finish within 1.2x that.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '../support/moto';
import { STAND_IN_SH, startStandInServer, type StandInServer } from '../support/stand-in-server';
import { loadLandingZone } from '../../src/config/load';
import { stackDefinitions } from '../../stacks';
import { scheduleBound } from '../../src/deploy/schedule-bound';

const REPO = join(__dirname, '..', '..');
const LZ = join(REPO, 'bin', 'lz.js');
const { generateOrganization } = require('../../scripts/generate-org.js') as { generateOrganization: (dir: string, products: number) => void };
const { applyMs, STAND_IN_SLEEP } = require('../support/landing-zone-durations.js') as { applyMs: (stack: string) => number; STAND_IN_SLEEP: string };

interface Invocation {
  readonly stack: string;
  readonly command: string;
  readonly start: number;
  readonly end: number;
}

function lz(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [LZ, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const moto = useMoto();
let server: StandInServer;
let dir: string;
beforeAll(async () => {
  server = await startStandInServer();
});
afterAll(async () => {
  await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('lz deploy at 300 accounts, as a whole process', () => {
  it('applies 307 stacks within 1.2x of the best any schedule could do, and a second run applies nothing', async () => {
    // GIVEN a generated organization of 300 accounts, synthesized, and its state bucket
    dir = mkdtempSync(join(tmpdir(), 'lz-deploy-300-'));
    generateOrganization(dir, 96);
    const synth = await lz(dir, process.env, 'synth');
    expect([synth.code, synth.stderr]).toEqual([0, '']);
    const config = loadLandingZone(join(dir, 'config'));
    const definitions = stackDefinitions(config);
    expect(definitions.length).toBe(307);
    const region = config.organization.homeRegion;
    const s3 = new S3Client({ endpoint: moto.url, region, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: config.stateBucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
    s3.destroy();
    // AND the best any scheduler could do on 16 lanes with these apply times
    const bound = scheduleBound(definitions.map((d) => ({ name: d.name, dependsOn: d.dependsOn, ms: applyMs(d.name) })), 16);
    expect([bound.which, bound.ms, bound.chainMs]).toEqual(['lanes', 47000, 12500]);

    // WHEN lz deploy applies everything, 16 stacks at once
    const log = join(dir, 'terraform.jsonl');
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: moto.url,
      STAND_IN_SERVER: server.port,
      STAND_IN_SLEEP,
      STAND_IN_NO_AWS: '1',
      STAND_IN_STATE_DIR: join(dir, 'stand-in-state'),
      STAND_IN_LOG: log,
    };
    const args = ['deploy', '--parallelism', '16', '--no-synth', '--skip-preflight', '--terraform', STAND_IN_SH];
    const first = await lz(dir, env, ...args);

    // THEN every stack was applied once, each after the stacks it depends on, never more than 16
    // terraform processes at once (inits ahead of their stacks' turn included)
    expect([first.code, first.stderr]).toEqual([0, '']);
    const invocations = (): Invocation[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Invocation) : []);
    const applies = new Map(invocations().filter((i) => i.command === 'apply').map((i) => [i.stack, i]));
    expect([...applies.keys()].sort()).toEqual(definitions.map((d) => d.name).sort());
    for (const d of definitions) for (const dep of d.dependsOn) expect([d.name, applies.get(d.name)!.start >= applies.get(dep)!.end]).toEqual([d.name, true]);
    const all = invocations();
    const overlap = Math.max(...all.map((a) => all.filter((b) => b.start <= a.start && b.end > a.start).length));
    expect(overlap).toBeLessThanOrEqual(16);
    // AND the whole process took at most 1.2x the bound
    expect({ wallMs: first.ms, boundMs: bound.ms, withinBound: first.ms <= 1.2 * bound.ms }).toEqual({ wallMs: first.ms, boundMs: bound.ms, withinBound: true });

    // WHEN it runs again with nothing changed
    const before = invocations().length;
    const second = await lz(dir, env, ...args);
    // THEN it ran no terraform at all: every stack is as last applied
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(invocations().length).toBe(before);
    expect(second.stdout.split('\n').filter((l) => / unchanged .* \(as last applied\) \|/.test(l)).length).toBe(307);
  }, 300_000);
});
