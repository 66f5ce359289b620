/**
 * Faults injected with aws-sdk-client-mock: throttling bursts, ConcurrentModificationException,
 * a timeout in the middle of a paginated list, access denied. Retries are counted, and the lock
 * file is either the old one or the new one, never anything between.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceQuotasClient, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { mockClient } from 'aws-sdk-client-mock';
import { GetRoleCommand, IAMClient, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { loadLandingZone } from '../../src/config/load';
import { OrgApi } from '../../src/org/client';
import { syncAccounts } from '../../src/org/sync';
import { runPreflight } from '../../src/org/preflight';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';

const org = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);
const iam = mockClient(IAMClient);

function awsError(name: string, message = name): OrganizationsServiceException {
  return new OrganizationsServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** A small live organization: the management account and acme-audit at the root, one SCP. */
function organization(): void {
  org.reset();
  sts.reset();
  iam.reset();
  iam.on(ListOpenIDConnectProvidersCommand).resolves({ OpenIDConnectProviderList: [] });
  iam.on(GetRoleCommand).resolves({});
  quotas.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/admin' });
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-faults00001', MasterAccountId: '111111111111', FeatureSet: 'ALL' } });
  org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] });
  org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
  org.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: '111111111111' }, { Id: '222222222202' }] });
  org.on(ListAccountsCommand, { NextToken: undefined }).resolves({
    Accounts: [{ Id: '111111111111', Name: 'management', Email: 'aws-management@acme.example', Status: 'ACTIVE' }],
    NextToken: 'page-2',
  });
  org.on(ListAccountsCommand, { NextToken: 'page-2' }).resolves({
    Accounts: [{ Id: '222222222202', Name: 'acme-audit', Email: 'aws-audit@acme.example', Status: 'ACTIVE' }],
  });
  org.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-deny00all', Name: 'deny-all', AwsManaged: false }] });
  org.on(DescribePolicyCommand).resolves({ Policy: { Content: '{"Version":"2012-10-17","Statement":[]}' } });
  org.on(ListTargetsForPolicyCommand).resolves({ Targets: [] });
  org.on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: [] });
  org.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [] });
}

function fakeApi(options: { timeoutMs?: number } = {}): { api: OrgApi; sleeps: number[] } {
  const sleeps: number[] = [];
  const api = new OrgApi({
    region: 'us-east-1',
    timeoutMs: options.timeoutMs,
    retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { api, sleeps };
}

function project(): { dir: string; lock: string; before: string } {
  const dir = exampleProject(true);
  const lock = join(dir, 'config', 'accounts.lock.yaml');
  return { dir, lock, before: readFileSync(lock, 'utf8') };
}

const tempFiles = (dir: string) => readdirSync(join(dir, 'config')).filter((f) => f.endsWith('.tmp'));

beforeEach(organization);
afterAll(() => {
  org.restore();
  sts.restore();
  quotas.restore();
});

describe('organization client under injected faults', () => {
  it('rides out a burst of throttling with growing, jittered waits and writes the lock once', async () => {
    // GIVEN the second page of ListAccounts is throttled three times before it answers
    org
      .on(ListAccountsCommand, { NextToken: 'page-2' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('TooManyRequestsException'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ Accounts: [{ Id: '222222222202', Name: 'acme-audit', Email: 'aws-audit@acme.example', Status: 'ACTIVE' }] });
    const { dir, lock } = project();
    const { api, sleeps } = fakeApi();

    // WHEN sync runs
    const result = await syncAccounts(loadLandingZone(join(dir, 'config')), api);

    // THEN it retried three times, waiting half of 200, 400 and 800 ms (full jitter drawn at 0.5), and wrote the lock
    expect(api.retries).toBe(3);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(result.changed).toBe(true);
    expect(readFileSync(lock, 'utf8')).toContain('  acme-audit: { id: "222222222202", email: aws-audit@acme.example, ouPath: "", status: ACTIVE }\n');
    expect(tempFiles(dir)).toEqual([]);
  });

  it('retries ConcurrentModificationException, which the SDK itself would not retry', async () => {
    // GIVEN DescribePolicy meets a concurrent change twice
    org
      .on(DescribePolicyCommand)
      .rejectsOnce(awsError('ConcurrentModificationException', 'AWS Organizations can\'t complete your request because it conflicts with another attempt to modify the same entity.'))
      .rejectsOnce(awsError('ConcurrentModificationException'))
      .resolves({ Policy: { Content: '{}' } });
    const { dir } = project();
    const { api } = fakeApi();

    // WHEN sync runs, THEN it succeeds after two retries
    await syncAccounts(loadLandingZone(join(dir, 'config')), api);
    expect(api.retries).toBe(2);
    expect(org.commandCalls(DescribePolicyCommand)).toHaveLength(3);
  });

  it('gives up after the last attempt with one line, and leaves the lock file as it was', async () => {
    // GIVEN ListRoots is throttled on every attempt
    org.on(ListRootsCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const { dir, lock, before } = project();
    const { api, sleeps } = fakeApi();

    // WHEN sync runs, THEN it fails after 8 attempts with the waits capped at 10 s
    await expect(syncAccounts(loadLandingZone(join(dir, 'config')), api)).rejects.toThrow(
      'organizations:ListRoots: AWS kept throttling the request after every retry; run again later, or with fewer tools calling Organizations at once',
    );
    expect(org.commandCalls(ListRootsCommand)).toHaveLength(8);
    expect(sleeps).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
    expect(readFileSync(lock, 'utf8')).toBe(before);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('times out in the middle of a paginated list and leaves the lock file as it was', async () => {
    // GIVEN the second page of ListAccounts never answers
    org.on(ListAccountsCommand, { NextToken: 'page-2' }).callsFake(() => new Promise(() => undefined));
    const { dir, lock, before } = project();

    // WHEN sync runs from the command line with a 1 s budget
    const run = await lzIn(dir, 'accounts', 'sync', '--timeout', '1');

    // THEN it stops with one line naming the call, exits 1, and the lock is untouched
    expect(run.stderr).toBe('organizations:ListAccounts: timed out: the organization did not answer within 1 s in all; run again, raise --timeout, or check the network (and --endpoint-url)\n');
    expect(run.code).toBe(1);
    expect(org.commandCalls(ListAccountsCommand)).toHaveLength(2);
    expect(readFileSync(lock, 'utf8')).toBe(before);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('reports access denied in one line without retrying, and leaves the lock file as it was', async () => {
    // GIVEN the caller may not list accounts
    org.on(ListAccountsCommand).rejects(awsError('AccessDeniedException', 'You don\'t have permissions to access this resource.'));
    const { dir, lock, before } = project();

    // WHEN sync runs from the command line
    const run = await lzIn(dir, 'accounts', 'sync');

    // THEN one line says what and how to fix it, exit 1, no retry, lock untouched
    expect(run.stderr).toBe(
      "organizations:ListAccounts: access denied (You don't have permissions to access this resource.); run with credentials of the management account (AWS_PROFILE, or the pipeline role) that may call organizations:Describe*, organizations:List* and sts:GetCallerIdentity\n",
    );
    expect(run.code).toBe(1);
    expect(org.commandCalls(ListAccountsCommand)).toHaveLength(1);
    expect(readFileSync(lock, 'utf8')).toBe(before);
  });

  it('says "this account is not in an organization" in one line', async () => {
    // GIVEN an account outside any organization
    org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    // WHEN drift runs, THEN it fails with exit 1 and the explained message
    const run = await lzIn(exampleProject(), 'drift');
    expect(run.stderr).toBe(
      'organizations:DescribeOrganization: AWSOrganizationsNotInUseException: this account is not in an organization; deploy the organization stack first (lz deploy organization), or use credentials of an account in the organization\n',
    );
    expect(run.code).toBe(1);
  });

  it('preflight fails on a CreateAccount still in progress and reads the quota from Service Quotas', async () => {
    // GIVEN a CreateAccount in progress and a quota of 4 accounts
    org.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [{ Id: 'car-abc12345', AccountName: 'catalog-dev', State: 'IN_PROGRESS' }] });
    quotas.on(GetServiceQuotaCommand, { ServiceCode: 'organizations', QuotaCode: 'L-29A0C5DF' }).resolves({ Quota: { Value: 4 } });
    // AND no existing account lets the management account in (a throttled first try is retried)
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }))
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const { dir } = project();
    const { api } = fakeApi();

    // WHEN preflight runs
    const checks = await runPreflight(loadLandingZone(join(dir, 'config')), api);

    // THEN the quota comes from Service Quotas and the pending request fails the run
    expect(checks.find((c) => c.check === 'account quota')).toEqual({
      check: 'account quota',
      status: 'fail',
      message: '10 accounts to create + 2 in the organization = 12; the quota is 4 (Service Quotas)',
      fix: 'request a higher "Default maximum number of accounts" in Service Quotas (us-east-1) before deploying',
    });
    expect(checks.find((c) => c.check === 'account creation')).toEqual({
      check: 'account creation',
      status: 'fail',
      message: 'CreateAccount for catalog-dev (car-abc12345) is still in progress',
      fix: 'wait until it finishes (minutes), then run lz accounts sync and deploy again',
    });
    // AND every existing account is named as one its baseline cannot enter, with the fix
    const entered = checks.filter((c) => c.check.startsWith('account ') && c.check !== 'account quota' && c.check !== 'account creation');
    expect(entered).toHaveLength(11);
    expect(entered.every((c) => c.status === 'fail')).toBe(true);
    expect(entered[0].message).toBe('acme-log-archive (222222222201) has no OrganizationAccountAccessRole that the management account can assume (an invited account gets none), so its baseline cannot be applied');
  });
});
