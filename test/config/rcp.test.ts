/**
 * Resource control policies in config: references, attachments per target and the grammar AWS
 * Organizations accepts for an RCP, each refused with the file, line, field and fix.
 */
import { loadLandingZone } from '../../src/config/load';
import { exampleProject, inDir, type TestProject } from '../support/example';
import { problemsOf } from '../support/problems';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const RCP_FILE = 'policies/rcp/product-roles-in-organization.json';

/** A one-statement RCP template with the statement's fields as given. */
function rcp(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) + '\n';
}

const SOUND = { Sid: 'DenyOutside', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': '${organizationId}' } } };

describe('resource control policies in config', () => {
  it('GIVEN the example THEN the root carries product-roles-in-organization and no other target has an RCP', () => {
    const lz = inDir(project.dir, () => loadLandingZone('config'));
    expect(lz.organization.root?.resourceControlPolicies).toEqual(['product-roles-in-organization']);
    expect(lz.organizationalUnits.filter((o) => o.resourceControlPolicies.length)).toEqual([]);
    expect(lz.accounts.filter((a) => a.resourceControlPolicies.length)).toEqual([]);
  });

  it('GIVEN RCP attachments that break three rules on one target THEN each is reported', () => {
    for (const name of ['a-rcp', 'b-rcp', 'c-rcp']) {
      project.write(`policies/rcp/${name}.json`, rcp(SOUND));
      project.replace('config/organization.yaml', /\nresourceControlPolicies:\n/, `\nresourceControlPolicies:\n  ${name}: { description: ${name} }\n`);
    }
    project.replace(
      'config/organization.yaml',
      '  Security: { serviceControlPolicies: [protect-log-archive] }',
      '  Security: { serviceControlPolicies: [protect-log-archive], resourceControlPolicies: [a-rcp, b-rcp, c-rcp, nope, a-rcp] }',
    );
    expect(problemsOf(project)).toEqual([
      'config/organization.yaml:19:87 organizationalUnits.Security.resourceControlPolicies: OU Security has 5 RCPs attached, 6 with RCPFullAWSAccess, over the 5 AWS allows per target; attach at most 4: merge policies or attach some at a parent OU',
      'config/organization.yaml:19:109 organizationalUnits.Security.resourceControlPolicies.3: RCP "nope" is not defined; use one of a-rcp, b-rcp, c-rcp, product-roles-in-organization, or define it under resourceControlPolicies with a file policies/rcp/nope.json',
      'config/organization.yaml:19:115 organizationalUnits.Security.resourceControlPolicies.4: RCP "a-rcp" is attached twice to OU Security; list it once',
    ]);
  });

  it('GIVEN an RCP attached but none defined THEN the fix says how to define one', () => {
    project.replace('config/organization.yaml', /\n# Resource control policies bound[\s\S]*$/, '\n');
    expect(problemsOf(project)).toEqual([
      'config/organization.yaml:16:29 root.resourceControlPolicies.0: RCP "product-roles-in-organization" is not defined; define it under resourceControlPolicies with a file policies/rcp/product-roles-in-organization.json',
    ]);
  });

  it('GIVEN an RCP template that AWS would refuse THEN each element is named with its line and fix', () => {
    project.write(
      RCP_FILE,
      JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Allows', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
            { Sid: 'NamesAPrincipal', Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Resource: '*' },
            { Sid: 'NotPrincipal', Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Resource: '*' },
            { Sid: 'NotAction', Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' },
            { Sid: 'Everything', Effect: 'Deny', Principal: '*', Action: ['*', 'ec2:RunInstances', 'kms:Decrypt'], Resource: '*' },
            { Sid: 'NoResource', Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage' },
          ],
        },
        null,
        2,
      ) + '\n',
    );
    expect(problemsOf(project)).toEqual([
      `${RCP_FILE}:6:17 Statement.0.Effect: an RCP statement cannot Allow (only the AWS-managed RCPFullAWSAccess does); write "Effect": "Deny" with a Condition that names what stays allowed`,
      `${RCP_FILE}:14:20 Statement.1.Principal: an RCP statement's Principal must be "*"; write "Principal": "*" and narrow the callers in the Condition, e.g. with aws:PrincipalOrgID or aws:PrincipalAccount`,
      `${RCP_FILE}:23:23 Statement.2.NotPrincipal: an RCP cannot use NotPrincipal; write "Principal": "*" and exempt callers in the Condition, e.g. with aws:PrincipalOrgID`,
      `${RCP_FILE}:33:20 Statement.3.NotAction: an RCP cannot use NotAction; list the actions under "Action", e.g. "s3:*"`,
      `${RCP_FILE}:41:9 Statement.4.Action.0: an RCP cannot name every action ("*"); name actions of aoss, cognito-identity, dynamodb, ecr, kms, logs, s3, secretsmanager, sqs, sts, e.g. "s3:*" or "sts:AssumeRole"`,
      `${RCP_FILE}:42:9 Statement.4.Action.1: "ec2:RunInstances" is not an action of a service RCPs support; name actions of aoss, cognito-identity, dynamodb, ecr, kms, logs, s3, secretsmanager, sqs, sts, e.g. "s3:*" or "sts:AssumeRole"`,
      `${RCP_FILE}:47:5 Statement.5: the RCP statement has neither Resource nor NotResource; add "Resource", e.g. "*" or the ARNs it covers`,
    ]);
  });

  it('GIVEN an RCP over 5,120 characters after rendering THEN its size is named', () => {
    const statement = { ...SOUND, Resource: ['*', 'x'.repeat(5100)] };
    project.write(RCP_FILE, rcp(statement));
    // (the minified document, with the example's organization id in place of its placeholder)
    const size = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }).length - '${organizationId}'.length + 'o-exampleorg1'.length;
    expect(size).toBe(5307);
    expect(problemsOf(project)).toEqual([
      `${RCP_FILE}: RCP product-roles-in-organization is 5307 characters after rendering, over the 5120 AWS allows; split it into two RCPs, or shorten it with action wildcards and fewer statements`,
    ]);
  });

  it('GIVEN an RCP on an account and an OU THEN they load as the attachments of those targets', () => {
    project.replace('config/organization.yaml', '    ou: Security\n  audit', '    ou: Security\n    resourceControlPolicies: [product-roles-in-organization]\n  audit');
    project.replace('config/organization.yaml', '  Sandbox:\n', '  Sandbox:\n    resourceControlPolicies: [product-roles-in-organization]\n');
    const lz = inDir(project.dir, () => loadLandingZone('config'));
    expect(lz.accounts.filter((a) => a.resourceControlPolicies.length).map((a) => [a.name, a.resourceControlPolicies])).toEqual([['acme-log-archive', ['product-roles-in-organization']]]);
    expect(lz.organizationalUnits.filter((o) => o.resourceControlPolicies.length).map((o) => [o.path, o.resourceControlPolicies])).toEqual([['Sandbox', ['product-roles-in-organization']]]);
  });
});
