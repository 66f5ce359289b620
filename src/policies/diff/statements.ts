/**
 * The statement-level diff of two policy models: per document, statements added, removed and
 * changed, and attachments added and removed, each marked as broadening or narrowing access.
 * Statements pair up by Sid; statements without one pair up only when identical.
 */
import { sortKeys, type Json } from '../document';
import { asObject, stringList } from '../evaluate/statement';
import { statementsOf, type ModelDocument } from '../model';
import type { PolicyKind } from '../registry';

export type Direction = 'broadening' | 'narrowing' | 'neutral';

/** A statement reduced to sets, so that order and single-vs-list spelling do not show as changes. */
export interface NormalStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly string[];
  readonly notPrincipals: readonly string[];
  /** `Operator key` → sorted values. */
  readonly conditions: Readonly<Record<string, readonly string[]>>;
}

export interface StatementChange {
  readonly change: 'added' | 'removed' | 'changed';
  /** The statement before (for removed and changed) and after (for added and changed). */
  readonly before?: NormalStatement;
  readonly after?: NormalStatement;
  readonly direction: Direction;
  /** What changed, in words: `actions +s3:PutObject`, `condition removed: StringEquals aws:RequestedRegion`. */
  readonly details: readonly string[];
}

export interface DocumentChange {
  readonly document: string;
  readonly kind: PolicyKind;
  readonly change: 'added' | 'removed' | 'changed';
  readonly statements: readonly StatementChange[];
  readonly attached: readonly string[];
  readonly detached: readonly string[];
  /** The direction of the attachment changes. */
  readonly attachmentDirection: Direction;
  readonly direction: Direction;
}

function principalList(v: Json | undefined): string[] {
  if (v === '*') return ['*'];
  const o = asObject(v);
  if (!o) return [];
  return Object.keys(o)
    .sort()
    .flatMap((type) => stringList(o[type]).map((p) => (type === 'AWS' ? p : `${type}:${p}`)));
}

const sorted = (v: Json | undefined) => [...new Set(stringList(v))].sort();

export function normalise(statement: Json): NormalStatement {
  const s = asObject(statement) ?? {};
  const conditions: Record<string, string[]> = {};
  for (const [op, block] of Object.entries(asObject(s.Condition) ?? {})) {
    for (const [key, values] of Object.entries(asObject(block) ?? {})) {
      conditions[`${op} ${key}`] = (Array.isArray(values) ? values : [values]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).sort();
    }
  }
  return {
    ...(typeof s.Sid === 'string' && s.Sid ? { sid: s.Sid } : {}),
    effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
    actions: sorted(s.Action),
    notActions: sorted(s.NotAction),
    resources: sorted(s.Resource),
    notResources: sorted(s.NotResource),
    principals: principalList(s.Principal),
    notPrincipals: principalList(s.NotPrincipal),
    conditions: sortKeys(conditions as Json) as Record<string, string[]>,
  };
}

function same(a: NormalStatement, b: NormalStatement): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/** Whether a statement widens access when it exists: an Allow widens, a Deny narrows. */
function grants(s: NormalStatement): boolean {
  return s.effect === 'Allow';
}

function combine(directions: Direction[]): Direction {
  if (directions.includes('broadening')) return 'broadening';
  if (directions.includes('narrowing')) return 'narrowing';
  return 'neutral';
}

/** Compares two versions of one statement, field by field. */
export function compareStatements(before: NormalStatement, after: NormalStatement): StatementChange {
  const details: string[] = [];
  const directions: Direction[] = [];
  if (before.effect !== after.effect) {
    details.push(`effect ${before.effect} → ${after.effect}`);
    directions.push(after.effect === 'Allow' ? 'broadening' : 'narrowing');
  }
  const allow = after.effect === 'Allow';
  // For an Allow, more actions/resources/principals is broader; for a Deny, fewer is.
  const field = (name: string, a: readonly string[], b: readonly string[], widensWhenAdded: boolean) => {
    const added = minus(b, a);
    const removed = minus(a, b);
    if (added.length) {
      details.push(`${name} +${added.join(', +')}`);
      directions.push(widensWhenAdded === allow ? 'broadening' : 'narrowing');
    }
    if (removed.length) {
      details.push(`${name} −${removed.join(', −')}`);
      directions.push(widensWhenAdded === allow ? 'narrowing' : 'broadening');
    }
  };
  if (before.effect === after.effect) {
    field('actions', before.actions, after.actions, true);
    field('not-actions', before.notActions, after.notActions, false);
    field('resources', before.resources, after.resources, true);
    field('not-resources', before.notResources, after.notResources, false);
    field('principals', before.principals, after.principals, true);
    field('not-principals', before.notPrincipals, after.notPrincipals, false);
    const keys = [...new Set([...Object.keys(before.conditions), ...Object.keys(after.conditions)])].sort();
    for (const key of keys) {
      const a = before.conditions[key];
      const b = after.conditions[key];
      if (a && !b) {
        details.push(`condition removed: ${key}`);
        directions.push(allow ? 'broadening' : 'narrowing');
      } else if (!a && b) {
        details.push(`condition added: ${key} ${b.join(', ')}`);
        directions.push(allow ? 'narrowing' : 'broadening');
      } else if (a && b && JSON.stringify(a) !== JSON.stringify(b)) {
        // Whether new values widen depends on the operator; a reviewer should look either way.
        details.push(`condition ${key}: ${a.join(', ')} → ${b.join(', ')}`);
        directions.push('broadening');
      }
    }
  }
  return { change: 'changed', before, after, direction: combine(directions), details };
}

export function diffStatements(before: readonly Json[], after: readonly Json[]): StatementChange[] {
  const a = before.map(normalise);
  const b = after.map(normalise);
  const out: StatementChange[] = [];
  const matchedB = new Set<number>();
  const matchedA = new Set<number>();
  // Identical statements first, then the same Sid.
  a.forEach((s, i) => {
    const j = b.findIndex((t, k) => !matchedB.has(k) && same(s, t));
    if (j >= 0) {
      matchedA.add(i);
      matchedB.add(j);
    }
  });
  a.forEach((s, i) => {
    if (matchedA.has(i) || !s.sid) return;
    const j = b.findIndex((t, k) => !matchedB.has(k) && t.sid === s.sid);
    if (j < 0) return;
    matchedA.add(i);
    matchedB.add(j);
    out.push(compareStatements(s, b[j]));
  });
  a.forEach((s, i) => {
    if (!matchedA.has(i)) out.push({ change: 'removed', before: s, direction: grants(s) ? 'narrowing' : 'broadening', details: [] });
  });
  b.forEach((s, j) => {
    if (!matchedB.has(j)) out.push({ change: 'added', after: s, direction: grants(s) ? 'broadening' : 'narrowing', details: [] });
  });
  return out;
}

/**
 * Whether attaching the document widens access: identity and trust policies grant, so attaching
 * them widens; SCPs, RCPs and boundaries only limit (FullAWSAccess and RCPFullAWSAccess stay
 * attached), so attaching narrows.
 */
function attachingWidens(kind: PolicyKind): boolean {
  return !(kind === 'service-control-policy' || kind === 'resource-control-policy' || kind === 'permissions-boundary');
}

export function diffDocuments(base: readonly ModelDocument[], head: readonly ModelDocument[]): DocumentChange[] {
  const ids = [...new Set([...base.map((d) => d.id), ...head.map((d) => d.id)])].sort();
  const first = (documents: readonly ModelDocument[]) => {
    const byId = new Map<string, ModelDocument>();
    for (const d of documents) if (!byId.has(d.id)) byId.set(d.id, d);
    return byId;
  };
  const baseById = first(base);
  const headById = first(head);
  const out: DocumentChange[] = [];
  for (const id of ids) {
    const a = baseById.get(id);
    const b = headById.get(id);
    // The same document unchanged (the common case at scale): nothing to compare.
    if (a && b && a.kind === b.kind && JSON.stringify(a.attachedTo) === JSON.stringify(b.attachedTo) && JSON.stringify(a.document) === JSON.stringify(b.document)) continue;
    const kind = (b ?? a)!.kind;
    const statements = diffStatements(a ? statementsOf(a.document) : [], b ? statementsOf(b.document) : []);
    const attached = minus(b?.attachedTo ?? [], a?.attachedTo ?? []);
    const detached = minus(a?.attachedTo ?? [], b?.attachedTo ?? []);
    // A document that appears or goes with its attachments counts through its statements alone.
    const counted = a && b;
    const attachmentDirection = !counted
      ? 'neutral'
      : combine([
          ...(attached.length ? [attachingWidens(kind) ? 'broadening' : 'narrowing'] : []),
          ...(detached.length ? [attachingWidens(kind) ? 'narrowing' : 'broadening'] : []),
        ] as Direction[]);
    if (statements.length === 0 && attached.length === 0 && detached.length === 0) continue;
    // A new or removed document with no attachments changes no access.
    const effective = (b ?? a)!.attachedTo.length > 0 ? statements.map((s) => s.direction) : [];
    out.push({
      document: id,
      kind,
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      statements,
      attached,
      detached,
      attachmentDirection,
      direction: combine([...effective, attachmentDirection]),
    });
  }
  return out;
}
