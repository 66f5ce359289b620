/**
 * The proof "logs cannot be purged or their protection removed", on the real documents the stacks
 * record for the example organization, and on the same documents with a protection taken out.
 */
import { loadLandingZone } from '../../../src/config/load';
import type { Json } from '../../../src/policies/document';
import { assembleModel, recordedDocuments, type ModelDocument } from '../../../src/policies/model';
import { PROOFS } from '../../../src/policies/prove/proofs';
import { logResources, logsProtected } from '../../../src/policies/prove/logs-protected';
import { REPO } from '../../support/example';

const lz = loadLandingZone(`${REPO}/config`);
const documents = recordedDocuments(lz);
const TRAIL_BUCKET = 'arn:aws:s3:::acme-cloudtrail-222222222201';

/** The documents with the statements of the given Sids taken out of the named documents. */
function without(ids: readonly string[], sids: readonly string[]): ModelDocument[] {
  return documents.map((d) => {
    if (!ids.includes(d.id)) return d;
    const doc = d.document as { Statement: Json[] };
    return { ...d, document: { ...doc, Statement: doc.Statement.filter((s) => !sids.includes((s as { Sid?: string }).Sid ?? '')) } };
  });
}

describe('proof: logs-protected', () => {
  it('GIVEN the example organization WHEN the proofs run THEN it is one of them and finds the four log buckets and the log key', () => {
    expect(PROOFS.map((p) => p.id)).toContain('logs-protected');
    expect(logResources(assembleModel(lz, documents)).map((l) => [l.resource.target, l.applyRoleArn])).toEqual([
      ['bucket:acme-access-logs-111111111111', 'arn:aws:iam::111111111111:role/LandingZonePipeline'],
      ['bucket:acme-access-logs-222222222201', 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole'],
      ['bucket:acme-cloudtrail-222222222201', 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole'],
      ['bucket:acme-log-archive-222222222201', 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole'],
      ['key:acme-log-archive/log-archive', 'arn:aws:iam::222222222201:role/OrganizationAccountAccessRole'],
    ]);
  });

  it('GIVEN the real bucket policies, key policy and SCPs WHEN proved THEN it holds', () => {
    const result = logsProtected.run(assembleModel(lz, documents));
    expect([result.status, result.counterexamples]).toEqual(['holds', []]);
    expect(result.checked).toBeGreaterThan(500);
  });

  it('GIVEN the trail bucket policy without its protection but the SCP in place WHEN proved THEN it still holds: the SCP alone protects the bucket from every principal of the log archive account', () => {
    const result = logsProtected.run(assembleModel(lz, without(['security/cloudtrail-bucket'], ['DenyProtectionChanges', 'DenyLogDeletion'])));
    expect(result.status).toBe('holds');
  });

  it('GIVEN neither the trail bucket policy nor the SCP protect the trail bucket WHEN proved THEN the break-glass role may purge logs and lift the protection', () => {
    const result = logsProtected.run(
      assembleModel(lz, without(['security/cloudtrail-bucket', 'organization/protect-log-archive'], ['DenyProtectionChanges', 'DenyLogDeletion', 'ProtectLogBuckets'])),
    );
    expect(result.status).toBe('fails');
    expect(result.counterexamples).toContain(`LandingZoneBreakGlass in acme-log-archive may s3:DeleteObjectVersion on ${TRAIL_BUCKET}/AWSLogs/222222222201/example.json.gz in eu-west-1`);
    expect(result.counterexamples).toContain(`LandingZoneBreakGlass in acme-log-archive may s3:PutLifecycleConfiguration on ${TRAIL_BUCKET} in eu-west-1`);
    expect(result.counterexamples).toContain(`any principal in acme-log-archive may s3:PutBucketPolicy on ${TRAIL_BUCKET} in eu-west-1`);
    expect(result.counterexamples.every((c) => c.includes(TRAIL_BUCKET))).toBe(true);
  });

  it('GIVEN neither the key policy nor the SCP reserve the log key WHEN proved THEN the break-glass role may schedule its deletion', () => {
    const result = logsProtected.run(
      assembleModel(lz, without(['security/key-log-archive-eu-west-1', 'organization/protect-log-archive'], ['DenyProtectionChangesToOthers', 'ProtectLogKeys'])),
    );
    expect(result.status).toBe('fails');
    expect(result.counterexamples).toEqual([
      'LandingZoneBreakGlass in acme-log-archive may kms:DisableKey on arn:aws:kms:eu-west-1:222222222201:key/landing-zone/log-archive in eu-west-1 with kms:ResourceAliases=alias/landing-zone/log-archive',
      'LandingZoneBreakGlass in acme-log-archive may kms:PutKeyPolicy on arn:aws:kms:eu-west-1:222222222201:key/landing-zone/log-archive in eu-west-1 with kms:ResourceAliases=alias/landing-zone/log-archive',
      'LandingZoneBreakGlass in acme-log-archive may kms:ScheduleKeyDeletion on arn:aws:kms:eu-west-1:222222222201:key/landing-zone/log-archive in eu-west-1 with kms:ResourceAliases=alias/landing-zone/log-archive',
    ]);
  });

  it('GIVEN the management access-log bucket without its protection WHEN proved THEN an administrator of the management account may lift it (no SCP binds there)', () => {
    const result = logsProtected.run(assembleModel(lz, without(['security/state-access-log-bucket'], ['DenyProtectionChanges'])));
    expect(result.status).toBe('fails');
    expect(result.counterexamples).toContain('any principal in acme-management may s3:PutBucketPolicy on arn:aws:s3:::acme-access-logs-111111111111 in eu-west-1');
  });
});
