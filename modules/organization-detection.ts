/**
 * Threat detection for the whole organization, administered by the audit account.
 *
 * GuardDuty, in every allowed region: a detector in the audit account, which the management
 * account then makes GuardDuty's delegated administrator (the detector first, so the designation
 * does not create one Terraform would not know); every member, present and future, enrolled
 * (`auto_enable_organization_members = "ALL"`) with the protection plans config chooses.
 *
 * Security Hub with central configuration: the audit account is delegated administrator, findings
 * of every allowed region are aggregated into the home region, and one configuration policy,
 * associated with the organization root, enables Security Hub with the AWS Foundational Security
 * Best Practices and CIS AWS Foundations Benchmark v3.0.0 standards in every account and region.
 * Central configuration replaces per-account standards subscriptions (AWS rejects both on one
 * account), so the standards are subscribed through the policy.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import type { GuardDutyProtectionPlan } from '../src/config/security-settings';

/** Runtime Monitoring's agents, managed by GuardDuty so that the plan works without manual installs. */
export const RUNTIME_MONITORING_AGENTS: readonly string[] = ['EC2_AGENT_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EKS_ADDON_MANAGEMENT'];

/** The standards every account runs, by their ARN in a region. */
export function securityStandardArns(region: string): string[] {
  return [
    `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
  ];
}

export interface OrganizationDetectionProps {
  readonly auditAccountId: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly protectionPlans: readonly GuardDutyProtectionPlan[];
  /** The organization root's id: the configuration policy is associated with it. */
  readonly rootId: string;
  readonly managementProvider: TerraformProvider;
  readonly auditProvider: TerraformProvider;
}

export class OrganizationDetection extends Construct {
  readonly detectors = new Map<string, GuarddutyDetector>();

  constructor(scope: Construct, id: string, props: OrganizationDetectionProps) {
    super(scope, id);
    const audit = props.auditProvider;
    for (const region of props.regions) {
      const detector = new GuarddutyDetector(this, `guardduty-detector-${region}`, {
        provider: audit,
        region,
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
      });
      this.detectors.set(region, detector);
      const admin = new GuarddutyOrganizationAdminAccount(this, `guardduty-admin-${region}`, {
        provider: props.managementProvider,
        region,
        adminAccountId: props.auditAccountId,
        dependsOn: [detector],
      });
      const organization = new GuarddutyOrganizationConfiguration(this, `guardduty-organization-${region}`, {
        provider: audit,
        region,
        detectorId: detector.id,
        autoEnableOrganizationMembers: 'ALL',
        dependsOn: [admin],
      });
      for (const plan of props.protectionPlans) {
        new GuarddutyOrganizationConfigurationFeature(this, `guardduty-${plan.toLowerCase().replace(/_/g, '-')}-${region}`, {
          provider: audit,
          region,
          detectorId: detector.id,
          name: plan,
          autoEnable: 'ALL',
          ...(plan === 'RUNTIME_MONITORING' ? { additionalConfiguration: RUNTIME_MONITORING_AGENTS.map((name) => ({ name, autoEnable: 'ALL' })) } : {}),
          dependsOn: [organization],
        });
      }
    }

    const home = props.homeRegion;
    const hubAdmin = new SecurityhubOrganizationAdminAccount(this, 'securityhub-admin', {
      provider: props.managementProvider,
      region: home,
      adminAccountId: props.auditAccountId,
    });
    const others = props.regions.filter((r) => r !== home);
    const aggregator = new SecurityhubFindingAggregator(this, 'securityhub-aggregator', {
      provider: audit,
      region: home,
      // Only the allowed regions: aggregating ALL_REGIONS would reach into regions the SCPs deny.
      linkingMode: others.length ? 'SPECIFIED_REGIONS' : 'NO_REGIONS',
      ...(others.length ? { specifiedRegions: others } : {}),
      dependsOn: [hubAdmin],
    });
    const hubOrganization = new SecurityhubOrganizationConfiguration(this, 'securityhub-organization', {
      provider: audit,
      region: home,
      // Central configuration: the policy below decides, not auto-enable.
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [aggregator],
    });
    const policy = new SecurityhubConfigurationPolicy(this, 'securityhub-policy', {
      provider: audit,
      region: home,
      name: 'landing-zone',
      description: 'Security Hub with AWS Foundational Security Best Practices and CIS v3.0.0 in every account',
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: securityStandardArns(home),
        securityControlsConfiguration: { disabledControlIdentifiers: [] },
      },
      dependsOn: [hubOrganization],
    });
    new SecurityhubConfigurationPolicyAssociation(this, 'securityhub-policy-root', {
      provider: audit,
      region: home,
      targetId: props.rootId,
      policyId: policy.id,
    });
  }
}
