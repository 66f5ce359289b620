/**
 * suspended-accounts-only-bootstrap on the documents the stacks really record: it holds as shipped
 * (for any account placed in the suspended OU, and for a suspended account that still has its
 * landing-zone roles), and fails on each variant that reopens the OU, locks the baseline out of
 * taking the account off the network, or lets the bootstrap role assume itself.
 */
import { join } from 'node:path';
import { loadLandingZone } from '../../../src/config/load';
import type { LandingZone } from '../../../src/config/model';
import type { Json } from '../../../src/policies/document';
import { assembleModel, recordedDocuments, type ModelDocument } from '../../../src/policies/model';
import { PROOFS } from '../../../src/policies/prove/proofs';
import { REPO } from '../../support/example';

const lz = loadLandingZone(join(REPO, 'config'));
const DOCUMENTS = recordedDocuments(lz);
const ID = 'suspended-accounts-only-bootstrap';
const ANY = 'any account in Suspended';

/** payments-staging suspended in config, still ACTIVE in the lock file: its baseline (and roles) stay until it is closed. */
const leavingLz: LandingZone = { ...lz, accounts: lz.accounts.map((a) => (a.name === 'payments-staging' ? { ...a, state: 'suspended' as const } : a)) };

type Statement = Record<string, Json>;
const isScp = (name: string) => (d: ModelDocument) => d.kind === 'service-control-policy' && d.name === name;

function variant(which: (d: ModelDocument) => boolean, change: (d: ModelDocument) => Partial<ModelDocument>, documents: readonly ModelDocument[] = DOCUMENTS): ModelDocument[] {
  return documents.map((d) => (which(d) ? { ...d, ...change(d) } : d));
}

function withStatements(d: ModelDocument, edit: (s: Statement[]) => Statement[]): Partial<ModelDocument> {
  return { document: { ...(d.document as object), Statement: edit((d.document as { Statement: Statement[] }).Statement) } as Json };
}

function prove(documents: readonly ModelDocument[] = DOCUMENTS, l: LandingZone = lz) {
  return PROOFS.find((p) => p.id === ID)!.run(assembleModel(l, documents));
}

describe('suspended-accounts-only-bootstrap', () => {
  it('GIVEN the example as shipped (no suspended account) THEN it holds for any account placed in the suspended OU', () => {
    const r = prove();
    expect(r.status).toBe('holds');
    // An administrator and the root user × 23 actions, and the bootstrap role: 3 leave actions allowed, assume and pass itself denied.
    expect(r.checked).toBe(2 * 23 + 3 + 2);
    expect(r.counterexamples).toEqual([]);
  });

  describe('GIVEN payments-staging suspended but not closed yet', () => {
    const documents = recordedDocuments(leavingLz);

    it('THEN none of its six landing-zone roles, an administrator or the root user can do anything there, and the bootstrap role can take it off the hub', () => {
      const model = assembleModel(leavingLz, documents);
      expect(model.roles.filter((r) => r.account === 'payments-staging').map((r) => r.name)).toEqual([
        'LandingZoneAudit',
        'LandingZoneBreakGlass',
        'LandingZoneDeploy',
        'flow-logs',
        'schedule-automation',
        'schedule-scheduler',
      ]);
      const r = prove(documents, leavingLz);
      expect(r.status).toBe('holds');
      // payments-staging: 6 roles + administrator + root; the stand-in: administrator + root; each × 23; and 5 bootstrap requests each.
      expect(r.checked).toBe((8 + 2) * 23 + 2 * 5);
    });

    it('WHEN deny-all exempts every role THEN its own roles may act again', () => {
      const r = prove(
        variant(isScp('deny-all'), (d) => withStatements(d, (s) => s.map((x) => ({ ...x, Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } } }))), documents),
        leavingLz,
      );
      expect(r.status).toBe('fails');
      expect(r.counterexamples).toContain('LandingZoneDeploy in payments-staging may ec2:RunInstances on arn:aws:ec2:eu-west-1:555555555502:instance/* in eu-west-1');
      expect(r.counterexamples).toContain('LandingZoneBreakGlass in payments-staging may ec2:CreateTransitGatewayVpcAttachment on arn:aws:ec2:eu-west-1:555555555502:vpc/vpc-example in eu-west-1');
      expect(r.counterexamples).toContain(`any other principal in ${ANY} may kms:Decrypt on arn:aws:kms:eu-west-1:000000000000:key/example in eu-west-1`);
      // The root user is no role: deny-root-user and deny-all still hold it.
      expect(r.counterexamples.filter((c) => c.startsWith('the root user'))).toEqual([]);
    });
  });

  it('GIVEN deny-all of old (no exemption) THEN it fails: the baseline could never take the account off the hub', () => {
    const r = prove(variant(isScp('deny-all'), (d) => withStatements(d, (s) => s.map(({ Condition: _, ...x }) => x))));
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toEqual([
      `OrganizationAccountAccessRole in ${ANY} cannot ec2:DescribeTransitGatewayVpcAttachments on * in eu-west-1, but the claim needs it to`,
      `OrganizationAccountAccessRole in ${ANY} cannot ec2:DeleteTransitGatewayVpcAttachment on arn:aws:ec2:eu-west-1:000000000000:transit-gateway-attachment/tgw-attach-example in eu-west-1, but the claim needs it to`,
      `OrganizationAccountAccessRole in ${ANY} cannot ec2:DeleteRoute on arn:aws:ec2:eu-west-1:000000000000:route-table/rtb-example in eu-west-1, but the claim needs it to`,
    ]);
  });

  it('GIVEN deny-all that leaves a service out (NotAction) THEN anybody there may use that service', () => {
    const r = prove(variant(isScp('deny-all'), (d) => withStatements(d, (s) => s.map(({ Action: _, ...x }) => ({ ...x, NotAction: 'secretsmanager:*' })))));
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toEqual([
      `any other principal in ${ANY} may secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:000000000000:secret:example in eu-west-1`,
    ]);
  });

  it('GIVEN deny-all no longer attached to the suspended OU THEN any administrator there may act', () => {
    const r = prove(variant(isScp('deny-all'), () => ({ attachedTo: [] })));
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toContain(`any other principal in ${ANY} may ec2:RunInstances on arn:aws:ec2:eu-west-1:000000000000:instance/* in eu-west-1`);
    expect(r.counterexamples).toContain(`any other principal in ${ANY} may iam:CreateAccessKey on arn:aws:iam::000000000000:user/example in us-east-1`);
    expect(r.counterexamples).toContain(`any other principal in ${ANY} may secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:000000000000:secret:example in eu-west-1`);
    // deny-leave-organization still binds it from the root
    expect(r.counterexamples.filter((c) => c.includes('organizations:LeaveOrganization'))).toEqual([]);
  });

  it('GIVEN protect-landing-zone without the statement that stops anyone assuming or passing the bootstrap role THEN the exempt bootstrap role may assume itself', () => {
    const r = prove(variant(isScp('protect-landing-zone'), (d) => withStatements(d, (s) => s.filter((x) => x.Sid !== 'NoMemberAccountAssumesOrPassesTheBootstrapRole'))));
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toEqual([
      `OrganizationAccountAccessRole in ${ANY} may sts:AssumeRole on arn:aws:iam::000000000000:role/OrganizationAccountAccessRole in us-east-1`,
      `OrganizationAccountAccessRole in ${ANY} may iam:PassRole on arn:aws:iam::000000000000:role/OrganizationAccountAccessRole in us-east-1`,
    ]);
  });
});
