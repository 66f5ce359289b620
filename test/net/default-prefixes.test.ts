import { resolveVpc } from '../../src/config/model';
import { carveSubnets } from '../../src/net/subnets';

describe('default subnet prefixes', () => {
  it.each([
    [1, { public: 20, private: 18, isolated: 20 }],
    [2, { public: 20, private: 18, isolated: 20 }],
    [3, { public: 21, private: 19, isolated: 21 }],
    [4, { public: 21, private: 19, isolated: 21 }],
    [5, { public: 22, private: 20, isolated: 22 }],
    [6, { public: 22, private: 20, isolated: 22 }],
  ])('GIVEN a /16 over %i AZs WHEN defaults apply THEN the prefixes are %j and the tiers fit', (availabilityZones, prefixes) => {
    const vpc = resolveVpc({ cidr: '10.20.0.0/16', availabilityZones }, false);
    expect(vpc.subnetPrefix).toEqual(prefixes);
    expect(carveSubnets(vpc.cidr, availabilityZones, vpc.subnetPrefix).ok).toBe(true);
  });

  it('GIVEN a /24 over 3 AZs WHEN defaults apply THEN no prefix is longer than the /28 AWS allows', () => {
    expect(resolveVpc({ cidr: '10.9.9.0/24', availabilityZones: 3 }, false).subnetPrefix).toEqual({ public: 28, private: 27, isolated: 28 });
  });
});
