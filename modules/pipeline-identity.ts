/**
 * The identity that applies the landing zone, in the management account: the pipeline role (applies
 * every stack; the deploy roles of member accounts trust it), and, when GitHub Actions runs the
 * pipeline, the GitHub OIDC provider and a read-only plan role for pull requests.
 *
 * GitHub's token names the workflow's repository and branch (or environment, or `pull_request`) in
 * its `sub` claim; the trust policies compare it exactly, with the audience `sts.amazonaws.com`.
 */
import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { OrganizationConfig } from '../src/config/schema';
import { minified, type Json } from '../src/policies/document';
import { recordPolicy } from '../src/policies/registry';
import { terraformPolicy } from './terraform-literal';
import type { RenderedTemplate } from './policy-templates';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
export const DEFAULT_MAIN_BRANCH = 'main';

export type GithubConfig = NonNullable<OrganizationConfig['github']>;

/** The `sub` claim of the workflows that may apply: the main branch, or the environment the apply jobs run in. */
export function githubApplySubject(github: GithubConfig): string {
  return github.environment
    ? `repo:${github.repository}:environment:${github.environment}`
    : `repo:${github.repository}:ref:refs/heads/${github.mainBranch ?? DEFAULT_MAIN_BRANCH}`;
}

/** The `sub` claim of pull request workflows. */
export function githubPlanSubject(github: GithubConfig): string {
  return `repo:${github.repository}:pull_request`;
}

export function githubOidcProviderArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

export interface PipelineRoleDocuments {
  readonly roleName: string;
  readonly description: string;
  readonly trust: RenderedTemplate;
  readonly identity: RenderedTemplate;
}

export interface PipelineIdentityProps {
  /** The management account's name, for records. */
  readonly accountName: string;
  /** The id the recorded documents show (from the lock file, or its placeholder). */
  readonly recordedAccountId: string;
  /** The id Terraform uses: the caller's account, read at apply time. */
  readonly accountId: string;
  readonly github?: GithubConfig;
  readonly pipeline: PipelineRoleDocuments;
  /** The read-only role for pull requests; only with `github`. */
  readonly plan?: PipelineRoleDocuments;
}

export class PipelineIdentity extends Construct {
  readonly oidcProvider?: IamOpenidConnectProvider;
  readonly pipelineRole: IamRole;
  readonly planRole?: IamRole;

  constructor(scope: Construct, id: string, props: PipelineIdentityProps) {
    super(scope, id);
    if (props.plan && !props.github) throw new Error('internal: the plan role needs GitHub');
    const references: [string, string][] = [];
    if (props.github) {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'github-oidc', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: [GITHUB_OIDC_AUDIENCE],
        tags: { 'managed-by': 'landing-zone' },
      });
      // IAM holds one provider per URL: an account that has one already adopts it.
      if (props.github.adoptOidcProvider) this.oidcProvider.importFrom(githubOidcProviderArn(props.accountId));
      // The provider's own ARN, so the roles wait for it; the recorded documents show it from config.
      references.push([githubOidcProviderArn(props.recordedAccountId), this.oidcProvider.arn]);
    }
    // Every other mention of the account: the caller's, so a wrong or example lock file cannot point these elsewhere.
    references.push([props.recordedAccountId, props.accountId]);

    this.pipelineRole = this.role('pipeline', props, props.pipeline, references);
    if (props.plan) this.planRole = this.role('plan', props, props.plan, references);
  }

  private role(id: string, props: PipelineIdentityProps, documents: PipelineRoleDocuments, references: [string, string][]): IamRole {
    const attachedTo = [`role:${props.accountName}/${documents.roleName}`];
    const arns = [`arn:aws:iam::${props.recordedAccountId}:role/${documents.roleName}`];
    const record = (name: string, kind: 'trust-policy' | 'identity-policy', document: Json, template: string) =>
      recordPolicy(this, { name: `role-${documents.roleName}-${name}`, kind, document, attachedTo, arns, account: props.accountName, template });
    record('trust', 'trust-policy', documents.trust.document, documents.trust.template);
    record('identity', 'identity-policy', documents.identity.document, documents.identity.template);
    const role = new IamRole(this, `${id}-role`, {
      name: documents.roleName,
      description: documents.description,
      assumeRolePolicy: terraformPolicy(minified(documents.trust.document), references),
      maxSessionDuration: 3600,
      tags: { 'managed-by': 'landing-zone' },
    });
    new IamRolePolicy(this, `${id}-policy`, {
      name: 'identity',
      role: role.name,
      policy: terraformPolicy(minified(documents.identity.document), references),
    });
    return role;
  }
}
