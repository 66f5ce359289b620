/**
 * An IAM role whose trust and permissions come from reviewed documents (policies/roles/), recorded
 * in the policy model, optionally under a permissions boundary. Inline policies keep a role's
 * permissions in one place with the role: nothing else can attach them elsewhere.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LzError } from '../src/errors';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformLiteral } from './terraform-literal';

/** AWS allows 10,240 characters of inline policy per role, all inline policies together. */
export const INLINE_POLICY_MAX_CHARACTERS = 10240;

export interface RoleDocument {
  readonly document: Json;
  /** The template the document was rendered from, for the record. */
  readonly template?: string;
}

export interface ScopedRoleProps {
  readonly accountName: string;
  readonly accountId: string;
  readonly roleName: string;
  /** IAM path. @default "/" */
  readonly path?: string;
  readonly description: string;
  readonly trust: RoleDocument;
  /** Inline identity policies, keyed by a stable name. */
  readonly policies: Readonly<Record<string, RoleDocument>>;
  /** ARN of the managed policy that bounds the role. @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  /** Seconds a session lasts at most, from 3600 to 43200. @default 3600 */
  readonly maxSessionDuration?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** The provider of the account, when it is not the stack's default. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class ScopedRole extends Construct {
  readonly role: IamRole;
  /** The inline policies, by name: what uses the role's permissions must wait for them. */
  readonly policies = new Map<string, IamRolePolicy>();
  /** The role's ARN, known from config before apply. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ScopedRoleProps) {
    super(scope, id);
    const duration = props.maxSessionDuration ?? 3600;
    if (duration < 3600 || duration > 43200) {
      throw new Error(`internal: maxSessionDuration of ${props.roleName} is set to ${duration}, but must be >= 3600 and <= 43200 seconds`);
    }
    const path = props.path ?? '/';
    this.arn = `arn:aws:iam::${props.accountId}:role${path}${props.roleName}`;
    const attachedTo = [`role:${props.accountName}/${props.roleName}`];
    const inline = Object.entries(props.policies).reduce((sum, [, p]) => sum + minified(p.document).length, 0);
    if (inline > INLINE_POLICY_MAX_CHARACTERS) {
      const templates = Object.values(props.policies).map((p) => p.template ?? 'an inline policy');
      throw LzError.of(
        templates.join(', '),
        `the inline policies of role ${props.roleName} are ${inline} characters after rendering, over the ${INLINE_POLICY_MAX_CHARACTERS} AWS allows per role`,
        'shorten them: merge statements, use action wildcards such as ec2:Describe*',
      );
    }

    recordPolicy(this, {
      name: `role-${props.roleName}-trust`,
      kind: 'trust-policy',
      document: props.trust.document,
      attachedTo,
      arns: [this.arn],
      account: props.accountName,
      ...(props.trust.template ? { template: props.trust.template } : {}),
    });
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      path,
      description: props.description,
      assumeRolePolicy: terraformLiteral(minified(props.trust.document)),
      maxSessionDuration: duration,
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    for (const name of Object.keys(props.policies).sort()) {
      const policy = props.policies[name];
      recordPolicy(this, {
        name: `role-${props.roleName}-${name}`,
        kind: 'identity-policy',
        document: policy.document,
        attachedTo,
        arns: [this.arn],
        account: props.accountName,
        ...(policy.template ? { template: policy.template } : {}),
      });
      this.policies.set(name, new IamRolePolicy(this, `policy-${name}`, { provider: props.provider, name, role: this.role.name, policy: terraformLiteral(minified(policy.document)) }));
    }
  }
}
