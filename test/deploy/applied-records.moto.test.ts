/**
 * The records of what was last applied, in the state bucket (moto S3): read back as written, absent
 * before the first apply or before the bucket exists, and an unreadable bucket is one clear error.
 */
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '../support/moto';
import { s3AppliedRecords } from '../../src/deploy/applied-records';
import { LzError } from '../../src/errors';

const moto = useMoto();

describe('applied records in the state bucket', () => {
  it('reads back what was recorded, per stack, as JSON under lz-applied/', async () => {
    // GIVEN the state bucket
    const s3 = new S3Client({ endpoint: moto.url, region: 'eu-west-1', forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'state', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const records = s3AppliedRecords({ bucket: 'state', region: 'eu-west-1', endpointUrl: moto.url });
    // WHEN nothing was applied, THEN there is no record
    expect(await records.get('network')).toBeUndefined();
    // WHEN network is recorded
    await records.put('network', 'a'.repeat(64));
    // THEN it reads back, and the object says what it is
    expect(await records.get('network')).toBe('a'.repeat(64));
    expect(await records.get('security')).toBeUndefined();
    const object = await s3.send(new GetObjectCommand({ Bucket: 'state', Key: 'lz-applied/network.json' }));
    const body = JSON.parse(await object.Body!.transformToString());
    expect([body.stack, body.configSha256]).toEqual(['network', 'a'.repeat(64)]);
    s3.destroy();
    records.destroy();
  });

  it('has no records before the bootstrap stack created the bucket, and cannot write one', async () => {
    const records = s3AppliedRecords({ bucket: 'not-yet', region: 'eu-west-1', endpointUrl: moto.url });
    expect(await records.get('bootstrap')).toBeUndefined();
    const error = await records.put('bootstrap', 'b'.repeat(64)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LzError);
    expect((error as LzError).message).toMatch(
      /^s3:\/\/not-yet\/lz-applied\/bootstrap\.json: could not be written: NoSuchBucket: .*; check that the credentials can read and write the state bucket \(the pipeline role can\), or deploy with --no-records to plan every stack$/,
    );
    records.destroy();
  });
});
