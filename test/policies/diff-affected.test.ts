/**
 * The effective-access diff asks only the actions a change can affect (src/policies/diff/affected.ts):
 * on the example's real documents, each change below is checked for the actions it marks and for a
 * diff identical to the one that asks every principal every request (LZ_REVIEW_UNGROUPED=1).
 */
import { loadLandingZone } from '../../src/config/load';
import type { Json } from '../../src/policies/document';
import { affectedActions } from '../../src/policies/diff/affected';
import { diffAccess } from '../../src/policies/diff/effective';
import { sensitiveRequests } from '../../src/policies/diff/sensitive-actions';
import { assembleModel, recordedDocuments, type ModelDocument, type PolicyModel } from '../../src/policies/model';
import { REPO } from '../support/example';

const lz = loadLandingZone(`${REPO}/config`);
const documents = recordedDocuments(lz);
const base = assembleModel(lz, documents);

type Statement = Record<string, Json>;

/** The documents with the named one's statements replaced by `edit(statements)`. */
function edited(id: string, edit: (statements: Statement[]) => Statement[], more: Partial<ModelDocument> = {}): PolicyModel {
  expect(documents.map((d) => d.id)).toContain(id);
  return assembleModel(
    lz,
    documents.map((d) => {
      if (d.id !== id) return d;
      const doc = d.document as { Statement: Statement[] };
      return { ...d, ...more, document: { ...doc, Statement: edit(doc.Statement.map((s) => ({ ...s }))) } };
    }),
  );
}

function affected(head: PolicyModel): string[] | undefined {
  const found = affectedActions(base, head, { b: sensitiveRequests(base), h: sensitiveRequests(head) });
  return found && [...found].sort();
}

/** The diff asking every pair, the reference the narrowed diff must equal. */
function reference(head: PolicyModel): ReturnType<typeof diffAccess> {
  process.env.LZ_REVIEW_UNGROUPED = '1';
  try {
    // Fresh models: the memoized decisions of the grouped run are not shared with the reference.
    return diffAccess(assembleModel(lz, base.documents), assembleModel(lz, head.documents));
  } finally {
    delete process.env.LZ_REVIEW_UNGROUPED;
  }
}

const LEAVE = 'organization/deny-leave-organization';
const RCP = 'organization/rcp-product-roles-in-organization';

describe('policy diff: what a change can affect', () => {
  it('GIVEN no change WHEN diffed THEN no action is asked and nothing changes', () => {
    const head = assembleModel(lz, documents);
    expect(affected(head)).toEqual([]);
    expect(diffAccess(base, head)).toEqual([]);
  });

  it('GIVEN a deny SCP that also denies an action no request asks WHEN diffed THEN nothing is asked (LeaveOrganization meets the same statement), and nothing changes', () => {
    const head = edited(LEAVE, ([s]) => [{ ...s, Action: ['organizations:LeaveOrganization', 'organizations:DeleteOrganization'] }]);
    expect(affected(head)).toEqual([]);
    expect(diffAccess(base, head)).toEqual([]);
    expect(reference(head)).toEqual([]);
  });

  it('GIVEN the SCP that denies leaving removed from its statement WHEN diffed THEN every member principal gains LeaveOrganization, as pair-by-pair evaluation says', () => {
    const head = edited(LEAVE, ([s]) => [{ ...s, Effect: 'Allow' }]);
    expect(affected(head)).toEqual(['organizations:LeaveOrganization']);
    const changes = diffAccess(base, head);
    expect(changes).toEqual(reference(head));
    expect(new Set(changes.map((c) => `${c.action} ${c.change}`))).toEqual(new Set(['organizations:LeaveOrganization gained']));
    // 11 member accounts, each with an administrator and its roles.
    expect(new Set(changes.map((c) => c.account)).size).toBe(lz.accounts.length - 1);
  });

  it('GIVEN statements of a document reordered and renamed WHEN diffed THEN nothing is asked', () => {
    const head = edited('organization/protect-log-archive', (statements) => [...statements].reverse().map((s, i) => ({ ...s, Sid: `Renamed${i}` })));
    expect(affected(head)).toEqual([]);
  });

  it('GIVEN iam:* taken out of a NotAction list WHEN diffed THEN only the IAM actions are asked (the others meet the same statement as before), and the diff equals the reference', () => {
    const head = edited('organization/deny-outside-allowed-regions', ([s]) => [{ ...s, NotAction: (s.NotAction as string[]).filter((a) => a !== 'iam:*') }]);
    expect(affected(head)).toEqual(['iam:AttachRolePolicy', 'iam:CreateAccessKey', 'iam:CreateRole', 'iam:CreateUser', 'iam:DeleteRolePermissionsBoundary', 'iam:PassRole', 'iam:PutRolePolicy']);
    const changes = diffAccess(base, head);
    expect(changes).toEqual(reference(head));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.action.startsWith('iam:') && c.change === 'lost')).toBe(true);
  });

  it('GIVEN a trust policy statement for another action changed WHEN diffed THEN sts:AssumeRole is asked (a caller outside gets every external id the trust policy names)', () => {
    const head = edited('baseline-payments-prod/role-LandingZoneDeploy-trust', (statements) => [
      ...statements,
      { Sid: 'Tag', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:TagSession' },
    ]);
    expect(affected(head)).toEqual(['sts:AssumeRole']);
  });

  it('GIVEN an SCP attached to one more OU WHEN diffed THEN the layout moved, every action is asked, and the diff equals the reference', () => {
    const leave = documents.find((d) => d.id === LEAVE)!;
    const head = edited(LEAVE, ([s]) => [{ ...s, Effect: 'Allow', Action: 'kms:Decrypt' }], { attachedTo: [...leave.attachedTo, 'ou:Workloads'] });
    expect(affected(head)).toBeUndefined();
    expect(diffAccess(base, head)).toEqual(reference(head));
  });

  it('GIVEN the RCP also attached to the Workloads OU WHEN diffed THEN the layout moved (requests meet other RCP levels), and the diff equals the reference', () => {
    const rcp = documents.find((d) => d.id === RCP)!;
    const head = edited(RCP, (statements) => statements, { attachedTo: [...rcp.attachedTo, 'ou:Workloads'] });
    expect(affected(head)).toBeUndefined();
    expect(diffAccess(base, head)).toEqual(reference(head));
  });

  it('GIVEN the RCP no longer denying sts:AssumeRole WHEN diffed THEN only sts:AssumeRole is asked, and the diff equals the reference', () => {
    const head = edited(RCP, ([s]) => [{ ...s, Action: (s.Action as string[]).filter((a) => a !== 'sts:AssumeRole') }]);
    expect(affected(head)).toEqual(['sts:AssumeRole']);
    expect(diffAccess(base, head)).toEqual(reference(head));
  });

  it('GIVEN one role\'s identity policy detached WHEN diffed THEN only that role is asked everything, and it alone loses access, as pair-by-pair evaluation says', () => {
    const head = edited('baseline-payments-prod/role-LandingZoneBreakGlass-identity', (statements) => statements, { attachedTo: [] });
    expect(affected(head)).toBeUndefined();
    const changes = diffAccess(base, head);
    expect(changes).toEqual(reference(head));
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((c) => `${c.principal} ${c.change}`))).toEqual(new Set(['role:payments-prod/LandingZoneBreakGlass lost']));
  });

  it('GIVEN a role only the head has WHEN diffed THEN its grants are reported as gained, as pair-by-pair evaluation says', () => {
    const grant: ModelDocument = {
      stack: 'baseline-payments-prod',
      name: 'role-KeyAdmin-identity',
      id: 'baseline-payments-prod/role-KeyAdmin-identity',
      kind: 'identity-policy',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] },
      attachedTo: ['role:payments-prod/KeyAdmin'],
      account: 'payments-prod',
    };
    const head = assembleModel(lz, [...documents, grant]);
    expect(affected(head)).toBeUndefined();
    const changes = diffAccess(base, head);
    expect(changes).toEqual(reference(head));
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((c) => `${c.principal} ${c.action.split(':')[0]} ${c.before} ${c.change}`))).toEqual(new Set(['role:payments-prod/KeyAdmin kms absent gained']));
  });
});
