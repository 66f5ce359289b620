/**
 * The named action lists the grant methods are built on. A grant gives exactly one of these lists
 * on exactly the resources it names; product code never spells actions or `"*"` itself. Lists are
 * sorted, so statements read the same in every synth.
 */

/** `bucket.grantRead`: list the bucket. */
export const BUCKET_LIST_ACTIONS: readonly string[] = ['s3:ListBucket'];
/** `bucket.grantRead`: read objects and their versions. */
export const BUCKET_READ_ACTIONS: readonly string[] = ['s3:GetObject', 's3:GetObjectVersion'];
/** `bucket.grantPut` and `bucket.grantWrite`: write objects, including multipart uploads. */
export const BUCKET_PUT_ACTIONS: readonly string[] = ['s3:AbortMultipartUpload', 's3:PutObject'];
/** `bucket.grantWrite` and `bucket.grantDelete`: delete objects (a versioned bucket keeps the old versions). */
export const BUCKET_DELETE_ACTIONS: readonly string[] = ['s3:DeleteObject'];

/** `key.grantDecrypt`. */
export const KEY_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt'];
/** `key.grantEncrypt`: encrypt, and make data keys for envelope encryption. */
export const KEY_ENCRYPT_ACTIONS: readonly string[] = ['kms:Encrypt', 'kms:GenerateDataKey'];
/** `key.grantEncryptDecrypt`. */
export const KEY_ENCRYPT_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
/**
 * What a service that encrypts with the key on the role's behalf (S3 with a bucket key, SQS) needs
 * to write: a data key, and Decrypt for multipart uploads and cached data keys.
 */
export const KEY_SERVICE_WRITE_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** `queue.grantSend`. */
export const QUEUE_SEND_ACTIONS: readonly string[] = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
/** `queue.grantConsume`: receive, then delete or extend the visibility of what was received. */
export const QUEUE_CONSUME_ACTIONS: readonly string[] = [
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
];
/** `queue.grantPurge`. */
export const QUEUE_PURGE_ACTIONS: readonly string[] = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'];
