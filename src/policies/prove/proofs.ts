/**
 * The guardrails the landing zone promises, as proofs over the policy model. SCP proofs ask every
 * principal of every member account (each landing-zone role, and an administrator no SCP exempts);
 * role and key proofs ask the roles, keys and buckets the baseline records.
 */
import { ANY_PRINCIPAL_ROLE, principalsOf, type AccessRequest, type ModelPrincipal } from '../evaluate/access';
import type { Json } from '../document';
import { accountNamed, accountWithId, type ModelAccount, type PolicyModel } from '../model';
import { probeRegion } from '../diff/sensitive-actions';
import { awsPrincipalsOf } from './trust';
import { check, describe, type Probe } from './check';
import { flowLogGroupName } from '../../contract/names';
import { decisionsOf } from '../evaluate/grouping';
import { indexOf } from '../evaluate/index';
import type { Proof } from './proof';
import { logsProtected } from './logs-protected';
import { HARDENING_PROOFS } from './hardening-proofs';
import { suspendedAccountsOnlyBootstrap } from './suspended-accounts';

/** Member-account principals, without those a proof exempts by design. */
function members(model: PolicyModel, exceptRoles: readonly string[] = []): ModelPrincipal[] {
  return principalsOf(model).filter((p) => p.account.kind !== 'management' && !exceptRoles.some((r) => p.key.endsWith(`/${r}`)));
}

function probes(principals: readonly ModelPrincipal[], requests: (p: ModelPrincipal) => AccessRequest[]): Probe[] {
  return principals.flatMap((principal) => requests(principal).map((request) => ({ principal, request })));
}

function regional(model: PolicyModel, account: ModelAccount, actions: readonly { action: string; resource: string }[]): AccessRequest[] {
  return model.lz.organization.allowedRegions.flatMap((region) =>
    actions.map((a) => ({
      action: a.action,
      resource: a.resource.replace(/\{region\}/g, region).replace(/\{account\}/g, account.id).replace(/\{flowLogGroup\}/g, flowLogGroupName(account.name)),
      resourceAccount: account.id,
      region,
    })),
  );
}

const noLeave: Proof = {
  id: 'no-leave-organization',
  claim: 'no member account principal can leave the organization',
  run: (model) =>
    check(model, noLeave.id, noLeave.claim, probes(members(model), (p) => [{ action: 'organizations:LeaveOrganization', resource: '*', resourceAccount: p.account.id, region: 'us-east-1' }])),
};

const TRAIL = 'arn:aws:cloudtrail:{region}:{account}:trail/organization';

const cloudTrail: Proof = {
  id: 'cloudtrail-protected',
  claim: 'no member account principal but the landing-zone deploy and bootstrap roles can stop, delete or change CloudTrail',
  run: (model) =>
    check(
      model,
      cloudTrail.id,
      cloudTrail.claim,
      probes(members(model, [model.lz.roles.deploy, model.lz.roles.bootstrap]), (p) =>
        regional(model, p.account, ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'].map((a) => ({ action: `cloudtrail:${a}`, resource: TRAIL }))),
      ),
    ),
};

const config: Proof = {
  id: 'config-protected',
  claim: 'no member account principal but the landing-zone deploy and bootstrap roles can stop or delete AWS Config',
  run: (model) =>
    check(
      model,
      config.id,
      config.claim,
      probes(members(model, [model.lz.roles.deploy, model.lz.roles.bootstrap]), (p) =>
        regional(model, p.account, ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'].map((a) => ({ action: `config:${a}`, resource: '*' }))),
      ),
    ),
};

const flowLogs: Proof = {
  id: 'flow-logs-protected',
  claim: 'no member account principal but the landing-zone deploy and bootstrap roles can delete VPC flow logs or their log groups',
  run: (model) =>
    check(
      model,
      flowLogs.id,
      flowLogs.claim,
      probes(members(model, [model.lz.roles.deploy, model.lz.roles.bootstrap]), (p) =>
        regional(model, p.account, [
          { action: 'ec2:DeleteFlowLogs', resource: 'arn:aws:ec2:{region}:{account}:vpc-flow-log/fl-example' },
          // The log group the baseline's VPC module really creates (src/contract/names.ts).
          { action: 'logs:DeleteLogGroup', resource: 'arn:aws:logs:{region}:{account}:log-group:{flowLogGroup}' },
        ]),
      ),
    ),
};

/** Regional actions a principal could use to run workloads or keep data outside the allowed regions. */
export const REGIONAL_ACTIONS: readonly { action: string; resource: string }[] = [
  { action: 'ec2:RunInstances', resource: 'arn:aws:ec2:{region}:{account}:instance/*' },
  { action: 'ec2:CreateVpc', resource: 'arn:aws:ec2:{region}:{account}:vpc/*' },
  { action: 'kms:CreateKey', resource: '*' },
  { action: 's3:CreateBucket', resource: 'arn:aws:s3:::example-{account}-{region}' },
  { action: 'lambda:CreateFunction', resource: 'arn:aws:lambda:{region}:{account}:function:example' },
  { action: 'rds:CreateDBInstance', resource: 'arn:aws:rds:{region}:{account}:db:example' },
  { action: 'dynamodb:CreateTable', resource: 'arn:aws:dynamodb:{region}:{account}:table/example' },
];

/** Regions that are never allowed in the example org, plus the first one outside the allowed set. */
function outsideRegions(model: PolicyModel): string[] {
  const allowed = model.lz.organization.allowedRegions;
  return [...new Set([probeRegion(model), 'ap-southeast-2', 'sa-east-1'])].filter((r) => !allowed.includes(r));
}

const regions: Proof = {
  id: 'allowed-regions-only',
  claim: 'no member account principal can act outside the allowed regions (global services excepted)',
  run: (model) =>
    check(
      model,
      regions.id,
      regions.claim,
      probes(members(model), (p) =>
        outsideRegions(model).flatMap((region) =>
          REGIONAL_ACTIONS.map((a) => ({
            action: a.action,
            resource: a.resource.replace(/\{region\}/g, region).replace(/\{account\}/g, p.account.id),
            resourceAccount: p.account.id,
            region,
          })),
        ),
      ),
    ),
};

const KEY_USE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'];
const BUCKET_USE = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];

/**
 * Every product principal against every other product's keys and buckets: quadratic in accounts,
 * so evaluated per class (../evaluate/grouping). Requests of one class are decided alike by a
 * principal unless the pair is exceptional; one of them stands for the rest, and only when it is
 * allowed are the others looked at. Counterexamples keep the order of principals, resources and
 * actions, and `checked` counts every pair as before.
 */
const crossProduct: Proof = {
  id: 'no-cross-product-data',
  claim: "no product's principals can use another product's KMS keys or buckets",
  run: (model) => {
    const decisions = decisionsOf(model);
    const index = indexOf(model);
    interface Item {
      readonly order: number;
      readonly product: string;
      readonly request: AccessRequest;
    }
    const items: Item[] = [];
    const perProduct = new Map<string, number>();
    for (const r of model.resources) {
      const owner = index.accountByName.get(r.account);
      const theirs = owner?.product;
      if (!owner || !theirs) continue;
      const region = r.kind === 'key' ? r.arn.split(':')[3] : model.lz.organization.homeRegion;
      for (const action of r.kind === 'key' ? KEY_USE : BUCKET_USE) {
        const resource = r.kind === 'bucket' ? `${r.arn}/data` : r.arn;
        items.push({ order: items.length, product: theirs, request: { action, resource, resourceAccount: owner.id, region } });
        perProduct.set(theirs, (perProduct.get(theirs) ?? 0) + 1);
      }
    }
    const byClass = new Map<string, Item[]>();
    const byOwner = new Map<string, Item[]>();
    const byMention = new Map<string, Item[]>();
    const add = (map: Map<string, Item[]>, key: string, item: Item) => {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    };
    for (const item of items) {
      const c = decisions.requestClass(item.request);
      add(byClass, c.key, item);
      add(byOwner, item.request.resourceAccount, item);
      for (const id of c.mentions) add(byMention, id, item);
    }
    const counterexamples: string[] = [];
    let checked = 0;
    for (const principal of principalsOf(model)) {
      const mine = principal.account.product;
      if (!mine) continue;
      checked += items.length - (perProduct.get(mine) ?? 0);
      const allowed: Item[] = [];
      const exceptions = new Set<Item>([...(byOwner.get(principal.account.id) ?? []), ...(byMention.get(principal.account.id) ?? [])]);
      for (const id of decisions.mentions(principal)) for (const item of byOwner.get(id) ?? []) exceptions.add(item);
      const ask = (item: Item) => {
        if (item.product !== mine && decisions.decide(principal, item.request) === 'Allow') allowed.push(item);
      };
      for (const item of exceptions) ask(item);
      const ordinary = (item: Item) => item.product !== mine && !exceptions.has(item);
      for (const group of byClass.values()) {
        if (decisions.grouped) {
          // One ordinary pair stands for the group: if it is not allowed, none is.
          const first = group.find(ordinary);
          if (!first || decisions.decide(principal, first.request) !== 'Allow') continue;
        }
        for (const item of group) if (ordinary(item)) ask(item);
      }
      allowed.sort((a, b) => a.order - b.order);
      for (const item of allowed) counterexamples.push(describe({ principal, request: item.request }));
    }
    return { id: crossProduct.id, claim: crossProduct.claim, status: checked === 0 ? 'vacuous' : counterexamples.length ? 'fails' : 'holds', checked, counterexamples };
  },
};

const ROLE_CHANGES = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'];

const deployBoundary: Proof = {
  id: 'deploy-role-needs-boundary',
  claim: 'the deploy role of a product account cannot create or change a role without attaching the permissions boundary',
  run: (model) => {
    const out: Probe[] = [];
    for (const principal of principalsOf(model)) {
      if (principal.account.kind !== 'product' || !principal.key.endsWith(`/${model.lz.roles.deploy}`)) continue;
      const role = `arn:aws:iam::${principal.account.id}:role/example`;
      for (const action of ROLE_CHANGES) {
        const contexts: Record<string, string>[] = [{}, { 'iam:PermissionsBoundary': `arn:aws:iam::${principal.account.id}:policy/SomeOtherPolicy` }];
        for (const context of contexts) {
          out.push({ principal, request: { action, resource: role, resourceAccount: principal.account.id, region: 'us-east-1', context } });
        }
      }
      out.push({ principal, request: { action: 'iam:DeleteRolePermissionsBoundary', resource: role, resourceAccount: principal.account.id, region: 'us-east-1' } });
    }
    return check(model, deployBoundary.id, deployBoundary.claim, out);
  },
};

/** A caller in a trusted account: an administrator of that account (outside the model if need be). */
function callerIn(model: PolicyModel, accountId: string): ModelPrincipal {
  const account: ModelAccount = accountWithId(model, accountId) ?? { name: `account ${accountId}`, id: accountId, pending: false, kind: 'core', ou: '' };
  const admin: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  return {
    key: `any:${account.name}`,
    label: `an administrator in ${account.name}`,
    // Not a member of the model: SCPs of a stand-in account are unknown, so they are not applied.
    account: accountWithId(model, accountId) ? account : { ...account, kind: 'management' },
    arn: `arn:aws:iam::${accountId}:role/${ANY_PRINCIPAL_ROLE}`,
    identityPolicies: [admin],
  };
}

const breakGlassMfa: Proof = {
  id: 'break-glass-needs-mfa',
  claim: 'the break-glass role cannot be assumed without MFA',
  run: (model) => {
    const out: Probe[] = [];
    for (const role of model.roles.filter((r) => r.name === model.lz.roles.breakGlass && r.trustPolicy)) {
      const owner = accountNamed(model, role.account)!;
      for (const accountId of awsPrincipalsOf(role.trustPolicy!.document)) {
        const principal = callerIn(model, accountId);
        const base = { action: 'sts:AssumeRole', resource: role.arn, resourceAccount: owner.id, region: model.lz.organization.homeRegion };
        out.push({ principal, request: { ...base, context: { 'aws:MultiFactorAuthPresent': 'false' } } });
        out.push({ principal, request: base });
      }
    }
    return check(model, breakGlassMfa.id, breakGlassMfa.claim, out);
  },
};

export const PROOFS: readonly Proof[] = [noLeave, cloudTrail, config, flowLogs, regions, crossProduct, deployBoundary, breakGlassMfa, logsProtected, ...HARDENING_PROOFS, suspendedAccountsOnlyBootstrap];
