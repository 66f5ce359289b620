/**
 * What lint reports. A rule returns `RuleFinding`s (which statement, what is wrong); the pack adds
 * the id, severity and fix; suppressions mark the ones a reviewer accepted, with the reason.
 */
import type { Json } from '../document';
import type { PolicyKind } from '../registry';
import type { ModelDocument } from '../model';
import type { Catalogue } from './catalogue';

export type Severity = 'error' | 'warning' | 'info';

/** A statement of the document under lint, with how findings name it. */
export interface LintStatement {
  /** `Sid` when the statement has one, else `Statement[i]`. */
  readonly label: string;
  readonly index: number;
  readonly statement: { readonly [key: string]: Json };
}

/** Everything a rule may read; rules are pure functions of this. */
export interface LintInput {
  readonly document: ModelDocument;
  readonly kind: PolicyKind;
  readonly statements: readonly LintStatement[];
  readonly catalogue: Catalogue;
  /** The id of the account the document lives in (for trust policies), when known. */
  readonly accountId?: string;
}

export interface RuleFinding {
  /** The statement label, absent for findings about the whole document. */
  readonly statement?: string;
  readonly message: string;
  /** A value the finding is about, used to point at its line in the template. */
  readonly value?: string;
}

export type Rule = (input: LintInput) => RuleFinding[];

export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  /** `<stack>/<name>`. */
  readonly document: string;
  /** The template (or the rendered file when there is no template), relative to the project. */
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly statement?: string;
  readonly message: string;
  readonly fix: string;
  /** Set when a suppression covers the finding. */
  readonly suppressed?: { readonly reason: string; readonly file: string };
}
