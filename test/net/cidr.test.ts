import { alignedForm, formatCidr, overlaps, parseCidr } from '../../src/net/cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 10 * 2 ** 24, 8, 2 ** 24],
    ['10.20.0.0/16', 10 * 2 ** 24 + 20 * 2 ** 16, 16, 65536],
    ['192.168.1.0/24', 192 * 2 ** 24 + 168 * 2 ** 16 + 256, 24, 256],
    ['255.255.255.255/32', 2 ** 32 - 1, 32, 1],
    ['0.0.0.0/0', 0, 0, 2 ** 32],
  ])('GIVEN %s THEN start %d, prefix %d, size %d', (text, start, prefix, size) => {
    expect(parseCidr(text)).toEqual({ start, prefix, size });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '10.0.0/8', 'a.b.c.d/8', '10.0.0.0/-1'])('GIVEN %s THEN it is not a CIDR', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('alignedForm', () => {
  it.each([
    ['10.20.1.0/16', '10.20.0.0/16'],
    ['10.20.0.1/24', '10.20.0.0/24'],
    ['192.168.255.255/17', '192.168.128.0/17'],
  ])('GIVEN %s with host bits THEN the network address is %s', (text, aligned) => {
    expect(alignedForm(parseCidr(text)!)).toBe(aligned);
  });

  it('GIVEN an aligned CIDR THEN there is nothing to fix', () => {
    expect(alignedForm(parseCidr('10.20.0.0/16')!)).toBeUndefined();
  });
});

describe('overlaps', () => {
  it.each([
    ['10.0.0.0/8', '10.20.0.0/16', true],
    ['10.20.0.0/16', '10.21.0.0/16', false],
    ['10.20.0.0/16', '10.20.255.0/24', true],
    ['10.20.0.0/24', '10.20.1.0/24', false],
    ['10.30.0.0/18', '10.30.64.0/20', false],
    ['10.30.0.0/17', '10.30.64.0/20', true],
  ])('GIVEN %s and %s THEN overlap is %s', (a, b, expected) => {
    expect(overlaps(parseCidr(a)!, parseCidr(b)!)).toBe(expected);
    expect(overlaps(parseCidr(b)!, parseCidr(a)!)).toBe(expected);
  });
});

it('formatCidr writes the dotted form', () => {
  expect(formatCidr({ start: 10 * 2 ** 24 + 40 * 2 ** 16 + 128 * 256, prefix: 18 })).toBe('10.40.128.0/18');
});
