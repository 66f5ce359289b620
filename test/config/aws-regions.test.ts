import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AWS_REGIONS, AWS_SDK_CORE_VERSION } from '../../src/config/aws-regions';
import { availabilityZonesOf, bucketNameProblem, isTransitGatewayAsn, regionProblem } from '../../src/config/aws-rules';
import { REPO } from '../support/example';

/** The regions of every partition in the metadata the installed AWS SDK ships. */
function sdkRegions(): { version: string; regions: Record<string, string> } {
  const core = dirname(require.resolve('@aws-sdk/core/package.json'));
  const text = readFileSync(join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'), 'utf8');
  const info = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { partitions: { id: string; regions: Record<string, unknown> }[] };
  const regions: Record<string, string> = {};
  for (const p of info.partitions) for (const r of Object.keys(p.regions)) if (!r.endsWith('-global')) regions[r] = p.id;
  return { version: (JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')) as { version: string }).version, regions };
}

describe('the AWS region table', () => {
  it('GIVEN the partition metadata of the installed AWS SDK THEN the table lists exactly its regions, each in its partition', () => {
    const sdk = sdkRegions();
    const table = Object.fromEntries(Object.entries(AWS_REGIONS).map(([r, v]) => [r, v.partition]));
    // When this fails after an SDK upgrade: node scripts/update-aws-regions.js
    expect(table).toEqual(sdk.regions);
    expect(AWS_SDK_CORE_VERSION).toBe(sdk.version);
  });

  it('GIVEN the refresh script WHEN run on the current SDK THEN it rewrites the table byte for byte', () => {
    const before = readFileSync(join(REPO, 'src/config/aws-regions.ts'), 'utf8');
    execFileSync(process.execPath, [join(REPO, 'scripts/update-aws-regions.js')], { cwd: REPO });
    expect(readFileSync(join(REPO, 'src/config/aws-regions.ts'), 'utf8')).toBe(before);
  });

  it('GIVEN regions with recorded and unrecorded zone counts THEN their Availability Zones are the count or the minimum of 3', () => {
    expect(availabilityZonesOf('us-east-1')).toEqual({ count: 6, recorded: true });
    expect(availabilityZonesOf('eu-west-1')).toEqual({ count: 3, recorded: true });
    expect(availabilityZonesOf('us-west-1')).toEqual({ count: 2, recorded: true });
    expect(availabilityZonesOf('us-isof-south-1')).toEqual({ count: 3, recorded: false });
    expect(regionProblem('eu-west-3')).toBeUndefined();
    expect(regionProblem('constructor')).toBe('is not an AWS region; use a region AWS has, e.g. eu-west-1 (src/config/aws-regions.ts lists them)');
  });
});

describe('AWS naming and number rules', () => {
  it.each([
    [64511, false],
    [64512, true],
    [65534, true],
    [65535, false],
    [4199999999, false],
    [4200000000, true],
    [4294967294, true],
    [4294967295, false],
  ])('GIVEN Transit Gateway ASN %d THEN accepted is %s', (asn, ok) => {
    expect(isTransitGatewayAsn(asn)).toBe(ok);
  });

  it.each([
    ['acme-landing-zone-state', undefined],
    ['a..b', 'has two dots in a row, which S3 does not allow; remove one'],
    ['10.0.0.1', 'is formatted as an IP address, which S3 does not allow; use a name with letters'],
    ['sthree-state', 'starts with "sthree-", a prefix S3 reserves; choose another name'],
    ['amzn-s3-demo-state', 'starts with "amzn-s3-demo-", a prefix S3 reserves; choose another name'],
    ['state--ol-s3', 'ends with "--ol-s3", a suffix S3 reserves; choose another name'],
    ['state.mrap', 'ends with ".mrap", a suffix S3 reserves; choose another name'],
    ['state--x-s3', 'ends with "--x-s3", a suffix S3 reserves; choose another name'],
    ['state--table-s3', 'ends with "--table-s3", a suffix S3 reserves; choose another name'],
  ])('GIVEN bucket name %s THEN the problem is %s', (name, problem) => {
    expect(bucketNameProblem(name)).toBe(problem);
  });
});
