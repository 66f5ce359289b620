/**
 * Finds the product stacks of a landing zone: a product whose folder `products/<product>/` has a
 * `stack.ts` gets a product stack in each active environment. The file is loaded from source when
 * the stack is built (src/products/load-stack.ts), so what runs is always what is in the folder.
 */
import type { LandingZone } from '../src/config/model';
import { LzError } from '../src/errors';
import { displayPath } from '../src/config/paths';
import { compileCacheDir, ProductStackLoader } from '../src/products/load-stack';
import { productStackFile } from '../src/products/stack-files';
import type { ProductDefinition } from './product';

const loaders = new Map<string, ProductStackLoader>();

function loaderFor(lz: LandingZone): ProductStackLoader {
  let loader = loaders.get(lz.projectDir);
  if (!loader) {
    // The kit is what `import ... from 'landing-zone'` gives; required late, as it requires this file's importers.
    loader = new ProductStackLoader(() => require('../src/index'), compileCacheDir(lz.projectDir));
    loaders.set(lz.projectDir, loader);
  }
  return loader;
}

/** The product's definition from its stack file, or undefined when it has none. */
export function productDefinition(lz: LandingZone, product: string): ProductDefinition | undefined {
  const file = productStackFile(lz, product);
  if (!file) return undefined;
  const exports = loaderFor(lz).load(file);
  const define = exports.default ?? exports.define;
  if (typeof define !== 'function') {
    throw LzError.of(
      displayPath(file),
      'exports no product definition',
      'export the function that adds the product\'s resources: `export default function (stack: ProductStack) { ... }`',
    );
  }
  return define as ProductDefinition;
}
