/**
 * Stage 6: a product's own stack, in one environment's account. It runs as the account's deploy
 * role, so the permissions boundary and the SCPs hold for everything it creates, and it reads what
 * the baseline prepared (VPC, subnets, keys, the boundary to attach) from the Parameter Store
 * contract instead of referring to another stack.
 */
import type { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AccountSpec, LandingZone } from '../src/config/model';
import { accountIdOf } from '../src/config/lock';
import { readBaseline, type BaselineContract } from '../src/contract/parameters';
import { LandingZoneStack } from './landing-zone-stack';

/** What a product adds to its stack: called once per active environment. */
export type ProductDefinition = (stack: ProductStack) => void;

export function productStackName(account: AccountSpec): string {
  return `product-${account.product}-${account.environment}`;
}

export class ProductStack extends LandingZoneStack {
  /** The baseline of the account, read from Parameter Store at plan time. */
  readonly baseline: BaselineContract;
  readonly accountId: string;
  readonly region: string;
  readonly awsProvider: AwsProvider;

  constructor(scope: Construct, lz: LandingZone, readonly account: AccountSpec, define: ProductDefinition) {
    super(scope, productStackName(account), lz);
    this.accountId = accountIdOf(lz, account.name);
    this.region = account.regions[0];
    this.awsProvider = this.provider({ account: account.name, region: this.region, roleName: lz.roles.deploy });
    this.baseline = readBaseline(this, { vpc: account.vpc !== undefined, provider: this.awsProvider });
    define(this);
  }

  /** ARN of a role the product creates: product roles live under the /product/ path the deploy role may use. */
  productRoleArn(name: string): string {
    return `arn:aws:iam::${this.accountId}:role/product/${name}`;
  }
}
