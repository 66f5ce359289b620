/**
 * Product stacks are compiled into a cache keyed by the hash of their source: an unchanged file is
 * read from the cache, an edited one compiles anew.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProductStackLoader } from '../../src/products/load-stack';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lz-loader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KIT = { name: 'the kit' };

describe('ProductStackLoader', () => {
  it('GIVEN a TypeScript stack THEN it is compiled once into the cache under its hash, and `landing-zone` is the running kit', () => {
    const cache = join(dir, 'cache');
    const file = join(dir, 'stack.ts');
    writeFileSync(file, "import { name } from 'landing-zone';\nexport default (n: number): string => `${name} ${n}`;\n");
    const exports = new ProductStackLoader(() => KIT, cache).load(file);
    expect((exports.default as (n: number) => string)(1)).toBe('the kit 1');
    expect(readdirSync(cache)).toHaveLength(1);
    expect(readdirSync(cache)[0]).toMatch(/^[0-9a-f]{64}\.js$/);
  });

  it('GIVEN a cache entry for the source THEN it is what runs (no compile); GIVEN an edit THEN a new entry', () => {
    const cache = join(dir, 'cache');
    const file = join(dir, 'stack.ts');
    writeFileSync(file, 'export const value: number = 1;\n');
    new ProductStackLoader(() => KIT, cache).load(file);
    const [entry] = readdirSync(cache);
    writeFileSync(join(cache, entry), 'exports.value = 42;\n');
    expect(new ProductStackLoader(() => KIT, cache).load(file).value).toBe(42);
    writeFileSync(file, 'export const value: number = 2;\n');
    expect(new ProductStackLoader(() => KIT, cache).load(file).value).toBe(2);
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('GIVEN local imports THEN they load from the product folder, compiled the same way', () => {
    writeFileSync(join(dir, 'names.ts'), "export const BUCKET: string = 'documents';\n");
    writeFileSync(join(dir, 'stack.ts'), "import { BUCKET } from './names';\nexport default () => BUCKET;\n");
    const exports = new ProductStackLoader(() => KIT, join(dir, 'cache')).load(join(dir, 'stack.ts'));
    expect((exports.default as () => string)()).toBe('documents');
  });
});
