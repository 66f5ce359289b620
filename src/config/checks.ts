/**
 * Organization-wide checks: rules no single file can break alone. Each check is a function of the
 * resolved landing zone that returns problems; all of them run, so the user sees every problem.
 */
import type { Problem } from '../errors';
import { alignedForm, formatCidr, parseCidr, type Cidr } from '../net/cidr';
import { renderScps } from '../policies/scps';
import { MAX_RCPS_PER_TARGET, renderRcps } from '../policies/rcps';
import { templateProblems } from '../policies/template-check';
import { DEFAULT_CONFIG_RULE_SET, type AccountSpec, type LandingZone, type Source } from './model';
import type { PathPart } from './yaml-file';
import { NETWORK_CHECKS } from './network-checks';
import { ENVIRONMENT_CHECKS } from './environment-checks';
import { identityAssignmentsResolve } from './identity-assignments';

export type Check = (lz: LandingZone) => Problem[];

/** A problem at a place named by a source and a path below it. */
export function problemAt(lz: LandingZone, source: Source, below: readonly PathPart[], message: string, fix: string, keyOnly = false): Problem {
  const path: PathPart[] = [...(source.path ? source.path.split('.') : []), ...below];
  const yaml = lz.files.find((f) => f.file === source.file);
  if (!yaml) return { file: source.file, path: path.join('.'), message, fix };
  return yaml.problem(path, message, fix, keyOnly);
}

const orgSource = (lz: LandingZone): Source => ({ file: lz.files[0].file, path: '' });

export const uniqueAccountNamesAndEmails: Check = (lz) => {
  const problems: Problem[] = [];
  const byName = new Map<string, AccountSpec>();
  const byEmail = new Map<string, AccountSpec>();
  const where = (a: AccountSpec) => `${a.source.file} ${a.source.path}`;
  for (const a of lz.accounts) {
    // A member account's name is its key under `accounts`: the problem points at the entry.
    const nameField = a.kind === 'product' ? ['account', 'name'] : a.kind === 'member' ? [] : ['name'];
    const emailField = a.kind === 'product' ? ['account', 'email'] : ['email'];
    const sameName = byName.get(a.name);
    if (sameName) {
      problems.push(problemAt(lz, a.source, nameField, `account name "${a.name}" is already used by ${where(sameName)}`, 'give every account a name of its own'));
    } else byName.set(a.name, a);
    const email = a.email.toLowerCase();
    const sameEmail = byEmail.get(email);
    if (sameEmail) {
      problems.push(problemAt(lz, a.source, emailField, `email "${a.email}" is already used by ${where(sameEmail)}`, 'AWS requires a unique root email per account; use another address, e.g. with a +suffix'));
    } else byEmail.set(email, a);
  }
  return problems;
};

export const ouReferencesResolve: Check = (lz) => {
  const known = new Set(lz.organizationalUnits.map((o) => o.path));
  const list = [...known].join(', ');
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    if (a.kind === 'management' || known.has(a.ou)) continue;
    problems.push(problemAt(lz, a.source, ['ou'], `OU "${a.ou}" does not exist`, `use one of ${list}, or add it under organizationalUnits in organization.yaml`));
  }
  if (!known.has(lz.suspendedOu)) {
    problems.push(problemAt(lz, orgSource(lz), lz.organization.suspendedOu ? ['suspendedOu'] : ['organizationalUnits'], `the suspended OU "${lz.suspendedOu}" does not exist`, `add an OU named ${lz.suspendedOu} under organizationalUnits with a deny-all SCP, or set suspendedOu to one of ${list}`, !lz.organization.suspendedOu));
  }
  return problems;
};

export const regionsAllowed: Check = (lz) => {
  const allowed = lz.organization.allowedRegions;
  const problems: Problem[] = [];
  if (!allowed.includes(lz.organization.homeRegion)) {
    problems.push(problemAt(lz, orgSource(lz), ['homeRegion'], `home region ${lz.organization.homeRegion} is not in allowedRegions`, `add it to allowedRegions (${allowed.join(', ')})`));
  }
  for (const a of lz.accounts) {
    if (a.kind !== 'product' && !(a.kind === 'member' && lz.organization.accounts?.[a.name]?.regions)) continue;
    a.regions.forEach((region, i) => {
      if (!allowed.includes(region)) {
        problems.push(problemAt(lz, a.source, ['regions', i], `region ${region} is not allowed`, `use one of ${allowed.join(', ')}, or add it to allowedRegions in organization.yaml`));
      }
    });
  }
  return problems;
};

interface Range {
  readonly cidr: Cidr;
  readonly label: string;
  readonly source: Source;
  readonly path: readonly PathPart[];
}

export const cidrsValidAndDisjoint: Check = (lz) => {
  const problems: Problem[] = [];
  const ranges: Range[] = [];
  for (const [name, text] of Object.entries(lz.organization.reservedCidrs ?? {})) {
    const cidr = parseCidr(text);
    if (cidr) ranges.push({ cidr, label: `reserved range ${name}`, source: orgSource(lz), path: ['reservedCidrs', name] });
  }
  for (const a of lz.accounts) {
    if (!a.vpc) continue;
    const cidr = parseCidr(a.vpc.cidr);
    if (cidr) ranges.push({ cidr, label: `the VPC of ${a.name}`, source: a.source, path: ['vpc', 'cidr'] });
  }
  for (const r of ranges) {
    const aligned = alignedForm(r.cidr);
    if (aligned) {
      problems.push(problemAt(lz, r.source, r.path, `${formatCidr(r.cidr)} has host bits set`, `use the network address ${aligned}`));
    }
  }
  for (const [i, j] of firstOverlaps(ranges.map((r) => r.cidr))) {
    const [a, b] = [ranges[i], ranges[j]];
    problems.push(
      problemAt(lz, a.source, a.path, `${formatCidr(a.cidr)} overlaps ${formatCidr(b.cidr)}, ${b.label} (${b.source.file})`, 'choose a range that overlaps no other VPC or reserved range (`lz product add` picks a free one)'),
    );
  }
  return problems;
};

/**
 * For each CIDR that overlaps one listed before it, the pair [its index, the index of the first
 * such one]. CIDRs either nest or are disjoint, so after sorting by start (wider first) the ones
 * overlapping a CIDR are its enclosing ones and the ones it encloses: one sweep with a stack finds
 * both in O(n log n), where comparing every pair took seconds at 10,000 VPCs.
 */
export function firstOverlaps(cidrs: readonly Cidr[]): [number, number][] {
  const order = cidrs.map((_, i) => i).sort((a, b) => cidrs[a].start - cidrs[b].start || cidrs[b].size - cidrs[a].size || a - b);
  const enclosing = new Array<number>(cidrs.length).fill(Infinity); // lowest index among the CIDRs enclosing it
  const enclosed = new Array<number>(cidrs.length).fill(Infinity); // lowest index among the CIDRs it encloses
  const stack: number[] = [];
  const end = (i: number) => cidrs[i].start + cidrs[i].size;
  const pop = () => {
    const done = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (parent !== undefined) enclosed[parent] = Math.min(enclosed[parent], done, enclosed[done]);
  };
  for (const i of order) {
    while (stack.length && end(stack[stack.length - 1]) <= cidrs[i].start) pop();
    const parent = stack[stack.length - 1];
    if (parent !== undefined) enclosing[i] = Math.min(enclosing[parent], parent);
    stack.push(i);
  }
  while (stack.length) pop();
  const out: [number, number][] = [];
  cidrs.forEach((_, i) => {
    const first = Math.min(enclosing[i], enclosed[i]);
    if (first < i) out.push([i, first]);
  });
  return out;
}

export const segmentsExist: Check = (lz) => {
  const segments = lz.organization.network.segments;
  const names = Object.keys(segments);
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    if (a.segment && !segments[a.segment]) {
      problems.push(problemAt(lz, a.source, ['segment'], `segment "${a.segment}" does not exist`, `use one of ${names.join(', ')}, or add it under network.segments`));
    }
    if (a.vpc && !a.segment) {
      problems.push(problemAt(lz, a.source, ['vpc'], `account ${a.name} has a VPC but no segment`, `set segment to one of ${names.join(', ')}`));
    }
  }
  for (const [name, segment] of Object.entries(segments)) {
    (segment.reaches ?? []).forEach((other, i) => {
      if (!segments[other]) {
        problems.push(problemAt(lz, orgSource(lz), ['network', 'segments', name, 'reaches', i], `segment "${other}" does not exist`, `use one of ${names.join(', ')}`));
      }
    });
  }
  return problems;
};

export const configRuleSetsExist: Check = (lz) => {
  const sets = new Set([DEFAULT_CONFIG_RULE_SET, ...Object.keys(lz.organization.configRuleSets ?? {})]);
  return lz.organizationalUnits
    .filter((ou) => !sets.has(ou.configRuleSet))
    .filter((ou) => lz.organizationalUnits.find((p) => p.path === ou.parent)?.configRuleSet !== ou.configRuleSet)
    .map((ou) => problemAt(lz, ou.source, ['configRules'], `rule set "${ou.configRuleSet}" does not exist`, `use one of ${[...sets].join(', ')}, or define it under configRuleSets`));
};

/** SCP references resolve, documents render within size, and no target holds more than AWS allows. */
export const serviceControlPolicies: Check = (lz) => {
  const defined = lz.organization.serviceControlPolicies;
  const names = Object.keys(defined).sort().join(', ');
  const problems: Problem[] = [];
  const targets: { label: string; source: Source; path: PathPart[]; scps: readonly string[] }[] = [
    { label: 'the root', source: orgSource(lz), path: ['root', 'serviceControlPolicies'], scps: lz.organization.root?.serviceControlPolicies ?? [] },
    ...lz.organizationalUnits.map((ou) => ({ label: `OU ${ou.path}`, source: ou.source, path: ['serviceControlPolicies'], scps: ou.serviceControlPolicies })),
    ...lz.accounts.map((a) => ({ label: `account ${a.name}`, source: a.source, path: ['serviceControlPolicies'], scps: a.serviceControlPolicies })),
  ];
  for (const t of targets) {
    t.scps.forEach((name, i) => {
      if (!defined[name]) {
        problems.push(problemAt(lz, t.source, [...t.path, i], `SCP "${name}" is not defined`, `use one of ${names}, or define it under serviceControlPolicies with a file policies/scp/${name}.json`));
      } else if (t.scps.indexOf(name) !== i) {
        problems.push(problemAt(lz, t.source, [...t.path, i], `SCP "${name}" is attached twice to ${t.label}`, 'list it once'));
      }
    });
    // AWS keeps FullAWSAccess attached to every target, and it counts against the limit.
    const total = t.scps.length + 1;
    if (total > lz.maxScpsPerTarget) {
      problems.push(problemAt(lz, t.source, t.path, `${t.label} has ${t.scps.length} SCPs attached, ${total} with FullAWSAccess, over the ${lz.maxScpsPerTarget} AWS allows per target`, `attach at most ${lz.maxScpsPerTarget - 1}: merge policies or attach some at a parent OU`));
    }
  }
  problems.push(...renderScps(lz).problems);
  return problems;
};

/**
 * RCP references resolve, documents render within size and AWS's grammar, and no target holds more
 * than AWS allows. The management account is no target: RCPs do not bind its resources.
 */
export const resourceControlPolicies: Check = (lz) => {
  const defined = lz.organization.resourceControlPolicies ?? {};
  const names = Object.keys(defined).sort();
  const problems: Problem[] = [];
  const targets: { label: string; source: Source; path: PathPart[]; rcps: readonly string[] }[] = [
    { label: 'the root', source: orgSource(lz), path: ['root', 'resourceControlPolicies'], rcps: lz.organization.root?.resourceControlPolicies ?? [] },
    ...lz.organizationalUnits.map((ou) => ({ label: `OU ${ou.path}`, source: ou.source, path: ['resourceControlPolicies'], rcps: ou.resourceControlPolicies })),
    ...lz.accounts.map((a) => ({ label: `account ${a.name}`, source: a.source, path: ['resourceControlPolicies'], rcps: a.resourceControlPolicies })),
  ];
  for (const t of targets) {
    t.rcps.forEach((name, i) => {
      if (!Object.hasOwn(defined, name)) {
        const define = `define it under resourceControlPolicies with a file policies/rcp/${name}.json`;
        problems.push(problemAt(lz, t.source, [...t.path, i], `RCP "${name}" is not defined`, names.length ? `use one of ${names.join(', ')}, or ${define}` : define));
      } else if (t.rcps.indexOf(name) !== i) {
        problems.push(problemAt(lz, t.source, [...t.path, i], `RCP "${name}" is attached twice to ${t.label}`, 'list it once'));
      }
    });
    // AWS keeps RCPFullAWSAccess attached to every target, and it counts against the limit.
    const total = t.rcps.length + 1;
    if (total > MAX_RCPS_PER_TARGET) {
      problems.push(problemAt(lz, t.source, t.path, `${t.label} has ${t.rcps.length} RCPs attached, ${total} with RCPFullAWSAccess, over the ${MAX_RCPS_PER_TARGET} AWS allows per target`, `attach at most ${MAX_RCPS_PER_TARGET - 1}: merge policies or attach some at a parent OU`));
    }
  }
  problems.push(...renderRcps(lz).problems);
  return problems;
};

/** An account the lock file knows but config no longer declares would be orphaned: removal is a flow, not an edit. */
export const noAccountRemoved: Check = (lz) => {
  if (!lz.lock) return [];
  const names = new Set(lz.accounts.map((a) => a.name));
  const lockFile = lz.files[lz.files.length - 1];
  return Object.entries(lz.lock.accounts)
    .filter(([name]) => !names.has(name))
    .map(([name, a]) =>
      lockFile.problem(['accounts', name], `account ${name} (${a.id}) is in the organization but no longer in config`, `removing an account from config never closes it: put it back with state: suspended, deploy, then run \`lz account close ${name} --confirm ${name}\``, true),
    );
};

/** Every role, boundary and resource policy template renders as synth would render it. */
export const policyTemplatesRender: Check = (lz) => templateProblems(lz);

export const ALL_CHECKS: readonly Check[] = [
  identityAssignmentsResolve,
  uniqueAccountNamesAndEmails,
  ouReferencesResolve,
  regionsAllowed,
  cidrsValidAndDisjoint,
  segmentsExist,
  configRuleSetsExist,
  serviceControlPolicies,
  resourceControlPolicies,
  noAccountRemoved,
  policyTemplatesRender,
  ...NETWORK_CHECKS,
  ...ENVIRONMENT_CHECKS,
];

export function runChecks(lz: LandingZone, checks: readonly Check[] = ALL_CHECKS): Problem[] {
  return checks.flatMap((check) => check(lz));
}
