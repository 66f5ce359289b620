/**
 * AWS Config in every region an account uses: a recorder of all supported resources (global ones
 * such as IAM recorded in one region only, so they are not counted once per region), a delivery
 * channel to the central log archive bucket, and the recorder switched on.
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
    const role = new IamServiceLinkedRole(this, 'service-role', { awsServiceName: 'config.amazonaws.com' });
    const roleArn = `arn:aws:iam::${props.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    for (const region of props.regions) {
      const recorder = new ConfigConfigurationRecorder(this, `recorder-${region}`, {
        region,
        name: CONFIG_RECORDER_NAME,
        roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === props.globalResourcesRegion },
        dependsOn: [role],
      });
      const channel = new ConfigDeliveryChannel(this, `delivery-${region}`, {
        region,
        name: CONFIG_RECORDER_NAME,
        s3BucketName: props.bucketName,
        snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
        dependsOn: [recorder],
      });
      this.running.set(
        region,
        new ConfigConfigurationRecorderStatus(this, `status-${region}`, { region, name: recorder.name, isEnabled: true, dependsOn: [channel] }),
      );
    }
  }
}
