import { loadLandingZone } from '../../src/config/load';
import { exampleProject, inDir, type TestProject } from '../support/example';
import { problemsOf } from '../support/problems';

let project: TestProject;
beforeEach(() => {
  project = exampleProject();
});
afterEach(() => project.remove());

describe('the example organization', () => {
  it('GIVEN the example config WHEN loaded THEN it resolves every account with defaults applied', () => {
    const lz = inDir(project.dir, () => loadLandingZone('config'));
    expect(lz.accounts.map((a) => a.name)).toEqual([
      'acme-management',
      'acme-log-archive',
      'acme-audit',
      'acme-network',
      'acme-shared-services',
      'analytics-nonprod',
      'analytics-prod',
      'analytics-sandbox',
      'catalog-dev',
      'catalog-prod',
      'payments-prod',
      'payments-staging',
    ]);
    const paymentsProd = lz.accounts.find((a) => a.name === 'payments-prod')!;
    expect(paymentsProd.vpc).toEqual({
      cidr: '10.20.0.0/16',
      availabilityZones: 3,
      nat: 'per-az', // production segment
      // /16 + 4 and + 2 would need 3 x (4,096 + 16,384 + 4,096) addresses, more than a /16: 3 AZs take one bit more.
      subnetPrefix: { public: 21, private: 19, isolated: 21 },
    });
    expect(lz.accounts.find((a) => a.name === 'catalog-dev')!.vpc!.nat).toBe('none');
    expect(paymentsProd.configRuleSet).toBe('strict'); // inherited from Workloads/Prod
    expect(lz.accounts.find((a) => a.name === 'analytics-nonprod')!.configRuleSet).toBe('baseline');
    expect(paymentsProd.tags).toEqual({
      'managed-by': 'landing-zone',
      organization: 'acme',
      product: 'payments',
      environment: 'prod',
      'cost-centre': 'CC-1042',
      owner: 'payments-team@acme.example',
    });
    expect(lz.roles.deploy).toBe('LandingZoneDeploy');
    expect(lz.stateBucket).toBe('acme-landing-zone-state');
    expect(lz.organizationalUnits.map((o) => o.path)).toEqual([
      'Infrastructure',
      'Sandbox',
      'Security',
      'Suspended',
      'Workloads',
      'Workloads/NonProd',
      'Workloads/Prod',
    ]);
  });
});

describe('schema problems name file, line, column, field, value and fix', () => {
  it('GIVEN an invalid CIDR THEN the message names it and the form to write', () => {
    project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.30.64.0/33');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:26:13 environments.dev.vpc.cidr: "10.30.64.0/33" is not a valid IPv4 CIDR; write it as a.b.c.d/n with n from 0 to 32, e.g. 10.20.0.0/16',
    ]);
  });

  it('GIVEN an unknown field THEN the message lists the allowed fields', () => {
    project.replace('config/products/catalog.yaml', 'costCentre: CC-2210', 'costCentre: CC-2210\nowners: x');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:7:1 owners: unknown field "owners"; allowed fields here are name, owner, costCentre, environments, monthlyBudgetUsd',
    ]);
  });

  it('GIVEN a missing field THEN the message says what to add', () => {
    project.replace('config/products/catalog.yaml', 'costCentre: CC-2210\n', '');
    expect(problemsOf(project)).toEqual(['config/products/catalog.yaml:2:1 costCentre: is missing; add it: a string']);
  });

  it('GIVEN a value outside an enum THEN the message lists the allowed values', () => {
    project.replace('config/products/payments.yaml', 'nat: single', 'nat: two');
    expect(problemsOf(project)).toEqual([
      'config/products/payments.yaml:27:12 environments.staging.vpc.nat: "two" is not allowed; use one of "none", "single", "per-az"',
    ]);
  });

  it('GIVEN a bad region and a number out of range in two files THEN both are reported, file by file', () => {
    project.replace('config/organization.yaml', 'homeRegion: eu-west-1', 'homeRegion: eu-west');
    project.replace('config/products/analytics.yaml', '      availabilityZones: 1', '      availabilityZones: 9');
    expect(problemsOf(project)).toEqual([
      'config/organization.yaml:7:13 homeRegion: "eu-west" is not an AWS region name; write it as e.g. eu-west-1 or us-east-1',
      'config/products/analytics.yaml:37:26 environments.sandbox.vpc.availabilityZones: 9 must be at most 6; use 1 to 6 Availability Zones',
    ]);
  });

  it('GIVEN broken YAML THEN the syntax error has its place', () => {
    project.replace('config/products/catalog.yaml', '    segment: prod\n', '    segment: prod\n    segment: x\n');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:15:5: is not valid YAML: Map keys must be unique; correct the YAML syntax at this place',
    ]);
  });

  it('GIVEN a product whose name differs from its file name THEN both ways to fix are given', () => {
    project.replace('config/products/catalog.yaml', 'name: catalog', 'name: katalog');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:2:7 name: "katalog" differs from the file name; name the file katalog.yaml or set name: catalog',
    ]);
  });

  it('GIVEN no organization.yaml THEN the message says where to point --config', () => {
    project.write('config/organization.yaml', '');
    const missing = exampleProject();
    missing.remove();
    expect(() => loadLandingZone(missing.configDir)).toThrow(
      `${missing.configDir}/organization.yaml: does not exist; point --config at a folder with organization.yaml, or create one (see README "Config reference")`,
    );
  });
});

describe('organization-wide checks', () => {
  it('GIVEN the same email twice THEN the second names the first', () => {
    project.replace('config/products/catalog.yaml', 'email: aws+catalog-dev@acme.example', 'email: AWS+payments-prod@acme.example');
    expect(problemsOf(project)).toEqual([
      'config/products/payments.yaml:11:14 environments.prod.account.email: email "aws+payments-prod@acme.example" is already used by config/products/catalog.yaml environments.dev; AWS requires a unique root email per account; use another address, e.g. with a +suffix',
    ]);
  });

  it('GIVEN an account renamed to a name in use THEN the clash is named, and the old name counts as removed', () => {
    project.replace('config/products/payments.yaml', 'name: payments-staging', 'name: catalog-dev');
    expect(problemsOf(project)).toEqual([
      'config/accounts.lock.yaml:19:3 accounts.payments-staging: account payments-staging (555555555502) is in the organization but no longer in config; removing an account from config never closes it: put it back with state: suspended, deploy, then run `lz account close payments-staging --confirm payments-staging`',
      'config/products/payments.yaml:20:13 environments.staging.account.name: account name "catalog-dev" is already used by config/products/catalog.yaml environments.dev; give every account a name of its own',
    ]);
  });

  it('GIVEN an unknown OU THEN the known OUs are listed', () => {
    project.replace('config/products/analytics.yaml', 'ou: Sandbox', 'ou: Workloads/Sandbox');
    expect(problemsOf(project)).toEqual([
      'config/products/analytics.yaml:32:9 environments.sandbox.ou: OU "Workloads/Sandbox" does not exist; use one of Infrastructure, Sandbox, Security, Suspended, Workloads, Workloads/NonProd, Workloads/Prod, or add it under organizationalUnits in organization.yaml',
    ]);
  });

  it('GIVEN overlapping VPCs THEN both ranges and both places are named', () => {
    project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.20.64.0/20');
    expect(problemsOf(project)).toEqual([
      'config/products/payments.yaml:16:13 environments.prod.vpc.cidr: 10.20.0.0/16 overlaps 10.20.64.0/20, the VPC of catalog-dev (config/products/catalog.yaml); choose a range that overlaps no other VPC or reserved range (`lz product add` picks a free one)',
    ]);
  });

  it('GIVEN a VPC inside a reserved range THEN the reserved range is named', () => {
    project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.1.0.0/20');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:26:13 environments.dev.vpc.cidr: 10.1.0.0/20 overlaps 10.0.0.0/14, reserved range on-premises (config/organization.yaml); choose a range that overlaps no other VPC or reserved range (`lz product add` picks a free one)',
    ]);
  });

  it('GIVEN a CIDR with host bits set THEN the network address is suggested', () => {
    project.replace('config/products/catalog.yaml', 'cidr: 10.30.64.0/20', 'cidr: 10.30.65.0/20');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:26:13 environments.dev.vpc.cidr: 10.30.65.0/20 has host bits set; use the network address 10.30.64.0/20',
    ]);
  });

  it('GIVEN a region outside the allowed set THEN the allowed ones are listed', () => {
    project.replace('config/products/catalog.yaml', 'regions: [eu-west-1]\n    segment: nonprod', 'regions: [us-east-1]\n    segment: nonprod');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:23:15 environments.dev.regions.0: region us-east-1 is not allowed; use one of eu-west-1, eu-central-1, or add it to allowedRegions in organization.yaml',
    ]);
  });

  it('GIVEN an unknown segment THEN the segments are listed', () => {
    project.replace('config/products/catalog.yaml', 'segment: nonprod', 'segment: dev');
    expect(problemsOf(project)).toEqual([
      'config/products/catalog.yaml:24:14 environments.dev.segment: segment "dev" does not exist; use one of prod, nonprod, sandbox, shared, or add it under network.segments',
    ]);
  });

  it('GIVEN SCP attachments that break three rules on one target THEN each is reported', () => {
    project.replace(
      'config/organization.yaml',
      '    ou: Security\n  audit',
      '    ou: Security\n    serviceControlPolicies: [deny-all, deny-root-user, deny-leave-organization, nope, deny-all]\n  audit',
    );
    expect(problemsOf(project)).toEqual([
      'config/organization.yaml:38:29 coreAccounts.logArchive.serviceControlPolicies: account acme-log-archive has 5 SCPs attached, 6 with FullAWSAccess, over the 5 AWS allows per target; attach at most 4: merge policies or attach some at a parent OU',
      'config/organization.yaml:38:81 coreAccounts.logArchive.serviceControlPolicies.3: SCP "nope" is not defined; use one of deny-all, deny-leave-organization, deny-outside-allowed-regions, deny-root-user, protect-landing-zone, protect-log-archive, or define it under serviceControlPolicies with a file policies/scp/nope.json',
      'config/organization.yaml:38:87 coreAccounts.logArchive.serviceControlPolicies.4: SCP "deny-all" is attached twice to account acme-log-archive; list it once',
    ]);
  });

  it('GIVEN an SCP over 5,120 characters after rendering THEN its size is named', () => {
    project.replace('policies/scp/deny-all.json', '"Resource": "*"', `"Resource": ["*", "${'x'.repeat(5100)}"]`);
    expect(problemsOf(project)).toEqual([
      'policies/scp/deny-all.json: SCP deny-all is 5343 characters after rendering, over the 5120 AWS allows; split it into two SCPs, or shorten it with action wildcards and fewer statements',
    ]);
  });

  it('GIVEN an unknown placeholder and a list placeholder inside a string THEN both are placed', () => {
    project.replace('policies/scp/deny-all.json', '"Resource": "*"', '"Resource": ["${nope}", "x${allowedRegions}"]');
    expect(problemsOf(project)).toEqual([
      'policies/scp/deny-all.json:8:21: unknown placeholder ${nope}; use one of allowedRegions, homeRegion, organizationName, roles.audit, roles.auditor, roles.bootstrap, roles.breakGlass, roles.deploy, roles.pipeline, stateBucket',
      'policies/scp/deny-all.json:8:33: placeholder ${allowedRegions} is a list and cannot be part of a longer string; write it as the whole value: "${allowedRegions}"',
    ]);
  });

  it('GIVEN an account in the lock file that config no longer declares THEN removal is refused with the flow', () => {
    project.replace('config/products/analytics.yaml', /  sandbox:[\s\S]*$/, '');
    expect(problemsOf(project)).toEqual([
      'config/accounts.lock.yaml:15:3 accounts.analytics-sandbox: account analytics-sandbox (333333333303) is in the organization but no longer in config; removing an account from config never closes it: put it back with state: suspended, deploy, then run `lz account close analytics-sandbox --confirm analytics-sandbox`',
    ]);
  });
});
