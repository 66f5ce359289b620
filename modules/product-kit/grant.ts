/**
 * Grants: scoped statements added to a principal's policy. A construct that can be granted
 * something (a ServiceRole) implements `IGrantable`; resources (buckets, queues, the data key) build
 * the statements from their named action lists and hand them over.
 */
import type { Json } from '../../src/policies/document';

/** One Allow statement of an identity policy. */
export interface PolicyStatement {
  /** Unique within the policy; the grant names it after the resource, e.g. `ReadDocuments`. */
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** IAM condition block, e.g. `{ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }`. @default - none */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Something that can be granted permissions: an IAM principal whose identity policy the kit writes. */
export interface IGrantable {
  /** Adds a statement to the principal's policy; an identical statement is added once. */
  addToPrincipalPolicy(statement: PolicyStatement): void;
}

/** What a grant added: the statements, in the order they were added. */
export interface Grant {
  readonly statements: readonly PolicyStatement[];
}

/** Gives each statement to the grantee and returns the grant. */
export function grant(grantee: IGrantable, statements: readonly PolicyStatement[]): Grant {
  for (const s of statements) grantee.addToPrincipalPolicy(s);
  return { statements };
}

/** The statement as it appears in the policy document. */
export function statementJson(s: PolicyStatement): Json {
  const one = (list: readonly string[]): Json => (list.length === 1 ? list[0] : [...list]);
  return {
    Sid: s.sid,
    Effect: 'Allow',
    Action: one(s.actions),
    Resource: one(s.resources),
    ...(s.condition ? { Condition: JSON.parse(JSON.stringify(s.condition)) as Json } : {}),
  };
}

/** `documents-store` → `DocumentsStore`: a construct id as part of a statement id (Sids are alphanumeric). */
export function sidPart(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
