/**
 * The product kit: what a product team's stack imports (`import { ... } from 'landing-zone'`).
 *
 * A product stack is a function of a `ProductStack`, exported from `products/<product>/stack.ts`:
 *
 * ```ts
 * import { EncryptedBucket, ServiceRole, type ProductStack } from 'landing-zone';
 *
 * export default function orders(stack: ProductStack): void {
 *   const bucket = new EncryptedBucket(stack, 'documents');
 *   const role = new ServiceRole(stack, 'api', { roleName: 'orders-api', assumedBy: 'ecs-tasks.amazonaws.com', description: 'The orders API' });
 *   bucket.grantRead(role);
 * }
 * ```
 *
 * Everything here is public API: props are added, never renamed; see README "Product stacks".
 */
export { ProductStack, productStackName, type ProductDefinition } from '../stacks/product';
export { readBaseline, BASELINE_PARAMETERS, NOT_SET, type BaselineContract, type ParameterDefinition, type ParameterKey } from './contract/parameters';
export { KEY_ALIAS_PREFIX, PRODUCT_BOUNDARY_NAME, PRODUCT_BOUNDARY_PATH, PRODUCT_ROLE_PATH, keyAlias, productBoundaryArn } from './contract/names';
export type { SubnetTier, SubnetLayout } from './net/subnets';
export { LzError, type Problem } from './errors';
export { productContextOf, type ProductContext } from '../modules/product-kit/context';
export { grant, statementJson, type Grant, type IGrantable, type PolicyStatement } from '../modules/product-kit/grant';
export * from '../modules/product-kit/actions';
export { DataKey } from '../modules/product-kit/data-key';
export { ServiceRole, type ServiceRoleProps } from '../modules/product-kit/service-role';
export { EncryptedBucket, type EncryptedBucketProps } from '../modules/product-kit/encrypted-bucket';
export { EncryptedQueue, type EncryptedQueueProps, type DeadLetterQueue } from '../modules/product-kit/encrypted-queue';
export { Port, TierSecurityGroup, type TierSecurityGroupProps } from '../modules/product-kit/tier-security-group';
export { productStackSources, productStackFile, PRODUCT_STACKS_DIR } from './products/stack-files';
export { synthProductStack, type SynthesizedProductStack } from './products/testing';
