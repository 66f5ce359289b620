/**
 * The effective-access diff: every principal of both models asked every sensitive request, base
 * against head. What a principal gained or lost is reported, grouped so that one SCP change over
 * eleven accounts reads as one line naming the accounts, not eleven hundred rows.
 */
import { decide, principalsOf, type ModelPrincipal } from '../evaluate/access';
import type { Decision } from '../evaluate/request';
import type { PolicyModel } from '../model';
import { sensitiveRequests, type LabelledRequest } from './sensitive-actions';

export interface AccessChange {
  readonly principal: string;
  readonly principalLabel: string;
  /** The principal's account name. */
  readonly account: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceLabel: string;
  readonly region: string;
  readonly before: Decision | 'absent';
  readonly after: Decision | 'absent';
  readonly change: 'gained' | 'lost';
}

type Table = Map<string, { principal: ModelPrincipal; request: LabelledRequest; decision: Decision }>;

function requestsFor(principal: ModelPrincipal, all: readonly LabelledRequest[]): LabelledRequest[] {
  return all.filter((r) => !r.standIn || r.resourceAccount === principal.account.id);
}

/** Every decision of a model, keyed by principal and request. */
export function accessTable(model: PolicyModel): Table {
  const table: Table = new Map();
  const requests = sensitiveRequests(model);
  for (const principal of principalsOf(model)) {
    for (const request of requestsFor(principal, requests)) {
      const key = `${principal.key}|${request.action}|${request.resource}|${request.region}`;
      table.set(key, { principal, request, decision: decide(model, principal, request) });
    }
  }
  return table;
}

export function diffAccess(base: PolicyModel, head: PolicyModel): AccessChange[] {
  const a = accessTable(base);
  const b = accessTable(head);
  const out: AccessChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const before = a.get(key);
    const after = b.get(key);
    const was = before?.decision === 'Allow';
    const is = after?.decision === 'Allow';
    if (was === is) continue;
    const entry = (after ?? before)!;
    out.push({
      principal: entry.principal.key,
      principalLabel: entry.principal.label,
      account: entry.principal.account.name,
      action: entry.request.action,
      resource: entry.request.resource,
      resourceLabel: entry.request.resourceLabel,
      region: entry.request.region,
      before: before?.decision ?? 'absent',
      after: after?.decision ?? 'absent',
      change: is ? 'gained' : 'lost',
    });
  }
  return out;
}

export interface AccessGroup {
  readonly change: 'gained' | 'lost';
  /** Principal labels sharing exactly these changes. */
  readonly principals: readonly string[];
  readonly accounts: readonly string[];
  readonly region: string;
  /** `action on resource`, with the account part of the resource dropped when it varies by principal. */
  readonly grants: readonly string[];
  readonly actions: readonly string[];
}

/** Groups changes: per principal and region the set of grants, then principals with equal sets. */
export function groupChanges(changes: readonly AccessChange[]): AccessGroup[] {
  const perPrincipal = new Map<string, { change: AccessChange['change']; label: string; account: string; region: string; grants: Set<string>; actions: Set<string>; kind: string }>();
  for (const c of changes) {
    const key = `${c.change}|${c.principal}|${c.region}`;
    let g = perPrincipal.get(key);
    if (!g) {
      g = { change: c.change, label: c.principalLabel, account: c.account, region: c.region, grants: new Set(), actions: new Set(), kind: c.principal.split(':')[0] + ':' + c.principalLabel.split(' in ')[0] };
      perPrincipal.set(key, g);
    }
    // Own-account stand-ins read the same for every principal, so drop the account to let them group.
    const resource = c.resourceLabel.endsWith(` in ${c.account}`) ? c.resourceLabel.slice(0, -` in ${c.account}`.length) : c.resourceLabel;
    g.grants.add(`${c.action} on ${resource}`);
    g.actions.add(c.action);
  }
  const groups = new Map<string, { change: AccessChange['change']; principals: string[]; accounts: string[]; region: string; grants: string[]; actions: Set<string> }>();
  for (const g of perPrincipal.values()) {
    const grants = [...g.grants].sort();
    const key = `${g.change}|${g.region}|${g.kind}|${grants.join(';')}`;
    let group = groups.get(key);
    if (!group) {
      group = { change: g.change, principals: [], accounts: [], region: g.region, grants, actions: new Set() };
      groups.set(key, group);
    }
    group.principals.push(g.label);
    group.accounts.push(g.account);
    for (const a of g.actions) group.actions.add(a);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, principals: g.principals.sort(), accounts: [...new Set(g.accounts)].sort(), actions: [...g.actions].sort() }))
    .sort((x, y) => (x.change === y.change ? 0 : x.change === 'gained' ? -1 : 1) || y.principals.length - x.principals.length || x.region.localeCompare(y.region));
}
