/**
 * The security stack's detection and alerts on the example organization: GuardDuty and Security
 * Hub administered by the audit account, the organization trail in CloudWatch Logs with the CIS
 * filters and alarms, EventBridge rules, and the encrypted security topic they all publish to.
 */
import { join } from 'node:path';
import { App, Testing } from 'cdktf';
import { loadLandingZone } from '../../src/config/load';
import { buildApp } from '../../src/synth/synth';
import { REPO } from '../support/example';
import { blockAt, blocksOf, refTo, terraformJson } from '../modules/harness';

const lz = loadLandingZone(join(REPO, 'config'));
const synth = (l = lz) => terraformJson(buildApp(Testing.app() as App, l, ['security'])[0]) as Record<string, any>;
const json = synth();
const AUDIT = '222222222202';
const TOPIC = refTo(json, 'aws_sns_topic', 'alerts/topic', 'arn');
const address = (type: string, path: string) => `${type}.${blockAt(json, type, path)['//'].metadata.uniqueId}`;

describe('security stack: detection (#9.2)', () => {
  it('GIVEN two allowed regions THEN the audit account has a GuardDuty detector in each, and the management account makes it administrator there after the detector exists', () => {
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const detector = blockAt(json, 'aws_guardduty_detector', `detection/guardduty-detector-${region}`);
      expect([detector.provider, detector.region, detector.enable]).toEqual(['aws.audit', region, true]);
      const admin = blockAt(json, 'aws_guardduty_organization_admin_account', `detection/guardduty-admin-${region}`);
      expect([admin.provider, admin.region, admin.admin_account_id, admin.depends_on]).toEqual([
        'aws.management',
        region,
        AUDIT,
        [address('aws_guardduty_detector', `detection/guardduty-detector-${region}`)],
      ]);
      const org = blockAt(json, 'aws_guardduty_organization_configuration', `detection/guardduty-organization-${region}`);
      expect([org.provider, org.region, org.auto_enable_organization_members, org.detector_id]).toEqual([
        'aws.audit',
        region,
        'ALL',
        refTo(json, 'aws_guardduty_detector', `detection/guardduty-detector-${region}`, 'id'),
      ]);
    }
  });

  it('THEN every default protection plan is auto-enabled for all members, Runtime Monitoring with its agents', () => {
    const features = Object.entries(blocksOf(json, 'aws_guardduty_organization_configuration_feature'))
      .filter(([path]) => path.endsWith('-eu-west-1'))
      .map(([, f]) => [f.name, f.auto_enable, (f.additional_configuration ?? []).map((a: any) => `${a.name}=${a.auto_enable}`)]);
    expect(features).toEqual([
      ['EBS_MALWARE_PROTECTION', 'ALL', []],
      ['EKS_AUDIT_LOGS', 'ALL', []],
      ['LAMBDA_NETWORK_LOGS', 'ALL', []],
      ['RDS_LOGIN_EVENTS', 'ALL', []],
      ['RUNTIME_MONITORING', 'ALL', ['EC2_AGENT_MANAGEMENT=ALL', 'ECS_FARGATE_AGENT_MANAGEMENT=ALL', 'EKS_ADDON_MANAGEMENT=ALL']],
      ['S3_DATA_EVENTS', 'ALL', []],
    ]);
  });

  it('GIVEN guardDutyProtectionPlans in config THEN only those are enabled', () => {
    const custom = synth({ ...lz, organization: { ...lz.organization, detection: { guardDutyProtectionPlans: ['S3_DATA_EVENTS'] } } });
    expect(Object.values(blocksOf(custom, 'aws_guardduty_organization_configuration_feature')).map((f) => [f.name, f.region])).toEqual([
      ['S3_DATA_EVENTS', 'eu-west-1'],
      ['S3_DATA_EVENTS', 'eu-central-1'],
    ]);
  });

  it('THEN Security Hub is centrally configured by the audit account: aggregated into the home region, FSBP and CIS v3.0.0 for every account from the root', () => {
    expect(blockAt(json, 'aws_securityhub_organization_admin_account', 'detection/securityhub-admin')).toMatchObject({ provider: 'aws.management', region: 'eu-west-1', admin_account_id: AUDIT });
    expect(blockAt(json, 'aws_securityhub_finding_aggregator', 'detection/securityhub-aggregator')).toMatchObject({
      provider: 'aws.audit',
      region: 'eu-west-1',
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['eu-central-1'],
    });
    const org = blockAt(json, 'aws_securityhub_organization_configuration', 'detection/securityhub-organization');
    expect([org.auto_enable, org.auto_enable_standards, org.organization_configuration, org.depends_on]).toEqual([
      false,
      'NONE',
      { configuration_type: 'CENTRAL' },
      [address('aws_securityhub_finding_aggregator', 'detection/securityhub-aggregator')],
    ]);
    expect(blockAt(json, 'aws_securityhub_configuration_policy', 'detection/securityhub-policy').configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: [
        'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
      ],
      security_controls_configuration: { disabled_control_identifiers: [] },
    });
    expect(blockAt(json, 'aws_securityhub_configuration_policy_association', 'detection/securityhub-policy-root')).toMatchObject({
      target_id: 'r-ex01',
      policy_id: refTo(json, 'aws_securityhub_configuration_policy', 'detection/securityhub-policy', 'id'),
    });
  });

  it('GIVEN one allowed region THEN Security Hub aggregates no other region', () => {
    const one = synth({ ...lz, organization: { ...lz.organization, allowedRegions: ['eu-west-1'] } });
    const aggregator = blockAt(one, 'aws_securityhub_finding_aggregator', 'detection/securityhub-aggregator');
    expect([aggregator.linking_mode, aggregator.specified_regions]).toEqual(['NO_REGIONS', undefined]);
  });
});

describe('security stack: alerts (#9.3)', () => {
  it('THEN the trail also delivers to a KMS-encrypted log group kept 365 days, through a role that may only write its streams, and waits for that role policy', () => {
    const group = blockAt(json, 'aws_cloudwatch_log_group', 'alerts/trail-log-group');
    expect([group.provider, group.name, group.retention_in_days, group.kms_key_id, group.lifecycle]).toEqual([
      'aws.management',
      '/landing-zone/organization-trail',
      365,
      refTo(json, 'aws_kms_key', 'alerts-key/security-alerts-eu-west-1', 'arn'),
      { prevent_destroy: true },
    ]);
    const trail = blockAt(json, 'aws_cloudtrail', 'organization-trail/trail');
    expect(trail.cloud_watch_logs_group_arn).toBe(`${refTo(json, 'aws_cloudwatch_log_group', 'alerts/trail-log-group', 'arn')}:*`);
    expect(trail.cloud_watch_logs_role_arn).toBe(refTo(json, 'aws_iam_role', 'alerts/trail-logs-role/role', 'arn'));
    expect(trail.depends_on).toContain(address('aws_iam_role_policy', 'alerts/trail-logs-role/policy-write-trail-log-group'));
    expect(JSON.parse(blockAt(json, 'aws_iam_role_policy', 'alerts/trail-logs-role/policy-write-trail-log-group').policy).Statement).toEqual([
      { Sid: 'WriteTrailLogStreams', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:eu-west-1:111111111111:log-group:/landing-zone/organization-trail:log-stream:*' },
    ]);
  });

  it('THEN each CIS v3 monitoring control has a metric filter on the trail log group and an alarm publishing to the security topic', () => {
    const filters = Object.values(blocksOf(json, 'aws_cloudwatch_log_metric_filter'));
    expect(filters.map((f) => f.name)).toEqual([
      'cis-unauthorized-api-calls',
      'cis-console-sign-in-without-mfa',
      'cis-root-usage',
      'cis-iam-policy-changes',
      'cis-cloudtrail-changes',
      'cis-console-authentication-failures',
      'cis-cmk-disabled-or-deleted',
      'cis-s3-bucket-policy-changes',
      'cis-config-changes',
      'cis-security-group-changes',
      'cis-nacl-changes',
      'cis-network-gateway-changes',
      'cis-route-table-changes',
      'cis-vpc-changes',
      'cis-organizations-changes',
    ]);
    const root = blockAt(json, 'aws_cloudwatch_log_metric_filter', 'alerts/cis-root-usage');
    expect([root.pattern, root.log_group_name, root.metric_transformation]).toEqual([
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      refTo(json, 'aws_cloudwatch_log_group', 'alerts/trail-log-group', 'name'),
      { name: 'root-usage', namespace: 'LandingZone/CIS', value: '1', default_value: '0' },
    ]);
    expect(blockAt(json, 'aws_cloudwatch_log_metric_filter', 'alerts/cis-console-sign-in-without-mfa').pattern).toBe(
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    );
    const alarms = Object.values(blocksOf(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(15);
    for (const alarm of alarms) {
      expect([alarm.namespace, alarm.statistic, alarm.threshold, alarm.comparison_operator, alarm.treat_missing_data, alarm.alarm_actions]).toEqual([
        'LandingZone/CIS',
        'Sum',
        1,
        'GreaterThanOrEqualToThreshold',
        'notBreaching',
        [TOPIC],
      ]);
    }
    expect(blockAt(json, 'aws_cloudwatch_metric_alarm', 'alerts/cis-root-usage-alarm').metric_name).toBe('root-usage');
  });

  it('THEN the security topic is KMS-encrypted and only CloudWatch and EventBridge of the management account may publish; the key lets them', () => {
    const topic = blockAt(json, 'aws_sns_topic', 'alerts/topic');
    expect([topic.provider, topic.name, topic.kms_master_key_id]).toEqual(['aws.management', 'landing-zone-security-alerts', refTo(json, 'aws_kms_key', 'alerts-key/security-alerts-eu-west-1', 'arn')]);
    const policy = JSON.parse(blockAt(json, 'aws_sns_topic_policy', 'alerts/topic-policy').policy);
    expect(policy.Statement.filter((s: any) => s.Effect === 'Allow').map((s: any) => [s.Principal.Service, s.Action, s.Condition])).toEqual([
      ['cloudwatch.amazonaws.com', 'sns:Publish', { StringEquals: { 'aws:SourceAccount': '111111111111' } }],
      ['events.amazonaws.com', 'sns:Publish', { StringEquals: { 'aws:SourceAccount': '111111111111' } }],
    ]);
    const key = JSON.parse(blockAt(json, 'aws_kms_key', 'alerts-key/security-alerts-eu-west-1').policy);
    expect(key.Statement.filter((s: any) => s.Principal.Service).map((s: any) => [s.Principal.Service, s.Action])).toEqual([
      ['logs.eu-west-1.amazonaws.com', ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']],
      ['cloudwatch.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey*']],
      ['events.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey*']],
    ]);
  });

  it('GIVEN the example alert email THEN it is subscribed; GIVEN emails and an HTTPS endpoint THEN each is subscribed', () => {
    expect(Object.values(blocksOf(json, 'aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([['email', 'security@acme.example', TOPIC]]);
    const custom = synth({ ...lz, organization: { ...lz.organization, alerts: { emails: ['soc@acme.example', 'ciso@acme.example'], httpsEndpoint: 'https://pager.acme.example/aws' } } });
    expect(Object.values(blocksOf(custom, 'aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'soc@acme.example'],
      ['email', 'ciso@acme.example'],
      ['https', 'https://pager.acme.example/aws'],
    ]);
  });

  it('THEN EventBridge rules in the home region send root sign-in, organization, trail/Config changes and GuardDuty findings of severity 7+ to the topic', () => {
    const rules = ['root-sign-in', 'organization-changes', 'trail-and-config-changes', 'guardduty-findings'].map((id) => {
      const rule = blockAt(json, 'aws_cloudwatch_event_rule', `alerts/rule-${id}`);
      const target = blockAt(json, 'aws_cloudwatch_event_target', `alerts/rule-${id}-topic`);
      expect([rule.region, target.arn, target.rule]).toEqual(['eu-west-1', TOPIC, refTo(json, 'aws_cloudwatch_event_rule', `alerts/rule-${id}`, 'name')]);
      return JSON.parse(rule.event_pattern);
    });
    expect(rules[0]).toEqual({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } });
    expect(rules[1].detail.eventName).toContain('AttachPolicy');
    expect(rules[2].detail.eventName).toContain('StopLogging');
    expect(rules[3]).toEqual({ source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], detail: { severity: [{ numeric: ['>=', 7] }] } });
  });

  it('THEN us-east-1 (Organizations and sign-in events) and the audit account (GuardDuty, every region) forward to the management home-region bus, which admits only the audit forwarder', () => {
    const forward = blockAt(json, 'aws_cloudwatch_event_target', 'alerts/forward-organization-changes-us-east-1-target');
    expect([forward.region, forward.arn, forward.role_arn]).toEqual(['us-east-1', 'arn:aws:events:eu-west-1:111111111111:event-bus/default', refTo(json, 'aws_iam_role', 'alerts/management-forwarder/role', 'arn')]);
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const target = blockAt(json, 'aws_cloudwatch_event_target', `alerts/forward-guardduty-${region}-target`);
      expect([target.provider, target.region, target.arn]).toEqual(['aws.audit', region, 'arn:aws:events:eu-west-1:111111111111:event-bus/default']);
    }
    expect(JSON.parse(blockAt(json, 'aws_cloudwatch_event_bus_policy', 'alerts/home-bus-policy').policy).Statement).toEqual([
      {
        Sid: 'AuditAccountForwardsFindings',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'events:PutEvents',
        Resource: 'arn:aws:events:eu-west-1:111111111111:event-bus/default',
        Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${AUDIT}:role/landing-zone/landing-zone-guardduty-findings` } },
      },
    ]);
  });
});

describe('security stack: budgets (#9.3)', () => {
  it('GIVEN the example THEN every account has a monthly cost budget in the management account, filtered to it', () => {
    const budgets = Object.values(blocksOf(json, 'aws_budgets_budget'));
    expect(budgets).toHaveLength(lz.accounts.length);
    const payments = blockAt(json, 'aws_budgets_budget', 'budgets/payments-prod');
    expect([payments.provider, payments.name, payments.budget_type, payments.limit_amount, payments.limit_unit, payments.time_unit, payments.cost_filter]).toEqual([
      'aws.management',
      'landing-zone-payments-prod',
      'COST',
      '1000',
      'USD',
      'MONTHLY',
      [{ name: 'LinkedAccount', values: ['555555555501'] }],
    ]);
    expect(payments.notification).toEqual([
      { comparison_operator: 'GREATER_THAN', threshold: 80, threshold_type: 'PERCENTAGE', notification_type: 'ACTUAL', subscriber_email_addresses: ['payments-team@acme.example'] },
      { comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', notification_type: 'FORECASTED', subscriber_email_addresses: ['payments-team@acme.example'] },
    ]);
    // Core accounts alert the first security email.
    expect(blockAt(json, 'aws_budgets_budget', 'budgets/acme-audit').notification[0].subscriber_email_addresses).toEqual(['security@acme.example']);
  });

  it('GIVEN budgets in the product file and in the organization THEN the environment wins, then its template (staging: standard-nonprod, 800), then the product, then the default', () => {
    const payments = lz.products.payments;
    const custom = synth({
      ...lz,
      organization: { ...lz.organization, budgets: { defaultMonthlyUsd: 250 } },
      products: {
        ...lz.products,
        payments: { ...payments, monthlyBudgetUsd: 5000, environments: { ...payments.environments, prod: { ...payments.environments.prod, monthlyBudgetUsd: 9000 } } },
      },
    });
    const amount = (name: string) => blockAt(custom, 'aws_budgets_budget', `budgets/${name}`).limit_amount;
    expect([amount('payments-prod'), amount('payments-staging'), amount('acme-network')]).toEqual(['9000', '800', '250']);
  });
});
