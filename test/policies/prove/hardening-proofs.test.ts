/**
 * The proofs that close issue 9's holes, run on the documents the example organization's stacks
 * really record (SCPs, boundaries, trust and identity policies), each holding as shipped and failing
 * on a variant that reopens its hole, with the request that breaks it.
 */
import { loadLandingZone } from '../../../src/config/load';
import type { Json } from '../../../src/policies/document';
import { assembleModel, recordedDocuments, type ModelDocument } from '../../../src/policies/model';
import { PROOFS } from '../../../src/policies/prove/proofs';
import { REPO } from '../../support/example';

const lz = loadLandingZone(`${REPO}/config`);
const DOCUMENTS = recordedDocuments(lz);
const PAYMENTS = '555555555501';
const MANAGEMENT = '111111111111';
const AUDIT = '222222222202';

type Statement = Record<string, Json>;

/** The documents with those matching `which` changed by `change` (a copy: DOCUMENTS stays as shipped). */
function variant(which: (d: ModelDocument) => boolean, change: (d: ModelDocument) => Partial<ModelDocument>): ModelDocument[] {
  return DOCUMENTS.map((d) => (which(d) ? { ...d, ...change(d) } : d));
}

function statements(d: ModelDocument): Statement[] {
  return (d.document as { Statement: Statement[] }).Statement;
}

function withStatements(d: ModelDocument, edit: (s: Statement[]) => Statement[]): Partial<ModelDocument> {
  return { document: { ...(d.document as object), Statement: edit(statements(d)) } as Json };
}

const scp = (name: string) => (d: ModelDocument) => d.kind === 'service-control-policy' && d.name === name;
const named = (name: string) => (d: ModelDocument) => d.name === name;

function prove(id: string, documents: readonly ModelDocument[] = DOCUMENTS) {
  return PROOFS.find((p) => p.id === id)!.run(assembleModel(lz, documents));
}

describe('hardening proofs on the example organization', () => {
  it('GIVEN the example as shipped THEN every hardening proof holds and none is vacuous', () => {
    const ids = [
      'root-user-denied',
      'bootstrap-role-protected',
      'trusts-name-their-principals',
      'config-and-account-settings-protected',
      'deploy-role-stays-in-its-segment',
      'product-roles-stay-in-the-organization',
    ];
    expect(ids.map((id) => [id, prove(id).status])).toEqual(ids.map((id) => [id, 'holds']));
    // 11 member accounts × 10 root-user requests
    expect(prove('root-user-denied').checked).toBe(110);
  });

  it('GIVEN deny-root-user attached to Workloads and Sandbox only (the old layout) THEN root-user-denied fails for the core accounts', () => {
    const r = prove('root-user-denied', variant(scp('deny-root-user'), () => ({ attachedTo: ['ou:Sandbox', 'ou:Workloads'] })));
    expect(r.status).toBe('fails');
    const accounts = new Set(r.counterexamples.map((c) => /^the root user of (\S+)/.exec(c)![1]));
    expect([...accounts].sort()).toEqual(['acme-audit', 'acme-log-archive', 'acme-network', 'acme-shared-services']);
    expect(r.counterexamples).toContain('the root user of acme-audit may iam:CreateAccessKey on arn:aws:iam::222222222202:user/example in us-east-1 with aws:PrincipalType=Account');
  });

  it('GIVEN protect-landing-zone without its bootstrap-role statements THEN break-glass may rewrite the trust of the bootstrap role and assume it', () => {
    const r = prove(
      'bootstrap-role-protected',
      variant(scp('protect-landing-zone'), (d) => withStatements(d, (s) => s.filter((x) => !['OnlyTheBootstrapRoleChangesItself', 'NoMemberAccountAssumesOrPassesTheBootstrapRole'].includes(x.Sid as string)))),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(`LandingZoneBreakGlass in payments-prod may iam:UpdateAssumeRolePolicy on arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole in eu-west-1`);
    expect(r.counterexamples).toContain(`LandingZoneBreakGlass in payments-prod may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole in eu-west-1`);
    expect(r.counterexamples).toContain(`any principal in payments-prod may iam:PassRole on arn:aws:iam::${PAYMENTS}:role/OrganizationAccountAccessRole in eu-west-1`);
  });

  it('GIVEN the bootstrap role exempt only from the change statement THEN assuming it is still denied to everyone, and the proof still holds', () => {
    const r = prove(
      'bootstrap-role-protected',
      variant(scp('protect-landing-zone'), (d) => withStatements(d, (s) => s.filter((x) => x.Sid !== 'OnlyTheBootstrapRoleChangesItself'))),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples.every((c) => !c.includes('sts:AssumeRole') && !c.includes('iam:PassRole'))).toBe(true);
  });

  it('GIVEN the break-glass trust of old (the whole management account with MFA) THEN any other principal there may assume it', () => {
    const r = prove(
      'trusts-name-their-principals',
      variant(named('role-LandingZoneBreakGlass-trust'), (d) =>
        withStatements(d, (s) => s.map((x) => ({ ...x, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } }))),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(
      `any other principal in acme-management may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/LandingZoneBreakGlass in eu-west-1 with aws:ResourceOrgID=o-exampleorg1 with aws:MultiFactorAuthPresent=true with aws:MultiFactorAuthAge=300`,
    );
    expect(r.counterexamples).toHaveLength(11);
  });

  it('GIVEN the audit trust of old (any role of the audit account) THEN any other principal there may assume every audit role', () => {
    const r = prove(
      'trusts-name-their-principals',
      variant(named('role-LandingZoneAudit-trust'), (d) =>
        withStatements(d, (s) => s.map((x) => ({ ...x, Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${AUDIT}:role/*` } } }))),
      ),
    );
    expect(r.status).toBe('fails');
    // every account has an audit role, the management account included
    expect(r.counterexamples).toHaveLength(12);
    expect(r.counterexamples).toContain(`any other principal in acme-audit may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/LandingZoneAudit in eu-west-1 with aws:ResourceOrgID=o-exampleorg1`);
  });

  it('GIVEN a break-glass trust that names nobody who exists THEN the proof fails: the named principals are locked out', () => {
    const r = prove(
      'trusts-name-their-principals',
      variant(named('role-LandingZoneBreakGlass-trust'), (d) =>
        withStatements(d, (s) => s.map((x) => ({ ...x, Condition: { ...(x.Condition as object), ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${MANAGEMENT}:user/nobody` } } }))),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(
      `user/break-glass/alice in acme-management cannot sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/LandingZoneBreakGlass in eu-west-1 with aws:ResourceOrgID=o-exampleorg1 with aws:MultiFactorAuthPresent=true with aws:MultiFactorAuthAge=300, but the claim needs it to`,
    );
  });

  it('GIVEN protect-landing-zone without config:PutConfigurationRecorder and the parameter guard THEN break-glass may reconfigure Config and rewrite the contract', () => {
    const r = prove(
      'config-and-account-settings-protected',
      variant(scp('protect-landing-zone'), (d) =>
        withStatements(d, (s) =>
          s
            .filter((x) => x.Sid !== 'ProtectFlowLogsLogGroupsAndParameters')
            .map((x) => (x.Sid === 'ProtectSecurityServicesAndAccountSettings' ? { ...x, Action: (x.Action as string[]).filter((a) => a !== 'config:PutConfigurationRecorder') } : x)),
        ),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(`LandingZoneBreakGlass in payments-prod may config:PutConfigurationRecorder on * in eu-west-1`);
    expect(r.counterexamples).toContain(`LandingZoneBreakGlass in payments-prod may ssm:PutParameter on arn:aws:ssm:eu-west-1:${PAYMENTS}:parameter/landing-zone/vpc/id in eu-west-1`);
    // the deploy role stays denied by its boundary even then
    expect(r.counterexamples.filter((c) => c.startsWith('LandingZoneDeploy '))).toEqual([]);
  });

  it('GIVEN the SCP exempting every role from the account settings guard THEN any principal may turn off EBS default encryption', () => {
    const r = prove(
      'config-and-account-settings-protected',
      variant(scp('protect-landing-zone'), (d) =>
        withStatements(d, (s) => s.map((x) => (x.Sid === 'ProtectSecurityServicesAndAccountSettings' ? { ...x, Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } } } : x))),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain('any principal in acme-network may ec2:DisableEbsEncryptionByDefault on * in eu-west-1');
    expect(r.counterexamples).toContain('any principal in acme-network may iam:UpdateAccountPasswordPolicy on * in us-east-1');
  });

  it('GIVEN the product boundary without its network statements THEN the deploy role may add a subnet to the baseline VPC and peer', () => {
    const r = prove(
      'deploy-role-stays-in-its-segment',
      variant(
        (d) => d.kind === 'permissions-boundary',
        (d) =>
          withStatements(d, (s) =>
            s
              .filter((x) => x.Sid !== 'DenyVpcPeering')
              .map((x) => (x.Sid === 'DenyBaselineNetworkChanges' ? { ...x, Action: (x.Action as string[]).filter((a) => !/Create(Subnet|RouteTable|NetworkAcl)|AuthorizeSecurityGroup/.test(a)) } : x)),
          ),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(
      `LandingZoneDeploy in payments-prod may ec2:CreateSubnet on arn:aws:ec2:eu-west-1:${PAYMENTS}:vpc/vpc-baseline in eu-west-1 with aws:ResourceTag/landing-zone-stack=baseline-payments-prod`,
    );
    expect(r.counterexamples).toContain(
      `LandingZoneDeploy in payments-prod may ec2:AuthorizeSecurityGroupIngress on arn:aws:ec2:eu-west-1:${PAYMENTS}:security-group/sg-baseline-default in eu-west-1 with aws:ResourceTag/landing-zone-stack=baseline-payments-prod`,
    );
    expect(r.counterexamples).toContain(`LandingZoneDeploy in payments-prod may ec2:AcceptVpcPeeringConnection on arn:aws:ec2:eu-west-1:${PAYMENTS}:vpc-peering-connection/pcx-product in eu-west-1`);
  });

  it('GIVEN a boundary that denies all of EC2 on baseline resources THEN the proof fails too: products could no longer create their security groups', () => {
    const r = prove(
      'deploy-role-stays-in-its-segment',
      variant(
        (d) => d.kind === 'permissions-boundary',
        (d) => withStatements(d, (s) => s.map((x) => (x.Sid === 'DenyBaselineNetworkChanges' ? { ...x, Action: 'ec2:*' } : x))),
      ),
    );
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(
      `LandingZoneDeploy in payments-prod cannot ec2:CreateSecurityGroup on arn:aws:ec2:eu-west-1:${PAYMENTS}:vpc/vpc-baseline in eu-west-1 with aws:ResourceTag/landing-zone-stack=baseline-payments-prod, but the claim needs it to`,
    );
  });

  describe('product-roles-stay-in-the-organization', () => {
    const productTrust = (d: ModelDocument) => d.kind === 'trust-policy' && d.attachedTo.some((t) => t.startsWith('role:payments-prod/product/'));
    const rcp = (d: ModelDocument) => d.kind === 'resource-control-policy' && d.name === 'rcp-product-roles-in-organization';
    const detached = (docs: readonly ModelDocument[]) => docs.map((d) => (rcp(d) ? { ...d, attachedTo: [] } : d));
    const withCondition = (condition: Json) => variant(rcp, (d) => withStatements(d, (s) => s.map((x) => ({ ...x, Condition: condition }))));
    const probe = (id: string) => `arn:aws:iam::${id}:role/product/lz-probe-trusts-anybody`;
    const created = (id: string, account: string) => `on ${probe(id)} in eu-west-1 (a role the deploy role could create in ${account}, trusting anybody)`;
    const CLASSES: [string, string][] = [['333333333301', 'analytics-nonprod'], ['333333333302', 'analytics-prod'], ['333333333303', 'analytics-sandbox']];
    const outsider = 'any principal in account 999999999999 (outside the organization)';
    const otherOrg = `${outsider} of organization o-otherorg000`;
    const everyProbe = (id: string, account: string) => [
      `${outsider} may sts:AssumeRole ${created(id, account)}`,
      `${otherOrg} may sts:AssumeRole ${created(id, account)}`,
      `${outsider} may sts:TagSession ${created(id, account)}`,
      `${otherOrg} may sts:TagSession ${created(id, account)}`,
      `${outsider} may sts:SetSourceIdentity ${created(id, account)}`,
      `${otherOrg} may sts:SetSourceIdentity ${created(id, account)}`,
      `a caller signed in through arn:aws:iam::${id}:oidc-provider/token.example.com may sts:AssumeRoleWithWebIdentity ${created(id, account)}`,
      `a caller signed in through arn:aws:iam::${id}:saml-provider/example may sts:AssumeRoleWithSAML ${created(id, account)}`,
    ];

    it('GIVEN the example as shipped (the RCP at the root) THEN it holds for the recorded task roles and for a probe role trusting anybody in each class of product account', () => {
      const r = prove('product-roles-stay-in-the-organization');
      // 2 payments task roles × 3 requests by the outsider, in no organization and in another one;
      // 3 classes (Workloads/NonProd, Workloads/Prod, Sandbox) × (6 such requests + web identity + SAML + 1 by the management account)
      expect([r.status, r.checked, r.counterexamples]).toEqual(['holds', 2 * 3 * 2 + 3 * (6 + 2 + 1), []]);
    });

    it('GIVEN the RCP detached THEN an outsider, a web identity and a SAML caller may assume the probe role in every class of product account', () => {
      const r = prove('product-roles-stay-in-the-organization', detached(DOCUMENTS));
      expect(r.status).toBe('fails');
      expect(r.counterexamples).toEqual(CLASSES.flatMap(([id, account]) => everyProbe(id, account)));
    });

    it('GIVEN the RCP attached to Workloads only THEN the sandbox class is open and the others hold', () => {
      const r = prove('product-roles-stay-in-the-organization', variant(rcp, () => ({ attachedTo: ['ou:Workloads'] })));
      expect(r.counterexamples).toEqual(everyProbe('333333333303', 'analytics-sandbox'));
    });

    it('GIVEN the RCP exempting AWS services with Bool instead of BoolIfExists THEN web identity and SAML callers (no aws:PrincipalIsAWSService) get in', () => {
      const r = prove('product-roles-stay-in-the-organization', withCondition({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-exampleorg1' }, Bool: { 'aws:PrincipalIsAWSService': 'false' } }));
      expect(r.counterexamples).toEqual(CLASSES.flatMap(([id, account]) => everyProbe(id, account).slice(6)));
    });

    it('GIVEN the RCP refusing only callers without an organization id (Null) THEN an outsider whose account is in another organization gets in', () => {
      const r = prove('product-roles-stay-in-the-organization', withCondition({ Null: { 'aws:PrincipalOrgID': 'true' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } }));
      // (the task roles as shipped trust only ECS tasks, so only the probe roles are open)
      expect(r.counterexamples).toEqual(CLASSES.flatMap(([id, account]) => everyProbe(id, account).filter((c) => c.startsWith(otherOrg))));
    });

    it("GIVEN the RCP naming another organization's id THEN the organization itself is shut out, which the proof reports too", () => {
      const r = prove('product-roles-stay-in-the-organization', withCondition({ StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-someoneelse' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } }));
      expect(r.counterexamples).toEqual(
        CLASSES.map(([id, account]) => `any principal in acme-management cannot sts:AssumeRole ${created(id, account)}, but the organization must keep its own access`),
      );
    });

    it("GIVEN the task role also trusting a vendor's account with an external id THEN the RCP refuses the vendor; without the RCP the vendor may assume it", () => {
      const vendor = { Sid: 'Vendor', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'v-1' } } };
      const trusting = variant(productTrust, (d) => withStatements(d, (s) => [...s, vendor]));
      expect(prove('product-roles-stay-in-the-organization', trusting).status).toBe('holds');
      const r = prove('product-roles-stay-in-the-organization', detached(trusting));
      expect(r.counterexamples.filter((c) => !c.includes('lz-probe'))).toEqual([
        `any principal in account 123456789012 (outside the organization) may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/product/payments-api in eu-west-1`,
        `any principal in account 123456789012 (outside the organization) of organization o-otherorg000 may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/product/payments-api in eu-west-1`,
      ]);
    });

    it('GIVEN the task role trusting anybody, without the RCP THEN anybody may; under an organization condition nobody outside may', () => {
      const org = { Sid: 'Org', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } };
      const ownRoles = (r: { counterexamples: readonly string[] }) => r.counterexamples.filter((c) => !c.includes('lz-probe'));
      expect(ownRoles(prove('product-roles-stay-in-the-organization', detached(variant(productTrust, (d) => withStatements(d, (s) => [...s, org])))))).toEqual([]);
      const anybody = { Sid: 'Anybody', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' };
      expect(ownRoles(prove('product-roles-stay-in-the-organization', detached(variant(productTrust, (d) => withStatements(d, (s) => [...s, anybody])))))).toEqual([
        `${outsider} may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/product/payments-api in eu-west-1`,
        `${otherOrg} may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/product/payments-api in eu-west-1`,
      ]);
    });

    it("GIVEN the task role trusting GitHub's OIDC provider THEN the RCP refuses its callers; without the RCP they may assume it", () => {
      const github = {
        Sid: 'GitHub',
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${PAYMENTS}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
      };
      const trusting = variant(productTrust, (d) => withStatements(d, (s) => [...s, github]));
      expect(prove('product-roles-stay-in-the-organization', trusting).status).toBe('holds');
      const r = prove('product-roles-stay-in-the-organization', detached(trusting));
      expect(r.counterexamples.filter((c) => !c.includes('lz-probe'))).toEqual([
        `a caller signed in through arn:aws:iam::${PAYMENTS}:oidc-provider/token.actions.githubusercontent.com may sts:AssumeRoleWithWebIdentity on arn:aws:iam::${PAYMENTS}:role/product/payments-api in eu-west-1`,
      ]);
    });
  });
});
