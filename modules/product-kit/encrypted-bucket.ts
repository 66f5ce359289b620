/**
 * A product's bucket: the protected-bucket defaults (versioned, SSE-KMS with the account's data key
 * and a bucket key, public access blocked, owner-enforced, TLS 1.2 only, prevent_destroy), with
 * grant methods that give a role exactly the list of actions they are named after on this bucket,
 * and the data key only through S3 for this bucket.
 */
import { Construct } from 'constructs';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { LzError } from '../../src/errors';
import { protectedBucket, tlsOnlyStatements } from '../protected-bucket';
import { BUCKET_DELETE_ACTIONS, BUCKET_LIST_ACTIONS, BUCKET_PUT_ACTIONS, BUCKET_READ_ACTIONS, KEY_DECRYPT_ACTIONS, KEY_SERVICE_WRITE_ACTIONS } from './actions';
import { modelName, productContextOf, where, type ProductContext } from './context';
import { DataKey } from './data-key';
import { grant, sidPart, type Grant, type IGrantable, type PolicyStatement } from './grant';

export interface EncryptedBucketProps {
  /**
   * The bucket's name, globally unique: 3 to 63 lowercase letters, digits, dots and hyphens.
   * @default - `<account name>-<construct id>-<account id>`, e.g. payments-prod-documents-555555555501
   */
  readonly bucketName?: string;
  /** Days a replaced or deleted object version is kept. @default 365 */
  readonly noncurrentVersionDays?: number;
  /** Days after which an unfinished multipart upload is removed. @default 7 */
  readonly abortIncompleteUploadDays?: number;
}

const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export class EncryptedBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  /** `arn:aws:s3:::<name>`, known before apply. */
  readonly bucketArn: string;
  private readonly context: ProductContext;
  private readonly key: DataKey;
  private readonly sid: string;

  constructor(scope: Construct, id: string, props: EncryptedBucketProps = {}) {
    super(scope, id);
    const here = where(this);
    this.context = productContextOf(this);
    const { accountName, accountId, region, baseline, awsProvider } = this.context;
    if (props.bucketName !== undefined && (!BUCKET_NAME.test(props.bucketName) || props.bucketName.includes('..'))) {
      throw LzError.of(here, `bucketName "${props.bucketName}" is not a valid S3 bucket name`, 'use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, e.g. payments-prod-documents');
    }
    const days = (name: string, value: number | undefined, fallback: number) => {
      const v = value ?? fallback;
      if (!Number.isInteger(v) || v < 1) throw LzError.of(here, `${name} is set to ${v}, but must be a whole number of days >= 1`, `leave it out for the default of ${fallback}`);
      return v;
    };
    const noncurrentDays = days('noncurrentVersionDays', props.noncurrentVersionDays, 365);
    const uploadDays = days('abortIncompleteUploadDays', props.abortIncompleteUploadDays, 7);
    this.bucketName = props.bucketName ?? `${accountName}-${id}-${accountId}`.toLowerCase();
    this.bucketArn = `arn:aws:s3:::${this.bucketName}`;
    this.key = new DataKey(baseline.kms.data, accountId, region);
    this.sid = sidPart(id);
    const { bucket } = protectedBucket(this, {
      bucketName: this.bucketName,
      // 'Default' keeps the bucket's Terraform address the construct's own id: aws_s3_bucket.<id>.
      addressOf: (part) => part ?? 'Default',
      kmsKeyArn: baseline.kms.data,
      lifecycle: {
        id: 'old-versions-and-uploads',
        noncurrentVersionExpiration: [{ noncurrentDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: uploadDays }],
      },
      policy: { Version: '2012-10-17', Statement: tlsOnlyStatements(this.bucketArn) },
      record: { name: `bucket-${modelName(this)}`, account: accountName },
      provider: awsProvider,
    });
    this.bucket = bucket;
  }

  /** List the bucket and read its objects (`BUCKET_LIST_ACTIONS`, `BUCKET_READ_ACTIONS`), and decrypt them. */
  grantRead(grantee: IGrantable): Grant {
    return grant(grantee, [this.listStatement(), this.objects('Read', BUCKET_READ_ACTIONS), this.keyStatement('Decrypt', KEY_DECRYPT_ACTIONS)]);
  }

  /** Write objects (`BUCKET_PUT_ACTIONS`) without deleting any. */
  grantPut(grantee: IGrantable): Grant {
    return grant(grantee, [this.objects('Put', BUCKET_PUT_ACTIONS), this.keyStatement('Encrypt', KEY_SERVICE_WRITE_ACTIONS)]);
  }

  /** Delete objects (`BUCKET_DELETE_ACTIONS`); versioning keeps what was deleted for `noncurrentVersionDays`. */
  grantDelete(grantee: IGrantable): Grant {
    return grant(grantee, [this.objects('Delete', BUCKET_DELETE_ACTIONS)]);
  }

  /** Write and delete objects. */
  grantWrite(grantee: IGrantable): Grant {
    return grant(grantee, [...this.grantPut(grantee).statements, ...this.grantDelete(grantee).statements]);
  }

  /** Everything grantRead and grantWrite give. */
  grantReadWrite(grantee: IGrantable): Grant {
    return grant(grantee, [...this.grantRead(grantee).statements, ...this.grantWrite(grantee).statements]);
  }

  private listStatement(): PolicyStatement {
    return { sid: `List${this.sid}`, actions: BUCKET_LIST_ACTIONS, resources: [this.bucketArn] };
  }

  private objects(verb: string, actions: readonly string[]): PolicyStatement {
    return { sid: `${verb}${this.sid}`, actions, resources: [`${this.bucketArn}/*`] };
  }

  /** The data key through S3, for this bucket only: with a bucket key, S3's encryption context is the bucket ARN. */
  private keyStatement(verb: string, actions: readonly string[]): PolicyStatement {
    return this.key.statement(`${verb}${this.sid}Objects`, actions, {
      StringEquals: { 'kms:ViaService': `s3.${this.context.region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': this.bucketArn },
    });
  }
}
