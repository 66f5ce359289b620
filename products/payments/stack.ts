/**
 * The payments service, the example product stack: its documents bucket, its queue of payment
 * events, and the API tasks that use both, built with the product kit. Every permission comes from
 * a grant method; the kit records each document for the policy review. A paused environment keeps
 * its data and runs no tasks.
 */
import { TerraformOutput } from 'cdktf';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { EncryptedBucket, EncryptedQueue, Port, ServiceRole, TierSecurityGroup, type ProductStack } from 'landing-zone';

/** Tasks when running; a paused environment runs none. */
const API_TASKS = { prod: 3, other: 1 } as const;

export default function payments(stack: ProductStack): void {
  const documents = new EncryptedBucket(stack, 'documents');
  const failed = new EncryptedQueue(stack, 'events-failed', { retentionSeconds: 1209600 });
  const events = new EncryptedQueue(stack, 'events', { deadLetterQueue: { queue: failed, maxReceiveCount: 5 } });

  const api = new ServiceRole(stack, 'api', { roleName: 'payments-api', assumedBy: 'ecs-tasks.amazonaws.com', description: 'The payments API tasks' });
  documents.grantReadWrite(api);
  events.grantSend(api);

  const apiGroup = new TierSecurityGroup(stack, 'api-tasks', { tier: 'private', description: 'The payments API tasks' });
  apiGroup.allowFromTier('public', Port.tcp(8443));
  apiGroup.allowHttpsToInternet();

  const cluster = new EcsCluster(stack, 'cluster', {
    provider: stack.awsProvider,
    name: stack.accountName,
    setting: [{ name: 'containerInsights', value: 'enabled' }],
  });
  const task = new EcsTaskDefinition(stack, 'api-task', {
    provider: stack.awsProvider,
    family: 'payments-api',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '512',
    memory: '1024',
    taskRoleArn: api.role.arn,
    containerDefinitions: JSON.stringify([
      {
        name: 'api',
        // The example's stand-in image; the team's pipeline sets its own.
        image: 'public.ecr.aws/docker/library/nginx:1.27',
        essential: true,
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: 8443, protocol: 'tcp' }],
        environment: [
          { name: 'DOCUMENTS_BUCKET', value: documents.bucketName },
          { name: 'EVENTS_QUEUE', value: events.queueName },
        ],
      },
    ]),
  });
  new EcsService(stack, 'api-service', {
    provider: stack.awsProvider,
    name: 'payments-api',
    cluster: cluster.arn,
    taskDefinition: task.arn,
    launchType: 'FARGATE',
    desiredCount: stack.paused ? 0 : stack.environment === 'prod' ? API_TASKS.prod : API_TASKS.other,
    networkConfiguration: { subnets: apiGroup.subnetIds, securityGroups: [apiGroup.group.id], assignPublicIp: false },
  });

  new TerraformOutput(stack, 'documents_bucket', { value: documents.bucket.bucket });
  new TerraformOutput(stack, 'events_queue_url', { value: events.queue.url });
  new TerraformOutput(stack, 'api_role_arn', { value: api.role.arn });
}
