/**
 * The GitHub OIDC provider the bootstrap stack creates: IAM holds one provider per URL, so in a
 * management account that already has one (another tool's CI), creating it fails. Preflight says
 * so before the bootstrap apply, with the setting that makes the stack import it instead.
 */
import { GetRoleCommand, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import type { LandingZone } from '../config/model';
import { LzError } from '../errors';
import type { OrgApi } from './client';

const GITHUB_HOST = 'token.actions.githubusercontent.com';

export async function oidcProviderCheck(api: OrgApi, lz: LandingZone): Promise<{ check: string; status: 'ok' | 'fail'; message: string; fix?: string } | undefined> {
  const github = lz.organization.github;
  if (!github) return undefined;
  const iam = api.iam;
  {
    const providers = await api.call('iam:ListOpenIDConnectProviders', (abortSignal) => iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal }));
    const existing = providers.OpenIDConnectProviderList?.map((p) => p.Arn ?? '').find((arn) => arn.endsWith(`:oidc-provider/${GITHUB_HOST}`));
    let pipelineExists = true;
    try {
      await api.call(`iam:GetRole ${lz.roles.pipeline}`, (abortSignal) => iam.send(new GetRoleCommand({ RoleName: lz.roles.pipeline }), { abortSignal }));
    } catch (e) {
      if (!(e instanceof LzError && e.message.includes('NoSuchEntity'))) throw e;
      pipelineExists = false;
    }
    const file = lz.files[0].file;
    if (existing && !pipelineExists && !github.adoptOidcProvider) {
      return {
        check: 'GitHub OIDC provider',
        status: 'fail',
        message: `the management account already has ${existing}, and IAM allows one provider per URL, so the bootstrap stack would fail creating it`,
        fix: `set github.adoptOidcProvider: true in ${file}, so the bootstrap stack imports it`,
      };
    }
    if (!existing && github.adoptOidcProvider) {
      return {
        check: 'GitHub OIDC provider',
        status: 'fail',
        message: `github.adoptOidcProvider is true, but the management account has no provider for ${GITHUB_HOST} to import`,
        fix: `remove github.adoptOidcProvider from ${file}, so the bootstrap stack creates it`,
      };
    }
    return {
      check: 'GitHub OIDC provider',
      status: 'ok',
      message: existing ? (pipelineExists ? `${existing} exists (the bootstrap stack manages it)` : `the bootstrap stack imports ${existing}`) : 'the bootstrap stack creates it',
    };
  }
}
