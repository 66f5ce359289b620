/**
 * Hostile and careless inputs, one row each: every one is refused with exit 2 and a message that
 * names the place and the fix, changes nothing, and finishes in bounded time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from '../support/example';
import { ProductSchema } from '../../src/config/schema';
import { at, runCases, type AdversarialCase } from './harness';

/** A folder outside every test project, for links that lead out. */
const outside = mkdtempSync(join(tmpdir(), 'lz-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const CATALOG = 'config/products/catalog.yaml';
const ORG = 'config/organization.yaml';

function link(project: TestProject, file: string, target: string): void {
  unlinkSync(join(project.dir, file));
  symlinkSync(target, join(project.dir, file));
}

const PRODUCT_FIX = 'inputs must live in the project: replace the link with the file itself';

const filesOutside: AdversarialCase[] = [
  {
    name: 'a product file linked to /proc/self/environ',
    given: (p) => link(p, CATALOG, '/proc/self/environ'),
    stderr: [`${CATALOG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a product file linked to /etc/passwd',
    given: (p) => link(p, CATALOG, '/etc/passwd'),
    stderr: [`${CATALOG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a product file linked to a valid product file outside the project',
    given: (p) => {
      writeFileSync(join(outside, 'catalog.yaml'), p.read(CATALOG));
      link(p, CATALOG, join(outside, 'catalog.yaml'));
    },
    stderr: [`${CATALOG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a product file linked to /dev/zero',
    given: (p) => link(p, CATALOG, '/dev/zero'),
    stderr: [`${CATALOG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a product file linked to a device inside the project',
    given: (p) => {
      symlinkSync('/dev/zero', join(p.dir, 'zero'));
      link(p, CATALOG, '../../zero');
    },
    stderr: [`${CATALOG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a product file that is a named pipe',
    given: (p) => {
      unlinkSync(join(p.dir, CATALOG));
      execFileSync('mkfifo', [join(p.dir, CATALOG)]);
    },
    stderr: [`${CATALOG}: is a named pipe (FIFO), not a file; replace it with a regular file`],
  },
  {
    name: 'a product "file" that is a folder',
    given: (p) => mkdirSync(join(p.dir, 'config/products/zeta.yaml')),
    stderr: ['config/products/zeta.yaml: is a directory, not a file; replace it with a regular file'],
  },
  {
    name: 'a dangling link as a product file',
    given: (p) => link(p, CATALOG, 'nowhere.yaml'),
    stderr: [`${CATALOG}: is a symbolic link that leads nowhere (ENOENT); replace it with the file itself`],
  },
  {
    name: 'organization.yaml linked outside the project',
    given: (p) => {
      writeFileSync(join(outside, 'organization.yaml'), p.read(ORG));
      link(p, ORG, join(outside, 'organization.yaml'));
    },
    stderr: [`${ORG}: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'the lock file linked to /etc/passwd',
    given: (p) => link(p, 'config/accounts.lock.yaml', '/etc/passwd'),
    stderr: [`config/accounts.lock.yaml: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'the products folder linked to a folder outside the project',
    given: (p) => {
      rmSync(join(p.dir, 'config/products'), { recursive: true });
      symlinkSync(outside, join(p.dir, 'config/products'));
    },
    stderr: ['config/products: is a symbolic link to a folder outside the project folder; inputs must live in the project: replace the link with the folder itself'],
  },
  {
    name: 'an SCP template linked to /etc/passwd',
    given: (p) => link(p, 'policies/scp/deny-all.json', '/etc/passwd'),
    stderr: [`policies/scp/deny-all.json: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a role template linked to /proc/self/environ',
    given: (p) => link(p, 'policies/roles/deploy-trust.json', '/proc/self/environ'),
    stderr: [`policies/roles/deploy-trust.json: is a symbolic link to a file outside the project folder; ${PRODUCT_FIX}`],
  },
  {
    name: 'a 5 MB product file',
    given: (p) => p.write(CATALOG, `${p.read(CATALOG)}# ${'x'.repeat(5 * 1024 * 1024)}\n`),
    stderr: [`${CATALOG}: is 5243464 bytes, over the 1048576 bytes (1 MiB) an input file may have; split it or shorten it`],
    maxMs: 1000,
  },
  {
    name: 'a 5 MB SCP template',
    given: (p) => p.write('policies/scp/deny-all.json', `${' '.repeat(5 * 1024 * 1024)}{}`),
    stderr: ['policies/scp/deny-all.json: is 5242882 bytes, over the 1048576 bytes (1 MiB) an input file may have; split it or shorten it'],
    maxMs: 1000,
  },
];

const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');

const yamlBounds: AdversarialCase[] = [
  {
    name: 'a YAML alias bomb',
    given: (p) => p.write(CATALOG, `${aliasBomb}\n`),
    stderr: [`${CATALOG}: expands aliases more than the 100 times an input may; write the values out instead of nesting aliases of aliases`],
  },
  {
    name: 'a YAML alias cycle',
    given: (p) => p.replace(CATALOG, 'owner:\n', 'owner: &o\n  self: *o\n'),
    stderr: [`${CATALOG}:4:9 owner.self: is an alias of a value that contains it; an alias must not refer to the node it is in; write the value out`],
  },
  {
    name: 'flow collections nested 200,000 deep',
    given: (p) => p.write(CATALOG, `x: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`),
    stderr: [`${CATALOG}:1:67: nests deeper than the 64 levels an input may have; flatten the structure`],
    maxMs: 1000,
  },
  {
    name: 'block mappings nested 200 deep',
    given: (p) => p.write(CATALOG, Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')),
    stderr: [`${CATALOG}:65:65: nests deeper than the 64 levels an input may have; flatten the structure`],
    maxMs: 1000,
  },
  {
    name: 'a 1 MB value where a cost centre belongs',
    given: (p) => p.replace(CATALOG, 'costCentre: CC-2210', `costCentre: ${'A'.repeat(1_000_000)}`),
    stderr: [`${CATALOG}:6:13 costCentre: "${'A'.repeat(80)}…" is not a valid cost centre; use up to 32 letters, digits and hyphens, e.g. CC-1042`],
  },
  {
    name: 'a NUL byte written as a YAML escape',
    given: (p) => p.replace(CATALOG, 'team: Catalog', 'team: "Cata\\0log"'),
    stderr: [`${CATALOG}:4:9 owner.team: "Cata\\\\u0000log" contains the control character U+0000; remove it; text fields hold printable characters only`],
  },
  {
    name: 'a raw control character in a file',
    given: (p) => p.replace(CATALOG, 'team: Catalog', 'team: Cata\u0007log'),
    stderr: [`${CATALOG}:4:13: contains the control character U+0007; remove it; only tabs and line breaks are allowed`],
  },
  {
    name: 'invalid UTF-8',
    given: (p) => writeFileSync(join(p.dir, CATALOG), new Uint8Array([...new TextEncoder().encode(p.read(CATALOG)), 0xff, 0x0a])),
    stderr: [`${CATALOG}:27:1: is not valid UTF-8 (byte 0xff at this place); save the file as UTF-8`],
  },
  {
    name: 'a __proto__ key',
    given: (p) => p.replace(CATALOG, 'owner:\n', 'owner:\n  __proto__: { team: x }\n'),
    stderr: [`${CATALOG}:4:3 owner.__proto__: key "__proto__" is not allowed; use another name: it is reserved in JavaScript objects`],
  },
  {
    name: '10,000 unknown fields',
    given: (p) => p.replace(CATALOG, 'owner:\n', `${Array.from({ length: 10_000 }, (_, i) => `f${i}: 1`).join('\n')}\nowner:\n`),
    check: (r) => {
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(52);
      expect(lines[0]).toBe(`${CATALOG}:3:1 f0: unknown field "f0"; allowed fields here are ${Object.keys(ProductSchema.shape).join(', ')}`);
      expect(lines.slice(-2)).toEqual(['… and 9950 more problems not shown (the first 50 are above).', '10000 problems found; nothing was written.']);
    },
  },
];

const meaning: AdversarialCase[] = [
  {
    name: 'payments.yml beside payments.yaml',
    given: (p) => p.write('config/products/payments.yml', p.read('config/products/payments.yaml')),
    stderr: ['config/products/payments.yml: is a second file for product payments, beside config/products/payments.yaml; keep one file per product: merge them and delete the other'],
  },
  {
    name: 'zeta.YAML',
    given: (p) => p.write('config/products/zeta.YAML', p.read(CATALOG).replace('name: catalog', 'name: zeta')),
    stderr: ['config/products/zeta.YAML: has the extension .YAML; rename it to zeta.yaml: product files end in lowercase .yaml'],
  },
  {
    name: 'a stray README.md in products/',
    given: (p) => p.write('config/products/README.md', '# products\n'),
    stderr: ['config/products/README.md: is not a product file; config/products holds only <product>.yaml files; move it elsewhere'],
  },
  {
    name: 'no products folder',
    given: (p) => rmSync(join(p.dir, 'config/products'), { recursive: true }),
    check: (r) => expect(r.stderr.split('\n')[0]).toBe('config/products: does not exist; create the folder (it may stay empty until the first `lz product add`)'),
  },
  {
    name: 'a products "folder" that is a file',
    given: (p) => {
      rmSync(join(p.dir, 'config/products'), { recursive: true });
      p.write('config/products', 'name: x\n');
    },
    check: (r) => expect(r.stderr.split('\n')[0]).toBe('config/products: is a file, not a folder; make config/products a folder holding one <product>.yaml per product'),
  },
  {
    name: 'a .yml product whose name differs from its file',
    given: (p) => {
      p.write('config/products/catalogue.yml', p.read(CATALOG));
      unlinkSync(join(p.dir, CATALOG));
    },
    stderr: ['config/products/catalogue.yml:2:7 name: "catalog" differs from the file name; name the file catalog.yaml or set name: catalogue'],
  },
  {
    name: 'segment: constructor',
    given: (p) => p.replace(CATALOG, 'segment: nonprod', 'segment: constructor'),
    stderr: [`${CATALOG}:24:14 environments.dev.segment: segment "constructor" does not exist; use one of prod, nonprod, sandbox, shared, or add it under network.segments`],
  },
  {
    name: 'an SCP named constructor attached',
    given: (p) => p.replace(ORG, 'serviceControlPolicies: [deny-all]', 'serviceControlPolicies: [constructor]'),
    check: (r, p) =>
      expect(r.stderr).toMatch(
        new RegExp(`^${ORG}:${at(p, ORG, '[constructor]', 1)} organizationalUnits\\.Suspended\\.serviceControlPolicies\\.0: SCP "constructor" is not defined; use one of deny-all, [a-z, -]+, or define it under serviceControlPolicies with a file policies/scp/constructor\\.json\n$`),
      ),
  },
  {
    name: 'an OU path "toString"',
    given: (p) => p.replace(CATALOG, 'ou: Workloads/NonProd', 'ou: toString'),
    stderr: [`${CATALOG}:22:9 environments.dev.ou: OU "toString" does not exist; use one of Infrastructure, Sandbox, Security, Suspended, Workloads, Workloads/NonProd, Workloads/Prod, or add it under organizationalUnits in organization.yaml`],
  },
  {
    name: 'a Config rule named constructor',
    given: (p) => p.replace(ORG, '    - iam-password-policy', '    - constructor'),
    check: (r) => expect(r.stderr).toMatch(/^config\/organization\.yaml:\d+:\d+ configRuleSets\.strict\.\d+: Config rule "constructor" is not known; use one of /),
  },
  {
    name: 'an OU rule set "hasownproperty"',
    given: (p) => p.replace(ORG, 'configRules: strict', 'configRules: hasownproperty'),
    stderr: (p) => [`${ORG}:${at(p, ORG, 'hasownproperty')} organizationalUnits.Workloads.children.Prod.configRules: rule set "hasownproperty" does not exist; use one of baseline, strict, or define it under configRuleSets`],
  },
  {
    name: 'a segment that reaches "constructor"',
    given: (p) => p.replace(ORG, '      production: true\n      reaches: [shared]', '      production: true\n      reaches: [shared, constructor]'),
    stderr: (p) => [`${ORG}:${at(p, ORG, 'constructor]')} network.segments.prod.reaches.1: segment "constructor" does not exist; use one of prod, nonprod, sandbox, shared`],
  },
];

const templates: AdversarialCase[] = [
  {
    name: 'an SCP file that is []',
    given: (p) => p.write('policies/scp/deny-all.json', '[]\n'),
    stderr: ['policies/scp/deny-all.json:1:1: is a list, not a policy document; write an object: { "Version": "2012-10-17", "Statement": [ ... ] }'],
  },
  {
    name: 'an SCP file that is "x"',
    given: (p) => p.write('policies/scp/deny-all.json', '"x"\n'),
    stderr: ['policies/scp/deny-all.json:1:1: is a string, not a policy document; write an object: { "Version": "2012-10-17", "Statement": [ ... ] }'],
  },
  {
    name: 'an SCP file that is {}',
    given: (p) => p.write('policies/scp/deny-all.json', '{}\n'),
    stderr: [
      'policies/scp/deny-all.json:1:1: has no Version; add "Version": "2012-10-17"',
      'policies/scp/deny-all.json:1:1: has no Statement; add "Statement": [ { "Effect": ..., "Action": ..., "Resource": ... } ]',
      '2 problems found; nothing was written.',
    ],
  },
  {
    name: 'a role policy with a trailing comma',
    given: (p) => p.replace('policies/roles/audit-trust.json', /("Version": "2012-10-17",\n[\s\S]*?)\n(\s*)\]/, '$1,\n$2]'),
    check: (r) => expect(r.stderr).toMatch(/^policies\/roles\/audit-trust\.json:\d+:\d+: is not valid JSON: a comma before "\]" \(JSON allows no trailing comma\); correct the JSON syntax at this place\n$/),
  },
  {
    name: 'a role policy with ${nope}',
    given: (p) => p.replace('policies/roles/deploy-identity.json', '"Version": "2012-10-17"', '"Version": "2012-10-17", "Id": "${nope}"'),
    stderr: [
      'policies/roles/deploy-identity.json:2:35: unknown placeholder ${nope}; use one of accountId, accountName, allowedRegions, auditAccountId, boundaryPolicyArn, breakGlassPrincipalArns, homeRegion, managementAccountId, organizationId, organizationName, roles.audit, roles.auditor, roles.bootstrap, roles.breakGlass, roles.deploy, roles.pipeline, stateBucket',
    ],
  },
  {
    name: 'the config aggregator role using a baseline-only placeholder',
    given: (p) => p.replace('policies/roles/config-aggregator-trust.json', '"Version": "2012-10-17"', '"Version": "2012-10-17", "Id": "${accountName}"'),
    stderr: [
      'policies/roles/config-aggregator-trust.json:2:35: unknown placeholder ${accountName}; use one of accountId, allowedRegions, homeRegion, organizationName, roles.audit, roles.auditor, roles.bootstrap, roles.breakGlass, roles.deploy, roles.pipeline, stateBucket',
    ],
  },
  {
    name: 'a boundary whose Statement is a string',
    given: (p) => p.write('policies/boundaries/product.json', '{\n  "Version": "2012-10-17",\n  "Statement": "allow everything"\n}\n'),
    stderr: ['policies/boundaries/product.json:3:16 Statement: Statement is a string; write a statement object or a list of them'],
  },
  {
    name: 'an SCP with a key given twice',
    given: (p) => p.write('policies/scp/deny-all.json', '{\n  "Version": "2012-10-17",\n  "Version": "2008-10-17",\n  "Statement": []\n}\n'),
    stderr: ['policies/scp/deny-all.json:3:3: is not valid JSON: property "Version" is given twice in this object; correct the JSON syntax at this place'],
  },
  {
    name: 'a missing role template',
    given: (p) => unlinkSync(join(p.dir, 'policies/roles/audit-identity.json')),
    stderr: ['policies/roles/audit-identity.json: does not exist or cannot be read; restore policies/roles/audit-identity.json (git checkout -- policies/roles/audit-identity.json); the landing-zone roles are built from it'],
  },
  {
    name: 'a JSON error after the same character appears earlier',
    given: (p) => p.write('policies/scp/deny-all.json', '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*" }}\n}\n'),
    stderr: ['policies/scp/deny-all.json:3:69: is not valid JSON: expected "," or "]" after a list item, found "}"; correct the JSON syntax at this place'],
  },
  {
    name: 'an SCP with a NUL escape',
    given: (p) => p.replace('policies/scp/deny-all.json', '"Resource": "*"', '"Resource": "a\\u0000b"'),
    check: (r) => expect(r.stderr).toMatch(/^policies\/scp\/deny-all\.json:\d+:\d+: "a\\\\u0000b" contains the control character U\+0000; remove it; text fields hold printable characters only\n$/),
  },
  {
    name: 'an identity policy that names a principal',
    given: (p) => p.write('policies/roles/audit-identity.json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}\n'),
    stderr: ['policies/roles/audit-identity.json:4:39 Statement.0.Principal: an identity policy or boundary cannot name a principal; remove it: the policy applies to what it is attached to'],
  },
  {
    name: 'a boundary statement without a resource',
    given: (p) => p.write('policies/boundaries/product.json', '{\n  "Version": "2012-10-17",\n  "Statement": { "Effect": "Allow", "Action": "s3:*" }\n}\n'),
    stderr: ['policies/boundaries/product.json:3:16 Statement: the statement has neither Resource nor NotResource; add "Resource", e.g. "*" or the ARNs it covers'],
  },
  {
    name: 'a trust policy with a resource and no principal',
    given: (p) => p.write('policies/roles/deploy-trust.json', '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }]\n}\n'),
    stderr: [
      'policies/roles/deploy-trust.json:3:17 Statement.0: the trust statement names no Principal; add "Principal", e.g. { "AWS": "arn:aws:iam::${managementAccountId}:root" }',
      'policies/roles/deploy-trust.json:3:78 Statement.0.Resource: a trust policy cannot name a resource; remove it: the role itself is the resource',
      '2 problems found; nothing was written.',
    ],
  },
  {
    name: 'an SCP that names a principal',
    given: (p) => p.write('policies/scp/deny-all.json', '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "NotPrincipal": { "AWS": "*" }, "Action": "*", "Resource": "*" }]\n}\n'),
    stderr: ['policies/scp/deny-all.json:3:53 Statement.0.NotPrincipal: an SCP cannot name a principal; remove it: the policy applies to what it is attached to'],
  },
  {
    name: 'a statement with neither Action nor NotAction',
    given: (p) => p.write('policies/scp/deny-all.json', '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Deny", "Resource": "*" }]\n}\n'),
    stderr: ['policies/scp/deny-all.json:3:17 Statement.0: the statement has neither Action nor NotAction; give it exactly one of them'],
  },
];


const awsLists: AdversarialCase[] = [
  {
    name: 'region eu-west-9',
    given: (p) => p.replace(CATALOG, 'regions: [eu-west-1]\n    segment: nonprod', 'regions: [eu-west-9]\n    segment: nonprod'),
    stderr: [`${CATALOG}:23:15 environments.dev.regions.0: "eu-west-9" is not an AWS region; use one of eu-west-1, eu-west-2, eu-west-3`],
  },
  {
    name: 'a home region that does not exist',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: xx-nowhere-1'),
    stderr: [`${ORG}:7:13 homeRegion: "xx-nowhere-1" is not an AWS region; use a region AWS has, e.g. eu-west-1 (src/config/aws-regions.ts lists them)`],
  },
  {
    name: 'the same region twice in allowedRegions',
    given: (p) => p.replace(ORG, 'allowedRegions: [eu-west-1, eu-central-1]', 'allowedRegions: [eu-west-1, eu-central-1, eu-west-1]'),
    stderr: [`${ORG}:8:43 allowedRegions.2: "eu-west-1" is listed twice; list each region once`],
  },
  {
    name: 'the same region twice in an environment',
    given: (p) => p.replace(CATALOG, 'regions: [eu-west-1]\n    segment: nonprod', 'regions: [eu-west-1, eu-west-1]\n    segment: nonprod'),
    stderr: [`${CATALOG}:23:26 environments.dev.regions.1: "eu-west-1" is listed twice; list each region once`],
  },
  {
    name: 'a GovCloud region allowed beside commercial ones',
    given: (p) => p.replace(ORG, 'allowedRegions: [eu-west-1, eu-central-1]', 'allowedRegions: [eu-west-1, eu-central-1, us-gov-west-1]'),
    stderr: [`${ORG}:8:43 allowedRegions.2: region us-gov-west-1 is in the aws-us-gov partition, the home region eu-west-1 in aws; an organization lives in one partition: allow only aws regions`],
  },
  {
    name: '6 Availability Zones in a 3-AZ region',
    given: (p) => p.replace(CATALOG, '      availabilityZones: 2', '      availabilityZones: 6'),
    stderr: [`${CATALOG}:17:26 environments.prod.vpc.availabilityZones: 6 Availability Zones, but eu-west-1 has 3; use at most 3`],
  },
  {
    name: 'OUs six levels deep',
    given: (p) => p.replace(ORG, '      NonProd: {}', '      NonProd:\n        children:\n          A:\n            children:\n              B:\n                children:\n                  C:\n                    children:\n                      D: {}'),
    stderr: (p) => [`${ORG}:${at(p, ORG, 'D: {}', 3)} organizationalUnits.Workloads.children.NonProd.children.A.children.B.children.C.children.D: OU Workloads/NonProd/A/B/C/D is 6 levels below the root; AWS Organizations allows 5; move it (and its children) up a level`],
  },
  {
    name: 'a link-local VPC range',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 169.254.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 169.254.0.0/20 overlaps 169.254.0.0/16, link-local, used by the instance metadata service and DNS; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a multicast VPC range',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 224.1.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 224.1.0.0/20 overlaps 224.0.0.0/4, multicast; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a loopback VPC range',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 127.0.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 127.0.0.0/20 overlaps 127.0.0.0/8, loopback; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a carrier-grade NAT VPC range',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 100.64.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 100.64.0.0/20 overlaps 100.64.0.0/10, shared address space for carrier-grade NAT (RFC 6598); use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a class E VPC range',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 250.0.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 250.0.0.0/20 overlaps 240.0.0.0/4, reserved (class E) and broadcast; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a VPC range in 0.0.0.0/8',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 0.0.0.0/16'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 0.0.0.0/16 overlaps 0.0.0.0/8, "this network" (RFC 1122), not routable; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a VPC in Docker\'s 172.17.0.0/16',
    given: (p) => p.replace(CATALOG, 'cidr: 10.30.64.0/20', 'cidr: 172.17.0.0/20'),
    stderr: [`${CATALOG}:26:13 environments.dev.vpc.cidr: 172.17.0.0/20 overlaps 172.17.0.0/16, the range Docker and some AWS services (Cloud9, SageMaker) use, which the VPC documentation warns against; use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own`],
  },
  {
    name: 'a public-range Transit Gateway ASN',
    given: (p) => p.replace(ORG, 'transitGatewayAsn: 64512', 'transitGatewayAsn: 65535'),
    stderr: (p) => [`${ORG}:${at(p, ORG, '65535')} network.transitGatewayAsn: 65535 is not a private ASN a Transit Gateway accepts; use 64512 to 65534 or 4200000000 to 4294967294`],
  },
  {
    name: 'a state bucket named like an IP address',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: eu-west-1\nstateBucket: 192.168.10.1'),
    stderr: [`${ORG}:8:14 stateBucket: "192.168.10.1" is formatted as an IP address, which S3 does not allow; use a name with letters`],
  },
  {
    name: 'a state bucket with a reserved prefix',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: eu-west-1\nstateBucket: xn--state'),
    stderr: [`${ORG}:8:14 stateBucket: "xn--state" starts with "xn--", a prefix S3 reserves; choose another name`],
  },
  {
    name: 'a state bucket with a reserved suffix',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: eu-west-1\nstateBucket: acme-state-s3alias'),
    stderr: [`${ORG}:8:14 stateBucket: "acme-state-s3alias" ends with "-s3alias", a suffix S3 reserves; choose another name`],
  },
  {
    name: 'a state bucket with dots',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: eu-west-1\nstateBucket: acme.state'),
    stderr: [`${ORG}:8:14 stateBucket: "acme.state" contains dots, which break TLS for virtual-hosted requests and S3 Transfer Acceleration; use hyphens instead`],
  },
  {
    name: 'a state bucket in upper case',
    given: (p) => p.replace(ORG, 'homeRegion: eu-west-1', 'homeRegion: eu-west-1\nstateBucket: Acme-State'),
    stderr: [`${ORG}:8:14 stateBucket: "Acme-State" is not a valid S3 bucket name; use 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`],
  },
];

describe('files outside the repository', () => runCases(filesOutside));
describe('bounded YAML', () => runCases(yamlBounds));
describe('one meaning per input', () => runCases(meaning));
describe('validate checks every template synth renders', () => runCases(templates));
describe('the real AWS lists', () => runCases(awsLists));
