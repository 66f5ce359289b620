/**
 * The effective-access diff: every principal of both models asked every sensitive request, base
 * against head. What a principal gained or lost is reported, grouped so that one SCP change over
 * eleven accounts reads as one line naming the accounts, not eleven hundred rows.
 */
import { principalsOf, type ModelPrincipal } from '../evaluate/access';
import { decisionsOf } from '../evaluate/grouping';
import type { Decision } from '../evaluate/request';
import type { PolicyModel } from '../model';
import { changeScope, requestId } from './affected';
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

/** A principal or request as it is in the base and in the head (either may be missing). */
interface Both<T> {
  b?: T;
  h?: T;
}

const requestKey = (r: LabelledRequest) => `${r.action}|${r.resource}|${r.region}`;

function allowed(d: Decision | 'absent'): boolean {
  return d === 'Allow';
}

/**
 * Every change of decision between base and head, for every principal of either and every
 * sensitive request it is asked (its own account's stand-in resources, and every key, bucket and
 * role of the organization), sorted by principal, action, resource and region.
 *
 * Principals are evaluated per class (./grouping): for the requests of one class in the base and
 * one in the head, a principal decides every request alike unless the pair is exceptional (same
 * account, or one names the other's account). So per principal and such group, one pair says
 * whether any changed; only exceptional pairs and groups that changed are looked at one by one.
 * A principal that base and head bind alike is asked only the requests the change can affect:
 * those bound differently, added or removed, and those whose action's statements changed (./affected).
 */
export function diffAccess(base: PolicyModel, head: PolicyModel): AccessChange[] {
  const db = decisionsOf(base);
  const dh = decisionsOf(head);
  const grouped = db.grouped && dh.grouped;

  const principals = new Map<string, Both<ModelPrincipal>>();
  for (const p of principalsOf(base)) principals.set(p.key, { b: p });
  for (const p of principalsOf(head)) principals.set(p.key, { ...(principals.get(p.key) ?? {}), h: p });

  // Stand-in requests by account id; the others by key.
  const standIns = { b: new Map<string, LabelledRequest[]>(), h: new Map<string, LabelledRequest[]>() };
  const shared = new Map<string, Both<LabelledRequest>>();
  const add = <T>(map: Map<string, T[]>, id: string, item: T) => {
    const list = map.get(id);
    if (list) list.push(item);
    else map.set(id, [item]);
  };
  const requests = { b: sensitiveRequests(base), h: sensitiveRequests(head) };
  for (const side of ['b', 'h'] as const) {
    for (const r of requests[side]) {
      if (r.standIn) {
        add(standIns[side], r.resourceAccount, r);
        continue;
      }
      const key = requestKey(r);
      const entry = shared.get(key) ?? {};
      entry[side] = r;
      shared.set(key, entry);
    }
  }
  // Pairs of a principal and a request laid out alike whose action's statements did not change
  // are decided alike (./affected): a principal laid out alike is asked only the other requests.
  const scope = changeScope(base, head, requests);
  const live = (q: Both<LabelledRequest>) => {
    if (!scope || !q.b || !q.h) return true;
    const id = requestId(q.h);
    return id !== requestId(q.b) || !scope.sameRequest(id) || scope.changedAction(q.h.action);
  };

  /** Who requests concern (their owner, the accounts they name) and their groups by class in base and head. */
  interface RequestIndex {
    readonly byOwner: { readonly b: Map<string, string[]>; readonly h: Map<string, string[]> };
    readonly byMention: { readonly b: Map<string, string[]>; readonly h: Map<string, string[]> };
    readonly groups: Map<string, string[]>;
  }
  const indexOver = (keys: Iterable<string>): RequestIndex => {
    const index: RequestIndex = { byOwner: { b: new Map(), h: new Map() }, byMention: { b: new Map(), h: new Map() }, groups: new Map() };
    for (const key of keys) {
      const q = shared.get(key)!;
      for (const [side, decisions] of [['b', db], ['h', dh]] as const) {
        const r = q[side];
        if (!r) continue;
        add(index.byOwner[side], r.resourceAccount, key);
        for (const id of decisions.requestClass(r).mentions) add(index.byMention[side], id, key);
      }
      add(index.groups, `${q.b ? db.requestClass(q.b).key : 'absent'}\u0000${q.h ? dh.requestClass(q.h).key : 'absent'}`, key);
    }
    return index;
  };
  // The requests a change can affect, indexed at once; all of them only when a principal not laid out alike needs them.
  const liveIndex = indexOver([...shared].filter(([, q]) => live(q)).map(([key]) => key));
  let fullIndex: RequestIndex | undefined;

  const out: { key: string; change: AccessChange }[] = [];
  const compare = (pk: string, p: Both<ModelPrincipal>, q: Both<LabelledRequest>) => {
    const before: Decision | 'absent' = p.b && q.b ? db.decide(p.b, q.b) : 'absent';
    const after: Decision | 'absent' = p.h && q.h ? dh.decide(p.h, q.h) : 'absent';
    if (allowed(before) === allowed(after)) return;
    const principal = (p.h && q.h ? p.h : p.b)!;
    const request = (p.h && q.h ? q.h : q.b)!;
    out.push({
      key: `${pk}|${request.action}|${request.resource}|${request.region}`,
      change: {
        principal: principal.key,
        principalLabel: principal.label,
        account: principal.account.name,
        action: request.action,
        resource: request.resource,
        resourceLabel: request.resourceLabel,
        region: request.region,
        before,
        after,
        change: allowed(after) ? 'gained' : 'lost',
      },
    });
  };

  for (const [pk, p] of principals) {
    const alike = scope?.samePrincipal(pk) === true;
    // The principal's own stand-in resources.
    const own = new Map<string, Both<LabelledRequest>>();
    for (const q of p.b ? (standIns.b.get(p.b.account.id) ?? []) : []) own.set(requestKey(q), { b: q });
    for (const q of p.h ? (standIns.h.get(p.h.account.id) ?? []) : []) own.set(requestKey(q), { ...(own.get(requestKey(q)) ?? {}), h: q });
    for (const q of own.values()) if (!alike || live(q)) compare(pk, p, q);

    const index = alike ? liveIndex : (fullIndex ??= indexOver(shared.keys()));
    if (index.groups.size === 0) continue;
    // Pairs the classes cannot stand for.
    const exceptions = new Set<string>();
    for (const [side, principal, decisions] of [['b', p.b, db], ['h', p.h, dh]] as const) {
      if (!principal) continue;
      for (const key of index.byOwner[side].get(principal.account.id) ?? []) exceptions.add(key);
      for (const key of index.byMention[side].get(principal.account.id) ?? []) exceptions.add(key);
      for (const id of decisions.mentions(principal)) for (const key of index.byOwner[side].get(id) ?? []) exceptions.add(key);
    }
    for (const key of exceptions) compare(pk, p, shared.get(key)!);

    for (const keys of index.groups.values()) {
      if (grouped) {
        // One ordinary pair stands for the group: if it did not change, none did.
        const first = keys.find((k) => !exceptions.has(k));
        if (first === undefined) continue;
        const before = out.length;
        compare(pk, p, shared.get(first)!);
        if (out.length === before) continue;
        out.pop();
      }
      for (const key of keys) if (!exceptions.has(key)) compare(pk, p, shared.get(key)!);
    }
  }
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((x) => x.change);
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
