/**
 * The wait for new accounts after the organization apply: a FAILED CreateAccount is named with
 * AWS's reason and the fix, an account still IN_PROGRESS is waited for within the bound.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListAccountsCommand, ListCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { loadLandingZone } from '../../src/config/load';
import { OrgApi } from '../../src/org/client';
import { pendingAccounts, waitAndRecordAccounts } from '../../src/org/account-wait';
import { LzError } from '../../src/errors';
import { exampleProject } from '../support/example';

const org = mockClient(OrganizationsClient);
beforeEach(() => org.reset());

/** The example with payments-prod's id removed from the lock: it is pending. */
function projectWithPendingPaymentsProd() {
  const project = exampleProject({ withLock: true });
  project.replace('config/accounts.lock.yaml', /^ {2}payments-prod: .*\n/m, '');
  return project;
}

const api = () => new OrgApi({ clients: { organizations: org as unknown as OrganizationsClient }, retry: { maxAttempts: 1 } });

async function failureOf(promise: Promise<unknown>): Promise<LzError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof LzError) return e;
    throw e;
  }
  throw new Error('expected an LzError');
}

describe('waiting for new accounts', () => {
  it('names a FAILED CreateAccount with its reason and the fix, and writes nothing', async () => {
    // GIVEN payments-prod is pending and its creation FAILED because the email is used elsewhere
    const project = projectWithPendingPaymentsProd();
    const lz = loadLandingZone(project.configDir);
    expect(pendingAccounts(lz).map((a) => a.name)).toEqual(['payments-prod']);
    const before = project.read('config/accounts.lock.yaml');
    org.on(ListAccountsCommand).resolves({ Accounts: [] });
    org.on(ListCreateAccountStatusCommand).resolves({
      CreateAccountStatuses: [{ AccountName: 'payments-prod', State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS', RequestedTimestamp: new Date(0) }],
    });
    // WHEN lz waits for it
    const error = await failureOf(waitAndRecordAccounts(lz, api(), { pollMs: 10, timeoutMs: 1000 }));
    // THEN the error names the account, the email, the reason and what to do
    expect(error.message).toBe(
      'account payments-prod: AWS could not create it (aws+payments-prod@acme.example): EMAIL_ALREADY_EXISTS; another AWS account already uses that email: give the account an unused email in config, or, if that account is yours, invite it into the organization and run lz accounts sync; then run lz deploy again: it resumes from the organization stack',
    );
    expect(error.exitCode).toBe(1);
    // AND the lock file is as it was
    expect(project.read('config/accounts.lock.yaml')).toBe(before);
  });

  it('gives up after the bound while the account is still IN_PROGRESS, saying how to resume', async () => {
    const project = projectWithPendingPaymentsProd();
    const lz = loadLandingZone(project.configDir);
    org.on(ListAccountsCommand).resolves({ Accounts: [] });
    org.on(ListCreateAccountStatusCommand).resolves({ CreateAccountStatuses: [{ AccountName: 'payments-prod', State: 'IN_PROGRESS' }] });
    const lines: string[] = [];
    const error = await failureOf(waitAndRecordAccounts(lz, api(), { pollMs: 20, timeoutMs: 100, log: (l) => lines.push(l) }));
    expect(error.message).toBe(
      'lz deploy: payments-prod did not become ACTIVE within 0 s; AWS may still be creating them: run lz deploy again later (it resumes and records their ids), or raise --account-wait',
    );
    expect(lines[0]).toBe('Waiting for payments-prod to become ACTIVE...');
    expect(existsSync(join(project.configDir, 'accounts.lock.yaml'))).toBe(true);
    expect(readFileSync(join(project.configDir, 'accounts.lock.yaml'), 'utf8')).not.toContain('payments-prod:');
  });

  it('refuses an account that is in the organization but SUSPENDED', async () => {
    const project = projectWithPendingPaymentsProd();
    const lz = loadLandingZone(project.configDir);
    org.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '999999999999', Email: 'AWS+payments-prod@acme.example', Status: 'SUSPENDED' }] });
    const error = await failureOf(waitAndRecordAccounts(lz, api(), { pollMs: 10, timeoutMs: 1000 }));
    expect(error.message).toBe(
      'account payments-prod: aws+payments-prod@acme.example is in the organization as 999999999999 but SUSPENDED, not ACTIVE; a suspended or closing account cannot be used: give the account a new email in config, or remove it from config with lz account close',
    );
  });

  it('has nothing to wait for when every account has an id', async () => {
    const lz = loadLandingZone(exampleProject({ withLock: true }).configDir);
    expect(await waitAndRecordAccounts(lz, api())).toBeUndefined();
    expect(org.calls()).toEqual([]);
  });
});
