/**
 * The AWS Config managed rules of an account's rule set, in every region it records. Rules that
 * look at account-wide settings run once, in the region that records global resources.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { MANAGED_RULES } from '../src/baseline/config-rules';

export interface ConfigRulesProps {
  /** Rule names from the catalogue (src/baseline/config-rules.ts); validated at config load. */
  readonly rules: readonly string[];
  readonly regions: readonly string[];
  readonly globalResourcesRegion: string;
  /** What must run before rules can be created in a region: its recorder. */
  readonly recorderRunning: (region: string) => ITerraformDependable;
}

export class ConfigRules extends Construct {
  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    for (const region of props.regions) {
      for (const name of props.rules) {
        const rule = MANAGED_RULES[name];
        if (!rule) throw new Error(`internal: Config rule ${name} is not in the catalogue; config validation should have caught it`);
        if (rule.global && region !== props.globalResourcesRegion) continue;
        new ConfigConfigRule(this, `${name}-${region}`, {
          region,
          name: `landing-zone-${name}`,
          description: rule.description,
          source: { owner: 'AWS', sourceIdentifier: rule.identifier },
          inputParameters: rule.inputParameters ? JSON.stringify(rule.inputParameters) : undefined,
          scope: rule.resourceTypes ? { complianceResourceTypes: [...rule.resourceTypes] } : undefined,
          maximumExecutionFrequency: rule.resourceTypes ? undefined : 'TwentyFour_Hours',
          dependsOn: [props.recorderRunning(region)],
        });
      }
    }
  }
}
