/**
 * The GitHub OIDC provider in a management account that already has one (#8.4 on an adopted
 * account): IAM holds one per URL, so preflight says to adopt it, and the bootstrap stack imports it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { loadLandingZone } from '../../src/config/load';
import { useMoto } from '../support/moto';
import { exampleProject } from './project';
import { lz as lzIn } from '../support/cli';
import { seed, specOf } from './seed';
import { synthStack } from '../support/synth';

const moto = useMoto();

describe('the GitHub OIDC provider', () => {
  it('GIVEN a management account that already has one WHEN preflight runs THEN it says to adopt it; WHEN adopted THEN bootstrap imports it', async () => {
    const dir = exampleProject();
    await seed(moto.url, specOf(loadLandingZone(join(dir, 'config'))));
    const iam = new IAMClient({ endpoint: moto.url, region: 'us-east-1' });
    const made = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }));
    iam.destroy();

    const before = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);
    expect(before.stdout.split('\n')[1]).toBe(
      `fail GitHub OIDC provider: the management account already has ${made.OpenIDConnectProviderArn}, and IAM allows one provider per URL, so the bootstrap stack would fail creating it; set github.adoptOidcProvider: true in config/organization.yaml, so the bootstrap stack imports it`,
    );

    const file = join(dir, 'config', 'organization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  mainBranch: main\n', '  mainBranch: main\n  adoptOidcProvider: true\n'));
    const after = await lzIn(dir, 'preflight', '--account-quota', '20', '--endpoint-url', moto.url);
    expect(after.stdout.split('\n')[1]).toBe(`ok   GitHub OIDC provider: the bootstrap stack imports ${made.OpenIDConnectProviderArn}`);

    const { json } = synthStack(loadLandingZone(join(dir, 'config')), 'bootstrap');
    expect(json.import).toEqual([
      { id: 'arn:aws:iam::${data.aws_caller_identity.caller.account_id}:oidc-provider/token.actions.githubusercontent.com', to: 'aws_iam_openid_connect_provider.pipeline-identity_github-oidc_6B774A1A' },
    ]);
  });
});
