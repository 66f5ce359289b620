import { firstFreeBlock } from '../../src/net/allocate';
import { formatCidr, parseCidr } from '../../src/net/cidr';

const c = (t: string) => parseCidr(t)!;

describe('firstFreeBlock', () => {
  it.each([
    ['nothing taken', '10.0.0.0/8', 16, [], '10.0.0.0/16'],
    ['the first block taken', '10.0.0.0/8', 16, ['10.0.0.0/16'], '10.1.0.0/16'],
    ['a small range inside the first block', '10.0.0.0/8', 16, ['10.0.4.0/24'], '10.1.0.0/16'],
    ['a large range covering the start', '10.0.0.0/8', 20, ['10.0.0.0/14'], '10.4.0.0/20'],
    ['unsorted, adjacent ranges', '10.0.0.0/8', 20, ['10.0.16.0/20', '10.0.0.0/20'], '10.0.32.0/20'],
    ['a gap between ranges', '10.0.0.0/16', 24, ['10.0.0.0/24', '10.0.2.0/24'], '10.0.1.0/24'],
  ])('GIVEN %s THEN the first free block is chosen', (_label, pool, prefix, taken, expected) => {
    expect(formatCidr(firstFreeBlock(c(pool), prefix, taken.map(c))!)).toBe(expected);
  });

  it('GIVEN a full pool THEN there is no block', () => {
    expect(firstFreeBlock(c('10.0.0.0/23'), 24, [c('10.0.0.0/24'), c('10.0.1.0/24')])).toBeUndefined();
  });

  it('GIVEN a block larger than the pool THEN there is no block', () => {
    expect(firstFreeBlock(c('10.0.0.0/16'), 12, [])).toBeUndefined();
  });
});
