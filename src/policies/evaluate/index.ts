/**
 * Look-ups the evaluator makes for every request, computed once per model: the resource policy by
 * ARN, the SCP levels and organization path of each account, accounts by name and id. Without
 * them each request scanned every resource and document, which made an organization's review
 * quadratic in its accounts.
 */
import type { Json } from '../document';
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS, type ModelAccount, type ModelDocument, type ModelResource, type ModelRole, type PolicyModel, type ScpLevel } from '../model';

export interface ModelIndex {
  readonly resourceByArn: ReadonlyMap<string, ModelResource>;
  readonly bucketByArn: ReadonlyMap<string, ModelResource>;
  /** Resources whose ARN is a pattern (none the landing zone records, but the model allows it). */
  readonly patternResources: readonly ModelResource[];
  readonly roleByArn: ReadonlyMap<string, ModelRole>;
  readonly accountByName: ReadonlyMap<string, ModelAccount>;
  readonly accountById: ReadonlyMap<string, ModelAccount>;
  scpLevels(account: ModelAccount): ScpLevel[];
  scpDocuments(account: ModelAccount): Json[][];
  /** Whether the model has any RCP: without one, RCPFullAWSAccess alone decides nothing. */
  readonly hasRcps: boolean;
  /** The RCP levels that bind the resources of an account, root first; none for the management account. */
  rcpDocuments(account: ModelAccount): Json[][];
}

const INDEXES = new WeakMap<PolicyModel, ModelIndex>();

export function indexOf(model: PolicyModel): ModelIndex {
  let index = INDEXES.get(model);
  if (!index) {
    index = build(model);
    INDEXES.set(model, index);
  }
  return index;
}

function build(model: PolicyModel): ModelIndex {
  const resourceByArn = new Map<string, ModelResource>();
  const bucketByArn = new Map<string, ModelResource>();
  const patternResources: ModelResource[] = [];
  for (const r of model.resources) {
    if (r.kind === 'bucket') {
      if (!bucketByArn.has(r.arn)) bucketByArn.set(r.arn, r);
    } else if (r.arn.includes('*') || r.arn.includes('?')) patternResources.push(r);
    else if (!resourceByArn.has(r.arn)) resourceByArn.set(r.arn, r);
  }
  const roleByArn = new Map<string, ModelRole>();
  for (const r of model.roles) if (!roleByArn.has(r.arn)) roleByArn.set(r.arn, r);
  const accountByName = new Map<string, ModelAccount>();
  const accountById = new Map<string, ModelAccount>();
  for (const a of model.accounts) {
    if (!accountByName.has(a.name)) accountByName.set(a.name, a);
    if (!accountById.has(a.id)) accountById.set(a.id, a);
  }
  const byTarget = new Map<string, ModelDocument[]>();
  const rcpsByTarget = new Map<string, ModelDocument[]>();
  for (const d of model.documents) {
    const targets = d.kind === 'service-control-policy' ? byTarget : d.kind === 'resource-control-policy' ? rcpsByTarget : undefined;
    if (!targets) continue;
    for (const t of d.attachedTo) {
      const list = targets.get(t) ?? [];
      list.push(d);
      targets.set(t, list);
    }
  }
  const rcpDocuments = new Map<string, Json[][]>();
  const levels = new Map<string, ScpLevel[]>();
  const documents = new Map<string, Json[][]>();
  const scpLevels = (account: ModelAccount): ScpLevel[] => {
    if (account.kind === 'management') return [];
    const key = `${account.name}\u0000${account.ou}`;
    let found = levels.get(key);
    if (!found) {
      const at = (target: string): ScpLevel => ({ target, policies: [FULL_AWS_ACCESS, ...(byTarget.get(target) ?? [])] });
      const parts = account.ou ? account.ou.split('/') : [];
      const ous: string[] = [];
      for (let i = 1; i <= parts.length; i++) ous.push(parts.slice(0, i).join('/'));
      found = [at('root'), ...ous.map((ou) => at(`ou:${ou}`)), at(`account:${account.name}`)];
      levels.set(key, found);
    }
    return found;
  };
  return {
    resourceByArn,
    bucketByArn,
    patternResources,
    roleByArn,
    accountByName,
    accountById,
    scpLevels,
    scpDocuments(account) {
      const key = `${account.name}\u0000${account.ou}`;
      let found = documents.get(key);
      if (!found) {
        found = scpLevels(account).map((l) => l.policies.map((p) => p.document));
        documents.set(key, found);
      }
      return found;
    },
    hasRcps: rcpsByTarget.size > 0,
    rcpDocuments(account) {
      if (account.kind === 'management') return [];
      const key = `${account.name}\u0000${account.ou}`;
      let found = rcpDocuments.get(key);
      if (!found) {
        const at = (target: string) => [RCP_FULL_AWS_ACCESS.document, ...(rcpsByTarget.get(target) ?? []).map((d) => d.document)];
        const parts = account.ou ? account.ou.split('/') : [];
        const ous: string[] = [];
        for (let i = 1; i <= parts.length; i++) ous.push(parts.slice(0, i).join('/'));
        found = [at('root'), ...ous.map((ou) => at(`ou:${ou}`)), at(`account:${account.name}`)];
        rcpDocuments.set(key, found);
      }
      return found;
    },
  };
}
