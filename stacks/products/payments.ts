/**
 * The example product stack: the payments service's document store and the role its tasks run
 * as. Everything account-specific comes from the baseline contract; the role carries the boundary
 * the baseline publishes, as the deploy role requires.
 */
import { TerraformOutput } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { minified, type Json } from '../../src/policies/document';
import { recordPolicy } from '../../src/policies/registry';
import { terraformLiteral } from '../landing-zone-stack';
import { protectedBucket, tlsOnlyStatements } from '../../modules/protected-bucket';
import type { ProductStack } from '../product';

const ROLE = 'payments-api';

export function paymentsService(stack: ProductStack): void {
  const { account, accountId, region, baseline } = stack;
  const bucketName = `${account.name}-documents-${accountId}`;
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const roleArn = stack.productRoleArn(ROLE);
  const roleKey = `role:${account.name}/product/${ROLE}`;

  const { bucket } = protectedBucket(stack, {
    bucketName,
    addressOf: (part) => (part ? `documents-${part}` : 'documents'),
    kmsKeyArn: baseline.kms.data,
    lifecycle: {
      id: 'old-versions-and-uploads',
      noncurrentVersionExpiration: [{ noncurrentDays: 365 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    },
    policy: { Version: '2012-10-17', Statement: tlsOnlyStatements(bucketArn) },
    record: { name: 'documents-bucket', account: account.name },
  });

  const trust: Json = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcsTasksOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
  const identity: Json = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListDocuments', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      { Sid: 'ReadWriteDocuments', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], Resource: `${bucketArn}/*` },
      {
        // The data key's id is known only after the baseline applies; its alias names it.
        Sid: 'UseTheDataKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: `arn:aws:kms:${region}:${accountId}:key/*`,
        Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/landing-zone/data' } },
      },
    ],
  };
  recordPolicy(stack, { name: `role-${ROLE}-trust`, kind: 'trust-policy', document: trust, attachedTo: [roleKey], arns: [roleArn], account: account.name });
  recordPolicy(stack, { name: `role-${ROLE}-identity`, kind: 'identity-policy', document: identity, attachedTo: [roleKey], arns: [roleArn], account: account.name });
  const role = new IamRole(stack, 'api-role', {
    name: ROLE,
    path: '/product/',
    description: 'The payments API tasks',
    assumeRolePolicy: terraformLiteral(minified(trust)),
    permissionsBoundary: baseline.roles.permissionsBoundary,
  });
  new IamRolePolicy(stack, 'api-role-policy', { name: 'documents', role: role.name, policy: terraformLiteral(minified(identity)) });

  new TerraformOutput(stack, 'documents_bucket', { value: bucket.bucket });
  new TerraformOutput(stack, 'api_role_arn', { value: role.arn });
  if (baseline.vpc) new TerraformOutput(stack, 'api_subnet_ids', { value: baseline.vpc.subnets.private });
}
