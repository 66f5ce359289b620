/**
 * Checks of the network and baseline parts of the config: VPCs that AWS would reject or whose
 * subnet tiers do not fit, segments that route to themselves, Config rules nobody knows. They
 * run with the organization-wide checks (ALL_CHECKS), so `lz validate` reports them all at once.
 */
import type { Problem } from '../errors';
import { MANAGED_RULES } from '../baseline/config-rules';
import { formatCidr, parseCidr } from '../net/cidr';
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

export const NETWORK_CHECKS: readonly Check[] = [vpcSubnetsFit, configRulesKnown, segmentsReachOthers];
