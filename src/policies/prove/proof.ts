/**
 * A guardrail proof: a claim about the organization checked by evaluating every request that
 * could break it. A proof holds when no request is allowed; each allowed one is a counterexample.
 */
import type { PolicyModel } from '../model';

export interface ProofResult {
  readonly id: string;
  readonly claim: string;
  /** `vacuous` when the model has nothing the claim is about (no product keys yet, say). */
  readonly status: 'holds' | 'fails' | 'vacuous';
  /** How many requests were evaluated. */
  readonly checked: number;
  /** `<principal> may <action> on <resource> in <region>`, for each request that breaks the claim. */
  readonly counterexamples: readonly string[];
}

export interface Proof {
  readonly id: string;
  readonly claim: string;
  run(model: PolicyModel): ProofResult;
}
