/** Shared by the proofs: evaluate a list of (principal, request) pairs and collect what is allowed. */
import type { AccessRequest, ModelPrincipal } from '../evaluate/access';
import { decisionsOf } from '../evaluate/grouping';
import type { PolicyModel } from '../model';
import type { ProofResult } from './proof';

export interface Probe {
  readonly principal: ModelPrincipal;
  readonly request: AccessRequest;
  /** Whether the claim wants this request allowed (a check that the proof is not vacuous). */
  readonly expect?: 'Allow';
}

export function describe(probe: Probe): string {
  const r = probe.request;
  const extra = r.context ? Object.entries(r.context).map(([k, v]) => ` with ${k}=${Array.isArray(v) ? v.join(',') : v}`).join('') : '';
  return `${probe.principal.label} may ${r.action} on ${r.resource} in ${r.region}${extra}`;
}

export function check(model: PolicyModel, id: string, claim: string, probes: readonly Probe[]): ProofResult {
  const counterexamples: string[] = [];
  const decisions = decisionsOf(model);
  for (const probe of probes) {
    const allowed = decisions.decide(probe.principal, probe.request) === 'Allow';
    if (probe.expect === 'Allow' && !allowed) counterexamples.push(`${describe(probe).replace(' may ', ' cannot ')}, but the claim needs it to`);
    if (probe.expect !== 'Allow' && allowed) counterexamples.push(describe(probe));
  }
  return { id, claim, status: probes.length === 0 ? 'vacuous' : counterexamples.length ? 'fails' : 'holds', checked: probes.length, counterexamples };
}
