/**
 * The managed policy that bounds the deploy role and every role it creates. Recorded with the roles
 * it bounds, so the guardrail proofs evaluate each role with its boundary.
 */
import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { LzError } from '../src/errors';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformLiteral } from './terraform-literal';

/** AWS allows 6,144 characters (white space excluded) in a managed policy. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export interface PermissionsBoundaryProps {
  readonly accountName: string;
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly document: Json;
  readonly template?: string;
  /** Roles of this account the boundary is attached to, by name, with their ARNs. */
  readonly bounds: readonly { readonly roleName: string; readonly arn: string }[];
}

export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    this.arn = `arn:aws:iam::${props.accountId}:policy${props.path}${props.name}`;
    const text = minified(props.document);
    if (text.length > MANAGED_POLICY_MAX_CHARACTERS) {
      throw LzError.of(
        props.template ?? `boundary ${props.name}`,
        `permissions boundary ${props.name} is ${text.length} characters after rendering, over the ${MANAGED_POLICY_MAX_CHARACTERS} AWS allows for a managed policy`,
        'shorten it: merge statements, use action wildcards such as ec2:Describe*',
      );
    }
    recordPolicy(this, {
      name: `boundary-${props.name}`,
      kind: 'permissions-boundary',
      document: props.document,
      attachedTo: props.bounds.map((b) => `role:${props.accountName}/${b.roleName}`),
      arns: props.bounds.map((b) => b.arn),
      account: props.accountName,
      ...(props.template ? { template: props.template } : {}),
    });
    this.policy = new IamPolicy(this, 'policy', { name: props.name, path: props.path, description: props.description, policy: terraformLiteral(text) });
  }
}
