/**
 * Identity Center assignments declared in organization.yaml, resolved to (group, permission set,
 * account) triples and checked: permission sets, products, environments and accounts must exist
 * (a clear error lists the allowed values); the developer and operator sets carry the permissions
 * boundary, which the management account does not have, so they are refused there. Suspended
 * accounts get no assignment, whatever selects them. Groups live in
 * the directory, not in config: the identity stack looks each up by display name at plan time.
 */
import type { Problem } from '../errors';
import type { LandingZone, Source } from './model';
import { PERMISSION_SET_NAMES } from './schema';
import type { PermissionSetName } from './security-settings';
import type { Check } from './checks';
import type { PathPart } from './yaml-file';

/** As problemAt in ./checks; repeated so that checks.ts can import this file without a cycle. */
function problemAt(lz: LandingZone, source: Source, below: readonly PathPart[], message: string, fix: string): Problem {
  const path: PathPart[] = [...(source.path ? source.path.split('.') : []), ...below];
  const yaml = lz.files.find((f) => f.file === source.file);
  return yaml ? yaml.problem(path, message, fix) : { file: source.file, path: path.join('.'), message, fix };
}

export interface ResolvedAssignment {
  readonly group: string;
  readonly permissionSet: PermissionSetName;
  readonly account: string;
}

/** Permission sets that carry the product permissions boundary. */
export const BOUNDED_PERMISSION_SETS: readonly PermissionSetName[] = ['developer', 'operator'];

export function resolveAssignments(lz: LandingZone): { assignments: ResolvedAssignment[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const out = new Map<string, ResolvedAssignment>();
  // Read only when there is a problem to place: a stack that resolves assignments reads the model, not the files.
  const source = () => ({ file: lz.files[0].file, path: 'identityCenter.assignments' });
  const products = Object.keys(lz.products).sort();
  const accountNames = lz.accounts.map((a) => a.name);
  const management = lz.organization.managementAccount.name;
  const suspended = new Set(lz.accounts.filter((a) => a.state === 'suspended').map((a) => a.name));
  for (const name of Object.keys(lz.organization.identityCenter?.sessionHours ?? {})) {
    if (!(PERMISSION_SET_NAMES as readonly string[]).includes(name)) {
      problems.push(problemAt(lz, { file: lz.files[0].file, path: 'identityCenter.sessionHours' }, [name], `permission set "${name}" is not defined`, `use one of ${PERMISSION_SET_NAMES.join(', ')}`));
    }
  }
  (lz.organization.identityCenter?.assignments ?? []).forEach((a, i) => {
    const at = (field: (string | number)[], message: string, fix: string) => problems.push(problemAt(lz, source(), [i, ...field], message, fix));
    if (!(PERMISSION_SET_NAMES as readonly string[]).includes(a.permissionSet)) {
      at(['permissionSet'], `permission set "${a.permissionSet}" is not defined`, `use one of ${PERMISSION_SET_NAMES.join(', ')}`);
      return;
    }
    if (!a.products && !a.environments && !a.accounts) {
      at([], 'the assignment names no account', 'add products, environments or accounts');
      return;
    }
    const targets = new Set<string>();
    for (const [j, p] of (a.products ?? []).entries()) if (!lz.products[p]) at(['products', j], `product "${p}" is not defined`, `use one of ${products.join(', ')}`);
    const envs = new Set(Object.values(lz.products).flatMap((p) => Object.keys(p.environments)));
    for (const [j, e] of (a.environments ?? []).entries()) if (!envs.has(e)) at(['environments', j], `environment "${e}" is not defined in any product`, `use one of ${[...envs].sort().join(', ')}`);
    if (a.products || a.environments) {
      for (const account of lz.accounts.filter((x) => x.kind === 'product')) {
        if (a.products && !a.products.includes(account.product!)) continue;
        if (a.environments && !a.environments.includes(account.environment!)) continue;
        targets.add(account.name);
      }
    }
    for (const [j, name] of (a.accounts ?? []).entries()) {
      if (!accountNames.includes(name)) at(['accounts', j], `account "${name}" is not defined`, `use one of ${accountNames.join(', ')}`);
      else targets.add(name);
    }
    const set = a.permissionSet as PermissionSetName;
    if (BOUNDED_PERMISSION_SETS.includes(set) && targets.has(management)) {
      at(['permissionSet'], `permission set "${set}" carries the permissions boundary, which the management account ${management} does not have`, 'assign read-only or break-glass there, or leave the management account out');
      targets.delete(management);
    }
    // A suspended account is frozen under deny-all and then closed: nobody signs in to it, so its
    // assignments are removed when it is suspended (Identity Center deletes its roles there through
    // its service-linked role, which SCPs do not restrict), and never made for it.
    for (const account of targets) if (suspended.has(account)) targets.delete(account);
    for (const account of targets) out.set(`${a.group}|${set}|${account}`, { group: a.group, permissionSet: set, account });
  });
  return { assignments: [...out.values()].sort((x, y) => `${x.group}|${x.permissionSet}|${x.account}`.localeCompare(`${y.group}|${y.permissionSet}|${y.account}`)), problems };
}

export const identityAssignmentsResolve: Check = (lz) => resolveAssignments(lz).problems;
