/**
 * The flow-logs proof asks about the log group the VPC module really creates, by the one name
 * both read (src/contract/names.ts): moved outside /landing-zone/, where the SCP protects log
 * groups, the proof fails naming the new group.
 */
import { loadLandingZone } from '../../../src/config/load';
import { loadPolicyModel } from '../../../src/policies/model';
import { PROOFS } from '../../../src/policies/prove/proofs';
import { REPO } from '../../support/example';

let moved = false;
jest.mock('../../../src/contract/names', () => {
  const actual = jest.requireActual('../../../src/contract/names');
  return { ...actual, flowLogGroupName: (vpc: string) => (moved ? `/vpc/flow-logs/${vpc}` : actual.flowLogGroupName(vpc)) };
});

const flowLogs = PROOFS.find((p) => p.id === 'flow-logs-protected')!;

describe('proofs read the names the modules create', () => {
  it('flow-logs-protected holds for /landing-zone/flow-logs/<account> and fails when the group moves', () => {
    // GIVEN the example, its VPC flow logs in /landing-zone/flow-logs/<account>
    const lz = loadLandingZone(`${REPO}/config`);
    // WHEN the proof runs THEN it holds
    expect(flowLogs.run(loadPolicyModel(lz)).status).toBe('holds');
    // AND WHEN the module's group moves to /vpc/flow-logs/<account> (the same name the proof reads)
    moved = true;
    const result = flowLogs.run(loadPolicyModel(lz));
    moved = false;
    // THEN the proof fails, naming the moved group
    expect(result.status).toBe('fails');
    expect(result.counterexamples).toContain(
      'any principal in payments-prod may logs:DeleteLogGroup on arn:aws:logs:eu-west-1:555555555501:log-group:/vpc/flow-logs/payments-prod in eu-west-1',
    );
  });
});
