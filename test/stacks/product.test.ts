import { join } from 'node:path';
import { loadLandingZone } from '../../src/config/load';
import { loadPolicyModel } from '../../src/policies/model';
import { decide, principalsOf } from '../../src/policies/evaluate/access';
import { stackDefinitions } from '../../stacks';
import { exampleProject, REPO } from '../support/example';
import { resources, synthStack } from '../support/synth';

const lz = loadLandingZone(join(REPO, 'config'));
const { json, policies } = synthStack(lz, 'product-payments-prod');

describe('product stacks', () => {
  it('GIVEN the example THEN only products with a stack definition get one per active environment, after its baseline', () => {
    const products = stackDefinitions(lz).filter((d) => d.name.startsWith('product-'));
    expect(products.map((d) => [d.name, d.dependsOn])).toEqual([
      ['product-payments-prod', ['baseline-payments-prod']],
      ['product-payments-staging', ['baseline-payments-staging']],
    ]);
  });

  it('runs as the deploy role of its own account, with its own state key', () => {
    expect(json.provider!.aws).toHaveLength(1);
    expect(json.provider!.aws[0].assume_role).toEqual([
      { role_arn: 'arn:aws:iam::555555555501:role/LandingZoneDeploy', session_name: 'landing-zone-product-payments-prod' },
    ]);
    expect(json.terraform.backend.s3.key).toBe('product-payments-prod/terraform.tfstate');
  });

  it('reads the account, key, boundary and subnets from the baseline contract, not from another stack', () => {
    expect(Object.values(json.data!.aws_ssm_parameter).map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['/landing-zone/kms/data/arn', '/landing-zone/roles/permissions-boundary/arn', '/landing-zone/vpc/subnets/private']),
    );
    const sse = Object.values(resources(json, 'aws_s3_bucket_server_side_encryption_configuration'))[0];
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: '${data.aws_ssm_parameter.baseline-dataKeyArn.value}' });
    const role = resources(json, 'aws_iam_role').api;
    expect([role.name, role.path, role.permissions_boundary]).toEqual(['payments-api', '/product/', '${data.aws_ssm_parameter.baseline-permissionsBoundaryArn.value}']);
    expect(resources(json, 'aws_ecs_service')['api-service'].network_configuration.subnets).toBe('${split(",", data.aws_ssm_parameter.baseline-privateSubnetIds.value)}');
  });

  it('keeps the documents bucket: versioned, private, TLS only, protected from destroy; every document recorded', () => {
    const bucket = resources(json, 'aws_s3_bucket').documents;
    expect([bucket.bucket, bucket.lifecycle]).toEqual(['payments-prod-documents-555555555501', { prevent_destroy: true }]);
    expect(Object.values(resources(json, 'aws_s3_bucket_versioning'))[0].versioning_configuration.status).toBe('Enabled');
    expect(Object.values(resources(json, 'aws_s3_bucket_public_access_block'))[0].restrict_public_buckets).toBe(true);
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo])).toEqual([
      ['bucket-documents', 'bucket-policy', ['bucket:payments-prod-documents-555555555501']],
      ['queue-events', 'resource-policy', ['queue:payments-prod/payments-prod-events']],
      ['queue-events-failed', 'resource-policy', ['queue:payments-prod/payments-prod-events-failed']],
      ['role-payments-api-grants', 'identity-policy', ['role:payments-prod/product/payments-api']],
      ['role-payments-api-trust', 'trust-policy', ['role:payments-prod/product/payments-api']],
    ]);
  });

  it('GIVEN the example WHEN running THEN prod runs three API tasks; WHEN staging is paused THEN it runs none and keeps its data', () => {
    expect(resources(json, 'aws_ecs_service')['api-service'].desired_count).toBe(3);
    const project = exampleProject();
    try {
      project.replace('config/products/payments.yaml', '  staging:\n', '  staging:\n    paused: true\n');
      const paused = synthStack(loadLandingZone(project.configDir), 'product-payments-staging').json;
      expect(resources(paused, 'aws_ecs_service')['api-service'].desired_count).toBe(0);
      expect(resources(paused, 'aws_s3_bucket').documents.bucket).toBe('payments-staging-documents-555555555502');
    } finally {
      project.remove();
    }
  });

  it('GIVEN the policy model THEN the product role can use its own bucket but not another product\'s', () => {
    const model = loadPolicyModel(lz);
    const api = principalsOf(model).find((p) => p.key === 'role:payments-prod/product/payments-api')!;
    expect(api.arn).toBe('arn:aws:iam::555555555501:role/product/payments-api');
    const request = (resource: string, resourceAccount: string) => ({ action: 's3:GetObject', resource, resourceAccount, region: 'eu-west-1' });
    expect(decide(model, api, request('arn:aws:s3:::payments-prod-documents-555555555501/invoice.pdf', '555555555501'))).toBe('Allow');
    expect(decide(model, api, request('arn:aws:s3:::catalog-prod-documents-444444444402/item.json', '444444444402'))).not.toBe('Allow');
  });
});
