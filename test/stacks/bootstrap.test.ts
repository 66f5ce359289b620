import { loadLandingZone } from '../../src/config/load';
import { REPO } from '../support/example';
import { resources, synthStack } from '../support/synth';
import { join } from 'node:path';

const lz = loadLandingZone(join(REPO, 'config'));
const { json, policies } = synthStack(lz, 'bootstrap');

describe('bootstrap stack', () => {
  it('keeps its own state locally on the first apply, in state/ of the project, outside the synth output that synth rebuilds', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../state/bootstrap.tfstate' } });
  });

  it('runs in the management account of the home region, without assuming a role', () => {
    expect(json.provider!.aws).toHaveLength(1);
    expect(json.provider!.aws[0].region).toBe('eu-west-1');
    expect(json.provider!.aws[0].assume_role).toBeUndefined();
  });

  it('creates a versioned, KMS-encrypted, private state bucket that cannot be destroyed', () => {
    const bucket = resources(json, 'aws_s3_bucket')['state-bucket'];
    expect(bucket.bucket).toBe('acme-landing-zone-state');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(json, 'aws_s3_bucket_versioning')['state-bucket-versioning'].versioning_configuration).toEqual({ status: 'Enabled' });
    const sse = resources(json, 'aws_s3_bucket_server_side_encryption_configuration')['state-bucket-encryption'];
    expect(sse.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.state-key.arn}' }, bucket_key_enabled: true },
    ]);
    const pab = resources(json, 'aws_s3_bucket_public_access_block')['state-bucket-public-access'];
    expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
  });

  it('gives the state key rotation, a 30-day deletion window and prevent_destroy', () => {
    const key = resources(json, 'aws_kms_key')['state-key'];
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(json, 'aws_kms_alias')['state-key-alias'].name).toBe('alias/landing-zone-state');
  });

  it('denies every request to the bucket that does not use TLS 1.2 or later', () => {
    const policy = JSON.parse(resources(json, 'aws_s3_bucket_policy')['state-bucket-policy'].policy);
    const arns = ['arn:aws:s3:::acme-landing-zone-state', 'arn:aws:s3:::acme-landing-zone-state/*'];
    expect(policy.Statement).toEqual([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: arns, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: arns, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ]);
  });

  it('records the key and bucket policies for review, attached to what they protect', () => {
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo])).toEqual([
      ['state-bucket', 'bucket-policy', ['bucket:acme-landing-zone-state']],
      ['state-key', 'key-policy', ['key:state']],
    ]);
    const keyPolicy = policies[1].document as any;
    expect(keyPolicy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
  });

  it('moves its state to the bucket once bootstrapState is s3', () => {
    const s3 = synthStack({ ...lz, organization: { ...lz.organization, bootstrapState: 's3' } }, 'bootstrap').json;
    expect(s3.terraform.backend.s3).toEqual({
      bucket: 'acme-landing-zone-state',
      key: 'bootstrap/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'alias/landing-zone-state',
      use_lockfile: true,
    });
  });
});
