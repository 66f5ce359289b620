/**
 * Security alerts, in the management account's home region, all published to one KMS-encrypted
 * SNS topic whose subscribers come from config:
 *
 * - the organization trail is also delivered to an encrypted CloudWatch Logs group, where the CIS
 *   AWS Foundations Benchmark v3 metric filters count root use, unauthorized calls, console
 *   sign-in without MFA, IAM / CloudTrail / Config / KMS / S3 policy / network / Organizations
 *   changes across every account, each with an alarm;
 * - EventBridge rules, for an alert within seconds: root sign-in, SCP and organization changes,
 *   CloudTrail and Config changes (the management account's own events; us-east-1, where
 *   Organizations and sign-in events arrive, forwards to the home region), and GuardDuty findings
 *   at or above the configured severity (the audit account, GuardDuty's administrator, forwards
 *   its findings from every allowed region).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformLiteral } from './terraform-literal';
import { ScopedRole } from './scoped-role';
import { CIS_METRIC_FILTERS } from './cis-metric-filters';

export const SECURITY_TOPIC_NAME = 'landing-zone-security-alerts';
export const TRAIL_LOG_GROUP_NAME = '/landing-zone/organization-trail';
export const TRAIL_LOG_RETENTION_DAYS = 365;
export const CIS_METRIC_NAMESPACE = 'LandingZone/CIS';
/** Organizations and IAM sign-in events are delivered to EventBridge in us-east-1. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/** An EventBridge rule of the security topic: its id, what it is for, and its event pattern. */
export interface SecurityEventRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: Json;
  /** Where the events arise: the management account, or the audit account (GuardDuty). */
  readonly from: 'management' | 'audit';
}

const API_CALL = 'AWS API Call via CloudTrail';

export function securityEventRules(guardDutyMinimumSeverity: number): SecurityEventRule[] {
  return [
    {
      id: 'root-sign-in',
      description: 'The root user signed in to the console',
      pattern: { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } },
      from: 'management',
    },
    {
      id: 'organization-changes',
      description: 'SCPs, OUs, accounts or policy types of the organization changed',
      pattern: {
        source: ['aws.organizations'],
        'detail-type': [API_CALL],
        detail: {
          eventSource: ['organizations.amazonaws.com'],
          eventName: [
            'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeleteOrganizationalUnit', 'DeletePolicy',
            'DeregisterDelegatedAdministrator', 'DetachPolicy', 'DisableAWSServiceAccess', 'DisablePolicyType', 'EnableAWSServiceAccess',
            'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RegisterDelegatedAdministrator',
            'RemoveAccountFromOrganization', 'UpdateOrganizationalUnit', 'UpdatePolicy',
          ],
        },
      },
      from: 'management',
    },
    {
      id: 'trail-and-config-changes',
      description: 'CloudTrail or AWS Config was stopped, deleted or reconfigured',
      pattern: {
        'detail-type': [API_CALL],
        detail: {
          eventSource: ['cloudtrail.amazonaws.com', 'config.amazonaws.com'],
          eventName: [
            'DeleteConfigRule', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'DeleteEventDataStore', 'DeleteTrail', 'PutAdvancedEventSelectors',
            'PutConfigurationRecorder', 'PutDeliveryChannel', 'PutEventSelectors', 'StopConfigurationRecorder', 'StopLogging', 'UpdateTrail',
          ],
        },
      },
      from: 'management',
    },
    {
      id: 'guardduty-findings',
      description: `GuardDuty findings of severity ${guardDutyMinimumSeverity} or more`,
      pattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', guardDutyMinimumSeverity] }] } },
      from: 'audit',
    },
  ];
}

export interface SecurityAlertsProps {
  readonly managementAccountName: string;
  readonly managementAccountId: string;
  readonly auditAccountName: string;
  readonly auditAccountId: string;
  readonly homeRegion: string;
  /** Regions GuardDuty runs in; the audit account forwards findings from each. */
  readonly regions: readonly string[];
  /** The management account's alerts key (CloudWatch Logs, CloudWatch and EventBridge may use it). */
  readonly keyArn: string;
  readonly emails: readonly string[];
  readonly httpsEndpoint?: string;
  readonly guardDutyMinimumSeverity: number;
  readonly managementProvider: TerraformProvider;
  readonly auditProvider: TerraformProvider;
}

const policy = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });

export class SecurityAlerts extends Construct {
  readonly topic: SnsTopic;
  readonly logGroup: CloudwatchLogGroup;
  /** The role CloudTrail writes to the log group with; the trail must wait for its policy. */
  readonly trailLogsRole: ScopedRole;

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    const management = props.managementProvider;
    const home = props.homeRegion;
    const mgmtId = props.managementAccountId;
    const topicArn = `arn:aws:sns:${home}:${mgmtId}:${SECURITY_TOPIC_NAME}`;
    const homeBus = `arn:aws:events:${home}:${mgmtId}:event-bus/default`;

    this.topic = new SnsTopic(this, 'topic', { provider: management, region: home, name: SECURITY_TOPIC_NAME, kmsMasterKeyId: props.keyArn });
    const topicPolicy = policy(
      {
        Sid: 'CloudWatchAlarmsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': mgmtId } },
      },
      {
        Sid: 'EventBridgeRulesOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': mgmtId } },
      },
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topicArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    );
    recordPolicy(this, { name: 'security-topic', kind: 'resource-policy', document: topicPolicy, attachedTo: [`topic:${SECURITY_TOPIC_NAME}`], arns: [topicArn], account: props.managementAccountName });
    new SnsTopicPolicy(this, 'topic-policy', { provider: management, region: home, arn: this.topic.arn, policy: terraformLiteral(minified(topicPolicy)) });
    for (const email of props.emails) {
      new SnsTopicSubscription(this, `email-${email.replace(/[^A-Za-z0-9]/g, '-')}`, { provider: management, region: home, topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    }
    if (props.httpsEndpoint) {
      new SnsTopicSubscription(this, 'https', { provider: management, region: home, topicArn: this.topic.arn, protocol: 'https', endpoint: props.httpsEndpoint });
    }

    // The organization trail in CloudWatch Logs, and the CIS metric filters and alarms over it.
    this.logGroup = new CloudwatchLogGroup(this, 'trail-log-group', {
      provider: management,
      region: home,
      name: TRAIL_LOG_GROUP_NAME,
      kmsKeyId: props.keyArn,
      retentionInDays: TRAIL_LOG_RETENTION_DAYS,
      lifecycle: { preventDestroy: true },
    });
    const logGroupArn = `arn:aws:logs:${home}:${mgmtId}:log-group:${TRAIL_LOG_GROUP_NAME}`;
    this.trailLogsRole = new ScopedRole(this, 'trail-logs-role', {
      provider: management,
      accountName: props.managementAccountName,
      accountId: mgmtId,
      roleName: 'landing-zone-trail-to-logs',
      path: '/landing-zone/',
      description: 'CloudTrail delivers the organization trail to its CloudWatch Logs group',
      trust: {
        document: policy({
          Sid: 'OrganizationTrail',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': mgmtId } },
        }),
      },
      policies: {
        'write-trail-log-group': {
          document: policy({ Sid: 'WriteTrailLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:log-stream:*` }),
        },
      },
    });
    for (const filter of CIS_METRIC_FILTERS) {
      new CloudwatchLogMetricFilter(this, `cis-${filter.id}`, {
        provider: management,
        region: home,
        name: `cis-${filter.id}`,
        logGroupName: this.logGroup.name,
        pattern: terraformLiteral(filter.pattern),
        metricTransformation: { name: filter.id, namespace: CIS_METRIC_NAMESPACE, value: '1', defaultValue: '0' },
      });
      new CloudwatchMetricAlarm(this, `cis-${filter.id}-alarm`, {
        provider: management,
        region: home,
        alarmName: `landing-zone-cis-${filter.id}`,
        alarmDescription: `${filter.control}: ${filter.description}`,
        namespace: CIS_METRIC_NAMESPACE,
        metricName: filter.id,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
      });
    }

    // EventBridge: rules in the home region publish; other regions and the audit account forward to it.
    const rules = securityEventRules(props.guardDutyMinimumSeverity);
    for (const rule of rules) {
      const r = new CloudwatchEventRule(this, `rule-${rule.id}`, {
        provider: management,
        region: home,
        name: `landing-zone-${rule.id}`,
        description: rule.description,
        eventPattern: terraformLiteral(JSON.stringify(rule.pattern)),
      });
      new CloudwatchEventTarget(this, `rule-${rule.id}-topic`, { provider: management, region: home, rule: r.name, targetId: 'security-topic', arn: this.topic.arn });
    }

    const forwardTrust = (accountId: string): Json =>
      policy({
        Sid: 'EventBridgeRulesOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      });
    const forwardPolicy = policy({ Sid: 'ForwardToHomeRegionBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: homeBus });

    if (home !== GLOBAL_EVENTS_REGION) {
      const forwarder = new ScopedRole(this, 'management-forwarder', {
        provider: management,
        accountName: props.managementAccountName,
        accountId: mgmtId,
        roleName: 'landing-zone-security-events',
        path: '/landing-zone/',
        description: 'EventBridge forwards security events from us-east-1 to the home region',
        trust: { document: forwardTrust(mgmtId) },
        policies: { 'forward-to-home-region': { document: forwardPolicy } },
      });
      for (const rule of rules.filter((x) => x.from === 'management' && x.id !== 'trail-and-config-changes')) {
        const r = new CloudwatchEventRule(this, `forward-${rule.id}-${GLOBAL_EVENTS_REGION}`, {
          provider: management,
          region: GLOBAL_EVENTS_REGION,
          name: `landing-zone-${rule.id}`,
          description: `${rule.description} (forwarded to ${home})`,
          eventPattern: terraformLiteral(JSON.stringify(rule.pattern)),
        });
        new CloudwatchEventTarget(this, `forward-${rule.id}-${GLOBAL_EVENTS_REGION}-target`, {
          provider: management,
          region: GLOBAL_EVENTS_REGION,
          rule: r.name,
          targetId: 'home-region-bus',
          arn: homeBus,
          roleArn: forwarder.role.arn,
        });
      }
    }

    // GuardDuty findings arise in the audit account, in each region: forward them to the management account's home bus.
    const auditForwarderName = 'landing-zone-guardduty-findings';
    const auditForwarderArn = `arn:aws:iam::${props.auditAccountId}:role/landing-zone/${auditForwarderName}`;
    const busPolicy = policy({
      Sid: 'AuditAccountForwardsFindings',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${props.auditAccountId}:root` },
      Action: 'events:PutEvents',
      Resource: homeBus,
      Condition: { ArnEquals: { 'aws:PrincipalArn': auditForwarderArn } },
    });
    recordPolicy(this, { name: 'home-event-bus', kind: 'resource-policy', document: busPolicy, attachedTo: ['event-bus:default'], arns: [homeBus], account: props.managementAccountName });
    new CloudwatchEventBusPolicy(this, 'home-bus-policy', { provider: management, region: home, eventBusName: 'default', policy: terraformLiteral(minified(busPolicy)) });
    const auditForwarder = new ScopedRole(this, 'audit-forwarder', {
      provider: props.auditProvider,
      accountName: props.auditAccountName,
      accountId: props.auditAccountId,
      roleName: auditForwarderName,
      path: '/landing-zone/',
      description: 'EventBridge forwards GuardDuty findings to the management account, where the security topic is',
      trust: { document: forwardTrust(props.auditAccountId) },
      policies: { 'forward-to-home-region': { document: forwardPolicy } },
    });
    const guardDuty = rules.find((r) => r.id === 'guardduty-findings')!;
    for (const region of props.regions) {
      const r = new CloudwatchEventRule(this, `forward-guardduty-${region}`, {
        provider: props.auditProvider,
        region,
        name: 'landing-zone-guardduty-findings',
        description: `${guardDuty.description} (forwarded to the security topic)`,
        eventPattern: terraformLiteral(JSON.stringify(guardDuty.pattern)),
      });
      new CloudwatchEventTarget(this, `forward-guardduty-${region}-target`, {
        provider: props.auditProvider,
        region,
        rule: r.name,
        targetId: 'management-home-bus',
        arn: homeBus,
        roleArn: auditForwarder.role.arn,
      });
    }
  }
}
