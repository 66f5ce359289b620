/**
 * What a change can affect, so that the effective-access diff evaluates only that. A decision is
 * a function of the statements whose Action (or NotAction) names the requested action, the way
 * the policies are laid out around the principal (which documents bind it at which SCP level, its
 * boundary and identity policies, the resource policy the request meets) and the request and
 * context themselves. So when base and head lay everything out alike, document by document, an
 * action for which no document's applicable statements changed is decided alike for every
 * principal and resource, and need not be asked.
 *
 * Anything that moves the layout (an account added, moved or renamed, a role, key, bucket or
 * attachment of an SCP, RCP or role policy added or removed, a request that differs) makes every action count, and the diff
 * evaluates everything, as LZ_REVIEW_UNGROUPED=1 always does (the reference the review is tested
 * against).
 */
import { sortKeys, type Json } from '../document';
import { indexOf } from '../evaluate/index';
import { orgPathFor, principalsOf, requestRcps, resourcePolicyFor, type AccessRequest } from '../evaluate/access';
import { textOf } from '../evaluate/grouping';
import { statementNamesAction } from '../evaluate/statement';
import { statementsOf, type ModelDocument, type PolicyModel } from '../model';

/**
 * The model without its statements: every principal with the documents (by id) that bind it, and
 * every request with the resource policy and the RCP levels (by id) it meets. Equal layouts bind equal principals by
 * the same documents on the same requests.
 */
export function layoutOf(model: PolicyModel, requests: readonly AccessRequest[]): string {
  const idOf = new Map<Json, string>();
  for (const d of model.documents) if (!idOf.has(d.document)) idOf.set(d.document, d.id);
  const ref = (doc: Json | undefined) => (doc === undefined ? '-' : (idOf.get(doc) ?? `=${textOf(doc)}`));
  const index = indexOf(model);
  const lines = [model.organizationId];
  for (const p of principalsOf(model)) {
    const bound = p.account.kind !== 'management' && !p.outside;
    const scps = bound ? index.scpLevels(p.account).map((level) => [level.target, ...level.policies.map((d) => d.id)]) : [];
    // Every field of the principal, whatever the evaluator reads of it, with documents by id.
    lines.push(JSON.stringify([{ ...p, identityPolicies: p.identityPolicies.map(ref), boundary: ref(p.boundary) }, p.outside ? '-' : orgPathFor(model, p.account), scps]));
  }
  for (const r of requests) {
    const rp = resourcePolicyFor(model, r.action, r.resource);
    const rcps = requestRcps(model, r)?.map((level) => level.map(ref));
    lines.push(JSON.stringify([r, rp ? [ref(rp.policy), rp.kind] : '-', rcps ?? '-']));
  }
  return lines.join('\n');
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

/**
 * The actions of `actions` whose decisions the change from base to head can alter, or undefined
 * when it can alter any (the layouts differ, or LZ_REVIEW_UNGROUPED=1 asks for every pair).
 */
export function affectedActions(
  base: PolicyModel,
  head: PolicyModel,
  requests: { readonly b: readonly AccessRequest[]; readonly h: readonly AccessRequest[] },
): ReadonlySet<string> | undefined {
  if (process.env.LZ_REVIEW_UNGROUPED === '1') return undefined;
  if (layoutOf(base, requests.b) !== layoutOf(head, requests.h)) return undefined;
  const headDocs = new Map(head.documents.map((d) => [d.id, d]));
  const changed: [ModelDocument, ModelDocument][] = [];
  for (const b of base.documents) {
    const h = headDocs.get(b.id);
    // A document on one side only binds nobody: the layouts, which name every binding document, are equal.
    if (h && textOf(b.document) !== textOf(h.document)) changed.push([b, h]);
  }
  const actions = new Set(requests.h.map((r) => r.action));
  const affected = new Set<string>();
  for (const action of actions) {
    if (changed.some(([b, h]) => applicablePart(b, action) !== applicablePart(h, action))) affected.add(action);
  }
  return affected;
}
