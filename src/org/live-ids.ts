/**
 * The live ids the lock file records, looked up by the stable names the organization stack uses.
 * Where an id is known the resource already exists, so the stack emits a Terraform import block
 * for it (cdktf `importFrom`) instead of planning a create. Terraform documents that import blocks
 * may stay after the import "as a record of the resource's origin": for a resource already in
 * state they change nothing, so emitting them on every synth keeps reruns safe.
 */
import type { LandingZone } from '../config/model';

export interface LiveIds {
  readonly organization?: string;
  ou(path: string): string | undefined;
  account(name: string): string | undefined;
  policy(name: string): string | undefined;
  /** `TARGET_ID:POLICY_ID`, the import id of aws_organizations_policy_attachment, when it is attached live. */
  attachment(policy: string, target: string): string | undefined;
  /** The same two for resource control policies. */
  rcp(name: string): string | undefined;
  rcpAttachment(policy: string, target: string): string | undefined;
}

export function liveIds(lz: LandingZone): LiveIds {
  const lock = lz.lock;
  const targetId = (target: string): string | undefined => {
    if (!lock) return undefined;
    if (target === 'root') return lock.rootId;
    if (target.startsWith('ou:')) return lock.organizationalUnits?.[target.slice(3)];
    if (target.startsWith('account:')) return lock.accounts[target.slice('account:'.length)]?.id;
    return undefined;
  };
  const attachmentId = (p: { id: string; attachedTo: readonly string[] } | undefined, target: string): string | undefined => {
    const t = targetId(target);
    return p && t && p.attachedTo.includes(target) ? `${t}:${p.id}` : undefined;
  };
  return {
    organization: lock?.organizationId,
    ou: (path) => lock?.organizationalUnits?.[path],
    account: (name) => lock?.accounts[name]?.id,
    policy: (name) => lock?.serviceControlPolicies?.[name]?.id,
    attachment: (policy, target) => attachmentId(lock?.serviceControlPolicies?.[policy], target),
    rcp: (name) => lock?.resourceControlPolicies?.[name]?.id,
    rcpAttachment: (policy, target) => attachmentId(lock?.resourceControlPolicies?.[policy], target),
  };
}
