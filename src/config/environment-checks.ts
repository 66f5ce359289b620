/**
 * Checks of product environments against their templates, pause state and clone source: what one
 * product file cannot check alone because the templates live in organization.yaml.
 */
import type { Problem } from '../errors';
import { DEFAULT_CONFIG_RULE_SET, type LandingZone, type Source } from './model';
import type { Check } from './checks';
import type { PathPart } from './yaml-file';

/** Same as problemAt in ./checks, which imports this file: a runtime import back would make load order matter. */
function problemAt(lz: LandingZone, source: Source, below: readonly PathPart[], message: string, fix: string): Problem {
  const path: PathPart[] = [...(source.path ? source.path.split('.') : []), ...below];
  const yaml = lz.files.find((f) => f.file === source.file);
  return yaml ? yaml.problem(path, message, fix) : { file: source.file, path: path.join('.'), message, fix };
}

const orgFile = (lz: LandingZone) => lz.files[0];

export const templatesExist: Check = (lz) => {
  const templates = lz.organization.environmentTemplates ?? {};
  const names = Object.keys(templates);
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    if (a.kind !== 'product' || !a.template || templates[a.template]) continue;
    problems.push(
      problemAt(lz, a.source, ['template'], `template "${a.template}" does not exist`, names.length ? `use one of ${names.join(', ')}, or add it under environmentTemplates in organization.yaml` : 'define it under environmentTemplates in organization.yaml, or remove template'),
    );
  }
  return problems;
};

export const templatesValid: Check = (lz) => {
  const problems: Problem[] = [];
  const sets = [DEFAULT_CONFIG_RULE_SET, ...Object.keys(lz.organization.configRuleSets ?? {})];
  for (const [name, t] of Object.entries(lz.organization.environmentTemplates ?? {})) {
    const at = ['environmentTemplates', name];
    if (t.configRules && !sets.includes(t.configRules)) {
      problems.push(orgFile(lz).problem([...at, 'configRules'], `rule set "${t.configRules}" does not exist`, `use one of ${sets.join(', ')}, or define it under configRuleSets`));
    }
    if (t.schedule && t.schedule.startAt === t.schedule.stopAt) {
      problems.push(orgFile(lz).problem([...at, 'schedule', 'stopAt'], `stopAt ${t.schedule.stopAt} equals startAt`, 'stop at another time than the start, e.g. startAt 07:00 and stopAt 19:00'));
    }
  }
  return problems;
};

export const environmentsFitTheirTemplate: Check = (lz) => {
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    const prefix = a.template ? lz.organization.environmentTemplates?.[a.template]?.vpc?.prefix : undefined;
    if (!prefix || !a.vpc) continue;
    const actual = Number(a.vpc.cidr.split('/')[1]);
    if (actual !== prefix) {
      problems.push(problemAt(lz, a.source, ['vpc', 'cidr'], `${a.vpc.cidr} is a /${actual}, but template ${a.template} gives its environments a /${prefix}`, `use a free /${prefix} (\`lz env add\` picks one), or another template`));
    }
  }
  return problems;
};

export const productionNeverPaused: Check = (lz) =>
  lz.accounts
    .filter((a) => a.paused && a.segment && lz.organization.network.segments[a.segment]?.production === true)
    .map((a) => problemAt(lz, a.source, ['paused'], `${a.product}/${a.environment} is on the production segment ${a.segment} and cannot be paused`, 'remove paused (production environments always run)'));

export const clonesNameTheirSource: Check = (lz) => {
  const problems: Problem[] = [];
  for (const a of lz.accounts) {
    if (a.kind !== 'product' || !a.clonedFrom) continue;
    const environments = Object.keys(lz.products[a.product!]?.environments ?? {});
    if (a.clonedFrom === a.environment || !environments.includes(a.clonedFrom)) {
      const others = environments.filter((e) => e !== a.environment);
      problems.push(problemAt(lz, a.source, ['clonedFrom'], `"${a.clonedFrom}" is not another environment of ${a.product}`, others.length ? `use one of ${others.join(', ')}, or remove clonedFrom` : 'remove clonedFrom'));
    }
  }
  return problems;
};

export const ENVIRONMENT_CHECKS: readonly Check[] = [templatesExist, templatesValid, environmentsFitTheirTemplate, productionNeverPaused, clonesNameTheirSource];
