/**
 * Evaluating an organization once per class instead of once per account. Principals that are
 * the same up to their account (rendered from one template, under the same SCPs and boundary)
 * decide a request the same way as long as the request, read relative to the principal's account
 * and the resource's account, is the same too: evaluation does not depend on which account id is
 * which, only on which ids are equal. So each decision is keyed by its inputs with the principal's
 * account id written `{P}` and the resource's `{R}`; a pair whose key was decided before takes
 * that decision.
 *
 * A key with a literal account id left in it (a policy naming another account) only matches a
 * pair whose inputs name the same account, so such pairs are never confused. The one thing that
 * breaks the argument is a wildcard inside an account id (`"arn:aws:iam::6000*:root"`): a model
 * holding one is evaluated pair by pair.
 */
import { isPendingAccountId } from '../../config/pending';
import type { Json } from '../document';
import type { PolicyModel } from '../model';
import { decide, orgPathFor, requestRcps, resourcePolicyFor, type AccessRequest, type ModelPrincipal } from './access';
import { indexOf } from './index';
import type { Decision } from './request';

const ID_PATTERNS = new Map<string, RegExp>();

function idPattern(id: string): RegExp {
  let re = ID_PATTERNS.get(id);
  if (!re) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = isPendingAccountId(id) ? new RegExp(`(?<![A-Za-z0-9-])${escaped}(?![a-z0-9-])`, 'g') : new RegExp(`(?<![0-9])${escaped}(?![0-9])`, 'g');
    ID_PATTERNS.set(id, re);
  }
  return re;
}

/** `text` with the account id `id` written as `token`. */
export function withToken(text: string, id: string, token: string): string {
  return text.includes(id) ? text.replace(idPattern(id), token) : text;
}

const TEXTS = new WeakMap<object, string>();
const RCP_TEXTS = new WeakMap<object, string>();

/** The text of a resource account's RCP levels (the index gives one array per account), once per array. */
function rcpText(levels: readonly (readonly Json[])[] | undefined): string {
  if (!levels) return '-';
  let t = RCP_TEXTS.get(levels);
  if (t === undefined) {
    t = levels.map((level) => level.map(textOf).join(',')).join(';');
    RCP_TEXTS.set(levels, t);
  }
  return t;
}

/** A document's JSON text, computed once per document object. */
export function textOf(doc: Json): string {
  if (doc === null || typeof doc !== 'object') return JSON.stringify(doc);
  let t = TEXTS.get(doc);
  if (t === undefined) {
    t = JSON.stringify(doc);
    TEXTS.set(doc, t);
  }
  return t;
}

/** Every account id (twelve digits, or a pending placeholder) a text names. */
export function idsIn(text: string): ReadonlySet<string> {
  return new Set(text.match(/(?<![0-9])[0-9]{12}(?![0-9])|PENDING-[a-z0-9-]+/g) ?? []);
}

/** Whether any document has a wildcard next to a digit, which could match part of an account id. */
export function groupingSafe(model: PolicyModel): boolean {
  return !model.documents.some((d) => /[0-9][*?]|[*?][0-9]|PENDING-[a-z0-9-]*[*?]/.test(textOf(d.document)));
}

/** Memoized decisions over one model. */
export class Decisions {
  private readonly safe: boolean;
  private readonly classes = new Map<string, string>();
  private readonly mentioned = new Map<string, ReadonlySet<string>>();
  private readonly memo = new Map<string, Decision>();
  private readonly interned = new Map<string, number>();

  constructor(private readonly model: PolicyModel) {
    // LZ_REVIEW_UNGROUPED=1 evaluates every pair on its own: the reference the grouped review is tested against.
    this.safe = process.env.LZ_REVIEW_UNGROUPED !== '1' && groupingSafe(model);
  }

  /** Whether decisions may stand for their class (no wildcard inside an account id anywhere). */
  get grouped(): boolean {
    return this.safe;
  }

  private intern(text: string): number {
    let n = this.interned.get(text);
    if (n === undefined) {
      n = this.interned.size;
      this.interned.set(text, n);
    }
    return n;
  }

  /** The principal's class: everything that decides its requests, its own account id as `{P}`. */
  classOf(p: ModelPrincipal): string {
    const cacheKey = `${p.key}\u0000${p.account.id}`;
    let c = this.classes.get(cacheKey);
    if (c === undefined) {
      const id = p.account.id;
      const bound = p.account.kind !== 'management' && !p.outside;
      const scps = bound
        ? indexOf(this.model)
            .scpLevels(p.account)
            .map((level) => level.policies.map((d) => (d.attachedTo.some((t) => t.startsWith('account:')) ? withToken(textOf(d.document), id, '{P}') : `#${this.intern(textOf(d.document))}`)).join(','))
            .join(';')
        : '-';
      const own = withToken([p.arn, ...p.identityPolicies.map(textOf), p.boundary === undefined ? '-' : textOf(p.boundary)].join('\u0001'), id, '{P}');
      const path = p.outside ? '-' : withToken(orgPathFor(this.model, p.account), id, '{P}');
      c = `#${this.intern(`${own}\u0002${scps}\u0002${path}\u0002${p.outside ? 'o' : ''}${p.account.kind === 'management' ? 'm' : ''}`)}`;
      this.classes.set(cacheKey, c);
      const texts = [...p.identityPolicies.map(textOf), p.boundary === undefined ? '' : textOf(p.boundary)];
      if (bound) for (const level of indexOf(this.model).scpLevels(p.account)) for (const d of level.policies) texts.push(textOf(d.document));
      this.mentioned.set(cacheKey, idsIn(texts.join('\n')));
    }
    return c;
  }

  private readonly requestClasses = new WeakMap<AccessRequest, { key: string; mentions: ReadonlySet<string> }>();

  /**
   * The request's class: the request with its resource's account as `{R}`, and the account ids
   * it names besides. Requests of one class are decided alike by a principal of one class,
   * unless the principal is in the resource's account or one of them names the other's account.
   */
  requestClass(request: AccessRequest): { key: string; mentions: ReadonlySet<string> } {
    let c = this.requestClasses.get(request);
    if (!c) {
      const R = request.resourceAccount;
      const rp = resourcePolicyFor(this.model, request.action, request.resource);
      // The RCPs that bind the resource's account decide too: two accounts under different RCPs differ.
      const raw = [request.resource, request.context ? JSON.stringify(request.context) : '', rp ? textOf(rp.policy) : '', rcpText(requestRcps(this.model, request))];
      const mentions = new Set(idsIn(raw.join('\n')));
      mentions.delete(R);
      const rel = (text: string) => withToken(text, R, '{R}');
      const key = `|${request.action}|${rel(raw[0])}|{R}|${request.region}|${rel(raw[1])}|${rp ? `${rp.kind}:${this.relativePolicy(rp.policy, '', R)}` : '-'}|#${this.intern(rel(raw[3]))}`;
      c = { key, mentions };
      this.requestClasses.set(request, c);
    }
    return c;
  }

  /** Whether the pair is one the classes cannot stand for: same account, or one names the other's. */
  exceptional(p: ModelPrincipal, request: AccessRequest): boolean {
    const P = p.account.id;
    const R = request.resourceAccount;
    return P === R || this.requestClass(request).mentions.has(P) || this.mentions(p).has(R);
  }

  /** The key of a request relative to a principal: the class and the request with both accounts as tokens. */
  keyOf(p: ModelPrincipal, request: AccessRequest): string {
    if (!this.exceptional(p, request)) return `${this.classOf(p)}${this.requestClass(request).key}`;
    const P = p.account.id;
    const R = request.resourceAccount;
    const rel = (text: string) => (R === P ? withToken(text, P, '{P}') : withToken(withToken(text, P, '{P}'), R, '{R}'));
    const rp = resourcePolicyFor(this.model, request.action, request.resource);
    const policy = rp ? `${rp.kind}:${this.relativePolicy(rp.policy, P, R)}` : '-';
    const context = request.context ? rel(JSON.stringify(request.context)) : '';
    const rcps = `#${this.intern(rel(rcpText(requestRcps(this.model, request))))}`;
    // A principal whose own policies name the resource's account decides differently for it.
    const named = R !== P && this.mentions(p).has(R) ? R : '';
    return `${this.classOf(p)}${named}!|${request.action}|${rel(request.resource)}|${R === P ? '{P}' : '{R}'}|${request.region}|${context}|${policy}|${rcps}`;
  }

  private readonly relativePolicies = new WeakMap<object, Map<string, string>>();

  /**
   * A resource policy's text with account `P` written `{P}` and `R` written `{R}` (`P` empty: only
   * `R`), as a short interned name: the texts run to kilobytes, and every principal of an account
   * asks about the same resources, so each is rewritten once per pair of accounts and the memo's
   * keys stay short.
   */
  private relativePolicy(policy: Json, P: string, R: string): string {
    if (policy === null || typeof policy !== 'object') return JSON.stringify(policy);
    let byAccounts = this.relativePolicies.get(policy);
    if (!byAccounts) {
      byAccounts = new Map();
      this.relativePolicies.set(policy, byAccounts);
    }
    const pair = `${P}\u0000${R}`;
    let name = byAccounts.get(pair);
    if (name === undefined) {
      const text = textOf(policy);
      const rel = P === '' ? withToken(text, R, '{R}') : R === P ? withToken(text, P, '{P}') : withToken(withToken(text, P, '{P}'), R, '{R}');
      name = `#${this.intern(rel)}`;
      byAccounts.set(pair, name);
    }
    return name;
  }

  /** The account ids the principal's own policies and SCPs name. */
  mentions(p: ModelPrincipal): ReadonlySet<string> {
    this.classOf(p);
    return this.mentioned.get(`${p.key}\u0000${p.account.id}`)!;
  }

  decide(p: ModelPrincipal, request: AccessRequest): Decision {
    if (!this.safe) return decide(this.model, p, request);
    const key = this.keyOf(p, request);
    let d = this.memo.get(key);
    if (d === undefined) {
      d = decide(this.model, p, request);
      this.memo.set(key, d);
    }
    return d;
  }
}

const DECISIONS = new WeakMap<PolicyModel, Decisions>();

/** The memoized decisions of a model. */
export function decisionsOf(model: PolicyModel): Decisions {
  let d = DECISIONS.get(model);
  if (!d) {
    d = new Decisions(model);
    DECISIONS.set(model, d);
  }
  return d;
}
