/**
 * Where a product's own stack lives: `products/<product>/stack.ts` in the project (beside `config/`
 * and `policies/`), with anything else it imports from its folder. Adding a product's stack means
 * adding that folder; no shared list names it. Synth finds it by looking, and incremental synth
 * hashes the files `productStackSources` lists.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LandingZone } from '../config/model';

/** The folder of product stacks, relative to the project folder. */
export const PRODUCT_STACKS_DIR = 'products';

/** The entry file of a product's stack, in the order they are looked for. */
export const STACK_ENTRY_FILES: readonly string[] = ['stack.ts', 'stack.js'];

/** `<project>/products/<product>`. */
export function productStackDir(lz: LandingZone, product: string): string {
  return join(lz.projectDir, PRODUCT_STACKS_DIR, product);
}

/** The entry file of the product's stack, when it has one. */
export function productStackFile(lz: LandingZone, product: string): string | undefined {
  const dir = productStackDir(lz, product);
  return STACK_ENTRY_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

const SOURCE = /\.(ts|js|cjs|mjs|json)$/;

/**
 * Every source file a product stack of this landing zone may load: the files below each folder
 * `products/<product>/` of a product in config that has a stack entry file, sorted, absolute.
 * Tests (`*.test.ts`) are left out: they do not change what synth writes.
 */
export function productStackSources(lz: LandingZone): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !/\.test\.[cm]?[jt]s$/.test(name)) files.push(path);
    }
  };
  for (const product of Object.keys(lz.products).sort()) {
    if (productStackFile(lz, product)) walk(productStackDir(lz, product));
  }
  return files;
}
