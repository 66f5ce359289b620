/**
 * `lz accounts wait` against moto: the step lz deploy runs after the organization stack, on its own.
 */
import { CreateAccountCommand, CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { useMoto } from '../support/moto';
import { exampleProject } from '../support/example';
import { lz } from '../support/cli';
import { client } from '../org/seed';

const moto = useMoto();

describe('lz accounts wait', () => {
  it('records the id of an account the organization created', async () => {
    // GIVEN config whose lock file has no id for payments-prod, and an organization where it exists
    const project = exampleProject({ withLock: true });
    project.replace('config/accounts.lock.yaml', /^ {2}payments-prod: .*\n/m, '');
    const org = client(moto.url);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const created = await org.send(new CreateAccountCommand({ AccountName: 'payments-prod', Email: 'aws+payments-prod@acme.example' }));
    org.destroy();
    // WHEN lz waits for the pending accounts
    const run = await lz(project.dir, 'accounts', 'wait', '--endpoint-url', moto.url, '--account-wait', '5');
    // THEN its id is in the lock file
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(project.read('config/accounts.lock.yaml')).toContain(`  payments-prod: { id: "${created.CreateAccountStatus!.AccountId}", email: aws+payments-prod@acme.example, ouPath: "", status: ACTIVE }\n`);
  });

  it('says so when no account is waiting', async () => {
    const run = await lz(exampleProject({ withLock: true }).dir, 'accounts', 'wait', '--endpoint-url', moto.url);
    expect(run.stdout).toBe('No account is waiting to be created: every account in config has an id in the lock file.\n');
    expect(run.code).toBe(0);
  });
});
