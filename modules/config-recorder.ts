/**
 * AWS Config in every region an account uses: a recorder of all supported resources (global ones
 * such as IAM recorded in one region only, so they are not counted once per region), a delivery
 * channel to the central log archive bucket, and the recorder switched on.
 *
 * In an account where Config already runs (an adopted or invited account), AWS allows no second
 * recorder or delivery channel in a region, and no second service-linked role: what exists is
 * imported (Terraform import blocks) under its own name instead of being created again.
 */
import { Construct } from 'constructs';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';

export const CONFIG_RECORDER_NAME = 'landing-zone';

export interface ConfigRecorderProps {
  readonly accountId: string;
  readonly regions: readonly string[];
  /** The one region that records global resource types (IAM). Must be one of `regions`. */
  readonly globalResourcesRegion: string;
  /** The log archive bucket; AWS Config writes under AWSLogs/<account-id>/Config/. */
  readonly bucketName: string;
  /** What already exists in the account (recorded by `lz org import`). @default - nothing: everything is created */
  readonly existing?: ExistingConfig;
}

export interface ExistingConfig {
  /** Recorder name per region. */
  readonly configRecorders?: Readonly<Record<string, string>>;
  /** Delivery channel name per region. */
  readonly deliveryChannels?: Readonly<Record<string, string>>;
  /** AWSServiceRoleForConfig exists. */
  readonly configServiceLinkedRole?: boolean;
}

export class ConfigRecorder extends Construct {
  /** The recorder status per region: rules must wait until the recorder runs. */
  readonly running = new Map<string, ConfigConfigurationRecorderStatus>();

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    if (!props.regions.includes(props.globalResourcesRegion)) {
      throw new Error(`internal: global resources region ${props.globalResourcesRegion} is not one of ${props.regions.join(', ')}`);
    }
    // Config's service-linked role; IAM is global, so one serves every region.
    const existing = props.existing ?? {};
    const role = new IamServiceLinkedRole(this, 'service-role', { awsServiceName: 'config.amazonaws.com' });
    const roleArn = `arn:aws:iam::${props.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    if (existing.configServiceLinkedRole) role.importFrom(roleArn);
    for (const region of props.regions) {
      const recorder = new ConfigConfigurationRecorder(this, `recorder-${region}`, {
        region,
        name: existing.configRecorders?.[region] ?? CONFIG_RECORDER_NAME,
        roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === props.globalResourcesRegion },
        dependsOn: [role],
      });
      const recorderName = existing.configRecorders?.[region];
      // `<id>@<region>`: the AWS provider (6.x) imports a regional resource in the region the ID names.
      if (recorderName) recorder.importFrom(`${recorderName}@${region}`);
      const channelName = existing.deliveryChannels?.[region];
      const channel = new ConfigDeliveryChannel(this, `delivery-${region}`, {
        region,
        name: channelName ?? CONFIG_RECORDER_NAME,
        s3BucketName: props.bucketName,
        snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
        dependsOn: [recorder],
      });
      if (channelName) channel.importFrom(`${channelName}@${region}`);
      this.running.set(
        region,
        new ConfigConfigurationRecorderStatus(this, `status-${region}`, { region, name: recorder.name, isEnabled: true, dependsOn: [channel] }),
      );
    }
  }
}
