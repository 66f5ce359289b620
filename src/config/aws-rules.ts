/**
 * Rules AWS enforces at apply time, checked at load time instead: regions that exist and how many
 * Availability Zones they have, OU depth, Transit Gateway ASNs, S3 bucket names, and the IPv4
 * ranges a VPC cannot usefully take. Each function returns "what; fix" or undefined.
 */
import { AWS_REGIONS } from './aws-regions';

/** Every region launched since 2016 has at least three Availability Zones: the count assumed for a region not yet recorded. */
export const MINIMUM_AVAILABILITY_ZONES = 3;

/** How deep OUs may nest below the root (AWS Organizations quota, not adjustable). */
export const MAX_OU_DEPTH = 5;

export function isRegion(region: string): boolean {
  return Object.hasOwn(AWS_REGIONS, region);
}

export function regionProblem(region: string): string | undefined {
  if (isRegion(region)) return undefined;
  const all = Object.keys(AWS_REGIONS);
  const family = region.replace(/-\d+$/, '-');
  const near = all.filter((r) => r.startsWith(family));
  const suggestions = near.length ? near : all.filter((r) => r.startsWith(region.slice(0, 3)) && AWS_REGIONS[r].partition === 'aws');
  return `is not an AWS region; use ${suggestions.length ? `one of ${suggestions.join(', ')}` : 'a region AWS has, e.g. eu-west-1 (src/config/aws-regions.ts lists them)'}`;
}

/** The Availability Zones of a region: the recorded count, or the minimum every recent region has. */
export function availabilityZonesOf(region: string): { count: number; recorded: boolean } {
  const n = Object.hasOwn(AWS_REGIONS, region) ? AWS_REGIONS[region].availabilityZones : undefined;
  return n === undefined ? { count: MINIMUM_AVAILABILITY_ZONES, recorded: false } : { count: n, recorded: true };
}

export function partitionOf(region: string): string | undefined {
  return Object.hasOwn(AWS_REGIONS, region) ? AWS_REGIONS[region].partition : undefined;
}

/** The private ASN ranges a Transit Gateway's Amazon-side ASN may take. */
export const TRANSIT_GATEWAY_ASN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [64512, 65534],
  [4200000000, 4294967294],
];

export function isTransitGatewayAsn(asn: number): boolean {
  return TRANSIT_GATEWAY_ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi);
}

/**
 * S3 general purpose bucket naming rules beyond length and characters
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.includes('..')) return 'has two dots in a row, which S3 does not allow; remove one';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'is formatted as an IP address, which S3 does not allow; use a name with letters';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return `starts with "${prefix}", a prefix S3 reserves; choose another name`;
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return `ends with "${suffix}", a suffix S3 reserves; choose another name`;
  }
  if (name.includes('.')) return 'contains dots, which break TLS for virtual-hosted requests and S3 Transfer Acceleration; use hyphens instead';
  return undefined;
}

/**
 * IPv4 ranges that cannot hold a VPC that works as one: not routable, reserved by the IETF, or used
 * by AWS itself. 172.17.0.0/16 is usable but collides with Docker and some AWS services (Cloud9,
 * SageMaker), as the VPC documentation warns.
 */
export const UNUSABLE_VPC_RANGES: ReadonlyArray<{ readonly cidr: string; readonly what: string }> = [
  { cidr: '0.0.0.0/8', what: '"this network" (RFC 1122), not routable' },
  { cidr: '100.64.0.0/10', what: 'shared address space for carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', what: 'loopback' },
  { cidr: '169.254.0.0/16', what: 'link-local, used by the instance metadata service and DNS' },
  { cidr: '172.17.0.0/16', what: 'the range Docker and some AWS services (Cloud9, SageMaker) use, which the VPC documentation warns against' },
  { cidr: '192.0.0.0/24', what: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.0.2.0/24', what: 'documentation (TEST-NET-1)' },
  { cidr: '198.18.0.0/15', what: 'benchmarking (RFC 2544)' },
  { cidr: '198.51.100.0/24', what: 'documentation (TEST-NET-2)' },
  { cidr: '203.0.113.0/24', what: 'documentation (TEST-NET-3)' },
  { cidr: '224.0.0.0/4', what: 'multicast' },
  { cidr: '240.0.0.0/4', what: 'reserved (class E) and broadcast' },
];
