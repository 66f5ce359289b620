/**
 * What each stack looked like when it was last applied successfully, kept in the state bucket
 * beside the stacks' state (`lz-applied/<stack>.json`: the SHA-256 of its synthesized
 * cdk.tf.json), so that every machine and every CI job skips the same unchanged stacks. lz writes
 * these objects and nothing else in the bucket.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { EXIT, LzError } from '../errors';

export const APPLIED_PREFIX = 'lz-applied/';

export interface AppliedRecord {
  readonly stack: string;
  readonly configSha256: string;
  readonly appliedAt: string;
}

export interface AppliedRecords {
  /** The hash recorded for the stack, or undefined when it was never applied by lz (or the bucket does not exist yet). */
  get(stack: string): Promise<string | undefined>;
  put(stack: string, configSha256: string): Promise<void>;
  destroy(): void;
}

export function configSha256(cdkTfJsonFile: string): string {
  return createHash('sha256').update(readFileSync(cdkTfJsonFile, 'utf8')).digest('hex');
}

export function s3AppliedRecords(options: { bucket: string; region: string; endpointUrl?: string }): AppliedRecords {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region: options.region,
    ...(options.endpointUrl ? { endpoint: options.endpointUrl, forcePathStyle: true } : {}),
  });
  const key = (stack: string) => `${APPLIED_PREFIX}${stack}.json`;
  const unreadable = (stack: string, what: string, e: unknown) =>
    LzError.of(
      `s3://${options.bucket}/${key(stack)}`,
      `could not be ${what}: ${(e as Error).name}: ${(e as Error).message}`,
      'check that the credentials can read and write the state bucket (the pipeline role can), or deploy with --no-records to plan every stack',
      EXIT.failure,
    );
  return {
    async get(stack) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key(stack) }));
        const record = JSON.parse(await object.Body!.transformToString()) as Partial<AppliedRecord>;
        return typeof record.configSha256 === 'string' ? record.configSha256 : undefined;
      } catch (e) {
        const name = (e as Error).name;
        // No record yet, or no bucket yet (bootstrap creates it): the stack is applied.
        if (name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound') return undefined;
        throw unreadable(stack, 'read', e);
      }
    },
    async put(stack, sha) {
      const record: AppliedRecord = { stack, configSha256: sha, appliedAt: new Date().toISOString() };
      await client
        .send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: key(stack),
            Body: `${JSON.stringify(record, null, 2)}\n`,
            ContentType: 'application/json',
          }),
        )
        .catch((e: unknown) => {
          throw unreadable(stack, 'written', e);
        });
    },
    destroy: () => client.destroy(),
  };
}
