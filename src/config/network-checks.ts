/**
 * Checks of the network and baseline parts of the config: VPCs that AWS would reject or whose
 * subnet tiers do not fit, segments that route to themselves, Config rules nobody knows. They
 * run with the organization-wide checks (ALL_CHECKS), so `lz validate` reports them all at once.
 */
import type { Problem } from '../errors';
import { MANAGED_RULES } from '../baseline/config-rules';
import { formatCidr, overlaps, parseCidr } from '../net/cidr';
import { availabilityZonesOf, MAX_OU_DEPTH, partitionOf, UNUSABLE_VPC_RANGES } from './aws-rules';
import { carveSubnets, SUBNET_TIERS } from '../net/subnets';
import type { AccountSpec, LandingZone, Source } from './model';
import type { Check } from './checks';
import type { PathPart } from './yaml-file';

/**
 * Same as problemAt in ./checks; repeated because checks.ts imports this file to register the
 * checks, and a runtime import back would make the order modules load in matter.
 */
function problemAt(lz: LandingZone, source: Source, below: readonly PathPart[], message: string, fix: string): Problem {
  const path: PathPart[] = [...(source.path ? source.path.split('.') : []), ...below];
  const yaml = lz.files.find((f) => f.file === source.file);
  return yaml ? yaml.problem(path, message, fix) : { file: source.file, path: path.join('.'), message, fix };
}

/** The VPC sizes AWS allows. */
export const VPC_PREFIX_MIN = 16;
export const VPC_PREFIX_MAX = 28;

function vpcProblems(lz: LandingZone, a: AccountSpec): Problem[] {
  const vpc = a.vpc!;
  const cidr = parseCidr(vpc.cidr);
  // Malformed or unaligned CIDRs are reported by cidrsValidAndDisjoint.
  if (!cidr || cidr.start % cidr.size !== 0) return [];
  const unusable = UNUSABLE_VPC_RANGES.find((r) => overlaps(cidr, parseCidr(r.cidr)!));
  if (unusable) {
    return [problemAt(lz, a.source, ['vpc', 'cidr'], `${vpc.cidr} overlaps ${unusable.cidr}, ${unusable.what}`, 'use a private range (10.0.0.0/8, 172.16.0.0/12 except 172.17.0.0/16, 192.168.0.0/16) or a public range you own')];
  }
  if (cidr.prefix < VPC_PREFIX_MIN || cidr.prefix > VPC_PREFIX_MAX) {
    return [
      problemAt(lz, a.source, ['vpc', 'cidr'], `${vpc.cidr} is a /${cidr.prefix}, but AWS allows VPCs from /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX}`, `use a prefix from /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX}, e.g. ${formatCidr({ start: cidr.start - (cidr.start % 2 ** (32 - VPC_PREFIX_MIN)), prefix: Math.min(Math.max(cidr.prefix, VPC_PREFIX_MIN), VPC_PREFIX_MAX) })}`),
    ];
  }
  const result = carveSubnets(vpc.cidr, vpc.availabilityZones, vpc.subnetPrefix);
  if (result.ok) return [];
  const tiers = (list: readonly string[]) => list.map((t) => `${t} (${vpc.availabilityZones} × /${vpc.subnetPrefix[t as keyof typeof vpc.subnetPrefix]})`);
  const after = result.placedBefore.length ? ` after ${tiers(result.placedBefore).join(' and ')}` : '';
  const message = `the ${tiers([result.tier])[0]} subnets do not fit in ${vpc.cidr}${after}; all tiers need a /${result.neededPrefix}`;
  const bigger = formatCidr({ start: cidr.start - (cidr.start % 2 ** (32 - result.neededPrefix)), prefix: result.neededPrefix });
  const fix =
    result.neededPrefix >= VPC_PREFIX_MIN
      ? `use a /${result.neededPrefix} or larger CIDR (e.g. ${bigger}), fewer availabilityZones, or longer vpc.subnetPrefix values (${SUBNET_TIERS.map((t) => `${t} /${vpc.subnetPrefix[t]}`).join(', ')} now)`
      : `a VPC cannot be larger than /${VPC_PREFIX_MIN}: use fewer availabilityZones or longer vpc.subnetPrefix values (${SUBNET_TIERS.map((t) => `${t} /${vpc.subnetPrefix[t]}`).join(', ')} now)`;
  return [problemAt(lz, a.source, ['vpc', 'cidr'], message, fix)];
}

/** A VPC spans no more Availability Zones than its region has. */
export const availabilityZonesExist: Check = (lz) => {
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    if (!a.vpc) continue;
    const region = a.regions[0];
    const { count, recorded } = availabilityZonesOf(region);
    if (a.vpc.availabilityZones > count) {
      problems.push(
        problemAt(lz, a.source, ['vpc', 'availabilityZones'], `${a.vpc.availabilityZones} Availability Zones, but ${region} ${recorded ? 'has' : 'is only known to have'} ${count}`, `use at most ${count}${recorded ? '' : ' (record its count with scripts/update-aws-regions.js)'}`),
      );
    }
  }
  return problems;
};

/** OUs nest at most as deep as AWS Organizations allows. */
export const ouDepthWithinLimit: Check = (lz) =>
  lz.organizationalUnits
    .filter((ou) => ou.path.split('/').length === MAX_OU_DEPTH + 1)
    .map((ou) => problemAt(lz, ou.source, [], `OU ${ou.path} is ${MAX_OU_DEPTH + 1} levels below the root; AWS Organizations allows ${MAX_OU_DEPTH}`, `move it (and its children) up a level`));

/** One landing zone lives in one AWS partition: the home region's. */
export const regionsInOnePartition: Check = (lz) => {
  const home = partitionOf(lz.organization.homeRegion);
  const orgFile = { file: lz.files[0].file, path: '' };
  return lz.organization.allowedRegions.flatMap((region, i) => {
    const partition = partitionOf(region);
    return partition && home && partition !== home
      ? [problemAt(lz, orgFile, ['allowedRegions', i], `region ${region} is in the ${partition} partition, the home region ${lz.organization.homeRegion} in ${home}`, `an organization lives in one partition: allow only ${home} regions`)]
      : [];
  });
};

/** Every VPC is a size AWS accepts and holds its subnet tiers across its Availability Zones. */
export const vpcSubnetsFit: Check = (lz) => lz.accounts.filter((a) => a.vpc).flatMap((a) => vpcProblems(lz, a));

/** Every rule in a rule set is a managed rule the landing zone knows. */
export const configRulesKnown: Check = (lz) => {
  const known = Object.keys(MANAGED_RULES).sort();
  const problems: Problem[] = [];
  const orgFile = { file: lz.files[0].file, path: '' };
  for (const [set, rules] of Object.entries(lz.organization.configRuleSets ?? {})) {
    rules.forEach((rule, i) => {
      if (!Object.hasOwn(MANAGED_RULES, rule)) {
        problems.push(problemAt(lz, orgFile, ['configRuleSets', set, i], `Config rule "${rule}" is not known`, `use one of ${known.join(', ')}`));
      } else if (rules.indexOf(rule) !== i) {
        problems.push(problemAt(lz, orgFile, ['configRuleSets', set, i], `Config rule "${rule}" is listed twice in rule set ${set}`, 'list it once'));
      }
    });
  }
  return problems;
};

/** A segment reaches itself anyway; naming it in its own `reaches` is a mistake worth pointing at. */
export const segmentsReachOthers: Check = (lz) => {
  const problems: Problem[] = [];
  const orgFile = { file: lz.files[0].file, path: '' };
  for (const [name, segment] of Object.entries(lz.organization.network.segments)) {
    (segment.reaches ?? []).forEach((other, i) => {
      if (other === name) {
        problems.push(problemAt(lz, orgFile, ['network', 'segments', name, 'reaches', i], `segment "${name}" lists itself`, 'remove it: VPCs in a segment always reach each other; list only other segments'));
      }
    });
  }
  return problems;
};

export const NETWORK_CHECKS: readonly Check[] = [vpcSubnetsFit, availabilityZonesExist, ouDepthWithinLimit, regionsInOnePartition, configRulesKnown, segmentsReachOthers];
