import { loadLandingZone } from '../../src/config/load';
import { exampleProject, REPO } from '../support/example';
import { problemsOf } from '../support/problems';
import { resources, synthStack } from '../support/synth';
import { join } from 'node:path';

const lz = loadLandingZone(join(REPO, 'config'));
const { json, policies } = synthStack(lz, 'bootstrap');

describe('bootstrap stack', () => {
  it('keeps its own state locally on the first apply, in state/ of the project, outside the synth output that synth rebuilds', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../state/bootstrap.tfstate' } });
  });

  it('runs in the management account of the home region, without assuming a role', () => {
    expect(json.provider!.aws).toHaveLength(1);
    expect(json.provider!.aws[0].region).toBe('eu-west-1');
    expect(json.provider!.aws[0].assume_role).toBeUndefined();
  });

  it('creates a versioned, KMS-encrypted, private state bucket that cannot be destroyed', () => {
    const bucket = resources(json, 'aws_s3_bucket')['state-bucket'];
    expect(bucket.bucket).toBe('acme-landing-zone-state');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(json, 'aws_s3_bucket_versioning')['state-bucket-versioning'].versioning_configuration).toEqual({ status: 'Enabled' });
    const sse = resources(json, 'aws_s3_bucket_server_side_encryption_configuration')['state-bucket-encryption'];
    expect(sse.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.state-key.arn}' }, bucket_key_enabled: true },
    ]);
    const pab = resources(json, 'aws_s3_bucket_public_access_block')['state-bucket-public-access'];
    expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
  });

  it('gives the state key rotation, a 30-day deletion window and prevent_destroy', () => {
    const key = resources(json, 'aws_kms_key')['state-key'];
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(json, 'aws_kms_alias')['state-key-alias'].name).toBe('alias/landing-zone-state');
  });

  it('denies every request to the bucket that does not use TLS 1.2 or later', () => {
    const policy = JSON.parse(resources(json, 'aws_s3_bucket_policy')['state-bucket-policy'].policy);
    const arns = ['arn:aws:s3:::acme-landing-zone-state', 'arn:aws:s3:::acme-landing-zone-state/*'];
    expect(policy.Statement).toEqual([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: arns, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: arns, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
    ]);
  });

  it('records the key, bucket and role policies for review, attached to what they protect', () => {
    expect(policies.map((p) => [p.name, p.kind, p.attachedTo])).toEqual([
      ['role-LandingZonePipeline-identity', 'identity-policy', ['role:acme-management/LandingZonePipeline']],
      ['role-LandingZonePipeline-trust', 'trust-policy', ['role:acme-management/LandingZonePipeline']],
      ['role-LandingZonePlan-identity', 'identity-policy', ['role:acme-management/LandingZonePlan']],
      ['role-LandingZonePlan-trust', 'trust-policy', ['role:acme-management/LandingZonePlan']],
      ['state-bucket', 'bucket-policy', ['bucket:acme-landing-zone-state']],
      ['state-key', 'key-policy', ['key:state']],
    ]);
    const keyPolicy = policies.find((p) => p.name === 'state-key')!.document as any;
    expect(keyPolicy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
  });

  it('names the account it runs in from the caller, never from the lock file (which may hold example ids before the first apply)', () => {
    const key = JSON.parse(resources(json, 'aws_kms_key')['state-key'].policy);
    expect(key.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::${data.aws_caller_identity.caller.account_id}:root' });
    expect(JSON.stringify(json.resource)).not.toContain('111111111111');
  });

  describe('the identity that applies the landing zone', () => {
    const roles = resources(json, 'aws_iam_role');
    const roleNamed = (name: string) => Object.values(roles).find((r: any) => r.name === name);
    const policyOf = (name: string) => {
      const address = Object.entries(roles).find(([, r]: [string, any]) => r.name === name)![0];
      return JSON.parse(Object.values(resources(json, 'aws_iam_role_policy')).find((p: any) => p.role === `\${aws_iam_role.${address}.name}`).policy);
    };

    it('creates the GitHub Actions OIDC provider with the STS audience', () => {
      expect(Object.values(resources(json, 'aws_iam_openid_connect_provider'))).toEqual([
        expect.objectContaining({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] }),
      ]);
    });

    it('lets only workflows of the main branch of the configured repository assume the pipeline role', () => {
      const trust = JSON.parse(roleNamed('LandingZonePipeline').assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Sid: 'WorkflowsOfTheMainBranch',
          Effect: 'Allow',
          Principal: { Federated: '${aws_iam_openid_connect_provider.pipeline-identity_github-oidc_6B774A1A.arn}' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:acme/landing-zone:ref:refs/heads/main',
            },
          },
        },
      ]);
    });

    it('lets the pipeline role reach member accounts only through the bootstrap and deploy roles, and pass roles only to the services it configures', () => {
      const statements = policyOf('LandingZonePipeline').Statement;
      expect(statements.find((s: any) => s.Sid === 'ReachMemberAccountsThroughTheLandingZoneRoles')).toEqual({
        Sid: 'ReachMemberAccountsThroughTheLandingZoneRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: ['arn:aws:iam::*:role/OrganizationAccountAccessRole', 'arn:aws:iam::*:role/LandingZoneDeploy'],
      });
      const passRole = statements.filter((s: any) => [s.Action].flat().some((a: string) => a === 'iam:PassRole' || a === 'iam:*' || a === '*'));
      expect(passRole).toEqual([
        {
          Sid: 'PassRolesOnlyToTheServicesTheLandingZoneConfigures',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::${data.aws_caller_identity.caller.account_id}:role/*',
          Condition: { StringEquals: { 'iam:PassedToService': ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] } },
        },
      ]);
      const apply = statements.find((s: any) => s.Sid === 'ApplyTheManagementAccountStacks');
      for (const service of ['organizations:*', 'kms:*', 's3:*', 'cloudtrail:*', 'config:*', 'ram:*']) expect(apply.Action).toContain(service);
    });

    it('lets pull requests of the repository assume the plan role, which reads and locks the state but cannot write it or change anything', () => {
      const trust = JSON.parse(roleNamed('LandingZonePlan').assume_role_policy);
      expect(trust.Statement[0].Condition.StringEquals).toEqual({
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme/landing-zone:pull_request',
      });
      const statements = policyOf('LandingZonePlan').Statement;
      const writes = statements.flatMap((s: any) => [s.Action].flat().map((a: string) => [a, s.Resource]))
        .filter(([a]: [string]) => !/^[a-z0-9-]+:(Get|List|Describe|View)/.test(a));
      expect(writes).toEqual([
        ['s3:PutObject', 'arn:aws:s3:::acme-landing-zone-state/*.tflock'],
        ['s3:DeleteObject', 'arn:aws:s3:::acme-landing-zone-state/*.tflock'],
        ['kms:Decrypt', 'arn:aws:kms:eu-west-1:${data.aws_caller_identity.caller.account_id}:key/*'],
        ['kms:GenerateDataKey', 'arn:aws:kms:eu-west-1:${data.aws_caller_identity.caller.account_id}:key/*'],
      ]);
      expect(statements.find((s: any) => s.Sid === 'ReadTheState').Action).toEqual(['s3:GetObject', 's3:ListBucket']);
    });

    it('outputs the role ARNs that CI configures', () => {
      expect(json.output!.pipeline_role_arn.value).toBe('${aws_iam_role.pipeline-identity_pipeline-role_8A3F35D2.arn}');
      expect(json.output!.plan_role_arn.value).toBe('${aws_iam_role.pipeline-identity_plan-role_00B40B27.arn}');
    });

    it('GIVEN apply jobs in a GitHub environment WHEN synthesized THEN the pipeline role trusts that environment', () => {
      const github = { repository: 'acme/landing-zone', environment: 'production' };
      const env = synthStack({ ...lz, organization: { ...lz.organization, github } }, 'bootstrap').json;
      const trust = JSON.parse((Object.values(resources(env, 'aws_iam_role')).find((r: any) => r.name === 'LandingZonePipeline') as any).assume_role_policy);
      expect(trust.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe('repo:acme/landing-zone:environment:production');
    });

    it('GIVEN no GitHub in config WHEN synthesized THEN no OIDC provider or plan role, and administrators of the management account assume the pipeline role', () => {
      const { github: _, ...organization } = lz.organization;
      const plain = synthStack({ ...lz, organization }, 'bootstrap').json;
      expect(resources(plain, 'aws_iam_openid_connect_provider')).toEqual({});
      expect(Object.values(resources(plain, 'aws_iam_role')).map((r: any) => r.name)).toEqual(['LandingZonePipeline']);
      const trust = JSON.parse((Object.values(resources(plain, 'aws_iam_role'))[0] as any).assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Sid: 'AdministratorsOfTheManagementAccount',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::${data.aws_caller_identity.caller.account_id}:root' },
          Action: 'sts:AssumeRole',
        },
      ]);
    });
  });

  it('GIVEN a repository or branch GitHub would not accept WHEN validated THEN each is named with the form to use', () => {
    const project = exampleProject();
    try {
      project.replace('config/organization.yaml', 'repository: acme/landing-zone\n  mainBranch: main', 'repository: acme\n  mainBranch: "feature..x"');
      const line = project.read('config/organization.yaml').split('\n').indexOf('  repository: acme') + 1;
      expect(problemsOf(project)).toEqual([
        `config/organization.yaml:${line}:15 github.repository: "acme" is not a GitHub repository; write it as owner/name, e.g. acme/landing-zone`,
        `config/organization.yaml:${line + 1}:15 github.mainBranch: "feature..x" is not a branch name; use letters, digits and . _ / -, e.g. main`,
      ]);
    } finally {
      project.remove();
    }
  });

  it('moves its state to the bucket once bootstrapState is s3', () => {
    const s3 = synthStack({ ...lz, organization: { ...lz.organization, bootstrapState: 's3' } }, 'bootstrap').json;
    expect(s3.terraform.backend.s3).toEqual({
      bucket: 'acme-landing-zone-state',
      key: 'bootstrap/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'alias/landing-zone-state',
      use_lockfile: true,
    });
  });
});
