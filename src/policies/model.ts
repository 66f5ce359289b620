/**
 * The policy model as lint, diff and the guardrail proofs read it: every document the landing zone
 * produces for a config (recorded by the stacks through `recordPolicy`), and the organization it
 * applies to (accounts with their ids and OU paths, the roles, keys and buckets the documents name).
 * It is built in memory from the config, so reading it never touches `cdktf.out`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import type { AccountSpec, LandingZone } from '../config/model';
import { accountIdOf, isPendingAccount, organizationIdOf, rootIdOf } from '../config/lock';
import { pendingAccountId } from '../config/pending';
import { buildApp } from '../synth/synth';
import type { Json } from './document';
import { policiesOf, type PolicyKind, type PolicyRecord } from './registry';

/** A recorded document with the stack it belongs to. */
export interface ModelDocument extends PolicyRecord {
  readonly stack: string;
  /** `<stack>/<name>`: unique in the model, and the file `<out>/policies/<stack>/<name>.json`. */
  readonly id: string;
}

export interface ModelAccount {
  readonly name: string;
  /** From config/accounts.lock.yaml; the placeholder `PENDING-<name>` when the lock has none yet. */
  readonly id: string;
  /**
   * The account has no id in the lock file yet: the organization stack creates it on the next
   * apply (reports say "created on apply"), and `id` is its placeholder.
   */
  readonly pending: boolean;
  readonly kind: AccountSpec['kind'];
  /** The OU path the account sits in (the suspended OU for suspended accounts); empty for the management account. */
  readonly ou: string;
  readonly product?: string;
  readonly environment?: string;
}

/** An IAM role a document is attached to, with everything that decides what it may do. */
export interface ModelRole {
  /** `<account>/<role>`, as in `role:<account>/<role>`. */
  readonly key: string;
  readonly account: string;
  readonly name: string;
  readonly arn: string;
  readonly identityPolicies: readonly ModelDocument[];
  readonly boundary?: ModelDocument;
  readonly trustPolicy?: ModelDocument;
}

/** A resource that carries its own policy: a KMS key or an S3 bucket. */
export interface ModelResource {
  /** `key:<account>/<purpose>` or `bucket:<name>`. */
  readonly target: string;
  readonly kind: 'key' | 'bucket';
  readonly account: string;
  readonly arn: string;
  readonly policy: ModelDocument;
}

/** One level of the SCP hierarchy above an account: the root, each OU down the path, the account. */
export interface ScpLevel {
  /** `root`, `ou:<path>` or `account:<name>`. */
  readonly target: string;
  readonly policies: readonly ModelDocument[];
}

export interface PolicyModel {
  readonly lz: LandingZone;
  readonly organizationId: string;
  /** Every document, in stack then name order. */
  readonly documents: readonly ModelDocument[];
  readonly accounts: readonly ModelAccount[];
  readonly roles: readonly ModelRole[];
  readonly resources: readonly ModelResource[];
}

/**
 * AWS attaches FullAWSAccess to the root, every OU and every account when SCPs are enabled, and
 * the landing zone never detaches it; without it at a level, that level allows nothing.
 */
export const FULL_AWS_ACCESS: ModelDocument = {
  stack: 'aws',
  id: 'aws/FullAWSAccess',
  name: 'FullAWSAccess',
  kind: 'service-control-policy',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  attachedTo: [],
};

/**
 * AWS attaches RCPFullAWSAccess to the root, every OU and every account when RCPs are enabled, and
 * it cannot be detached.
 */
export const RCP_FULL_AWS_ACCESS: ModelDocument = {
  stack: 'aws',
  id: 'aws/RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  kind: 'resource-control-policy',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
  attachedTo: [],
};

/** Builds every stack (or the named ones) in memory and returns the documents they record. */
export function recordedDocuments(lz: LandingZone, names?: readonly string[]): ModelDocument[] {
  const outdir = mkdtempSync(join(tmpdir(), 'lz-policy-model-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    const stacks = buildApp(app, lz, names);
    return stacks.flatMap((stack) =>
      policiesOf(stack).map((record) => ({ ...record, stack: stack.node.id, id: `${stack.node.id}/${record.name}` })),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function accountsOf(lz: LandingZone): ModelAccount[] {
  return lz.accounts.map((a) => {
    return {
      name: a.name,
      id: accountIdOf(lz, a.name),
      pending: isPendingAccount(lz, a.name),
      kind: a.kind,
      ou: a.kind === 'management' ? '' : a.state === 'suspended' ? lz.suspendedOu : a.ou,
      ...(a.product ? { product: a.product } : {}),
      ...(a.environment ? { environment: a.environment } : {}),
    };
  });
}

/** Assembles the model from documents; exported so tests can build one from fixture records. */
export function assembleModel(lz: LandingZone, documents: readonly ModelDocument[]): PolicyModel {
  const accounts = accountsOf(lz);
  const idOf = new Map(accounts.map((a) => [a.name, a.id]));
  const byKind = (kind: PolicyKind) => documents.filter((d) => d.kind === kind);

  // Documents by the role they are attached to, in document order: one pass, not one per role
  // (a scan of every document for every role made the model quadratic in accounts).
  const attachedToRole = new Map<string, ModelDocument[]>();
  for (const d of documents) {
    for (const t of new Set(d.attachedTo)) {
      if (!t.startsWith('role:')) continue;
      const key = t.slice(5);
      const list = attachedToRole.get(key);
      if (list) list.push(d);
      else attachedToRole.set(key, [d]);
    }
  }
  const roles: ModelRole[] = [...attachedToRole.keys()].sort().map((key) => {
    const docs = attachedToRole.get(key)!;
    const attached = (kind: PolicyKind) => docs.filter((d) => d.kind === kind);
    const [account, ...rest] = key.split('/');
    const name = rest.join('/');
    const recordedArn = docs
      .filter((d) => d.arns)
      .flatMap((d) => d.arns!.filter((arn) => arn.endsWith(`:role/${name}`) || arn.endsWith(`/${name}`)))[0];
    const boundaries = attached('permissions-boundary');
    const trust = attached('trust-policy');
    return {
      key,
      account,
      name,
      arn: recordedArn ?? `arn:aws:iam::${idOf.get(account) ?? pendingAccountId(account)}:role/${name}`,
      identityPolicies: attached('identity-policy'),
      ...(boundaries[0] ? { boundary: boundaries[0] } : {}),
      ...(trust[0] ? { trustPolicy: trust[0] } : {}),
    };
  });

  const resources: ModelResource[] = [];
  const management = lz.organization.managementAccount.name;
  for (const d of [...byKind('key-policy'), ...byKind('bucket-policy')]) {
    d.attachedTo.forEach((target, i) => {
      const account = d.account ?? management;
      const id = idOf.get(account) ?? pendingAccountId(account);
      if (target.startsWith('bucket:')) {
        resources.push({ target, kind: 'bucket', account, arn: d.arns?.[i] ?? `arn:aws:s3:::${target.slice(7)}`, policy: d });
      } else if (target.startsWith('key:')) {
        const purpose = target.slice(4).split('/').pop()!;
        const arn = d.arns?.[i] ?? `arn:aws:kms:${lz.organization.homeRegion}:${id}:key/${purpose}`;
        resources.push({ target, kind: 'key', account, arn, policy: d });
      }
    });
  }

  return {
    lz,
    organizationId: organizationIdOf(lz),
    documents,
    accounts,
    roles,
    resources: resources.sort((a, b) => a.target.localeCompare(b.target)),
  };
}

/** The policy model of a loaded landing zone. */
export function loadPolicyModel(lz: LandingZone): PolicyModel {
  return assembleModel(lz, recordedDocuments(lz));
}

/** The SCP levels that bind principals in an account, root first; none for the management account. */
export function scpLevels(model: PolicyModel, account: ModelAccount): ScpLevel[] {
  if (account.kind === 'management') return [];
  const scps = model.documents.filter((d) => d.kind === 'service-control-policy');
  const at = (target: string): ScpLevel => ({
    target,
    policies: [FULL_AWS_ACCESS, ...scps.filter((d) => d.attachedTo.includes(target))],
  });
  const ous: string[] = [];
  const parts = account.ou ? account.ou.split('/') : [];
  for (let i = 1; i <= parts.length; i++) ous.push(parts.slice(0, i).join('/'));
  return [at('root'), ...ous.map((ou) => at(`ou:${ou}`)), at(`account:${account.name}`)];
}

/** The OU path AWS would report in `aws:PrincipalOrgPaths` for an account. */
export function orgPathOf(model: PolicyModel, account: ModelAccount): string {
  const root = rootIdOf(model.lz);
  const ous = account.ou ? account.ou.split('/').map((p) => `ou-${p}`) : [];
  return [model.organizationId, root, ...ous].join('/') + '/';
}

interface Lookups {
  readonly accountByName: ReadonlyMap<string, ModelAccount>;
  readonly accountById: ReadonlyMap<string, ModelAccount>;
  readonly rolesByAccount: ReadonlyMap<string, readonly ModelRole[]>;
}

const LOOKUPS = new WeakMap<PolicyModel, Lookups>();

/**
 * Accounts by name and id and roles by account, built once per model: the proofs and the diff ask
 * for them inside loops over accounts, where a scan each time made them quadratic. The first
 * account of a name or id wins, as a scan in model order would find it.
 */
function lookupsOf(model: PolicyModel): Lookups {
  let found = LOOKUPS.get(model);
  if (!found) {
    const accountByName = new Map<string, ModelAccount>();
    const accountById = new Map<string, ModelAccount>();
    for (const a of model.accounts) {
      if (!accountByName.has(a.name)) accountByName.set(a.name, a);
      if (!accountById.has(a.id)) accountById.set(a.id, a);
    }
    const rolesByAccount = new Map<string, ModelRole[]>();
    for (const r of model.roles) {
      const list = rolesByAccount.get(r.account);
      if (list) list.push(r);
      else rolesByAccount.set(r.account, [r]);
    }
    found = { accountByName, accountById, rolesByAccount };
    LOOKUPS.set(model, found);
  }
  return found;
}

export function accountNamed(model: PolicyModel, name: string): ModelAccount | undefined {
  return lookupsOf(model).accountByName.get(name);
}

export function accountWithId(model: PolicyModel, id: string): ModelAccount | undefined {
  return lookupsOf(model).accountById.get(id);
}

/** The roles of an account (by name), in model order. */
export function rolesIn(model: PolicyModel, account: string): readonly ModelRole[] {
  return lookupsOf(model).rolesByAccount.get(account) ?? [];
}

/** The statements of a document as a list, whatever shape it was written in. */
export function statementsOf(document: Json): Json[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return [];
  const s = document.Statement;
  if (Array.isArray(s)) return s;
  return s === undefined ? [] : [s];
}
