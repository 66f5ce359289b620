/**
 * What every landing-zone stack shares: its state key in the bootstrap bucket (S3 native locking),
 * default tags, and providers that reach the right account.
 */
import { relative, join } from 'node:path';
import { App, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { LandingZone } from '../src/config/model';
import { accountIdOf } from '../src/config/lock';
import { stateObjectKey, TAG_STACK } from '../src/contract/names';

export const STATE_KEY_ALIAS = 'alias/landing-zone-state';

/**
 * The Terraform every stack needs: S3 native locking (`use_lockfile`) exists from 1.10 on, and an
 * older Terraform would ignore it and apply without a lock.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10';

/**
 * App context naming the output folder the stacks end up in, when the app writes elsewhere first
 * (`lz synth` writes into a staging folder). @default - the app's own output folder
 */
export const OUTPUT_FOLDER_CONTEXT = 'landing-zone:outputFolder';

/** Where a stack with local state keeps it: `state/<stack>.tfstate` in the project, outside the synth output, which is rebuilt. */
export function localStatePath(lz: LandingZone, stackName: string): string {
  return join(lz.projectDir, 'state', `${stackName}.tfstate`);
}

export interface LandingZoneStackProps {
  /** Keep this stack's state in a local file rather than the bucket. @default false */
  readonly localState?: boolean;
}

export abstract class LandingZoneStack extends TerraformStack {
  constructor(
    scope: Construct,
    readonly stackName: string,
    readonly lz: LandingZone,
    props: LandingZoneStackProps = {},
  ) {
    super(scope, stackName);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    if (props.localState) {
      // Relative to the stack's working folder (<out>/stacks/<stack>), as Terraform reads it.
      const outputFolder = (this.node.tryGetContext(OUTPUT_FOLDER_CONTEXT) as string | undefined) ?? App.of(this).outdir;
      const path = relative(join(outputFolder, 'stacks', stackName), localStatePath(lz, stackName)).split('\\').join('/');
      new LocalBackend(this, { path });
    } else {
      const backend = new S3Backend(this, {
        bucket: lz.stateBucket,
        key: stateObjectKey(stackName),
        region: lz.organization.homeRegion,
        encrypt: true,
        kmsKeyId: STATE_KEY_ALIAS,
      });
      // S3 native locking (Terraform >= 1.10); cdktf 0.21 has no typed prop for it yet.
      backend.addOverride('use_lockfile', true);
    }
  }

  /**
   * The AWS provider for an account and region. The management account uses the caller's own
   * credentials; any other account is reached by assuming `roleName` in it (its id from
   * config/accounts.lock.yaml).
   */
  provider(options: { readonly account: string; readonly region: string; readonly roleName?: string; readonly alias?: string }): AwsProvider {
    const management = options.account === this.lz.organization.managementAccount.name;
    const id = options.alias ?? `aws-${options.account}-${options.region}`;
    return new AwsProvider(this, id, {
      alias: options.alias,
      region: options.region,
      defaultTags: [{ tags: { 'managed-by': 'landing-zone', [TAG_STACK]: this.stackName } }],
      assumeRole: management
        ? undefined
        : [
            {
              roleArn: `arn:aws:iam::${accountIdOf(this.lz, options.account)}:role/${options.roleName ?? this.lz.roles.deploy}`,
              sessionName: `landing-zone-${this.stackName}`.slice(0, 64),
            },
          ],
    });
  }
}

/** Kept here for the stacks that import it from this file; modules import it from modules/terraform-literal. */
export { terraformLiteral } from '../modules/terraform-literal';

/** A Terraform-safe name from a stable config key: `Workloads/Prod` → `Workloads-Prod`. */
export function addressName(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '-');
}
