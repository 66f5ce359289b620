/**
 * The audit account's view of the whole organization: an AWS Config aggregator over every account
 * and allowed region (the audit account is Config's delegated administrator, registered by the
 * organization stack), and an IAM Access Analyzer of organization scope in each allowed region.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import type { RoleDocument } from './scoped-role';
import { ScopedRole } from './scoped-role';

export const AGGREGATOR_NAME = 'landing-zone-organization';

export interface OrganizationConfigAggregatorProps {
  readonly accountName: string;
  readonly accountId: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  /** Trust and identity of the role Config aggregates with (policies/roles/config-aggregator-*.json). */
  readonly roleTrust: RoleDocument;
  readonly rolePolicy: RoleDocument;
  readonly provider: TerraformProvider;
}

export class OrganizationConfigAggregator extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    const role = new ScopedRole(this, 'role', {
      provider: props.provider,
      accountName: props.accountName,
      accountId: props.accountId,
      roleName: 'config-aggregator',
      path: '/landing-zone/',
      description: 'AWS Config reads the organization to aggregate every account',
      trust: props.roleTrust,
      policies: { 'read-organization': props.rolePolicy },
    });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      provider: props.provider,
      region: props.homeRegion,
      name: AGGREGATOR_NAME,
      organizationAggregationSource: { allRegions: false, regions: [...props.regions], roleArn: role.role.arn },
      // Config checks at creation that the role may read the organization: the role alone is not enough.
      dependsOn: [...role.policies.values()],
    });
    for (const region of props.regions) {
      new AccessanalyzerAnalyzer(this, `access-analyzer-${region}`, {
        provider: props.provider,
        region,
        analyzerName: AGGREGATOR_NAME,
        type: 'ORGANIZATION',
      });
    }
  }
}
