/**
 * Stage 6: a product's own stack, in one environment's account. It runs as the account's deploy
 * role, so the permissions boundary and the SCPs hold for everything it creates, and it reads what
 * the baseline prepared (VPC, subnets, keys, the boundary to attach) from the Parameter Store
 * contract instead of referring to another stack.
 *
 * A product team writes `products/<product>/stack.ts` exporting a `ProductDefinition`; it is called
 * once per active environment with that environment's ProductStack.
 */
import type { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AccountSpec, LandingZone } from '../src/config/model';
import { accountIdOf } from '../src/config/lock';
import { readBaseline, type BaselineContract } from '../src/contract/parameters';
import { PRODUCT_ROLE_PATH } from '../src/contract/names';
import { carveSubnets, type SubnetLayout } from '../src/net/subnets';
import { provideProductContext, type ProductContext } from '../modules/product-kit/context';
import { DataKey } from '../modules/product-kit/data-key';
import { LandingZoneStack } from './landing-zone-stack';

/** What a product adds to its stack: called once per active environment. */
export type ProductDefinition = (stack: ProductStack) => void;

export function productStackName(account: AccountSpec): string {
  return `product-${account.product}-${account.environment}`;
}

export class ProductStack extends LandingZoneStack implements ProductContext {
  /** The baseline of the account, read from Parameter Store at plan time. */
  readonly baseline: BaselineContract;
  readonly accountId: string;
  readonly accountName: string;
  readonly product: string;
  /** The environment's name, e.g. prod or release-42. */
  readonly environment: string;
  /** The primary region, where the stack deploys. */
  readonly region: string;
  readonly awsProvider: AwsProvider;
  /** The account's data key: `stack.dataKey.grantDecrypt(role)`. */
  readonly dataKey: DataKey;
  /**
   * True while the environment is paused (`lz env pause`): scale compute to zero, e.g.
   * `desiredCount: stack.paused ? 0 : 2`. Production environments are never paused.
   */
  readonly paused: boolean;
  /** The environment this one was cloned from (`lz env clone`), e.g. prod. @default - not a clone */
  readonly clonedFrom?: string;
  /** The environment template, when the environment names one. */
  readonly template?: string;
  /** Tags config gives the account (product, environment, cost centre, the template's tags). */
  readonly tags: Readonly<Record<string, string>>;
  /** Subnet CIDRs of the VPC per tier, from config. */
  readonly subnetCidrs?: SubnetLayout;

  constructor(scope: Construct, lz: LandingZone, readonly account: AccountSpec, define: ProductDefinition) {
    super(scope, productStackName(account), lz);
    if (account.kind !== 'product') throw new Error(`internal: ProductStack for ${account.name}, which belongs to no product`);
    this.accountId = accountIdOf(lz, account.name);
    this.accountName = account.name;
    this.product = account.product!;
    this.environment = account.environment!;
    this.region = account.regions[0];
    this.paused = account.paused === true;
    this.clonedFrom = account.clonedFrom;
    this.template = account.template;
    this.tags = account.tags;
    if (account.vpc) {
      const layout = carveSubnets(account.vpc.cidr, account.vpc.availabilityZones, account.vpc.subnetPrefix);
      if (layout.ok) this.subnetCidrs = layout.layout;
    }
    this.awsProvider = this.provider({ account: account.name, region: this.region, roleName: lz.roles.deploy });
    this.baseline = readBaseline(this, { vpc: account.vpc !== undefined, provider: this.awsProvider });
    this.dataKey = new DataKey(this.baseline.kms.data, this.accountId, this.region);
    provideProductContext(this, this);
    define(this);
  }

  /** ARN of a role the product creates: product roles live under the /product/ path the deploy role may use. */
  productRoleArn(name: string): string {
    return `arn:aws:iam::${this.accountId}:role${PRODUCT_ROLE_PATH}${name}`;
  }
}
