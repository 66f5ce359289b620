/**
 * What a change can affect, so that the effective-access diff evaluates only that. A decision is
 * a function of the request and its context, of how the policies are laid out around it (which
 * documents bind the principal at which SCP level, its boundary and identity policies, the
 * resource policy and RCPs the request meets) and of those documents' statements whose Action (or
 * NotAction) names the requested action. So a principal and a request that base and head lay out
 * alike, document id by document id, are decided alike unless some document's statements for the
 * action changed: such pairs are not asked. Everything else is: principals or requests added,
 * removed or bound differently (an account moved, a policy attached elsewhere, a role's boundary
 * replaced), and every pair whose action's statements changed. LZ_REVIEW_UNGROUPED=1 asks every
 * pair (the reference the review is tested against).
 */
import { sortKeys, type Json } from '../document';
import { indexOf } from '../evaluate/index';
import { orgPathFor, principalsOf, requestRcps, resourcePolicyFor, type AccessRequest } from '../evaluate/access';
import { textOf } from '../evaluate/grouping';
import { statementNamesAction } from '../evaluate/statement';
import { statementsOf, type ModelDocument, type PolicyModel } from '../model';

/** How one model binds each principal and request, with documents named by id. */
interface Layout {
  readonly principals: ReadonlyMap<string, string>;
  /** null where two different requests share an identity. */
  readonly requests: ReadonlyMap<string, string | null>;
}

/** A request's identity across base and head: its account, action, resource and region. */
export function requestId(r: AccessRequest): string {
  return `${r.resourceAccount}|${r.action}|${r.resource}|${r.region}`;
}

/**
 * The model without its statements: every principal with the documents (by id) that bind it
 * (identity policies, boundary, SCPs at each level) and its organization path, and every request
 * with the resource policy and the RCP levels (by id) it meets. A principal and a request laid out
 * alike in base and head are bound by documents of the same ids at the same places.
 */
function layoutOf(model: PolicyModel, requests: readonly AccessRequest[]): Layout {
  const idOf = new Map<Json, string>();
  for (const d of model.documents) if (!idOf.has(d.document)) idOf.set(d.document, d.id);
  const ref = (doc: Json | undefined) => (doc === undefined ? '-' : (idOf.get(doc) ?? `=${textOf(doc)}`));
  const index = indexOf(model);
  const principals = new Map<string, string>();
  for (const p of principalsOf(model)) {
    const bound = p.account.kind !== 'management' && !p.outside;
    const scps = bound ? index.scpLevels(p.account).map((level) => [level.target, ...level.policies.map((d) => d.id)]) : [];
    // Every field of the principal, whatever the evaluator reads of it, with documents by id.
    principals.set(p.key, JSON.stringify([model.organizationId, { ...p, identityPolicies: p.identityPolicies.map(ref), boundary: ref(p.boundary) }, p.outside ? '-' : orgPathFor(model, p.account), scps]));
  }
  const lines = new Map<string, string | null>();
  for (const r of requests) {
    const rp = resourcePolicyFor(model, r.action, r.resource);
    const rcps = requestRcps(model, r)?.map((level) => level.map(ref));
    const id = requestId(r);
    const line = JSON.stringify([r, rp ? [ref(rp.policy), rp.kind] : '-', rcps ?? '-']);
    // Two different requests of one identity: neither counts as laid out alike.
    lines.set(id, lines.has(id) && lines.get(id) !== line ? null : line);
  }
  return { principals, requests: lines };
}

/** What the change from base to head can alter, pair by pair. */
export interface ChangeScope {
  /** Whether the principal (by key) is in both and bound alike. */
  samePrincipal(key: string): boolean;
  /** Whether the request (by ./requestId) is in both and meets the same resource policy and RCPs. */
  sameRequest(id: string): boolean;
  /** Whether some document's statements that apply to the action changed. */
  changedAction(action: string): boolean;
}

/**
 * The scope of a change, or undefined when LZ_REVIEW_UNGROUPED=1 asks for every pair. A pair of a
 * principal and a request both laid out alike is decided alike unless its action changed: every
 * document that binds it has the same id on both sides, and only their applicable statements count.
 */
export function changeScope(
  base: PolicyModel,
  head: PolicyModel,
  requests: { readonly b: readonly AccessRequest[]; readonly h: readonly AccessRequest[] },
): ChangeScope | undefined {
  if (process.env.LZ_REVIEW_UNGROUPED === '1') return undefined;
  const lb = layoutOf(base, requests.b);
  const lh = layoutOf(head, requests.h);
  const headDocs = new Map(head.documents.map((d) => [d.id, d]));
  const changed: [ModelDocument, ModelDocument][] = [];
  for (const b of base.documents) {
    const h = headDocs.get(b.id);
    // A document on one side only binds nobody laid out alike: their layouts name it on one side only.
    if (h && textOf(b.document) !== textOf(h.document)) changed.push([b, h]);
  }
  const actions = new Map<string, boolean>();
  const same = (a: ReadonlyMap<string, string | null>, b: ReadonlyMap<string, string | null>, key: string) => {
    const x = a.get(key);
    return typeof x === 'string' && x === b.get(key);
  };
  return {
    samePrincipal: (key) => same(lb.principals, lh.principals, key),
    sameRequest: (id) => same(lb.requests, lh.requests, id),
    changedAction(action) {
      let c = actions.get(action);
      if (c === undefined) {
        c = changed.some(([b, h]) => applicablePart(b, action) !== applicablePart(h, action));
        actions.set(action, c);
      }
      return c;
    },
  };
}

/**
 * The actions of the requests whose decisions the change from base to head can alter, when every
 * principal and request is laid out alike; undefined when some is not (or LZ_REVIEW_UNGROUPED=1).
 */
export function affectedActions(
  base: PolicyModel,
  head: PolicyModel,
  requests: { readonly b: readonly AccessRequest[]; readonly h: readonly AccessRequest[] },
): ReadonlySet<string> | undefined {
  const scope = changeScope(base, head, requests);
  if (!scope) return undefined;
  const keys = new Set([...principalsOf(base), ...principalsOf(head)].map((p) => p.key));
  const ids = new Set([...requests.b, ...requests.h].map(requestId));
  if (![...keys].every((k) => scope.samePrincipal(k)) || ![...ids].every((id) => scope.sameRequest(id))) return undefined;
  return new Set(requests.h.map((r) => r.action).filter((a) => scope.changedAction(a)));
}

const ASSUME = /^sts:AssumeRole/i;

/**
 * What of a document can decide a request for `action`: its statements that name the action, in
 * a fixed order (evaluation does not depend on it), each without its Sid and its Action or
 * NotAction (once a statement names the action, the evaluator reads neither). A trust policy is
 * read whole for sts:AssumeRole*, since a caller outside the organization is given every external
 * id it names (../evaluate/access).
 */
function applicablePart(doc: ModelDocument, action: string): string {
  if (ASSUME.test(action) && doc.kind === 'trust-policy') return textOf(doc.document);
  return statementsOf(doc.document)
    .filter((s) => statementNamesAction(s, action))
    .map((s) => {
      const { Sid: _sid, Action: _action, NotAction: _notAction, ...rest } = s as Record<string, Json>;
      return JSON.stringify(sortKeys(rest));
    })
    .sort()
    .join('\n');
}
