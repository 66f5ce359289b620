import { EncryptedBucket, EncryptedQueue, ServiceRole } from '../../src/index';
import { productStack } from './harness';

const BUCKET = 'arn:aws:s3:::payments-staging-documents-555555555502';
const QUEUE = 'arn:aws:sqs:eu-west-1:555555555502:payments-staging-events';
const KEY = 'arn:aws:kms:eu-west-1:555555555502:key/*';
const DATA_KEY_ALIAS = { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/landing-zone/data' } };
const viaS3 = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': BUCKET } };
const viaSqs = { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com', 'kms:EncryptionContext:aws:sqs:arn': QUEUE } };

const role = (stack: Parameters<typeof productStack>[0] extends (s: infer S) => void ? S : never) =>
  new ServiceRole(stack, 'api', { roleName: 'payments-api', assumedBy: 'ecs-tasks.amazonaws.com', description: 'The API' });

/** The statements of the role's recorded grants policy after `grantWith`. */
function granted(grantWith: Parameters<typeof productStack>[0]) {
  const { policy, json } = productStack(grantWith);
  const document = policy('role-payments-api-grants') as { Statement: unknown[] };
  // The policy Terraform sends is the recorded document, byte for byte.
  expect(JSON.parse(json.resource.aws_iam_role_policy[Object.keys(json.resource.aws_iam_role_policy)[0]].policy)).toEqual(JSON.parse(JSON.stringify(document)));
  return document.Statement;
}

describe('grant methods give exactly their named actions on exactly their resource', () => {
  it('GIVEN a bucket WHEN grantRead THEN list the bucket, read its objects, decrypt only through S3 for this bucket', () => {
    expect(granted((s) => new EncryptedBucket(s, 'documents').grantRead(role(s)))).toEqual([
      { Sid: 'ListDocuments', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET },
      { Sid: 'ReadDocuments', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${BUCKET}/*` },
      { Sid: 'DecryptDocumentsObjects', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY, Condition: { ...viaS3, ...DATA_KEY_ALIAS } },
    ]);
  });

  it('GIVEN a bucket WHEN grantPut THEN write objects and make data keys through S3, no delete', () => {
    expect(granted((s) => new EncryptedBucket(s, 'documents').grantPut(role(s)))).toEqual([
      { Sid: 'PutDocuments', Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:PutObject'], Resource: `${BUCKET}/*` },
      { Sid: 'EncryptDocumentsObjects', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: { ...viaS3, ...DATA_KEY_ALIAS } },
    ]);
  });

  it('GIVEN a bucket WHEN grantWrite and grantReadWrite THEN put and delete, each statement once', () => {
    const statements = granted((s) => {
      const bucket = new EncryptedBucket(s, 'documents');
      const api = role(s);
      bucket.grantWrite(api);
      bucket.grantReadWrite(api);
    });
    expect(statements.map((x) => (x as { Sid: string }).Sid)).toEqual(['PutDocuments', 'EncryptDocumentsObjects', 'DeleteDocuments', 'ListDocuments', 'ReadDocuments', 'DecryptDocumentsObjects']);
    expect(statements[2]).toEqual({ Sid: 'DeleteDocuments', Effect: 'Allow', Action: 's3:DeleteObject', Resource: `${BUCKET}/*` });
  });

  it('GIVEN a queue WHEN grantSend, grantConsume, grantPurge THEN the SQS lists on the queue and the key only through SQS for it', () => {
    expect(
      granted((s) => {
        const queue = new EncryptedQueue(s, 'events');
        const api = role(s);
        queue.grantSend(api);
        queue.grantConsume(api);
        queue.grantPurge(api);
      }),
    ).toEqual([
      { Sid: 'SendToEvents', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: QUEUE },
      { Sid: 'EncryptEventsMessages', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: { ...viaSqs, ...DATA_KEY_ALIAS } },
      {
        Sid: 'ConsumeFromEvents',
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        Resource: QUEUE,
      },
      { Sid: 'DecryptEventsMessages', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY, Condition: { ...viaSqs, ...DATA_KEY_ALIAS } },
      { Sid: 'PurgeEvents', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'], Resource: QUEUE },
    ]);
  });

  it('GIVEN the data key WHEN grantDecrypt, grantEncrypt, grantEncryptDecrypt THEN the key by its alias in this account and region', () => {
    expect(
      granted((s) => {
        const api = role(s);
        s.dataKey.grantDecrypt(api);
        s.dataKey.grantEncrypt(api);
        s.dataKey.grantEncryptDecrypt(api);
      }),
    ).toEqual([
      { Sid: 'DataKeyDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY, Condition: DATA_KEY_ALIAS },
      { Sid: 'DataKeyEncrypt', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: DATA_KEY_ALIAS },
      { Sid: 'DataKeyEncryptDecrypt', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: KEY, Condition: DATA_KEY_ALIAS },
    ]);
  });

  it('GIVEN a role without grants THEN it has no identity policy at all, only its recorded trust', () => {
    const { json, policies } = productStack((s) => void role(s));
    expect(json.resource.aws_iam_role_policy).toBeUndefined();
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo, p.arns])).toEqual([
      ['role-payments-api-trust', 'trust-policy', ['role:payments-staging/product/payments-api'], ['arn:aws:iam::555555555502:role/product/payments-api']],
    ]);
  });

  it('GIVEN grants THEN the identity policy is recorded against the role for lint, diff and prove', () => {
    const { policies } = productStack((s) => new EncryptedBucket(s, 'documents').grantRead(role(s)));
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo, p.account])).toEqual([
      ['bucket-documents', 'bucket-policy', ['bucket:payments-staging-documents-555555555502'], 'payments-staging'],
      ['role-payments-api-grants', 'identity-policy', ['role:payments-staging/product/payments-api'], 'payments-staging'],
      ['role-payments-api-trust', 'trust-policy', ['role:payments-staging/product/payments-api'], 'payments-staging'],
    ]);
  });
});
