/**
 * Office hours for an account: EventBridge Scheduler stops and starts the EC2 instances, RDS
 * databases and Auto Scaling groups tagged `landing-zone-schedule: <template>` on the template's
 * timetable. Each schedule's universal target starts an SSM Automation runbook kept here
 * (`StartAutomationExecution`), whose one script step finds the tagged resources and stops or
 * starts them; an Auto Scaling group keeps its capacity in a tag while stopped, so starting gives
 * back what it had. Two roles under /landing-zone/: the scheduler's, which may only start these two
 * runbooks and pass the automation role to SSM, and the automation's, which may stop and start only
 * resources carrying the tag. Both are recorded for the policy review.
 */
import { Construct } from 'constructs';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SsmDocument } from '@cdktf/provider-aws/lib/ssm-document';
import type { Json } from '../src/policies/document';
import type { ResolvedSchedule } from '../src/config/model';
import { keyAlias, TAG_SCHEDULE, TAG_SCHEDULE_CAPACITY } from '../src/contract/names';
import { ScopedRole } from './scoped-role';

export interface EnvironmentScheduleProps {
  readonly accountName: string;
  readonly accountId: string;
  /** The region whose resources follow the schedule (the account's primary region). */
  readonly region: string;
  readonly schedule: ResolvedSchedule;
  /** A paused environment is not started in the morning; it still stops. @default false */
  readonly paused?: boolean;
}

export const SCHEDULE_ROLE_PATH = '/landing-zone/';

/** The runbook's script: the same for stop and start, told which by its Action input. */
export const SCHEDULE_SCRIPT = `import boto3

def handler(events, context):
    key, value, action = events["TagKey"], events["TagValue"], events["Action"]
    capacity_tag = events["CapacityTag"]
    stop = action == "stop"
    done = {"ec2": [], "rds": [], "autoscaling": []}

    def tagged(tags):
        return any(t["Key"] == key and t["Value"] == value for t in tags or [])

    ec2 = boto3.client("ec2")
    filters = [{"Name": "tag:" + key, "Values": [value]}, {"Name": "instance-state-name", "Values": ["running" if stop else "stopped"]}]
    for page in ec2.get_paginator("describe_instances").paginate(Filters=filters):
        # Instances of an Auto Scaling group follow their group, below.
        ids = [i["InstanceId"] for r in page["Reservations"] for i in r["Instances"]
               if not any(t["Key"] == "aws:autoscaling:groupName" for t in i.get("Tags", []))]
        if ids:
            (ec2.stop_instances if stop else ec2.start_instances)(InstanceIds=ids)
            done["ec2"] += ids

    rds = boto3.client("rds")
    ready = "available" if stop else "stopped"
    for page in rds.get_paginator("describe_db_clusters").paginate():
        for c in page["DBClusters"]:
            if tagged(c.get("TagList")) and c["Status"] == ready and c.get("EngineMode") != "serverless":
                (rds.stop_db_cluster if stop else rds.start_db_cluster)(DBClusterIdentifier=c["DBClusterIdentifier"])
                done["rds"].append(c["DBClusterIdentifier"])
    for page in rds.get_paginator("describe_db_instances").paginate():
        for d in page["DBInstances"]:
            # Members of a cluster follow their cluster.
            if d.get("DBClusterIdentifier") or not tagged(d.get("TagList")) or d["DBInstanceStatus"] != ready:
                continue
            (rds.stop_db_instance if stop else rds.start_db_instance)(DBInstanceIdentifier=d["DBInstanceIdentifier"])
            done["rds"].append(d["DBInstanceIdentifier"])

    asg = boto3.client("autoscaling")
    for page in asg.get_paginator("describe_auto_scaling_groups").paginate(Filters=[{"Name": "tag:" + key, "Values": [value]}]):
        for g in page["AutoScalingGroups"]:
            name = g["AutoScalingGroupName"]
            saved = next((t["Value"] for t in g.get("Tags", []) if t["Key"] == capacity_tag), None)
            tag = {"ResourceId": name, "ResourceType": "auto-scaling-group", "Key": capacity_tag}
            if stop and saved is None and (g["MinSize"] > 0 or g["DesiredCapacity"] > 0):
                asg.create_or_update_tags(Tags=[dict(tag, Value="%d,%d" % (g["MinSize"], g["DesiredCapacity"]), PropagateAtLaunch=False)])
                asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, DesiredCapacity=0)
                done["autoscaling"].append(name)
            elif not stop and saved is not None:
                minimum, desired = (int(x) for x in saved.split(","))
                asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=minimum, DesiredCapacity=desired)
                asg.delete_tags(Tags=[tag])
                done["autoscaling"].append(name)
    return done
`;

/** `07:30` and the days as an EventBridge Scheduler cron expression. */
export function cronAt(time: string, days: readonly string[]): string {
  const [hours, minutes] = time.split(':').map(Number);
  return `cron(${minutes} ${hours} ? * ${days.join(',')} *)`;
}

export class EnvironmentSchedule extends Construct {
  readonly schedulerRole: ScopedRole;
  readonly automationRole: ScopedRole;

  constructor(scope: Construct, id: string, props: EnvironmentScheduleProps) {
    super(scope, id);
    const { accountId, accountName, region, schedule } = props;
    const name = `landing-zone-schedule-${schedule.name}`;
    const runbook = (action: string) => `${name}-${action}`.slice(0, 128);
    const runbookArn = (action: string) => `arn:aws:ssm:${region}:${accountId}:automation-definition/${runbook(action)}:*`;
    const roleArn = (role: string) => `arn:aws:iam::${accountId}:role${SCHEDULE_ROLE_PATH}${role}`;
    const tagged = { StringEquals: { [`aws:ResourceTag/${TAG_SCHEDULE}`]: schedule.name } };
    const trust = (service: string): Json => ({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ServiceOfThisAccount', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': accountId } } }],
    });

    this.automationRole = new ScopedRole(this, 'automation-role', {
      accountName,
      accountId,
      roleName: 'schedule-automation',
      path: SCHEDULE_ROLE_PATH,
      description: `Stops and starts resources tagged ${TAG_SCHEDULE}: ${schedule.name}`,
      trust: { document: trust('ssm.amazonaws.com') },
      policies: {
        identity: {
          document: {
            Version: '2012-10-17',
            Statement: [
              // Describe calls take no resource-level permissions in EC2 and Auto Scaling.
              { Sid: 'FindResources', Effect: 'Allow', Action: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstances'], Resource: '*' },
              { Sid: 'FindDatabases', Effect: 'Allow', Action: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'], Resource: [`arn:aws:rds:${region}:${accountId}:cluster:*`, `arn:aws:rds:${region}:${accountId}:db:*`] },
              { Sid: 'StopAndStartTaggedInstances', Effect: 'Allow', Action: ['ec2:StartInstances', 'ec2:StopInstances'], Resource: `arn:aws:ec2:${region}:${accountId}:instance/*`, Condition: tagged },
              {
                Sid: 'StopAndStartTaggedDatabases',
                Effect: 'Allow',
                Action: ['rds:StartDBCluster', 'rds:StartDBInstance', 'rds:StopDBCluster', 'rds:StopDBInstance'],
                Resource: [`arn:aws:rds:${region}:${accountId}:cluster:*`, `arn:aws:rds:${region}:${accountId}:db:*`],
                Condition: tagged,
              },
              {
                Sid: 'ScaleTaggedGroups',
                Effect: 'Allow',
                Action: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags', 'autoscaling:UpdateAutoScalingGroup'],
                Resource: `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
                Condition: tagged,
              },
              {
                // Starting an instance with encrypted volumes makes a grant on the data key for EC2.
                Sid: 'StartEncryptedVolumes',
                Effect: 'Allow',
                Action: 'kms:CreateGrant',
                Resource: `arn:aws:kms:${region}:${accountId}:key/*`,
                Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': keyAlias('data') } },
              },
            ],
          },
        },
      },
    });

    this.schedulerRole = new ScopedRole(this, 'scheduler-role', {
      accountName,
      accountId,
      roleName: 'schedule-scheduler',
      path: SCHEDULE_ROLE_PATH,
      description: `EventBridge Scheduler starts the ${schedule.name} runbooks`,
      trust: { document: trust('scheduler.amazonaws.com') },
      policies: {
        identity: {
          document: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'StartTheRunbooks', Effect: 'Allow', Action: 'ssm:StartAutomationExecution', Resource: [runbookArn('start'), runbookArn('stop')] },
              { Sid: 'PassTheAutomationRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('schedule-automation'), Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } } },
            ],
          },
        },
      },
    });

    for (const action of ['stop', 'start'] as const) {
      const document = new SsmDocument(this, `runbook-${action}`, {
        region,
        name: runbook(action),
        documentType: 'Automation',
        documentFormat: 'JSON',
        content: JSON.stringify({
          schemaVersion: '0.3',
          description: `${action === 'stop' ? 'Stops' : 'Starts'} the EC2 instances, RDS databases and Auto Scaling groups tagged ${TAG_SCHEDULE}: ${schedule.name}`,
          assumeRole: '{{ AutomationAssumeRole }}',
          parameters: { AutomationAssumeRole: { type: 'String', description: 'The role the runbook acts as' } },
          mainSteps: [
            {
              name: action,
              action: 'aws:executeScript',
              timeoutSeconds: 600,
              inputs: {
                Runtime: 'python3.11',
                Handler: 'handler',
                Script: SCHEDULE_SCRIPT,
                InputPayload: { TagKey: TAG_SCHEDULE, TagValue: schedule.name, Action: action, CapacityTag: TAG_SCHEDULE_CAPACITY },
              },
            },
          ],
        }),
      });
      new SchedulerSchedule(this, `${action}-schedule`, {
        region,
        name: `${name}-${action}`.slice(0, 64),
        description: `${action === 'stop' ? 'Stops' : 'Starts'} resources tagged ${TAG_SCHEDULE}: ${schedule.name} at ${action === 'stop' ? schedule.stopAt : schedule.startAt} ${schedule.timezone}`,
        scheduleExpression: cronAt(action === 'stop' ? schedule.stopAt : schedule.startAt, schedule.days),
        scheduleExpressionTimezone: schedule.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        // A paused environment stays stopped: its morning start is switched off, not removed.
        state: action === 'start' && props.paused ? 'DISABLED' : 'ENABLED',
        target: {
          arn: 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution',
          roleArn: this.schedulerRole.role.arn,
          input: JSON.stringify({ DocumentName: runbook(action), Parameters: { AutomationAssumeRole: [this.automationRole.role.arn] } }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
        dependsOn: [document],
      });
    }
  }
}
