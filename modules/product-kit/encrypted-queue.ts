/**
 * A product's SQS queue, encrypted with the account's data key, reachable over TLS only, with an
 * optional dead-letter queue. Grant methods give a role exactly the named action list on this
 * queue, and the data key only through SQS for this queue.
 */
import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { LzError } from '../../src/errors';
import { minified, type Json } from '../../src/policies/document';
import { recordPolicy } from '../../src/policies/registry';
import { terraformLiteral } from '../terraform-literal';
import { KEY_DECRYPT_ACTIONS, KEY_SERVICE_WRITE_ACTIONS, QUEUE_CONSUME_ACTIONS, QUEUE_PURGE_ACTIONS, QUEUE_SEND_ACTIONS } from './actions';
import { modelName, productContextOf, where, type ProductContext } from './context';
import { DataKey } from './data-key';
import { grant, sidPart, type Grant, type IGrantable, type PolicyStatement } from './grant';

export interface DeadLetterQueue {
  /** Where messages go after `maxReceiveCount` failed receives; FIFO if this queue is. */
  readonly queue: EncryptedQueue;
  /** Receives before a message moves, from 1 to 1000. */
  readonly maxReceiveCount: number;
}

export interface EncryptedQueueProps {
  /**
   * The queue's name: up to 80 letters, digits, hyphens and underscores; a FIFO queue's ends in `.fifo`.
   * @default - `<account name>-<construct id>`, with `.fifo` for a FIFO queue
   */
  readonly queueName?: string;
  /** First-in-first-out with exactly-once processing. @default false */
  readonly fifo?: boolean;
  /** Seconds a received message stays hidden from other consumers, 0 to 43200. @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds a message is kept, 60 (one minute) to 1209600 (14 days). @default 345600 (4 days) */
  readonly retentionSeconds?: number;
  /** @default - none: a message that keeps failing stays until its retention ends */
  readonly deadLetterQueue?: DeadLetterQueue;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export class EncryptedQueue extends Construct {
  readonly queue: SqsQueue;
  readonly queueName: string;
  /** `arn:aws:sqs:<region>:<account>:<name>`, known before apply. */
  readonly queueArn: string;
  readonly fifo: boolean;
  private readonly context: ProductContext;
  private readonly key: DataKey;
  private readonly sid: string;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps = {}) {
    super(scope, id);
    const here = where(this);
    this.context = productContextOf(this);
    const { accountName, accountId, region, baseline, awsProvider } = this.context;
    this.fifo = props.fifo ?? false;
    const suffix = this.fifo ? '.fifo' : '';
    this.queueName = props.queueName ?? `${accountName}-${id}${suffix}`;
    const base = this.fifo ? this.queueName.replace(/\.fifo$/, '') : this.queueName;
    if (this.fifo !== this.queueName.endsWith('.fifo') || !QUEUE_NAME.test(base) || this.queueName.length > 80) {
      throw LzError.of(
        here,
        `queueName "${this.queueName}" is not valid for a ${this.fifo ? 'FIFO' : 'standard'} queue`,
        `use up to 80 letters, digits, hyphens and underscores${this.fifo ? ', ending in .fifo' : ' (only FIFO queues end in .fifo)'}`,
      );
    }
    const range = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
      const v = value ?? fallback;
      if (!Number.isInteger(v) || v < min || v > max) throw LzError.of(here, `${name} is set to ${v}, but must be a whole number >= ${min} and <= ${max}`, `choose a value in that range, or leave it out for ${fallback}`);
      return v;
    };
    const visibility = range('visibilityTimeoutSeconds', props.visibilityTimeoutSeconds, 30, 0, 43200);
    const retention = range('retentionSeconds', props.retentionSeconds, 345600, 60, 1209600);
    const dlq = props.deadLetterQueue;
    if (dlq) {
      range('deadLetterQueue.maxReceiveCount', dlq.maxReceiveCount, 5, 1, 1000);
      if (dlq.queue.fifo !== this.fifo) {
        throw LzError.of(here, `deadLetterQueue ${dlq.queue.queueName} is ${dlq.queue.fifo ? 'a FIFO' : 'a standard'} queue, but this queue is ${this.fifo ? 'FIFO' : 'standard'}`, 'give a FIFO queue a FIFO dead-letter queue and a standard queue a standard one');
      }
      if (dlq.queue === this) throw LzError.of(here, 'deadLetterQueue is the queue itself', 'create a separate queue for failed messages');
    }
    this.queueArn = `arn:aws:sqs:${region}:${accountId}:${this.queueName}`;
    this.key = new DataKey(baseline.kms.data, accountId, region);
    this.sid = sidPart(id);

    this.queue = new SqsQueue(this, 'Default', {
      provider: awsProvider,
      name: this.queueName,
      fifoQueue: this.fifo || undefined,
      visibilityTimeoutSeconds: visibility,
      messageRetentionSeconds: retention,
      kmsMasterKeyId: baseline.kms.data,
      kmsDataKeyReusePeriodSeconds: 300,
      redrivePolicy: dlq ? JSON.stringify({ deadLetterTargetArn: dlq.queue.queueArn, maxReceiveCount: dlq.maxReceiveCount }) : undefined,
      // The dead-letter queue's ARN is written from config, so the order comes from here.
      dependsOn: dlq ? [dlq.queue.queue] : undefined,
    });
    const policy: Json = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: this.queueArn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    recordPolicy(this, { name: `queue-${modelName(this)}`, kind: 'resource-policy', document: policy, attachedTo: [`queue:${accountName}/${this.queueName}`], arns: [this.queueArn], account: accountName });
    new SqsQueuePolicy(this, 'policy', { provider: awsProvider, queueUrl: this.queue.url, policy: terraformLiteral(minified(policy)) });
  }

  /** Send messages (`QUEUE_SEND_ACTIONS`), encrypting them with the data key through SQS. */
  grantSend(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('SendTo', QUEUE_SEND_ACTIONS), this.keyStatement('Encrypt', KEY_SERVICE_WRITE_ACTIONS)]);
  }

  /** Receive and delete messages (`QUEUE_CONSUME_ACTIONS`), decrypting them through SQS. */
  grantConsume(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('ConsumeFrom', QUEUE_CONSUME_ACTIONS), this.keyStatement('Decrypt', KEY_DECRYPT_ACTIONS)]);
  }

  /** Delete every message (`QUEUE_PURGE_ACTIONS`). */
  grantPurge(grantee: IGrantable): Grant {
    return grant(grantee, [this.statement('Purge', QUEUE_PURGE_ACTIONS)]);
  }

  private statement(verb: string, actions: readonly string[]): PolicyStatement {
    return { sid: `${verb}${this.sid}`, actions, resources: [this.queueArn] };
  }

  /** SQS encrypts with the queue's ARN as encryption context. */
  private keyStatement(verb: string, actions: readonly string[]): PolicyStatement {
    return this.key.statement(`${verb}${this.sid}Messages`, actions, {
      StringEquals: { 'kms:ViaService': `sqs.${this.context.region}.amazonaws.com`, 'kms:EncryptionContext:aws:sqs:arn': this.queueArn },
    });
  }
}
