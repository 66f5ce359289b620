/**
 * What the product kit's constructs need to know about the stack they are in: the account, the
 * region, the baseline contract and the provider. `ProductStack` (stacks/product.ts) provides it;
 * the constructs find it from any scope inside the stack, so product code never passes it around.
 */
import { TerraformStack, type TerraformProvider } from 'cdktf';
import type { IConstruct } from 'constructs';
import { LzError } from '../../src/errors';
import type { BaselineContract } from '../../src/contract/parameters';
import type { SubnetLayout } from '../../src/net/subnets';

export interface ProductContext {
  /** The account name from config, e.g. payments-prod. */
  readonly accountName: string;
  /** The 12-digit account id (or the pending placeholder before the account exists). */
  readonly accountId: string;
  /** The primary region of the environment, where the stack deploys. */
  readonly region: string;
  readonly product: string;
  readonly environment: string;
  /** The baseline of the account, read from Parameter Store. */
  readonly baseline: BaselineContract;
  /** The provider that reaches the account as its deploy role. */
  readonly awsProvider: TerraformProvider;
  /** Subnet CIDRs of the account's VPC per tier, from config; absent when the account has no VPC. */
  readonly subnetCidrs?: SubnetLayout;
}

const CONTEXT = Symbol.for('landing-zone.product-context');

/** Marks a stack as a product stack; called by ProductStack's constructor. */
export function provideProductContext(stack: TerraformStack, context: ProductContext): void {
  (stack as unknown as Record<symbol, ProductContext>)[CONTEXT] = context;
}

/** The product context of the stack that holds `scope`; a clear error outside a ProductStack. */
export function productContextOf(scope: IConstruct): ProductContext {
  const stack = TerraformStack.of(scope);
  const context = (stack as unknown as Record<symbol, ProductContext | undefined>)[CONTEXT];
  if (!context) {
    throw LzError.of(
      scope.node.path,
      'is not inside a ProductStack',
      'create product-kit constructs in the stack your product definition receives (export default function (stack: ProductStack) { ... })',
    );
  }
  return context;
}

/** A construct's place in messages: `product-payments-prod/documents`. */
export function where(scope: IConstruct): string {
  return scope.node.path;
}

/** A construct's path below its stack, as a policy-model name part: `documents`, `orders-archive`. */
export function modelName(scope: IConstruct): string {
  const stack = TerraformStack.of(scope);
  return scope.node.scopes
    .slice(scope.node.scopes.indexOf(stack) + 1)
    .map((c) => c.node.id)
    .join('-');
}
