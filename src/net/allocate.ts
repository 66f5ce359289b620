/**
 * Finding free address space: the first block of a given size inside a pool that overlaps none of
 * the ranges already taken. First fit, lowest address first, so the choice is predictable.
 */
import { overlaps, type Cidr } from './cidr';

export function firstFreeBlock(pool: Cidr, prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  if (prefix < pool.prefix || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const sorted = [...taken].sort((a, b) => a.start - b.start);
  let candidate = pool.start;
  while (candidate + size <= pool.start + pool.size) {
    const block: Cidr = { start: candidate, prefix, size };
    const clash = sorted.find((t) => overlaps(t, block));
    if (!clash) return block;
    // Jump past the clash, to the next block boundary.
    const after = clash.start + clash.size;
    candidate = Math.ceil(after / size) * size;
  }
  return undefined;
}
