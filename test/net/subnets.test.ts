import { carveSubnets, placementOrder, prefixHolding } from '../../src/net/subnets';

describe('carveSubnets', () => {
  // Expected layouts are worked out by hand from the rule "largest blocks first, tiers in
  // public/private/isolated order on ties, AZs in order inside a tier".
  it.each([
    {
      given: '10.20.0.0/16, 2 AZs, defaults /20 /18 /20',
      cidr: '10.20.0.0/16',
      azs: 2,
      prefixes: { public: 20, private: 18, isolated: 20 },
      layout: {
        private: ['10.20.0.0/18', '10.20.64.0/18'],
        public: ['10.20.128.0/20', '10.20.144.0/20'],
        isolated: ['10.20.160.0/20', '10.20.176.0/20'],
      },
    },
    {
      given: '10.20.0.0/16, 3 AZs, /21 /19 /21',
      cidr: '10.20.0.0/16',
      azs: 3,
      prefixes: { public: 21, private: 19, isolated: 21 },
      layout: {
        private: ['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19'],
        public: ['10.20.96.0/21', '10.20.104.0/21', '10.20.112.0/21'],
        isolated: ['10.20.120.0/21', '10.20.128.0/21', '10.20.136.0/21'],
      },
    },
    {
      given: '10.41.0.0/20, 1 AZ, /24 /22 /24',
      cidr: '10.41.0.0/20',
      azs: 1,
      prefixes: { public: 24, private: 22, isolated: 24 },
      layout: { private: ['10.41.0.0/22'], public: ['10.41.4.0/24'], isolated: ['10.41.5.0/24'] },
    },
    {
      given: 'equal prefixes keep tier order',
      cidr: '192.168.0.0/24',
      azs: 2,
      prefixes: { public: 27, private: 27, isolated: 27 },
      layout: {
        public: ['192.168.0.0/27', '192.168.0.32/27'],
        private: ['192.168.0.64/27', '192.168.0.96/27'],
        isolated: ['192.168.0.128/27', '192.168.0.160/27'],
      },
    },
  ])('GIVEN $given WHEN carved THEN the layout is exact', ({ cidr, azs, prefixes, layout }) => {
    expect(carveSubnets(cidr, azs, prefixes)).toEqual({ ok: true, layout });
  });

  it('GIVEN tiers that overflow WHEN carved THEN it names the first tier that does not fit and the VPC size that would', () => {
    // 3 AZs × (/20 + /18 + /20) = 3 × (4096 + 16384 + 4096) = 73728 addresses > 65536: a /15 holds them.
    expect(carveSubnets('10.20.0.0/16', 3, { public: 20, private: 18, isolated: 20 })).toEqual({
      ok: false,
      tier: 'isolated',
      placedBefore: ['private', 'public'],
      neededPrefix: 15,
    });
  });

  it('GIVEN a VPC filled exactly by the first tiers WHEN carved THEN the next tier does not fit', () => {
    // 2 × /26 + 2 × /26 fill the /24; 2 × /27 more make 320 addresses, which a /23 holds.
    expect(carveSubnets('10.0.0.0/24', 2, { public: 26, private: 26, isolated: 27 })).toEqual({
      ok: false,
      tier: 'isolated',
      placedBefore: ['public', 'private'],
      neededPrefix: 23,
    });
  });

  it('GIVEN a subnet prefix shorter than the VPC prefix WHEN carved THEN that tier does not fit', () => {
    expect(carveSubnets('10.1.0.0/20', 1, { public: 19, private: 24, isolated: 24 })).toEqual({
      ok: false,
      tier: 'public',
      placedBefore: [],
      neededPrefix: 18,
    });
  });

  it('GIVEN an invalid CIDR WHEN carved THEN it is an internal error (config validation runs first)', () => {
    expect(() => carveSubnets('10.1.0.0/33', 1, { public: 24, private: 24, isolated: 24 })).toThrow('internal: carveSubnets given invalid CIDR 10.1.0.0/33');
  });
});

describe('placementOrder and prefixHolding', () => {
  it.each([
    [{ public: 20, private: 18, isolated: 20 }, ['private', 'public', 'isolated']],
    [{ public: 24, private: 24, isolated: 22 }, ['isolated', 'public', 'private']],
    [{ public: 28, private: 28, isolated: 28 }, ['public', 'private', 'isolated']],
  ])('orders %j as %j', (prefixes, order) => {
    expect(placementOrder(prefixes)).toEqual(order);
  });

  it.each([
    [256, 24],
    [257, 23],
    [65536, 16],
    [73728, 15],
    [1, 32],
  ])('%i addresses need a /%i', (addresses, prefix) => {
    expect(prefixHolding(addresses)).toBe(prefix);
  });
});
