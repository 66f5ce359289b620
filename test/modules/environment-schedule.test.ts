/**
 * Office hours from a template's schedule, in the baseline of each account of the template.
 */
import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { cronAt } from '../../modules/environment-schedule';
import { exampleProject, REPO } from '../support/example';
import { synthStack } from '../support/synth';

const lz = loadLandingZone(join(REPO, 'config'));
const { json, policies } = synthStack(lz, 'baseline-payments-staging');
const byName = (a: any, b: any) => a.name.localeCompare(b.name);
const schedules = () => (Object.values(json.resource.aws_scheduler_schedule ?? {}) as any[]).sort(byName);

describe('environment schedule', () => {
  it('GIVEN payments/staging on standard-nonprod THEN it stops at 20:00 and starts at 07:00 Dublin time on weekdays, by universal targets that start the runbooks', () => {
    expect(schedules().map((s) => [s.name, s.schedule_expression, s.schedule_expression_timezone, s.state, s.flexible_time_window, s.target.arn])).toEqual([
      ['landing-zone-schedule-standard-nonprod-start', 'cron(0 7 ? * MON,TUE,WED,THU,FRI *)', 'Europe/Dublin', 'ENABLED', { mode: 'OFF' }, 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution'],
      ['landing-zone-schedule-standard-nonprod-stop', 'cron(0 20 ? * MON,TUE,WED,THU,FRI *)', 'Europe/Dublin', 'ENABLED', { mode: 'OFF' }, 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution'],
    ]);
    const input = JSON.parse(schedules()[1].target.input);
    expect(input.DocumentName).toBe('landing-zone-schedule-standard-nonprod-stop');
    expect(input.Parameters.AutomationAssumeRole).toHaveLength(1);
    const runbook = JSON.parse((Object.values(json.resource.aws_ssm_document) as any[]).find((d) => d.name.endsWith('-stop')).content);
    expect(runbook.mainSteps[0].inputs.InputPayload).toEqual({ TagKey: 'landing-zone-schedule', TagValue: 'standard-nonprod', Action: 'stop', CapacityTag: 'landing-zone-schedule-capacity' });
  });

  it('GIVEN the roles THEN the automation may stop and start only tagged resources and the scheduler only start these runbooks; both recorded', () => {
    const doc = (name: string) => policies.find((p) => p.name === name)!.document as any;
    const tagged = { StringEquals: { 'aws:ResourceTag/landing-zone-schedule': 'standard-nonprod' } };
    const automation = doc('role-schedule-automation-identity').Statement;
    expect(automation.filter((s: any) => s.Sid !== 'FindResources' && s.Sid !== 'FindDatabases' && s.Sid !== 'StartEncryptedVolumes').map((s: any) => [s.Sid, s.Resource, s.Condition])).toEqual([
      ['StopAndStartTaggedInstances', 'arn:aws:ec2:eu-west-1:555555555502:instance/*', tagged],
      ['StopAndStartTaggedDatabases', ['arn:aws:rds:eu-west-1:555555555502:cluster:*', 'arn:aws:rds:eu-west-1:555555555502:db:*'], tagged],
      ['ScaleTaggedGroups', 'arn:aws:autoscaling:eu-west-1:555555555502:autoScalingGroup:*:autoScalingGroupName/*', tagged],
    ]);
    expect(doc('role-schedule-scheduler-identity').Statement).toEqual([
      {
        Sid: 'StartTheRunbooks',
        Effect: 'Allow',
        Action: 'ssm:StartAutomationExecution',
        Resource: [
          'arn:aws:ssm:eu-west-1:555555555502:automation-definition/landing-zone-schedule-standard-nonprod-start:*',
          'arn:aws:ssm:eu-west-1:555555555502:automation-definition/landing-zone-schedule-standard-nonprod-stop:*',
        ],
      },
      { Sid: 'PassTheAutomationRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::555555555502:role/landing-zone/schedule-automation', Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } } },
    ]);
    expect(doc('role-schedule-scheduler-trust').Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(doc('role-schedule-automation-trust').Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '555555555502' } });
  });

  it('GIVEN an account without a scheduled template THEN it has no schedule', () => {
    expect(synthStack(lz, 'baseline-payments-prod').json.resource.aws_scheduler_schedule).toBeUndefined();
  });

  it('GIVEN a paused environment THEN it still stops in the evening but is not started in the morning', () => {
    const project = exampleProject();
    try {
      project.replace('config/products/payments.yaml', '    template: standard-nonprod\n', '    template: standard-nonprod\n    paused: true\n');
      const paused = synthStack(loadLandingZone(project.configDir), 'baseline-payments-staging').json;
      expect((Object.values(paused.resource.aws_scheduler_schedule) as any[]).sort(byName).map((s) => [s.name, s.state])).toEqual([
        ['landing-zone-schedule-standard-nonprod-start', 'DISABLED'],
        ['landing-zone-schedule-standard-nonprod-stop', 'ENABLED'],
      ]);
    } finally {
      project.remove();
    }
  });

  it('cron expressions: minutes, hours, any day of month, the days', () => {
    expect(cronAt('07:30', ['MON', 'SAT'])).toBe('cron(30 7 ? * MON,SAT *)');
  });
});
