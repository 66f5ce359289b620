/**
 * The organization's CloudTrail: one multi-region trail in the management account that logs every
 * member account, with log file validation (digest files prove logs were not altered) and SSE-KMS
 * with the log archive's key.
 */
import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';

export interface OrganizationTrailProps {
  readonly name: string;
  readonly bucketName: string;
  readonly keyArn: string;
  /** The management account's provider: organization trails are created there. */
  readonly provider: TerraformProvider;
  /** The bucket policy that lets the trail write; the trail checks it at creation. */
  readonly dependsOn: ITerraformDependable[];
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
      dependsOn: props.dependsOn,
    });
  }
}
