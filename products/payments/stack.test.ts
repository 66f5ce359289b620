/**
 * The payments team's own test of its stack, as `lz product init` scaffolds one: synthesize an
 * environment in memory and check what the stack grants and runs.
 */
import { join } from 'node:path';
import { synthProductStack } from 'landing-zone';
import payments from './stack';

const config = join(__dirname, '..', '..', 'config');

describe('the payments stack', () => {
  it('GIVEN staging THEN the API may read and write its documents and send events, nothing else', () => {
    const { policy } = synthProductStack(config, 'payments', 'staging', payments);
    const grants = policy('role-payments-api-grants') as { Statement: { Sid: string }[] };
    expect(grants.Statement.map((s) => s.Sid)).toEqual([
      'ListDocuments',
      'ReadDocuments',
      'DecryptDocumentsObjects',
      'PutDocuments',
      'EncryptDocumentsObjects',
      'DeleteDocuments',
      'SendToEvents',
      'EncryptEventsMessages',
    ]);
  });

  it('GIVEN prod THEN three API tasks run in the private subnets with no public address', () => {
    const { resources } = synthProductStack(config, 'payments', 'prod', payments);
    const service = resources('aws_ecs_service')['api-service'];
    expect([service.desired_count, service.network_configuration.assign_public_ip]).toEqual([3, false]);
  });
});
