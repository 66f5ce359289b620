/**
 * The products whose own stacks this app builds, by product name. A product without an entry is
 * deployed by its team from its own repository, reading the same Parameter Store contract.
 */
import type { ProductDefinition } from '../product';
import { paymentsService } from './payments';

export const PRODUCT_STACKS: Readonly<Record<string, ProductDefinition>> = {
  payments: paymentsService,
};
