/**
 * The organization's CloudTrail: one multi-region trail in the management account that logs every
 * member account, with log file validation (digest files prove logs were not altered), SSE-KMS
 * with the log archive's key, every management event, and the data events (object reads and
 * writes) of the buckets that hold the landing zone's state and logs. Optionally also delivered to
 * a CloudWatch Logs group, where the CIS metric filters watch it.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Cloudtrail, type CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';

export interface OrganizationTrailProps {
  readonly name: string;
  readonly bucketName: string;
  readonly keyArn: string;
  /** Buckets whose object-level reads and writes are recorded (the state and log buckets). */
  readonly dataEventBuckets: readonly string[];
  /**
   * The trail's own bucket: its reads and deletions are recorded, but not the trail's own
   * deliveries (PutObject), which would log themselves without end.
   */
  readonly ownBucket: string;
  /** CloudWatch Logs delivery: the log group's ARN (ending in `:*`) and the role CloudTrail writes with. @default - none */
  readonly cloudWatchLogs?: { readonly logGroupArn: string; readonly roleArn: string };
  /** The management account's provider: organization trails are created there. */
  readonly provider: TerraformProvider;
  /** The bucket policy and encryption configuration the trail checks at creation, and the key. */
  readonly dependsOn: ITerraformDependable[];
}

/** Advanced event selectors: all management events, and the data events of the protected buckets. */
export function trailEventSelectors(props: Pick<OrganizationTrailProps, 'dataEventBuckets' | 'ownBucket'>): CloudtrailAdvancedEventSelector[] {
  const objects = (buckets: readonly string[]) => buckets.map((b) => `arn:aws:s3:::${b}/`);
  return [
    { name: 'Every management event', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    {
      name: 'Object reads and writes of the state and log buckets',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: objects(props.dataEventBuckets) },
      ],
    },
    {
      name: 'Object reads and deletions of the trail bucket',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: objects([props.ownBucket]) },
        { field: 'eventName', notEquals: ['PutObject'] },
      ],
    },
  ];
}

export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    this.trail = new Cloudtrail(this, 'trail', {
      provider: props.provider,
      name: props.name,
      s3BucketName: props.bucketName,
      kmsKeyId: props.keyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: trailEventSelectors(props),
      ...(props.cloudWatchLogs ? { cloudWatchLogsGroupArn: props.cloudWatchLogs.logGroupArn, cloudWatchLogsRoleArn: props.cloudWatchLogs.roleArn } : {}),
      dependsOn: props.dependsOn,
    });
  }
}
