/**
 * The role and key proofs on fixture records shaped as the baseline records them (ScopedRole,
 * PermissionsBoundary, EncryptionKeys): each proof holds on a sound document and fails, with the
 * request that breaks it, on a broken one.
 */
import { loadLandingZone } from '../../../src/config/load';
import type { Json } from '../../../src/policies/document';
import { assembleModel, recordedDocuments, type ModelDocument } from '../../../src/policies/model';
import { PROOFS } from '../../../src/policies/prove/proofs';
import { REPO } from '../../support/example';

const lz = loadLandingZone(`${REPO}/config`);
const SCPS = recordedDocuments(lz).filter((d) => d.kind === 'service-control-policy');
const PAYMENTS = '555555555501';
const CATALOG = '444444444402';
const MANAGEMENT = '111111111111';

const policy = (...Statement: Json[]): Json => ({ Version: '2012-10-17', Statement });

function record(name: string, kind: ModelDocument['kind'], account: string, attachedTo: string[], document: Json, arns?: string[]): ModelDocument {
  return { stack: `baseline-${account}`, id: `baseline-${account}/${name}`, name, kind, account, attachedTo, document, ...(arns ? { arns } : {}) };
}

const BOUNDARY = (id: string) =>
  policy(
    { Sid: 'ProductServices', Effect: 'Allow', Action: ['iam:*', 'kms:*', 's3:*', 'ec2:*'], Resource: '*' },
    {
      Sid: 'DenyRolesWithoutThisBoundary',
      Effect: 'Deny',
      Action: ['iam:AttachRolePolicy', 'iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${id}:policy/landing-zone/product-boundary` } },
    },
    { Sid: 'DenyBoundaryRemoval', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
  );

const KEY_POLICY = (id: string, extra: Json[] = []) =>
  policy({ Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'kms:*', Resource: '*' }, ...extra);

const MFA_TRUST = policy({
  Sid: 'ManagementAccountWithMfa',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
  Action: 'sts:AssumeRole',
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
});

function productAccount(account: string, id: string, options: { boundary?: Json; keyExtra?: Json[]; breakGlassTrust?: Json } = {}): ModelDocument[] {
  const deploy = `arn:aws:iam::${id}:role/LandingZoneDeploy`;
  const breakGlass = `arn:aws:iam::${id}:role/LandingZoneBreakGlass`;
  return [
    record('role-LandingZoneDeploy-deploy', 'identity-policy', account, [`role:${account}/LandingZoneDeploy`], policy({ Effect: 'Allow', Action: '*', Resource: '*' }), [deploy]),
    record('boundary-product', 'permissions-boundary', account, [`role:${account}/LandingZoneDeploy`], options.boundary ?? BOUNDARY(id), [deploy]),
    record('role-LandingZoneBreakGlass-admin', 'identity-policy', account, [`role:${account}/LandingZoneBreakGlass`], policy({ Effect: 'Allow', Action: '*', Resource: '*' }), [breakGlass]),
    record('role-LandingZoneBreakGlass-trust', 'trust-policy', account, [`role:${account}/LandingZoneBreakGlass`], options.breakGlassTrust ?? MFA_TRUST, [breakGlass]),
    record('key-data-eu-west-1', 'key-policy', account, [`key:${account}/data`], KEY_POLICY(id, options.keyExtra), [`arn:aws:kms:eu-west-1:${id}:key/data`]),
    record('bucket-data', 'bucket-policy', account, [`bucket:${account}-data`], policy({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${account}-data`, `arn:aws:s3:::${account}-data/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
  ];
}

function prove(id: string, documents: ModelDocument[]) {
  const model = assembleModel(lz, [...SCPS, ...documents]);
  return PROOFS.find((p) => p.id === id)!.run(model);
}

describe('role and key proofs', () => {
  it('no-cross-product-data holds when each key and bucket trusts only its own account', () => {
    const r = prove('no-cross-product-data', [...productAccount('payments-prod', PAYMENTS), ...productAccount('catalog-prod', CATALOG)]);
    expect(r.status).toBe('holds');
    // Each request is 7 actions on one product's resources (4 on its key, 3 on its bucket).
    // payments-prod and catalog-prod: 3 principals each (2 roles, an administrator) × the other product;
    // catalog-dev and payments-staging: an administrator × the other product; analytics ×3: an administrator × both.
    expect(r.checked).toBe(3 * 7 + 3 * 7 + 7 + 7 + 3 * 14);
  });

  it("no-cross-product-data fails when catalog's key policy lets payments in", () => {
    const grant = { Sid: 'PaymentsReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PAYMENTS}:root` }, Action: 'kms:Decrypt', Resource: '*' };
    const r = prove('no-cross-product-data', [...productAccount('payments-prod', PAYMENTS), ...productAccount('catalog-prod', CATALOG, { keyExtra: [grant] })]);
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toEqual([
      `LandingZoneBreakGlass in payments-prod may kms:Decrypt on arn:aws:kms:eu-west-1:${CATALOG}:key/data in eu-west-1`,
      `LandingZoneDeploy in payments-prod may kms:Decrypt on arn:aws:kms:eu-west-1:${CATALOG}:key/data in eu-west-1`,
      `any principal in payments-prod may kms:Decrypt on arn:aws:kms:eu-west-1:${CATALOG}:key/data in eu-west-1`,
    ]);
  });

  it('deploy-role-needs-boundary holds with the boundary condition and fails without it', () => {
    expect(prove('deploy-role-needs-boundary', productAccount('payments-prod', PAYMENTS)).status).toBe('holds');
    const loose = policy({ Sid: 'ProductServices', Effect: 'Allow', Action: ['iam:*'], Resource: '*' });
    const r = prove('deploy-role-needs-boundary', productAccount('payments-prod', PAYMENTS, { boundary: loose }));
    expect(r.status).toBe('fails');
    expect(r.counterexamples[0]).toBe(`LandingZoneDeploy in payments-prod may iam:CreateRole on arn:aws:iam::${PAYMENTS}:role/example in us-east-1`);
    expect(r.counterexamples).toContain(
      `LandingZoneDeploy in payments-prod may iam:CreateRole on arn:aws:iam::${PAYMENTS}:role/example in us-east-1 with iam:PermissionsBoundary=arn:aws:iam::${PAYMENTS}:policy/SomeOtherPolicy`,
    );
  });

  it('break-glass-needs-mfa holds with an MFA condition and fails without it', () => {
    expect(prove('break-glass-needs-mfa', productAccount('payments-prod', PAYMENTS)).status).toBe('holds');
    const noMfa = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' });
    const r = prove('break-glass-needs-mfa', productAccount('payments-prod', PAYMENTS, { breakGlassTrust: noMfa }));
    expect(r.status).toBe('fails');
    expect(r.counterexamples).toEqual([
      `an administrator in acme-management may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/LandingZoneBreakGlass in eu-west-1 with aws:MultiFactorAuthPresent=false`,
      `an administrator in acme-management may sts:AssumeRole on arn:aws:iam::${PAYMENTS}:role/LandingZoneBreakGlass in eu-west-1`,
    ]);
  });

  it('reports nothing to check rather than holding when the model records no roles or keys', () => {
    expect(prove('break-glass-needs-mfa', []).status).toBe('vacuous');
    expect(prove('no-cross-product-data', []).status).toBe('vacuous');
  });
});
