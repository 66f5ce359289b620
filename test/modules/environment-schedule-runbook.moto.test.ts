/**
 * The office-hours runbook's script, run for real: the stop and start runbooks exactly as the
 * baseline synthesizes them (SSM Automation documents), their script step executed against moto
 * server (EC2, RDS, Auto Scaling) by test/support/schedule-runbook.py. Only resources carrying the
 * schedule's tag stop and start; a cluster's member follows its cluster and a group's instances
 * their group; a group's capacity comes back as it was; a second run changes nothing; and every
 * API call the script makes is one the automation role's policy grants.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { REPO } from '../support/example';
import { useMoto } from '../support/moto';
import { synthStack } from '../support/synth';

const moto = useMoto();
const PYTHON = join(REPO, '.venv', 'bin', 'python');
const HARNESS = join(REPO, 'test', 'support', 'schedule-runbook.py');

const { json, policies } = synthStack(loadLandingZone(join(REPO, 'config')), 'baseline-payments-staging');
const runbook = (action: string) => JSON.parse((Object.values(json.resource.aws_ssm_document) as any[]).find((d) => d.name.endsWith(`-${action}`)).content);

interface Outcome {
  runs: { run: string; returned: Record<string, string[]>; after: any }[];
  calls: string[];
}

function runRunbooks(): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'lz-runbook-'));
  try {
    const file = join(dir, 'runbooks.json');
    writeFileSync(file, JSON.stringify({ stop: runbook('stop'), start: runbook('start'), tag: { key: 'landing-zone-schedule', value: 'standard-nonprod' } }));
    const r = spawnSync(PYTHON, [HARNESS, file], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_DEFAULT_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`the runbook harness failed (exit ${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout) as Outcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('office-hours runbook against moto', () => {
  let outcome: Outcome;
  beforeAll(() => {
    outcome = runRunbooks();
  }, 180_000);

  it('GIVEN tagged and untagged EC2, RDS and Auto Scaling resources WHEN the stop runbook runs THEN only the tagged ones stop, the group keeps its capacity in a tag', () => {
    const stop = outcome.runs[0];
    expect(stop.returned).toEqual({ ec2: ['scheduled'], rds: ['cluster-scheduled', 'db-scheduled'], autoscaling: ['group-scheduled'] });
    expect(stop.after.ec2.scheduled).toBe('stopped');
    expect([stop.after.ec2['other-schedule'], stop.after.ec2.untagged]).toEqual(['running', 'running']);
    expect(stop.after.rds).toEqual({ 'db-scheduled': 'stopped', 'db-untagged': 'available', 'cluster-scheduled-1': 'available' });
    expect(stop.after.clusters).toEqual({ 'cluster-scheduled': 'stopped' });
    expect(stop.after.autoscaling['group-scheduled']).toEqual({ min: 0, desired: 0, tags: { 'landing-zone-schedule-capacity': '1,2' } });
    expect(stop.after.autoscaling['group-untagged']).toEqual({ min: 1, desired: 1, tags: {} });
  });

  it('WHEN it runs again THEN nothing more is stopped and the saved capacity is kept', () => {
    const again = outcome.runs[1];
    expect(again.returned).toEqual({ ec2: [], rds: [], autoscaling: [] });
    expect(again.after.autoscaling['group-scheduled']).toEqual({ min: 0, desired: 0, tags: { 'landing-zone-schedule-capacity': '1,2' } });
  });

  it('WHEN the start runbook runs THEN the same resources start and the group gets its capacity back, the tag removed; a second start changes nothing', () => {
    const [start, again] = [outcome.runs[2], outcome.runs[3]];
    expect(start.returned).toEqual({ ec2: ['scheduled'], rds: ['cluster-scheduled', 'db-scheduled'], autoscaling: ['group-scheduled'] });
    expect(start.after.ec2.scheduled).toBe('running');
    expect(start.after.rds['db-scheduled']).toBe('available');
    expect(start.after.clusters).toEqual({ 'cluster-scheduled': 'available' });
    expect(start.after.autoscaling['group-scheduled']).toEqual({ min: 1, desired: 2, tags: {} });
    expect(again.returned).toEqual({ ec2: [], rds: [], autoscaling: [] });
  });

  it('THEN every API call the script made is an action the automation role grants', () => {
    const granted = new Set<string>(
      (policies.find((p) => p.name === 'role-schedule-automation-identity')!.document as any).Statement.filter((s: any) => s.Effect === 'Allow').flatMap((s: any) => [s.Action].flat()),
    );
    expect(outcome.calls).toEqual([
      'autoscaling:CreateOrUpdateTags',
      'autoscaling:DeleteTags',
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:UpdateAutoScalingGroup',
      'ec2:DescribeInstances',
      'ec2:StartInstances',
      'ec2:StopInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
      'rds:StartDBCluster',
      'rds:StartDBInstance',
      'rds:StopDBCluster',
      'rds:StopDBInstance',
    ]);
    expect(outcome.calls.filter((c) => !granted.has(c))).toEqual([]);
  });
});
