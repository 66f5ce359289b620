/**
 * The role a product's service runs as (ECS tasks, Lambda functions, EC2 instances). It always
 * lives under /product/ and carries the permissions boundary the baseline publishes, which is what
 * the deploy role requires of every role it creates. Its trust names one AWS service of this
 * account; its permissions come only from grant methods (`bucket.grantRead(role)`), written to one
 * inline policy that is recorded for the policy review.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LzError } from '../../src/errors';
import { PRODUCT_ROLE_PATH } from '../../src/contract/names';
import { minified, type Json } from '../../src/policies/document';
import { recordPolicy } from '../../src/policies/registry';
import { INLINE_POLICY_MAX_CHARACTERS } from '../scoped-role';
import { terraformLiteral } from '../terraform-literal';
import { productContextOf, where, type ProductContext } from './context';
import { statementJson, type IGrantable, type PolicyStatement } from './grant';

export interface ServiceRoleProps {
  /**
   * The role's name; the role is `arn:aws:iam::<account>:role/product/<roleName>`. Up to 56
   * letters, digits and `+=,.@_-` (the path counts toward IAM's 64).
   */
  readonly roleName: string;
  /** The AWS service that assumes the role, e.g. `ecs-tasks.amazonaws.com` or `lambda.amazonaws.com`. */
  readonly assumedBy: string;
  /** What the role is for; shown in the IAM console. */
  readonly description: string;
  /** Seconds a session lasts at most, from 3600 to 43200. @default 3600 */
  readonly maxSessionDuration?: number;
}

const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,56}$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;

export class ServiceRole extends Construct implements IGrantable {
  readonly role: IamRole;
  /** The role's ARN, known before apply. */
  readonly arn: string;
  readonly roleName: string;
  private readonly context: ProductContext;
  private readonly statements: PolicyStatement[] = [];
  private readonly document: { Version: string; Statement: Json[] } = { Version: '2012-10-17', Statement: [] };
  private policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const here = where(this);
    if (!ROLE_NAME.test(props.roleName)) {
      throw LzError.of(here, `roleName "${props.roleName}" is not a valid role name`, 'use 1 to 56 letters, digits and +=,.@_- (the /product/ path takes the rest of the 64 IAM allows)');
    }
    if (!SERVICE.test(props.assumedBy)) {
      throw LzError.of(here, `assumedBy "${props.assumedBy}" is not an AWS service principal`, 'name the service that runs as the role, e.g. ecs-tasks.amazonaws.com or lambda.amazonaws.com');
    }
    const duration = props.maxSessionDuration ?? 3600;
    if (!Number.isInteger(duration) || duration < 3600 || duration > 43200) {
      throw LzError.of(here, `maxSessionDuration is set to ${duration}, but must be a whole number >= 3600 and <= 43200 seconds`, 'choose a session length from one to twelve hours');
    }
    this.context = productContextOf(this);
    const { accountId, accountName, baseline, awsProvider } = this.context;
    this.roleName = props.roleName;
    this.arn = `arn:aws:iam::${accountId}:role${PRODUCT_ROLE_PATH}${props.roleName}`;
    const trust: Json = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ServiceOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: props.assumedBy },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        },
      ],
    };
    recordPolicy(this, { name: `role-${props.roleName}-trust`, kind: 'trust-policy', document: trust, attachedTo: [this.principalKey], arns: [this.arn], account: accountName });
    // 'Default' keeps the Terraform address the construct's own id: aws_iam_role.<id>.
    this.role = new IamRole(this, 'Default', {
      provider: awsProvider,
      name: props.roleName,
      path: PRODUCT_ROLE_PATH,
      description: props.description,
      assumeRolePolicy: terraformLiteral(minified(trust)),
      maxSessionDuration: duration,
      permissionsBoundary: baseline.roles.permissionsBoundary,
    });
  }

  /** The role's key in the policy model: `role:<account>/product/<name>`. */
  get principalKey(): string {
    return `role:${this.context.accountName}${PRODUCT_ROLE_PATH}${this.roleName}`;
  }

  /** The statements granted so far, in order. */
  get grantedStatements(): readonly PolicyStatement[] {
    return this.statements;
  }

  addToPrincipalPolicy(statement: PolicyStatement): void {
    const same = this.statements.find((s) => s.sid === statement.sid);
    if (same) {
      if (minified(statementJson(same)) === minified(statementJson(statement))) return;
      throw new Error(`internal: two different statements named ${statement.sid} granted to ${this.roleName}`);
    }
    this.statements.push(statement);
    this.document.Statement.push(statementJson(statement));
    const size = minified(this.document).length;
    if (size > INLINE_POLICY_MAX_CHARACTERS) {
      throw LzError.of(where(this), `the grants to role ${this.roleName} come to ${size} characters, over the ${INLINE_POLICY_MAX_CHARACTERS} AWS allows in a role's inline policies`, 'split the work over more than one role, or grant on fewer resources');
    }
    if (!this.policy) {
      // Recorded once, with the document the grants keep adding to; written at synth.
      recordPolicy(this, { name: `role-${this.roleName}-grants`, kind: 'identity-policy', document: this.document, attachedTo: [this.principalKey], arns: [this.arn], account: this.context.accountName });
      this.policy = new IamRolePolicy(this, 'grants', {
        provider: this.context.awsProvider,
        name: 'grants',
        role: this.role.name,
        policy: Lazy.stringValue({ produce: () => terraformLiteral(minified(this.document)) }),
      });
    }
  }
}
