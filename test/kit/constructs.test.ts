import { Testing, TerraformStack, App } from 'cdktf';
import { EncryptedBucket, EncryptedQueue, Port, ServiceRole, TierSecurityGroup } from '../../src/index';
import { productStack, thrown } from './harness';

describe('constructor checks say what is wrong and how to fix it', () => {
  it.each([
    [(s: any) => new ServiceRole(s, 'api', { roleName: 'has space', assumedBy: 'ecs-tasks.amazonaws.com', description: 'x' }), 'product-payments-staging/api: roleName "has space" is not a valid role name; use 1 to 56 letters, digits and +=,.@_- (the /product/ path takes the rest of the 64 IAM allows)'],
    [(s: any) => new ServiceRole(s, 'api', { roleName: 'api', assumedBy: '*', description: 'x' }), 'product-payments-staging/api: assumedBy "*" is not an AWS service principal; name the service that runs as the role, e.g. ecs-tasks.amazonaws.com or lambda.amazonaws.com'],
    [(s: any) => new ServiceRole(s, 'api', { roleName: 'api', assumedBy: 'lambda.amazonaws.com', description: 'x', maxSessionDuration: 60 }), 'product-payments-staging/api: maxSessionDuration is set to 60, but must be a whole number >= 3600 and <= 43200 seconds; choose a session length from one to twelve hours'],
    [(s: any) => new EncryptedBucket(s, 'docs', { bucketName: 'Docs_Bucket' }), 'product-payments-staging/docs: bucketName "Docs_Bucket" is not a valid S3 bucket name; use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, e.g. payments-prod-documents'],
    [(s: any) => new EncryptedBucket(s, 'docs', { noncurrentVersionDays: 0 }), 'product-payments-staging/docs: noncurrentVersionDays is set to 0, but must be a whole number of days >= 1; leave it out for the default of 365'],
    [(s: any) => new EncryptedQueue(s, 'jobs', { visibilityTimeoutSeconds: 50000 }), 'product-payments-staging/jobs: visibilityTimeoutSeconds is set to 50000, but must be a whole number >= 0 and <= 43200; choose a value in that range, or leave it out for 30'],
    [(s: any) => new EncryptedQueue(s, 'jobs', { fifo: true, queueName: 'jobs' }), 'product-payments-staging/jobs: queueName "jobs" is not valid for a FIFO queue; use up to 80 letters, digits, hyphens and underscores, ending in .fifo'],
    [(s: any) => new EncryptedQueue(s, 'jobs', { fifo: true, deadLetterQueue: { queue: new EncryptedQueue(s, 'dlq'), maxReceiveCount: 3 } }), 'product-payments-staging/jobs: deadLetterQueue payments-staging-dlq is a standard queue, but this queue is FIFO; give a FIFO queue a FIFO dead-letter queue and a standard queue a standard one'],
    [(s: any) => new TierSecurityGroup(s, 'db', { tier: 'isolated', description: 'db' }).allowHttpsToInternet(), 'product-payments-staging/db: the isolated tier has no route to the internet; place the resources in the private tier, or reach AWS services through VPC endpoints'],
    [() => Port.tcp(70000), 'Port: port 70000 is not allowed; use a whole number from 1 to 65535'],
  ])('%#', (define, message) => {
    expect(thrown(define)).toBe(message);
  });

  it('GIVEN a kit construct outside a ProductStack THEN it says where to create it', () => {
    const stack = new TerraformStack(Testing.app() as App, 'other');
    expect(() => new EncryptedBucket(stack, 'docs')).toThrow(
      "other/docs: is not inside a ProductStack; create product-kit constructs in the stack your product definition receives (export default function (stack: ProductStack) { ... })",
    );
  });
});

describe('resources', () => {
  it('GIVEN a queue with a dead-letter queue THEN both use the data key, the redrive names the DLQ, and a TLS-only policy is recorded', () => {
    const { json, policy } = productStack((s) => {
      const failed = new EncryptedQueue(s, 'failed');
      new EncryptedQueue(s, 'events', { deadLetterQueue: { queue: failed, maxReceiveCount: 4 } });
    });
    const events = json.resource.aws_sqs_queue.events;
    expect([events.name, events.kms_master_key_id, events.visibility_timeout_seconds, events.message_retention_seconds, events.redrive_policy, events.depends_on]).toEqual([
      'payments-staging-events',
      '${data.aws_ssm_parameter.baseline-dataKeyArn.value}',
      30,
      345600,
      '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:555555555502:payments-staging-failed","maxReceiveCount":4}',
      ['aws_sqs_queue.failed'],
    ]);
    expect(policy('queue-events')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: 'arn:aws:sqs:eu-west-1:555555555502:payments-staging-events', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    });
  });

  it('GIVEN security groups THEN no rule but those the methods name: peer groups both ways, a tier by its subnet CIDRs, HTTPS out', () => {
    const { json } = productStack((s) => {
      const api = new TierSecurityGroup(s, 'api', { tier: 'private', description: 'API tasks' });
      const db = new TierSecurityGroup(s, 'db', { tier: 'isolated', description: 'Database' });
      db.allowFrom(api, Port.tcp(5432));
      api.allowFromTier('public', Port.tcp(8443));
      api.allowHttpsToInternet();
    });
    const group = json.resource.aws_security_group.api;
    expect([group.name, group.vpc_id, group.ingress, group.egress, group.revoke_rules_on_delete]).toEqual([
      'payments-staging-api',
      '${data.aws_ssm_parameter.baseline-vpcId.value}',
      undefined,
      undefined,
      true,
    ]);
    const rule = (r: any) => [r.security_group_id, r.referenced_security_group_id ?? r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port];
    expect(Object.values(json.resource.aws_vpc_security_group_ingress_rule).map(rule).sort()).toEqual([
      // payments-staging: 10.21.0.0/16, 2 AZs, public tier /20s.
      ['${aws_security_group.api.id}', '10.21.128.0/20', 'tcp', 8443, 8443],
      ['${aws_security_group.api.id}', '10.21.144.0/20', 'tcp', 8443, 8443],
      ['${aws_security_group.db.id}', '${aws_security_group.api.id}', 'tcp', 5432, 5432],
    ]);
    expect(Object.values(json.resource.aws_vpc_security_group_egress_rule).map(rule).sort()).toEqual([
      ['${aws_security_group.api.id}', '${aws_security_group.db.id}', 'tcp', 5432, 5432],
      ['${aws_security_group.api.id}', '0.0.0.0/0', 'tcp', 443, 443],
    ]);
  });
});
