import { firstOverlaps } from '../../src/config/checks';
import { parseCidr } from '../../src/net/cidr';
import { exampleProject, type TestProject } from '../support/example';
import { problemsOf } from '../support/problems';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

const problems = () => problemsOf(project);

describe('network checks', () => {
  it('GIVEN the example config WHEN loaded THEN no network problem is reported', () => {
    expect(problems()).toEqual([]);
  });

  it('GIVEN a /20 VPC over 3 AZs with /22 public subnets WHEN validated THEN it names the tier that does not fit and the CIDR that would', () => {
    // private /22 × 3 = 3072, public /22 × 3 = 3072: 6144 addresses > 4096 in a /20; a /19 holds 8192.
    project.replace(
      'config/products/analytics.yaml',
      '      cidr: 10.41.0.0/20\n      availabilityZones: 1',
      '      cidr: 10.41.0.0/20\n      availabilityZones: 3\n      subnetPrefix: { public: 22, private: 22, isolated: 24 }',
    );
    expect(problems()).toEqual([
      'config/products/analytics.yaml:36:13 environments.sandbox.vpc.cidr: the private (3 × /22) subnets do not fit in 10.41.0.0/20 after public (3 × /22); all tiers need a /19; use a /19 or larger CIDR (e.g. 10.41.0.0/19), fewer availabilityZones, or longer vpc.subnetPrefix values (public /22, private /22, isolated /24 now)',
    ]);
  });

  it('GIVEN tiers that need more than a /16 WHEN validated THEN it says a VPC cannot be larger', () => {
    // private /17 × 3 = 98304 addresses alone exceed the 65536 of a /16; with 6 × /21 it is 122880: a /15.
    project.replace('config/products/payments.yaml', '      cidr: 10.20.0.0/16\n      availabilityZones: 3', '      cidr: 10.20.0.0/16\n      availabilityZones: 3\n      subnetPrefix: { private: 17 }');
    expect(problems()).toEqual([
      'config/products/payments.yaml:16:13 environments.prod.vpc.cidr: the private (3 × /17) subnets do not fit in 10.20.0.0/16; all tiers need a /15; a VPC cannot be larger than /16: use fewer availabilityZones or longer vpc.subnetPrefix values (public /21, private /17, isolated /21 now)',
    ]);
  });

  it('GIVEN a VPC larger than /16 WHEN validated THEN it says which sizes AWS allows', () => {
    project.replace('config/products/payments.yaml', 'cidr: 10.21.0.0/16', 'cidr: 10.22.0.0/15');
    expect(problems()).toEqual([
      'config/products/payments.yaml:26:13 environments.staging.vpc.cidr: 10.22.0.0/15 is a /15, but AWS allows VPCs from /16 to /28; use a prefix from /16 to /28, e.g. 10.22.0.0/16',
    ]);
  });

  it('GIVEN a rule set with an unknown and a repeated rule WHEN validated THEN each is named with the known rules listed', () => {
    project.replace('config/organization.yaml', '    - rds-storage-encrypted', '    - rds-storage-encrypted\n    - s3-no-public\n    - restricted-ssh');
    expect(problems()).toEqual([
      'config/organization.yaml:89:7 configRuleSets.strict.12: Config rule "s3-no-public" is not known; use one of access-keys-rotated, cloudtrail-enabled, cmk-backing-key-rotation-enabled, ebs-encryption-by-default, ec2-imdsv2-check, encrypted-volumes, iam-password-policy, iam-root-access-key-check, kms-cmk-not-scheduled-for-deletion, mfa-enabled-for-iam-console-access, multi-region-cloudtrail-enabled, rds-instance-public-access-check, rds-storage-encrypted, restricted-common-ports, restricted-ssh, root-account-mfa-enabled, s3-account-level-public-access-blocks, s3-bucket-public-read-prohibited, s3-bucket-public-write-prohibited, s3-bucket-server-side-encryption-enabled, s3-bucket-ssl-requests-only, vpc-default-security-group-closed, vpc-flow-logs-enabled',
      'config/organization.yaml:90:7 configRuleSets.strict.13: Config rule "restricted-ssh" is listed twice in rule set strict; list it once',
    ]);
  });

  it('GIVEN a segment that reaches itself WHEN validated THEN it is pointed at', () => {
    project.replace('config/organization.yaml', '    nonprod:\n      reaches: [shared]', '    nonprod:\n      reaches: [shared, nonprod]');
    expect(problems()).toEqual([
      'config/organization.yaml:97:25 network.segments.nonprod.reaches.1: segment "nonprod" lists itself; remove it: VPCs in a segment always reach each other; list only other segments',
    ]);
  });
});

describe('firstOverlaps', () => {
  const c = (text: string) => parseCidr(text)!;
  it('GIVEN nested, equal and disjoint ranges THEN each range that overlaps an earlier one names the first such', () => {
    const cidrs = ['10.0.0.0/16', '10.1.0.0/16', '10.0.4.0/24', '10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16', '10.0.4.0/26'].map(c);
    expect(firstOverlaps(cidrs)).toEqual([
      [2, 0], // inside the first
      [3, 0], // encloses everything before it in 10/8
      [4, 1], // equal to the second
      [6, 0], // inside the first and the third: the first is named
    ]);
  });

  it('GIVEN 20,000 ranges of which one overlaps THEN it is found quickly', () => {
    const cidrs = Array.from({ length: 20_000 }, (_, i) => ({ start: (10 << 24) + i * 256, prefix: 24, size: 256 }));
    cidrs.push(c('10.0.77.0/28'));
    const started = Date.now();
    expect(firstOverlaps(cidrs)).toEqual([[20_000, 77]]);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
